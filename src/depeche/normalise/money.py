"""French money and percentage expressions: pure functions on strings, no spaCy.

    parse_money("3,4 milliards d'euros")  -> (3400000000.0, "EUR")
    find_money("200 millions de dollars américains (182 millions d'euros)")
        -> [Amount(text="200 millions de dollars américains", value=2e8, currency="USD"),
            Amount(text="182 millions d'euros", value=1.82e8, currency="EUR")]

Numbers are French: a comma for decimals (« 3,4 »), spaces (also no-break and narrow no-break
spaces) or dots for thousands (« 1 200 », « 1.200.000 »). Scales: mille, million(s), milliard(s)
and their abbreviations (k, M, Md, Mds, Mrd). Currencies: words (« d'euros », « de dollars
américains », « de livres sterling »…), symbols (€, $, £, ¥) and ISO codes, given back as ISO 4217.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spaces that may separate thousands or a number from its unit.
_SP = r"[ \u00a0\u202f\u2009]"
_APOS = r"['’]"

# A French number: 1 200 000 | 1.200.000 | 3,4 | 16,25 | 641
_NUMBER = rf"\d{{1,3}}(?:(?:{_SP}|\.)\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"

_SCALES: dict[str, float] = {
    "mille": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "md": 1e9,
    "mds": 1e9,
    "mrd": 1e9,
    "mrds": 1e9,
    "md.": 1e9,
    "billion": 1e12,  # French billion = 10^12
    "billions": 1e12,
}
_SCALE = r"(?:milliards?|millions?|billions?|mille|mds?|mrds?|mio|mn|k|m)"

# Currency words after « de » / « d' » (or bare), longest first; each with its ISO 4217 code.
_CURRENCY_WORDS: list[tuple[str, str]] = [
    (r"dollars?{sp}(?:américains?|US|des{sp}[ÉE]tats-Unis)", "USD"),
    (r"dollars?{sp}canadiens?", "CAD"),
    (r"dollars?{sp}australiens?", "AUD"),
    (r"dollars?{sp}de{sp}Hong{sp}Kong", "HKD"),
    (r"dollars?{sp}(?:de{sp})?Singapour", "SGD"),
    (r"livres?{sp}sterling", "GBP"),
    (r"livres?{sp}britanniques?", "GBP"),
    (r"francs?{sp}suisses?", "CHF"),
    (r"couronnes?{sp}suédoises?", "SEK"),
    (r"couronnes?{sp}norvégiennes?", "NOK"),
    (r"couronnes?{sp}danoises?", "DKK"),
    (r"euros?", "EUR"),
    (r"dollars?", "USD"),
    (r"livres?", "GBP"),
    (r"yens?", "JPY"),
    (r"yuans?", "CNY"),
    (r"renminbis?", "CNY"),
    (r"roubles?", "RUB"),
    (r"roupies?", "INR"),
    (r"wons?", "KRW"),
    (r"dirhams?", "MAD"),
    (r"francs?{sp}CFA", "XOF"),
]
_SYMBOLS: dict[str, str] = {"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "¥": "JPY", "chf": "CHF"}
_ISO = ("EUR", "USD", "GBP", "CHF", "JPY", "CNY", "CAD", "AUD", "SEK", "NOK", "DKK", "RUB", "INR", "HKD", "SGD", "KRW")

_WORDS_RE = "|".join(f"(?:{w.format(sp=_SP + '+')})" for w, _ in _CURRENCY_WORDS)
_SYMBOL_RE = r"(?:US\$|€|\$|£|¥|\b(?:" + "|".join(_ISO) + r")\b)"

_MONEY = re.compile(
    rf"""
    (?<![\w,.])
    (?P<number>{_NUMBER})
    (?:{_SP}*(?P<scale>{_SCALE})\.?(?![^\W\d_]))?
    {_SP}*
    (?:
        (?:(?:de|d{_APOS}){_SP}*)?(?P<word>{_WORDS_RE})(?![^\W\d_])
      | (?P<symbol>{_SYMBOL_RE})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# « € 3 millions », « $200 million », « USD 1,2 milliard »
_MONEY_PREFIXED = re.compile(
    rf"""
    (?<![\w])
    (?P<symbol>{_SYMBOL_RE}){_SP}*
    (?P<number>{_NUMBER})
    (?:{_SP}*(?P<scale>{_SCALE})(?![^\W\d_]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_PERCENT = re.compile(
    rf"(?<![\w,.])(?P<number>\d+(?:,\d+)?){_SP}*(?:%|pour{_SP}*cents?\b|pourcents?\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A money expression found in a text: `text[start:end]` is its surface form."""

    start: int
    end: int
    text: str
    value: float
    currency: str


@dataclass(frozen=True)
class Percent:
    start: int
    end: int
    text: str
    value: float


def parse_number(text: str) -> float:
    """« 3,4 » -> 3.4; « 1 200 » -> 1200; « 1.200.000 » -> 1200000; raises ValueError otherwise."""
    cleaned = re.sub(_SP, "", text.strip())
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"\d+(?:,\d+)?", cleaned):
        raise ValueError(f"not a French number: {text!r}")
    return float(cleaned.replace(",", "."))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    return _SCALES[word.casefold().rstrip(".")]


def _currency(word: str | None, symbol: str | None) -> str:
    if symbol:
        key = symbol.casefold()
        return _SYMBOLS.get(key, symbol.upper())
    folded = re.sub(_SP + "+", " ", word or "")
    for pattern, code in _CURRENCY_WORDS:
        if re.fullmatch(pattern.format(sp=" +"), folded, re.IGNORECASE):
            return code
    raise ValueError(f"unknown currency {word!r}")


def find_money(text: str) -> list[Amount]:
    """Every money expression of `text`, in order, with its offsets, value and ISO 4217 currency."""
    found: list[Amount] = []
    for pattern in (_MONEY, _MONEY_PREFIXED):
        for m in pattern.finditer(text):
            scale = m.group("scale")
            value = parse_number(m.group("number")) * _scale(scale)
            currency = _currency(m.groupdict().get("word"), m.group("symbol"))
            end = m.end()
            while end > m.start() and text[end - 1] in " \u00a0\u202f\u2009":
                end -= 1
            found.append(Amount(m.start(), end, text[m.start() : end], value, currency))
    found.sort(key=lambda a: (a.start, -a.end))
    result: list[Amount] = []
    for amount in found:
        if result and amount.start < result[-1].end:
            continue
        result.append(amount)
    return result


def parse_money(text: str) -> tuple[float, str] | None:
    """(value, ISO currency) of the first money expression in `text`, or None."""
    found = find_money(text)
    return (found[0].value, found[0].currency) if found else None


def find_percents(text: str) -> list[Percent]:
    """Every percentage of `text` (« 29,9 % », « 50 pour cent »), in order."""
    return [
        Percent(m.start(), m.end(), m.group(0), parse_number(m.group("number")))
        for m in _PERCENT.finditer(text)
    ]
