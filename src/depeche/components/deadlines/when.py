"""The day a deadline falls on: deadlines look forward.

Plain functions of a `TimeExpression`, the publication date and (for the tense) the parse:
`forward` dates a season the text gives without its year (« avant l'été ») to the next one;
`told_in_the_imperfect` finds a
yearless date of a past state (« jusqu'au 17 novembre, le département était performant », in
April); `is_past` says a date is wholly before publication (a report, not a deadline).
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Token

from depeche.docattrs import is_parsed
from depeche.normalise.dates import as_day, last_day
from depeche.records import TimeExpression

IMPERFECT_DAYS = 90  # further ahead than a season: the past occurrence, when told in the imperfect
SEASON_ENDS = {"SP": (6, 20), "SU": (9, 22), "FA": (12, 20), "WI": (3, 20)}  # astronomical, the day before the next one


def season_end(value: str) -> dt.date:
    year, season = value.split("-")
    month, day = SEASON_ENDS[season]
    return dt.date(int(year) + (season == "WI"), month, day)


def forward(value: str, published: dt.date | None) -> str:
    """A season the text gives without its year (« avant l'été ») is the next one: deadlines look forward."""
    m = re.fullmatch(r"XXXX-(SP|SU|FA|WI)", value)
    if m is None or published is None:
        return value
    year = published.year
    if season_end(f"{year}-{m[1]}") < published:
        year += 1
    return f"{year}-{m[1]}"


def told_in_the_imperfect(doc: Doc, expression: TimeExpression, date: str, published: dt.date | None) -> bool:
    """A day or month without its year, resolved months after publication, that the parse attaches to a
    verb in the imperfect: the text tells a past state, so the date is the last one, not the next."""
    day = as_day(date) or as_day(last_day(date) or "")
    if published is None or day is None or re.search(r"\d{4}", expression.span.text) or not is_parsed(doc):
        return False
    if (day - published).days <= IMPERFECT_DAYS or expression.granularity not in ("day", "month"):
        return False
    return governed_in_the_imperfect(doc, expression)


def _governing(doc: Doc, expression: TimeExpression, stop) -> Token | None:
    """The first token at most four heads up from the expression's root for which `stop(token)` holds."""
    if not is_parsed(doc):
        return None
    span = doc.char_span(expression.span.start, expression.span.end, alignment_mode="expand")
    token = span.root if span is not None and len(span) else None
    for _ in range(4):
        if token is None or stop(token):
            return token
        token = token.head if token.head.i != token.i else None
    return None


def _helpers(token: Token, deps=("aux", "aux:tense", "aux:pass", "cop")) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def governed_in_the_imperfect(doc: Doc, expression: TimeExpression) -> bool:
    """Whether the verb the parse attaches the expression to (within four heads up) is in the imperfect."""
    token = _governing(doc, expression, lambda t: t.pos_ in ("VERB", "AUX") or bool(_helpers(t)))  # « était performant »: the copula's tense
    return token is not None and any("Imp" in w.morph.get("Tense") for w in [token, *_helpers(token)])


def ended_in_the_past(doc: Doc, expression: TimeExpression, ended: re.Pattern) -> bool:
    """Whether the verb the parse attaches the expression to is one that ends a term (`ended`: « expiré », « pris
    fin ») in a compound past (« a expiré », « s'est achevé »)."""
    token = _governing(doc, expression, lambda t: t.pos_ in ("VERB", "AUX"))
    if token is None or not _helpers(token, ("aux", "aux:tense")):
        return False
    return ended.match(doc.text, token.idx, token.idx + len(token.text) + 8) is not None  # « pris fin », « arrivé à »


def is_past(expression: TimeExpression, anchor: dt.date | None) -> bool:
    """A date wholly before the publication date (a report, not a deadline)."""
    if anchor is None:
        return False
    end = as_day(expression.value) or as_day(last_day(expression.value) or "")
    if end is None and re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", expression.value):
        end = season_end(expression.value)
    if end is None and re.fullmatch(r"\d{4}-W\d{2}", expression.value):
        year, week = expression.value.split("-W")
        end = dt.date.fromisocalendar(int(year), int(week), 7)
    return end is not None and end < anchor


def next_year(doc: Doc, expression: TimeExpression, published: dt.date | None, ended: re.Pattern | None = None) -> str | None:
    """A day or month the text gives without its year, resolved before publication, a year later: the value of
    a term that a deadline's noun names (« une date butoir au 31 octobre », « l'échéance est fixée au 30 juin »),
    which looks forward; None when the text gives the year, the value is no day or month, the verb it hangs on
    is in the imperfect (« l'accord prévoyait une date butoir au 24 août », in September: that August), or that
    verb, matching `ended`, tells the term ran out in a past tense (« ce délai a expiré le 15 janvier »)."""
    if published is None or re.search(r"\d{4}", expression.span.text) or expression.granularity not in ("day", "month"):
        return None
    if governed_in_the_imperfect(doc, expression) or (ended is not None and ended_in_the_past(doc, expression, ended)):
        return None
    m = re.fullmatch(r"(\d{4})(-\d{2}(?:-\d{2})?)", expression.value)
    if m is None:
        return None
    later = f"{int(m[1]) + 1:04d}{m[2]}"
    end = as_day(later) or as_day(last_day(later) or "")
    return later if end is not None and end >= published else None
