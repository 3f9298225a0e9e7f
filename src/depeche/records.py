"""The JSON contract: every model a record, an error line or a tracked deal is made of.

One JSON object per article (`ArticleRecord`). Every `Span` is a pair of character
offsets into `article.text` (end exclusive) plus the text found there, so any value
can be checked against the source: `text == article.text[start:end]`, always.

`depeche schema` prints `ArticleRecord.model_json_schema()`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets into `article.text`, end exclusive, with the text found there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def at(cls, source: str, start: int, end: int) -> Span:
        """The span of `source[start:end]`; raises if the offsets do not fit the text."""
        if not 0 <= start <= end <= len(source):
            raise ValueError(f"span [{start}, {end}) outside a text of {len(source)} characters")
        return cls(start=start, end=end, text=source[start:end])

    @classmethod
    def of(cls, span) -> Span:  # a spaCy Span or Token
        """The span of a spaCy `Span` (or `Token`) in its Doc's text.

        `span.text` is `doc.text[start:end]` (spaCy keeps every character of a Doc's text in its
        tokens); `doc.text` itself is rebuilt from all the tokens at each access, which made this
        O(length of the Doc) per call — the profile of the OrangeSum run (docs/benchmarks.md).
        """
        if hasattr(span, "start_char"):
            start, end = span.start_char, span.end_char
        else:
            start, end = span.idx, span.idx + len(span.text)
        return cls(start=start, end=end, text=span.text)

    def shifted(self, offset: int) -> Span:
        return Span(start=self.start + offset, end=self.end + offset, text=self.text)


# --- the article -------------------------------------------------------------------


class Article(_Model):
    """An input article. Nothing in depeche ever changes `text`."""

    id: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    text: str

    @field_validator("published", mode="before")
    @classmethod
    def _date_only(cls, value):
        """Accept `YYYY-MM-DD` or a longer ISO timestamp; keep the day."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            return dt.date.fromisoformat(value[:10])
        return value

    @field_serializer("published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


# --- organisations and people -------------------------------------------------------

OrganisationKind = Literal["company", "regulator", "court", "media", "government", "other"]


class Organisation(_Model):
    id: str
    name: str
    aliases: list[str] = []
    kind: OrganisationKind = "other"
    mentions: list[Span] = []


class Role(_Model):
    title: str
    organisation: str | None = None  # an organisation id
    span: Span


class Person(_Model):
    id: str
    name: str
    aliases: list[str] = []
    roles: list[Role] = []
    mentions: list[Span] = []


# --- dates and deadlines ------------------------------------------------------------

TimeType = Literal["date", "duration", "time", "set"]


class TimeExpression(_Model):
    value: str  # ISO value at its real granularity: 2020-12-04, 2020-11, 2020-Q1, 2020, P1W; X for unknown digits
    type: TimeType
    granularity: str  # day | week | month | quarter | half | season | year | decade | century | time | duration
    span: Span
    relative: bool = False
    mod: str | None = None  # added (dates): TimeML mod when part of the period is meant: START | MID | END | APPROX | MORE_THAN | LESS_THAN


DeadlineKind = Literal["deadline", "extension", "expiry"]


class Deadline(_Model):
    id: str
    date: str  # YYYY-MM-DD when known, else the partial value (2020-12, XXXX-12-04)
    span: Span  # the date expression
    trigger: Span | None = None
    description: str = ""
    parties: list[str] = []  # organisation or person ids
    kind: DeadlineKind = "deadline"
    evidence: Span  # the sentence


# --- deals --------------------------------------------------------------------------

DealKind = Literal["acquisition", "stake", "merger", "partnership", "investment", "spin-off", "joint-venture"]
PartyRole = Literal["buyer", "seller", "target", "merging", "partner", "investor", "advisor", "regulator"]
DealStatus = Literal[
    "rumoured",
    "proposed",
    "negotiating",
    "agreed",
    "pending",
    "approved",
    "completed",
    "suspended",
    "blocked",
    "abandoned",
]


class DealParty(_Model):
    role: PartyRole
    name: str
    ref: str | None = None  # an organisation or person id; null for a country or a thing
    description: str | None = None  # « partenaire technologique »
    span: Span


class Asset(_Model):
    text: str
    span: Span


class Money(_Model):
    value: float
    currency: str  # ISO 4217
    span: Span


class Stake(_Model):
    percent: float
    span: Span


class Source(_Model):
    name: str
    ref: str | None = None  # an organisation or person id
    span: Span


class Condition(_Model):
    text: str
    span: Span


class NewEntity(_Model):
    name: str
    span: Span


class Deal(_Model):
    id: str
    kind: DealKind
    trigger: Span | None = None
    parties: list[DealParty] = []
    asset: Asset | None = None
    amount: Money | None = None
    price_per_share: Money | None = None
    stake: Stake | None = None
    status: DealStatus
    reported_by: Source | None = None
    conditions: list[Condition] = []
    new_entities: list[NewEntity] = []
    deadlines: list[str] = []  # deadline ids
    evidence: list[Span] = []  # the sentences


# --- deals tracked across articles (depeche.aggregate.track_deals) ------------------


class TrackedParty(_Model):
    role: PartyRole
    name: str
    aliases: list[str] = []  # other names it had in other articles


class DealSighting(_Model):
    """One article's view of a tracked deal: its spans are offsets into that article's text."""

    article: str  # the article id
    published: dt.date | None = None
    deal: str  # the deal's id in that article's record
    status: DealStatus
    reported_by: str | None = None
    amount: Money | None = None
    evidence: list[Span] = []

    @field_serializer("published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


class TrackedDeal(_Model):
    """The same transaction (same kind, mostly the same parties) seen in several articles, in date order."""

    id: str
    kind: DealKind
    parties: list[TrackedParty] = []
    status: DealStatus  # the latest sighting's
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    timeline: list[DealSighting] = []

    @field_serializer("first_seen", "last_seen")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


# --- the record ---------------------------------------------------------------------


class ArticleRecord(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    article: Article
    organisations: list[Organisation] = []
    people: list[Person] = []
    dates: list[TimeExpression] = []
    deadlines: list[Deadline] = []
    deals: list[Deal] = []
    warnings: list[str] = []


class ErrorLine(_Model):
    """One input article that did not become a record, and why."""

    source: str  # the file (or URL) it came from
    position: int | None = None  # line, row or record number in that source (1-based), when it has one
    id: str | None = None
    reason: str
