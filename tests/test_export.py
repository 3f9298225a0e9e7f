"""`depeche export --format label-studio`: tasks with pre-annotations, and the labeling config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner
from viewer_fixtures import deal_record, hostile_record, plain_record

from depeche.cli import app
from depeche.export import FROM_NAME, LABELS, RELATIONS, TO_NAME, ExportSummary, labeling_config, to_label_studio
from depeche.records import Deal

TASK = to_label_studio([deal_record()])[0]
REGIONS = [r for r in TASK["predictions"][0]["result"] if r["type"] == "labels"]
RELATIONS_OUT = [r for r in TASK["predictions"][0]["result"] if r["type"] == "relation"]
BY_ID = {r["id"]: r for r in REGIONS}


def test_task_carries_the_text_and_metadata():
    assert TASK["data"]["text"] == deal_record().article.text
    assert TASK["data"]["id"] == "a-deal" and TASK["data"]["published"] == "2020-11-25"
    assert TASK["predictions"][0]["model_version"].startswith("depeche ")


def test_every_region_is_the_text_at_its_offsets():
    text = TASK["data"]["text"]
    for region in REGIONS:
        value = region["value"]
        assert value["text"] == text[value["start"] : value["end"]]
        assert region["from_name"] == FROM_NAME and region["to_name"] == TO_NAME
        assert len(value["labels"]) == 1 and value["labels"][0] in LABELS
    assert len(BY_ID) == len(REGIONS)  # ids unique


@pytest.mark.parametrize(
    "label, texts",
    [
        ("Organisation", {"Oracle", "TikTok", "ByteDance", "Walmart", "CFIUS", "Reuters", "Maison Blanche"}),
        ("Person", {"Jen Psaki"}),
        ("Role", {"porte-parole de la Maison Blanche"}),
        ("Date", {"4 décembre"}),
        ("Deadline", {"4 décembre"}),
        ("Deal", {"racheter"}),
        ("Party", {"Oracle", "TikTok", "ByteDance", "CFIUS"}),
        ("Money", {"2,5 milliards de dollars"}),
        ("Stake", {"20 %"}),
        ("Asset", {"20 % de TikTok"}),
        ("Source", {"Reuters"}),
        ("Condition", {"accord du CFIUS"}),
    ],
)
def test_each_kind_of_span_becomes_a_labelled_region(label, texts):
    assert {r["value"]["text"] for r in REGIONS if r["value"]["labels"] == [label]} == texts


def test_parties_are_tied_to_the_deal_trigger_by_their_role():
    trigger = next(r["id"] for r in REGIONS if r["value"]["labels"] == ["Deal"])
    parties = {(BY_ID[r["from_id"]]["value"]["text"], r["labels"][0]) for r in RELATIONS_OUT if r["to_id"] == trigger}
    assert parties == {("Oracle", "buyer"), ("TikTok", "target"), ("ByteDance", "seller"), ("CFIUS", "regulator")}
    for relation in RELATIONS_OUT:
        assert relation["from_id"] in BY_ID and relation["to_id"] in BY_ID
        assert relation["direction"] == "right" and relation["labels"][0] in RELATIONS


def test_deal_trigger_is_tied_to_its_deadline():
    deadline = next(r["id"] for r in REGIONS if r["value"]["labels"] == ["Deadline"])
    assert [r["labels"] for r in RELATIONS_OUT if r["to_id"] == deadline] == [["deadline"]]


def test_a_deal_without_trigger_keeps_its_regions_but_no_relation():
    record = deal_record()
    record.deals[0] = Deal.model_validate({**record.deals[0].model_dump(), "trigger": None})
    summary = ExportSummary()
    result = to_label_studio([record], summary)[0]["predictions"][0]["result"]
    parties = {r["id"] for r in result if r["type"] == "labels" and r["value"]["labels"] == ["Party"]}
    assert not [r for r in result if r["type"] == "relation" and {r["from_id"], r["to_id"]} & parties]
    assert summary.unlinked_parties == 4
    assert any(r["value"]["labels"] == ["Party"] for r in result if r["type"] == "labels")


def test_a_record_with_nothing_gives_an_empty_prediction():
    task = to_label_studio([plain_record("x", "Rien.")])[0]
    assert task["predictions"][0]["result"] == []


def test_labeling_config_matches_the_tasks():
    root = ET.fromstring(labeling_config())
    labels = root.find("Labels")
    text = root.find("Text")
    assert labels.get("name") == FROM_NAME and labels.get("toName") == TO_NAME
    assert text.get("name") == TO_NAME and text.get("value") == "$text"
    assert {label.get("value") for label in labels} == set(LABELS)
    assert {r.get("value") for r in root.find("Relations")} == set(RELATIONS)
    used = {r["value"]["labels"][0] for r in REGIONS} | {r["labels"][0] for r in RELATIONS_OUT}
    assert used <= set(LABELS) | set(RELATIONS)


def test_export_command(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.model_dump_json() + "\n" for r in (deal_record(), hostile_record())), encoding="utf-8")
    out, config = tmp_path / "ls" / "tasks.json", tmp_path / "ls" / "config.xml"
    result = CliRunner().invoke(app, ["export", "--format", "label-studio", str(records), "-o", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["id"] for t in tasks] == ["a-deal", hostile_record().article.id]
    assert tasks[1]["data"]["text"] == hostile_record().article.text
    assert ET.fromstring(config.read_text(encoding="utf-8")).tag == "View"
    assert "2 tasks" in result.output


def test_export_command_refuses_an_unknown_format(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(deal_record().model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "--format", "doccano", str(records), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 2 and "unknown export format" in result.output


# --- schema 2: each result carries the item's confidence as `score` -------------------


def _scored(confidence: float | None):
    record = deal_record()
    orgs = [o.model_copy(update={"confidence": confidence}) for o in record.organisations]
    deals = [
        d.model_copy(update={"confidence": confidence, "parties": [p.model_copy(update={"confidence": confidence}) for p in d.parties]})
        for d in record.deals
    ]
    return record.model_copy(update={"organisations": orgs, "deals": deals})


@pytest.mark.parametrize("confidence", [0.0, 0.42, 1.0])
def test_every_result_of_a_scored_item_carries_its_score(confidence):
    task = to_label_studio([_scored(confidence)])[0]
    prediction = task["predictions"][0]
    results = [r for r in prediction["result"] if r["type"] != "relation"]
    for label in ("Organisation", "Party", "Deal"):
        ids = {r["id"] for r in results if r["type"] == "labels" and r["value"]["labels"] == [label]}
        assert ids, label
        assert all(r["score"] == confidence for r in results if r["id"] in ids), label
    assert prediction["score"] == pytest.approx(confidence)


def test_items_without_confidence_have_no_score():
    task = to_label_studio([_scored(None)])[0]
    assert "score" not in task["predictions"][0]
    assert not any("score" in r for r in task["predictions"][0]["result"])


def test_scored_tasks_still_round_trip_through_import(tmp_path):
    from test_review_import import submitted

    from depeche import evaluate
    from depeche.export import import_label_studio

    record = _scored(0.9)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(submitted(to_label_studio([record]))), encoding="utf-8")
    summary = import_label_studio(path, tmp_path / "dev")
    assert not summary.skipped
    report = evaluate.evaluate([record], tmp_path / "dev" / "gold")
    assert all(score.fp == score.fn == 0 for score in report.fields.values()), report.errors
    assert report.reliability()["organisations"]["at_least"]["precision"] == 1.0
