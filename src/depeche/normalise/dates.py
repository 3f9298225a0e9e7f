"""French time expressions to ISO values (TimeML/TIMEX3 style): plain functions, no spaCy.

The `depeche_dates` component finds expressions with its patterns (models/patterns/dates/) and
hands each match here as `(kind, groups)`: the pattern's name and its named groups' texts. The
words are read through a `DateLexicon` (models/lexicons/dates.json), and every relative value is
computed against an anchor — the article's publication date — with `dateutil.relativedelta` for
the calendar arithmetic.

Values keep their real granularity: `2020-12-04` (day), `2020-W48` (week), `2020-11` (month),
`2020-Q1` (quarter), `2020-H2` (half), `2020-SU` (season), `2020` (year), `199` (decade),
`P1W` (duration). With no anchor the unknown digits stay `X` (`XXXX-12-04`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

PAST, NEAREST, FUTURE = -1, 0, 1


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower().replace("’", "'")).strip()


@dataclass
class DateLexicon:
    """The words of French dates, keyed by lower-case text with straight apostrophes."""

    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, float | str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    seasons: dict[str, str] = field(default_factory=dict)
    day_words: dict[str, int] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    times_of_day: dict[str, str] = field(default_factory=dict)
    period_units: dict[str, str] = field(default_factory=dict)
    fixed_durations: dict[str, str] = field(default_factory=dict)
    holidays: dict[str, str] = field(default_factory=dict)  # « noël » -> "12-25"
    past_words: set[str] = field(default_factory=set)
    future_words: set[str] = field(default_factory=set)

    @classmethod
    def from_dict(cls, data: dict) -> DateLexicon:
        def table(name):
            return {_key(k): v for k, v in (data.get(name) or {}).items()}

        months = table("months")
        months.update(table("month_abbreviations"))
        return cls(
            months=months,
            weekdays=table("weekdays"),
            numbers=table("numbers"),
            units=table("units"),
            ordinals=table("ordinals"),
            seasons=table("seasons"),
            day_words=table("day_words"),
            parts=table("parts"),
            times_of_day=table("times_of_day"),
            period_units=table("period_units"),
            fixed_durations=table("fixed_durations"),
            holidays=table("holidays"),
            past_words={_key(w) for w in data.get("past_words", [])},
            future_words={_key(w) for w in data.get("future_words", [])},
        )

    def direction(self, word: str | None) -> int:
        if not word:
            return NEAREST
        word = _key(word)
        if word in self.past_words:
            return PAST
        if word in self.future_words:
            return FUTURE
        return NEAREST

    def number(self, text: str | None) -> float | str | None:
        """A count: digits (`90`, `30,4`), a word (`douze`), or "X" for « quelques », « plusieurs »."""
        if text is None:
            return None
        text = _key(text)
        if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
            value = float(text.replace(",", "."))
            return int(value) if value.is_integer() else value
        return self.numbers.get(text)

    def month(self, text: str) -> int | None:
        text = _key(text).rstrip(".")
        if text.isdigit():
            value = int(text)
            return value if 1 <= value <= 12 else None
        return self.months.get(text)


@dataclass(frozen=True)
class Resolved:
    value: str
    type: str  # date | duration | time | set
    granularity: str
    relative: bool = False
    mod: str | None = None  # START | MID | END | APPROX (TimeML's mod)


# --- calendar helpers -----------------------------------------------------------------------


def pick_year(anchor: dt.date, month: int, day: int | None, direction: int = NEAREST, window_days: int = 90) -> int:
    """The year of « <day> <month> » for a text written on `anchor`.

    The nearest occurrence wins while it is within `window_days` of the anchor; further away, the
    direction (past/future, from the tense or « dernier »/« prochain ») decides.
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        last = calendar.monthrange(year, month)[1]
        when = dt.date(year, month, min(day, last) if day else 15)
        candidates.append((when - anchor).days)
    order = sorted(range(3), key=lambda i: (abs(candidates[i]), candidates[i] > 0))
    best = order[0]
    if abs(candidates[best]) <= window_days:
        return anchor.year - 1 + best
    if direction == PAST and candidates[best] > (0 if day else 31):
        best = max((i for i in range(3) if candidates[i] <= (0 if day else 31)), key=lambda i: candidates[i])
    elif direction == FUTURE and candidates[best] < (0 if day else -31):
        best = min((i for i in range(3) if candidates[i] >= (0 if day else -31)), key=lambda i: candidates[i])
    return anchor.year - 1 + best


def resolve_weekday(anchor: dt.date, weekday: int, direction: int = NEAREST, *, strict: bool = False, past_bias: int = 2) -> dt.date:
    """The date of a weekday named in a text written on `anchor`.

    PAST: the latest one on or before the anchor (before it when `strict`, as « mardi dernier »);
    FUTURE: the next one on or after (after it when `strict`); NEAREST: the closer of the two,
    the past one unless the future one is more than `past_bias` days closer (news mostly reports).
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if direction == PAST:
        return anchor - dt.timedelta(days=back)
    if direction == FUTURE:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back) if back <= ahead + past_bias else anchor + dt.timedelta(days=ahead)


def full_year(text: str, anchor: dt.date | None) -> int:
    digits = text.lstrip("'’")
    if len(digits) == 4:
        return int(digits)
    value = int(digits)
    pivot = (anchor.year % 100 if anchor else 30) + 10
    century = (anchor.year // 100 * 100) if anchor else 2000
    return century + value if value <= pivot else century - 100 + value


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_DURATION_UNITS = {  # unit -> (ISO designator, multiplier, time part?)
    "S": ("S", 1, True),
    "MIN": ("M", 1, True),
    "H": ("H", 1, True),
    "D": ("D", 1, False),
    "W": ("W", 1, False),
    "WE": ("D", 2, False),
    "M": ("M", 1, False),
    "Q": ("M", 3, False),
    "HY": ("M", 6, False),
    "Y": ("Y", 1, False),
    "DE": ("Y", 10, False),
    "CE": ("Y", 100, False),
}


def iso_duration(count: float | str, unit: str) -> str:
    """`P1W`, `P18M`, `PT30.4S`, `PXD` (unknown count)."""
    designator, times, is_time = _DURATION_UNITS[unit]
    if count == "X":
        number = "X"
    else:
        number = count * times
        number = str(int(number)) if float(number).is_integer() else f"{number:g}"
    return f"PT{number}{designator}" if is_time else f"P{number}{designator}"


_ISO_DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<M>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?(?:(?P<D>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)


def duration_delta(value: str) -> relativedelta | None:
    """A relativedelta for an ISO 8601 duration with known counts (`P1W`, `P12M`); None for `PXD`."""
    match = _ISO_DURATION.fullmatch(value or "")
    if not match or not any(match.groupdict().values()):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    if any(not v.is_integer() for k, v in parts.items() if k in "YMW"):
        return None
    return relativedelta(
        years=int(parts.get("Y", 0)),
        months=int(parts.get("M", 0)),
        weeks=int(parts.get("W", 0)),
        days=parts.get("D", 0),
        hours=parts.get("h", 0),
        minutes=parts.get("m", 0),
        seconds=parts.get("s", 0),
    )


def shift(anchor: dt.date, count: int, unit: str) -> tuple[str, str]:
    """`anchor` moved by `count` units, as (value, granularity) at the unit's granularity."""
    if unit in ("D", "H", "MIN", "S"):
        return (anchor + relativedelta(days=count if unit == "D" else 0)).isoformat(), "day"
    if unit in ("W", "WE"):
        return (anchor + relativedelta(weeks=count)).isoformat(), "day"
    if unit == "M":
        moved = anchor + relativedelta(months=count)
        return f"{moved.year:04d}-{moved.month:02d}", "month"
    if unit == "Q":
        moved = anchor + relativedelta(months=3 * count)
        return f"{moved.year:04d}-Q{quarter_of(moved)}", "quarter"
    if unit == "HY":
        moved = anchor + relativedelta(months=6 * count)
        return f"{moved.year:04d}-H{1 if moved.month <= 6 else 2}", "half"
    if unit == "DE":
        return str(anchor.year + 10 * count)[:3], "decade"
    if unit == "CE":
        return str(anchor.year + 100 * count)[:2], "century"
    return f"{anchor.year + count:04d}", "year"


def period_value(anchor: dt.date, unit: str, step: int) -> tuple[str, str]:
    """The week/month/quarter/half/year/weekend containing `anchor`, moved by `step` periods."""
    if unit == "W":
        return iso_week(anchor + relativedelta(weeks=step)), "week"
    if unit == "WE":
        return iso_week(anchor + relativedelta(weeks=step)) + "-WE", "week"
    return shift(anchor, step, unit)


def last_day(value: str) -> str | None:
    """The last day of a month, quarter, half or year value (for « d'ici la fin … »)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return last_day(f"{m[1]}-{int(m[2]) * 3:02d}")
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        return last_day(f"{m[1]}-{int(m[2]) * 6:02d}")
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31"
    return None


def as_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


# --- the normaliser -------------------------------------------------------------------------


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
    return Resolved(digits[:3], "date", "decade")


def _season(g, lexicon, anchor, direction, rel, type_, past_bias, window_days, mod=None):
    season = lexicon.seasons[_key(g["season"])]
    if "year" in g:
        return Resolved(f"{int(g['year']):04d}-{season}", "date", "season", False, mod)
    if anchor is None or not (rel or "dem" in g or "part" in g):
        return Resolved(f"XXXX-{season}", "date", "season", False, mod)
    start = _SEASON_START[season]
    # each occurrence is named by the year it starts in and lasts three months
    spans = [(y, dt.date(y, start, 1), dt.date(y, start, 1) + relativedelta(months=3)) for y in range(anchor.year - 2, anchor.year + 2)]
    if rel == PAST:  # the last one over before the anchor
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


_GRAIN = {"W": "week", "WE": "week", "M": "month", "Q": "quarter", "HY": "half", "Y": "year"}


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
    count = lexicon.number(g.get("num")) if "num" in g else "X"
    if count is None:
        return None
    unit = lexicon.units[_key(g["unit"])]
    approx = "APPROX" if "approx" in g and _key(g["approx"]) in ("environ", "près de", "quelque") else None
    mod = {"plus de": "MORE_THAN", "moins de": "LESS_THAN"}.get(_key(g.get("approx", "")), approx)
    return Resolved(iso_duration(count, unit), "duration", "duration", False, mod)


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
    "season": _season,
    "year": _year,
    "relative_period": _relative_period,
    "this_period": lambda g, lex, a, d, r, t, pb, w: _this_period(g, lex, a, d, t, pb, w),
    "day_word": _day_word,
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
