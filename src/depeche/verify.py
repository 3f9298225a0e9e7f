"""Check records against their sources: every Span's text is the article's text at its offsets,
and every id a record refers to exists in that record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from depeche.records import ArticleRecord


def _spans(value: Any, path: str) -> Iterator[tuple[str, dict]]:
    """Every {start, end, text} object inside a dumped record, with its JSON path."""
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            yield path, value
            return
        for key, item in value.items():
            yield from _spans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _spans(item, f"{path}[{i}]")


def check_record(record: ArticleRecord) -> list[str]:
    """The problems of one record (empty when it is sound)."""
    problems: list[str] = []
    text = record.article.text
    dumped = record.model_dump(exclude={"article"})
    for path, span in _spans(dumped, "$"):
        start, end = span["start"], span["end"]
        if not 0 <= start <= end <= len(text):
            problems.append(f"{path}: offsets [{start}, {end}) outside a text of {len(text)} characters")
        elif text[start:end] != span["text"]:
            problems.append(f"{path}: text {span['text']!r} is not the article's {text[start:end]!r} at [{start}, {end})")

    def unique(kind: str, ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                problems.append(f"$.{kind}: id {i!r} used twice")
            seen.add(i)
        return seen

    orgs = unique("organisations", [o.id for o in record.organisations])
    people = unique("people", [p.id for p in record.people])
    deadlines = unique("deadlines", [d.id for d in record.deadlines])
    unique("deals", [d.id for d in record.deals])
    if orgs & people:
        problems.append(f"$: ids shared by an organisation and a person: {sorted(orgs & people)}")
    entities = orgs | people

    for i, person in enumerate(record.people):
        for j, role in enumerate(person.roles):
            if role.organisation is not None and role.organisation not in orgs:
                problems.append(f"$.people[{i}].roles[{j}].organisation: no organisation {role.organisation!r}")
    for i, deadline in enumerate(record.deadlines):
        for ref in deadline.parties:
            if ref not in entities:
                problems.append(f"$.deadlines[{i}].parties: no organisation or person {ref!r}")
    for i, deal in enumerate(record.deals):
        for j, party in enumerate(deal.parties):
            if party.ref is not None and party.ref not in entities:
                problems.append(f"$.deals[{i}].parties[{j}].ref: no organisation or person {party.ref!r}")
        if deal.reported_by and deal.reported_by.ref is not None and deal.reported_by.ref not in entities:
            problems.append(f"$.deals[{i}].reported_by.ref: no organisation or person {deal.reported_by.ref!r}")
        for ref in deal.deadlines:
            if ref not in deadlines:
                problems.append(f"$.deals[{i}].deadlines: no deadline {ref!r}")
    return problems
