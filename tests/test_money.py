"""normalise.money: French money and percentage expressions."""

from __future__ import annotations

import pytest

from depeche.normalise.money import find_money, find_percents, parse_money, parse_number


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("3,4 milliards d'euros", 3.4e9, "EUR"),
        ("16,2 milliards de dollars", 16.2e9, "USD"),
        ("641 millions d’euros", 641e6, "EUR"),
        ("3,2 milliards de livres sterling", 3.2e9, "GBP"),
        ("200 millions de dollars américains", 200e6, "USD"),
        ("1,5 Md€", 1.5e9, "EUR"),
        ("300 M€", 300e6, "EUR"),
        ("€ 3 millions", 3e6, "EUR"),
        ("$200 millions", 200e6, "USD"),
        ("1 200 euros", 1200, "EUR"),
        ("1\u202f200 euros", 1200, "EUR"),
        ("2.500.000 euros", 2.5e6, "EUR"),
        ("10 millions de francs suisses", 10e6, "CHF"),
        ("3 milliards de yuans", 3e9, "CNY"),
        ("45 USD", 45, "USD"),
        ("1 million de dollars canadiens", 1e6, "CAD"),
    ],
)
def test_parse_money(text, value, currency):
    assert parse_money(text) == (pytest.approx(value), currency)


def test_amount_with_its_conversion_gives_both_in_order():
    text = "pour 200 millions de dollars américains (182 millions d'euros)"
    found = find_money(text)
    assert [(a.text, a.currency) for a in found] == [
        ("200 millions de dollars américains", "USD"),
        ("182 millions d'euros", "EUR"),
    ]
    for amount in found:
        assert text[amount.start : amount.end] == amount.text


@pytest.mark.parametrize(
    "text",
    [
        "avec environ 100 millions d’utilisateurs",
        "en 2020, 32 magasins",
        "3 milliards de personnes",
        "le 4 décembre",
    ],
)
def test_no_money_without_a_currency(text):
    assert find_money(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("29,9 % du capital", 29.9), ("12%", 12.0), ("50 pour cent", 50.0), ("7,5 pourcents", 7.5)],
)
def test_percents(text, value):
    (found,) = find_percents(text)
    assert found.value == pytest.approx(value)
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(("text", "value"), [("3,4", 3.4), ("1 200", 1200), ("1.200.000", 1.2e6), ("641", 641)])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "3,4,5"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)
