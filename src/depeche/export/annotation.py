"""One Label Studio annotation read back: its regions (`_Region`), the entities their names make
(`_Entity`), its relations, and the fields of the gold they say (`_Reader.gold`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from depeche.evaluate.gold import (
    GoldDate,
    GoldDeadline,
    GoldDeal,
    GoldMoney,
    GoldParty,
    GoldRole,
    GoldSpan,
    GoldStake,
)
from depeche.export.schema import FROM_NAME, QUALIFIERS, VALUE
from depeche.normalise.money import find_percents, parse_money
from depeche.normalise.text import fold
from depeche.records import PartyRole


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
