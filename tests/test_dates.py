"""depeche_dates on spacy.blank("fr"): what it finds, the values it gives, and that it never breaks a span."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import blank_dates_pipeline
from depeche import convert
from depeche.records import Article


@pytest.fixture(scope="module")
def nlp():
    return blank_dates_pipeline()


def run(nlp, text, published="2020-11-25"):
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", text=text, published=published)
    return nlp(doc)


def dates(nlp, text, published="2020-11-25"):
    return [(d.span.text, d.value, d.type) for d in run(nlp, text, published)._.dates]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cela repousse son nouveau délai au 4 décembre.", ("4 décembre", "2020-12-04", "date")),
        ("Il a signé le 1er mars 2023.", ("le 1er mars 2023", "2023-03-01", "date")),
        ("avant le 31/12/2024", ("le 31/12/2024", "2024-12-31", "date")),
        ("Rendez-vous mardi 24 novembre.", ("mardi 24 novembre", "2020-11-24", "date")),
        ("lancé en septembre 2020", ("septembre 2020", "2020-09", "date")),
        ("attendu fin novembre", ("fin novembre", "2020-11", "date")),
        ("prévu mi-mars", ("mi-mars", "2021-03", "date")),
        ("depuis début 2020", ("début 2020", "2020", "date")),
        ("au premier trimestre 2020", ("premier trimestre 2020", "2020-Q1", "date")),
        ("Elle ouvrira en 2021.", ("2021", "2021", "date")),
        ("Il est arrivé hier.", ("hier", "2020-11-24", "date")),
        ("Il a parlé lundi.", ("lundi", "2020-11-23", "date")),
        ("Il viendra lundi prochain.", ("lundi prochain", "2020-11-30", "date")),
        ("la semaine dernière", ("la semaine dernière", "2020-W47", "date")),
        ("le mois prochain", ("le mois prochain", "2020-12", "date")),
        ("dans trois mois", ("dans trois mois", "2021-02", "date")),
        ("d'ici la fin de l'année", ("la fin de l'année", "2020", "date")),
        ("l'an dernier", ("l'an dernier", "2019", "date")),
        ("une semaine supplémentaire", ("une semaine supplémentaire", "P1W", "duration")),
        ("pendant six semaines", ("six semaines", "P6W", "duration")),
        ("Bruxelles se donne douze mois", ("douze mois", "P12M", "duration")),
        ("dans un délai de 90 jours", ("90 jours", "P90D", "duration")),
        ("chaque mois", ("chaque mois", "P1M", "set")),
        ("Il reviendra mardi de la semaine prochaine.", ("mardi de la semaine prochaine", "2020-12-01", "date")),
        ("Le texte sera voté d'ici Noël.", ("Noël", "2020-12-25", "date")),
        ("Les élections auront lieu les 6 et 13 décembre.", ("les 6", "2020-12-06", "date")),
        ("fermé du 3 au 6 décembre 2021", ("3", "2021-12-03", "date")),
    ],
)
def test_finds_and_normalises(nlp, text, expected):
    assert expected in dates(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Un homme de 38 ans a été blessé.",  # an age, not a duration
        "Il a été élu président.",  # « été » the participle, not summer
        "Sa société emploie 2020 salariés.",  # a count, not a year
        "Il a lu un tiers du rapport, soit 1/3 des pages.",  # a fraction, not a date
        "sa voiture",  # « sa » is not samedi
        "Noël Mamère a parlé.",  # a first name
        "les Jeux olympiques d'hiver",  # a kind of games, not a season
    ],
)
def test_not_a_date(nlp, text):
    assert [d for d in dates(nlp, text) if d[2] in ("date", "duration")] == []


@pytest.mark.parametrize(
    "text, published, value",
    [
        # a season with its article is one season: the one the verb's tense points to, the current one included
        ("Durant l'été, des patrouilles incluent des gendarmes.", "2019-08-07", "2019-SU"),
        ("Des élections anticipées à l'automne semblaient possibles.", "1999-05-21", "1999-FA"),
        ("Il sera candidat au printemps.", "2020-10-10", "2021-SP"),
        ("Il était parti au printemps.", "2020-10-10", "2020-SP"),
        ("Les écoles resteront fermées jusqu'à l'été.", "2020-11-25", "2021-SU"),
        # … without it, any: « en été »
        ("La demande augmente en été.", "1999-08-06", "XXXX-SU"),
        ("En hiver, il fait froid.", "2020-10-10", "XXXX-WI"),
    ],
)
def test_a_season_with_its_article_is_one_season(nlp, text, published, value):
    assert [v for _, v, t in dates(nlp, text, published) if t == "date"] == [value]


def test_past_tense_sends_a_month_back(nlp):
    # seed 003: « un décret présidentiel … en août », written 2021-02-11
    assert ("août", "2020-08", "date") in dates(nlp, "Un tel plan avait vu le jour en août.", "2021-02-11")


@pytest.mark.model
@pytest.mark.parametrize(
    "text, value",
    [
        # the verb that carries the tense is not the one the date hangs on
        ("Le rapport devra être remis avant septembre.", "2020-09"),  # « remis » completes « devra »
        ("Le ministre devra rendre sa copie en septembre.", "2020-09"),
        ("Le rapport devra être remis d'ici à l'été et adressé avant septembre à Bruxelles.", "2020-09"),  # coordinated
        ("Le rapport devra être rédigé puis adressé avant septembre.", "2020-09"),
        # a passive in the present or without a tense of its own is no past (« est reportée », « être envoyées »)
        ("Les candidatures doivent être envoyées d'ici au 9 septembre.", "2020-09-09"),
        ("L'expérimentation est reportée au plus tard en septembre.", "2020-09"),
        # … and a past one still sends the month back
        ("L'expérimentation était prévue en septembre.", "2019-09"),
        ("L'expérimentation a été reportée en septembre.", "2019-09"),
        ("Le ministre a dû rendre sa copie en septembre.", "2019-09"),
        ("Le projet avait été présenté puis abandonné en septembre.", "2019-09"),
    ],
)
def test_the_tense_of_the_governing_verb(depeche_extractor, text, value):
    record = depeche_extractor.extract(text, published="2020-02-22")
    assert [d.value for d in record.dates if d.span.text.endswith("septembre")] == [value]


def test_no_publication_date_keeps_unknown_parts_and_warns(nlp):
    doc = run(nlp, "Le délai court jusqu'au 4 décembre.", None)
    assert [d.value for d in doc._.dates] == ["XXXX-12-04"]
    assert any("no publication date" in w for w in doc._.depeche_warnings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.text(alphabet=list("0123456789 /.-'’,hjlmsaeiunrtdéûô\n"), max_size=6)
        | st.sampled_from(
            ["le ", "4 ", "décembre", "mars ", "mi-", "fin ", "hier", "mercredi ", "dernier", "prochain", "délai",
             "jusqu'au ", "d'ici ", "semaine", "supplémentaire", "2020", "trimestre", "premier", "dans ", "il y a ",
             "douze", "mois", "ans", "de ", "31/02/2020", "29 février", ". ", "\n", "expire ", "21 h 45"]
        ),
        max_size=25,
    ).map("".join),
    published=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
)
def test_property_no_crash_and_valid_spans(nlp, text, published):
    doc = nlp.make_doc(text)
    doc._.article = Article(id="p", text=text, published=published)
    doc = nlp(doc)
    record = convert.to_record(doc)  # conftest wraps this with the span and reference check
    for item in [*record.dates, *record.deadlines]:
        assert item.span.text == text[item.span.start : item.span.end] and item.span.text.strip()


def test_bare_doc_without_article_or_data():
    bare = spacy.blank("fr")
    bare.add_pipe("depeche_dates").initialize(lexicon={}, patterns={"patterns": []})
    bare.add_pipe("depeche_deadlines").initialize(lexicon={})
    doc = bare("Le délai court jusqu'au 4 décembre.")  # empty data: no patterns, nothing found
    assert doc._.dates == [] and doc._.deadlines == []


def test_doc_without_article(nlp):
    doc = nlp("Le délai court jusqu'au 4 décembre.")
    assert [(d.value, d.span.text) for d in doc._.dates] == [("XXXX-12-04", "4 décembre")]
    assert [d.date for d in doc._.deadlines] == ["XXXX-12-04"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le sommet s'est tenu le 3 mars 2020. Le lendemain, les ministres ont signé.", [("le 3 mars 2020", "2020-03-03"), ("Le lendemain", "2020-03-04")]),
        ("Il est arrivé le 10 novembre, la veille il était à Rome.", [("le 10 novembre", "2020-11-10"), ("la veille", "2020-11-09")]),
        ("Vote le 2 décembre 2020 ; le surlendemain, la loi était promulguée.", [("le 2 décembre 2020", "2020-12-02"), ("le surlendemain", "2020-12-04")]),
        ("Mardi, le texte a été adopté. Le lendemain, il a été publié.", [("Mardi", "2020-11-24"), ("Le lendemain", "2020-11-25")]),
    ],
)
def test_event_days_count_from_the_day_before_them(nlp, text, expected):
    assert [(d.span.text, d.value) for d in run(nlp, text)._.dates] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le lendemain, les ministres ont signé.",  # no day told before it: which day is not known
        "Il est mort à la veille de son anniversaire.",  # « la veille de … »: an event, not a day
        "Le groupe assure une veille technologique.",
    ],
)
def test_event_days_without_a_day_before_them_are_left_out(nlp, text):
    assert dates(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("au terme de trois ans de tractations", ("trois ans", "P3Y", "duration")),  # not an age
        ("une peine de deux ans de prison", ("deux ans", "P2Y", "duration")),
        ("depuis un quart de siècle", ("un quart de siècle", "P25Y", "duration")),
        ("payer sous huitaine", ("sous huitaine", "P8D", "duration")),
    ],
)
def test_durations_and_seasons(nlp, text, expected):
    assert expected in dates(nlp, text)


def test_an_age_stays_an_age(nlp):
    assert dates(nlp, "un homme de 38 ans") == []
