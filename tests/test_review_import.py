"""`depeche import --format label-studio`: corrected Label Studio annotations back as gold `depeche evaluate` reads.

The round trip: records -> `depeche export --format label-studio` -> a reviewer submits each task (Label Studio
copies the prediction into the annotation, ids kept) -> `depeche import` -> gold that scores the same records
at F1 = 1 on every field, with the records' own values.
"""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner
from viewer_fixtures import DEAL_TEXT, at, deal_record, hostile_record, plain_record

from depeche import evaluate
from depeche.cli import app
from depeche.evaluate import GoldArticle, load_gold, span_problems
from depeche.export import ReviewImportError, from_label_studio, import_label_studio, to_label_studio
from depeche.records import (
    ArticleRecord,
    Deal,
    DealParty,
    Money,
    Organisation,
    Person,
    Source,
    Stake,
    TimeExpression,
)


def rich_record() -> ArticleRecord:
    """deal_record plus what it lacks: a second deal (price per share, its source a person), aliases seen as
    mentions, a duration, a deadline of another kind, an organisation without mention in any deal."""
    text = DEAL_TEXT + " Psaki a ajouté que Walmart paierait 54,20 dollars par action, selon Wallmart, pour 5 % de Tiktok sur une semaine."
    base = deal_record(text=text)
    orgs = {o.id: o for o in base.organisations}
    orgs["o4"] = Organisation(id="o4", name="Walmart", aliases=["Wallmart"], kind="company",
                              mentions=[at(text, "Walmart"), at(text, "Walmart", 1), at(text, "Wallmart")])
    orgs["o2"] = Organisation(id="o2", name="TikTok", aliases=["Tiktok"], kind="company",
                              mentions=[at(text, "TikTok"), at(text, "Tiktok")])
    psaki = base.people[0]
    people = [Person(id="p1", name="Jen Psaki", aliases=["Psaki"], roles=psaki.roles,
                     mentions=[at(text, "Jen Psaki"), at(text, "Psaki", 1)])]
    second = Deal(
        id="deal2", kind="stake", status="proposed", trigger=at(text, "paierait"),
        parties=[DealParty(role="buyer", name="Walmart", ref="o4", span=at(text, "Walmart", 1)),
                 DealParty(role="target", name="TikTok", ref="o2", span=at(text, "Tiktok"))],
        price_per_share=Money(value=54.2, currency="USD", span=at(text, "54,20 dollars par action")),
        stake=Stake(percent=5.0, span=at(text, "5 %")),
        reported_by=Source(name="Walmart", ref="o4", span=at(text, "Wallmart")),
    )
    deadline = base.deadlines[0].model_copy(update={"kind": "extension"})
    dates = [*base.dates, TimeExpression(value="P1W", type="duration", granularity="duration", span=at(text, "une semaine"))]
    return base.model_copy(update={
        "organisations": list(orgs.values()), "people": people, "deals": [*base.deals, second],
        "deadlines": [deadline], "dates": dates,
    })


RECORDS = {
    "deal": deal_record(),
    "rich": rich_record(),
    "hostile": hostile_record(),
    "nothing": plain_record("nothing", "Rien à signaler ici, vraiment rien du tout."),
}


def submitted(tasks: list[dict], user: int = 7) -> list[dict]:
    """Tasks as Label Studio (1.23) exports them (Export -> JSON) once a reviewer has submitted each one unchanged:
    the annotation's result is the prediction's, region ids kept."""
    out = []
    for number, task in enumerate(copy.deepcopy(tasks), start=1):
        result = task["predictions"][0]["result"]
        out.append({
            "id": number, "data": task["data"], "meta": {}, "project": 1, "drafts": [], "inner_id": number,
            "total_annotations": 1, "cancelled_annotations": 0, "total_predictions": 1, "updated_by": [{"user_id": user}],
            "annotations": [{"id": 100 + number, "completed_by": user, "result": result, "was_cancelled": False,
                             "ground_truth": False, "created_at": "2026-12-01T10:00:00Z", "updated_at": "2026-12-01T10:00:00Z",
                             "lead_time": 12.5, "task": number, "draft_created_at": None,
                             "prediction": {"id": 200 + number, "result": result}}],
            "predictions": [{"id": 200 + number, "model_version": task["predictions"][0]["model_version"], "result": result}],
        })
    return out


def gold_of(record: ArticleRecord, edit=None) -> tuple[GoldArticle, list[str]]:
    tasks = submitted(to_label_studio([record]))
    if edit is not None:
        edit(tasks[0]["annotations"][0]["result"])
    imported, skipped = from_label_studio(tasks)
    assert not skipped
    return imported[0].gold, imported[0].notes


@pytest.mark.parametrize("name", RECORDS)
def test_round_trip_scores_the_records_perfectly(tmp_path, name):
    record = RECORDS[name]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(submitted(to_label_studio([record]))), encoding="utf-8")
    summary = import_label_studio(path, tmp_path / "dev")
    assert [p.name for p in summary.gold] == [f"{record.article.id}.json"] and not summary.skipped
    report = evaluate.evaluate([record], tmp_path / "dev" / "gold")
    assert list(report.articles) == [record.article.id]
    for field, score in report.fields.items():
        assert score.fp == score.fn == 0, (field, report.errors)
    assert report.errors[record.article.id] == []


@pytest.mark.parametrize("name", RECORDS)
def test_round_trip_gives_the_records_own_values(name):
    record = RECORDS[name]
    gold, notes = gold_of(record)
    assert notes == []
    assert not span_problems(gold, record.article.text)
    orgs = {o.name: o for o in gold.organisations}
    assert set(orgs) == {o.name for o in record.organisations}
    for org in record.organisations:
        assert orgs[org.name].kind == org.kind
        assert [(m.start, m.end) for m in orgs[org.name].mentions] == sorted((m.start, m.end) for m in org.mentions)
        assert set(orgs[org.name].aliases) == {m.text for m in org.mentions} - {org.name}
    people = {p.name: p for p in gold.people}
    org_names = {o.id: o.name for o in record.organisations}
    assert {n: [(r.title, r.organisation, r.span.text) for r in p.roles] for n, p in people.items()} == {
        p.name: [(r.title, org_names.get(r.organisation), r.span.text) for r in p.roles] for p in record.people
    }
    assert [(d.text, d.value) for d in gold.dates] == [(d.span.text, d.value) for d in record.dates if d.type == "date"]
    names = {e.id: e.name for e in [*record.organisations, *record.people]}
    assert [(d.date, d.kind, d.text, d.parties, d.trigger.text if d.trigger else None) for d in gold.deadlines] == [
        (d.date, d.kind, d.span.text, [names[p] for p in d.parties], d.trigger.text if d.trigger else None) for d in record.deadlines
    ]
    assert len(gold.deals) == len(record.deals)
    for got, deal in zip(gold.deals, sorted(record.deals, key=lambda d: d.trigger.start)):
        assert (got.kind, got.status, got.trigger.text) == (deal.kind, deal.status, deal.trigger.text)
        assert sorted((p.role, p.name, p.span.start) for p in got.parties) == sorted((p.role, p.name, p.span.start) for p in deal.parties)
        for slot in ("amount", "price_per_share"):
            mine, theirs = getattr(got, slot), getattr(deal, slot)
            assert (mine.value, mine.currency, mine.span.text) == (theirs.value, theirs.currency, theirs.span.text) if theirs else mine is None
        assert (got.stake.percent, got.stake.span.text) == (deal.stake.percent, deal.stake.span.text) if deal.stake else got.stake is None
        assert got.reported_by == (deal.reported_by.name if deal.reported_by else None)
        assert got.new_entities == [e.name for e in deal.new_entities]
    assert gold.annotator == "Label Studio (user 7)"


# --- corrections made in Label Studio come back ------------------------------------------------------------


def _region(result, label, text):
    return next(r for r in result if r["type"] == "labels" and r["value"]["labels"] == [label] and r["value"]["text"] == text)


def _set(result, region, control, key, values):
    for item in result:
        if item.get("id") == region["id"] and item.get("from_name") == control:
            item["value"][key] = values
            return
    result.append({"id": region["id"], "from_name": control, "to_name": "text", "type": "textarea" if key == "text" else "choices",
                   "value": {**{k: region["value"][k] for k in ("start", "end", "text")}, key: values}})


def change_status(result):
    _set(result, _region(result, "Deal", "racheter"), "deal_status", "choices", ["agreed"])


def add_qualifier(result):
    _set(result, _region(result, "Deal", "racheter"), "deal_qualifiers", "choices", ["reported", "hypothetical"])


def delete_person(result):
    rid = _region(result, "Person", "Jen Psaki")["id"]
    result[:] = [r for r in result if r.get("id") != rid and rid not in (r.get("from_id"), r.get("to_id"))]


def add_mention_without_value(result):
    start = DEAL_TEXT.index("l'application")
    result.append({"id": "manual1", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                   "value": {"start": start, "end": start + 13, "text": "l'application", "labels": ["Organisation"]}})


def fix_date_value(result):
    _set(result, _region(result, "Date", "4 décembre"), "value", "text", ["2020-12-05"])


def reverse_party_relations(result):
    for item in result:
        if item.get("type") == "relation":
            item["from_id"], item["to_id"], item["direction"] = item["to_id"], item["from_id"], "left"


def mark_date_a_duration(result):
    _set(result, _region(result, "Date", "4 décembre"), "date_type", "choices", ["duration"])


@pytest.mark.parametrize(
    "edit, check",
    [
        (change_status, lambda g: g.deals[0].status == "agreed"),
        (add_qualifier, lambda g: g.deals[0].qualifiers == ["reported", "hypothetical"]),
        (delete_person, lambda g: g.people == []),
        (add_mention_without_value, lambda g: [o.mentions[0].text for o in g.organisations if o.name == "l'application"] == ["l'application"]
         and next(o for o in g.organisations if o.name == "l'application").kind == "other"),
        (fix_date_value, lambda g: [d.value for d in g.dates] == ["2020-12-05"]),
        (reverse_party_relations, lambda g: {(p.role, p.name) for p in g.deals[0].parties}
         == {("buyer", "Oracle"), ("target", "TikTok"), ("seller", "ByteDance"), ("regulator", "CFIUS")}
         and g.people[0].roles[0].organisation == "Maison Blanche" and g.deadlines[0].parties == ["ByteDance"]),
        (mark_date_a_duration, lambda g: g.dates == []),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_a_correction_becomes_the_gold(edit, check):
    gold, _ = gold_of(deal_record(), edit)
    assert check(gold)


def test_a_mention_without_value_joins_the_entity_it_names():
    def add(result):
        start = DEAL_TEXT.index("Oracle", 10)
        result.append({"id": "manual2", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": start + 6, "text": "Oracle", "labels": ["Organisation"]}})
        _region(result, "Organisation", "Oracle")  # the existing one stays

    record = deal_record()
    record.organisations[0] = record.organisations[0].model_copy(update={"mentions": record.organisations[0].mentions[:1]})
    gold, _ = gold_of(record, add)
    oracle = next(o for o in gold.organisations if o.name == "Oracle")
    assert len(oracle.mentions) == 2 and oracle.kind == "company"


@pytest.mark.parametrize(
    "edit, note",
    [
        (lambda r: _set(r, _region(r, "Date", "4 décembre"), "value", "text", ["le 4"]), "not an ISO/TimeML date value"),
        (lambda r: _set(r, _region(r, "Date", "4 décembre"), "value", "text", []), "has no value"),
        (lambda r: _set(r, _region(r, "Deal", "racheter"), "deal_kind", "choices", []), "no deal_kind"),
        (lambda r: _set(r, _region(r, "Money", "2,5 milliards de dollars"), "value", "text", ["beaucoup"]), "is not « <number> <ISO currency> »"),
        (lambda r: _region(r, "Role", "porte-parole de la Maison Blanche")["value"].update(text="autre chose"), "but the text at"),
        (lambda r: next(x for x in r if x.get("labels") == ["buyer"]).update(labels=[]), "a relation without a label from Party 'Oracle'"),
    ],
)
def test_what_cannot_be_gold_is_left_out_with_a_note(edit, note):
    gold, notes = gold_of(deal_record(), edit)
    assert any(note in line for line in notes), notes
    assert GoldArticle.model_validate(gold.model_dump())  # the rest is still gold


def test_an_amount_without_value_is_read_from_its_text():
    def drop_value(result):
        money = _region(result, "Money", "2,5 milliards de dollars")
        result[:] = [r for r in result if not (r.get("id") == money["id"] and r.get("from_name") == "value")]

    gold, _ = gold_of(deal_record(), drop_value)
    assert (gold.deals[0].amount.value, gold.deals[0].amount.currency) == (2.5e9, "USD")


# --- which annotation counts --------------------------------------------------------------------------------


def _with_annotations(*annotations):
    task = submitted(to_label_studio([deal_record()]))[0]
    base = task["annotations"][0]
    task["annotations"] = [{**base, **a, "result": copy.deepcopy(base["result"])} for a in annotations]
    return task


def _status(task) -> str | None:
    for annotation in task["annotations"]:
        change_status(annotation["result"]) if annotation.get("agreed") else None
    imported, skipped = from_label_studio([task])
    return imported[0].gold.deals[0].status if imported else skipped[0]


@pytest.mark.parametrize(
    "annotations, expected",
    [
        (({"updated_at": "2026-12-01T10:00:00Z"}, {"updated_at": "2026-12-02T10:00:00Z", "agreed": True}), "agreed"),
        (({"updated_at": "2026-12-03T10:00:00Z"}, {"updated_at": "2026-12-02T10:00:00Z", "agreed": True}), "negotiating"),
        (({"ground_truth": True}, {"updated_at": "2026-12-09T10:00:00Z", "agreed": True}), "negotiating"),
        (({"was_cancelled": True, "agreed": True}, {"updated_at": "2026-11-01T10:00:00Z"}), "negotiating"),
    ],
    ids=["last-updated", "not-the-older", "ground-truth-first", "skipped-ignored"],
)
def test_which_annotation_is_the_gold(annotations, expected):
    assert _status(_with_annotations(*annotations)) == expected


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda t: t.update(annotations=[]), "no submitted annotation"),
        (lambda t: t["annotations"][0].update(was_cancelled=True), "no submitted annotation"),
        (lambda t: t["data"].pop("id"), "no data.id"),
        (lambda t: t["data"].update(text=""), "no data.text"),
    ],
)
def test_a_task_without_gold_is_skipped_with_its_reason(change, reason):
    tasks = submitted(to_label_studio([deal_record(), deal_record("other")]))
    change(tasks[0])
    imported, skipped = from_label_studio(tasks)
    assert [i.gold.id for i in imported] == ["other"]
    assert len(skipped) == 1 and skipped[0].startswith("task 1") and reason in skipped[0]


# --- the files and the command ------------------------------------------------------------------------------


def write_export(tmp_path, records, name="export.json"):
    path = tmp_path / name
    path.write_text(json.dumps(submitted(to_label_studio(records)), ensure_ascii=False), encoding="utf-8")
    return path


def test_import_writes_the_corpus_layout(tmp_path):
    path = write_export(tmp_path, [deal_record(), rich_record().model_copy(update={"article": rich_record().article.model_copy(update={"id": "rich"})})])
    summary = import_label_studio(path, tmp_path / "dev")
    gold = load_gold(tmp_path / "dev" / "gold")
    assert sorted(gold) == ["a-deal", "rich"] and len(summary.articles) == 2
    text = (tmp_path / "dev" / "articles" / "a-deal.txt").read_bytes().decode("utf-8")
    assert text == deal_record().article.text
    sidecar = json.loads((tmp_path / "dev" / "articles" / "a-deal.json").read_text(encoding="utf-8"))
    assert sidecar == {"id": "a-deal", "title": "Oracle et TikTok", "published": "2020-11-25", "url": "https://example.org/tiktok", "source": "test"}
    assert gold["a-deal"].annotator.startswith("Label Studio")


def test_import_does_not_rewrite_an_article_already_there(tmp_path):
    (tmp_path / "dev" / "articles").mkdir(parents=True)
    (tmp_path / "dev" / "articles" / "a-deal.txt").write_bytes(deal_record().article.text.encode("utf-8"))
    summary = import_label_studio(write_export(tmp_path, [deal_record()]), tmp_path / "dev")
    assert summary.articles == [] and len(summary.gold) == 1
    assert not (tmp_path / "dev" / "articles" / "a-deal.json").exists()


def test_import_refuses_an_article_with_another_text(tmp_path):
    (tmp_path / "dev" / "articles").mkdir(parents=True)
    (tmp_path / "dev" / "articles" / "a-deal.txt").write_text("Un autre texte.", encoding="utf-8")
    with pytest.raises(ReviewImportError, match="another text"):
        import_label_studio(write_export(tmp_path, [deal_record()]), tmp_path / "dev")
    assert not (tmp_path / "dev" / "gold").exists()


def test_import_refuses_an_id_that_is_not_a_file_name(tmp_path):
    summary = import_label_studio(write_export(tmp_path, [deal_record("../escape"), deal_record()]), tmp_path / "out")
    assert [p.name for p in summary.gold] == ["a-deal.json"]
    assert any("'../escape': cannot be a file name" in line for line in summary.skipped)
    assert not (tmp_path / "escape.json").exists() and not (tmp_path / "out" / "escape.json").exists()


def test_import_notes_an_article_outside_its_split(tmp_path):
    record = deal_record()
    summary = import_label_studio(write_export(tmp_path, [record]), tmp_path / "test")
    assert evaluate.split_of(record.article.id) == "dev"
    assert any("split_of puts it in dev, not test" in line for line in summary.notes)


def test_import_command_then_evaluate(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.model_dump_json() + "\n" for r in (deal_record(), hostile_record())), encoding="utf-8")
    tasks = tmp_path / "tasks.json"
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "--format", "label-studio", str(records), "-o", str(tasks)])
    assert exported.exit_code == 0, exported.output
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(json.dumps(submitted(json.loads(tasks.read_text(encoding="utf-8")))), encoding="utf-8")
    result = runner.invoke(app, ["import", "--format", "label-studio", str(reviewed), "-o", str(tmp_path / "dev")])
    assert result.exit_code == 0, result.output
    assert "2 tasks -> 2 gold files" in result.output
    report = tmp_path / "report.json"
    scored = runner.invoke(app, ["evaluate", str(records), "--gold", str(tmp_path / "dev" / "gold"), "--json", str(report)])
    assert scored.exit_code == 0, scored.output
    fields = json.loads(report.read_text(encoding="utf-8"))["fields"]
    assert fields["organisations"]["f1"] == fields["deal.status"]["f1"] == fields["organisations.mentions"]["f1"] == 1.0
    assert all(f["fp"] == f["fn"] == 0 for f in fields.values())


def test_import_command_refuses_to_overwrite_gold_without_force(tmp_path):
    path = write_export(tmp_path, [deal_record()])
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "dev")]).exit_code == 0
    again = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "dev")])
    assert again.exit_code == 2 and "a-deal.json exists (use --force to overwrite)" in again.output
    assert runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "dev"), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"[{not json", "not JSON (Expecting property name enclosed in double quotes at line 1, column 3)"),
        (b"\xff\xfe[]", "not UTF-8"),
        (b'{"tasks": []}', "not a Label Studio JSON export (a list of tasks)"),
        (b'[{"text": "Veolia rach\xc3\xa8te Suez.", "label": []}]', "not Label Studio's JSON export (export as JSON, not JSON-MIN or CSV)"),
    ],
    ids=["missing", "not-json", "not-utf8", "not-a-list", "json-min"],
)
def test_import_command_names_a_bad_export_in_one_line(tmp_path, content, message):
    path = tmp_path / "export.json"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path / "dev")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"depeche: {path}") and message in lines[0]
    assert not (tmp_path / "dev").exists()


@pytest.mark.parametrize(
    "args, message", [(["--format", "doccano"], "--format doccano: unknown import format"), ([], "Missing option")]
)
def test_import_command_bad_options(tmp_path, args, message):
    path = write_export(tmp_path, [deal_record()])
    out = [] if not args else ["-o", str(tmp_path / "dev")]
    result = CliRunner().invoke(app, ["import", str(path), *out, *args])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "dev").exists()


def test_import_command_with_nothing_annotated_exits_1(tmp_path):
    path = tmp_path / "export.json"
    tasks = submitted(to_label_studio([deal_record()]))
    tasks[0]["annotations"] = []
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path / "dev")])
    assert result.exit_code == 1
    assert "skipped task 1 (a-deal): no submitted annotation" in result.output and "no annotated task" in result.output


def test_a_numeric_article_id_is_read_as_text():
    tasks = submitted(to_label_studio([deal_record()]))
    tasks[0]["data"]["id"] = 42
    imported, skipped = from_label_studio(tasks)
    assert not skipped and imported[0].gold.id == "42"
