"""depeche.normalise.dates: calendar helpers and the normaliser, no spaCy."""

from __future__ import annotations

import datetime as dt

import pytest
import srsly

from depeche.normalise.dates import (
    FUTURE,
    NEAREST,
    PAST,
    DateLexicon,
    duration_delta,
    iso_duration,
    last_day,
    normalise,
    pick_year,
    resolve_weekday,
)
from depeche.paths import models_dir

LEXICON = DateLexicon.from_dict(srsly.read_json(models_dir() / "lexicons" / "dates.json"))
WED = dt.date(2020, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    "weekday, direction, strict, expected",
    [
        (0, PAST, False, "2020-11-23"),
        (0, FUTURE, False, "2020-11-30"),
        (2, PAST, True, "2020-11-18"),  # « mercredi dernier » written on a Wednesday
        (2, FUTURE, True, "2020-12-02"),  # « mercredi prochain »
        (1, NEAREST, False, "2020-11-24"),  # « mardi »: yesterday
        (4, NEAREST, False, "2020-11-27"),  # « vendredi »: the future one is 3 days closer (past_bias 2)
        (0, NEAREST, False, "2020-11-23"),  # « lundi »: two days back beats five ahead
        (3, NEAREST, False, "2020-11-26"),  # « jeudi »: tomorrow is 6 days closer than last Thursday
    ],
)
def test_resolve_weekday(weekday, direction, strict, expected):
    assert resolve_weekday(WED, weekday, direction, strict=strict).isoformat() == expected


@pytest.mark.parametrize(
    "anchor, month, day, direction, expected",
    [
        (WED, 12, 4, NEAREST, 2020),
        (dt.date(2020, 12, 20), 1, 10, NEAREST, 2021),
        (dt.date(2021, 2, 11), 8, None, PAST, 2020),
        (dt.date(2021, 2, 11), 8, None, FUTURE, 2021),
        (dt.date(2021, 1, 5), 12, 28, NEAREST, 2020),
    ],
)
def test_pick_year(anchor, month, day, direction, expected):
    assert pick_year(anchor, month, day, direction) == expected


@pytest.mark.parametrize(
    "count, unit, expected",
    [(1, "W", "P1W"), (12, "M", "P12M"), (90, "D", "P90D"), (30.4, "S", "PT30.4S"), ("X", "D", "PXD"), (2, "Q", "P6M")],
)
def test_iso_duration(count, unit, expected):
    assert iso_duration(count, unit) == expected


@pytest.mark.parametrize(
    "value, start, expected",
    [("P1W", WED, "2020-12-02"), ("P12M", WED, "2021-11-25"), ("P90D", WED, "2021-02-23"), ("PXD", WED, None)],
)
def test_duration_delta(value, start, expected):
    delta = duration_delta(value)
    assert (start + delta).isoformat() == expected if expected else delta is None


@pytest.mark.parametrize(
    "value, expected", [("2021-02", "2021-02-28"), ("2020-Q1", "2020-03-31"), ("2020", "2020-12-31"), ("2020-H1", "2020-06-30"), ("P1W", None)]
)
def test_last_day(value, expected):
    assert last_day(value) == expected


@pytest.mark.parametrize(
    "kind, groups, anchor, expected",
    [
        ("day_month", {"day": "4", "month": "décembre"}, WED, "2020-12-04"),
        ("day_month", {"day": "4", "month": "décembre"}, None, "XXXX-12-04"),
        ("day_month", {"day": "1er", "month": "mars", "year": "2023"}, WED, "2023-03-01"),
        ("day_month", {"day": "31", "month": "févr"}, WED, None),  # no 31 February
        ("numeric_date", {"day": "31", "month": "12", "year": "2024"}, WED, "2024-12-31"),
        ("numeric_date", {"day": "20", "month": "02", "year": "14"}, WED, "2014-02-20"),
        # « prochain » / « dernier » after a day and month: that side of the anchor, even within the nearest-date window
        ("day_month", {"day": "2", "month": "novembre", "rel": "prochain"}, WED, "2021-11-02"),
        ("day_month", {"day": "1er", "month": "décembre", "rel": "prochain"}, WED, "2020-12-01"),
        ("day_month", {"day": "30", "month": "novembre", "rel": "dernier"}, WED, "2019-11-30"),
        ("day_month", {"day": "20", "month": "novembre", "rel": "dernier"}, WED, "2020-11-20"),
        ("day_month", {"day": "25", "month": "novembre", "rel": "prochain"}, WED, "2021-11-25"),  # not the anchor's own day
        ("day_month", {"day": "29", "month": "février", "rel": "dernier"}, dt.date(2021, 3, 1), "2020-02-29"),
        ("month_year", {"month": "juin", "rel": "prochain"}, WED, "2021-06"),
        ("month_year", {"month": "septembre", "rel": "dernier"}, WED, "2020-09"),
        ("quarter", {"ord": "premier", "qunit": "trimestre", "year": "2020"}, WED, "2020-Q1"),
        ("relative_period", {"unit": "semaine", "rel": "dernière"}, WED, "2020-W47"),
        ("relative_period", {"unit": "an", "rel": "dernier"}, WED, "2019"),
        ("this_period", {"dem": "cette", "unit": "année"}, WED, "2020"),
        ("day_word", {"dayword": "hier"}, WED, "2020-11-24"),
        ("day_word", {"dayword": "avant-hier"}, WED, "2020-11-23"),
        ("offset", {"dir": "dans", "num": "trois", "unit": "mois"}, WED, "2021-02"),
        ("offset", {"dir": "il y a", "num": "deux", "unit": "semaines"}, WED, "2020-11-11"),
        ("duration", {"num": "une", "unit": "semaine", "extra": "supplémentaire"}, WED, "P1W"),
        ("clock", {"hour": "25"}, WED, None),
        ("decade", {"decade": "90"}, WED, "199"),
        ("season", {"season": "été", "rel": "dernier"}, WED, "2020-SU"),
        ("season", {"season": "hiver", "rel": "prochain"}, WED, "2020-WI"),
        ("season", {"season": "hiver", "rel": "dernier"}, dt.date(2021, 2, 11), "2019-WI"),
        ("season", {"season": "été", "dem": "cet"}, dt.date(2021, 2, 11), "2021-SU"),
        ("season", {"season": "été"}, WED, "XXXX-SU"),  # a bare season is generic (TimeML)
    ],
)
def test_normalise(kind, groups, anchor, expected):
    resolved = normalise(kind, "date", groups, LEXICON, anchor)
    assert (resolved.value if resolved else None) == expected
