"""The JSON contract: every model a record, an error line or a tracked deal is made of.

One JSON object per article (`ArticleRecord`). Every `Span` is a pair of character
offsets into `article.text` (end exclusive) plus the text found there, so any value
can be checked against the source: `text == article.text[start:end]`, always.

`depeche schema` prints `ArticleRecord.model_json_schema()` (JSON Schema 2020-12, with `$schema`
and `$id`); every model's docstring and every field's `description` are in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

SCHEMA_VERSION: Final = "2"  # "1" records (no confidence, no via) still read: both fields have defaults
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:depeche:schema:article-record:{SCHEMA_VERSION}"  # a name, not a URL: the schema is `depeche schema`'s output


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- confidence and provenance (schema 2) ---------------------------------------------

_CONFIDENCE = (
    "How likely the item is right, 0 to 1: a precision calibrated on the dev split (`depeche.calibration`), so "
    "that of the items given 0.8, about 8 in 10 are right; null when the component that made it gives none "
    "(and in schema-1 records)."
)
_VIA = (
    "What produced the item: stable rule or model ids, `component.kind:name` (`dates.pattern:day_month`, "
    "`organisations.gazetteer`, `ner.model`); empty when not known (schema-1 records)."
)


def _confidence_field(what: str = _CONFIDENCE):
    return Field(default=None, ge=0, le=1, description=what)


def _via_field(what: str = _VIA):
    return Field(default=[], description=what)


class Span(_Model):
    """Character offsets into `article.text`, end exclusive, with the text found there.

    `text == article.text[start:end]`, always (`depeche verify` checks it); build one with
    `Span.at(text, start, end)` or `Span.of(spacy_span)`, which cannot make any other."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0, description="Offset of the first character in the article's text (0-based).")
    end: int = Field(ge=0, description="Offset just past the last character (end exclusive): `end - start` characters.")
    text: str = Field(description="The article's text at these offsets, `article.text[start:end]`.")

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
        """The same text `offset` characters further on (a piece's span moved into the whole text)."""
        return Span(start=self.start + offset, end=self.end + offset, text=self.text)


# --- the article -------------------------------------------------------------------


class Article(_Model):
    """An input article: its text and what is known about it. Nothing in depeche ever changes `text`."""

    id: str = Field(
        description="The article's id: the one given, the file's stem, or one derived from its source and position "
        "(`a-` and 12 hex digits), the same on every run."
    )
    title: str | None = Field(default=None, description="The headline, when the input has one.")
    published: dt.date | None = Field(
        default=None,
        description="The day of publication (YYYY-MM-DD), or null; relative dates (« mardi », « hier ») are resolved against it.",
    )
    url: str | None = Field(default=None, description="Where the article was published, when known.")
    source: str | None = Field(default=None, description="The publication it comes from (« Le Monde », « AFP »), when known.")
    text: str = Field(description="The article's text, exactly as read: every span of the record is an offset into it.")

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
    """An organisation the article names (a company, a regulator, a court, a medium, a government body...), once,
    with every mention of it."""

    id: str = Field(description="A slug of its name (`autorite-de-la-concurrence`), unique within the record.")
    name: str = Field(description="Its canonical name.")
    aliases: list[str] = Field(
        default=[],
        description="Every other form the article uses for it: acronyms, short forms, misspellings (`Wallmart`), the name "
        "without its head noun (`Rouen Respire` for `association Rouen Respire`).",
    )
    kind: OrganisationKind = Field(
        default="other", description="company, regulator (a competition or market authority), court, media, government or other."
    )
    mentions: list[Span] = Field(default=[], description="Every place the article names it, by its name or an alias.")
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


class Role(_Model):
    """A role the article gives a person: « PDG de Veolia »."""

    title: str = Field(description="The title as written: « PDG », « porte-parole », « ministre de l'Économie ».")
    organisation: str | None = Field(
        default=None, description="The id of the organisation (in this record's `organisations`) the role is at, or null."
    )
    span: Span = Field(description="Where the role is stated, title and organisation.")
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


class Person(_Model):
    """A named person of the article, once, with every mention and the roles the article gives them."""

    id: str = Field(description="A slug of the full name (`antoine-frerot`), unique within the record and apart from organisations' ids.")
    name: str = Field(description="The canonical form of the full name.")
    aliases: list[str] = Field(default=[], description="Other forms used alone for the same person: the surname (« Trump »), a misspelling.")
    roles: list[Role] = Field(default=[], description="The roles the article states for them.")
    mentions: list[Span] = Field(default=[], description="Every place the article names them.")
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


# --- dates and deadlines ------------------------------------------------------------

TimeType = Literal["date", "duration", "time", "set"]


class TimeExpression(_Model):
    """A time expression of the text (« mardi », « 31 mars », « fin 2019 », « douze mois ») with its TimeML value."""

    value: str = Field(
        description="The ISO / TimeML value at its real granularity: 2020-12-04, 2020-11, 2020-Q1, 2020-H1, 2020-SP, 2020-W23, "
        "2020, P1W (a duration); X for digits the text does not give (XXXX-12-04)."
    )
    type: TimeType = Field(description="The TimeML type: date, duration (« trois mois »), time (of day) or set (« chaque année »).")
    granularity: str = Field(
        description="day, week, month, quarter, half, season, year, decade, century, time or duration: the unit `value` is precise to."
    )
    span: Span = Field(description="The expression in the text (without « le », « en », « d'ici »).")
    relative: bool = Field(
        default=False, description="True when the value was resolved against the article's `published` day (« mardi », « hier », « l'an dernier »)."
    )
    mod: str | None = Field(
        default=None,
        description="The TimeML mod, when only part of the period or an approximation is meant: START, MID, END, APPROX, "
        "MORE_THAN, LESS_THAN (« fin mars » is 2020-03 END); null otherwise.",
    )
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


DeadlineKind = Literal["deadline", "extension", "expiry"]
Qualifier = Literal["negated", "denied", "hypothetical", "rumoured", "reported"]
_QUALIFIERS = (
    "How the text presents it, when not as plain fact: negated (« ne rachètera pas »), denied (« dément toute "
    "discussion »), hypothetical (« si Veolia rachetait »), rumoured (« serait en discussions », « selon des rumeurs ») "
    "or reported (attributed to a source: « selon Bloomberg », « a indiqué X »). Empty when stated as fact."
)


class Deadline(_Model):
    """A date by which something must happen, or at which something stops (« a jusqu'au 31 mars pour se prononcer »)."""

    id: str = Field(description="`deadline-1`, `deadline-2`...: unique within the record, referred to by `deals[].deadlines`.")
    date: str = Field(description="The date meant: YYYY-MM-DD when known, else the partial value (2020-12, XXXX-12-04).")
    span: Span = Field(description="The date expression.")
    trigger: Span | None = Field(
        default=None, description="The word(s) that make the date a deadline: « jusqu'au », « date limite », « d'ici », « expire »; null if none."
    )
    description: str = Field(default="", description="What must happen by then, as the sentence says it (« pour se prononcer »); may be empty.")
    parties: list[str] = Field(
        default=[], description="The ids of the organisations or people (in this record) who must act, or whose right runs out."
    )
    kind: DeadlineKind = Field(
        default="deadline",
        description="deadline (a date by which to act), extension (a deadline moved later: « prolongé jusqu'au ») or expiry "
        "(an ultimatum, an offer, a licence that runs out).",
    )
    evidence: Span = Field(description="The sentence that states the deadline.")
    qualifiers: list[Qualifier] = Field(default=[], description=_QUALIFIERS)
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


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

_ROLES = (
    "buyer, seller, target (the company or asset changing hands; for an investment, the one raising money), merging "
    "(each side of a merger), partner, investor, advisor, or regulator (an authority reviewing or deciding the deal)"
)
_STATUSES = (
    "The deal's state at publication: rumoured (« serait en discussions »), proposed (an offer not accepted, a plan), "
    "negotiating, agreed (signed or accepted), pending (awaiting a regulator), approved, completed, suspended, "
    "blocked (by a regulator or a court) or abandoned."
)


class DealParty(_Model):
    """One party of a deal, in the role it has in that deal."""

    role: PartyRole = Field(description=f"Its role in the deal: {_ROLES}.")
    name: str = Field(description="Its name: the organisation's or person's `name` when `ref` is set, else as the text names it.")
    ref: str | None = Field(
        default=None, description="The id of the organisation or person (in this record) it is; null for a country, a State or a thing."
    )
    description: str | None = Field(
        default=None, description="How the text describes it in the deal (« partenaire technologique »), when it does; else null."
    )
    span: Span = Field(description="Its mention in the sentence that tells the deal.")
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


class Asset(_Model):
    """What changes hands when it is not a party itself (« ses activités de téléphonie mobile »)."""

    text: str = Field(description="The asset as the text names it.")
    span: Span = Field(description="Where the text names it.")


class Money(_Model):
    """An amount of money, normalised (« 3,4 milliards d'euros » is 3400000000.0 EUR)."""

    value: float = Field(description="The amount in units of `currency` (not thousands nor millions).")
    currency: str = Field(description="The ISO 4217 code: EUR, USD, GBP...")
    span: Span = Field(description="The amount as written.")
    confidence: float | None = _confidence_field()
    via: list[str] = _via_field()


class Stake(_Model):
    """A share of a company's capital (« 29,9 % du capital »)."""

    percent: float = Field(description="The share, in percent: 29.9 for « 29,9 % ».")
    span: Span = Field(description="The percentage as written.")


class Source(_Model):
    """Who the news of a deal is attributed to (« selon Bloomberg »)."""

    name: str = Field(description="The source's name.")
    ref: str | None = Field(default=None, description="The id of the organisation or person (in this record) it is, or null.")
    span: Span = Field(description="Where the text names it.")


class Condition(_Model):
    """A condition the deal depends on (« sous réserve de l'accord des autorités de la concurrence »)."""

    text: str = Field(description="The condition as written.")
    span: Span = Field(description="Where it is written.")


class NewEntity(_Model):
    """An entity the deal creates (« TikTok Global », the company born of a merger or a joint venture)."""

    name: str = Field(description="Its name.")
    span: Span = Field(description="Where the text names it.")


class Deal(_Model):
    """One corporate transaction the article reports (past, current or planned), with its parties and terms."""

    id: str = Field(description="`deal1`, `deal2`...: unique within the record.")
    kind: DealKind = Field(
        description="acquisition (incl. a takeover bid), stake (a share of the capital), merger, partnership, investment "
        "(fund-raising, a capital injection), spin-off or joint-venture."
    )
    trigger: Span | None = Field(
        default=None, description="The word that tells the transaction, where it is first told: « rachat », « acquiert », « OPA »."
    )
    parties: list[DealParty] = Field(default=[], description="The parties, each in its role.")
    asset: Asset | None = Field(default=None, description="What changes hands when it is not a party, or null.")
    amount: Money | None = Field(default=None, description="The deal's amount, the first given, in its currency; or null.")
    price_per_share: Money | None = Field(default=None, description="The price offered or paid per share, or null.")
    stake: Stake | None = Field(default=None, description="The share of the capital that changes hands, or null.")
    status: DealStatus = Field(description=_STATUSES)
    reported_by: Source | None = Field(default=None, description="The named source the news is attributed to, or null.")
    conditions: list[Condition] = Field(default=[], description="The conditions it depends on.")
    new_entities: list[NewEntity] = Field(default=[], description="The entities it creates.")
    deadlines: list[str] = Field(default=[], description="The ids of the deadlines (in this record's `deadlines`) bound to it.")
    evidence: list[Span] = Field(default=[], description="The sentences the deal was read from.")
    qualifiers: list[Qualifier] = Field(default=[], description=_QUALIFIERS)
    confidence: float | None = _confidence_field(f"How likely the deal is right (it is a deal the gold lists): {_CONFIDENCE}")
    via: list[str] = _via_field()
    status_confidence: float | None = _confidence_field(f"How likely `status` is right: {_CONFIDENCE}")
    status_via: list[str] = _via_field(f"What gave `status`: {_VIA}")


# --- deals tracked across articles (depeche.aggregate.track_deals) ------------------


class TrackedParty(_Model):
    """A party of a tracked deal, across the articles that report it."""

    role: PartyRole = Field(description=f"Its role in the deal: {_ROLES}.")
    name: str = Field(description="Its name: its registry entity's canonical name (depeche.registry), else as the first article names it.")
    aliases: list[str] = Field(default=[], description="Other names it had in other articles.")


class DealSighting(_Model):
    """One article's view of a tracked deal: its spans are offsets into that article's text."""

    article: str = Field(description="The id of the article.")
    published: dt.date | None = Field(default=None, description="The article's day of publication (YYYY-MM-DD), or null.")
    deal: str = Field(description="The deal's id in that article's record (`deal1`).")
    status: DealStatus = Field(description="The deal's status as that article tells it.")
    reported_by: str | None = Field(default=None, description="The name of the source that article attributes the news to, or null.")
    amount: Money | None = Field(default=None, description="The amount that article gives, or null.")
    evidence: list[Span] = Field(default=[], description="The sentences of that article that tell the deal.")

    @field_serializer("published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


class TrackedDeal(_Model):
    """The same transaction (same kind, mostly the same parties) seen in several articles, in date order."""

    id: str = Field(description="`tracked1`, `tracked2`...: unique within one `track_deals` result, numbered in the order the deals were first seen.")
    kind: DealKind = Field(description="The deal's kind (the same in every sighting).")
    parties: list[TrackedParty] = Field(default=[], description="Its parties, merged over the sightings.")
    status: DealStatus = Field(description="The latest sighting's status.")
    first_seen: dt.date | None = Field(default=None, description="The publication day of the first sighting, or null.")
    last_seen: dt.date | None = Field(default=None, description="The publication day of the last sighting, or null.")
    timeline: list[DealSighting] = Field(default=[], description="Every article's view of it, in date order.")

    @field_serializer("first_seen", "last_seen")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


# --- the record ---------------------------------------------------------------------


class ArticleRecord(_Model):
    """What depeche extracted from one article: one JSON object per line of a records file.

    Every span is an offset into `article.text`; every id a record refers to (a role's organisation,
    a deadline's parties, a deal party's `ref`, a deal's deadlines) is an id of this same record."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"$schema": JSON_SCHEMA_DIALECT, "$id": SCHEMA_ID})  # pydantic writes 2020-12

    schema_version: Literal["1", "2"] = Field(
        default=SCHEMA_VERSION,
        description="The version of this contract: \"2\" (items carry `confidence` and `via`); \"1\" records, without them, still read.",
    )
    article: Article = Field(description="The article, its text unchanged.")
    organisations: list[Organisation] = Field(default=[], description="The organisations it names, once each.")
    people: list[Person] = Field(default=[], description="The people it names, once each.")
    dates: list[TimeExpression] = Field(default=[], description="Its time expressions, once per occurrence.")
    deadlines: list[Deadline] = Field(default=[], description="Its deadlines, once each (at their first mention).")
    deals: list[Deal] = Field(default=[], description="The transactions it reports.")
    warnings: list[str] = Field(
        default=[],
        description="What the reader should know about this record, in one line each (e.g. the text does not look French).",
    )


class ErrorLine(_Model):
    """One input article that did not become a record, and why (a line of `OUT.errors.jsonl`)."""

    source: str = Field(description="The file (or URL) it came from; for the Python API, `<articles>`.")
    position: int | None = Field(
        default=None, description="Its line, row or record number in that source (1-based), when it has one; null otherwise."
    )
    id: str | None = Field(default=None, description="The article's id, when it has one.")
    reason: str = Field(description="Why it is no record, in one line: « not French: py3langid says 'en' (p=1.00) », « empty text »...")
