"""The normaliser: one resolver per pattern kind, from a match's groups to a `Resolved` value."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from depeche.normalise.dates.calendar import (
    _SEASON_START,
    full_year,
    iso_duration,
    period_value,
    pick_year,
    resolve_weekday,
    shift,
)
from depeche.normalise.dates.lexicon import FUTURE, NEAREST, PAST, DateLexicon, Resolved, _key


def normalise(
    kind: str,
    type_: str,
    groups: dict[str, str | None],
    lexicon: DateLexicon,
    anchor: dt.date | None,
    tense: int = NEAREST,
    *,
    past_bias: int = 2,
    window_days: int = 90,
) -> Resolved | None:
    """The value of one matched expression; None when the match is not a real date (31/02, 45h)."""
    g = {k: v for k, v in groups.items() if v is not None}
    rel = lexicon.direction(g.get("rel"))
    direction = rel or tense
    try:
        return _RESOLVERS[kind](g, lexicon, anchor, direction, rel, type_, past_bias, window_days)
    except (KeyError, ValueError, OverflowError, TypeError):
        return None


def _day_number(text: str, lexicon: DateLexicon) -> int:
    text = _key(text)
    return lexicon.ordinals[text] if text in lexicon.ordinals else int(text)


def _calendar_date(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    day = _day_number(g["day"], lexicon)
    month = lexicon.month(g["month"])
    if month is None or not 1 <= day <= 31:
        return None
    if "year" in g:
        year = full_year(g["year"], anchor)
        dt.date(year, month, day)  # raises on 31/02
        return Resolved(f"{year:04d}-{month:02d}-{day:02d}", "date", "day")
    dt.date(2000, month, day)  # 29/02 exists in a leap year
    if anchor is None:
        return Resolved(f"XXXX-{month:02d}-{day:02d}", "date", "day")
    if "weekday" in g:  # « mardi 22 novembre »: the year whose 22 November is a Tuesday, near the anchor
        weekday = lexicon.weekdays[_key(g["weekday"])]
        fits = [y for y in (anchor.year, anchor.year + 1, anchor.year - 1) if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
        if fits:
            return Resolved(f"{fits[0]:04d}-{month:02d}-{day:02d}", "date", "day")
    if rel:  # « le 2 février prochain », « le 20 décembre dernier »: the nearest on that side of the anchor
        side = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if _valid(y, month, day)
                and (dt.date(y, month, day) > anchor if rel == FUTURE else dt.date(y, month, day) < anchor)]
        if side:
            year = min(side, key=lambda y: abs((dt.date(y, month, day) - anchor).days))
            return Resolved(f"{year:04d}-{month:02d}-{day:02d}", "date", "day", True)
    year = pick_year(anchor, month, day, direction, window_days)
    if not _valid(year, month, day):
        year = year + 1 if _valid(year + 1, month, day) else year - 1
    return Resolved(f"{year:04d}-{month:02d}-{day:02d}", "date", "day")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
        return True
    except ValueError:
        return False


def _month(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    month = lexicon.month(g["month"])
    mod = lexicon.parts.get(_key(g["part"])) if "part" in g else None
    if month is None:
        return None
    if "year" in g:
        return Resolved(f"{full_year(g['year'], anchor):04d}-{month:02d}", "date", "month", False, mod)
    if anchor is None:
        return Resolved(f"XXXX-{month:02d}", "date", "month", False, mod)
    if rel:  # « juin prochain », « septembre dernier »: never the anchor's own month
        year = anchor.year + (1 if month <= anchor.month else 0) if rel == FUTURE else anchor.year - (1 if month >= anchor.month else 0)
    else:
        year = pick_year(anchor, month, None, direction, window_days)
    return Resolved(f"{year:04d}-{month:02d}", "date", "month", bool(rel), mod)


def _quarter(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    n = lexicon.ordinals[_key(g["ord"])]
    half = _key(g["qunit"]) == "semestre"
    last = 2 if half else 4
    n = last if n == -1 else n
    if not 1 <= n <= last:
        return None
    letter, granularity = ("H", "half") if half else ("Q", "quarter")
    if "year" in g:
        return Resolved(f"{int(g['year']):04d}-{letter}{n}", "date", granularity)
    if anchor is None:
        return Resolved(f"XXXX-{letter}{n}", "date", granularity)
    if "yrel" in g or "ythis" in g:  # « du premier trimestre de l'année prochaine », « de cette année »
        year = anchor.year + (lexicon.direction(g["yrel"]) if "yrel" in g else 0)
        return Resolved(f"{year:04d}-{letter}{n}", "date", granularity, True)
    months = 6 if half else 3
    year = pick_year(anchor, n * months - months + 2, None, direction, window_days)
    return Resolved(f"{year:04d}-{letter}{n}", "date", granularity, True)


def _part_year(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    return Resolved(f"{int(g['year']):04d}", "date", "year", False, lexicon.parts.get(_key(g["part"])))


def _part_period(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    mod = lexicon.parts.get(_key(g["part"]))
    unit_word = _key(g["unit"])
    if unit_word in lexicon.seasons:
        return _season({**g, "season": unit_word}, lexicon, anchor, direction, rel, type_, past_bias, window_days, mod)
    unit = lexicon.period_units[unit_word]
    if "year" in g and unit == "Y":
        return Resolved(g["year"], "date", "year", False, mod)
    if anchor is None:
        value, granularity = period_value(dt.date(2000, 1, 1), unit, 0)
        return Resolved("XXXX" + value[4:] if granularity != "year" else "XXXX", "date", granularity, True, mod)
    value, granularity = period_value(anchor, unit, rel)
    return Resolved(value, "date", granularity, True, mod)


def _decade(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    digits = g["decade"]
    if len(digits) == 2:
        century = 19 if anchor is None or int(digits) > anchor.year % 100 else 20
        digits = f"{century}{digits}"
    mod = lexicon.parts.get(_key(g["part"])) if "part" in g else None  # « au début des années 90 »
    return Resolved(digits[:3], "date", "decade", False, mod)


def _season(g, lexicon, anchor, direction, rel, type_, past_bias, window_days, mod=None):
    season = lexicon.seasons[_key(g["season"])]
    if "year" in g:
        return Resolved(f"{int(g['year']):04d}-{season}", "date", "season", False, mod)
    if anchor is None or not (rel or "dem" in g or "part" in g or "art" in g):
        return Resolved(f"XXXX-{season}", "date", "season", False, mod)  # « en été »: any summer
    told = "art" in g and not rel and direction in (PAST, FUTURE)  # « l'été », « au printemps »: the verb's side
    start = _SEASON_START[season]
    # each occurrence is named by the year it starts in and lasts three months
    spans = [(y, dt.date(y, start, 1), dt.date(y, start, 1) + relativedelta(months=3)) for y in range(anchor.year - 2, anchor.year + 2)]
    if told and direction == PAST:  # « l'été a été chaud »: the last one begun, the current one included
        year = max(y for y, begin, _ in spans if begin <= anchor)
    elif told:  # « jusqu'à l'automne », « il partira au printemps »: the first one not over
        year = min(y for y, _, end in spans if end > anchor)
    elif rel == PAST:  # the last one over before the anchor
        year = max(y for y, _, end in spans if end <= anchor)
    elif rel == FUTURE:  # the first one starting after it
        year = min(y for y, begin, _ in spans if begin > anchor)
    else:  # « cet été »: the one containing the anchor, else the closest
        year = min(spans, key=lambda o: 0 if o[1] <= anchor < o[2] else min(abs((o[1] - anchor).days), abs((o[2] - anchor).days)))[0]
    return Resolved(f"{year:04d}-{season}", "date", "season", True, mod)


def _year(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    return Resolved(f"{int(g['year']):04d}", "date", "year")


def _relative_period(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    unit = lexicon.period_units[_key(g["unit"])]
    step = rel
    if anchor is None:
        return Resolved({"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Y": "XXXX"}.get(unit, "XXXX"), "date", _GRAIN[unit], True)
    value, granularity = period_value(anchor, unit, step)
    return Resolved(value, "date", granularity, True)


def _this_period(g, lexicon, anchor, direction, type_, past_bias, window_days):
    """« cette semaine », « ce mois-ci », « ce week-end » (the one just past, early in a week told in the past)."""
    unit = lexicon.period_units[_key(g["unit"])]
    step = 0
    if unit == "WE" and anchor is not None and anchor.weekday() < 5:
        step = -1 if direction == PAST or (direction == NEAREST and anchor.weekday() <= 1) else 0
    return _relative_period(g, lexicon, anchor, direction, step, type_, past_bias, window_days)


_GRAIN = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "HY": "half", "Y": "year", "DE": "decade", "CE": "century"}


def _day_word(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    offset = lexicon.day_words[_key(g["dayword"])]
    tod = lexicon.times_of_day.get(_key(g["tod"])) if "tod" in g else None
    if anchor is None:
        return Resolved("XXXX-XX-XX" + (f"T{tod}" if tod else ""), "time" if tod else "date", "time" if tod else "day", True)
    day = (anchor + dt.timedelta(days=offset)).isoformat()
    if tod:
        return Resolved(f"{day}T{tod}", "time", "time", True)
    return Resolved(day, "date", "day", True)


def _weekday(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    weekday = lexicon.weekdays[_key(g["weekday"])]
    tod = lexicon.times_of_day.get(_key(g["tod"])) if "tod" in g else None
    if anchor is None:
        value = f"XXXX-WXX-{weekday + 1}"
    else:
        value = resolve_weekday(anchor, weekday, direction, strict=bool(rel), past_bias=past_bias).isoformat()
    if tod:
        return Resolved(f"{value}T{tod}", "time", "time", True)
    return Resolved(value, "date", "day", True)


def _weekday_week(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« mardi de la semaine prochaine », « lundi cette semaine »: that day of that week."""
    weekday = lexicon.weekdays[_key(g["weekday"])]
    if anchor is None:
        return Resolved(f"XXXX-WXX-{weekday + 1}", "date", "day", True)
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=rel)
    return Resolved((monday + dt.timedelta(days=weekday)).isoformat(), "date", "day", True)


def _holiday(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    month, day = lexicon.holidays[_key(g["holiday"])].split("-")
    return _calendar_date({**g, "day": day, "month": month}, lexicon, anchor, direction, rel, type_, past_bias, window_days)


def _weekday_day(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    weekday = lexicon.weekdays[_key(g["weekday"])]
    day = _day_number(g["day"], lexicon)
    if not 1 <= day <= 31:
        return None
    if anchor is None:
        return Resolved(f"XXXX-XX-{day:02d}", "date", "day", True)
    candidates = []
    for step in (0, -1, 1, -2, 2):
        month_start = anchor.replace(day=1) + relativedelta(months=step)
        if _valid(month_start.year, month_start.month, day):
            candidates.append(month_start.replace(day=day))
    fitting = [c for c in candidates if c.weekday() == weekday] or candidates
    best = min(fitting, key=lambda c: abs((c - anchor).days))
    return Resolved(best.isoformat(), "date", "day", True)


def _offset(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    count = lexicon.number(g["num"])
    unit = lexicon.units[_key(g["unit"])]
    sign = -1 if _key(g["dir"]).startswith("il") else 1
    if count is None:
        return None
    if count == "X" or not float(count).is_integer():
        return Resolved(iso_duration(count, unit), "duration", "duration", True)
    if unit in ("H", "MIN", "S"):
        return Resolved(iso_duration(count, unit), "duration", "duration", True)
    if anchor is None:
        return Resolved("XXXX-XX-XX" if unit in ("D", "W") else "XXXX", "date", "day" if unit in ("D", "W") else "year", True)
    value, granularity = shift(anchor, sign * int(count), unit)
    return Resolved(value, "date", granularity, True)


def _clock(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    hour = int(g["hour"])
    minute = int(g.get("minute") or 0)
    if hour > 23 or minute > 59:
        return None
    return Resolved(f"XXXX-XX-XXT{hour:02d}:{minute:02d}", "time", "time")


def _set(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    word = _key(g["unit"])
    if word.rstrip("s") in lexicon.weekdays:
        return Resolved(f"XXXX-WXX-{lexicon.weekdays[word.rstrip('s')] + 1}", "set", "day")
    unit = lexicon.units[word]
    return Resolved(iso_duration(1, unit), "set", _GRAIN.get(unit, "day"))


def _fixed_duration(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    return Resolved(lexicon.fixed_durations[_key(g["fixed"])], "duration", "duration")


def _duration(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« trois mois », « plus d'un an » (MORE_THAN), « deux ans et demi » (P2Y6M), « une demi-heure », « les mois à venir »."""
    count = lexicon.number(g.get("num")) if "num" in g else "X"
    if count is None:
        return None
    unit = lexicon.units[_key(g["unit"])]
    if "half" in g and count != "X":
        count += lexicon.halves[_key(g["half"])]
    mod = lexicon.duration_mods.get(_key(g["approx"])) if "approx" in g else None
    return Resolved(iso_duration(count, unit), "duration", "duration", False, mod)


def _century(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« le XXe siècle », « au 19e siècle »: TimeML's century value, its first two digits (`19`, `18`)."""
    number = g["century"]
    n = int(number) if number.isdigit() else roman_number(number)
    if not 1 <= n <= 30:
        return None
    return Resolved(f"{n - 1:02d}", "date", "century")


_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_number(text: str) -> int:
    """`XIX` -> 19 (the subtractive rule: a smaller numeral before a larger one is taken off)."""
    values = [_ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _anchored_period(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« l'année suivante », « le mois précédent »: counted from another date of the text, unknown here
    (`anchored.resolve_event_days` dates it from the nearest date before it)."""
    unit = lexicon.period_units[_key(g["unit"])]
    lexicon.anchored_words[_key(g["arel"])]  # raises on a word the lexicon does not know
    value = {"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX", "HY": "XXXX-HX", "DE": "XXX", "CE": "XX"}.get(unit, "XXXX")
    return Resolved(value, "date", _GRAIN[unit], True)


def _event_day(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« le lendemain », « la veille »: a day counted from another date of the text, unknown here
    (`anchored.resolve_event_days` dates it from the nearest day before it)."""
    lexicon.event_days[_key(g["eventday"])]  # raises on a word the lexicon does not know
    return Resolved("XXXX-XX-XX", "date", "day", True)


def _anchored_weekday(g, lexicon, anchor, direction, rel, type_, past_bias, window_days):
    """« le lundi suivant », « le mardi précédent »: the weekday after or before another day of the text
    (`anchored.resolve_event_days` dates it)."""
    weekday = lexicon.weekdays[_key(g["weekday"])]
    lexicon.anchored_words[_key(g["arel"])]  # raises on a word the lexicon does not know
    return Resolved(f"XXXX-WXX-{weekday + 1}", "date", "day", True)


_RESOLVERS = {
    "iso_date": _calendar_date,
    "numeric_date": _calendar_date,
    "numeric_day_month": _calendar_date,
    "day_month": _calendar_date,
    "part_month": _month,
    "month_year": _month,
    "quarter": _quarter,
    "part_year": _part_year,
    "part_period": _part_period,
    "decade": _decade,
    "century": _century,
    "anchored_period": _anchored_period,
    "anchored_weekday": _anchored_weekday,
    "season": _season,
    "year": _year,
    "relative_period": _relative_period,
    "this_period": lambda g, lex, a, d, r, t, pb, w: _this_period(g, lex, a, d, t, pb, w),
    "day_word": _day_word,
    "event_day": _event_day,
    "weekday_day": _weekday_day,
    "weekday": _weekday,
    "weekday_week": _weekday_week,
    "holiday": _holiday,
    "offset": _offset,
    "clock": _clock,
    "set": _set,
    "fixed_duration": _fixed_duration,
    "recent_duration": _duration,
    "duration": _duration,
}
KINDS = frozenset(_RESOLVERS)
