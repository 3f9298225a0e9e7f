"""French time expressions to ISO values (TimeML/TIMEX3 style): plain functions, no spaCy.

The `depeche_dates` component finds expressions with its patterns (models/patterns/dates/) and
hands each match here as `(kind, groups)`: the pattern's name and its named groups' texts. The
words are read through a `DateLexicon` (models/lexicons/dates.json), and every relative value is
computed against an anchor — the article's publication date — with `dateutil.relativedelta` for
the calendar arithmetic.

Values keep their real granularity: `2020-12-04` (day), `2020-W48` (week), `2020-11` (month),
`2020-Q1` (quarter), `2020-H2` (half), `2020-SU` (season), `2020` (year), `199` (decade),
`P1W` (duration). With no anchor the unknown digits stay `X` (`XXXX-12-04`).

Stages: `lexicon` (the words, `DateLexicon`, `Resolved`), `calendar` (date arithmetic),
`resolvers` (`normalise`, one resolver per pattern kind), `anchored` (durations and day words
counted from another date of the text: « dans les 45 jours suivant … », « le lendemain »).
"""

from __future__ import annotations

from depeche.normalise.dates.calendar import (
    as_day,
    duration_delta,
    full_year,
    iso_duration,
    iso_week,
    last_day,
    period_value,
    pick_year,
    quarter_of,
    resolve_weekday,
    shift,
)
from depeche.normalise.dates.lexicon import FUTURE, NEAREST, PAST, DateLexicon, Resolved
from depeche.normalise.dates.resolvers import KINDS, normalise

__all__ = [
    "FUTURE", "KINDS", "NEAREST", "PAST", "DateLexicon", "Resolved", "as_day", "duration_delta", "full_year",
    "iso_duration", "iso_week", "last_day", "normalise", "period_value", "pick_year", "quarter_of",
    "resolve_weekday", "shift",
]
