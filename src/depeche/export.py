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
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from depeche import __version__
from depeche.io.writers import read_records
from depeche.records import ArticleRecord, PartyRole, Span

FROM_NAME = "label"  # the <Labels> control
TO_NAME = "text"  # the <Text> object

# Label -> colour in Label Studio (the viewer's colours).
LABELS = {
    "Organisation": "#2563eb",
    "Person": "#db2777",
    "Role": "#9333ea",
    "Date": "#0d9488",
    "Deadline": "#dc2626",
    "Deal": "#ea580c",
    "Party": "#7c3aed",
    "Money": "#16a34a",
    "Stake": "#65a30d",
    "Asset": "#0891b2",
    "Source": "#64748b",
    "Condition": "#ca8a04",
}
RELATIONS = list(PartyRole.__args__) + ["deadline"]  # type: ignore[attr-defined]


@dataclass
class ExportSummary:
    tasks: int = 0
    regions: int = 0
    relations: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    unlinked_parties: int = 0  # parties of a deal without a trigger: no relation possible


class _Task:
    def __init__(self, record: ArticleRecord, summary: ExportSummary):
        self.record = record
        self.summary = summary
        self.result: list[dict] = []
        self.by_place: dict[tuple[int, int, str], str] = {}

    def region(self, span: Span | None, label: str) -> str | None:
        """The id of the region labelled `label` at `span`, made once per place and label."""
        if span is None or span.end <= span.start:
            return None
        key = (span.start, span.end, label)
        if key in self.by_place:
            return self.by_place[key]
        rid = f"r{len(self.by_place) + 1}"
        self.by_place[key] = rid
        self.result.append(
            {
                "id": rid,
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "origin": "prediction",
                "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [label]},
            }
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
        for org in r.organisations:
            for mention in org.mentions:
                self.region(mention, "Organisation")
        for person in r.people:
            for mention in person.mentions:
                self.region(mention, "Person")
            for role in person.roles:
                self.region(role.span, "Role")
        for date in r.dates:
            self.region(date.span, "Date")
        deadline_regions = {}
        for deadline in r.deadlines:
            deadline_regions[deadline.id] = self.region(deadline.span, "Deadline")
        for deal in r.deals:
            trigger = self.region(deal.trigger, "Deal")
            for party in deal.parties:
                region = self.region(party.span, "Party")
                if trigger is None:
                    self.summary.unlinked_parties += 1
                self.relation(region, trigger, party.role)
            if deal.amount:
                self.region(deal.amount.span, "Money")
            if deal.price_per_share:
                self.region(deal.price_per_share.span, "Money")
            if deal.stake:
                self.region(deal.stake.span, "Stake")
            if deal.asset:
                self.region(deal.asset.span, "Asset")
            if deal.reported_by:
                self.region(deal.reported_by.span, "Source")
            for condition in deal.conditions:
                self.region(condition.span, "Condition")
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
    return (
        "<View>\n"
        '  <Header value="$title"/>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f"  <Relations>\n{relations}\n  </Relations>\n"
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>\n'
        "</View>\n"
    )


FORMATS = ("label-studio",)


def export(records_path: str | Path, output: str | Path, *, fmt: str = "label-studio", config: str | Path | None = None) -> ExportSummary:
    """Write the records of `records_path` as `fmt` tasks into `output` (and the labeling config into `config`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    summary = ExportSummary()
    tasks = to_label_studio(read_records(records_path), summary)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    if config is not None:
        Path(config).parent.mkdir(parents=True, exist_ok=True)
        Path(config).write_text(labeling_config(), encoding="utf-8")
    return summary
