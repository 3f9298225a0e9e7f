"""depeche.glued_tokenizer.v1: spaCy's French tokenizer, split where the text glued two sentences."""

from __future__ import annotations

import pytest
import spacy

import depeche.tokenizer  # noqa: F401  (registers the tokenizer)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("fr", config={"nlp": {"tokenizer": {"@tokenizers": "depeche.glued_tokenizer.v1"}}})


@pytest.mark.parametrize(
    "text, expected",
    [
        # a sentence end glued to the next sentence
        ("40 millions de masques.La France", ["40", "millions", "de", "masques", ".", "La", "France"]),
        ("un taux de 5%.Les Ehpad", ["un", "taux", "de", "5%", ".", "Les", "Ehpad"]),
        ("masques FFP2.Agnès Buzyn", ["masques", "FFP2", ".", "Agnès", "Buzyn"]),
        ("a-t-il indiqué à l'AFP.Selon une source", ["a", "-t", "-il", "indiqué", "à", "l'", "AFP", ".", "Selon", "une", "source"]),
        ("dit-il.\"Nous", ["dit", "-", "il", ".", '"', "Nous"]),
        ("il a dit \"Bonjour\".Le lendemain", ["il", "a", "dit", '"', "Bonjour", '"', ".", "Le", "lendemain"]),
        # a closing bracket before a glued sentence end is no part of the word before it
        ("de Roanne (Loire).\"Son attitude", ["de", "Roanne", "(", "Loire", ")", ".", '"', "Son", "attitude"]),
        ("à Orléans (Centre).Un cargo", ["à", "Orléans", "(", "Centre", ")", ".", "Un", "cargo"]),
        ("le vote (2019).Les députés", ["le", "vote", "(", "2019", ")", ".", "Les", "députés"]),
        ("des cas [sic].Le ministre", ["des", "cas", "[", "sic", "]", ".", "Le", "ministre"]),
        ("la santé (OMS).Selon un comptage", ["la", "santé", "(", "OMS", ")", ".", "Selon", "un", "comptage"]),  # after an acronym
        # a sentence end glued to a subheading's dash
        ("de l'AFP.- Succès", ["de", "l'", "AFP", ".", "-", "Succès"]),
        ("au Figaro.- Le", ["au", "Figaro", ".", "-", "Le"]),
        ("de la mairie.- Un", ["de", "la", "mairie", ".", "-", "Un"]),
        # a quote glued between two words
        ("par franceinfo\"Disneyland Paris", ["par", "franceinfo", '"', "Disneyland", "Paris"]),
        # a sentence's first word glued to the last word before it
        ("d'ici fin avrilAlors que", ["d'", "ici", "fin", "avril", "Alors", "que"]),
        ("par franceinfoLes foyers", ["par", "franceinfo", "Les", "foyers"]),
        ("par franceinfoL'entreprise", ["par", "franceinfo", "L'", "entreprise"]),
        ("par Pause PeopleNé le 12 septembre", ["par", "Pause", "People", "Né", "le", "12", "septembre"]),
        ("par Pause PeopleNée en 1950", ["par", "Pause", "People", "Née", "en", "1950"]),
    ],
)
def test_glued_sentences_are_split(nlp, text, expected):
    assert [t.text for t in nlp(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["DisneySea", "BlaBlaCar", "PlayStation", "MaPrimeRénov", "LeBron", "McDonald", "J.K. Rowling", "M.Dupont", "M6.fr",
     "Orange.fr", "3.5", "iPhone", "StopCovid", "U.S.A.", "(Loire).", "(voir p.3)", "Saint-Denis", "sur-mesure", "-Le", "René", "Renée", "Daenerys"],
)
def test_names_and_abbreviations_stay_whole(nlp, text):
    """Camel-case names, initials and domains are tokenized as spaCy's own French tokenizer does."""
    assert [t.text for t in nlp(text)] == [t.text for t in spacy.blank("fr")(text)]


def test_the_shipped_pipeline_uses_it():
    from depeche.pipeline import load_config

    assert load_config(None, None)["nlp"]["tokenizer"]["@tokenizers"] == "depeche.glued_tokenizer.v1"
