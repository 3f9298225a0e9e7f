"""The evaluation corpus (corpus/<split>/articles, corpus/<split>/gold, corpus/sentences): complete, valid, split
by document, and gold that quotes its text."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from depeche.evaluate import GoldArticle, load_gold, load_sentences, span_problems, split_of
from depeche.normalise.text import fold
from depeche.records import Article
from tests.conftest import shared_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SPLITS = ("dev", "test")
ARTICLES = sorted(p for split in SPLITS for p in (CORPUS / split / "articles").glob("*.txt"))
KEYS = [f"{p.parent.parent.name}/{p.stem}" for p in ARTICLES]  # <split>/<id>
SEEDS = {"dev/000_0ea59fac315806ac", "dev/003_83ac404ddbe45e59"}
DUMP_SOURCE = "actu.orange.fr (OrangeSum, CC BY-SA 4.0)"


def text_of(key: str) -> str:
    split, aid = key.split("/")
    return (CORPUS / split / "articles" / f"{aid}.txt").read_text(encoding="utf-8")


def sidecar_of(key: str) -> dict:
    split, aid = key.split("/")
    return json.loads((CORPUS / split / "articles" / f"{aid}.json").read_text(encoding="utf-8"))


def gold_of(key: str) -> GoldArticle:
    split, aid = key.split("/")
    return GoldArticle.model_validate_json((CORPUS / split / "gold" / f"{aid}.json").read_text(encoding="utf-8"))


def is_real(key: str) -> bool:
    return sidecar_of(key)["source"] == DUMP_SOURCE


REAL = [k for k in KEYS if is_real(k)]
WRITTEN = [k for k in KEYS if not is_real(k) and k not in SEEDS]


def test_there_are_enough_articles():
    assert len(REAL) >= 120, "issue 10: at least 120 real articles"
    assert len(KEYS) - len(REAL) >= 24


def test_every_file_belongs_to_an_article():
    """No sidecar or gold file without its article (a renamed article leaves none behind)."""
    for split in SPLITS:
        stems = {p.stem for p in (CORPUS / split / "articles").glob("*.txt")}
        for path in [*(CORPUS / split / "articles").glob("*.json"), *(CORPUS / split / "gold").glob("*.json")]:
            assert path.stem in stems, path


@pytest.mark.parametrize("split", SPLITS)
def test_the_gold_folder_loads(split):
    assert sorted(load_gold(CORPUS / split / "gold")) == sorted(k.split("/")[1] for k in KEYS if k.startswith(split))


@pytest.mark.parametrize("key", REAL)
def test_real_articles_are_in_the_split_of_their_id(key):
    """Real articles are split by a stable hash of their id; the articles written for the project are all dev."""
    assert key.split("/")[0] == split_of(key.split("/")[1])


def test_written_articles_are_all_dev():
    assert all(k.startswith("dev/") for k in [*WRITTEN, *SEEDS])


@pytest.mark.parametrize("key", KEYS)
def test_sidecar(key):
    split, aid = key.split("/")
    sidecar = sidecar_of(key)
    text = text_of(key)
    article = Article(text=text, **sidecar)  # unknown keys or a bad date are refused
    assert article.id == aid
    assert article.title == text.split("\n", 1)[0]
    assert isinstance(sidecar["published"], str) and dt.date.fromisoformat(sidecar["published"]) == article.published
    assert dt.date(2010, 1, 1) <= article.published <= dt.date(2024, 12, 31)
    assert article.source


@pytest.mark.parametrize("key", WRITTEN)
def test_written_articles_are_press_length(key):
    words = len(text_of(key).split())
    assert 150 <= words <= 450, f"{key}: {words} words"


def test_real_articles_are_the_dumps_text():
    """A real article is its dump article's headline, a blank line and its text, to the character."""
    dump = shared_file("data/orangesum/articles.jsonl.gz")
    wanted = {k.split("/")[1]: k for k in REAL}
    seen = 0
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                key = wanted[article["id"]]
                assert text_of(key) == f"{article['title'].strip()}\n\n{article['text']}", key
                assert sidecar_of(key)["published"] == article["published"], key
                seen += 1
    assert seen == len(REAL)


@pytest.mark.parametrize("key", REAL)
def test_real_gold_has_spans_and_both_passes(key):
    gold = gold_of(key)
    assert gold.annotator and gold.checked, f"{key}: annotator and second pass are recorded"
    assert span_problems(gold, text_of(key)) == []
    for entity in [*gold.organisations, *gold.people]:
        assert entity.mentions, f"{key}: {entity.name!r} has no mention"
    for item in [*gold.dates, *gold.deadlines]:
        assert item.span is not None, f"{key}: {item.text!r} has no span"
    for deal in gold.deals:
        assert deal.trigger is not None, f"{key}: a deal has no trigger span"


@pytest.mark.parametrize("key", KEYS)
def test_gold_names_occur_in_the_text(key):
    """Each gold organisation or person is found in the article by its name or an alias, and every alias is a
    form the article uses: this is what catches a typo in the gold."""
    gold, text = gold_of(key), fold(text_of(key))
    assert gold.id == key.split("/")[1]
    for entity in [*gold.organisations, *gold.people]:
        forms = [entity.name, *entity.aliases]
        assert any(fold(form) in text for form in forms), f"{key}: none of {forms} is in the text"
        for alias in entity.aliases:
            assert fold(alias) in text, f"{key}: alias {alias!r} is not in the text"


@pytest.mark.parametrize("key", KEYS)
def test_gold_dates_and_deadlines_quote_the_text(key):
    gold, text = gold_of(key), fold(text_of(key))
    for item in [*gold.dates, *gold.deadlines]:
        assert fold(item.text) in text, f"{key}: {item.text!r} is not in the text"


@pytest.mark.parametrize("key", KEYS)
def test_gold_references_resolve(key):
    """Role organisations and deal sources name a gold entity; deadline and deal parties a gold entity or
    something the text names (a country: « royaume de Bahreïn », « Royaume-Uni »)."""
    gold, text = gold_of(key), fold(text_of(key))
    organisations = {fold(o.name) for o in gold.organisations}
    entities = organisations | {fold(p.name) for p in gold.people}
    for person in gold.people:
        for role in person.roles:
            assert role.organisation is None or fold(role.organisation) in organisations, f"{key}: {role}"
    for deadline in gold.deadlines:
        for name in deadline.parties:
            assert fold(name) in entities or fold(name) in text, f"{key}: deadline party {name!r}"
    for deal in gold.deals:
        for party in deal.parties:
            assert fold(party.name) in entities or fold(party.name) in text, f"{key}: party {party.name!r}"
        assert deal.reported_by is None or fold(deal.reported_by) in entities, f"{key}: source {deal.reported_by!r}"
        for name in deal.new_entities:
            assert fold(name) in text, f"{key}: new entity {name!r}"


@pytest.mark.parametrize("key", KEYS)
def test_no_duplicate_gold_entities(key):
    gold = gold_of(key)
    for entities in (gold.organisations, gold.people):
        forms = [fold(form) for entity in entities for form in {entity.name, *entity.aliases}]
        assert len(forms) == len(set(forms)), f"{key}: a name or alias is listed twice"


# --- the sentence bank ------------------------------------------------------------------------


def bank(split: str):
    return load_sentences(CORPUS / "sentences" / f"{split}.jsonl")


def test_the_sentence_bank_is_large_enough_with_a_third_of_non_deals():
    sentences = [s for split in SPLITS for s in bank(split)]
    assert len(sentences) >= 600
    assert sum(not s.deal for s in sentences) >= max(200, len(sentences) // 3)
    assert len({s.id for s in sentences}) == len(sentences)


@pytest.mark.parametrize("split", SPLITS)
def test_sentences_are_in_the_split_of_their_article_and_quote_their_spans(split):
    for sentence in bank(split):
        assert split_of(sentence.article) == split, sentence.id
        assert sentence.id == f"{sentence.article}@{sentence.start}"
        assert sentence.deal == bool(sentence.deals), sentence.id
        assert span_problems(sentence, sentence.text) == [], sentence.id
        assert sentence.annotator and sentence.checked, sentence.id


def test_sentences_are_the_dumps_text():
    dump = shared_file("data/orangesum/articles.jsonl.gz")
    sentences = [s for split in SPLITS for s in bank(split)]
    wanted = {s.article for s in sentences}
    texts = {}
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                texts[article["id"]] = article["text"]
    for sentence in sentences:
        assert texts[sentence.article][sentence.start:sentence.end] == sentence.text, sentence.id
