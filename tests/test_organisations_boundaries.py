"""depeche_organisations, precision and boundaries (issue 12), on spacy.blank("fr") with the tags and entities the
model would give: portfolios and ministers' titles, territories, places, products, glued sentences, where a model's
name ends, people inside names, short forms."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from depeche import docattrs  # noqa: F401  (registers the Doc extensions)
from conftest import blank_organisations, organisation_names as names, run_organisations as run

GAZETTEER = [
    {"name": "Renault", "aliases": [], "kind": "company"},
    {"name": "Orange", "aliases": [], "kind": "company"},
    {"name": "État islamique", "aliases": ["Etat islamique", "EI"], "kind": "other"},
    {"name": "Rassemblement national", "aliases": ["RN"], "kind": "other"},
    {"name": "News Corp", "aliases": [], "kind": "company"},
    {"name": "New York Times", "aliases": [], "kind": "media"},
    {"name": "Caisse des dépôts", "aliases": [], "kind": "company"},
]
# what a gazetteer harvested from annotations holds (an entry with a `source`)
HARVESTED = [{"name": w, "aliases": [], "kind": "other", "source": "winer-dev"} for w in ("Agriculture", "PCR", "Équipement")]


@pytest.fixture(scope="module")
def nlp():
    return blank_organisations(GAZETTEER, HARVESTED)


def org_ents(doc):
    return [e.text for e in doc.ents if e.label_ == "ORG"]


# --- portfolios and ministers' titles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, ents",
    [
        ("Le vice-ministre russe des Affaires étrangères a parlé .", [("ORG", 4, 6)]),  # a prefixed title
        ("L' ex-ministre de l' Intérieur est venu .", [("ORG", 4, 5)]),
        ("Le Ministre de la Défense Jean Dupont est venu .", [("ORG", 1, 5), ("PER", 5, 7)]),  # the model's span holds the title
        ("Le secrétaire d' Etat aux Transports a parlé .", [("ORG", 3, 6)]),  # no accent, « aux »
        ("Les secrétaires d' État chargés du Numérique se sont vus .", [("ORG", 6, 7)]),
        ("Hier , la ministre de l' Agriculture a parlé .", []),  # a harvested gazetteer's portfolio word
        ("Le ministre délégué à l' Équipement a parlé .", []),  # the same after « à »
    ],
)
def test_a_title_and_its_portfolio_are_no_organisation(nlp, words, ents):
    doc = run(nlp, words, ents)
    assert names(doc) == [] and org_ents(doc) == []


@pytest.mark.parametrize(
    "words, ents, body",
    [
        ("Ce qu' il faut , a déclaré la ministre à l' AFP .", [], "AFP"),  # an acronym is no portfolio
        ("Tout ira bien , a confié la secrétaire d' État à l' ONU .", [], "ONU"),
        ("Rien , a répondu le ministre au New York Times mardi .", [], "New York Times"),  # a name the gazetteer knows
    ],
)
def test_who_a_minister_speaks_to_is_no_portfolio(nlp, words, ents, body):
    doc = run(nlp, words, ents)
    assert body in names(doc)


@pytest.mark.parametrize(
    "words, ministry",
    [
        ("Cette enveloppe vient du ministère de l' Agriculture , soit 10 % .", "ministère de l' Agriculture"),
        ("Le ministère de l' Agriculture a publié . Le ministre de l' Agriculture a parlé .", "ministère de l' Agriculture"),
        ("Selon les ministères de la Transition et de l' Agriculture , non .", "ministères de la Transition et de l' Agriculture"),
    ],
)
def test_a_ministry_holds_its_portfolio(nlp, words, ministry):
    doc = run(nlp, words)
    assert names(doc) == [ministry]
    assert "Agriculture" not in org_ents(doc)


def test_a_portfolio_runs_over_its_adjectives(nlp):
    words = "Le ministère des Affaires étrangères a annoncé .".split()
    doc = run(nlp, words, pos=["DET", "NOUN", "ADP", "PROPN", "ADJ", "AUX", "VERB", "PUNCT"])
    assert names(doc) == ["ministère des Affaires étrangères"]


@pytest.mark.parametrize(
    "words, pos, ministry",
    [
        ("le ministère russe des Situations d' urgence a dit", "DET NOUN ADJ ADP PROPN ADP NOUN AUX VERB", "ministère russe des Situations d' urgence"),
        ("le ministère de la Cohésion des territoires a dit", "DET NOUN ADP DET PROPN ADP NOUN AUX VERB", "ministère de la Cohésion des territoires"),
        # no lower-case noun to take: the portfolio ends at its capitalised word
        ("le ministère de la Santé de la région a dit", "DET NOUN ADP DET PROPN ADP DET NOUN AUX VERB", "ministère de la Santé"),
        ("le ministère de la Santé d' alors a dit", "DET NOUN ADP DET PROPN ADP ADV AUX VERB", "ministère de la Santé"),
        ("le ministère de la Santé des services de santé a dit", "DET NOUN ADP DET PROPN ADP NOUN ADP NOUN AUX VERB", "ministère de la Santé"),
    ],
)
def test_a_portfolio_takes_one_noun_complement_after_its_name(nlp, words, pos, ministry):
    doc = run(nlp, words, pos=pos.split())
    assert names(doc) == [ministry]


# --- territories: « État » and an adjective or « de » -----------------------------------------------------------


@pytest.mark.parametrize(
    "words, ents",
    [
        ("Le secrétaire d' Etat américain a parlé .", [("ORG", 3, 5)]),
        ("L' Etat fédéral a payé .", [("ORG", 0, 3)]),
        ("Hier , l' État de New York a confiné .", [("ORG", 3, 7)]),
        ("Les gouverneurs des Etats brésiliens protestent .", [("ORG", 3, 5)]),
        ("Il avait dirigé cet État des Caraïbes deux fois .", [("ORG", 4, 7)]),
        ("Le royaume de Bahreïn a signé .", [("ORG", 1, 4)]),
    ],
)
def test_a_territory_is_no_organisation(nlp, words, ents):
    doc = run(nlp, words, ents)
    assert names(doc) == [] and org_ents(doc) == []


def test_a_listed_name_on_a_territory_noun_stands(nlp):
    doc = run(nlp, "Le groupe Etat islamique a revendiqué .", [("ORG", 2, 4)])
    assert names(doc) == ["État islamique"]


# --- places, products, members, roads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, ents",
    [
        ("Ils se sont réunis place de la République à Paris .", [("ORG", 7, 8)]),
        ("Un hommage a eu lieu rue de la Paix .", [("ORG", 8, 9)]),
        ("L' avion vient de l' aéroport international de Dubaï .", [("ORG", 5, 9)]),
        ("La station République est fermée .", [("ORG", 2, 3)]),
        ("Il roule dans une Renault depuis mai .", []),  # a product
        ("Lundi , un jeune CRS a été blessé .", [("ORG", 4, 5)]),  # a member
        ("L' accident a eu lieu sur la RN 79 hier .", []),  # a road, not the party
        ("Le CAC 40 a reculé .", [("ORG", 1, 2)]),
    ],
)
def test_no_organisation_in_a_place_product_or_road(nlp, words, ents):
    pos = None
    if "jeune" in words:
        pos = ["PROPN", "PUNCT", "DET", "ADJ", "PROPN", "AUX", "AUX", "VERB", "PUNCT"]
    doc = run(nlp, words, ents, pos=pos)
    assert names(doc) == [], names(doc)


def test_instead_of_is_no_place(nlp):
    doc = run(nlp, "Nissan vend à la place de Renault .")
    assert names(doc) == ["Renault"]


# --- sentences glued by the dump ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, ents, found",
    [
        (["selon", "l'", "AFP.Armstrong", "a", "dit"], [("ORG", 2, 3)], []),
        (["selon", "RTL.Le", "fourgon", "blindé"], [("ORG", 1, 4)], []),
        (["la", "Caisse", "Nationale", "(", "CNX).L'", "homme", "part"], [("ORG", 1, 5)], ["Caisse Nationale"]),
        (["le", "groupe", "E.Leclerc", "vend"], [], ["E.Leclerc"]),  # an initial, no sentence
    ],
)
def test_a_name_ends_where_the_glued_sentence_starts(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


# --- where a model's name ends ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, pos, verbs, ents, found",
    [
        ("a révélé l' émission de TMC « Quotidien » hier", None, (), [("ORG", 5, 8)], "TMC"),
        ("président de l' Agence du service civique de 2013 à 2016", None, (), [("ORG", 2, 9)], "Agence du service civique"),
        ("Les parcs de Carrefour 20 MW sont prêts", None, (), [("ORG", 3, 6)], "Carrefour"),
        ("Le contrat du réseau Onepoint expire lundi", ["DET", "NOUN", "ADP", "NOUN", "PROPN", "VERB", "NOUN"], (5,), [("ORG", 3, 6)], "réseau Onepoint"),
        ("la Sécurité sociale les autres mesures", ["DET", "PROPN", "ADJ", "DET", "ADJ", "NOUN"], (), [("ORG", 1, 6)], "Sécurité sociale"),
        ("Le laboratoire allemand Zorvex a signé", ["DET", "NOUN", "ADJ", "PROPN", "AUX", "VERB"], (), [("ORG", 1, 4)], "Zorvex"),
        ("Selon l' agence sanitaire Santé publique France , non", ["ADP", "DET", "NOUN", "ADJ", "PROPN", "ADJ", "PROPN", "PUNCT", "ADV"], (), [], "Santé publique France"),
    ],
)
def test_a_name_ends_where_the_name_ends(nlp, words, pos, verbs, ents, found):
    assert names(run(nlp, words, ents, pos=pos, verb_forms=verbs)) == [found]


# --- people -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, ents",
    [
        ("Carlos Ghosn a fui . Ghosn est au Liban .", [("PER", 0, 2), ("ORG", 5, 6)]),  # the surname of a person of the article
        ("Marie Curie parle . Selon Marie Curie , non .", [("PER", 0, 2), ("ORG", 5, 7)]),
        ("Le secrétaire du parti Jean Dupont a parlé .", [("PER", 4, 6)]),  # a person after a title's complement
        ("a indiqué la PDG de l' opérateur Marie Durand hier .", [("PER", 7, 9)]),
    ],
)
def test_a_person_is_no_organisation(nlp, words, ents):
    assert names(run(nlp, words, ents)) == []


@pytest.mark.parametrize(
    "words, ents, found",
    [
        ("La société Eurovia SK a gagné .", [("PER", 2, 4)], ["Eurovia SK"]),  # an apposition: the model is wrong
        ("Le patron Rupert Murdoch News Corp vend .", [("PER", 2, 6)], ["News Corp"]),  # a person, then a listed company
    ],
)
def test_a_company_beside_a_person(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


# --- short forms, harvested names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, name, alias",
    [
        ("Le New York Times l' écrit . Selon le Times , non .", "New York Times", "Times"),
        ("Le journal Cincinnati Enquirer l' écrit . Elle a déclaré à l' Enquirer que non .", "Cincinnati Enquirer", "Enquirer"),
    ],
)
def test_a_short_form_joins_the_longer_name(nlp, words, name, alias):
    (org,) = run(nlp, words)._.organisations
    assert org.name == name and alias in org.aliases


def test_no_name_inside_a_hyphenated_word(nlp):
    words = ["un", "test", "RT", "-", "PCR", "négatif"]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, False, False, True, False])
    assert names(nlp.get_pipe("depeche_organisations")(doc)) == []


@pytest.mark.parametrize(
    "words, pos, found",
    [
        ("Hier , l' Équipement manque .", ["ADV", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"], []),  # harvested, a noun
        ("Hier , l' Orange vend .", ["ADV", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"], ["Orange"]),  # hand-written: stands
    ],
)
def test_a_harvested_common_noun_is_no_organisation(nlp, words, pos, found):
    import numpy

    if nlp.vocab.vectors.size == 0:  # the test vocabulary knows these as words of the language
        nlp.vocab.vectors.resize((2, 1))
    for word in ("équipement", "orange"):
        nlp.vocab.set_vector(word, numpy.zeros((1,), dtype="f"))
    assert names(run(nlp, words, pos=pos)) == found


@pytest.mark.parametrize(
    "words, ministry",
    [
        ("Le ministère de l'Économie refuse. Bercy veut attendre.", "ministère de l'Économie"),
        ("Bercy a tranché, selon le ministère de l'Économie et des Finances.", "ministère de l'Économie et des Finances"),
        ("Au ministère de l'Intérieur, on dément. Beauvau ne commente pas.", "ministère de l'Intérieur"),
    ],
)
def test_a_ministrys_metonym_joins_it(words, ministry):
    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_organisations")
    metonyms = [
        {"name": "Bercy", "aliases": [], "kind": "government", "portfolios": ["Économie", "Finances"]},
        {"name": "Beauvau", "aliases": [], "kind": "government", "portfolios": ["Intérieur"]},
    ]
    component.initialize(gazetteer=metonyms, harvested=[], mined=[])
    (org,) = nlp(words)._.organisations
    assert org.name == ministry and len(org.mentions) == 2


def test_a_metonym_without_its_ministry_stands():
    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_organisations")
    component.initialize(gazetteer=[{"name": "Bercy", "aliases": [], "kind": "government", "portfolios": ["Économie"]}], harvested=[], mined=[])
    assert [o.name for o in nlp("Bercy a tranché, selon le ministère de la Culture.")._.organisations] == ["Bercy", "ministère de la Culture"]


@pytest.mark.parametrize(
    "words, found",
    [
        ("Il faut 26 000 € pour la toute nouvelle Renault e-208 .", []),  # a brand, then a model's name
        ("Le moteur était un bloc Renault V8 puissant .", []),
        ("Ne parlons pas des Orange e-tron et autres .", []),
        ("Renault vend , Orange achète .", ["Renault", "Orange"]),
        ("Le groupe Renault Trucks recrute .", ["Renault"]),  # a capitalised word after it is no model's name by shape
    ],
)
def test_a_brand_before_a_models_name_is_a_product(nlp, words, found):
    assert names(run(nlp, words)) == found


@pytest.mark.parametrize(
    "words, ents, found",
    [
        ("Elle a acheté des doses à Orange pour des dizaines de pays .", [("ORG", 5, 11)], ["Orange"]),
        ("Le groupe Orange Business Services recrute .", [("ORG", 2, 5)], ["Orange Business Services"]),
        ("Selon Renault et Nissan , non .", [("ORG", 1, 4)], ["Renault"]),  # two names coordinated
        ("Selon Renault et Orange , non .", [("ORG", 1, 4)], ["Renault", "Orange"]),
        ("La Caisse des dépôts et consignations prête .", [("ORG", 1, 6)], ["Caisse des dépôts et consignations"]),
    ],
)
def test_a_listed_name_gives_way_only_to_a_longer_name(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


@pytest.mark.parametrize(
    "words, ents, found",
    [
        ("La Cour de chancellerie du Delaware a tranché .", [("ORG", 1, 4), ("LOC", 5, 6)], ["Cour de chancellerie du Delaware"]),
        ("Le Tribunal de commerce de Rouen a jugé .", [("ORG", 1, 4), ("LOC", 5, 6)], ["Tribunal de commerce de Rouen"]),
        ("Le Zorvex Labs de Paris recrute .", [("ORG", 1, 3), ("LOC", 4, 5)], ["Zorvex Labs"]),  # no head noun: the place stays apart
    ],
)
def test_a_courts_name_holds_its_place(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


@pytest.mark.parametrize(
    "words, ents",
    [
        ("Les engagements du groupe de Redmond sont connus .", [("ORG", 5, 6)]),
        ("Le géant de Cupertino a vendu .", [("ORG", 3, 4)]),
        ("La firme de Maranello a produit .", [("ORG", 3, 4)]),
    ],
)
def test_a_companys_town_is_no_organisation(nlp, words, ents):
    assert names(run(nlp, words, ents)) == []


def test_a_subsidiary_of_a_company_stands(nlp):
    assert names(run(nlp, "La filiale de Zorvex a vendu .", [("ORG", 3, 4)])) == ["Zorvex"]


@pytest.mark.parametrize(
    "words, ents, found",
    [
        ("Il est soigné à l' hôpital de Fairfield hier .", [("LOC", 7, 8)], []),  # named by its town
        ("Elle enseigne au collège de Maisons-Alfort depuis mai .", [("LOC", 5, 6)], []),
        ("Il est soigné à l' hôpital Pasteur de Nice hier .", [("LOC", 8, 9)], ["hôpital Pasteur"]),
        ("Il étudie à l' université de Lille depuis mai .", [("LOC", 6, 7)], ["université de Lille"]),
        ("La mairie de Toulouse a voté .", [("LOC", 3, 4)], ["mairie de Toulouse"]),
    ],
)
def test_an_institution_named_by_its_town(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


def test_a_listed_name_gives_way_to_the_models_name_with_its_adjective(nlp):
    words = "Ils redoutent que le Rassemblement national européen gagne .".split()
    pos = ["PRON", "VERB", "SCONJ", "DET", "PROPN", "ADJ", "ADJ", "VERB", "PUNCT"]
    assert names(run(nlp, words, [("ORG", 4, 7)], pos=pos)) == ["Rassemblement national européen"]


@pytest.mark.parametrize(
    "words, ents, found",
    [
        (["l'", "intersyndicale", "(", "CFDT", "-", "CGT", "-", "UNSA", ")", "proteste"], [("ORG", 3, 8)], ["CFDT", "CGT", "UNSA"]),
        (["l'", "alliance", "PS", "-", "PCF", "-", "EELV", "gagne"], [("ORG", 2, 7)], ["PS", "PCF", "EELV"]),
        (["le", "parti", "CNDD", "-", "FDD", "gagne"], [("ORG", 2, 5)], ["CNDD-FDD"]),  # two: one party's name
        (["le", "groupe", "Arlux", "-", "Visotec", "vend"], [("ORG", 2, 5)], ["Arlux-Visotec"]),  # one name
        # the model stops before the hyphen: the name goes on, past an article joined by it, to the next word
        (["Europe", "Écologie", "-", "Les", "Verts", "gagne"], [("ORG", 0, 2)], ["Europe Écologie-Les Verts"]),
        (["Europe", "Écologie", "-", "Les", "gagne"], [("ORG", 0, 2)], ["Europe Écologie-Les"]),
    ],
)
def test_acronyms_joined_by_hyphens_are_one_organisation_each(nlp, words, ents, found):
    spaces = [not (w == "-" or (i + 1 < len(words) and words[i + 1] == "-")) for i, w in enumerate(words)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=label) for label, s, e in ents]
    assert names(nlp.get_pipe("depeche_organisations")(doc)) == found


@pytest.mark.parametrize(
    "words, pos, verbs, ents, found",
    [
        ("Le plan permet au Groupe d' éviter une liquidation .", ["DET", "NOUN", "VERB", "ADP", "PROPN", "ADP", "VERB", "DET", "NOUN", "PUNCT"], (6,), [("ORG", 4, 7)], ["Groupe"]),  # ends before « d'éviter »
        ("Lors de l' assemblée générale du groupe Zorvex , non .", None, (), [("ORG", 3, 7)], ["Zorvex"]),
        ("Le conseil d' administration de Zorvex a voté .", None, (), [("ORG", 1, 6)], []),
    ],
)
def test_a_name_is_no_infinitive_nor_a_listed_common_body(nlp, words, pos, verbs, ents, found):
    words = words.split()
    morphs = ["VerbForm=Inf" if i in verbs else "" for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, pos=pos or ["X"] * len(words), morphs=morphs, sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, s, e, label=label) for label, s, e in ents]
    assert names(nlp.get_pipe("depeche_organisations")(doc)) == found


@pytest.mark.parametrize(
    "words, pos, ents, found",
    [
        ("Il teste la fonctionnalité Stories depuis mai .", None, [("ORG", 3, 4)], []),
        ("La foire internationale Art & Antiquités ouvre .", ["DET", "NOUN", "ADJ", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"], [("ORG", 3, 6)], []),
        ("Le vaccin CoronaVac est efficace .", None, [("ORG", 2, 3)], []),
        ("Elle utilise l' application Zorvex chaque jour .", None, [("ORG", 4, 5)], []),
        ("Elle utilise l' application de Zorvex chaque jour .", None, [("ORG", 5, 6)], ["Zorvex"]),  # « de »: its maker
        ("Le logiciel Orange plante .", None, [], ["Orange"]),  # a listed name stands
    ],
)
def test_a_name_a_product_noun_introduces_is_no_organisation(nlp, words, pos, ents, found):
    assert names(run(nlp, words, ents, pos=pos)) == found


@pytest.mark.parametrize(
    "words, ents, found",
    [
        ("La présidente du Rassemblement national Marine Le Pen parle .", [("ORG", 3, 8)], ["Rassemblement national"]),
        ("Le patron de Renault Jean Dupont démissionne .", [("ORG", 3, 6)], ["Renault"]),
        ("Le Renault Sport Racing gagne .", [("ORG", 1, 4)], ["Renault Sport Racing"]),  # no « de »: a longer name
    ],
)
def test_a_listed_name_then_a_persons_name(nlp, words, ents, found):
    assert names(run(nlp, words, ents)) == found


@pytest.mark.parametrize(
    "words,ents,found",
    [
        ("la maison Valentino a été rachetée", [("PER", 2, 3)], ["Valentino"]),
        ("La griffe Jacquemus ouvre une boutique", [], ["Jacquemus"]),
        ("l' enseigne Casino ferme vingt magasins", [("PER", 2, 3)], ["Casino"]),
        ("les enseignes Fnac et Darty", [], ["Fnac"]),
    ],
    ids=["maison-per", "griffe", "enseigne-per", "enseignes"],
)
def test_a_fashion_house_or_a_chain_is_a_company(nlp, words, ents, found):
    doc = run(nlp, words, ents)
    kinds = {o.name: o.kind for o in doc._.organisations}
    assert [n for n in found if kinds.get(n) == "company"] == found, kinds


def test_a_lower_case_word_the_tagger_calls_a_proper_noun_is_an_adjective_before_a_designated_name(nlp):
    words = ["La", "start", "-", "up", "nantaise", "Zorvex", "a", "levé", "des", "fonds", "."]  # as the tokenizer cuts it
    pos = ["DET", "NOUN", "PROPN", "X", "PROPN", "PROPN", "AUX", "VERB", "DET", "NOUN", "PUNCT"]
    assert names(run(nlp, words, [], pos=pos)) == ["Zorvex"]


@pytest.mark.parametrize(
    "words, glued",
    [
        ("Des aides d' entreprises ou d' associations Ces moyens partent .", 6),
        ("Les syndicats Ils appellent à la grève .", 1),
        ("Le nouveau groupe Le Monde a publié .", 2),
    ],
)
def test_a_capitalised_word_glued_to_a_designator_is_no_name_after_it(nlp, words, glued):
    """« d'associationsCes moyens »: the dump glued two sentences; the word after the designator starts the other."""
    assert names(run(nlp, words, glued=(glued,))) == []


def test_a_name_after_a_designator_with_its_space_is_still_found(nlp):
    assert names(run(nlp, "Des aides d' associations Emmaüs partent .")) == ["Emmaüs"]


@pytest.mark.parametrize(
    "words, ents",
    [
        ("ajoute Me Arcadio en évoquant les sanctions .", [("ORG", 1, 3)]),
        ("selon M. Dupont , rien ne change .", [("ORG", 1, 3)]),
        ("a déclaré Mme Lagarde hier .", [("ORG", 2, 4)]),
        ("a expliqué Dr Martin à la presse .", [("ORG", 2, 4)]),
    ],
)
def test_a_model_organisation_that_opens_on_a_persons_honorific_is_a_person(nlp, words, ents):
    doc = run(nlp, words, ents=ents)
    assert names(doc) == []
    assert [(e.label_, e.start, e.end) for e in doc.ents] == [("PER", *ents[0][1:])]


@pytest.mark.parametrize("words", ["Mes Courses Bio a ouvert .", "Mediapart Live a diffusé .", "M Sport a gagné ."])
def test_a_first_word_that_is_no_honorific_leaves_the_model_organisation(nlp, words):
    doc = run(nlp, words, ents=[("ORG", 0, 2)])
    assert [e.label_ for e in doc.ents] == ["ORG"]


def test_a_family_the_model_calls_an_organisation_is_none(nlp):
    assert names(run(nlp, "devant la famille Mulliez , au capital .", ents=[("ORG", 3, 4)])) == []


@pytest.mark.parametrize(
    "words, spaces_after, ents, found",
    [
        # the tokenizer cuts an English genitive at its apostrophe: the name keeps its « s »
        (["De", "son", "côté", "RM", "Sotheby'", "s", "a", "parlé", "."], [0, 1, 2, 3, 5, 6], [("ORG", 3, 5)], "RM Sotheby's"),
        (["Selon", "Christie'", "s", ",", "non", "."], [0, 3, 4], [("ORG", 1, 2)], "Christie's"),
        # an apostrophe that ends a word before a space and « s » is no genitive
        (["Le", "groupe", "Dupont'", "s", "a", "parlé", "."], [0, 1, 2, 3, 4], [("ORG", 2, 3)], "Dupont'"),
    ],
)
def test_a_name_keeps_the_s_of_its_english_genitive(words, spaces_after, ents, found):
    nlp = blank_organisations([])
    doc = Doc(nlp.vocab, words=words, spaces=[i in spaces_after for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for label, s, e in ents]
    doc = nlp.get_pipe("depeche_organisations")(doc)
    assert found in [o.name for o in doc._.organisations]



@pytest.mark.parametrize("order", [0, 1])
def test_people_are_cut_off_a_name_longest_first_in_any_order(order):
    """« Aston Martin DB5 Goldfinger » with the people « Aston Martin » and « Aston Martin DB5 » in the article: the
    longer person goes, whichever the set of people yields first (it followed the hash seed)."""
    from depeche.components.organisations.model import _without_people

    doc = Doc(spacy.blank("fr").vocab, words=["la", "Aston", "Martin", "DB5", "Goldfinger", "roule"])
    people = [("Aston", "Martin"), ("Aston", "Martin", "DB5")]
    start, end = _without_people(doc, 1, 5, people if order == 0 else people[::-1])
    assert doc[start:end].text == "Goldfinger"
