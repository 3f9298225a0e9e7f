"""Records as tables: one per kind of item, for pandas, DuckDB, spreadsheets (`pip install 'depeche[tables]'`).

`to_frames(records)` gives a `dict[str, pandas.DataFrame]` and `write_tables(records, folder, fmt)` one
Parquet or CSV file per table (`depeche export --format parquet|csv OUT.jsonl -o DIR/`), written in chunks of
records so a dump never has to fit in memory. The tables (`TABLES`) and their keys:

| table | one row per | key |
|---|---|---|
| articles | record | `article_id` |
| organisations | organisation of a record | `article_id`, `organisation_id` |
| people | person | `article_id`, `person_id` |
| roles | role of a person | `article_id`, `person_id`, `role_index` |
| mentions | mention of an organisation or a person | `article_id`, `item_type`, `item_id`, `mention_index` |
| dates | time expression | `article_id`, `date_index` |
| deadlines | deadline | `article_id`, `deadline_id` |
| deals | deal | `article_id`, `deal_id` |
| deal_parties | party of a deal | `article_id`, `deal_id`, `party_index` |

`*_index` is the item's position in its record's list (0-based; dates, roles, mentions and parties have no
id of their own). Every span is three columns: `span_start`, `span_end`, `span_text` for the row's own span
(end exclusive, `span_text == article text[span_start:span_end]`), `<slot>_start`, `<slot>_end`,
`<slot>_text` for a slot's (`trigger_`, `evidence_`, `amount_`, ...). A deal's `evidence_start`/`evidence_end`
run from its first evidence sentence to its last. Lists of names or ids (aliases, parties, conditions) are
list columns in Parquet and pandas, JSON arrays in CSV.

Provenance (records schema 2): the columns `PROVENANCE` (`confidence`, `via`) close every table whose item
model in `depeche.records` defines them (organisations, people, roles, dates, deadlines, deals, deal_parties);
the deals table also has `status_confidence`, `status_via`, and `amount_confidence`, `amount_via`,
`price_per_share_confidence`, `price_per_share_via`. Schema-1 records give nulls and empty lists there.

The frames use pandas' Arrow-backed dtypes (`pandas.ArrowDtype`): the same types as the Parquet files, with
nullable integers, dates as dates and lists as lists.
"""

from __future__ import annotations

import functools
import json
import os
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from depeche.records import (
    Article,
    ArticleRecord,
    Deadline,
    Deal,
    DealParty,
    Organisation,
    Person,
    Role,
    Span,
    TimeExpression,
)

if TYPE_CHECKING:
    import pandas
    import pyarrow

TABLES = ("articles", "organisations", "people", "roles", "mentions", "dates", "deadlines", "deals", "deal_parties")
FORMATS = ("parquet", "csv")
SUFFIX = {"parquet": ".parquet", "csv": ".csv"}
CHUNK = 1000  # records per written row group (Parquet) / block (CSV)

# Provenance columns, in this order, for any table whose item model defines the field (see the module doc).
PROVENANCE = ("confidence", "via")
# The item model of each table: where a provenance field is looked for.
ITEM_MODEL = {
    "articles": Article,
    "organisations": Organisation,
    "people": Person,
    "roles": Role,
    "mentions": Span,
    "dates": TimeExpression,
    "deadlines": Deadline,
    "deals": Deal,
    "deal_parties": DealParty,
}


class TablesError(Exception):
    """Tables that cannot be written: pandas/pyarrow missing, an output that exists, an unknown format."""


def _arrow():
    try:
        import pyarrow
    except ImportError:
        raise TablesError("tables need pyarrow and pandas: pip install 'depeche[tables]'") from None
    return pyarrow


# --- the columns -----------------------------------------------------------------------------------------


def _columns() -> dict[str, list[tuple[str, Any]]]:
    """(name, arrow type) of every column of every table, provenance excluded."""
    pa = _arrow()
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    strings = pa.list_(s)

    def span(prefix: str) -> list[tuple[str, Any]]:
        return [(f"{prefix}_start", i), (f"{prefix}_end", i), (f"{prefix}_text", s)]

    def money(prefix: str) -> list[tuple[str, Any]]:
        return [(f"{prefix}_value", f), (f"{prefix}_currency", s), *span(prefix), (f"{prefix}_confidence", f), (f"{prefix}_via", strings)]

    return {
        "articles": [
            ("article_id", s), ("title", s), ("published", pa.date32()), ("url", s), ("source", s), ("text", s),
            ("warnings", strings), ("schema_version", s),
        ],
        "organisations": [
            ("article_id", s), ("organisation_id", s), ("name", s), ("kind", s), ("aliases", strings), ("n_mentions", i),
        ],
        "people": [
            ("article_id", s), ("person_id", s), ("name", s), ("aliases", strings), ("n_mentions", i), ("n_roles", i),
        ],
        "roles": [
            ("article_id", s), ("person_id", s), ("role_index", i), ("title", s), ("organisation_id", s), *span("span"),
        ],
        "mentions": [
            ("article_id", s), ("item_type", s), ("item_id", s), ("mention_index", i), *span("span"),
        ],
        "dates": [
            ("article_id", s), ("date_index", i), ("value", s), ("type", s), ("granularity", s), ("relative", b),
            ("mod", s), *span("span"),
        ],
        "deadlines": [
            ("article_id", s), ("deadline_id", s), ("date", s), ("kind", s), ("description", s), ("parties", strings),
            *span("span"), *span("trigger"), *span("evidence"),
        ],
        "deals": [
            ("article_id", s), ("deal_id", s), ("kind", s), ("status", s), ("status_confidence", f), ("status_via", strings),
            *span("trigger"),
            ("asset", s), *span("asset"), *money("amount"), *money("price_per_share"),
            ("stake_percent", f), *span("stake"),
            ("reported_by_name", s), ("reported_by_ref", s), *span("reported_by"),
            ("conditions", strings), ("new_entities", strings), ("deadline_ids", strings), ("n_parties", i),
            *span("evidence"),
        ],
        "deal_parties": [
            ("article_id", s), ("deal_id", s), ("party_index", i), ("role", s), ("name", s), ("ref", s),
            ("description", s), *span("span"),
        ],
    }


def _provenance_type(annotation: Any):
    """The Arrow type of a provenance field: a list of strings, a float (for any number), else a string."""
    pa = _arrow()
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # X | None
        annotation = next((a for a in typing.get_args(annotation) if a is not type(None)), str)
    if typing.get_origin(annotation) is list or annotation is list:
        return pa.list_(pa.string())
    if annotation in (float, int):
        return pa.float64()
    return pa.string()


def provenance_columns(table: str) -> list[str]:
    """The provenance columns table `table` has with today's record models."""
    return [name for name in PROVENANCE if name in ITEM_MODEL[table].model_fields]


def schemas() -> dict[str, pyarrow.Schema]:
    """The Arrow schema of every table (provenance columns included when the models have them)."""
    pa = _arrow()
    out = {}
    for table, columns in _columns().items():
        fields = [pa.field(name, kind) for name, kind in columns]
        model = ITEM_MODEL[table]
        fields += [pa.field(name, _provenance_type(model.model_fields[name].annotation)) for name in provenance_columns(table)]
        out[table] = pa.schema(fields)
    return out


# --- records to rows -------------------------------------------------------------------------------------


def _span(prefix: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def _money(prefix: str, money) -> dict[str, Any]:
    return {
        f"{prefix}_value": money.value if money else None,
        f"{prefix}_currency": money.currency if money else None,
        **_span(prefix, money.span if money else None),
        f"{prefix}_confidence": money.confidence if money else None,
        f"{prefix}_via": list(money.via) if money else [],
    }


@functools.cache
def _provenance_of(model: type) -> tuple[str, ...]:
    return tuple(name for name in PROVENANCE if name in model.model_fields)


def _provenance(item: Any) -> dict[str, Any]:
    """The item's confidence and via, for the models that have them (see PROVENANCE)."""
    return {name: getattr(item, name) for name in _provenance_of(type(item))}


def _evidence(text: str, spans: list[Span]) -> dict[str, Any]:
    if not spans:
        return _span("evidence", None)
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return {"evidence_start": start, "evidence_end": end, "evidence_text": text[start:end]}


def rows(record: ArticleRecord) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each table."""
    a = record.article
    aid = a.id
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["articles"].append(
        {
            "article_id": aid, "title": a.title, "published": a.published, "url": a.url, "source": a.source,
            "text": a.text, "warnings": list(record.warnings), "schema_version": record.schema_version,
            **_provenance(a),
        }
    )
    for org in record.organisations:
        out["organisations"].append(
            {
                "article_id": aid, "organisation_id": org.id, "name": org.name, "kind": org.kind,
                "aliases": list(org.aliases), "n_mentions": len(org.mentions), **_provenance(org),
            }
        )
    for person in record.people:
        out["people"].append(
            {
                "article_id": aid, "person_id": person.id, "name": person.name, "aliases": list(person.aliases),
                "n_mentions": len(person.mentions), "n_roles": len(person.roles), **_provenance(person),
            }
        )
        for index, role in enumerate(person.roles):
            out["roles"].append(
                {
                    "article_id": aid, "person_id": person.id, "role_index": index, "title": role.title,
                    "organisation_id": role.organisation, **_span("span", role.span), **_provenance(role),
                }
            )
    for item_type, entities in (("organisation", record.organisations), ("person", record.people)):
        for entity in entities:
            for index, mention in enumerate(entity.mentions):
                out["mentions"].append(
                    {
                        "article_id": aid, "item_type": item_type, "item_id": entity.id, "mention_index": index,
                        **_span("span", mention), **_provenance(mention),
                    }
                )
    for index, date in enumerate(record.dates):
        out["dates"].append(
            {
                "article_id": aid, "date_index": index, "value": date.value, "type": date.type,
                "granularity": date.granularity, "relative": date.relative, "mod": date.mod,
                **_span("span", date.span), **_provenance(date),
            }
        )
    for deadline in record.deadlines:
        out["deadlines"].append(
            {
                "article_id": aid, "deadline_id": deadline.id, "date": deadline.date, "kind": deadline.kind,
                "description": deadline.description, "parties": list(deadline.parties),
                **_span("span", deadline.span), **_span("trigger", deadline.trigger), **_span("evidence", deadline.evidence),
                **_provenance(deadline),
            }
        )
    for deal in record.deals:
        out["deals"].append(
            {
                "article_id": aid, "deal_id": deal.id, "kind": deal.kind, "status": deal.status,
                "status_confidence": deal.status_confidence, "status_via": list(deal.status_via),
                **_span("trigger", deal.trigger),
                "asset": deal.asset.text if deal.asset else None, **_span("asset", deal.asset.span if deal.asset else None),
                **_money("amount", deal.amount), **_money("price_per_share", deal.price_per_share),
                "stake_percent": deal.stake.percent if deal.stake else None,
                **_span("stake", deal.stake.span if deal.stake else None),
                "reported_by_name": deal.reported_by.name if deal.reported_by else None,
                "reported_by_ref": deal.reported_by.ref if deal.reported_by else None,
                **_span("reported_by", deal.reported_by.span if deal.reported_by else None),
                "conditions": [c.text for c in deal.conditions], "new_entities": [e.name for e in deal.new_entities],
                "deadline_ids": list(deal.deadlines), "n_parties": len(deal.parties),
                **_evidence(a.text, deal.evidence), **_provenance(deal),
            }
        )
        for index, party in enumerate(deal.parties):
            out["deal_parties"].append(
                {
                    "article_id": aid, "deal_id": deal.id, "party_index": index, "role": party.role,
                    "name": party.name, "ref": party.ref, "description": party.description,
                    **_span("span", party.span), **_provenance(party),
                }
            )
    return out


def _chunks(records: Iterable[ArticleRecord], size: int) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The rows of every table, `size` records at a time."""
    batch: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    count = 0
    for record in records:
        for name, table_rows in rows(record).items():
            batch[name].extend(table_rows)
        count += 1
        if count == size:
            yield batch
            batch, count = {name: [] for name in TABLES}, 0
    if count:
        yield batch


def to_arrow(records: Iterable[ArticleRecord]) -> dict[str, pyarrow.Table]:
    """Every table as a pyarrow Table (all records in memory; `write_tables` streams)."""
    pa = _arrow()
    tables = schemas()
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        for name, table_rows in rows(record).items():
            collected[name].extend(table_rows)
    return {name: pa.Table.from_pylist(collected[name], schema=tables[name]) for name in TABLES}


def to_frames(records: Iterable[ArticleRecord] | str | Path) -> dict[str, pandas.DataFrame]:
    """One pandas DataFrame per table of `TABLES` (Arrow-backed dtypes), from records or a records file path.

    >>> frames = depeche.to_frames(depeche.io.writers.read_records("out/records.jsonl"))
    >>> frames["deal_parties"].merge(frames["deals"], on=["article_id", "deal_id"])
    """
    try:
        import pandas as pd
    except ImportError:
        raise TablesError("tables need pyarrow and pandas: pip install 'depeche[tables]'") from None
    if isinstance(records, (str, Path)):
        from depeche.io.writers import read_records

        records = read_records(records)
    return {name: table.to_pandas(types_mapper=pd.ArrowDtype) for name, table in to_arrow(records).items()}


# --- writing ---------------------------------------------------------------------------------------------


@dataclass
class TablesSummary:
    records: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # per table
    files: dict[str, Path] = field(default_factory=dict)  # per table


def table_paths(folder: str | Path, fmt: str) -> dict[str, Path]:
    """Where `write_tables` puts each table: `<folder>/<table>.parquet` (or `.csv`)."""
    if fmt not in FORMATS:
        raise TablesError(f"unknown table format {fmt!r} (known: {', '.join(FORMATS)})")
    return {name: Path(folder) / f"{name}{SUFFIX[fmt]}" for name in TABLES}


def _csv_ready(table: pyarrow.Table) -> pyarrow.Table:
    """A table CSV can hold: every list column as the JSON array of its values."""
    pa = _arrow()
    for index, column in enumerate(table.schema):
        if pa.types.is_list(column.type):
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in table.column(index).to_pylist()]
            table = table.set_column(index, pa.field(column.name, pa.string()), pa.array(values, pa.string()))
    return table


def write_tables(
    records: Iterable[ArticleRecord], folder: str | Path, fmt: str = "parquet", *, force: bool = False, chunk: int = CHUNK
) -> TablesSummary:
    """One file per table of `TABLES` in `folder` (created), Parquet or CSV (UTF-8, a header line), written
    `chunk` records at a time. Each file is written beside its final name and moved there at the end, so an
    interrupted run leaves no half-written table; an existing table is refused unless `force`."""
    pa = _arrow()
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    paths = table_paths(folder, fmt)
    if not force:
        existing = [str(p) for p in paths.values() if p.exists()]
        if existing:
            raise TablesError(f"{existing[0]} exists (use --force to overwrite)")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise TablesError(f"{folder}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    tables = schemas()
    partial = {name: path.with_name(path.name + ".partial") for name, path in paths.items()}
    writers: dict[str, Any] = {}
    summary = TablesSummary(rows={name: 0 for name in TABLES}, files=paths)
    try:
        for name in TABLES:
            if fmt == "parquet":
                writers[name] = pq.ParquetWriter(partial[name], tables[name])
            else:
                writers[name] = pcsv.CSVWriter(partial[name], _csv_ready(tables[name].empty_table()).schema)
        for batch in _chunks(records, chunk):
            summary.records += len(batch["articles"])
            for name in TABLES:
                table = pa.Table.from_pylist(batch[name], schema=tables[name])
                summary.rows[name] += table.num_rows
                if table.num_rows:
                    writers[name].write_table(table if fmt == "parquet" else _csv_ready(table))
        for writer in writers.values():
            writer.close()
        writers.clear()
        for name in TABLES:
            os.replace(partial[name], paths[name])
    finally:
        for writer in writers.values():
            writer.close()
        for path in partial.values():
            path.unlink(missing_ok=True)
    return summary
