"""Days counted from another date of the text: « la veille », « le lendemain », « le surlendemain ».

`resolve_event_days` takes a Doc's time expressions in text order and dates each event day from
the nearest expression before it that names a day (« le 3 mars … le lendemain » → 4 March), at
most `max_chars` characters back; one with no such day before it is dropped (the text does not say
which day it is). Plain functions, no spaCy.
"""

from __future__ import annotations

import datetime as dt

from depeche.normalise.dates.calendar import as_day
from depeche.normalise.dates.lexicon import DateLexicon, _key
from depeche.records import TimeExpression

EVENT_DAY_VIA = "dates.pattern:event_day"


def resolve_event_days(expressions: list[TimeExpression], lexicon: DateLexicon, max_chars: int = 400) -> list[TimeExpression]:
    """`expressions` with every event day dated from the nearest day before it, or left out."""
    out: list[TimeExpression] = []
    last: TimeExpression | None = None  # the latest expression that names a day
    for expression in expressions:
        if EVENT_DAY_VIA not in (expression.via or []):
            out.append(expression)
            if expression.type in ("date", "time") and as_day(expression.value[:10]):
                last = expression
            continue
        offset = lexicon.event_days.get(_key(expression.span.text))
        if offset is None or last is None or expression.span.start - last.span.end > max_chars:
            continue
        day = as_day(last.value[:10]) + dt.timedelta(days=offset)
        via = [*expression.via, "dates.anchored"]
        out.append(expression.model_copy(update={"value": day.isoformat(), "via": via}))
        last = out[-1]
    return out
