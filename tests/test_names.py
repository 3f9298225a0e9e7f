"""depeche.normalise.names: keys, acronyms, misspellings, surname forms."""

from __future__ import annotations

import pytest

from depeche.normalise import names
from depeche.normalise.text import slugify


@pytest.mark.parametrize(
    "name, slug",
    [("Walmart", "walmart"), ("Donald Trump", "donald-trump"), ("Société Générale", "societe-generale"), ("L'Oréal", "l-oreal")],
)
def test_slugs(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    "a, b",
    [("l'ONU", "ONU"), ("Le Canard enchaîné", "canard enchaine"), ("Maison-Blanche", "Maison Blanche"), ("Pôle emploi", "Pole Emploi")],
)
def test_key_ignores_article_case_accents_and_dashes(a, b):
    assert names.key(a) == names.key(b)


@pytest.mark.parametrize("text, expected", [("CMA", True), ("AT&T", True), ("NOAA", True), ("Walmart", False), ("A", False), ("ÉTAT-MAJOR-GÉNÉRAL", False)])
def test_is_acronym(text, expected):
    assert names.is_acronym(text) is expected


@pytest.mark.parametrize(
    "acronym, name, expected",
    [
        ("CIO", "Comité international olympique", True),
        ("CFDT", "Confédération française démocratique du travail", True),
        ("FDS", "Forces démocratiques syriennes", True),
        ("CMA", "Walmart", False),
    ],
)
def test_acronym_fits(acronym, name, expected):
    assert names.acronym_fits(acronym, name) is expected


@pytest.mark.parametrize(
    "variant, name, expected",
    [
        ("Wallmart", "Walmart", True),
        ("Mircosoft", "Microsoft", False),  # a transposition is two edits in a 9-letter name
        ("Oracle", "Orange", False),
        ("Apple", "Apples", True),
        ("Total", "Tota", False),  # too short
        ("Walmart", "Walmart", False),  # the same name is no misspelling
        ("Wall Street", "Walmart", False),
        ("Ligue 2", "Ligue 1", False),  # another number: another name
        ("Stade 2024", "Stade 2025", False),
        ("Airbus A320", "Airbuss A320", True),
    ],
)
def test_misspelling_guards(variant, name, expected):
    assert names.misspelling_of(variant, name) is expected


@pytest.mark.parametrize(
    "full, short, expected",
    [
        ("Donald Trump", "Trump", True),
        ("Jen Psaki", "Psaki", True),
        ("Thomas De Gendt", "De Gendt", True),
        ("Marc Ladreit de Lacharrière", "Lacharrière", True),
        ("Donald Trump", "Donald", False),
        ("Trump", "Trump", False),
    ],
)
def test_short_forms(full, short, expected):
    assert names.is_short_form(short, full) is expected
