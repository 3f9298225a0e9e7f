"""The dev/test split, span-level article fields, corpus splits side by side and the sentence bank (no model)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from depeche import evaluate as ev
from depeche.cli import app
from depeche.records import Article, ArticleRecord, Deal, DealParty, Money, Span
from tests.test_evaluate import TEXT, at, counts, deal, gold, org, party, record


def test_split_of_is_stable_and_about_sixty_forty():
    ids = [f"orangesum-{n}" for n in range(2000)]
    splits = [ev.split_of(i) for i in ids]
    assert splits == [ev.split_of(i) for i in ids]
    assert set(splits) == {"dev", "test"}
    assert 0.55 < splits.count("dev") / len(ids) < 0.65


def gspan(text: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return {"start": start, "end": start + len(text), "text": text}


def test_span_problems_names_every_span_that_does_not_quote_the_text():
    article = gold(organisations=[{"name": "Oracle", "kind": "company", "mentions": [gspan("Oracle"), {"start": 0, "end": 3, "text": "Ora"}]}])
    assert ev.span_problems(article, TEXT) == []
    bad = gold(organisations=[{"name": "Oracle", "kind": "company", "mentions": [{"start": 1, "end": 4, "text": "Ora"}]}])
    (problem,) = ev.span_problems(bad, TEXT)
    assert "'rac'" in problem and "'Ora'" in problem
    outside = gold(dates=[{"text": "x", "value": "2020", "span": {"start": 5, "end": 10**6, "text": "x"}}])
    assert "outside" in ev.span_problems(outside, TEXT)[0]


def test_mentions_are_scored_on_exact_offsets_only_for_gold_with_spans():
    golden = gold(
        annotator="a",
        organisations=[{"name": "Walmart", "aliases": ["Wallmart"], "kind": "company",
                        "mentions": [gspan("Wallmart"), gspan("Walmart")]}],
    )
    walmart = org("Walmart", "Wallmart")  # its one mention: at("Walmart")
    scores = ev.score_article(record(organisations=[walmart]), golden)
    assert counts(scores["organisations.mentions"]) == (1, 0, 1)
    assert "organisations.mentions" not in ev.score_article(record(organisations=[walmart]), gold(organisations=golden.model_dump()["organisations"][:0]))


def test_deal_party_spans_pair_by_role_identical_then_overlapping():
    golden = gold(
        annotator="a",
        organisations=[{"name": "Oracle", "kind": "company"}, {"name": "TikTok", "kind": "company"}],
        deals=[{"kind": "acquisition", "status": "negotiating", "parties": [
            {"role": "buyer", "name": "Oracle", "span": gspan("Oracle")},
            {"role": "target", "name": "TikTok", "span": {"start": TEXT.index("TikTok") - 1, "end": TEXT.index("TikTok") + 6, "text": TEXT[TEXT.index("TikTok") - 1:TEXT.index("TikTok") + 6]}},
        ]}],
    )
    predicted = deal(parties=[party("buyer", "Oracle"), party("target", "TikTok"), party("seller", "ByteDance")])
    scores = ev.score_article(record(deals=[predicted]), golden)
    assert counts(scores["deal.parties.span"]) == (2, 1, 0)


def write_corpus(root, split: str, *articles: dict) -> None:
    folder = root / split / "gold"
    folder.mkdir(parents=True)
    for article in articles:
        (folder / f"{article['id']}.json").write_text(json.dumps(article), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    write_corpus(tmp_path, "dev", {"id": "d1", "organisations": [{"name": "Oracle", "kind": "company"}]})
    write_corpus(tmp_path, "test", {"id": "t1", "organisations": [{"name": "Walmart", "kind": "company"}]})
    return tmp_path


def test_each_split_is_scored_apart(corpus):
    records = [record("d1", organisations=[org("Oracle")]), record("t1", organisations=[org("Oracle")])]
    reports = ev.evaluate_corpus(records, corpus)
    assert list(reports) == ["dev", "test"]
    assert counts(reports["dev"].fields["organisations"]) == (1, 0, 0)
    assert counts(reports["test"].fields["organisations"]) == (0, 1, 1)
    assert list(ev.evaluate_corpus(records, corpus, ["test"])) == ["test"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [(["d1"], "1 test gold articles have no record: t1"), (["d1", "t1", "x9"], "1 records have no gold in")],
)
def test_records_and_gold_that_do_not_match_up_are_refused(corpus, ids, message):
    with pytest.raises(ev.MismatchError, match=message):
        ev.evaluate_corpus([record(i) for i in ids], corpus)


def test_cli_shows_the_splits_side_by_side_and_exits_2_on_a_mismatch(corpus, tmp_path):
    records_file = tmp_path / "records.jsonl"
    records_file.write_text(
        "".join(r.model_dump_json() + "\n" for r in [record("d1", organisations=[org("Oracle")]), record("t1")]), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--corpus", str(corpus), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "dev F1 %" in result.output and "test F1 %" in result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["dev"]["fields"]["organisations"]["f1"] == 1.0 and report["test"]["fields"]["organisations"]["fn"] == 1
    records_file.write_text(record("d1").model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "t1" in result.output
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--corpus", str(corpus), "--split", "dev"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--corpus", str(corpus), "--split", "train"])
    assert result.exit_code == 2 and "--split train" in result.output


# --- the sentence bank ---------------------------------------------------------------------------

SENTENCE = "Veolia a racheté Suez pour 3,4 milliards d'euros, selon Les Échos."
OTHER = "Il a acheté une maison pour 300 000 euros."


def sspan(text: str, sentence: str = SENTENCE) -> dict:
    start = sentence.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def sentence_gold(sid: str, text: str, deals: list[dict]) -> ev.GoldSentence:
    return ev.GoldSentence.model_validate(
        {"id": sid, "article": "orangesum-1", "published": "2020-01-02", "start": 0, "end": len(text), "word": "racheter",
         "text": text, "deal": bool(deals), "deals": deals}
    )


GOLD_DEAL = {
    "kind": "acquisition", "status": "completed", "trigger": sspan("racheté"),
    "parties": [{"role": "buyer", "name": "Veolia", "span": sspan("Veolia")}, {"role": "target", "name": "Suez", "span": sspan("Suez")}],
    "amount": {"value": 3.4e9, "currency": "EUR", "span": sspan("3,4 milliards d'euros")},
    "qualifiers": ["reported"],
}


def sentence_record(sid: str, text: str, deals=()) -> ArticleRecord:
    return ArticleRecord(article=Article(id=sid, text=text), deals=list(deals))


def at_in(text: str, sentence: str = SENTENCE) -> Span:
    start = sentence.index(text)
    return Span.at(sentence, start, start + len(text))


def predicted_deal(*roles: tuple[str, str], status="completed", amount: float | None = 3.4e9) -> Deal:
    return Deal(
        id="deal-1", kind="acquisition", status=status,
        parties=[DealParty(role=role, name=name, span=at_in(name)) for role, name in roles],
        amount=Money(value=amount, currency="EUR", span=at_in("3,4 milliards d'euros")) if amount else None,
    )


def test_sentence_bank_scores_detection_roles_amount_and_accuracies():
    bank = [sentence_gold("s1", SENTENCE, [GOLD_DEAL]), sentence_gold("s2", OTHER, []), sentence_gold("s3", SENTENCE, [GOLD_DEAL])]
    records = [
        sentence_record("s1", SENTENCE, [predicted_deal(("buyer", "Veolia"), ("buyer", "Suez"), status="agreed")]),
        sentence_record("s2", OTHER, [Deal(id="deal-1", kind="acquisition", status="completed")]),
        sentence_record("s3", SENTENCE),
    ]
    report = ev.evaluate_sentences(records, bank)
    assert counts(report.fields["deal.detection"]) == (1, 1, 1)
    assert (report.non_deals, report.false_deals, report.false_deal_rate) == (1, 1, 1.0)
    assert counts(report.fields["party.buyer"]) == (1, 1, 1)
    assert counts(report.fields["party.target"]) == (0, 0, 2)
    assert counts(report.fields["deal.amount"]) == (1, 0, 1)
    assert (report.accuracy["kind"].right, report.accuracy["kind"].total) == (1, 1)
    assert report.accuracy["status"].value == 0.0
    assert report.accuracy["qualifiers"].value == 0.0  # no qualifiers predicted, « reported » in the gold
    assert "party.buyer: spurious 'Suez'" in report.errors["s1"]
    assert "deal: predicted True, gold False (racheter)" in report.errors["s2"]


def test_sentence_bank_refuses_records_that_miss_a_sentence():
    with pytest.raises(ev.MismatchError, match="1 sentences have no record: s2"):
        ev.evaluate_sentences([sentence_record("s1", SENTENCE)], [sentence_gold("s1", SENTENCE, []), sentence_gold("s2", OTHER, [])])


def test_cli_scores_the_sentence_bank_per_split(tmp_path):
    bank = tmp_path / "sentences"
    bank.mkdir()
    for split, sid in (("dev", "s1"), ("test", "s2")):
        (bank / f"{split}.jsonl").write_text(sentence_gold(sid, SENTENCE, [GOLD_DEAL]).model_dump_json() + "\n", encoding="utf-8")
    records_file = tmp_path / "records.jsonl"
    records_file.write_text(
        sentence_record("s1", SENTENCE, [predicted_deal(("buyer", "Veolia"), ("target", "Suez"))]).model_dump_json() + "\n"
        + sentence_record("s2", SENTENCE).model_dump_json() + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--sentences", str(bank), "--errors"])
    assert result.exit_code == 0, result.output
    assert "party.buyer" in result.output and "accuracy.status" in result.output and "false deals" in result.output
    assert "test s2: deal: predicted False, gold True" in result.output
