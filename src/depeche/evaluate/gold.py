"""The gold format: hand-written annotations of articles (corpus/<split>/gold/<id>.json) and of the sentence
bank (corpus/sentences/<split>.jsonl), the dev/test split, and the checks that gold spans quote their text."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from depeche.records import DealKind, DealStatus, DeadlineKind, OrganisationKind, PartyRole

DEV_SHARE = 60  # per cent of the documents in the dev split


def split_of(doc_id: str) -> str:
    """"dev" or "test" for a document id: a stable hash (sha256) of the id, about 60/40. Every annotated set is
    split by document with it, so an article and the sentences drawn from it are always in the same split."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "test"

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
