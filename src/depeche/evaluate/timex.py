"""The time-expression set (corpus/timex/<split>.jsonl, issue 15): real sentences holding periods, past spans,
durations, future events and real deadlines, and the scorer of deadline records against it.

The records come from `depeche extract corpus/timex/<split>.jsonl` (each line is an article whose id is the
sentence's id, its text the sentence, its date the article's), as for the sentence bank. Measured over the
sentences of a split:

- `false_deadline_rate`: the share of the sentences without a deadline (no gold deadline, no unresolved one) whose
  record has at least one deadline; `false_by_sense` counts those spurious deadlines by the sense of the gold time
  expression their span overlaps (`period`, `past`, `duration`, …; `none` when it overlaps none).
- `deadlines`: every predicted deadline against every gold deadline on (date, kind), one-to-one;
  `deadlines.date` on the date alone; `deadline.sentence`: a sentence predicted a deadline sentence when its record
  has one, gold when it has a gold deadline.
- A sentence whose deadline the text does not let a reader resolve (a `timex` of sense `deadline` with no gold
  deadline: « au plus tard 45 jours après une arrestation ») is counted apart (`unresolved`) and not scored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import field_validator

from depeche.evaluate.gold import GoldError, GoldSpan, Qualifier, _check_value, _Gold
from depeche.evaluate.scores import Score, _one_to_one, _spans_overlap
from depeche.records import ArticleRecord, DeadlineKind

TimexSense = Literal["past", "period", "duration", "present", "future event", "horizon", "vague", "set", "time", "deadline"]
SENSES: tuple[str, ...] = TimexSense.__args__


class GoldTimex(_Gold):
    """A time expression of the sentence and what it means there: `past` (a past date), `period` (a stretch of
    time: « ces dix dernières années », « depuis 2015 », « quinquennat »), `duration` (« pendant trois mois »),
    `present`, `future event` (a scheduled or plain future date: « le match aura lieu samedi »), `horizon` (an
    aim, a plan, a forecast: « objectif … d'ici 2030 »), `vague` (« d'ici là »), `set`, `time` (of day), `deadline`."""

    span: GoldSpan
    sense: TimexSense


class GoldTimexDeadline(_Gold):
    """A real deadline of the sentence (corpus/ANNOTATING.md's conventions); spans are offsets into the sentence."""

    date: str
    kind: DeadlineKind
    span: GoldSpan  # the date expression
    trigger: GoldSpan | None = None  # « jusqu'au », « au plus tard », « date butoir »
    qualifiers: list[Qualifier] = []

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return _check_value(value)


class GoldTimexSentence(_Gold):
    """One line of corpus/timex/{dev,test}.jsonl."""

    id: str  # <article id>@<start>
    article: str  # the dump article it comes from
    published: dt.date
    start: int  # offsets of the sentence in the dump article's `text`, as in the sentence bank
    end: int
    picked_as: str  # the group it was drawn for (benchmarks/build_timex_set.py)
    text: str
    deadlines: list[GoldTimexDeadline] = []
    timex: list[GoldTimex] = []
    annotator: str | None = None
    checked: str | None = None

    @property
    def unresolved(self) -> bool:
        """A deadline the reader sees but cannot date (no gold deadline, a `deadline` timex)."""
        return not self.deadlines and any(t.sense == "deadline" for t in self.timex)


def load_timex(path: str | Path) -> list[GoldTimexSentence]:
    """The validated lines of a time-expression set file."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: no such time-expression file")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(GoldTimexSentence.model_validate_json(line))
            except ValueError as err:
                raise GoldError(f"{path}:{number}: {err}") from err
    return out


@dataclass
class TimexReport:
    sentences: int = 0
    deadline_sentences: int = 0  # with at least one gold deadline
    non_deadlines: int = 0  # neither a gold deadline nor an unresolved one
    unresolved: int = 0
    false_deadlines: int = 0  # non-deadline sentences given a deadline
    false_by_sense: Counter = field(default_factory=Counter)  # spurious deadlines of non-deadline sentences
    false_by_group: Counter = field(default_factory=Counter)  # non-deadline sentences given one, by picked_as
    fields: dict[str, Score] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def false_deadline_rate(self) -> float | None:
        return self.false_deadlines / self.non_deadlines if self.non_deadlines else None

    def to_dict(self) -> dict:
        return {
            "sentences": self.sentences,
            "deadline_sentences": self.deadline_sentences,
            "non_deadlines": self.non_deadlines,
            "unresolved": self.unresolved,
            "false_deadlines": self.false_deadlines,
            "false_deadline_rate": self.false_deadline_rate,
            "false_by_sense": dict(sorted(self.false_by_sense.items())),
            "false_by_group": dict(sorted(self.false_by_group.items())),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "errors": {sid: lines for sid, lines in sorted(self.errors.items()) if lines},
        }


def _sense_at(sentence: GoldTimexSentence, start: int, end: int) -> str:
    for timex in sentence.timex:
        if _spans_overlap(("", start, end), ("", timex.span.start, timex.span.end)):
            return timex.sense
    return "none"


def score_timex_sentence(record: ArticleRecord, sentence: GoldTimexSentence, report: TimexReport) -> None:
    notes = report.errors.setdefault(sentence.id, [])
    report.sentences += 1
    if sentence.unresolved:
        report.unresolved += 1
        return
    predicted, gold = record.deadlines, sentence.deadlines
    report.deadline_sentences += int(bool(gold))
    detection = report.fields.setdefault("deadline.sentence", Score())
    detection.add(tp=int(bool(predicted) and bool(gold)), fp=int(bool(predicted) and not gold), fn=int(bool(gold) and not predicted))
    if not gold:
        report.non_deadlines += 1
        if predicted:
            report.false_deadlines += 1
            report.false_by_group[sentence.picked_as] += 1
            for deadline in predicted:
                report.false_by_sense[_sense_at(sentence, deadline.span.start, deadline.span.end)] += 1
    for name, key in (("deadlines", lambda d: (d.date, d.kind)), ("deadlines.date", lambda d: d.date)):
        pairs = _one_to_one([key(d) for d in predicted], [key(d) for d in gold], lambda p, g: p == g)
        report.fields.setdefault(name, Score()).add(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(gold) - len(pairs))
        if name == "deadlines":
            done_p, done_g = {i for i, _ in pairs}, {j for _, j in pairs}
            notes.extend(
                f"deadline: spurious {d.span.text!r} {d.date} {d.kind} (over a {_sense_at(sentence, d.span.start, d.span.end)} timex)"
                for i, d in enumerate(predicted) if i not in done_p
            )
            notes.extend(f"deadline: missed {d.span.text!r} {d.date} {d.kind}" for j, d in enumerate(gold) if j not in done_g)


def evaluate_timex(records: Iterable[ArticleRecord] | str | Path, sentences: list[GoldTimexSentence]) -> TimexReport:
    """Score the records of a time-expression set file; every sentence must have exactly one record (MismatchError)."""
    from depeche.evaluate.articles import MismatchError

    if isinstance(records, (str, Path)):
        from depeche.io.writers import read_records

        records = read_records(records)
    by_id: dict[str, ArticleRecord] = {}
    for record in records:
        by_id.setdefault(record.article.id, record)
    missing = [s.id for s in sentences if s.id not in by_id]
    if missing:
        raise MismatchError(f"{len(missing)} sentences have no record: {', '.join(missing[:5])}")
    report = TimexReport(fields={name: Score() for name in ("deadlines", "deadlines.date", "deadline.sentence")})
    for sentence in sentences:
        score_timex_sentence(by_id[sentence.id], sentence, report)
    return report


def timex_reports(extractor, timex_dir: str | Path, splits=("test", "dev")) -> dict[str, TimexReport]:
    """Extract every sentence of `timex_dir/<split>.jsonl` as an article of its own and score it."""
    from depeche.records import Article

    reports = {}
    for split in splits:
        gold = load_timex(Path(timex_dir) / f"{split}.jsonl")
        articles = [Article(id=s.id, text=s.text, published=s.published) for s in gold]
        reports[split] = evaluate_timex(list(extractor.extract_many(articles)), gold)
    return reports


def timex_table(reports: dict[str, TimexReport]) -> str:
    """The splits side by side, as Markdown: deadline P/R/F1, the false-deadline rate, false deadlines by sense."""
    from depeche.evaluate.tables import markdown, pct

    sizes = ", ".join(
        f"{split} {r.sentences} sentences ({r.deadline_sentences} with deadlines, {r.non_deadlines} without, {r.unresolved} unresolved)"
        for split, r in reports.items()
    )
    header = ["measure"] + [f"{split} {m}" for split in reports for m in ("P %", "R %", "F1 %", "n")]
    rows = []
    for name in ("deadlines", "deadlines.date", "deadline.sentence"):
        row = [name]
        for report in reports.values():
            s = report.fields[name]
            row += [pct(s.precision), pct(s.recall), pct(s.f1), str(s.tp + s.fn)]
        rows.append(row)
    row = ["false deadlines on non-deadline sentences"]
    for report in reports.values():
        row += ["", "", pct(report.false_deadline_rate), str(report.non_deadlines)]
    rows.append(row)
    senses = sorted({s for r in reports.values() for s in r.false_by_sense}, key=lambda s: (SENSES + ("none",)).index(s))
    for sense in senses:
        row = [f"false deadlines over a {sense} timex"]
        for report in reports.values():
            row += ["", "", "", str(report.false_by_sense[sense])]
        rows.append(row)
    return f"depeche evaluate, time-expression set: {sizes}\n\n{markdown(header, rows)}"
