"""The evaluation corpus (corpus/articles, corpus/gold): complete, valid, and gold that matches its text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from depeche.evaluate import GoldArticle, load_gold
from depeche.normalise.text import fold
from depeche.records import Article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARTICLES = sorted((CORPUS / "articles").glob("*.txt"))
IDS = [path.stem for path in ARTICLES]
SEEDS = {"000_0ea59fac315806ac", "003_83ac404ddbe45e59"}


def text_of(aid: str) -> str:
    return (CORPUS / "articles" / f"{aid}.txt").read_text(encoding="utf-8")


def gold_of(aid: str) -> GoldArticle:
    return GoldArticle.model_validate_json((CORPUS / "gold" / f"{aid}.json").read_text(encoding="utf-8"))


def test_there_are_enough_articles():
    assert len(ARTICLES) >= 24


def test_every_file_belongs_to_an_article():
    """No sidecar or gold file without its article (a renamed article leaves none behind)."""
    for path in [*(CORPUS / "articles").glob("*.json"), *(CORPUS / "gold").glob("*.json")]:
        assert path.stem in IDS, path


def test_the_gold_folder_loads():
    assert sorted(load_gold(CORPUS / "gold")) == IDS


@pytest.mark.parametrize("aid", IDS)
def test_sidecar(aid):
    sidecar_path = CORPUS / "articles" / f"{aid}.json"
    assert sidecar_path.exists(), f"{aid} has no sidecar"
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    text = text_of(aid)
    article = Article(text=text, **sidecar)  # unknown keys or a bad date are refused
    assert article.id == aid
    assert article.title == text.split("\n", 1)[0]
    assert isinstance(sidecar["published"], str) and dt.date.fromisoformat(sidecar["published"]) == article.published
    assert dt.date(2019, 1, 1) <= article.published <= dt.date(2024, 12, 31)
    assert article.source


@pytest.mark.parametrize("aid", sorted(set(IDS) - SEEDS))
def test_written_articles_are_press_length(aid):
    words = len(text_of(aid).split())
    assert 150 <= words <= 450, f"{aid}: {words} words"


@pytest.mark.parametrize("aid", IDS)
def test_gold_names_occur_in_the_text(aid):
    """Each gold organisation or person is found in the article by its name or an alias, and every alias is a
    form the article uses: this is what catches a typo in the gold."""
    assert (CORPUS / "gold" / f"{aid}.json").exists(), f"{aid} has no gold file"
    gold, text = gold_of(aid), fold(text_of(aid))
    assert gold.id == aid
    for entity in [*gold.organisations, *gold.people]:
        forms = [entity.name, *entity.aliases]
        assert any(fold(form) in text for form in forms), f"{aid}: none of {forms} is in the text"
        for alias in entity.aliases:
            assert fold(alias) in text, f"{aid}: alias {alias!r} is not in the text"


@pytest.mark.parametrize("aid", IDS)
def test_gold_dates_and_deadlines_quote_the_text(aid):
    gold, text = gold_of(aid), fold(text_of(aid))
    for item in [*gold.dates, *gold.deadlines]:
        assert fold(item.text) in text, f"{aid}: {item.text!r} is not in the text"


@pytest.mark.parametrize("aid", IDS)
def test_gold_references_resolve(aid):
    """Role organisations, deadline parties and deal sources name a gold entity; deal parties a gold entity or
    something the text names (a country: « royaume de Bahreïn »)."""
    gold, text = gold_of(aid), fold(text_of(aid))
    organisations = {fold(o.name) for o in gold.organisations}
    entities = organisations | {fold(p.name) for p in gold.people}
    for person in gold.people:
        for role in person.roles:
            assert role.organisation is None or fold(role.organisation) in organisations, f"{aid}: {role}"
    for deadline in gold.deadlines:
        for name in deadline.parties:
            assert fold(name) in entities, f"{aid}: deadline party {name!r}"
    for deal in gold.deals:
        for party in deal.parties:
            assert fold(party.name) in entities or fold(party.name) in text, f"{aid}: party {party.name!r}"
        assert deal.reported_by is None or fold(deal.reported_by) in entities, f"{aid}: source {deal.reported_by!r}"
        for name in deal.new_entities:
            assert fold(name) in text, f"{aid}: new entity {name!r}"


@pytest.mark.parametrize("aid", IDS)
def test_no_duplicate_gold_entities(aid):
    gold = gold_of(aid)
    for entities in (gold.organisations, gold.people):
        forms = [fold(form) for entity in entities for form in {entity.name, *entity.aliases}]
        assert len(forms) == len(set(forms)), f"{aid}: a name or alias is listed twice"
