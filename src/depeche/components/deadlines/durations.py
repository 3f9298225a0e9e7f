"""Durations that set a term: « se donne douze mois », « a un an pour », « dans les 45 jours suivant
la signature », « sous huitaine », « une semaine supplémentaire »; and the date each one counts from.

A duration is a term when a duration trigger governs it closely (no comma, « si » or clause in
between) or when a verb of having precedes it and a purpose follows (« J'ai un an pour regarder »).
Past spans and mandates (« ces dix dernières années », « quinquennat ») and lengths of time
(« depuis dix ans », « un délai de quinze jours entre la convocation et la réunion ») are not.
The term counts from the event the text anchors it to (« suivant la signature du 3 mars ») when
that event is dated, else from the day its sentence gives before it (« entrée en vigueur le 24 mars,
pour un délai de deux mois »; « soumis au vote le 19 décembre, … dans un délai de deux mois »), else
from the dated event the article reports (a day of the same sentence after it, or of the one before
or after, in the week before publication), else from the publication date; when the text anchors
it to an undated event (« suivant la signature »), it stays relative (`XXXX-XX-XX`) and the
description keeps the anchor's words.
"""

from __future__ import annotations

import datetime as dt
import re

from depeche.normalise.dates import as_day, duration_delta
from depeche.records import TimeExpression


def _compile(regex: str | None) -> re.Pattern | None:
    return re.compile(regex, re.IGNORECASE) if regex else None


class DurationRules:
    def __init__(self, data: dict, max_noun_distance: int):
        self.triggers = [re.compile(rf"(?<!\w)(?:{r})(?!\w)", re.IGNORECASE) for r in data.get("duration_triggers", [])]
        self.max_gap = int(data.get("duration_trigger_gap", max_noun_distance))
        self.gap_stop = _compile(data.get("duration_gap_stop"))
        self.offset_after = _compile(data.get("duration_offset_after"))
        self.offset_before = _compile(data.get("duration_offset_before"))
        self.have_before = _compile(data.get("duration_have_before"))
        self.purpose_after = _compile(data.get("duration_purpose_after"))
        self.not_terms = _compile(data.get("not_term_durations"))
        self.anchored = _compile(data.get("duration_anchor_after"))
        self.lasts_before = _compile(data.get("duration_lasts_before"))
        self.event_days = int(data.get("event_days", 7))
        self.obliged = _compile(data.get("duration_needs_obligation"))
        self.condition_before = _compile(data.get("duration_condition_before"))

    def needs_obligation(self, text: str, trigger: tuple[int, int]) -> bool:
        """« d'ici 5 ans » sets a term only with an obligation in its sentence (as « d'ici » before a date)."""
        return self.obliged is not None and self.obliged.fullmatch(text[trigger[0] : trigger[1]]) is not None

    def in_condition(self, text: str, sentence: tuple[int, int], trigger: tuple[int, int]) -> bool:
        """« si elle n'est pas payée dans les 45 jours », « en cas de récidive dans les 15 jours »: a window a rule
        opens under a condition (no punctuation between the condition and the trigger), not a dated term."""
        return self.condition_before is not None and self.condition_before.search(text[sentence[0] : trigger[0]]) is not None

    def lasts(self, text: str, sentence: tuple[int, int], expression: TimeExpression) -> bool:
        """« pour un délai de deux mois », « pour une durée de six mois »: how long a measure lasts (its end is an expiry)."""
        start = expression.span.start
        return self.lasts_before is not None and self.lasts_before.search(text[max(sentence[0], start - 40) : start]) is not None

    def has_purpose(self, text: str, expression: TimeExpression) -> bool:
        return self.purpose_after is not None and self.purpose_after.match(text, expression.span.end) is not None

    def trigger(self, text: str, sentence: tuple[int, int], expression: TimeExpression) -> tuple[int, int] | None:
        """The (start, end) of what makes the duration a term, or None."""
        start, end = expression.span.start, expression.span.end
        if duration_delta(expression.value) is None:
            return None
        if self.not_terms is not None and self.not_terms.search(expression.span.text):
            return None  # « ces dix dernières années », « quinquennat »
        if self.offset_before is not None and self.offset_before.search(text[max(0, start - 30) : start]):
            return None  # « depuis dix ans », « après quatre semaines »
        best = None
        for regex in self.triggers:
            for m in regex.finditer(text, sentence[0], sentence[1]):
                if start <= m.start() < end:
                    candidate = (0, m.start(), m.end())  # « une semaine supplémentaire », « sous huitaine »
                elif m.end() <= start and start - m.end() <= self.max_gap:
                    gap = text[m.end() : start]
                    if self.gap_stop is not None and self.gap_stop.search(gap):
                        continue  # « accordée pour dix actions achetées, si ces actions sont conservées dix-huit mois »
                    candidate = (start - m.end(), m.start(), m.end())
                else:
                    continue
                if best is None or candidate < best:
                    best = candidate
        if best is None and self.have_before is not None and self.purpose_after is not None:
            m = self.have_before.search(text[max(sentence[0], start - 40) : start])
            if m and self.purpose_after.match(text, end):  # « J'ai un an pour regarder »
                lo = max(sentence[0], start - 40)
                best = (0, lo + m.start(), lo + m.end())
        if best is None:
            return None
        anchored = self.anchored is not None and self.anchored.match(text, end)
        if not anchored and self.offset_after is not None and self.offset_after.search(text[end : end + 20]):
            return None  # « deux jours après l'accord »: an offset from an event, not a term
        return best[1], best[2]

    def anchor(self, text: str, sentence: tuple[int, int], expression: TimeExpression) -> tuple[int, int] | None:
        """The words the term counts from (« suivant la signature de l'accord »), up to the clause's end."""
        m = self.anchored.match(text, expression.span.end) if self.anchored is not None else None
        if not m:
            return None
        stop = re.compile(r"[,;:.!?()]").search(text, m.end(), sentence[1])
        return m.start() + len(m.group(0)) - len(m.group(0).lstrip()), stop.start() if stop else sentence[1]

    def start_date(self, dates, expression: TimeExpression, sentence, neighbours, anchor_span, published: dt.date | None):
        """(date the term counts from, relative?) — the anchored event's day, the reported event's, or the publication's."""
        if anchor_span is not None:
            for other in dates:
                if anchor_span[0] <= other.span.start < anchor_span[1] and as_day(other.value):
                    return as_day(other.value), False
            return None, True
        before = [
            o for o in dates
            if o is not expression and o.type == "date" and sentence[0] <= o.span.start and o.span.end <= expression.span.start
            and as_day(o.value) and not o.value.startswith("XXXX")
        ]
        if before:  # « entrée en vigueur le 24 mars, pour un délai de deux mois »: from the day its sentence gives before it
            return as_day(before[-1].value), False
        if published is not None:
            for bounds in (sentence, *neighbours):
                if bounds is None:
                    continue
                days = [
                    as_day(o.value)
                    for o in dates
                    if o is not expression and bounds[0] <= o.span.start < bounds[1] and o.type == "date" and as_day(o.value)
                ]
                days = [d for d in days if published - dt.timedelta(days=self.event_days) <= d <= published]
                if days:
                    return max(days), False
        return published, False
