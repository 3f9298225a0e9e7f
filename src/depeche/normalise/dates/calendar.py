"""Calendar helpers: year picking, weekdays, ISO weeks and durations, periods, last days."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from depeche.normalise.dates.lexicon import FUTURE, NEAREST, PAST


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


_SPLIT_UNITS = {"Y": ("M", 12, False), "H": ("M", 60, True), "MIN": ("S", 60, True)}  # a fraction of it in whole sub-units


def iso_duration(count: float | str, unit: str) -> str:
    """`P1W`, `P18M`, `PT30.4S`, `PXD` (unknown count); « un an et demi » `P1Y6M`, « une demi-heure » `PT30M`."""
    designator, times, is_time = _DURATION_UNITS[unit]
    if count == "X":
        number = "X"
    else:
        number = count * times
        if not float(number).is_integer() and unit in _SPLIT_UNITS:
            sub, per, sub_time = _SPLIT_UNITS[unit]
            whole, rest = int(number), (number - int(number)) * per
            if float(round(rest, 6)).is_integer():
                head = f"{whole}{designator}" if whole else ""
                return ("PT" if sub_time else "P") + f"{head}{int(round(rest))}{sub}"
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
