"""Score article records with hand-written gold (corpus/<split>/gold/<id>.json): precision, recall, F1 per field.

The gold format (one JSON file per article, described in corpus/README.md) is modelled by
`GoldArticle`; `load_gold` reads and validates a folder of them. `evaluate(records, gold_dir)`
scores every record that has a gold file and returns a `Report`: micro-averaged counts per field,
the same per article, and the ids that could not be scored (a record without gold, a gold file
without record) — reported, never silently dropped.

How things are matched (all names through `normalise.text.fold`: case, accents, apostrophes):

- organisations, people: a predicted entity matches a gold one when its name or one of its aliases
  is the gold name or one of the gold aliases; one-to-one, so a second predicted entity for the
  same gold one is a false positive. `organisations.kind` and `people.roles` are scored on the
  matched pairs only (role: same title, or one title containing the other; same titles are
  paired first).
- dates: only predicted `TimeExpression`s of type `date` (the gold lists no durations, times or
  sets), and the times that are a day's part (« mercredi matin », value 2017-12-13TMO), read at their day as the
  gold lists them; a prediction matches a gold date with the same value whose text contains, or is
  contained in, the predicted span's text. One-to-one, identical texts paired first.
- deadlines: (date, kind); `deadlines.date` ignores the kind.
- deals: predicted deals are aligned to gold deals by party-name overlap first (then same kind,
  then same amount), one-to-one; each slot is then scored over all deals (micro): an aligned pair
  counts TP or FP+FN, an unaligned predicted deal counts FP for each slot it fills, an unaligned
  gold deal FN. `deal.kind` and `deal.status` are always filled; `deal.<role>` is the set of
  (role, name) pairs, a name being its gold entity when the gold knows it by that form (or by a
  form of the predicted party's organisation), else the name folded without a leading article; `deal.amount` and `deal.price_per_share` match when the currency is the same
  and the value within 0.5 %; `deal.stake` within 0.05 point; `deal.reported_by` by name;
  `deal.new_entities` as a set of names.
- span level, for gold written with spans (corpus/ANNOTATING.md; such a file names its `annotator`):
  `organisations.mentions` and `people.mentions` are the sets of (start, end) of every mention, exact
  offsets, whatever entity they are attributed to; `deal.parties.span` pairs each deal party's span with a gold
  party's of the same role in the aligned deal, identical spans first, then overlapping ones (« le groupe
  Veolia » / « Veolia »), an unaligned deal counting all its parties.

`evaluate_corpus(records, corpus_dir)` scores each split of a corpus (`corpus/<split>/gold`) apart.
"""

from __future__ import annotations

import re

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from depeche.calibration import Outcome, reliability_dict
from depeche.evaluate.gold import GoldArticle, _spans, load_gold
from depeche.evaluate.scores import (
    STAKE_TOLERANCE,
    Score,
    _entities,
    _Names,
    _money_match,
    _one_to_one,
    _sets,
    _show,
    _slot,
    _titles_match,
    span_score,
)
from depeche.normalise.text import fold
from depeche.records import ArticleRecord

FIELDS = (
    "organisations",
    "organisations.kind",
    "people",
    "people.roles",
    "dates",
    "deadlines",
    "deadlines.date",
    "deals",
    "deal.kind",
    "deal.status",
    "deal.amount",
    "deal.price_per_share",
    "deal.stake",
    "deal.reported_by",
    "deal.new_entities",
    "organisations.mentions",
    "people.mentions",
    "deal.parties.span",
)


OUTCOME_KINDS = ("organisations", "people", "dates", "deadlines", "deals", "deal.parties", "deal.status", "deal.amount")
SPAN_FIELDS = ("organisations.mentions", "people.mentions", "deal.parties.span")  # scored where the gold has spans


@dataclass
class Report:
    fields: dict[str, Score] = field(default_factory=dict)  # micro-averaged over the scored articles
    articles: dict[str, dict[str, Score]] = field(default_factory=dict)  # per scored article
    errors: dict[str, list[str]] = field(default_factory=dict)  # per scored article: what was missed or spurious
    records_without_gold: list[str] = field(default_factory=list)
    gold_without_record: list[str] = field(default_factory=list)
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)  # per kind of item: each prediction, right or not

    def reliability(self) -> dict[str, dict]:
        """`calibration.reliability_dict` of every kind of item (OUTCOME_KINDS) some confidence was given to."""
        return {
            kind: reliability_dict(items)
            for kind, items in self.outcomes.items()
            if any(o.confidence is not None for o in items)
        }

    def to_dict(self) -> dict:
        return {
            "reliability": self.reliability(),
            "scored_articles": sorted(self.articles),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "articles": {
                aid: {name: score.to_dict() for name, score in scores.items()} for aid, scores in sorted(self.articles.items())
            },
            "errors": {aid: lines for aid, lines in sorted(self.errors.items()) if lines},
            "records_without_gold": self.records_without_gold,
            "gold_without_record": self.gold_without_record,
        }



_PART_OF_DAY = re.compile(r"\d{4}-\d{2}-\d{2}T(?:MO|MI|AF|EV|NI)")


def _as_date(expression):
    """A day's part (« mercredi matin », 2017-12-13TMO) as the date of its day, as the gold lists it."""
    if expression.type == "date":
        return expression
    return expression.model_copy(update={"value": expression.value[:10], "type": "date", "granularity": "day"})

def score_article(
    record: ArticleRecord, gold: GoldArticle, notes: list[str] | None = None, outcomes: dict[str, list[Outcome]] | None = None
) -> dict[str, Score]:
    """Per-field counts for one article; `notes`, when given, receives one line per error (what was
    missed, what was spurious, which slot of which deal was wrong); `outcomes`, when given, one
    `calibration.Outcome` per predicted item of each of OUTCOME_KINDS (right: matched to gold, as scored here)."""
    scores = {name: Score() for name in FIELDS if name not in SPAN_FIELDS}
    notes = [] if notes is None else notes
    outcomes = {} if outcomes is None else outcomes

    def judge(kind: str, items: list, pairs, confidence=lambda x: x.confidence, via=lambda x: x.via) -> None:
        right = {i for i, _ in pairs} if not isinstance(pairs, set) else pairs
        outcomes.setdefault(kind, []).extend(
            Outcome(confidence(x), tuple(via(x)), i in right) for i, x in enumerate(items)
        )

    def unmatched(field: str, preds: list, golds: list, pairs, show) -> None:
        pred_done, gold_done = {i for i, _ in pairs}, {j for _, j in pairs}
        notes.extend(f"{field}: spurious {show(x)}" for i, x in enumerate(preds) if i not in pred_done)
        notes.extend(f"{field}: missed {show(x)}" for j, x in enumerate(golds) if j not in gold_done)
    names = _Names(gold)
    pred_names: dict[str, list[str]] = {}  # record id -> its name and aliases
    for entity in [*record.organisations, *record.people]:
        pred_names[entity.id] = [entity.name, *entity.aliases]

    # organisations and people
    score, pairs = _entities(record.organisations, gold.organisations)
    scores["organisations"] = score
    judge("organisations", record.organisations, pairs)
    unmatched("organisations", record.organisations, gold.organisations, pairs, lambda e: repr(e.name))
    for i, j in pairs:
        same = record.organisations[i].kind == gold.organisations[j].kind
        scores["organisations.kind"].add(tp=int(same), fp=int(not same), fn=int(not same))
        if not same:
            notes.append(
                f"organisations.kind: {record.organisations[i].name!r} is {record.organisations[i].kind}, "
                f"gold {gold.organisations[j].kind}"
            )
    score, pairs = _entities(record.people, gold.people)
    scores["people"] = score
    judge("people", record.people, pairs)
    unmatched("people", record.people, gold.people, pairs, lambda e: repr(e.name))
    for i, j in pairs:
        pred_titles = [role.title for role in record.people[i].roles]
        gold_titles = [role.title for role in gold.people[j].roles]
        matched = _one_to_one(pred_titles, gold_titles, lambda p, g: fold(p) == fold(g), _titles_match)
        scores["people.roles"].add(tp=len(matched), fp=len(pred_titles) - len(matched), fn=len(gold_titles) - len(matched))
        unmatched(f"people.roles of {gold.people[j].name}", pred_titles, gold_titles, matched, repr)

    # span level, for gold written with spans (corpus/ANNOTATING.md: it names its annotator)
    with_spans = gold.annotator is not None or any(True for _ in _spans(gold))
    if with_spans:
        for name, pred_entities, gold_entities in (
            ("organisations.mentions", record.organisations, gold.organisations),
            ("people.mentions", record.people, gold.people),
        ):
            _sets(
                scores.setdefault(name, Score()),
                {(m.start, m.end) for e in pred_entities for m in e.mentions},
                {(m.start, m.end) for e in gold_entities for m in e.mentions},
            )

    # dates and deadlines
    pred_dates = [_as_date(d) for d in record.dates if d.type == "date" or _PART_OF_DAY.fullmatch(d.value)]

    def date_match(pred, gold) -> bool:
        p, g = fold(pred.span.text), fold(gold.text)
        return pred.value == gold.value and (g in p or p in g)

    def same_date(pred, gold) -> bool:
        return pred.value == gold.value and fold(pred.span.text) == fold(gold.text)

    matched = _one_to_one(pred_dates, gold.dates, same_date, date_match)
    scores["dates"].add(tp=len(matched), fp=len(pred_dates) - len(matched), fn=len(gold.dates) - len(matched))
    judge("dates", pred_dates, matched)
    unmatched("dates", [(d.span.text, d.value) for d in pred_dates], [(d.text, d.value) for d in gold.dates], matched,
              lambda d: f"{d[0]!r} = {d[1]}")
    for name, key in (("deadlines", lambda d: (d.date, d.kind)), ("deadlines.date", lambda d: d.date)):
        preds = [key(d) for d in record.deadlines]
        golds = [key(d) for d in gold.deadlines]
        matched = _one_to_one(preds, golds, lambda p, g: p == g)
        scores[name].add(tp=len(matched), fp=len(preds) - len(matched), fn=len(golds) - len(matched))
        if name == "deadlines":
            judge("deadlines", record.deadlines, matched)
            unmatched(name, [(d.span.text, d.date, d.kind) for d in record.deadlines],
                      [(d.text, d.date, d.kind) for d in gold.deadlines],
                      matched, lambda d: f"{d[0]!r} = {d[1]} ({d[2]})")

    # deals
    def pred_parties(deal) -> set[tuple[str, str]]:
        return {
            (p.role, names.canonical(p.name, *pred_names.get(p.ref or "", []))) for p in deal.parties
        }

    def gold_parties(deal) -> set[tuple[str, str]]:
        return {(p.role, names.canonical(p.name)) for p in deal.parties}

    preds = [(deal, pred_parties(deal)) for deal in record.deals]
    golds = [(deal, gold_parties(deal)) for deal in gold.deals]
    candidates = []
    for i, (pdeal, pparties) in enumerate(preds):
        for j, (gdeal, gparties) in enumerate(golds):
            overlap = len({n for _, n in pparties} & {n for _, n in gparties})
            same_amount = (
                pdeal.amount is not None and gdeal.amount is not None and _money_match(pdeal.amount, gdeal.amount)
            )
            if overlap or same_amount:
                candidates.append((-overlap, -int(pdeal.kind == gdeal.kind), -int(same_amount), i, j))
    aligned: dict[int, int] = {}
    for *_, i, j in sorted(candidates):
        if i not in aligned and j not in aligned.values():
            aligned[i] = j
    scores["deals"].add(tp=len(aligned), fp=len(preds) - len(aligned), fn=len(golds) - len(aligned))
    judge("deals", record.deals, set(aligned))
    for i, deal in enumerate(record.deals):
        gold_deal = golds[aligned[i]] if i in aligned else None
        right = gold_deal[1] if gold_deal else set()
        judge("deal.parties", deal.parties,
              {k for k, p in enumerate(deal.parties) if (p.role, names.canonical(p.name, *pred_names.get(p.ref or "", []))) in right})
        judge("deal.status", [deal], {0} if gold_deal and gold_deal[0].status == deal.status else set(),
              lambda d: d.status_confidence, lambda d: d.status_via)
        if deal.amount is not None:
            good = gold_deal is not None and gold_deal[0].amount is not None and _money_match(deal.amount, gold_deal[0].amount)
            judge("deal.amount", [deal.amount], {0} if good else set())

    def describe(deal, parties) -> str:
        return f"{deal.kind} {deal.status} [{_show(parties)}]"

    def slots(pdeal, pparties, gdeal, gparties) -> None:
        """Score every slot of one pair; either side may be None (an unaligned deal)."""
        if pdeal is None:
            notes.append(f"deals: missed {describe(gdeal, gparties)}")
        elif gdeal is None:
            notes.append(f"deals: spurious {describe(pdeal, pparties)}")
        wrong: list[tuple[str, object, object]] = []

        def check(slot: str, pred, gold_value, same=None, sets: bool = False) -> None:
            score = scores.setdefault(f"deal.{slot}", Score())
            bad = _sets(score, pred, gold_value) if sets else _slot(score, pred, gold_value, same)
            if bad:
                wrong.append((slot, pred, gold_value))

        for slot in ("kind", "status"):
            check(slot, getattr(pdeal, slot, None), getattr(gdeal, slot, None), lambda a, b: a == b)
        for slot in ("amount", "price_per_share"):
            check(slot, getattr(pdeal, slot, None), getattr(gdeal, slot, None), _money_match)
        check(
            "stake", getattr(pdeal, "stake", None), getattr(gdeal, "stake", None),
            lambda a, b: abs(a.percent - b.percent) <= STAKE_TOLERANCE,
        )
        pred_source = None
        if pdeal is not None and pdeal.reported_by is not None:
            pred_source = names.canonical(pdeal.reported_by.name, *pred_names.get(pdeal.reported_by.ref or "", []))
        gold_source = names.canonical(gdeal.reported_by) if gdeal is not None and gdeal.reported_by else None
        check("reported_by", pred_source, gold_source, lambda a, b: a == b)
        check(
            "new_entities",
            {fold(e.name) for e in pdeal.new_entities} if pdeal is not None else set(),
            {fold(e) for e in gdeal.new_entities} if gdeal is not None else set(),
            sets=True,
        )
        for role in sorted({r for r, _ in (pparties or set()) | (gparties or set())}):
            check(
                role,
                {x for x in pparties or set() if x[0] == role},
                {x for x in gparties or set() if x[0] == role},
                sets=True,
            )
        if pdeal is not None and gdeal is not None:
            notes.extend(
                f"deal.{slot}: {_show(p)}, gold {_show(g)} (in {describe(gdeal, gparties)})" for slot, p, g in wrong
            )

    for i, (pdeal, pparties) in enumerate(preds):
        if i in aligned:
            gdeal, gparties = golds[aligned[i]]
            slots(pdeal, pparties, gdeal, gparties)
        else:
            slots(pdeal, pparties, None, None)
    for j, (gdeal, gparties) in enumerate(golds):
        if j not in aligned.values():
            slots(None, None, gdeal, gparties)
    if with_spans:  # each party's span in the article, role by role, over aligned deals (an unaligned one counts whole)
        party_spans = scores.setdefault("deal.parties.span", Score())
        pred_of = lambda deal: [(p.role, p.span.start, p.span.end) for p in deal.parties]  # noqa: E731
        gold_of = lambda deal: [(p.role, p.span.start, p.span.end) for p in deal.parties if p.span is not None]  # noqa: E731
        for i, (pdeal, _) in enumerate(preds):
            span_score(party_spans, pred_of(pdeal), gold_of(golds[aligned[i]][0]) if i in aligned else [])
        for j, (gdeal, _) in enumerate(golds):
            if j not in aligned.values():
                span_score(party_spans, [], gold_of(gdeal))
    return scores


def _role_order(name: str) -> tuple[int, str]:
    return (FIELDS.index(name), "") if name in FIELDS else (len(FIELDS), name)


def evaluate(records: Iterable[ArticleRecord] | str | Path, gold_dir: str | Path) -> Report:
    """Score `records` (ArticleRecords, or a records file) against the gold files of `gold_dir`."""
    if isinstance(records, (str, Path)):
        from depeche.io.writers import read_records

        records = read_records(records)
    gold = load_gold(gold_dir)
    report = Report()
    seen: set[str] = set()
    totals: dict[str, Score] = {name: Score() for name in FIELDS if name not in SPAN_FIELDS}
    for record in records:
        aid = record.article.id
        if aid not in gold:
            report.records_without_gold.append(aid)
            continue
        if aid in seen:  # a second record for the same article would be scored twice
            report.records_without_gold.append(f"{aid} (duplicate record)")
            continue
        seen.add(aid)
        notes: list[str] = []
        scores = score_article(record, gold[aid], notes, report.outcomes)
        report.articles[aid] = scores
        report.errors[aid] = notes
        for name, score in scores.items():
            totals.setdefault(name, Score())
            totals[name] += score
    report.gold_without_record = sorted(set(gold) - seen)
    report.fields = {name: totals[name] for name in sorted(totals, key=_role_order)}
    return report


SPLITS = ("dev", "test")


class MismatchError(Exception):
    """Records and gold that do not match up (a gold article without record, a record no gold knows)."""


def evaluate_corpus(
    records: Iterable[ArticleRecord] | str | Path, corpus_dir: str | Path, splits: Iterable[str] = SPLITS
) -> dict[str, Report]:
    """One Report per split of `corpus_dir` (gold in `corpus_dir/<split>/gold`). Every gold article of the asked
    splits must have a record, and every record must be an article of some split: else MismatchError, naming
    the first few ids (a run on the wrong folder must not pass for a score)."""
    if isinstance(records, (str, Path)):
        from depeche.io.writers import read_records

        records = list(read_records(records))
    else:
        records = list(records)
    folder = Path(corpus_dir)
    splits = list(splits)
    known = {split: set(load_gold(folder / split / "gold")) for split in SPLITS if (folder / split / "gold").is_dir()}
    unknown = sorted({r.article.id for r in records} - set().union(*known.values()))
    if unknown:
        raise MismatchError(f"{len(unknown)} records have no gold in {folder}: {', '.join(unknown[:5])}")
    reports = {}
    for split in splits:
        if split not in known:
            raise MismatchError(f"{folder / split / 'gold'}: no such folder")
        report = evaluate([r for r in records if r.article.id in known[split]], folder / split / "gold")
        if report.gold_without_record:
            missing = report.gold_without_record
            raise MismatchError(f"{len(missing)} {split} gold articles have no record: {', '.join(missing[:5])}")
        reports[split] = report
    return reports
