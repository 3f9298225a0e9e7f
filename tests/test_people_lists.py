"""Roles shared by several people or given through a construction (`components/people/lists.py`, the possessive
apposition of `roles.py`), on spacy.blank("fr") with the model's entities given inline."""

from __future__ import annotations

import pytest

from test_people_roles import nlp, per, run  # noqa: F401  (the fixture and helpers)

ORG = [{"name": "Renault", "aliases": [], "kind": "company"}]


def ents(text: str, people: list[str], orgs: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return sorted(per(*people) + [(o, "ORG") for o in orgs], key=lambda e: text.index(e[0]))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Les ministres des Affaires étrangères Jean Dupont et de l'Intérieur Paul Durand ont signé.",
         {"Jean Dupont": ["ministre des Affaires étrangères"], "Paul Durand": ["ministre de l'Intérieur"]}),
        ("Ont signé les ministres de la Santé Anne Roux, de l'Économie Marc Blanc et des Armées Luc Petit.",
         {"Anne Roux": ["ministre de la Santé"], "Marc Blanc": ["ministre de l'Économie"], "Luc Petit": ["ministre des Armées"]}),
        ("Les ministres Jean Dupont et Paul Durand ont signé.", {"Jean Dupont": ["ministre"], "Paul Durand": []}),
        ("Les ministres se sont réunis. Jean Dupont a parlé.", {"Jean Dupont": []}),
    ],
)
def test_plural_titles_go_to_the_names_after_them(nlp, text, expected):
    people = run(nlp, text, per(*sorted(expected, key=text.index)))
    assert {name: [r.title for r in people[name].roles] for name in expected} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jean Dupont et Paul Durand, respectivement ministre de l'Intérieur et ministre des Armées, ont signé.",
         {"Jean Dupont": ["ministre de l'Intérieur"], "Paul Durand": ["ministre des Armées"]}),
        ("Selon Anne Roux et Marc Blanc, respectivement présidente et directeur général, tout va bien.",
         {"Anne Roux": ["présidente"], "Marc Blanc": ["directeur général"]}),
        ("Anne Roux, Marc Blanc et Luc Petit, respectivement maire, député et sénateur, ont parlé.",
         {"Anne Roux": ["maire"], "Marc Blanc": ["député"], "Luc Petit": ["sénateur"]}),
    ],
)
def test_respectively_distributes_the_titles_in_order(nlp, text, expected):
    people = run(nlp, text, per(*sorted(expected, key=text.index)))
    assert {name: [r.title for r in people[name].roles] for name in expected} == expected


@pytest.mark.parametrize(
    "text, person, title",
    [
        ("Renault et Luc Petit son directeur général ont signé.", "Luc Petit", "directeur général"),
        ("« Rien ne change », a assuré Anne Roux sa présidente.", "Anne Roux", "présidente"),
        ("Le chef de l'opposition, le travailliste Jean Dupont, a voté.", "Jean Dupont", "chef de l'opposition"),
        ('Le président de la Chambre, le "Speaker" Jean Dupont, a refusé.', "Jean Dupont", "président de la Chambre"),
        ("Jean Dupont a été nommé au poste de directeur financier.", "Jean Dupont", "directeur financier"),
        ("Renault a nommé Jean Dupont au poste de directeur financier.", "Jean Dupont", "directeur financier"),
        ("Renault a désigné Jean Dupont directeur financier.", "Jean Dupont", "directeur financier"),
        ("Anne Roux est élue aux fonctions de présidente du club.", "Anne Roux", "présidente du club"),
        ("Le chairman de Renault, Jean Dupont, a parlé.", "Jean Dupont", "chairman"),
        ("Jean Dupont, chief executive officer de Renault, a parlé.", "Jean Dupont", "chief executive officer"),
    ],
)
def test_constructions_that_give_a_title(nlp, text, person, title):
    people = run(nlp, text, ents(text, [person], ("Renault",) if "Renault" in text else ()))
    assert title in [r.title for r in people[person].roles]


@pytest.mark.parametrize(
    "text, person",
    [
        ("Jean Dupont a rencontré les ministres hier.", "Jean Dupont"),
        ("Jean Dupont a été reçu par le poste de police.", "Jean Dupont"),
        ("Jean Dupont sa ville natale.", "Jean Dupont"),
    ],
)
def test_no_title_without_the_construction(nlp, text, person):
    people = run(nlp, text, per(person))
    assert people[person].roles == []
