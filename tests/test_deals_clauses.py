"""The detached participial clause (`deals.clauses.participial_party`), the relative clause
(`deals.clauses.relative_party`) and what a deal creates
(`deals.entities._new_entities`): constructions written for these tests, varied in tense, agreement, word order
and what stands between the clause's comma and the main clause's subject."""

from __future__ import annotations

import pytest

from conftest import assert_record_valid
from depeche.components.deals.entities import _new_entities

PARTICIPIAL = [
    # (text, the role of the main clause's subject, its name, the other party)
    ("Rachetée en 2019 par le fonds KKR, la société Ørsted Nord a doublé ses ventes.", "target", "Ørsted Nord", ("buyer", "KKR")),
    ("Acquis pour 300 millions d'euros par Capgemini, le cabinet Altran a été intégré.", "target", "Altran", ("buyer", "Capgemini")),
    ("Récemment racheté par Bolloré, Havas change de directeur.", "target", "Havas", ("buyer", "Bolloré")),
    ("Ayant racheté Éditis l'an dernier, Vivendi prépare une autre opération.", "buyer", "Vivendi", ("target", "Éditis")),
    ("Ayant acquis la start-up Sqreen, Datadog recrute à Paris.", "buyer", "Datadog", ("target", "Sqreen")),
]


def _extract(extractor, text):
    from depeche.records import Article

    return assert_record_valid(next(iter(extractor.extract_many([Article(id="a", text=text, published="2021-03-01")]))))


@pytest.mark.model
@pytest.mark.parametrize("text,role,name,other", PARTICIPIAL, ids=[f"participial-{k}" for k in range(len(PARTICIPIAL))])
def test_the_main_clause_subject_of_a_detached_participle(depeche_extractor, text, role, name, other):
    record = _extract(depeche_extractor, text)
    parties = [(p.role, p.name) for d in record.deals for p in d.parties]
    assert (role, name) in parties, f"{text}: {parties}"
    assert other in parties, f"{text}: {parties}"


RELATIVE = [
    ("Éditis, que Vivendi a racheté en 2018, publie 50 maisons.", "target", "Éditis", ("buyer", "Vivendi")),
    ("Capgemini, qui a acquis Altran pour 3,6 milliards d'euros, recrute.", "buyer", "Capgemini", ("target", "Altran")),
    ("Havas, qui a été racheté par Vivendi, change de nom.", "target", "Havas", ("buyer", "Vivendi")),
    ("Danone, qui a cédé sa filiale Michel et Augustin à Ferrero, se recentre.", "seller", "Danone", ("buyer", "Ferrero")),
    ("Le fonds KKR, auquel Unilever a vendu sa division Flora pour 6,8 milliards, investit encore.", "buyer", "KKR", ("seller", "Unilever")),
]


@pytest.mark.model
@pytest.mark.parametrize("text,role,name,other", RELATIVE, ids=[f"relative-{k}" for k in range(len(RELATIVE))])
def test_the_antecedent_of_a_relative_clause(depeche_extractor, text, role, name, other):
    record = _extract(depeche_extractor, text)
    parties = [(p.role, p.name) for d in record.deals for p in d.parties]
    assert (role, name) in parties, f"{text}: {parties}"
    assert other in parties, f"{text}: {parties}"


@pytest.mark.model
@pytest.mark.parametrize(
    "text,name",
    [
        ("Hier, Veolia a racheté Suez, a annoncé la direction.", "Veolia"),  # an adverb and a comma: no participle
        ("Suez, racheté par Veolia, a annoncé le départ de son PDG, a indiqué Engie.", "Engie"),  # the participle opens no sentence
    ],
    ids=["not-a-participle", "not-opening"],
)
def test_no_detached_participle_no_change(depeche_extractor, text, name):
    record = _extract(depeche_extractor, text)
    parties = [(p.role, p.name) for d in record.deals for p in d.parties]
    assert ("target", name) not in parties, f"{text}: {parties}"


@pytest.mark.parametrize(
    "text,new",
    [
        ("une nouvelle société baptisée TikTok Global", ["TikTok Global"]),
        ("la coentreprise Stellantis", ["Stellantis"]),
        ("une nouvelle entité Orange Bank", ["Orange Bank"]),
        ("la filiale nommée Ampere", ["Ampere"]),
        ("le groupe Editis a recruté", []),  # a company noun alone says nothing new
        ("la société Lime a changé de nom", []),
        ("sa filiale Opel", []),
    ],
    ids=["nouvelle-baptisee", "coentreprise", "nouvelle-entite", "nommee", "groupe", "societe", "filiale"],
)
def test_what_a_deal_creates(text, new):
    assert [name for _, _, name in _new_entities(text)] == new
