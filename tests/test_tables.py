"""`depeche.to_frames` and `depeche export --format csv|parquet`: one table per kind, keyed, spans as columns."""

from __future__ import annotations

import json
import sys

import pytest

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
import pyarrow.csv as pcsv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from typer.testing import CliRunner  # noqa: E402
from viewer_fixtures import at, deal_record, hostile_record, plain_record  # noqa: E402

import depeche  # noqa: E402
from depeche import tables  # noqa: E402
from depeche.cli import app  # noqa: E402
from depeche.records import ArticleRecord, Deal, DealParty, Money, TimeExpression  # noqa: E402


def bare_deal_record() -> ArticleRecord:
    """A deal with no trigger, amount, stake or evidence; a price per share; a duration: the empty slots."""
    text = "Nordlys paiera 12 euros par action à Legrand pendant une semaine."
    record = plain_record("bare", text, published="2022-03-08", orgs=("Nordlys", "Legrand"))
    record.deals = [
        Deal(
            id="deal1", kind="acquisition", status="proposed",
            parties=[DealParty(role="buyer", name="Nordlys", ref="o1", span=at(text, "Nordlys"))],
            price_per_share=Money(value=12.0, currency="EUR", span=at(text, "12 euros par action")),
        )
    ]
    record.dates = [TimeExpression(value="P1W", type="duration", granularity="duration", span=at(text, "une semaine"))]
    return record


RECORDS = [deal_record(), hostile_record(), plain_record("nothing", "Rien à signaler ici, vraiment rien."), bare_deal_record(),
           deal_record("a-deal-2", published="2021-01-05")]

# Rows each table must have, counted from the records themselves.
EXPECTED = {
    "articles": lambda r: 1,
    "organisations": lambda r: len(r.organisations),
    "people": lambda r: len(r.people),
    "roles": lambda r: sum(len(p.roles) for p in r.people),
    "mentions": lambda r: sum(len(e.mentions) for e in [*r.organisations, *r.people]),
    "dates": lambda r: len(r.dates),
    "deadlines": lambda r: len(r.deadlines),
    "deals": lambda r: len(r.deals),
    "deal_parties": lambda r: sum(len(d.parties) for d in r.deals),
}
KEYS = {
    "articles": ["article_id"],
    "organisations": ["article_id", "organisation_id"],
    "people": ["article_id", "person_id"],
    "roles": ["article_id", "person_id", "role_index"],
    "mentions": ["article_id", "item_type", "item_id", "mention_index"],
    "dates": ["article_id", "date_index"],
    "deadlines": ["article_id", "deadline_id"],
    "deals": ["article_id", "deal_id"],
    "deal_parties": ["article_id", "deal_id", "party_index"],
}
FRAMES = depeche.to_frames(RECORDS)
TEXTS = {r.article.id: r.article.text for r in RECORDS}


def expected_rows(name: str, records=RECORDS) -> int:
    return sum(EXPECTED[name](r) for r in records)


def test_every_kind_is_a_table():
    assert tuple(FRAMES) == tables.TABLES == tuple(EXPECTED)
    assert all(isinstance(frame, pd.DataFrame) for frame in FRAMES.values())


@pytest.mark.parametrize("name", tables.TABLES)
def test_row_counts_match_the_records(name):
    assert len(FRAMES[name]) == expected_rows(name) > 0


@pytest.mark.parametrize("name", tables.TABLES)
def test_each_table_is_keyed_by_article_and_item(name):
    frame = FRAMES[name]
    assert frame.columns[0] == "article_id"
    assert not frame.duplicated(KEYS[name]).any()
    assert set(frame["article_id"]) <= set(TEXTS)


def _span_prefixes(frame) -> list[str]:
    return [c[: -len("_start")] for c in frame.columns if c.endswith("_start") and f"{c[:-6]}_end" in frame.columns]


@pytest.mark.parametrize("name", [n for n in tables.TABLES if n not in ("articles", "organisations", "people")])
def test_every_span_column_is_the_article_text_at_its_offsets(name):
    frame = FRAMES[name]
    prefixes = _span_prefixes(frame)
    assert prefixes, f"{name} has no span columns"
    checked = 0
    for row in frame.to_dict("records"):
        for prefix in prefixes:
            start, end, text = row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"]
            if start is None or start is pd.NA:
                assert end is None or end is pd.NA
                continue
            assert TEXTS[row["article_id"]][start:end] == text
            checked += 1
    assert checked >= expected_rows(name)


def test_values_of_a_deal_row():
    row = FRAMES["deals"].set_index(["article_id", "deal_id"]).loc[("a-deal", "deal1")]
    assert (row["kind"], row["status"]) == ("stake", "negotiating")
    assert (row["amount_value"], row["amount_currency"], row["amount_text"]) == (2.5e9, "USD", "2,5 milliards de dollars")
    assert row["stake_percent"] == 20.0 and row["trigger_text"] == "racheter"
    assert list(row["conditions"]) == ["accord du CFIUS"] and list(row["new_entities"]) == ["TikTok Global"]
    assert row["reported_by_name"] == "Reuters" and list(row["deadline_ids"]) == ["d1"] and row["n_parties"] == 4
    assert row["evidence_text"].startswith("Oracle va racheter")


def test_missing_slots_are_nulls_not_zeros():
    row = FRAMES["deals"].set_index("article_id").loc["bare"]
    for column in ("trigger_start", "amount_value", "amount_start", "stake_percent", "evidence_start", "reported_by_name"):
        assert row[column] is pd.NA, column
    assert row["price_per_share_value"] == 12.0
    assert str(FRAMES["deals"]["trigger_start"].dtype) == "int64[pyarrow]"  # nullable ints stay ints


def test_joins_give_one_row_per_deal_party():
    joined = FRAMES["deal_parties"].merge(FRAMES["deals"], on=["article_id", "deal_id"], suffixes=("", "_deal"))
    assert len(joined) == expected_rows("deal_parties")
    buyers = joined[joined["role"] == "buyer"].merge(FRAMES["organisations"], left_on=["article_id", "ref"],
                                                     right_on=["article_id", "organisation_id"], suffixes=("", "_org"))
    assert set(buyers["kind_org"]) == {"company"} and len(buyers) == 3


def test_articles_table_keeps_metadata_and_types():
    articles = FRAMES["articles"].set_index("article_id")
    assert articles.loc["a-deal", "published"].isoformat() == "2020-11-25"
    assert articles.loc["nothing", "published"] is pd.NA
    assert list(articles.loc["a-deal", "warnings"]) == ["a warning for the viewer"]
    assert articles.loc[hostile_record().article.id, "text"] == hostile_record().article.text


def test_to_frames_reads_a_records_file(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in RECORDS), encoding="utf-8")
    frames = depeche.to_frames(path)
    assert {name: len(frame) for name, frame in frames.items()} == {name: expected_rows(name) for name in tables.TABLES}


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_parquet_read_back_with_pyarrow(tmp_path, chunk):
    summary = tables.write_tables(RECORDS, tmp_path / "t", "parquet", chunk=chunk)
    schemas = tables.schemas()
    for name in tables.TABLES:
        table = pq.read_table(tmp_path / "t" / f"{name}.parquet")
        assert table.num_rows == expected_rows(name) == summary.rows[name]
        assert table.schema.equals(schemas[name])
    assert summary.records == len(RECORDS)
    assert not list((tmp_path / "t").glob("*.partial"))


@pytest.mark.parametrize("name", tables.TABLES)
def test_csv_read_back(tmp_path, name):
    tables.write_tables(RECORDS, tmp_path, "csv")
    table = pcsv.read_csv(tmp_path / f"{name}.csv")
    assert table.num_rows == expected_rows(name)
    assert table.column_names == tables.schemas()[name].names
    frame = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
    for column, kind in zip(tables.schemas()[name].names, tables.schemas()[name].types):
        if pa.types.is_list(kind):  # lists are JSON arrays in CSV
            assert all(isinstance(json.loads(cell), list) for cell in frame[column] if cell)


def test_no_records_still_gives_every_table_with_its_columns(tmp_path):
    tables.write_tables([], tmp_path / "p", "parquet")
    tables.write_tables([], tmp_path / "c", "csv")
    for name in tables.TABLES:
        assert pq.read_table(tmp_path / "p" / f"{name}.parquet").schema.names == tables.schemas()[name].names
        header = (tmp_path / "c" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert len(header) == 1 and header[0].startswith('"article_id"')


def test_an_existing_table_is_refused_without_force(tmp_path):
    tables.write_tables(RECORDS[:1], tmp_path, "parquet")
    with pytest.raises(tables.TablesError, match="exists"):
        tables.write_tables(RECORDS, tmp_path, "parquet")
    assert pq.read_table(tmp_path / "articles.parquet").num_rows == 1
    tables.write_tables(RECORDS, tmp_path, "parquet", force=True)
    assert pq.read_table(tmp_path / "articles.parquet").num_rows == len(RECORDS)


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("organisations", ["confidence", "via"]),
        ("people", ["confidence", "via"]),
        ("roles", ["confidence", "via"]),
        ("dates", ["confidence", "via"]),
        ("deadlines", ["confidence", "via"]),
        ("deals", ["confidence", "via", "status_confidence", "status_via", "amount_confidence", "amount_via"]),
        ("deal_parties", ["confidence", "via"]),
    ],
)
def test_schema_2_tables_carry_confidence_and_via(table, columns):
    schema = tables.schemas()[table]
    for name in columns:
        expected = pa.float64() if name.endswith("confidence") else pa.list_(pa.string())
        assert schema.field(name).type == expected, name
    assert "confidence" not in tables.schemas()["mentions"].names  # a mention has none


def test_confidence_and_via_reach_the_written_tables(tmp_path):
    record = deal_record()
    deal = record.deals[0].model_copy(update={"confidence": 0.75, "via": ["deals.trigger:racheter"], "status_confidence": 0.6,
                                              "status_via": ["deals.status:cue"]})
    record = record.model_copy(update={"deals": [deal]})
    tables.write_tables([record], tmp_path, "parquet")
    written = pq.read_table(tmp_path / "deals.parquet").to_pylist()[0]
    assert (written["confidence"], written["via"]) == (0.75, ["deals.trigger:racheter"])
    assert (written["status_confidence"], written["status_via"]) == (0.6, ["deals.status:cue"])
    schema_1 = pq.read_table(tmp_path / "deal_parties.parquet").to_pylist()
    assert all(row["confidence"] is None and row["via"] == [] for row in schema_1)


def test_missing_pyarrow_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(tables.TablesError, match=r"pip install 'depeche\[tables\]'"):
        tables.schemas()


# --- the command -------------------------------------------------------------------------------------------


@pytest.fixture
def records_file(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in RECORDS), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_command_writes_every_table(tmp_path, records_file, fmt):
    out = tmp_path / "tables"
    result = CliRunner().invoke(app, ["export", "--format", fmt, str(records_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name in tables.TABLES:
        path = out / f"{name}{tables.SUFFIX[fmt]}"
        rows = pq.read_table(path).num_rows if fmt == "parquet" else pcsv.read_csv(path).num_rows
        assert rows == expected_rows(name)
    assert f"{len(RECORDS)} records -> 9 {fmt} tables" in result.output
    assert f"{expected_rows('deal_parties')} deal_parties" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xlsx"], "--format xlsx: unknown export format"),
        (["--format", "parquet", "--config", "c.xml"], "--config is for --format label-studio"),
    ],
)
def test_export_command_refuses_bad_options_in_one_line(tmp_path, records_file, args, message):
    result = CliRunner().invoke(app, ["export", str(records_file), "-o", str(tmp_path / "t"), *args])
    assert result.exit_code == 2
    assert result.output.strip() == f"depeche: {message}" or message in result.output.strip().splitlines()[-1]
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "t").exists()


def test_export_command_refuses_to_overwrite_without_force(tmp_path, records_file):
    out = tmp_path / "t"
    assert CliRunner().invoke(app, ["export", "--format", "parquet", str(records_file), "-o", str(out)]).exit_code == 0
    again = CliRunner().invoke(app, ["export", "--format", "parquet", str(records_file), "-o", str(out)])
    assert again.exit_code == 2 and "exists (use --force to overwrite)" in again.output
    forced = CliRunner().invoke(app, ["export", "--format", "parquet", str(records_file), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize("content, message", [(None, "no such file"), ("{not json\n", "not a depeche record")])
def test_export_command_names_a_bad_records_file(tmp_path, content, message):
    path = tmp_path / "records.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "--format", "csv", str(path), "-o", str(tmp_path / "t")])
    assert result.exit_code == 2
    assert str(path) in result.output and message in result.output
    assert "Traceback" not in result.output


def test_importing_depeche_does_not_import_pandas_or_pyarrow():
    import subprocess

    code = "import sys, depeche; print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert callable(depeche.to_frames) and "to_frames" in depeche.__all__
