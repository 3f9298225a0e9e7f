"""The record contract: spans can only point at the source, dates are days, the schema is published."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from depeche.cli import app
from depeche.records import Article, ArticleRecord, Span

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
    assert dumped["schema_version"] == "1"
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
