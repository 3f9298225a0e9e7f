"""Records as Label Studio tasks with pre-annotations (`to_label_studio`), the matching labeling config
(`labeling_config`), and `export`, which writes them (or, through `depeche.tables`, CSV/Parquet tables)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from depeche import __version__
from depeche.export.schema import CHOICES, FROM_NAME, LABELS, RELATIONS, TO_NAME, VALUE
from depeche.io.writers import read_records
from depeche.records import ArticleRecord, Span


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

    def region(
        self, span: Span | None, label: str, value: str | None = None, score: float | None = None, **choices: list[str]
    ) -> str | None:
        """The id of the region labelled `label` at `span`, made once per place and label, with its value
        (the per-region text area) and choices the first time; each of its results carries `score` (the item's
        confidence, records schema 2) when it has one."""
        if span is None or span.end <= span.start:
            return None
        key = (span.start, span.end, label)
        if key in self.by_place:
            return self.by_place[key]
        rid = f"r{len(self.by_place) + 1}"
        self.by_place[key] = rid
        place = {"start": span.start, "end": span.end, "text": span.text}
        first = len(self.result)
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
        if score is not None:
            for item in self.result[first:]:
                item["score"] = score
        self.summary.regions += 1
        self.summary.labels[label] = self.summary.labels.get(label, 0) + 1
        return rid

    def relation(self, source: str | None, target: str | None, label: str) -> None:
        if source is None or target is None or source == target:
            return
        self.result.append({"type": "relation", "from_id": source, "to_id": target, "direction": "right", "labels": [label]})
        self.summary.relations += 1

    def score(self) -> dict[str, float]:
        """The prediction's `score` (Label Studio sorts tasks by it): the mean of its regions' scores, when any has one."""
        scores = [item["score"] for item in self.result if item.get("type") == "labels" and "score" in item]
        return {"score": round(sum(scores) / len(scores), 4)} if scores else {}

    def build(self) -> dict[str, Any]:
        r = self.record
        entity_mentions: dict[str, tuple[str, list[Span]]] = {}  # id -> (label, mentions)
        for org in r.organisations:
            entity_mentions[org.id] = ("Organisation", org.mentions)
            for mention in org.mentions:
                self.region(mention, "Organisation", org.name, org.confidence, org_kind=[org.kind])
        for person in r.people:
            entity_mentions[person.id] = ("Person", person.mentions)
            for mention in person.mentions:
                self.region(mention, "Person", person.name, person.confidence)

        def entity_region(ref: str | None, anchor: Span) -> str | None:
            """The region of `ref`'s mention nearest to `anchor`."""
            if ref not in entity_mentions:
                return None
            label, mentions = entity_mentions[ref]
            nearest = _nearest(mentions, anchor)
            return self.by_place.get((nearest.start, nearest.end, label)) if nearest else None

        for person in r.people:
            for role in person.roles:
                region = self.region(role.span, "Role", role.title, role.confidence)
                self.relation(entity_region(person.id, role.span), region, "role")
                self.relation(region, entity_region(role.organisation, role.span), "organisation")
        for date in r.dates:
            self.region(date.span, "Date", date.value, date.confidence, date_type=[date.type])
        deadline_regions = {}
        for deadline in r.deadlines:
            region = self.region(deadline.span, "Deadline", deadline.date, deadline.confidence, deadline_kind=[deadline.kind])
            deadline_regions[deadline.id] = region
            self.relation(region, self.region(deadline.trigger, "Trigger"), "trigger")
            for ref in deadline.parties:
                self.relation(region, entity_region(ref, deadline.span), "party")
        for deal in r.deals:
            trigger = self.region(deal.trigger, "Deal", None, deal.confidence, deal_kind=[deal.kind], deal_status=[deal.status])
            for party in deal.parties:
                region = self.region(party.span, "Party", party.name, party.confidence)
                if trigger is None:
                    self.summary.unlinked_parties += 1
                self.relation(region, trigger, party.role)
            for slot in ("amount", "price_per_share"):
                money = getattr(deal, slot)
                if money:
                    self.relation(trigger, self.region(money.span, "Money", money_value(money.value, money.currency), money.confidence), slot)
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
            "predictions": [{"model_version": f"depeche {__version__}", "result": self.result, **self.score()}],
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
