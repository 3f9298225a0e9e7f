"""The two seed articles through the real pipeline: the TikTok sale and Walmart's 2020 attempt (issue 4)."""

from __future__ import annotations

import json

import pytest

from depeche.aggregate import track_deals
from depeche.normalise.text import fold
from depeche.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_records(depeche_extractor, seeds):
    articles = []
    for key in ("000", "003"):
        path = seeds[key]
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        articles.append(Article(text=path.read_text(encoding="utf-8"), **meta))
    return dict(zip(("000", "003"), depeche_extractor.extract_many(articles)))


def _roles(deal) -> set[tuple[str, str]]:
    return {(p.role, fold(p.name)) for p in deal.parties}


SALE = {("seller", "bytedance"), ("buyer", "oracle"), ("buyer", "walmart"), ("target", "tiktok")}


def test_seed_003_sale_suspended_reported_by_the_wsj(seed_records):
    (deal,) = seed_records["003"].deals
    assert (deal.kind, deal.status) == ("acquisition", "suspended")
    assert _roles(deal) == SALE
    assert deal.reported_by.name == "Wall Street Journal"
    assert [n.name for n in deal.new_entities] == ["TikTok Global"]


def test_seed_000_sale_negotiating_and_the_2020_attempt_abandoned(seed_records):
    by_status = {d.status: d for d in seed_records["000"].deals}
    assert set(by_status) == {"negotiating", "abandoned"}
    assert _roles(by_status["negotiating"]) == SALE
    assert _roles(by_status["abandoned"]) == {("buyer", "walmart"), ("buyer", "microsoft"), ("target", "tiktok")}
    oracle = next(p for p in by_status["negotiating"].parties if p.name == "Oracle")
    assert oracle.description and "partenaire technologique" in oracle.description


def test_seeds_tracked_from_negotiating_to_suspended(seed_records):
    tracked = track_deals(seed_records.values())
    sale = next(t for t in tracked if len(t.timeline) == 2)
    assert [(s.published.isoformat(), s.status) for s in sale.timeline] == [
        ("2020-11-25", "negotiating"),
        ("2021-02-11", "suspended"),
    ]
    assert len(tracked) == 2


@pytest.mark.parametrize(
    ("text", "absent", "status"),
    [
        # who accepts an offer does not make it
        ("Veolia acquiert 29,9 % du capital de Suez auprès d'Engie.\n\n"
         "Le conseil d'administration d'Engie a accepté lundi soir l'offre de Veolia portant sur 29,9 % du capital de Suez.",
         ("buyer", "Engie"), None),
        # « a annoncé avoir bouclé »: the announcement reports a completion
        ("La start-up Mistral AI a annoncé dimanche avoir bouclé une levée de fonds de 385 millions d'euros auprès de Lightspeed.",
         None, "completed"),
    ],
)
def test_parsed_roles_and_status(depeche_extractor, text, absent, status):
    (deal,) = depeche_extractor.extract(text, published="2023-12-11").deals
    if absent:
        assert absent not in {(p.role, p.name) for p in deal.parties}
    if status:
        assert deal.status == status


@pytest.mark.parametrize(
    ("text", "party"),
    [
        # « qu'il était prêt à céder X »: the subject of the copula is the pronoun, which is the main clause's subject
        ("Pour lever les doutes, Vivendi a fait savoir qu'il était prêt à céder Editis.", ("seller", "Vivendi")),
    ],
)
def test_pronoun_subject_of_a_copula(depeche_extractor, text, party):
    deals = depeche_extractor.extract(text, published="2022-06-01").deals
    assert any(party in {(p.role, p.name) for p in d.parties} for d in deals)
