"""Records as Label Studio pre-annotations, so a team can review and correct them there.

Label Studio's import format ("Basic Label Studio JSON format", labelstud.io/guide/predictions
and /guide/task_format): a JSON list of tasks, each `{"data": {"text": ...}, "predictions":
[{"model_version": ..., "result": [...]}]}`. A span is a result
`{"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start", "end",
"text", "labels": [LABEL]}}` with character offsets into `data.text` (end exclusive, as in
depeche); a deal party is tied to its deal's trigger by a result
`{"type": "relation", "from_id", "to_id", "direction": "right", "labels": [ROLE]}`, and a deal's
trigger to its deadlines by a `deadline` relation. `labeling_config()` is the matching
labeling configuration (XML), written by `depeche export --config`.

Offsets are code points, as in depeche's records and as Label Studio stores them since its fix for
text with emoji (label-studio PR #1559); its issue #4988 reports that some versions still *draw* a
region shifted after an emoji (the stored offsets stay right).

What a span's label cannot say rides on per-region controls (Label Studio's `perRegion` results: same `id`
as the region, `value` = the region's offsets plus `text: [...]` or `choices: [...]`): the `value` text area
holds the normalised value (an entity's or party's name, a role's title, a date's ISO value, « 3400000000 EUR »,
« 29.9 »), and choices give an organisation's kind, a date's type, a deadline's kind, a deal's kind, status and
qualifiers. Relations tie the rest: a person to a role (`role`), a role to its organisation (`organisation`),
a deadline to its trigger (`trigger`) and the parties it binds (`party`), a deal's trigger to its amount,
price per share, stake, asset, source, conditions and new entities.

`import_label_studio` reads the JSON export of a project back (`depeche import --format label-studio`):
each task's submitted annotation becomes gold (`depeche.evaluate.GoldArticle`, with spans) and the task's
article a corpus article, so `depeche evaluate` scores records against the corrected annotations.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pydantic import ValidationError

from depeche import __version__
from depeche.io.writers import read_records
from depeche.evaluate.gold import (
    GoldArticle,
    GoldDate,
    GoldDeadline,
    GoldDeal,
    GoldMoney,
    GoldParty,
    GoldRole,
    GoldSpan,
    GoldStake,
    span_problems,
    split_of,
)
from depeche.normalise.money import find_percents, parse_money
from depeche.normalise.text import fold
from depeche.records import (
    Article,
    ArticleRecord,
    DeadlineKind,
    DealKind,
    DealStatus,
    OrganisationKind,
    PartyRole,
    Span,
    TimeType,
)

SPLITS = ("dev", "test")  # the corpus splits (depeche.evaluate.SPLITS)

FROM_NAME = "label"  # the <Labels> control
TO_NAME = "text"  # the <Text> object
VALUE = "value"  # the per-region <TextArea>: the region's normalised value

# Label -> colour in Label Studio (the viewer's colours).
LABELS = {
    "Organisation": "#2563eb",
    "Person": "#db2777",
    "Role": "#9333ea",
    "Date": "#0d9488",
    "Deadline": "#dc2626",
    "Trigger": "#f87171",
    "Deal": "#ea580c",
    "Party": "#7c3aed",
    "Money": "#16a34a",
    "Stake": "#65a30d",
    "Asset": "#0891b2",
    "Source": "#64748b",
    "Condition": "#ca8a04",
    "New entity": "#0369a1",
}
# Relations from a deal's trigger to the region of each of its slots.
DEAL_SLOTS = ("amount", "price_per_share", "stake", "asset", "reported_by", "condition", "new_entity")
RELATIONS = list(PartyRole.__args__) + ["deadline", "role", "organisation", "trigger", "party", *DEAL_SLOTS]  # type: ignore[attr-defined]
QUALIFIERS = ("negated", "denied", "hypothetical", "rumoured", "reported")
# Per-region choices: control name -> (the label whose regions it is for, its values, several allowed).
CHOICES = {
    "org_kind": ("Organisation", OrganisationKind.__args__, False),  # type: ignore[attr-defined]
    "date_type": ("Date", TimeType.__args__, False),  # type: ignore[attr-defined]
    "deadline_kind": ("Deadline", DeadlineKind.__args__, False),  # type: ignore[attr-defined]
    "deadline_qualifiers": ("Deadline", QUALIFIERS, True),
    "deal_kind": ("Deal", DealKind.__args__, False),  # type: ignore[attr-defined]
    "deal_status": ("Deal", DealStatus.__args__, False),  # type: ignore[attr-defined]
    "deal_qualifiers": ("Deal", QUALIFIERS, True),
}


@dataclass
class ExportSummary:
    tasks: int = 0
    regions: int = 0
    relations: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    unlinked_parties: int = 0  # parties of a deal without a trigger: no relation possible


def money_value(value: float, currency: str) -> str:
    """The `value` text of a Money region: « 3400000000 EUR »."""
    return f"{value:.15g} {currency}"


def _nearest(spans: list[Span], anchor: Span) -> Span | None:
    return min(spans, key=lambda s: (abs(s.start - anchor.start), s.start)) if spans else None


class _Task:
    def __init__(self, record: ArticleRecord, summary: ExportSummary):
        self.record = record
        self.summary = summary
        self.result: list[dict] = []
        self.by_place: dict[tuple[int, int, str], str] = {}
        self.described: set[str] = set()

    def region(self, span: Span | None, label: str, value: str | None = None, **choices: list[str]) -> str | None:
        """The id of the region labelled `label` at `span`, made once per place and label, with its value
        (the per-region text area) and choices the first time."""
        if span is None or span.end <= span.start:
            return None
        key = (span.start, span.end, label)
        if key in self.by_place:
            return self.by_place[key]
        rid = f"r{len(self.by_place) + 1}"
        self.by_place[key] = rid
        place = {"start": span.start, "end": span.end, "text": span.text}
        self.result.append(
            {
                "id": rid,
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "origin": "prediction",
                "value": {**place, "labels": [label]},
            }
        )
        if value is not None:
            self.result.append(
                {"id": rid, "from_name": VALUE, "to_name": TO_NAME, "type": "textarea", "origin": "prediction",
                 "value": {**place, "text": [value]}}
            )
        for control, picked in choices.items():
            self.result.append(
                {"id": rid, "from_name": control, "to_name": TO_NAME, "type": "choices", "origin": "prediction",
                 "value": {**place, "choices": picked}}
            )
        self.summary.regions += 1
        self.summary.labels[label] = self.summary.labels.get(label, 0) + 1
        return rid

    def relation(self, source: str | None, target: str | None, label: str) -> None:
        if source is None or target is None or source == target:
            return
        self.result.append({"type": "relation", "from_id": source, "to_id": target, "direction": "right", "labels": [label]})
        self.summary.relations += 1

    def build(self) -> dict[str, Any]:
        r = self.record
        entity_mentions: dict[str, tuple[str, list[Span]]] = {}  # id -> (label, mentions)
        for org in r.organisations:
            entity_mentions[org.id] = ("Organisation", org.mentions)
            for mention in org.mentions:
                self.region(mention, "Organisation", org.name, org_kind=[org.kind])
        for person in r.people:
            entity_mentions[person.id] = ("Person", person.mentions)
            for mention in person.mentions:
                self.region(mention, "Person", person.name)

        def entity_region(ref: str | None, anchor: Span) -> str | None:
            """The region of `ref`'s mention nearest to `anchor`."""
            if ref not in entity_mentions:
                return None
            label, mentions = entity_mentions[ref]
            nearest = _nearest(mentions, anchor)
            return self.by_place.get((nearest.start, nearest.end, label)) if nearest else None

        for person in r.people:
            for role in person.roles:
                region = self.region(role.span, "Role", role.title)
                self.relation(entity_region(person.id, role.span), region, "role")
                self.relation(region, entity_region(role.organisation, role.span), "organisation")
        for date in r.dates:
            self.region(date.span, "Date", date.value, date_type=[date.type])
        deadline_regions = {}
        for deadline in r.deadlines:
            region = self.region(deadline.span, "Deadline", deadline.date, deadline_kind=[deadline.kind])
            deadline_regions[deadline.id] = region
            self.relation(region, self.region(deadline.trigger, "Trigger"), "trigger")
            for ref in deadline.parties:
                self.relation(region, entity_region(ref, deadline.span), "party")
        for deal in r.deals:
            trigger = self.region(deal.trigger, "Deal", None, deal_kind=[deal.kind], deal_status=[deal.status])
            for party in deal.parties:
                region = self.region(party.span, "Party", party.name)
                if trigger is None:
                    self.summary.unlinked_parties += 1
                self.relation(region, trigger, party.role)
            for slot in ("amount", "price_per_share"):
                money = getattr(deal, slot)
                if money:
                    self.relation(trigger, self.region(money.span, "Money", money_value(money.value, money.currency)), slot)
            if deal.stake:
                self.relation(trigger, self.region(deal.stake.span, "Stake", f"{deal.stake.percent:g}"), "stake")
            if deal.asset:
                self.relation(trigger, self.region(deal.asset.span, "Asset", deal.asset.text), "asset")
            if deal.reported_by:
                self.relation(trigger, self.region(deal.reported_by.span, "Source", deal.reported_by.name), "reported_by")
            for condition in deal.conditions:
                self.relation(trigger, self.region(condition.span, "Condition", condition.text), "condition")
            for entity in deal.new_entities:
                self.relation(trigger, self.region(entity.span, "New entity", entity.name), "new_entity")
            for deadline_id in deal.deadlines:
                self.relation(trigger, deadline_regions.get(deadline_id), "deadline")
        article = r.article
        return {
            "data": {
                "text": article.text,
                "id": article.id,
                "title": article.title or "",
                "published": article.published.isoformat() if article.published else "",
                "url": article.url or "",
                "source": article.source or "",
            },
            "predictions": [{"model_version": f"depeche {__version__}", "result": self.result}],
        }


def to_label_studio(records: Iterable[ArticleRecord], summary: ExportSummary | None = None) -> list[dict[str, Any]]:
    """Label Studio tasks with pre-annotations, one per record."""
    summary = summary if summary is not None else ExportSummary()
    tasks = []
    for record in records:
        tasks.append(_Task(record, summary).build())
        summary.tasks += 1
    return tasks


def labeling_config() -> str:
    """The Label Studio labeling configuration matching `to_label_studio`'s tasks."""
    labels = "\n".join(f"    <Label value={quoteattr(name)} background={quoteattr(colour)}/>" for name, colour in LABELS.items())
    relations = "\n".join(f"    <Relation value={quoteattr(name)}/>" for name in RELATIONS)
    choices = "".join(
        f'  <Choices name="{control}" toName="{TO_NAME}" perRegion="true" visibleWhen="region-selected" '
        f'whenLabelValue={quoteattr(label)} choice="{"multiple" if several else "single"}" showInline="true">\n'
        + "".join(f"    <Choice value={quoteattr(value)}/>\n" for value in values)
        + "  </Choices>\n"
        for control, (label, values, several) in CHOICES.items()
    )
    return (
        "<View>\n"
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>\n"
        '  <Header value="$title"/>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f"  <Relations>\n{relations}\n  </Relations>\n"
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>\n'
        f'  <TextArea name="{VALUE}" toName="{TO_NAME}" perRegion="true" editable="true" maxSubmissions="1" rows="1" '
        'placeholder="normalised value: name, title, ISO date, 3400000000 EUR, 29.9"/>\n'
        f"{choices}"
        "</View>\n"
    )


# --- the way back: corrected annotations as gold -------------------------------------------------------


class ReviewImportError(Exception):
    """A Label Studio export that cannot be read, or gold that cannot be written where asked."""


@dataclass
class _Region:
    id: str
    label: str
    start: int
    end: int
    text: str
    value: str | None = None  # the per-region text area, stripped; None when empty
    choices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def span(self) -> GoldSpan:
        return GoldSpan(start=self.start, end=self.end, text=self.text)

    def where(self) -> str:
        return f"{self.label} {self.text!r} [{self.start}, {self.end})"


@dataclass
class _Entity:
    name: str
    regions: list[_Region] = field(default_factory=list)

    def forms(self) -> set[str]:
        return {fold(self.name), *(fold(r.text) for r in self.regions)}


@dataclass
class ImportedArticle:
    """One task brought back: the gold, and the article (text and metadata) it is about."""

    gold: GoldArticle
    article: Article
    notes: list[str] = field(default_factory=list)  # what in the annotation could not become gold, one line each


def _annotation(task: dict) -> dict | None:
    """The annotation of a task that counts: a ground-truth one first, else the last updated; never a skipped one."""
    annotations = [a for a in task.get("annotations") or task.get("completions") or [] if isinstance(a, dict)]
    submitted = [a for a in annotations if not a.get("was_cancelled")]
    if not submitted:
        return None
    return max(submitted, key=lambda a: (bool(a.get("ground_truth")), str(a.get("updated_at") or a.get("created_at") or "")))


def _who(annotation: dict) -> str:
    user = annotation.get("completed_by")
    if isinstance(user, dict):
        user = user.get("email") or user.get("username") or user.get("id")
    return f"Label Studio (user {user})" if user is not None else "Label Studio"


def _float(text: str) -> float:
    cleaned = re.sub(r"[\s\u00a0\u202f_]", "", text).rstrip("%")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


class _Reader:
    """The regions and relations of one annotation, and the gold they make."""

    def __init__(self, text: str, result: list, where: str):
        self.text = text
        self.where = where
        self.notes: list[str] = []
        self.regions: dict[str, _Region] = {}
        self.links: list[tuple[str, str, str]] = []  # (from id, to id, label)
        extras = []
        for item in result:
            if not isinstance(item, dict):
                continue
            if item.get("type") == "relation":
                for label in item.get("labels") or [None]:
                    self.links.append((str(item.get("from_id")), str(item.get("to_id")), label))
            elif item.get("type") == "labels" and item.get("from_name") == FROM_NAME:
                self._region(item)
            elif item.get("type") in ("textarea", "choices"):
                extras.append(item)
        for item in extras:  # per-region values, once every region is known
            region = self.regions.get(str(item.get("id")))
            if region is None:
                continue
            value = item.get("value") or {}
            if item["type"] == "textarea" and item.get("from_name") == VALUE:
                lines = [line.strip() for line in value.get("text") or [] if isinstance(line, str) and line.strip()]
                region.value = lines[-1] if lines else None
            elif item["type"] == "choices":
                region.choices[str(item.get("from_name"))] = [c for c in value.get("choices") or [] if isinstance(c, str)]

    def _region(self, item: dict) -> None:
        value = item.get("value") or {}
        labels = value.get("labels") or []
        start, end = value.get("start"), value.get("end")
        if not labels or not isinstance(start, int) or not isinstance(end, int):
            self.notes.append(f"{self.where}: region {item.get('id')} has no label or no character offsets: left out")
            return
        if not 0 <= start < end <= len(self.text):
            self.notes.append(f"{self.where}: region {labels[0]} [{start}, {end}) is outside the text: left out")
            return
        found = self.text[start:end]
        if "text" in value and value["text"] != found:
            self.notes.append(
                f"{self.where}: region {labels[0]} says {value['text']!r} but the text at [{start}, {end}) is {found!r}: left out"
            )
            return
        if len(labels) > 1:
            self.notes.append(f"{self.where}: region {found!r} has labels {labels}: read as {labels[0]}")
        rid = str(item.get("id"))
        self.regions[rid] = _Region(rid, labels[0], start, end, found)

    def of(self, label: str) -> list[_Region]:
        return sorted((r for r in self.regions.values() if r.label == label), key=lambda r: (r.start, r.end))

    def linked(self, region: _Region, relation: str | None, labels: tuple[str, ...]) -> list[_Region]:
        """The regions labelled one of `labels` tied to `region` by a `relation` (either way: the labels at both
        ends say what the relation means), in text order."""
        found = []
        for source, target, label in self.links:
            if relation is not None and label != relation:
                continue
            other = target if source == region.id else source if target == region.id else None
            if other in self.regions and self.regions[other].label in labels and self.regions[other] not in found:
                found.append(self.regions[other])
        return sorted(found, key=lambda r: (r.start, r.end))

    def entities(self, label: str) -> tuple[list[_Entity], dict[str, _Entity]]:
        """The entities of `label`'s regions: regions with the same name (their `value`) are one entity; a region
        without a name joins the entity it is a form of, or starts one named by its text."""
        entities: dict[str, _Entity] = {}
        unnamed = []
        for region in self.of(label):
            if region.value:
                entities.setdefault(fold(region.value), _Entity(region.value)).regions.append(region)
            else:
                unnamed.append(region)
        for region in unnamed:
            key = fold(region.text)
            entity = next((e for e in entities.values() if key in e.forms()), None)
            if entity is None:
                entity = entities.setdefault(key, _Entity(region.text))
            entity.regions.append(region)
        by_region = {r.id: e for e in entities.values() for r in e.regions}
        ordered = sorted(entities.values(), key=lambda e: min((r.start, r.end) for r in e.regions))
        return ordered, by_region

    def choice(self, region: _Region, control: str, default: str | None = None) -> str | None:
        picked = region.choices.get(control) or []
        return picked[0] if picked else default

    def qualifiers(self, region: _Region, control: str) -> list[str]:
        return [q for q in region.choices.get(control) or [] if q in QUALIFIERS]

    def gold(self, article_id: str) -> dict[str, Any]:
        """The fields of the GoldArticle this annotation says."""
        for source, target, label in self.links:
            if label is None and source in self.regions and target in self.regions:
                self.notes.append(
                    f"{self.where}: a relation without a label from {self.regions[source].where()} "
                    f"to {self.regions[target].where()}: left out"
                )
        organisations, org_of = self.entities("Organisation")
        people, person_of = self.entities("Person")
        entity_of = {**org_of, **person_of}
        at_place = {(r.start, r.end): entity_of[r.id] for r in [*self.of("Organisation"), *self.of("Person")]}

        def aliases(entity: _Entity) -> list[str]:
            """Every other form its mentions have, as written, in text order."""
            seen, out = {entity.name}, []
            for region in sorted(entity.regions, key=lambda r: r.start):
                if region.text not in seen:
                    seen.add(region.text)
                    out.append(region.text)
            return out

        def name_of(region: _Region) -> str:
            """A party's, source's or new entity's name: its value, else the entity mentioned at its place, else its text."""
            if region.value:
                return region.value
            if region.id in entity_of:
                return entity_of[region.id].name
            entity = at_place.get((region.start, region.end))
            return entity.name if entity else region.text

        gold_orgs = []
        for entity in organisations:
            kinds = Counter(self.choice(r, "org_kind") for r in entity.regions if self.choice(r, "org_kind"))
            kind = kinds.most_common(1)[0][0] if kinds else "other"
            if not kinds:
                self.notes.append(f"{self.where}: organisation {entity.name!r} has no kind: other")
            gold_orgs.append(
                {"name": entity.name, "aliases": aliases(entity), "kind": kind,
                 "mentions": [r.span for r in sorted(entity.regions, key=lambda r: r.start)]}
            )
        roles: dict[int, list[GoldRole]] = {id(e): [] for e in people}
        for region in self.of("Role"):
            persons = self.linked(region, "role", ("Person",))
            if not persons:
                self.notes.append(f"{self.where}: {region.where()} is tied to no Person (relation `role`): left out")
                continue
            orgs = self.linked(region, "organisation", ("Organisation",))
            role = GoldRole(title=region.value or region.text, organisation=org_of[orgs[0].id].name if orgs else None, span=region.span)
            person_roles = roles[id(person_of[persons[0].id])]
            if role not in person_roles:
                person_roles.append(role)
        gold_people = [
            {"name": e.name, "aliases": aliases(e), "roles": roles[id(e)],
             "mentions": [r.span for r in sorted(e.regions, key=lambda r: r.start)]}
            for e in people
        ]
        dates = []
        for region in self.of("Date"):
            kind = self.choice(region, "date_type")
            if kind not in (None, "date"):
                continue  # a duration, time or set: the gold lists calendar dates only
            if not region.value:
                self.notes.append(f"{self.where}: {region.where()} has no value: left out")
                continue
            try:
                dates.append(GoldDate(text=region.text, value=region.value, span=region.span))
            except ValidationError as err:
                if kind is None and re.match(r"^(P|R|T)|T", region.value):
                    continue  # an unmarked duration (P1W), set or time
                self.notes.append(f"{self.where}: {region.where()}: {_reason(err)}: left out")
        deadlines = []
        for region in self.of("Deadline"):
            triggers = self.linked(region, "trigger", ("Trigger",))
            try:
                deadlines.append(
                    GoldDeadline(
                        date=region.value or "", text=region.text, kind=self.choice(region, "deadline_kind", "deadline"),
                        parties=[entity_of[r.id].name for r in self.linked(region, "party", ("Organisation", "Person"))],
                        span=region.span, trigger=triggers[0].span if triggers else None,
                        qualifiers=self.qualifiers(region, "deadline_qualifiers"),
                    )
                )
            except ValidationError as err:
                self.notes.append(f"{self.where}: {region.where()}: {_reason(err)}: left out")
        deals = []
        for region in self.of("Deal"):
            try:
                deals.append(self._deal(region, name_of))
            except (ValidationError, ValueError) as err:
                reason = _reason(err) if isinstance(err, ValidationError) else str(err)
                self.notes.append(f"{self.where}: deal at {region.where()}: {reason}: left out")
        return {"id": article_id, "organisations": gold_orgs, "people": gold_people, "dates": dates, "deadlines": deadlines, "deals": deals}

    def _deal(self, region: _Region, name_of) -> GoldDeal:
        kind, status = self.choice(region, "deal_kind"), self.choice(region, "deal_status")
        if kind is None or status is None:
            raise ValueError("no " + " and no ".join(n for n, v in (("deal_kind", kind), ("deal_status", status)) if v is None))
        parties = []
        for source, target, label in self.links:
            if label not in PartyRole.__args__ or region.id not in (source, target):  # type: ignore[attr-defined]
                continue
            other = self.regions.get(target if source == region.id else source)
            if other is None or other.label not in ("Party", "Organisation", "Person"):
                continue
            party = GoldParty(role=label, name=name_of(other), span=other.span)
            if party not in parties:
                parties.append(party)
        parties.sort(key=lambda p: (p.span.start, p.role) if p.span else (0, p.role))

        def one(slot: str, labels: tuple[str, ...]) -> _Region | None:
            found = self.linked(region, slot, labels)
            if len(found) > 1:
                self.notes.append(f"{self.where}: deal at {region.where()} has {len(found)} `{slot}`: the first is kept")
            return found[0] if found else None

        def money(slot: str) -> GoldMoney | None:
            found = one(slot, ("Money",))
            if found is None:
                return None
            if found.value:
                match = re.fullmatch(r"(.+?)\s*([A-Z]{3})", found.value)
                if not match:
                    raise ValueError(f"{slot} {found.value!r} is not « <number> <ISO currency> »")
                value, currency = _float(match.group(1)), match.group(2)
            else:
                parsed = parse_money(found.text)
                if parsed is None:
                    raise ValueError(f"{slot} {found.text!r} has no value and is not an amount")
                value, currency = parsed
            return GoldMoney(value=value, currency=currency, span=found.span)

        stake = None
        found = one("stake", ("Stake",))
        if found is not None:
            if found.value:
                percent = _float(found.value)
            else:
                percents = find_percents(found.text)
                if not percents:
                    raise ValueError(f"stake {found.text!r} has no value and is not a percentage")
                percent = percents[0].value
            stake = GoldStake(percent=percent, span=found.span)
        source = one("reported_by", ("Source", "Organisation", "Person"))
        return GoldDeal(
            kind=kind, status=status, parties=parties, amount=money("amount"), price_per_share=money("price_per_share"),
            stake=stake, reported_by=name_of(source) if source else None,
            new_entities=[name_of(r) for r in self.linked(region, "new_entity", ("New entity",))],
            trigger=region.span, qualifiers=self.qualifiers(region, "deal_qualifiers"),
        )


def _reason(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(map(str, first["loc"]))
    return f"{where}: {first['msg']}" if where else first["msg"]


def from_label_studio(tasks: Any, source: str = "tasks") -> tuple[list[ImportedArticle], list[str]]:
    """The gold of every annotated task of a Label Studio JSON export (a list of tasks), and one line per task
    left out (no submitted annotation, no text, no article id)."""
    if isinstance(tasks, dict) and "data" in tasks:
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ReviewImportError(f"{source}: not a Label Studio JSON export (a list of tasks)")
    imported, skipped = [], []
    for number, task in enumerate(tasks, start=1):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict):
            raise ReviewImportError(
                f"{source}: task {number} has no `data`: not Label Studio's JSON export (export as JSON, not JSON-MIN or CSV)"
            )
        where = f"task {task.get('id', number)}"
        text, article_id = data.get("text"), data.get("id")
        if isinstance(article_id, int) and not isinstance(article_id, bool):
            article_id = str(article_id)
        if not isinstance(text, str) or not text:
            skipped.append(f"{where}: no data.text")
            continue
        if not isinstance(article_id, str) or not article_id.strip():
            skipped.append(f"{where}: no data.id (the article id depeche exported)")
            continue
        where = f"{where} ({article_id})"
        annotation = _annotation(task)
        if annotation is None:
            skipped.append(f"{where}: no submitted annotation")
            continue
        reader = _Reader(text, annotation.get("result") or [], where)
        try:
            gold = GoldArticle.model_validate({**reader.gold(article_id), "annotator": _who(annotation)})
            article = Article(
                id=article_id, text=text, title=data.get("title") or None, published=data.get("published") or None,
                url=data.get("url") or None, source=data.get("source") or None,
            )
        except (ValidationError, ValueError) as err:
            reason = _reason(err) if isinstance(err, ValidationError) else str(err)
            skipped.append(f"{where}: {reason}")
            continue
        imported.append(ImportedArticle(gold, article, reader.notes))
    return imported, skipped


@dataclass
class ImportSummary:
    tasks: int = 0
    gold: list[Path] = field(default_factory=list)  # gold files written
    articles: list[Path] = field(default_factory=list)  # article files written (those not already there)
    skipped: list[str] = field(default_factory=list)  # tasks left out, one line each
    notes: list[str] = field(default_factory=list)  # parts of annotations left out, one line each


_SAFE_ID = re.compile(r"[^/\\\x00-\x1f]{1,200}")


def import_label_studio(tasks_path: str | Path, folder: str | Path, *, force: bool = False) -> ImportSummary:
    """Gold files `<folder>/gold/<id>.json` from the Label Studio JSON export `tasks_path`, and each article
    as `<folder>/articles/<id>.txt` with its `<id>.json` sidecar when it is not there yet (the corpus layout of
    corpus/README.md, so `depeche evaluate --gold <folder>/gold` or `--corpus` reads them). Refuses, before
    writing anything, an existing gold file (unless `force`) and an existing article whose text is not the
    task's (the gold's offsets would point elsewhere)."""
    tasks_path = Path(tasks_path)
    try:
        loaded = json.loads(tasks_path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ReviewImportError(f"{tasks_path}: no such file") from None
    except IsADirectoryError:
        raise ReviewImportError(f"{tasks_path}: a folder, not a Label Studio export") from None
    except UnicodeDecodeError as err:
        raise ReviewImportError(f"{tasks_path}: not UTF-8 (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise ReviewImportError(f"{tasks_path}: not JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    imported, skipped = from_label_studio(loaded, str(tasks_path))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReviewImportError(f"{folder}: not a folder")
    summary = ImportSummary(tasks=len(loaded) if isinstance(loaded, list) else 1, skipped=skipped)
    plan = []
    seen: set[str] = set()
    for item in imported:
        aid = item.gold.id
        if not _SAFE_ID.fullmatch(aid) or aid in (".", "..") or aid.startswith("."):
            summary.skipped.append(f"article id {aid!r}: cannot be a file name")
            continue
        if aid in seen:
            summary.skipped.append(f"{aid}: a second task for the same article (the first is kept)")
            continue
        seen.add(aid)
        gold_path = folder / "gold" / f"{aid}.json"
        text_path = folder / "articles" / f"{aid}.txt"
        if gold_path.exists() and not force:
            raise ReviewImportError(f"{gold_path} exists (use --force to overwrite)")
        if text_path.exists() and text_path.read_bytes() != item.article.text.encode("utf-8"):
            raise ReviewImportError(f"{text_path} exists with another text than task {aid}'s: its gold would not fit it")
        problems = span_problems(item.gold, item.article.text)
        if problems:  # cannot happen: every region was checked against the text
            raise ReviewImportError(f"{aid}: {problems[0]}")
        summary.notes.extend(item.notes)
        if folder.name in SPLITS and split_of(aid) != folder.name:
            summary.notes.append(f"{aid}: split_of puts it in {split_of(aid)}, not {folder.name} (corpus/README.md)")
        plan.append((item, gold_path, text_path))
    for item, gold_path, text_path in plan:
        gold_path.parent.mkdir(parents=True, exist_ok=True)
        gold_path.write_text(
            json.dumps(item.gold.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        summary.gold.append(gold_path)
        if not text_path.exists():
            text_path.parent.mkdir(parents=True, exist_ok=True)
            text_path.write_bytes(item.article.text.encode("utf-8"))
            sidecar = item.article.model_dump(mode="json", exclude={"text"})
            text_path.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            summary.articles.append(text_path)
    return summary


IMPORT_FORMATS = ("label-studio",)


FORMATS = ("label-studio", "csv", "parquet")


def export(
    records_path: str | Path, output: str | Path, *, fmt: str = "label-studio", config: str | Path | None = None,
    force: bool = True,
):
    """Write the records of `records_path` as `fmt`: Label Studio tasks into the file `output` (and the labeling
    config into `config`), returning an ExportSummary; or one CSV/Parquet table per kind into the folder
    `output` (`depeche.tables`), returning a TablesSummary. Without `force`, an existing output is refused."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt in ("csv", "parquet"):
        from depeche.tables import write_tables

        if config is not None:
            raise ValueError("--config is for --format label-studio")
        return write_tables(read_records(records_path), output, fmt, force=force)
    output = Path(output)
    if not force:
        for path in (output, Path(config) if config is not None else None):
            if path is not None and path.exists():
                raise ValueError(f"{path} exists (use --force to overwrite)")
    summary = ExportSummary()
    tasks = to_label_studio(read_records(records_path), summary)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    if config is not None:
        Path(config).parent.mkdir(parents=True, exist_ok=True)
        Path(config).write_text(labeling_config(), encoding="utf-8")
    return summary
