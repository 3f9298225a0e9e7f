"""Compare records with hand-written gold (corpus/gold/<id>.json): precision, recall, F1 per field.

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
  sets); a prediction matches a gold date with the same value whose text contains, or is
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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from depeche.normalise.text import fold
from depeche.records import (
    ArticleRecord,
    DealKind,
    DealStatus,
    DeadlineKind,
    OrganisationKind,
    PartyRole,
)

AMOUNT_TOLERANCE = 0.005  # relative
DEV_SHARE = 60  # per cent of the documents in the dev split


def split_of(doc_id: str) -> str:
    """"dev" or "test" for a document id: a stable hash (sha256) of the id, about 60/40. Every annotated set is
    split by document with it, so an article and the sentences drawn from it are always in the same split."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "test"

STAKE_TOLERANCE = 0.05  # percentage points

# --- the gold format ----------------------------------------------------------------


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSpan(_Gold):
    """Characters of the text the gold is about (the article's, or the sentence's in the sentence bank):
    `text == source[start:end]`, end exclusive. Checked by `span_problems`."""

    start: int
    end: int
    text: str


class GoldOrganisation(_Gold):
    name: str
    aliases: list[str] = []
    kind: OrganisationKind
    mentions: list[GoldSpan] = []  # every place the text names it (name, alias, acronym)


class GoldRole(_Gold):
    title: str
    organisation: str | None = None  # a gold organisation's name
    span: GoldSpan | None = None  # the title as written


class GoldPerson(_Gold):
    name: str
    aliases: list[str] = []
    roles: list[GoldRole] = []
    mentions: list[GoldSpan] = []


_DATE_VALUE = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI|W\d{2})(-\d{2})?)?$")


def _check_value(value: str) -> str:
    if not _DATE_VALUE.match(value):
        raise ValueError(f"not an ISO/TimeML date value: {value!r}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        dt.date.fromisoformat(value)
    elif re.fullmatch(r"\d{4}-\d{2}", value) and not 1 <= int(value[5:]) <= 12:
        raise ValueError(f"no month {value[5:]} in {value!r}")
    return value


class GoldDate(_Gold):
    text: str
    value: str
    span: GoldSpan | None = None

    @field_validator("value")
    @classmethod
    def _value(cls, value: str) -> str:
        return _check_value(value)


Qualifier = Literal["negated", "denied", "hypothetical", "rumoured", "reported"]


class GoldDeadline(_Gold):
    date: str
    text: str
    kind: DeadlineKind
    parties: list[str] = []
    span: GoldSpan | None = None  # the date expression
    trigger: GoldSpan | None = None  # « date butoir », « a jusqu'au », « ultimatum »
    qualifiers: list[Qualifier] = []

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return _check_value(value)


class GoldParty(_Gold):
    role: PartyRole
    name: str
    span: GoldSpan | None = None  # the mention of the party where the deal is told (its trigger's sentence)


class GoldMoney(_Gold):
    value: float
    currency: str
    span: GoldSpan | None = None

    @field_validator("currency")
    @classmethod
    def _iso(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"not an ISO 4217 code: {value!r}")
        return value


class GoldStake(_Gold):
    percent: float
    span: GoldSpan | None = None


class GoldDeal(_Gold):
    kind: DealKind
    status: DealStatus
    parties: list[GoldParty] = []
    amount: GoldMoney | None = None
    price_per_share: GoldMoney | None = None
    stake: GoldStake | None = None
    reported_by: str | None = None
    new_entities: list[str] = []
    trigger: GoldSpan | None = None  # the word(s) that say there is a transaction, where it is first told
    qualifiers: list[Qualifier] = []


class GoldArticle(_Gold):
    id: str
    organisations: list[GoldOrganisation] = []
    people: list[GoldPerson] = []
    dates: list[GoldDate] = []
    deadlines: list[GoldDeadline] = []
    deals: list[GoldDeal] = []
    annotator: str | None = None  # who wrote the gold (first pass, by reading the text)
    checked: str | None = None  # the second pass against the text: by whom, and what it changed


class GoldSource(_Gold):
    name: str
    span: GoldSpan | None = None


class GoldSentenceDeal(_Gold):
    """A transaction one sentence of the bank reports; spans are offsets into the sentence."""

    kind: DealKind
    status: DealStatus
    trigger: GoldSpan
    parties: list[GoldParty] = []
    amount: GoldMoney | None = None
    stake: GoldStake | None = None
    qualifiers: list[Qualifier] = []
    reported_by: GoldSource | None = None


class GoldSentence(_Gold):
    """One line of corpus/sentences/{dev,test}.jsonl: a real sentence holding a transaction word, deal or not."""

    id: str  # <article id>@<start>
    article: str  # the dump article it comes from
    published: dt.date
    start: int  # offsets of the sentence in the dump article's text
    end: int
    word: str  # the transaction word it was picked for
    text: str
    deal: bool  # does it report a corporate transaction (any status, qualifiers included)?
    deals: list[GoldSentenceDeal] = []
    sense: str | None = None  # for a non-deal: what the word means here (« achat de drogue », « verbe de parole »)
    annotator: str | None = None
    checked: str | None = None


def _spans(value) -> Iterable[GoldSpan]:
    """Every GoldSpan inside a gold value (model, list), depth first."""
    if isinstance(value, GoldSpan):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _spans(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


def span_problems(gold: BaseModel, text: str) -> list[str]:
    """One line per span of `gold` that is not `text[start:end]` (or lies outside it)."""
    problems = []
    for span in _spans(gold):
        if not 0 <= span.start <= span.end <= len(text):
            problems.append(f"span [{span.start}, {span.end}) {span.text!r} outside a text of {len(text)} characters")
        elif text[span.start:span.end] != span.text:
            problems.append(f"span [{span.start}, {span.end}) is {text[span.start:span.end]!r}, not {span.text!r}")
    return problems


class GoldError(Exception):
    """A gold folder or file that cannot be read."""


def load_gold(gold_dir: str | Path) -> dict[str, GoldArticle]:
    """Every `<id>.json` of `gold_dir`, validated, by article id."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(f"{folder} is not a folder")
    gold: dict[str, GoldArticle] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            article = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise GoldError(f"{path}: {err}") from err
        if article.id != path.stem:
            raise GoldError(f"{path}: id {article.id!r} is not the file name")
        gold[article.id] = article
    return gold


# --- scores -------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def __iadd__(self, other: Score) -> Score:
        self.add(other.tp, other.fp, other.fn)
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall, "f1": self.f1}


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
)


@dataclass
class Report:
    fields: dict[str, Score] = field(default_factory=dict)  # micro-averaged over the scored articles
    articles: dict[str, dict[str, Score]] = field(default_factory=dict)  # per scored article
    errors: dict[str, list[str]] = field(default_factory=dict)  # per scored article: what was missed or spurious
    records_without_gold: list[str] = field(default_factory=list)
    gold_without_record: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "scored_articles": sorted(self.articles),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "articles": {
                aid: {name: score.to_dict() for name, score in scores.items()} for aid, scores in sorted(self.articles.items())
            },
            "errors": {aid: lines for aid, lines in sorted(self.errors.items()) if lines},
            "records_without_gold": self.records_without_gold,
            "gold_without_record": self.gold_without_record,
        }


# --- matching -----------------------------------------------------------------------


_DETERMINER = re.compile(r"^(?:le |la |les |l')")


def _key(name: str) -> str:
    """A name folded, without a leading article: « le royaume de Bahreïn » -> « royaume de bahrein »."""
    return _DETERMINER.sub("", fold(name))


class _Names:
    """Folded surface forms of the gold entities -> the gold name's key (deal parties and sources)."""

    def __init__(self, gold: GoldArticle):
        self.key: dict[str, str] = {}
        for entity in [*gold.organisations, *gold.people]:
            canonical = _key(entity.name)
            for form in [entity.name, *entity.aliases]:
                self.key.setdefault(_key(form), canonical)

    def canonical(self, *forms: str) -> str:
        """The gold key of the first form a gold entity is known by, else the first form's key."""
        for form in forms:
            key = self.key.get(_key(form))
            if key:
                return key
        return _key(forms[0]) if forms else ""


def _one_to_one(preds: list, golds: list, *matchers) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (pred index, gold index): with each matcher in turn (strictest first), each
    prediction not yet paired takes the first gold item not yet paired that it matches."""
    pred_used: set[int] = set()
    gold_used: set[int] = set()
    pairs = []
    for matches in matchers:
        for i, pred in enumerate(preds):
            if i in pred_used:
                continue
            for j, gold in enumerate(golds):
                if j not in gold_used and matches(pred, gold):
                    pred_used.add(i)
                    gold_used.add(j)
                    pairs.append((i, j))
                    break
    return sorted(pairs)


def _entities(preds: list, golds: list) -> tuple[Score, list[tuple[int, int]]]:
    def matches(pred, gold) -> bool:
        gold_forms = {fold(f) for f in [gold.name, *gold.aliases]}
        return any(fold(f) in gold_forms for f in [pred.name, *pred.aliases])

    pairs = _one_to_one(preds, golds, matches)
    return Score(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)), pairs


def _titles_match(pred: str, gold: str) -> bool:
    p, g = fold(pred), fold(gold)
    return bool(p) and (p == g or p in g or g in p)


def _money_match(pred, gold) -> bool:
    if pred.currency.upper() != gold.currency.upper():
        return False
    if gold.value == 0:
        return pred.value == 0
    return abs(pred.value - gold.value) <= AMOUNT_TOLERANCE * abs(gold.value)


def _slot(score: Score, pred, gold, same) -> bool:
    """One optional slot: both empty -> nothing; match -> TP; else FP for a prediction, FN for a gold value.
    True when the slot is wrong."""
    if pred is not None and gold is not None and same(pred, gold):
        score.add(tp=1)
        return False
    if pred is not None:
        score.add(fp=1)
    if gold is not None:
        score.add(fn=1)
    return pred is not None or gold is not None


def _sets(score: Score, pred: set, gold: set) -> bool:
    score.add(tp=len(pred & gold), fp=len(pred - gold), fn=len(gold - pred))
    return pred != gold


def _show(value) -> str:
    if value is None:
        return "-"
    if hasattr(value, "currency"):
        return f"{value.value:g} {value.currency}"
    if hasattr(value, "percent"):
        return f"{value.percent:g} %"
    if isinstance(value, set):
        return ", ".join(sorted(v if isinstance(v, str) else f"{v[0]} {v[1]}" for v in value)) or "-"
    return str(value)


def score_article(record: ArticleRecord, gold: GoldArticle, notes: list[str] | None = None) -> dict[str, Score]:
    """Per-field counts for one article; `notes`, when given, receives one line per error (what was
    missed, what was spurious, which slot of which deal was wrong)."""
    scores = {name: Score() for name in FIELDS}
    notes = [] if notes is None else notes

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
    unmatched("people", record.people, gold.people, pairs, lambda e: repr(e.name))
    for i, j in pairs:
        pred_titles = [role.title for role in record.people[i].roles]
        gold_titles = [role.title for role in gold.people[j].roles]
        matched = _one_to_one(pred_titles, gold_titles, lambda p, g: fold(p) == fold(g), _titles_match)
        scores["people.roles"].add(tp=len(matched), fp=len(pred_titles) - len(matched), fn=len(gold_titles) - len(matched))
        unmatched(f"people.roles of {gold.people[j].name}", pred_titles, gold_titles, matched, repr)

    # dates and deadlines
    pred_dates = [d for d in record.dates if d.type == "date"]

    def date_match(pred, gold) -> bool:
        p, g = fold(pred.span.text), fold(gold.text)
        return pred.value == gold.value and (g in p or p in g)

    def same_date(pred, gold) -> bool:
        return pred.value == gold.value and fold(pred.span.text) == fold(gold.text)

    matched = _one_to_one(pred_dates, gold.dates, same_date, date_match)
    scores["dates"].add(tp=len(matched), fp=len(pred_dates) - len(matched), fn=len(gold.dates) - len(matched))
    unmatched("dates", [(d.span.text, d.value) for d in pred_dates], [(d.text, d.value) for d in gold.dates], matched,
              lambda d: f"{d[0]!r} = {d[1]}")
    for name, key in (("deadlines", lambda d: (d.date, d.kind)), ("deadlines.date", lambda d: d.date)):
        preds = [key(d) for d in record.deadlines]
        golds = [key(d) for d in gold.deadlines]
        matched = _one_to_one(preds, golds, lambda p, g: p == g)
        scores[name].add(tp=len(matched), fp=len(preds) - len(matched), fn=len(golds) - len(matched))
        if name == "deadlines":
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
    totals: dict[str, Score] = {name: Score() for name in FIELDS}
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
        scores = score_article(record, gold[aid], notes)
        report.articles[aid] = scores
        report.errors[aid] = notes
        for name, score in scores.items():
            totals.setdefault(name, Score())
            totals[name] += score
    report.gold_without_record = sorted(set(gold) - seen)
    report.fields = {name: totals[name] for name in sorted(totals, key=_role_order)}
    return report


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def table(report: Report):
    """A rich Table of the micro-averaged figures, one row per field."""
    from rich.table import Table

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}"

    out = Table(title=f"depeche evaluate: {len(report.articles)} articles scored (micro-averaged)")
    for column in ("field", "TP", "FP", "FN", "P %", "R %", "F1 %"):
        out.add_column(column, justify="left" if column == "field" else "right")
    for name, score in report.fields.items():
        out.add_row(name, str(score.tp), str(score.fp), str(score.fn), pct(score.precision), pct(score.recall), pct(score.f1))
    return out
