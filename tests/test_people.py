"""depeche_people on spacy.blank("fr") (PER entities given as the model would): cleaning, merging, roles.
Plus the seed articles through the real pipeline (marked `model`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from depeche import docattrs  # noqa: F401
from depeche.components.organisations import entity_at, read_lines

LEXICONS = Path(__file__).resolve().parents[1] / "models" / "lexicons"
GAZETTEER = [
    {"name": "Veolia", "aliases": [], "kind": "company"},
    {"name": "Maison-Blanche", "aliases": ["Maison Blanche"], "kind": "government"},
    {"name": "Ford", "aliases": [], "kind": "company"},
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("fr")
    orgs = nlp.add_pipe("depeche_organisations")
    orgs.initialize(
        gazetteer=GAZETTEER,
        triggers=read_lines(LEXICONS / "organisations_triggers.tsv"),
        heads=read_lines(LEXICONS / "organisations_heads.tsv"),
        ministries=read_lines(LEXICONS / "organisations_ministries.tsv"),
    )
    people = nlp.add_pipe("depeche_people")
    people.initialize(titles=read_lines(LEXICONS / "people_titles.txt"), honorifics=read_lines(LEXICONS / "people_honorifics.txt"))
    return nlp


def run(nlp, text: str, persons: list[str]):
    """The pipeline on `text`, the model's PER entities being the (first occurrences of) `persons`."""
    doc = nlp.make_doc(text)
    ents, position = [], 0
    for name in persons:
        start = text.index(name, position)
        ents.append(doc.char_span(start, start + len(name), label="PER"))
        position = start + len(name)
    doc.ents = ents
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def by_name(doc):
    return {p.name: p for p in doc._.people}


@pytest.mark.parametrize(
    "text, persons, name, short",
    [
        ("Donald Trump a signé. Trump a ensuite quitté la salle.", ["Donald Trump", "Trump"], "Donald Trump", "Trump"),
        ("Jen Psaki a répondu. Selon Psaki, rien ne change.", ["Jen Psaki"], "Jen Psaki", "Psaki"),  # found again though the model missed it
        ("Thomas De Gendt gagne. De Gendt était seul.", ["Thomas De Gendt", "Gendt"], "Thomas De Gendt", "De Gendt"),
    ],
)
def test_short_mentions_merge_into_one_person(nlp, text, persons, name, short):
    doc = run(nlp, text, persons)
    assert list(by_name(doc)) == [name]
    person = by_name(doc)[name]
    assert short in person.aliases and person.id == name.lower().replace(" ", "-")
    assert [m.text for m in person.mentions] == [name, short]
    assert [e.text for e in doc.ents if e.label_ == "PER"] == [name, short]


@pytest.mark.parametrize(
    "text, persons, name, given",
    [
        ("Marin Sauvajon a été agressé. Marin a gardé des séquelles.", ["Marin Sauvajon", "Marin"], "Marin Sauvajon", "Marin"),
        ("Selon sa mère, Léa ne savait rien. Léa Dubois avait 15 ans.", ["Léa", "Léa Dubois"], "Léa Dubois", "Léa"),
        ("Jean-Luc Mélenchon répond. Pour Jean-Luc, la cause est entendue.", ["Jean-Luc Mélenchon", "Jean-Luc"], "Jean-Luc Mélenchon", "Jean-Luc"),
    ],
)
def test_a_given_name_alone_joins_the_one_person_who_bears_it(nlp, text, persons, name, given):
    people = by_name(run(nlp, text, persons))
    assert list(people) == [name] and given in people[name].aliases


def test_a_given_name_two_people_bear_joins_neither(nlp):
    text = "Paul Martin et Paul Durand sont partis. Paul a dit non."
    people = by_name(run(nlp, text, ["Paul Martin", "Paul Durand", "Paul"]))
    assert "Paul" not in people["Paul Martin"].aliases and "Paul" not in people["Paul Durand"].aliases


def test_ambiguous_surname_goes_to_the_last_named(nlp):
    text = "Marine Le Pen et Jean-Marie Le Pen. Plus tard, Jean Martin et Paul Martin. Martin a dit non."
    doc = run(nlp, text, ["Jean Martin", "Paul Martin", "Martin"])
    people = by_name(doc)
    assert "Martin" in people["Paul Martin"].aliases and "Martin" not in people["Jean Martin"].aliases


@pytest.mark.parametrize(
    "text, given, expected",
    [
        ("Hier, M. Fillon a parlé.", "M. Fillon", "Fillon"),
        ("Hier, Mme Sturgeon a parlé.", "Mme Sturgeon", "Sturgeon"),
        ("« Monsieur Fillon n'a rien dit », a-t-il lancé.", "Monsieur Fillon", "Fillon"),
        ("Pour Madame Le Pen, rien ne change.", "Madame Le Pen", "Le Pen"),
        ("Le Général de Gaulle est mort.", "Général de Gaulle", "de Gaulle"),
        ("Le Président Révérien Ndikuriyo a parlé.", "Président Révérien Ndikuriyo", "Révérien Ndikuriyo"),
        ("Hier, Marc Ladreit de Lacharrière a parlé.", "Marc Ladreit", "Marc Ladreit de Lacharrière"),
    ],
)
def test_names_are_cleaned(nlp, text, given, expected):
    doc = run(nlp, text, [given])
    assert [e.text for e in doc.ents] == [expected]


@pytest.mark.parametrize("text, given", [("Le président de la République a parlé.", "président de la République"), ("Le Président a parlé.", "Président")])
def test_titles_alone_are_no_people(nlp, text, given):
    doc = run(nlp, text, [given])
    assert doc._.people == [] and list(doc.ents) == []


def test_organisation_names_are_no_people(nlp):
    doc = run(nlp, "Ford a licencié. Henry Ford aurait protesté.", ["Ford", "Henry Ford"])
    assert list(by_name(doc)) == ["Henry Ford"]
    assert [(e.text, e.label_) for e in doc.ents] == [("Ford", "ORG"), ("Henry Ford", "PER")]


@pytest.mark.parametrize(
    "text, person, title, organisation, phrase",
    [
        ("Antoine Frérot, PDG de Veolia, a confirmé.", "Antoine Frérot", "PDG", "veolia", "PDG de Veolia"),
        ("Le PDG de Veolia, Antoine Frérot, a confirmé.", "Antoine Frérot", "PDG", "veolia", "PDG de Veolia"),
        ("Selon la porte-parole de la Maison-Blanche Jen Psaki, rien.", "Jen Psaki", "porte-parole", "maison-blanche", "porte-parole de la Maison-Blanche"),
        ("Le maire Jean Dupont a parlé.", "Jean Dupont", "maire", None, "maire"),
        ("Le ministre de l'Intérieur Bernard Cazeneuve a parlé.", "Bernard Cazeneuve", "ministre de l'Intérieur", None, "ministre de l'Intérieur"),
        ("Bruno Le Maire, ministre de l'Économie et des Finances, a parlé.", "Bruno Le Maire", "ministre de l'Économie et des Finances", None, "ministre de l'Économie et des Finances"),
        ("La ministre de la Transition écologique Elisabeth Borne a parlé.", "Elisabeth Borne", "ministre de la Transition écologique", None, "ministre de la Transition écologique"),
        ("Le directeur général Jean Dupont a parlé.", "Jean Dupont", "directeur général", None, "directeur général"),
    ],
)
def test_adjacent_roles(nlp, text, person, title, organisation, phrase):
    doc = run(nlp, text, [person])
    (role,) = by_name(doc)[person].roles
    assert (role.title, role.organisation, role.span.text) == (title, organisation, phrase)


def test_people_and_roles_say_what_made_them(nlp):
    doc = run(nlp, "Le PDG de Veolia, Antoine Frérot, a confirmé. Frérot a ajouté.", ["Antoine Frérot"])
    (person,) = doc._.people
    assert person.via == ["people.ner", "people.propagated", "people.short-form"]
    assert person.roles[0].via == ["people.role:adjacent"]


def test_orphan_title_taken_by_the_next_person_named(nlp):
    text = (
        "Lors d'un point de presse, la porte-parole de la Maison-Blanche a été interrogée. "
        "Elle a répondu : « non ». Jen Psaki a ajouté ne pas avoir de calendrier."
    )
    doc = run(nlp, text, ["Jen Psaki"])
    (role,) = by_name(doc)["Jen Psaki"].roles
    assert role.title == "porte-parole" and role.organisation == "maison-blanche"
    assert entity_at(doc, role.span.start + len("porte-parole de la "), role.span.end) == "maison-blanche"


def test_entity_at_finds_people(nlp):
    doc = run(nlp, "Donald Trump a signé. Trump a ensuite quitté la salle.", ["Donald Trump"])
    assert entity_at(doc, 22, 27) == "donald-trump"


def test_a_name_glued_to_the_sentence_before_starts_after_the_glued_word(nlp):
    doc = run(nlp, "Il faut des masques FFP2.Agnès Buzyn a répondu. Agnès Buzyn a ajouté.", ["FFP2.Agnès Buzyn", "Agnès Buzyn"])
    assert [(p.name, p.aliases) for p in doc._.people] == [("Agnès Buzyn", ["Buzyn"])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le Premier ministre Boris Johnson a démissionné.", "Boris Johnson"),
        ("Selon le président Xi Jinping, rien ne change.", "Xi Jinping"),
        ("La présidente Ursula von der Leyen a proposé un plan.", "Ursula von der Leyen"),  # particles inside
        ("L'entraîneur Jean-Pierre Papin est parti.", "Jean-Pierre Papin"),
    ],
)
def test_a_name_the_model_missed_after_a_title_is_a_person(nlp, text, expected):
    doc = run(nlp, text, [])
    (person,) = doc._.people
    assert (person.name, person.via) == (expected, ["people.title"])


@pytest.mark.parametrize(
    "text",
    [
        "Le leader Total a chuté.",  # one capitalised word: a company as often as a person
        "Le député LREM a voté.",  # an acronym
        "Le patron de Renault a parlé.",  # a complement, no name
        "Le ministre Les Républicains a voté.",  # a determiner: no name
        "Le président de Veolia a parlé.",
    ],
)
def test_no_person_after_a_title_without_a_name(nlp, text):
    assert run(nlp, text, [])._.people == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, name, title",
    [
        ("Le Premier ministre britannique Boris Johnson a démissionné.", "Boris Johnson", "Premier ministre britannique"),
        ("Le Premier ministre Boris Johnson a démissionné.", "Boris Johnson", "Premier ministre"),
    ],
)
def test_a_titled_name_on_the_real_parse(depeche_extractor, text, name, title):
    (person,) = depeche_extractor.extract(text, published="2019-03-14").people
    assert (person.name, [r.title for r in person.roles]) == (name, [title])


@pytest.mark.parametrize("text", ["", "Trump", "M.", "le président de"])
def test_bare_docs_do_not_fail(nlp, text):
    assert isinstance(nlp(text)._.people, list)


@pytest.mark.model
def test_seed_articles(depeche_extractor, seeds):
    first = depeche_extractor.extract(seeds["000"].read_text(encoding="utf-8"), id="000", published="2020-11-25")
    second = depeche_extractor.extract(seeds["003"].read_text(encoding="utf-8"), id="003", published="2021-02-11")
    for record in (first, second):
        names = {o.name for o in record.organisations}
        assert {"ByteDance", "Oracle", "Walmart", "TikTok"} <= names
    assert {"Microsoft", "Amazon"} <= {o.name for o in first.organisations}
    orgs = {o.name: o for o in second.organisations}
    assert orgs["Walmart"].id == "walmart" and "Wallmart" in orgs["Walmart"].aliases
    assert sum(o.name == "Walmart" or "Wallmart" in o.aliases for o in second.organisations) == 1
    assert orgs["Wall Street Journal"].kind == "media"
    people = {p.name: p for p in second.people}
    assert "Trump" in people["Donald Trump"].aliases and people["Donald Trump"].id == "donald-trump"
    assert "Trump" in {m.text for m in people["Donald Trump"].mentions}
    roles = people["Jen Psaki"].roles
    assert [(r.title, orgs_by_id(second)[r.organisation].name) for r in roles] == [("porte-parole", "Maison-Blanche")]
    assert "Trump" in {p.name for p in first.people} | {a for p in first.people for a in p.aliases}


def orgs_by_id(record):
    return {o.id: o for o in record.organisations}
