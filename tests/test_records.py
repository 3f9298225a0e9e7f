"""The record contract: spans can only point at the source, dates are days, the schema is published."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from depeche.cli import app
from depeche.records import Article, ArticleRecord, DealParty, Money, Organisation, Person, Span, TimeExpression

TEXT = "Walmart prépare son offre pour TikTok."


@pytest.mark.parametrize(("start", "end", "expected"), [(0, 7, "Walmart"), (31, 37, "TikTok"), (0, 0, "")])
def test_span_at_takes_the_source_text(start, end, expected):
    assert Span.at(TEXT, start, end) == Span(start=start, end=end, text=expected)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, len(TEXT) + 1)])
def test_span_at_refuses_offsets_outside_the_text(start, end):
    with pytest.raises(ValueError):
        Span.at(TEXT, start, end)


def test_span_shifted_keeps_its_text():
    assert Span.at(TEXT, 0, 7).shifted(10) == Span(start=10, end=17, text="Walmart")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2020-11-25", dt.date(2020, 11, 25)), ("2020-11-25T08:30:00+01:00", dt.date(2020, 11, 25)), ("", None), (None, None)],
)
def test_published_is_a_day(given, expected):
    assert Article(id="a", text=TEXT, published=given).published == expected


def test_published_serialises_as_iso_day():
    record = ArticleRecord(article=Article(id="a", text=TEXT, published="2021-02-11"))
    dumped = json.loads(record.model_dump_json())
    assert dumped["article"]["published"] == "2021-02-11"
    assert dumped["schema_version"] == "2"
    assert {k: dumped[k] for k in ("organisations", "people", "dates", "deadlines", "deals", "warnings")} == {
        k: [] for k in ("organisations", "people", "dates", "deadlines", "deals", "warnings")
    }


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Article(id="a", text=TEXT, colour="blue")


def test_schema_command_prints_the_records_json_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "ArticleRecord"
    assert {"article", "organisations", "people", "dates", "deadlines", "deals", "warnings"} <= set(schema["properties"])
    assert {"start", "end", "text"} == set(schema["$defs"]["Span"]["properties"])


# --- schema 2: confidence and via ---------------------------------------------------

_SCORED = {
    "Organisation": lambda **kw: Organisation(id="veolia", name="Veolia", **kw),
    "Person": lambda **kw: Person(id="p", name="P", **kw),
    "TimeExpression": lambda **kw: TimeExpression(value="2020", type="date", granularity="year", span=Span.at(TEXT, 0, 4), **kw),
    "Money": lambda **kw: Money(value=1.0, currency="EUR", span=Span.at(TEXT, 0, 4), **kw),
    "DealParty": lambda **kw: DealParty(role="buyer", name="Walmart", span=Span.at(TEXT, 0, 7), **kw),
}


@pytest.mark.parametrize("make", list(_SCORED.values()), ids=list(_SCORED))
@pytest.mark.parametrize("confidence", [0.0, 0.55, 1.0])
def test_items_carry_a_confidence_between_0_and_1_and_their_via(make, confidence):
    item = make(confidence=confidence, via=["x.rule:a", "ner.model"])
    assert item.confidence == confidence and item.via == ["x.rule:a", "ner.model"]


@pytest.mark.parametrize("make", list(_SCORED.values()), ids=list(_SCORED))
@pytest.mark.parametrize("confidence", [-0.1, 1.01])
def test_a_confidence_outside_0_1_is_refused(make, confidence):
    with pytest.raises(ValidationError):
        make(confidence=confidence)


@pytest.mark.parametrize("make", list(_SCORED.values()), ids=list(_SCORED))
def test_schema_1_items_read_without_confidence_nor_via(make):
    item = make()
    assert item.confidence is None and item.via == []


def test_a_schema_1_record_reads_and_keeps_its_version():
    line = json.dumps({
        "schema_version": "1", "article": {"id": "a", "text": TEXT},
        "organisations": [{"id": "walmart", "name": "Walmart", "mentions": [{"start": 0, "end": 7, "text": "Walmart"}]}],
        "deals": [{"id": "deal1", "kind": "acquisition", "status": "proposed"}],
    })
    record = ArticleRecord.model_validate_json(line)
    assert record.schema_version == "1"
    assert record.organisations[0].confidence is None and record.deals[0].status_via == []


@pytest.mark.parametrize("version", ["0", "3", 2])
def test_unknown_schema_versions_are_refused(version):
    with pytest.raises(ValidationError):
        ArticleRecord.model_validate({"schema_version": version, "article": {"id": "a", "text": TEXT}})


def test_the_json_schema_names_version_2_and_describes_confidence():
    schema = ArticleRecord.model_json_schema()
    assert schema["$id"].endswith(":2")
    assert schema["properties"]["schema_version"]["enum"] == ["1", "2"]
    confidence = schema["$defs"]["Organisation"]["properties"]["confidence"]
    assert "calibrated" in confidence["description"]
    assert {"status_confidence", "status_via"} <= set(schema["$defs"]["Deal"]["properties"])
