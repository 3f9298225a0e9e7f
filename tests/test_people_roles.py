"""depeche_people roles (`components/people/roles.py`) and one-word evidence (`evidence.py`) on spacy.blank("fr"),
the model's entities given inline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from depeche import docattrs  # noqa: F401
from depeche.components.organisations import read_lines

LEXICONS = Path(__file__).resolve().parents[1] / "models" / "lexicons"
GAZETTEER = [{"name": "Veolia", "aliases": [], "kind": "company"}, {"name": "News Corp", "aliases": [], "kind": "company"}]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_organisations").initialize(gazetteer=GAZETTEER, triggers=[], heads=[], ministries=[])
    people = nlp.add_pipe("depeche_people")
    people.initialize(titles=read_lines(LEXICONS / "people_titles.txt"), honorifics=read_lines(LEXICONS / "people_honorifics.txt"))
    return nlp


def run(nlp, text: str, ents: list[tuple[str, str]]):
    """The pipeline on `text`, the model's entities being the (first occurrences, in order) of `ents`."""
    doc = nlp.make_doc(text)
    spans, position = [], 0
    for string, label in ents:
        start = text.index(string, position)
        spans.append(doc.char_span(start, start + len(string), label=label))
        position = start + len(string)
    doc.ents = spans
    for _, component in nlp.pipeline:
        doc = component(doc)
    return {p.name: p for p in doc._.people}


def per(*names):
    return [(n, "PER") for n in names]


@pytest.mark.parametrize(
    "text, person, titles",
    [
        ("Jean Dupont, ancien PDG de Veolia, a parlé.", "Jean Dupont", ["PDG"]),
        ("L'ex-ministre de l'Éducation Paul Durand a parlé.", "Paul Durand", ["ex-ministre de l'Éducation"]),
        ("Le député LR du Vaucluse Julien Martin a parlé.", "Julien Martin", ["député LR du Vaucluse"]),
        ("Selon Anne Petit (LREM), rapporteure du texte, rien ne change.", "Anne Petit", ["rapporteure du texte"]),
        ("Marie Blanc, 49 ans, directrice générale, a parlé.", "Marie Blanc", ["directrice générale"]),
        ("Paul Roux, député du Gard et secrétaire général adjoint du parti, a parlé.", "Paul Roux", ["député du Gard", "secrétaire général adjoint du parti"]),
        ("Le président du conseil d'administration Luc Morel a parlé.", "Luc Morel", ["président du conseil d'administration"]),
        ("La secrétaire d'État aux Transports Julie Vidal a parlé.", "Julie Vidal", ["secrétaire d'État aux Transports"]),
        ('Le "Speaker" John Bercow a refusé.', "John Bercow", ["Speaker"]),
        ("La ministre déléguée chargée de l'égalité entre les femmes et les hommes, Élisabeth Moreno, a parlé.", "Élisabeth Moreno", ["ministre déléguée chargée de l'égalité"]),
        # a hyphenated adjective is a word of the phrase; an honorific between the comma and the name
        ("La Première ministre néo-zélandaise Jacinda Ardern a parlé.", "Jacinda Ardern", ["Première ministre néo-zélandaise"]),
        ("Le chancelier franco-allemand Paul Weber a parlé.", "Paul Weber", ["chancelier franco-allemand"]),
        ("L'avocat de la famille, Me Jean Martin, a réagi.", "Jean Martin", ["avocat de la famille"]),
        ("L'avocat de la famille Me Jean Martin a réagi.", "Jean Martin", ["avocat de la famille"]),  # … or with no comma
        ("Il ne regrette rien, a indiqué son avocat Me Jean Martin.", "Jean Martin", ["avocat"]),
        ("Le numéro deux du parti, Jean Martin, a parlé.", "Jean Martin", ["numéro deux du parti"]),
    ],
)
def test_title_phrases_next_to_a_name(nlp, text, person, titles):
    people = run(nlp, text, per(person))
    assert [r.title for r in people[person].roles] == titles
    assert all(r.via[0] in ("people.role:adjacent", "people.role:coordinated") for r in people[person].roles)


@pytest.mark.parametrize(
    "text, holder, other",
    [
        ("Luc Petit, ancien conseiller d'Emmanuel Macron, a parlé.", "Luc Petit", "Emmanuel Macron"),
        ("Le porte-parole de Jean Martin, Paul Roux, a parlé.", "Paul Roux", "Jean Martin"),
    ],
)
def test_a_person_inside_the_title_is_no_holder(nlp, text, holder, other):
    people = run(nlp, text, per(*sorted((holder, other), key=text.index)))
    assert people[holder].roles and people[other].roles == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, person, title",
    [
        # « à X » after a title is whom one speaks to, not the title's complement
        ("Hugh Grant est venu à Paris. « Je me suis disputé », a raconté l'acteur à Seth Meyers.", "Hugh Grant", "acteur"),
        # « en » + a lowercase noun opens a clause, except in a title (« rédacteur en chef »)
        ("Bernard Cazeneuve est venu. « Non », a ajouté l'ancien ministre de l'Intérieur en réponse aux questions.",
         "Bernard Cazeneuve", "ministre de l'Intérieur"),
        ("Le rédacteur en chef du journal, Jean Roux, a parlé.", "Jean Roux", "rédacteur en chef du journal"),
    ],
)
def test_where_a_title_phrase_ends(depeche_extractor, text, person, title):
    record = depeche_extractor.extract(text, id="t", published="2020-05-05")
    people = {p.name: p for p in record.people}
    assert [r.title for r in people[person].roles] == [title]


@pytest.mark.parametrize(
    "text, person, title",
    [
        ("Nicolas Hulot était à Paris. Le ministre de la Transition écologique a parlé.", "Nicolas Hulot", "ministre de la Transition écologique"),
        ("Anne Petit a répondu. « Non », la rapporteure a-t-elle ajouté.", "Anne Petit", "rapporteure"),
    ],
)
def test_a_definite_description_takes_up_the_last_person_named(nlp, text, person, title):
    (role,) = run(nlp, text, per(person))[person].roles
    assert (role.title, role.via[0]) == (title, "people.role:anaphor")


@pytest.mark.parametrize(
    "text, names, holder, other",
    [
        # the one person the text gives the title, whoever was named since
        ("Le ministre de la Culture, Paul Roux, est venu. Luc Petit l'a reçu. Le ministre de la Culture a parlé.",
         ("Paul Roux", "Luc Petit"), "Paul Roux", "Luc Petit"),
        # the same description told again is the same person
        ("Paul Roux est arrivé. Le président turc a parlé. Luc Petit l'a reçu. Le président turc a répondu.",
         ("Paul Roux", "Luc Petit"), "Paul Roux", "Luc Petit"),
    ],
)
def test_a_definite_description_goes_to_the_holder_of_its_title(nlp, text, names, holder, other):
    people = run(nlp, text, per(*names))
    assert people[other].roles == [] and people[holder].roles


@pytest.mark.parametrize(
    "text",
    [
        "Jean Dupont était là. Il a parlé au ministre de l'Intérieur.",  # after a preposition: no subject
        "Jean Dupont était là. Merci, monsieur le Premier ministre.",  # a vocative
        "Jean Dupont était là. C'est lui le patron.",
    ],
)
def test_descriptions_that_are_no_subject_are_given_to_nobody(nlp, text):
    assert run(nlp, text, per("Jean Dupont"))["Jean Dupont"].roles == []


def test_a_plural_title_before_a_comma_and_an_honorific_names_nobody(nlp):
    text = "Elle était entendue par les députés, Mme Houlette ayant semé le trouble."
    assert run(nlp, text, per("Houlette"))["Houlette"].roles == []


def test_a_title_is_kept_once_beside_a_longer_one(nlp):
    text = "Le ministre de l'Économie Bruno Le Maire a parlé. Bruno Le Maire, ministre, a ajouté."
    assert [r.title for r in run(nlp, text, per("Bruno Le Maire"))["Bruno Le Maire"].roles] == ["ministre de l'Économie"]


@pytest.mark.parametrize(
    "text, name, evidence",
    [
        ("Hier, M. Fillon a parlé.", "Fillon", "people.evidence:honorific"),
        ("Le sénateur Delattre a parlé.", "Delattre", "people.evidence:role"),
        ("J'ai vu sa fille Eva hier.", "Eva", "people.evidence:kin"),
        ("L'épouse de Mark a parlé.", "Mark", "people.evidence:kin"),
        ("La prime Macron est reconduite.", "Macron", "people.evidence:eponym"),
        ("Selon l'administration Trump, rien.", "Trump", "people.evidence:eponym"),
        ("Hier, Maurane, 60 ans, a chanté.", "Maurane", "people.evidence:age"),
    ],
)
def test_one_word_people_are_kept_with_evidence(nlp, text, name, evidence):
    assert evidence in run(nlp, text, per(name))[name].via


@pytest.mark.parametrize(
    "text, ents",
    [
        ("LVMH suspend le rachat de Tiffany.", per("Tiffany")),
        ("De Prague, l'exposition partira vers Brno.", per("Prague")),
        ("La rentrée sous Covid inquiète.", per("Covid")),
        ("Le Ségur de la santé est signé.", per("Ségur")),
        ("Il est né à Prague. Prague l'a accueilli.", [("Prague", "LOC"), ("Prague", "PER")]),  # the ner's LOC elsewhere wins
        ("M. Prague est à Prague.", [("Prague", "PER"), ("Prague", "LOC")]),
    ],
)
def test_one_word_names_without_evidence_are_no_people(nlp, text, ents):
    assert run(nlp, text, ents) == {}


def test_full_names_need_no_evidence(nlp):
    assert list(run(nlp, "LVMH suspend le rachat de Jean Tiffany.", per("Jean Tiffany"))) == ["Jean Tiffany"]


@pytest.mark.parametrize(
    "text, persons, holder",
    [
        # « la » description is not given to « M. X » named last, but to the woman before him
        ("Mme Anne Petit a parlé. M. Paul Roux a répondu. La rapporteure a ajouté un mot.", ["Anne Petit", "Paul Roux"], "Anne Petit"),
        ("M. Paul Roux a parlé. Mme Anne Petit a répondu. Le rapporteur a ajouté un mot.", ["Paul Roux", "Anne Petit"], "Paul Roux"),
    ],
)
def test_a_description_goes_to_a_person_of_its_gender(nlp, text, persons, holder):
    people = run(nlp, text, per(*persons))
    assert [r.title for r in people[holder].roles] == [("rapporteure" if "La rapporteure" in text else "rapporteur")]
    assert all(not p.roles for name, p in people.items() if name != holder)


def test_a_description_with_an_organisation_goes_to_who_holds_a_role_there(nlp):
    text = "Jean Dupont, directeur général de Veolia, a parlé. Paul Roux a répondu. Le patron de Veolia a ajouté un mot. Luc Morel a conclu."
    people = run(nlp, text, per("Jean Dupont", "Paul Roux", "Luc Morel"))
    assert [r.title for r in people["Jean Dupont"].roles] == ["directeur général", "patron"]
    assert people["Paul Roux"].roles == [] and people["Luc Morel"].roles == []


@pytest.mark.parametrize(
    "text, person, titles",
    [
        ("Paul Roux, élu LR, a parlé.", "Paul Roux", ["élu LR"]),
        ("L'élu de Lille Paul Roux a parlé.", "Paul Roux", ["élu de Lille"]),
        ("Paul Roux, élu samedi président de la collectivité, a parlé.", "Paul Roux", []),
        ("Paul Roux, élu président de la collectivité, a parlé.", "Paul Roux", ["président de la collectivité"]),
    ],
)
def test_elu_is_a_title_unless_a_participle(nlp, text, person, titles):
    assert [r.title for r in run(nlp, text, per(person))[person].roles] == titles


@pytest.mark.parametrize(
    "text, name",
    [
        ("Le tour est mené par le fonds américain Andreessen Horowitz.", "Andreessen Horowitz"),
        ("La holding de la famille Agnelli détient 14 %.", "Agnelli"),
        ("La tempête Alex a dévasté la vallée.", "Alex"),
        ("La marque Kylie Cosmetics était un phénomène.", "Kylie Cosmetics"),
    ],
)
def test_names_introduced_as_things_are_no_people(nlp, text, name):
    assert run(nlp, text, per(name)) == {}


def test_a_name_introduced_as_a_thing_with_a_title_stays_a_person(nlp):
    assert list(run(nlp, "Le groupe Paul Roux, PDG de Veolia, a parlé.", per("Paul Roux"))) == ["Paul Roux"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, person, title",
    [
        # a noun the title lexicon does not list, between a determiner and the name, close to the lexicon's titles
        ("Il pleuvra moins cet été, a expliqué à l'AFP le climatologue Christian Viel.", "Christian Viel", "climatologue"),
        ("Il a été accusé par la championne Sarah Abitbol, mais il dément.", "Sarah Abitbol", "championne"),
        ("Le rappeur Jean Dubreuil a été placé en garde à vue.", "Jean Dubreuil", "rappeur"),
        ("Selon le sociologue Pierre Martin, la tendance se confirme.", "Pierre Martin", "sociologue"),
        # … or in apposition after it, alone or coordinated with a title of the lexicon, a compound too
        ("L'une d'elles, Valérie Lenoir, aide-soignante, a expliqué son attitude.", "Valérie Lenoir", "aide-soignante"),
        ("Selon Marie Dubois, chercheuse, la tendance se confirme.", "Marie Dubois", "chercheuse"),
        ("Un collègue est entré, se souvient Camille Roy, médecin et enseignante à l'université de Lyon.", "Camille Roy", "enseignante"),
        # … or before it, with its complement (« le trésorier du parti, X, »)
        ("Le trésorier du parti, Jean Lefort, a confirmé l'information.", "Jean Lefort", "trésorier du parti"),
    ],
)
def test_an_occupation_beside_a_name_is_a_role(depeche_extractor, text, person, title):
    record = depeche_extractor.extract(text, id="t", published="2020-05-05")
    people = {p.name: p for p in record.people}
    assert title in [r.title for r in people[person].roles]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, person",
    [
        ("Son père Jean Dubreuil était venu le voir.", "Jean Dubreuil"),  # a relation (people_not_titles.txt)
        ("Le jeune Paul Martin a été interpellé.", "Paul Martin"),  # a description
        ("L'administration Donald Trump a répondu.", "Donald Trump"),  # a thing named after the person
        ("La liste Rachida Dati arrive en tête.", "Rachida Dati"),  # far from every title (its vector)
        ("Ils se sont retrouvés au parc Christophe Colomb.", "Christophe Colomb"),
        # in apposition, a noun far from the titles (« question », « interview »), a compound by its head
        ("Interrogé sur Emmanuel Macron, question de confiance, il s'est tu.", "Emmanuel Macron"),
        ("Après Emmanuel Macron, face-à-face oblige, il a parlé.", "Emmanuel Macron"),
    ],
)
def test_a_noun_beside_a_name_that_is_no_occupation_is_no_role(depeche_extractor, text, person):
    record = depeche_extractor.extract(text, id="t", published="2020-05-05")
    people = {p.name: p for p in record.people}
    assert person not in people or people[person].roles == [], people[person].roles


def test_no_occupation_is_read_without_a_tagger(nlp):
    # the blank pipeline has neither tags nor vectors: only the lexicon's titles are read
    assert run(nlp, "Le climatologue Christian Viel a parlé.", per("Christian Viel"))["Christian Viel"].roles == []
