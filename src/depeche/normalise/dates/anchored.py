"""Dates counted from another date of the text: « la veille », « le lendemain », « l'année suivante ».

`resolve_event_days` takes a Doc's time expressions in text order and dates each event day from
the day it names right after it (« la veille du 3 mars ») or else the nearest expression before it
that names a day (« le 3 mars … le lendemain » → 4 March), at most `max_chars` characters back; one
with no such day is dropped (the text does not say which day it is). An anchored period (« l'année
suivante », « le mois précédent ») is counted the same way from the nearest date before it that is
at least as precise as its unit (« en 1998 … l'année suivante » → 1999), an anchored weekday
(« le lundi suivant ») from the nearest day before it; with no date before it at all, from the
publication day (the text's reference time until it gives another), else they keep their unknown
value (`XXXX`).
Plain functions, no spaCy.
"""

from __future__ import annotations

import datetime as dt
import re

from depeche.normalise.dates.calendar import as_day, period_value
from depeche.normalise.dates.lexicon import DateLexicon, _key
from depeche.records import TimeExpression

EVENT_DAY_VIA = "dates.pattern:event_day"
ANCHORED_VIAS = ("dates.pattern:anchored_period", "dates.pattern:anchored_weekday")
_ARTICLE = re.compile(r"^(?:la|le|l')\s*")
_OF = re.compile(r"\s+(?:du|de)\s+")  # « la veille du 3 mars »

# which values can anchor a period of each unit: a day anchors anything, a year only years and longer
_FINE_ENOUGH = {
    "day": {"D", "W", "WE", "M", "Q", "HY", "Y", "DE", "CE"},
    "week": {"W", "WE"},
    "month": {"M", "Q", "HY", "Y", "DE", "CE"},
    "quarter": {"Q", "HY", "Y", "DE", "CE"},
    "half": {"HY", "Y", "DE", "CE"},
    "year": {"Y", "DE", "CE"},
}


def base_day(value: str, unit: str) -> dt.date | None:
    """A day inside the period `value` names (its first), when `value` is precise enough for `unit`."""
    if day := as_day(value[:10]):
        grain = "day"
    elif m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        day, grain = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
    elif m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        day, grain = dt.date(int(m[1]), int(m[2]), 1), "month"
    elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        day, grain = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
    elif m := re.fullmatch(r"(\d{4})-H([12])", value):
        day, grain = dt.date(int(m[1]), 6 * int(m[2]) - 5, 1), "half"
    elif re.fullmatch(r"\d{4}", value):
        day, grain = dt.date(int(value), 1, 1), "year"
    else:
        return None
    return day if unit in _FINE_ENOUGH[grain] else None


def period_step(text: str, lexicon: DateLexicon) -> tuple[str, int | None, int] | None:
    """(unit, weekday or None, step) of an anchored expression's words: « l'année suivante » -> ("Y", None, 1),
    « le lundi précédent » -> ("D", 0, -1)."""
    key = _ARTICLE.sub("", _key(text))
    for word, step in sorted(lexicon.anchored_words.items(), key=lambda item: -len(item[0])):
        if key.endswith(word):
            head = key[: -len(word)].strip()
            if head in lexicon.weekdays:
                return "D", lexicon.weekdays[head], step
            unit = lexicon.period_units.get(head)
            return (unit, None, step) if unit else None
    return None


def anchored_value(day: dt.date, unit: str, weekday: int | None, step: int) -> str:
    """The period `step` units from the one containing `day`, or the first `weekday` after (before) it."""
    if weekday is not None:
        days = ((weekday - day.weekday()) % 7 or 7) if step > 0 else -((day.weekday() - weekday) % 7 or 7)
        return (day + dt.timedelta(days=days)).isoformat()
    return period_value(day, unit, step)[0]


def resolve_event_days(
    expressions: list[TimeExpression], lexicon: DateLexicon, max_chars: int = 400, text: str = "", published: dt.date | None = None
) -> list[TimeExpression]:
    """`expressions` with every event day dated from the day it names after it or the nearest day before
    it (or left out), and every anchored period or weekday from the nearest date before it, else from
    `published`, else left unknown. `text` (the Doc's) lets « la veille du 3 mars » read the day after it."""
    out: list[TimeExpression] = []
    last: TimeExpression | None = None  # the latest expression that names a day
    dated: list[TimeExpression] = []  # the expressions with a known date value, in text order
    for i, expression in enumerate(expressions):
        via = expression.via or []
        if any(v in via for v in ANCHORED_VIAS):
            out.append(_anchored(expression, dated, lexicon, max_chars, published))
            if "X" not in out[-1].value:
                dated.append(out[-1])
            continue
        if EVENT_DAY_VIA not in via:
            out.append(expression)
            if expression.type in ("date", "time") and as_day(expression.value[:10]):
                last = expression
            if expression.type == "date" and "X" not in expression.value:
                dated.append(expression)
            continue
        offset = lexicon.event_days.get(_key(expression.span.text))
        following = expressions[i + 1] if i + 1 < len(expressions) else None
        if following is not None and as_day(following.value[:10]) and _OF.fullmatch(text[expression.span.end : following.span.start]):
            base = following  # « la veille du 3 mars »
        elif last is not None and expression.span.start - last.span.end <= max_chars:
            base = last
        else:
            continue
        if offset is None:
            continue
        day = as_day(base.value[:10]) + dt.timedelta(days=offset)
        out.append(expression.model_copy(update={"value": day.isoformat(), "via": [*via, "dates.anchored"]}))
        last = out[-1]
        dated.append(out[-1])
    return out


def _anchored(expression: TimeExpression, dated: list[TimeExpression], lexicon: DateLexicon, max_chars: int, published: dt.date | None) -> TimeExpression:
    found = period_step(expression.span.text, lexicon)
    if found is None:
        return expression
    unit, weekday, step = found
    near = [other for other in dated if expression.span.start - other.span.end <= max_chars]
    for other in reversed(near):
        if day := base_day(other.value, unit):
            value = anchored_value(day, unit, weekday, step)
            return expression.model_copy(update={"value": value, "via": [*expression.via, "dates.anchored"]})
    if published is not None and not near:  # « en 1998 … le mois suivant »: the text moved on, the month is unknown
        return expression.model_copy(update={"value": anchored_value(published, unit, weekday, step)})
    return expression


_CALENDAR_VIAS = ("dates.pattern:day_month", "dates.pattern:month_year", "dates.pattern:part_month")
_WRITTEN_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_SENTENCE_END = re.compile(r"[.!?…]\s*[«\"“]?[A-ZÀ-Ý]|\n")  # glued sentences too (« 2021.La »)
_RANGE_START = re.compile(r"(?<!\w)(?:du|depuis(?:\s+le)?|entre(?:\s+le)?|à\s+partir\s+du|à\s+compter\s+du)\s*$", re.IGNORECASE)
_RANGE_END = re.compile(r"(?<!\w)(?:au|jusqu['’]\s*(?:au|à|a)|et(?:\s+le)?)\s*$", re.IGNORECASE)
CARRIED_YEAR_VIA = "dates.year_of_sentence"


def carry_years(found: list[TimeExpression], text: str, max_chars: int = 200) -> list[TimeExpression]:
    """The end of a span whose start writes its year takes that year (« du 6 juin 1944 au 26 août », « entre le 3
    mars 2019 et le 10 avril », « part du 6 juin 1944, …, jusqu'au 26 août »), the start at most `max_chars` back
    in the same sentence: the span is set in that year, not in the publication's. A date of the sentence that
    starts no span does not carry its year (« prévoit le report à mai 2021 des élections qui devaient se tenir en
    mai de cette année », « en avril 2010, il se montait à …, a indiqué le 24 juin »), nor does a bare year."""
    out: list[TimeExpression] = []
    last: TimeExpression | None = None  # the nearest calendar date with its year written
    for expression in found:
        via = expression.via[0] if expression.via else ""
        written = _WRITTEN_YEAR.search(expression.span.text) is not None
        if via in _CALENDAR_VIAS and expression.type == "date" and not expression.relative:
            if written:
                last = expression
            elif (last is not None and re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", expression.value)
                  and expression.span.start - last.span.end <= max_chars
                  and not _SENTENCE_END.search(text, last.span.end, expression.span.start + 1)
                  and _RANGE_START.search(text[max(0, last.span.start - 25) : last.span.start])
                  and _RANGE_END.search(_bare_before(text, expression))):
                year = last.value[:4]
                if year != expression.value[:4] and _valid(year + expression.value[4:]):
                    expression = expression.model_copy(update={"value": year + expression.value[4:], "via": [*expression.via, CARRIED_YEAR_VIA]})
        out.append(expression)
    return out


def _bare_before(text: str, expression: TimeExpression) -> str:
    """The text just before the expression, its own article included (« et le 10 avril »: the span may hold « le »)."""
    inner = re.match(r"(?:le|la|l['’])\s*", expression.span.text, re.IGNORECASE)
    end = expression.span.start + (inner.end() if inner else 0)
    return text[max(0, expression.span.start - 25) : end]


def _valid(value: str) -> bool:
    """A value that is a real day (« 29 février » only in a leap year)."""
    if len(value) == 7:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True

