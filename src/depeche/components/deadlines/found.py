"""The deadlines the rule stage proposes (`Found`), and the last stage: one deadline per term told.

A `Found` is a date or a duration the rules read as a deadline (`rejected` None), or — when a trained
decision is configured — one they turned down near a deadline cue, with the rule that did (`rejected`:
"no_obligation", "scheduled", "imperfect", "past", "term_no_obligation", "conditional_window"): rules propose,
the model decides.
`unique` keeps the first telling of a deadline restated later (same date and kind, or a coarser value of
it), unless the parse gives it other parties or its verb another subject (a separate measure ending the same
day) — never when the first telling is the headline; the same deadline noun told again is one; a vague term
its sentence or the next dates precisely (« jusqu'en juillet », then « jusqu'au 10 juillet ») is told by the
precise ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from depeche.records import TimeExpression


@dataclass
class Found:
    expression: TimeExpression
    sentence: tuple[int, int]
    sentence_index: int
    trigger: tuple[int, int] | None
    kind: str
    date: str
    via: str
    duration: TimeExpression | None = None
    duration_sentence: tuple[int, int] | None = None
    anchor: tuple[int, int] | None = None
    parties: list[str] = field(default_factory=list)
    rejected: str | None = None  # the rule that turned it down (a candidate for the model only)
    extension: bool = False  # a duration that moves a term (« une semaine supplémentaire »)
    own: bool = False  # a duration with its own purpose (« a un an pour »): not linked to a dated deadline
    confidence: float | None = None  # the model's calibrated probability, when a model decided
    subject: str | None = None  # the head of the governing verb's subject (« les salles de cinéma … »: salle)


def coarser(coarse: str, fine: str) -> bool:
    """« fin janvier » after « 31 janvier », « fin 2019 » after « 15 décembre 2019 »: a coarser value
    that holds the first (a year only when the first is in its last quarter: « fin 2019 » does not
    restate « 30 juin 2019 »)."""
    if not (len(coarse) < len(fine) and fine.startswith(coarse)):
        return False
    return len(coarse) != 4 or (len(fine) >= 7 and fine[5:7].isdigit() and int(fine[5:7]) >= 10)


def restated(kept: Found, item: Found, text: str) -> bool:
    """The same noun told again for the same date (« l'ultimatum … expire vendredi » in the title and
    the body) is one deadline, whoever the parse makes its subject."""
    if kept.trigger is None or item.trigger is None or not kept.via.startswith("deadlines.noun"):
        return False
    return text[slice(*kept.trigger)].lower() == text[slice(*item.trigger)].lower()


def another_party(kept: Found, item: Found, headline_end: int = -1) -> bool:
    """« Gucci a fermé ses sites jusqu'au 20 mars, Ferrari jusqu'au 27 mars »: the same date, told
    nearby for other parties, is another deadline (a restatement far away is not, nor the body restating
    its headline); so is the same date of a measure the parse gives another subject (« les salles de cinéma
    resteront fermées jusqu'au 22 juin … les sports collectifs restent interdits jusqu'au 22 juin »)."""
    if kept.expression.span.start < headline_end < item.expression.span.start:
        return False  # the headline's term told again in the body
    if kept.subject and item.subject and kept.subject != item.subject:
        return True  # « les salles resteront fermées jusqu'au 22 juin … les sports collectifs restent interdits jusqu'au 22 juin »
    near = abs(kept.sentence_index - item.sentence_index) <= 2
    return near and bool(kept.parties and item.parties) and not set(kept.parties) & set(item.parties)


def dated_next(item: Found, found: list[Found]) -> bool:
    """« la poursuite de l'état d'urgence jusqu'en juillet. Le Sénat a voté une prolongation jusqu'au 10
    juillet … le texte le prévoit jusqu'au 24 juillet »: a vague term that its sentence or the next dates
    precisely is told by the precise ones."""
    return any(
        other is not item
        and coarser(item.date, other.date)
        and 0 <= other.sentence_index - item.sentence_index <= 1
        and other.expression.span.start > item.expression.span.start
        for other in found
    )


def unique(found: list[Found], text: str) -> list[Found]:
    """The same term told twice (title and body, « fin janvier » after « 31 janvier »): its first telling;
    a vague one dated precisely right after it: the precise ones."""
    kept: list[Found] = []
    found = [f for f in found if not dated_next(f, found)]
    headline_end = text.find("\n")  # an article's first line is its headline
    for item in sorted(found, key=lambda f: f.expression.span.start):
        same = [
            k
            for k in kept
            if k.kind == item.kind
            and (
                k.date == item.date
                or coarser(item.date, k.date)
                or (k.via == item.via == "deadlines.duration" and k.expression.span.text.lower() == item.expression.span.text.lower())
            )
        ]
        if any(restated(k, item, text) or not another_party(k, item, headline_end) for k in same):
            continue
        kept.append(item)
    return kept
