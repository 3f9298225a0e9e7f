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


# --- schema 1 and 2; records under a confidence (convert.filter_confidence) ----------


def test_verify_command_accepts_schema_1_and_2_records_in_one_file(tmp_path):
    old = sound_record().model_dump(mode="json", exclude_defaults=True)
    old["schema_version"] = "1"
    for org in old["organisations"]:
        assert "confidence" not in org and "via" not in org
    new = sound_record()
    new.organisations[0].confidence, new.organisations[0].via = 0.9, ["organisations.gazetteer"]
    path = tmp_path / "records.jsonl"
    import json

    path.write_text(json.dumps(old) + "\n" + new.model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 records" in result.stdout


def scored_record(org: float | None, person: float | None, role: float | None, deadline: float | None) -> ArticleRecord:
    """sound_record() with a deal that refers to everything, and the given confidences."""
    from depeche.records import Deal, DealParty, Money, Source

    record = sound_record()
    record.organisations[0].confidence = org
    record.people[0].confidence = person
    record.people[0].roles[0].confidence = role
    record.deadlines[0].confidence = deadline
    record.deals.append(
        Deal(
            id="deal1", kind="acquisition", status="proposed", deadlines=["deadline-1"],
            parties=[
                DealParty(role="buyer", name="Veolia", ref="veolia", span=span("Veolia"), confidence=0.95),
                DealParty(role="target", name="Antoine Frérot", ref="antoine-frerot", span=span("Antoine Frérot"), confidence=0.3),
            ],
            reported_by=Source(name="Antoine Frérot", ref="antoine-frerot", span=span("Antoine Frérot")),
            amount=Money(value=4.0, currency="EUR", span=span("4"), confidence=0.5),
            confidence=0.9,
        )
    )
    return record


@pytest.mark.parametrize(
    ("confidences", "threshold"),
    [
        ((0.1, 0.9, 0.9, 0.9), 0.5),  # the organisation goes: the role, the party lose their reference
        ((0.9, 0.1, 0.9, 0.9), 0.5),  # the person goes: deadline parties, source ref
        ((0.9, 0.9, 0.9, 0.1), 0.5),  # the deadline goes: deals[].deadlines
        ((0.1, 0.1, 0.1, 0.1), 0.5),  # all of them
        ((None, None, None, None), 0.3),  # no confidence: kept; the party at 0.3 too
        ((0.5, 0.5, 0.5, 0.5), 0.5),  # at the threshold: kept
    ],
)
def test_filtering_by_confidence_leaves_no_dangling_reference(confidences, threshold):
    from depeche.convert import filter_confidence

    record = scored_record(*confidences)
    assert check_record(record) == []
    kept = filter_confidence(record, threshold)
    assert check_record(kept) == []
    org, person, role, deadline = (c is None or c >= threshold for c in confidences)
    assert [o.id for o in kept.organisations] == (["veolia"] if org else [])
    assert [p.id for p in kept.people] == (["antoine-frerot"] if person else [])
    assert bool(kept.people and kept.people[0].roles) == (person and role)
    if person and role:
        assert kept.people[0].roles[0].organisation == ("veolia" if org else None)
    assert [d.id for d in kept.deadlines] == (["deadline-1"] if deadline else [])
    deal = kept.deals[0]
    assert deal.deadlines == [d.id for d in kept.deadlines]
    assert deal.parties[0].ref == ("veolia" if org else None)
    assert deal.reported_by.ref == ("antoine-frerot" if person else None)
    assert len(deal.parties) == (2 if threshold <= 0.3 else 1)  # the target party's own 0.3
    assert (deal.amount is not None) == (threshold <= 0.5)


@pytest.mark.parametrize("threshold", [0.0, 0.91, 1.0])
def test_the_deal_itself_goes_under_the_threshold(threshold):
    from depeche.convert import filter_confidence

    kept = filter_confidence(scored_record(0.9, 0.9, 0.9, 0.9), threshold)
    assert len(kept.deals) == (1 if threshold <= 0.9 else 0)
    assert check_record(kept) == []


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_a_threshold_outside_0_1_is_refused(threshold):
    from depeche.convert import filter_confidence

    with pytest.raises(ValueError, match="between 0 and 1"):
        filter_confidence(sound_record(), threshold)
