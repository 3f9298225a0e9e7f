"""The time-expression set's scorer (depeche.evaluate.timex) on small inline records, and the gold files'
validity (spans quote their sentence, split, no reserved or corpus article). No model."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from depeche.cli import app
from depeche.evaluate import MismatchError, span_problems, split_of
from depeche.evaluate.timex import GoldTimexSentence, evaluate_timex, load_timex, timex_table
from depeche.records import Article, ArticleRecord, Deadline, Span
from tests.conftest import ROOT, SHARED


def sp(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def sentence(sid: str, text: str, timex=(), deadlines=(), picked_as: str = "period") -> GoldTimexSentence:
    return GoldTimexSentence.model_validate({
        "id": sid, "article": sid.split("@")[0], "published": "2020-05-11", "start": 0, "end": len(text),
        "picked_as": picked_as, "text": text,
        "timex": [{"span": sp(text, part), "sense": sense} for part, sense in timex],
        "deadlines": [{"date": date, "kind": kind, "span": sp(text, part), "trigger": sp(text, trigger)}
                      for part, date, kind, trigger in deadlines],
    })


def record(gold: GoldTimexSentence, *deadlines: tuple[str, str, str]) -> ArticleRecord:
    text = gold.text

    def at(part: str) -> Span:
        start = text.index(part)
        return Span.at(text, start, start + len(part))

    return ArticleRecord(
        article=Article(id=gold.id, text=text, published=gold.published),
        deadlines=[Deadline(id=f"deadline-{n}", date=date, kind=kind, span=at(part), evidence=Span.at(text, 0, len(text)))
                   for n, (part, date, kind) in enumerate(deadlines, 1)],
    )


def counts(score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


@pytest.mark.parametrize(
    ("text", "part", "sense", "date"),
    [
        ("Les prix ont doublé ces dix dernières années.", "ces dix dernières années", "period", "2010"),
        ("Il vit à Lyon depuis 2015, dit-il.", "depuis 2015", "period", "2015"),
        ("La ville a été fermée pendant trois mois.", "trois mois", "duration", "2020-08"),
        ("Le match aura lieu samedi 16 mai au Parc.", "samedi 16 mai", "future event", "2020-05-16"),
        ("Il a démissionné le 3 mars dernier.", "3 mars dernier", "past", "2020-03-03"),
    ],
)
def test_a_deadline_on_a_sentence_without_one_is_a_false_deadline_counted_by_the_sense_it_covers(text, part, sense, date):
    gold = sentence("a-1@0", text, timex=[(part, sense)])
    clean = sentence("a-2@0", "Rien ne presse, dit-il.")
    report = evaluate_timex([record(gold, (part, date, "deadline")), record(clean)], [gold, clean])
    assert (report.non_deadlines, report.false_deadlines, report.false_deadline_rate) == (2, 1, 0.5)
    assert report.false_by_sense == {sense: 1}
    assert report.false_by_group == {"period": 1}
    assert counts(report.fields["deadlines"]) == (0, 1, 0)
    assert counts(report.fields["deadline.sentence"]) == (0, 1, 0)
    assert any("spurious" in line and sense in line for line in report.errors["a-1@0"])


def test_a_spurious_deadline_outside_every_gold_time_expression_is_counted_as_none():
    gold = sentence("a-1@0", "Le décret est publié, samedi ou dimanche.", timex=[("samedi", "present")])
    report = evaluate_timex([record(gold, ("dimanche", "2020-05-17", "expiry"))], [gold])
    assert report.false_by_sense == {"none": 1}


@pytest.mark.parametrize(
    ("predicted", "date_kind", "date_only"),
    [
        ([("10 juillet", "2020-07-10", "extension")], (1, 0, 0), (1, 0, 0)),
        ([("10 juillet", "2020-07-10", "expiry")], (0, 1, 1), (1, 0, 0)),  # right date, wrong kind
        ([("10 juillet", "2020-07-01", "extension")], (0, 1, 1), (0, 1, 1)),
        ([], (0, 0, 1), (0, 0, 1)),
        ([("10 juillet", "2020-07-10", "extension"), ("samedi", "2020-05-09", "deadline")], (1, 1, 0), (1, 1, 0)),
    ],
)
def test_deadlines_match_on_date_and_kind_and_on_the_date_alone(predicted, date_kind, date_only):
    text = "Le Parlement a adopté samedi la prolongation de l'état d'urgence jusqu'au 10 juillet."
    gold = sentence("a-1@0", text, timex=[("samedi", "past")], deadlines=[("10 juillet", "2020-07-10", "extension", "jusqu'au")],
                    picked_as="deadline")
    report = evaluate_timex([record(gold, *predicted)], [gold])
    assert counts(report.fields["deadlines"]) == date_kind
    assert counts(report.fields["deadlines.date"]) == date_only
    assert (report.deadline_sentences, report.non_deadlines, report.false_deadlines) == (1, 0, 0)
    assert report.false_deadline_rate is None
    assert counts(report.fields["deadline.sentence"]) == ((1, 0, 0) if predicted else (0, 0, 1))


def test_a_deadline_the_text_does_not_date_is_counted_apart_and_not_scored():
    text = "La décision doit intervenir 45 jours au plus tard après une arrestation."
    gold = sentence("a-1@0", text, timex=[("45 jours au plus tard après une arrestation", "deadline")])
    assert gold.unresolved
    report = evaluate_timex([record(gold, ("45 jours", "2020-06-25", "deadline"))], [gold])
    assert (report.unresolved, report.non_deadlines, report.false_deadlines) == (1, 0, 0)
    assert all(counts(s) == (0, 0, 0) for s in report.fields.values())


def test_every_sentence_needs_its_record():
    gold = sentence("a-1@0", "Depuis 2015, rien.", timex=[("Depuis 2015", "period")])
    with pytest.raises(MismatchError, match="1 sentences have no record"):
        evaluate_timex([], [gold])


@pytest.mark.parametrize(
    "change",
    [
        {"timex": [{"span": {"start": 0, "end": 6, "text": "Depuis"}, "sense": "ancient"}]},
        {"deadlines": [{"date": "2020-13", "kind": "deadline", "span": {"start": 0, "end": 6, "text": "Depuis"}}]},
        {"deadlines": [{"date": "2020", "kind": "due", "span": {"start": 0, "end": 6, "text": "Depuis"}}]},
        {"deal": False},
    ],
)
def test_the_gold_model_refuses_unknown_senses_values_kinds_and_fields(change):
    line = {"id": "a-1@0", "article": "a-1", "published": "2020-05-11", "start": 0, "end": 18, "picked_as": "period",
            "text": "Depuis 2015, rien."}
    with pytest.raises(ValueError):
        GoldTimexSentence.model_validate(line | change)


def test_evaluate_timex_on_the_command_line(tmp_path):
    text = "Le gagnant a jusqu'au 14 avril pour se faire connaître."
    golds = [
        sentence("a-1@0", text, deadlines=[("14 avril", "2020-04-14", "deadline", "a jusqu'au")], picked_as="deadline"),
        sentence("a-2@0", "Il vit là depuis six ans.", timex=[("depuis six ans", "period")]),
    ]
    (tmp_path / "dev.jsonl").write_text("".join(g.model_dump_json() + "\n" for g in golds), encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text(record(golds[0], ("14 avril", "2020-04-14", "deadline")).model_dump_json() + "\n"
                       + record(golds[1], ("depuis six ans", "2014", "deadline")).model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(records), "--timex", str(tmp_path), "--split", "dev", "--errors",
                                      "--json", str(tmp_path / "report.json")])
    assert result.exit_code == 0, result.output
    assert "false deadlines on non-deadline sentences" in result.output
    assert "false deadlines over a period timex" in result.output
    assert "dev a-2@0: deadline: spurious 'depuis six ans' 2014 deadline (over a period timex)" in result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["dev"]
    assert (report["false_deadlines"], report["non_deadlines"], report["fields"]["deadlines"]["tp"]) == (1, 1, 1)
    missing = CliRunner().invoke(app, ["evaluate", str(records), "--timex", str(tmp_path), "--split", "test"])
    assert missing.exit_code == 2 and "no such time-expression file" in missing.output


def test_the_table_puts_the_splits_side_by_side():
    gold = sentence("a-1@0", "Il vit là depuis six ans.", timex=[("depuis six ans", "period")])
    reports = {split: evaluate_timex([record(gold)], [gold]) for split in ("test", "dev")}
    table = timex_table(reports)
    assert "test 1 sentences (0 with deadlines, 1 without, 0 unresolved)" in table
    assert table.splitlines()[2].startswith("| measure") and "dev F1 %" in table.splitlines()[2]


# --- the gold files ---------------------------------------------------------------

GOLD = {split: ROOT / "corpus" / "timex" / f"{split}.jsonl" for split in ("dev", "test")}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_the_gold_files_are_valid_and_each_sentence_is_in_its_split(split):
    rows = load_timex(GOLD[split])
    corpus_articles = {p.stem for s in ("dev", "test") for p in (ROOT / "corpus" / s / "articles").glob("*.txt")}
    assert rows
    for row in rows:
        assert span_problems(row, row.text) == [], row.id
        assert row.id == f"{row.article}@{row.start}" and row.end - row.start == len(row.text)
        assert split_of(row.article) == split, row.id
        assert row.article not in corpus_articles, row.id
        assert row.annotator and row.checked, row.id
        deadline_spans = {(d.span.start, d.span.end) for d in row.deadlines}
        assert deadline_spans <= {(t.span.start, t.span.end) for t in row.timex if t.sense == "deadline"}, row.id
    assert len({row.article for row in rows}) == len(rows)  # one sentence per article


def test_the_set_holds_at_least_a_hundred_sentences_without_deadlines_and_no_reserved_article():
    rows = [row for path in GOLD.values() for row in load_timex(path)]
    assert sum(not row.deadlines and not row.unresolved for row in rows) >= 100
    assert sum(bool(row.deadlines) for row in rows) >= 30
    reserved_file = SHARED / "eval" / "reserved-ids.txt"
    if not reserved_file.exists():
        pytest.skip(f"{reserved_file} is absent (../shared is not beside the project)")
    reserved = {line.strip() for line in reserved_file.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not reserved & {row.article for row in rows}
