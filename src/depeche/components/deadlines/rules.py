"""The deadline lexicon compiled (`Rules`), and the stages that read one date in its sentence.

`Rules.trigger` finds what makes a date a deadline (a noun, a preposition, a verb); `Rules.kind`
says which kind (deadline, extension, expiry); `Rules.holds` says whether a « d'ici » / « avant »
date is an obligation (« doit rendre sa décision d'ici le 22 mai ») and not a forecast or a goal
(« pourrait croître d'ici la fin de l'année », « l'objectif est d'ici à 2025 »). Plain functions
of the text and offsets: no spaCy here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from depeche.records import TimeExpression

KIND_RANK = {"deadline": 0, "expiry": 1, "extension": 2}


def _compile(regex: str | None) -> re.Pattern | None:
    return re.compile(regex, re.IGNORECASE) if regex else None


def _word(regex: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{regex})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    """What makes a date a deadline: its offsets, the kind it implies and its role (noun, prep, verb)."""

    start: int
    end: int
    kind: str
    role: str
    needs: str | None = None  # "obligation": only a deadline when the sentence states one


class Rules:
    """models/lexicons/deadlines.json, compiled."""

    def __init__(self, data: dict, max_noun_distance: int):
        self.max_noun_distance = max_noun_distance
        self.triggers = [
            {
                **t,
                "compiled": _word(t["regex"]),
                "before": re.compile(rf"(?<!\w)(?:{t['regex']})\s*$", re.IGNORECASE),
                "after": re.compile(rf"^\s*,?\s*(?:{t['regex']})(?!\w)", re.IGNORECASE),
            }
            for t in data.get("triggers", [])
        ]
        self.kind_cues = [(_word(c["regex"]), c["kind"]) for c in data.get("kind_cues", [])]
        self.verb_links = _compile(data.get("verb_links"))
        self.noun_after_max = int(data.get("noun_after_max", 3))
        self.past_noun_gap = int(data.get("past_noun_gap", 0))
        self.forward_weekday = _compile(data.get("forward_weekday"))
        self.not_terms = _compile(data.get("not_terms"))
        self.kind_cue_distance = int(data.get("kind_cue_distance", 10**9))
        self.noun_negation = _compile(data.get("noun_negation"))
        self.obligation = _word(data["obligation"]) if data.get("obligation") else None
        self.act_before = _compile(data.get("act_before"))
        self.act_after = _compile(data.get("act_after"))
        self.coordination = _compile(data.get("coordination"))
        self.goal = _word(data["goal"]) if data.get("goal") else None
        self.future_verb = _word(data["future_verb"]) if data.get("future_verb") else None
        self.future_prep = _compile(data.get("future_prep") or "(?!)")
        self.scheduled = _word(data["scheduled_event"]) if data.get("scheduled_event") else None

    def trigger(self, text: str, sentence: tuple[int, int], expression: TimeExpression) -> Trigger | None:
        """The trigger governing the date in its sentence: a noun, else a preposition, else a verb."""
        start, end = expression.span.start, expression.span.end
        before, after = text[sentence[0] : start], text[end : sentence[1]]
        best: dict[str, tuple] = {}
        for trigger in self.triggers:
            role, grains = trigger["role"], trigger.get("grains")
            if grains and expression.granularity not in grains and expression.mod != "END":
                continue
            if role == "noun":
                for m in trigger["compiled"].finditer(text, sentence[0], sentence[1]):
                    if start <= m.start() < end:
                        continue
                    if self.noun_negation is not None and self.noun_negation.search(text[max(0, m.start() - 12) : m.start()]):
                        continue  # « sans délai »: at once, not a term
                    distance = start - m.end() if m.end() <= start else m.start() - end
                    limit = self.max_noun_distance if m.end() <= start else self.noun_after_max
                    if distance <= limit and ("noun" not in best or distance < best["noun"][0]):
                        best["noun"] = (distance, m.start(), m.end(), trigger["kind"], trigger.get("needs"))
            elif role == "prep":
                m = trigger["before"].search(before)
                if m and "prep" not in best:
                    best["prep"] = (0, sentence[0] + m.start(), sentence[0] + m.start() + len(m.group(0).rstrip()), trigger["kind"], trigger.get("needs"))
            elif role == "prep_after":
                m = trigger["after"].search(after)
                if m and "prep" not in best:
                    inner = len(m.group(0)) - len(m.group(0).lstrip(" ,\t"))
                    best["prep"] = (0, end + inner, end + m.end(), trigger["kind"], trigger.get("needs"))
            elif role == "verb" and self.verb_links is not None:
                for m in trigger["compiled"].finditer(text, sentence[0], start):
                    gap = text[m.end() : start]
                    if len(gap) <= self.max_noun_distance and self.verb_links.search(gap):
                        best["verb"] = (len(gap), m.start(), m.end(), trigger["kind"], trigger.get("needs"))
        for role in ("noun", "prep", "verb"):
            if role in best:
                _, t_start, t_end, kind, needs = best[role]
                return Trigger(t_start, t_end, kind, role, needs)
        return None

    def holds(self, text: str, sentence: tuple[int, int], trigger: Trigger, future: bool = False) -> bool:
        """A trigger that needs an obligation (« d'ici », « avant ») has one in its sentence, or a verb in
        the future with no word of a goal or a forecast (« seront supprimées d'ici 2022 »; not « vise
        … d'ici à 2025 », « pourrait croître d'ici la fin de l'année »)."""
        if trigger.needs != "obligation" or self.obligation_in(text, sentence):
            return True
        goal = self.goal is not None and self.goal.search(text, sentence[0], sentence[1]) is not None
        return future and not goal and trigger.role == "prep" and self.future_prep.fullmatch(text[trigger.start : trigger.end]) is not None

    def future_in(self, text: str, sentence: tuple[int, int]) -> bool:
        """A verb in the future, read from its ending (for a Doc without morphology)."""
        return self.future_verb is not None and self.future_verb.search(text, sentence[0], sentence[1]) is not None

    def obligation_in(self, text: str, sentence: tuple[int, int]) -> bool:
        return self.obligation is not None and self.obligation.search(text, sentence[0], sentence[1]) is not None

    def prep_kind(self, text: str, trigger: Trigger, expression: TimeExpression) -> str | None:
        """« jusqu'au » (kind expiry: a measure that lasts until then) is a deadline when someone has
        until then to act: « Thales a jusqu'au 14 juillet pour annoncer », « peut attendre jusqu'au »;
        None (no deadline) when it is the span of a scheduled event (a trial, an exhibition)."""
        if trigger.role != "prep" or trigger.kind != "expiry":
            return trigger.kind
        if self.scheduled is not None and self.scheduled.search(text, max(0, trigger.start - 60), trigger.start):
            return None  # « seront jugés jusqu'au 10 novembre », « visible jusqu'au 7 juillet »: an event's span
        if self.act_before is not None and self.act_before.search(text[max(0, trigger.start - 40) : trigger.start]):
            return "deadline"
        if self.act_after is not None and self.act_after.search(text[expression.span.end : expression.span.end + 40]):
            return "deadline"
        return trigger.kind

    def kind(self, text: str, sentence, default: str, expression: TimeExpression, starts=()) -> str:
        """The strongest kind cued near the expression, in its sentence (extension > expiry > deadline)."""
        lo = max(sentence[0], expression.span.start - self.kind_cue_distance)
        hi = min(sentence[1], expression.span.end + self.kind_cue_distance)
        kind = default
        for regex, cue_kind in self.kind_cues:
            if KIND_RANK[cue_kind] <= KIND_RANK[kind]:
                continue
            for m in regex.finditer(text, lo, hi):
                # a cue after the date that another date follows is that date's (« une date butoir au
                # 24 août, prolongée jusqu'au 24 novembre »: the extension is the 24 November)
                if m.start() >= expression.span.end and any(m.end() <= other < sentence[1] for other in starts):
                    continue
                kind = cue_kind
                break
        return kind

    def coordinated(self, text: str, first: TimeExpression, second: TimeExpression) -> bool:
        """« au 30 novembre ou au 31 décembre », « les 21, 24 et 29 novembre »: the second date shares the first's status."""
        if self.coordination is None or second.span.start < first.span.end:
            return False
        return self.coordination.fullmatch(text[first.span.end : second.span.start]) is not None
