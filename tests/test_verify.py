"""`depeche verify` and `verify.check_record`: every span against its text, every id reference."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from depeche.cli import app
from depeche.records import Article, ArticleRecord, Deadline, Organisation, Person, Role, Span
from depeche.verify import check_record

TEXT = "Antoine Frérot, PDG de Veolia, a fixé une date limite au 4 décembre."


def span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span.at(TEXT, start, start + len(fragment))


def sound_record() -> ArticleRecord:
    return ArticleRecord(
        article=Article(id="veolia", text=TEXT),
        organisations=[Organisation(id="veolia", name="Veolia", kind="company", mentions=[span("Veolia")])],
        people=[
            Person(
                id="antoine-frerot",
                name="Antoine Frérot",
                roles=[Role(title="PDG", organisation="veolia", span=span("PDG de Veolia"))],
                mentions=[span("Antoine Frérot")],
            )
        ],
        deadlines=[
            Deadline(
                id="deadline-1",
                date="2020-12-04",
                span=span("4 décembre"),
                trigger=span("date limite"),
                parties=["antoine-frerot"],
                evidence=Span.at(TEXT, 0, len(TEXT)),
            )
        ],
    )


def test_a_sound_record_has_no_problem():
    assert check_record(sound_record()) == []


def _break(record: ArticleRecord, how: str) -> ArticleRecord:
    if how == "span text":
        record.organisations[0].mentions[0] = Span(start=23, end=29, text="Veolla")
    elif how == "span offsets":
        record.people[0].mentions[0] = Span(start=60, end=600, text="x")
    elif how == "role organisation":
        record.people[0].roles[0] = Role(title="PDG", organisation="suez", span=span("PDG de Veolia"))
    elif how == "deadline party":
        record.deadlines[0].parties = ["engie"]
    elif how == "duplicate id":
        record.organisations.append(record.organisations[0])
    return record


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("span text", "$.organisations[0].mentions[0]: text 'Veolla'"),
        ("span offsets", "$.people[0].mentions[0]: offsets [60, 600) outside"),
        ("role organisation", "$.people[0].roles[0].organisation: no organisation 'suez'"),
        ("deadline party", "$.deadlines[0].parties: no organisation or person 'engie'"),
        ("duplicate id", "$.organisations: id 'veolia' used twice"),
    ],
)
def test_each_kind_of_problem_is_named(how, expected):
    problems = check_record(_break(sound_record(), how))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_verify_command_passes_a_sound_file(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(sound_record().model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 records" in result.stdout


def test_verify_command_names_each_failure_and_exits_non_zero(tmp_path):
    path = tmp_path / "records.jsonl"
    lines = [sound_record(), _break(sound_record(), "span text"), _break(sound_record(), "deadline party")]
    path.write_text("".join(r.model_dump_json() + "\n" for r in lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 1
    assert "veolia: $.organisations[0].mentions[0]" in result.stdout
    assert "veolia: $.deadlines[0].parties" in result.stdout
    assert "2 problem(s) in 3 record(s)" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"{not json\n", "not a depeche record"), (b"\xff\xfe\x00", "cannot be read as UTF-8")],
)
def test_verify_command_explains_an_unreadable_file(tmp_path, content, message):
    path = tmp_path / "records.jsonl"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
