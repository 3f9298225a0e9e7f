"""Score deal records of the sentence bank (corpus/sentences/<split>.jsonl): one record per sentence.

The records come from `depeche extract corpus/sentences/<split>.jsonl` (each line is an article whose id is
the sentence's id). Measured, micro-averaged over the sentences of a split:

- `deal.detection`: a sentence is predicted a deal sentence when its record has at least one deal, gold when
  `deal` is true (qualified deals — negated, denied, hypothetical — are deal sentences too: the qualifiers say
  how to read them). `false_deal_rate` is the share of non-deal sentences given a deal.
- `party.<role>`: every party span of every predicted deal of the sentence against every gold party span, by
  role, one-to-one, identical spans first then overlapping ones; a non-deal sentence's parties are all false.
- `deal.amount`, `deal.stake`: the (value, currency) / percent of every deal, one-to-one, within 0.5 % / 0.05
  point.
- accuracies on the gold deals aligned with a predicted deal (most party spans in common, then the trigger,
  then the only one of each): `kind`, `status`, `qualifiers` (the same set; a record without qualifiers has
  none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from depeche.calibration import Outcome, reliability_dict
from depeche.evaluate.gold import GoldError, GoldSentence
from depeche.evaluate.scores import STAKE_TOLERANCE, Score, _money_match, _one_to_one, _spans_overlap, span_score
from depeche.records import ArticleRecord, PartyRole

ROLES = PartyRole.__args__
ACCURACIES = ("kind", "status", "qualifiers")


def load_sentences(path: str | Path) -> list[GoldSentence]:
    """The validated lines of a sentence-bank file."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: no such sentence file")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(GoldSentence.model_validate_json(line))
            except ValueError as err:
                raise GoldError(f"{path}:{number}: {err}") from err
    return out


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class SentenceReport:
    sentences: int = 0
    non_deals: int = 0
    false_deals: int = 0  # non-deal sentences given a deal
    fields: dict[str, Score] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)  # deals, deal.parties, deal.status: right or not

    def reliability(self) -> dict[str, dict]:
        return {k: reliability_dict(v) for k, v in self.outcomes.items() if any(o.confidence is not None for o in v)}

    @property
    def false_deal_rate(self) -> float | None:
        return self.false_deals / self.non_deals if self.non_deals else None

    def to_dict(self) -> dict:
        return {
            "sentences": self.sentences,
            "non_deals": self.non_deals,
            "false_deals": self.false_deals,
            "false_deal_rate": self.false_deal_rate,
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "accuracy": {name: {"right": a.right, "total": a.total, "value": a.value} for name, a in self.accuracy.items()},
            "errors": {sid: lines for sid, lines in sorted(self.errors.items()) if lines},
            "reliability": self.reliability(),
        }


def _align(record: ArticleRecord, sentence: GoldSentence) -> list[tuple[int, int]]:
    """(predicted deal index, gold deal index) pairs."""

    def spans(deal) -> list[tuple[str, int, int]]:
        return [("", p.span.start, p.span.end) for p in deal.parties if p.span is not None]

    def shared_parties(pred, gold) -> bool:
        return any(_spans_overlap(a, b) for a in spans(pred) for b in spans(gold))

    def same_trigger(pred, gold) -> bool:
        return pred.trigger is not None and _spans_overlap(
            ("", pred.trigger.start, pred.trigger.end), ("", gold.trigger.start, gold.trigger.end)
        )

    def only_ones(pred, gold) -> bool:
        return len(record.deals) == 1 and len(sentence.deals) == 1

    return _one_to_one(record.deals, sentence.deals, shared_parties, same_trigger, only_ones)


def score_sentence(record: ArticleRecord, sentence: GoldSentence, report: SentenceReport) -> None:
    notes = report.errors.setdefault(sentence.id, [])
    fields = report.fields
    predicted = bool(record.deals)
    detection = fields.setdefault("deal.detection", Score())
    detection.add(tp=int(predicted and sentence.deal), fp=int(predicted and not sentence.deal), fn=int(sentence.deal and not predicted))
    report.sentences += 1
    if not sentence.deal:
        report.non_deals += 1
        report.false_deals += int(predicted)
    if predicted != sentence.deal:
        notes.append(f"deal: predicted {predicted}, gold {sentence.deal} ({sentence.word})")
    aligned = _align(record, sentence)
    aligned_preds = {i: j for i, j in aligned}
    for i, deal in enumerate(record.deals):
        gold = sentence.deals[aligned_preds[i]] if i in aligned_preds else None
        report.outcomes.setdefault("deals", []).append(Outcome(deal.confidence, tuple(deal.via), gold is not None))
        report.outcomes.setdefault("deal.status", []).append(
            Outcome(deal.status_confidence, tuple(deal.status_via), gold is not None and gold.status == deal.status)
        )
    for role in ROLES:
        parties = [p for d in record.deals for p in d.parties if p.role == role]
        preds = [(p.role, p.span.start, p.span.end) for p in parties]
        golds = [(p.role, p.span.start, p.span.end) for d in sentence.deals for p in d.parties if p.role == role and p.span]
        if preds or golds or role in ("buyer", "seller", "target"):
            pairs = span_score(fields.setdefault(f"party.{role}", Score()), preds, golds)
            done_p, done_g = {i for i, _ in pairs}, {j for _, j in pairs}
            report.outcomes.setdefault("deal.parties", []).extend(
                Outcome(p.confidence, tuple(p.via), k in done_p) for k, p in enumerate(parties)
            )
            text = sentence.text
            notes.extend(f"party.{role}: spurious {text[s:e]!r}" for i, (_, s, e) in enumerate(preds) if i not in done_p)
            notes.extend(f"party.{role}: missed {text[s:e]!r}" for j, (_, s, e) in enumerate(golds) if j not in done_g)
    amounts = [d.amount for d in record.deals if d.amount is not None], [d.amount for d in sentence.deals if d.amount]
    pairs = _one_to_one(*amounts, _money_match)
    fields.setdefault("deal.amount", Score()).add(tp=len(pairs), fp=len(amounts[0]) - len(pairs), fn=len(amounts[1]) - len(pairs))
    stakes = [d.stake for d in record.deals if d.stake is not None], [d.stake for d in sentence.deals if d.stake]
    pairs = _one_to_one(*stakes, lambda p, g: abs(p.percent - g.percent) <= STAKE_TOLERANCE)
    fields.setdefault("deal.stake", Score()).add(tp=len(pairs), fp=len(stakes[0]) - len(pairs), fn=len(stakes[1]) - len(pairs))
    for i, j in aligned:
        pred, gold = record.deals[i], sentence.deals[j]
        for name, p, g in (
            ("kind", pred.kind, gold.kind),
            ("status", pred.status, gold.status),
            ("qualifiers", set(getattr(pred, "qualifiers", None) or ()), set(gold.qualifiers)),
        ):
            accuracy = report.accuracy.setdefault(name, Accuracy())
            accuracy.total += 1
            accuracy.right += int(p == g)
            if p != g:
                notes.append(f"deal.{name}: {p}, gold {g}")


def evaluate_sentences(records: Iterable[ArticleRecord] | str | Path, sentences: list[GoldSentence]) -> SentenceReport:
    """Score the records of a sentence-bank file; every sentence must have exactly one record (MismatchError)."""
    from depeche.evaluate.articles import MismatchError

    if isinstance(records, (str, Path)):
        from depeche.io.writers import read_records

        records = read_records(records)
    by_id = {}
    for record in records:
        by_id.setdefault(record.article.id, record)
    missing = [s.id for s in sentences if s.id not in by_id]
    if missing:
        raise MismatchError(f"{len(missing)} sentences have no record: {', '.join(missing[:5])}")
    report = SentenceReport(accuracy={name: Accuracy() for name in ACCURACIES})
    for sentence in sentences:
        score_sentence(by_id[sentence.id], sentence, report)
    return report
