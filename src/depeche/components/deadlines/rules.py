"""The deadline lexicon compiled (`Rules`), and the stages that read one date in its sentence.

`Rules.trigger` finds what makes a date a deadline (a noun, a preposition, a verb); `Rules.kind`
says which kind (deadline, extension, expiry); `Rules.holds` says whether a « d'ici » / « avant »
date is an obligation (« doit rendre sa décision d'ici le 22 mai ») and not a forecast or a goal
(« pourrait croître d'ici la fin de l'année », « l'objectif est d'ici à 2025 »): an obligation word,
a legal text that prescribes it, or a future (a conditional reporting one) with no goal word — for a
year, only in the passive (« seront supprimées d'ici 2022 », not « d'ici 2030, la population
atteindra »). `Rules.window_end` reads an offer's window, `Rules.kind_in_text` an elliptic trigger
(« la date limite » after « la date limite de consommation »). Plain functions of the text and
offsets: no spaCy here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from depeche.records import TimeExpression

KIND_RANK = {"deadline": 0, "expiry": 1, "extension": 2}


def _compile(regex: str | None) -> re.Pattern | None:
    return re.compile(regex, re.IGNORECASE) if regex else None


def _word(regex: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{regex})(?!\w)", re.IGNORECASE)


_OTHER_CLAUSE = re.compile(r"[,;:]|(?<!\w)(?:et|mais|ou)(?!\w)")
_CLAUSE_AFTER = re.compile(r"[^,;:.!?()]{0,40}")  # the words right after a date, in its clause
_QUOTE = "[\"»”«“]"
_QUOTES_AND_SPACE = " \t\n\"»”«“\u00a0"
_BARE_GAP = re.compile(r"\s*(?:le\s+|la\s+|l['’]\s*)?")
_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9)»\"])[.!?](?=[A-ZÀ-Ý][a-zà-ÿ])")


def _unglued(text: str, sentence: tuple[int, int], at: int) -> tuple[int, int]:
    """The part of `sentence` around `at` between two sentence ends with no space after them
    (« … 60 MW en 2023.Par ailleurs, l'armée s'est engagée »), which the parse does not split."""
    start, end = sentence
    for m in _GLUED.finditer(text, sentence[0], sentence[1]):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.end()
            break
    return start, end


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
                # a quote may close or open between a preposition and its date (« réclamé "au plus tard" le 10 juillet »)
                "before": re.compile(rf"(?<!\w)(?:{t['regex']})\s*{_QUOTE}?\s*$", re.IGNORECASE),
                "after": re.compile(rf"^\s*,?\s*(?:{t['regex']})(?!\w)", re.IGNORECASE),
            }
            for t in data.get("triggers", [])
        ]
        self.kind_cues = [(_word(c["regex"]), c["kind"]) for c in data.get("kind_cues", [])]
        self.verb_links = _compile(data.get("verb_links"))
        self.noun_after_max = int(data.get("noun_after_max", 3))
        self.past_noun_gap = int(data.get("past_noun_gap", 0))
        self.noun_set_gap = _compile(data.get("noun_set_gap"))
        self.forward_weekday = _compile(data.get("forward_weekday"))
        self.not_terms = _compile(data.get("not_terms"))
        self.kind_cue_distance = int(data.get("kind_cue_distance", 10**9))
        self.noun_negation = _compile(data.get("noun_negation"))
        self.obligation = _word(data["obligation"]) if data.get("obligation") else None
        self.act_before = _compile(data.get("act_before"))
        self.act_after = _compile(data.get("act_after"))
        self.coordination = _compile(data.get("coordination"))
        self.goal = _word(data["goal"]) if data.get("goal") else None
        self.not_before = _compile(data.get("not_before"))
        self.ended = _compile(data.get("ended"))
        self.request_before = _word(data["request_before"]) if data.get("request_before") else None
        self.future_verb = _word(data["future_verb"]) if data.get("future_verb") else None
        self.future_prep = _compile(data.get("future_prep") or "(?!)")
        self.scheduled = _word(data["scheduled_event"]) if data.get("scheduled_event") else None
        self.alternative = _word(data["alternative"]) if data.get("alternative") else None
        self.moved_event = _word(data["moved_event"]) if data.get("moved_event") else None
        self.prescribed = _compile(data.get("prescribed"))
        self.passive_future = _compile(data.get("passive_future"))
        self.reported_future = _compile(data.get("reported_future"))
        self.future_grains = tuple(data.get("future_grains", ()))
        self.start_before = _compile(data.get("start_before"))
        self.window_before = _compile(data.get("window_before"))
        self.window_gap = _compile(data.get("window_gap"))
        self.window_subject = _word(data["window_subject"]) if data.get("window_subject") else None
        self.kind_from_text = [(_word(c["head"]), _word(c["regex"]), c["kind"]) for c in data.get("kind_from_text", [])]
        self.noun_owns_date = _compile(data.get("noun_owns_date"))
        self.act_time_after = _compile(data.get("act_time_after"))
        self.range_start_before = _compile(data.get("range_start_before"))
        self.restated_end = _compile(data.get("restated_end"))
        self.hedge = _word(data["hedge"]) if data.get("hedge") else None
        self.period_gap = _word(data["period_gap"]) if data.get("period_gap") else None

    def trigger(self, text: str, sentence: tuple[int, int], expression: TimeExpression, noun_governs=None) -> Trigger | None:
        """The trigger governing the date in its sentence: a noun, else a preposition, else a verb.
        `noun_governs(start, end)`, when given, says whether the noun at those offsets governs the date
        (the parse: `parties.noun_governs`); a noun of another clause is no trigger of it."""
        start, end = expression.span.start, expression.span.end
        before, after = text[sentence[0] : start], text[end : sentence[1]]
        best: dict[str, tuple] = {}
        starts_here = self.start_before is not None and self.start_before.search(text[max(sentence[0], start - 40) : start]) is not None
        for trigger in self.triggers:
            role, grains = trigger["role"], trigger.get("grains")
            if grains and expression.granularity not in grains and expression.mod != "END":
                continue
            if role == "noun":
                for m in trigger["compiled"].finditer(text, sentence[0], sentence[1]):
                    if start <= m.start() < end:
                        continue
                    apposed = m.start() >= end  # after the date, only in apposition: it names that very date
                    if starts_here and not apposed:
                        continue  # « entrera en vigueur la semaine prochaine », « dès le 1er août »: a start, not a term
                    if self.noun_negation is not None and self.noun_negation.search(text[max(0, m.start() - 12) : m.start()]):
                        continue  # « sans délai »: at once, not a term
                    distance = start - m.end() if m.end() <= start else m.start() - end
                    limit = self.max_noun_distance if m.end() <= start else self.noun_after_max
                    if distance > limit or ("noun" in best and distance >= best["noun"][0]):
                        continue
                    if noun_governs is not None and not apposed and not noun_governs(m.start(), m.end()):
                        continue  # « Sa prolongation nécessite un projet de loi, que le Sénat votera mardi »; an
                        # apposition (« pour le 19 mai, date limite ») is its own evidence: the parse often hangs it elsewhere
                    best["noun"] = (distance, m.start(), m.end(), trigger["kind"], trigger.get("needs"))
            elif role == "prep":
                m = trigger["before"].search(before)
                if m and "prep" not in best:
                    best["prep"] = (0, sentence[0] + m.start(), sentence[0] + m.start() + len(m.group(0).rstrip(_QUOTES_AND_SPACE)), trigger["kind"], trigger.get("needs"))
            elif role == "prep_after":
                m = trigger["after"].search(after)
                if m and "prep" not in best:
                    inner = len(m.group(0)) - len(m.group(0).lstrip(" ,\t"))
                    best["prep"] = (0, end + inner, end + m.end(), trigger["kind"], trigger.get("needs"))
            elif role == "verb" and self.verb_links is not None:
                if self.act_time_after is not None and self.act_time_after.match(after):
                    continue  # « a prolongé cette semaine jusqu'au 30 octobre »: the act's time, the term follows
                for m in trigger["compiled"].finditer(text, sentence[0], start):
                    gap = text[m.end() : start]
                    if self.moved_event is not None and self.moved_event.search(text, max(sentence[0], m.start() - 60), m.start()):
                        continue  # « les JO, reportés à 2021 », « le festival s'achève le 20 »: an event moved or ending
                    if trigger["kind"] == "extension" and _BARE_GAP.fullmatch(gap):
                        continue  # « le confinement devrait être prolongé jeudi »: the day of the act, not the term it moves to
                    if self.period_gap is not None and self.period_gap.search(gap):
                        continue  # « prolonger pendant l'été un programme »: how long, not until when
                    if len(gap) <= self.max_noun_distance and self.verb_links.search(gap):
                        best["verb"] = (len(gap), m.start(), m.end(), trigger["kind"], trigger.get("needs"))
        for role in ("noun", "prep", "verb"):
            if role in best:
                _, t_start, t_end, kind, needs = best[role]
                return Trigger(t_start, t_end, kind, role, needs)
        return None

    def holds(self, text: str, sentence: tuple[int, int], trigger: Trigger, future: bool = False, grain: str = "day") -> bool:
        """A trigger that needs an obligation (« d'ici », « avant ») has one in its sentence (or a legal text
        prescribes it: « le projet de loi prévoit de supprimer d'ici à 2022 »), or a verb in the future
        (or a conditional reporting one: « a indiqué que le trafic serait assuré d'ici au 24 juin ») with no
        word of a goal or a forecast — and, for a year or a longer horizon, a verb in the passive, a thing
        somebody does (« seront supprimées d'ici 2022 »; not « d'ici 2030, la population atteindra »).
        A hedge (« sans doute », « probablement ») makes any « d'ici » / « au plus tard » date a guess,
        unless an obligation outside the trigger holds it (« il faudra très probablement reporter … au
        plus tard à 2035 »)."""
        sentence = _unglued(text, sentence, trigger.start)
        if self.not_before is not None and trigger.role == "prep" and self.not_before.search(text[max(sentence[0], trigger.start - 80) : trigger.end]):
            return False  # « ne doit plus évoluer avant le 11 mai », « pas avant septembre »: a start bound, not a term
        if trigger.role in ("prep", "prep_after") and self.hedge is not None and self.hedge.search(text, sentence[0], sentence[1]):
            if not self.obligation_in(text, (sentence[0], trigger.start)) and not self.obligation_in(text, (trigger.end, sentence[1])):
                return False  # « sans doute novembre ou décembre au plus tard », « on peut imaginer … d'ici la fin de l'année »
        if trigger.needs != "obligation" or self.obligation_in(text, sentence) or self.prescribed_in(text, sentence):
            return True
        if self.request_before is not None and self.request_before.search(text, sentence[0], trigger.start):
            return True  # « la Fondation suggère de conditionner … avant le 31 mars »: a request's term
        if trigger.role != "prep" or self.future_prep.fullmatch(text[trigger.start : trigger.end]) is None:
            return False
        if self.goal is not None and self.goal.search(text, sentence[0], sentence[1]) is not None:
            return False
        future = future or (self.reported_future is not None and self.reported_future.search(text, sentence[0], sentence[1]) is not None)
        if not future:
            return False
        return not self.future_grains or grain in self.future_grains or self.passive_in(text, sentence)

    def names_past_term(self, text: str, trigger: Trigger, expression: TimeExpression) -> bool:
        """A deadline noun right before a past date (« une date butoir au 24 août »), or one the text says
        was set at it (« le délai de prescription était ainsi fixé à 2008 »): a past term told as one."""
        if trigger.role != "noun" or trigger.end > expression.span.start:
            return False
        if expression.span.start - trigger.end <= self.past_noun_gap:
            return True
        return self.noun_set_gap is not None and self.noun_set_gap.fullmatch(text, trigger.end, expression.span.start) is not None

    def prescribed_in(self, text: str, sentence: tuple[int, int]) -> bool:
        return self.prescribed is not None and self.prescribed.search(text, sentence[0], sentence[1]) is not None

    def passive_in(self, text: str, sentence: tuple[int, int]) -> bool:
        return self.passive_future is not None and self.passive_future.search(text, sentence[0], sentence[1]) is not None

    def future_in(self, text: str, sentence: tuple[int, int]) -> bool:
        """A verb in the future, read from its ending (for a Doc without morphology)."""
        return self.future_verb is not None and self.future_verb.search(text, sentence[0], sentence[1]) is not None

    def obligation_in(self, text: str, sentence: tuple[int, int]) -> bool:
        return self.obligation is not None and self.obligation.search(text, sentence[0], sentence[1]) is not None

    def prep_kind(self, text: str, trigger: Trigger, expression: TimeExpression, subject: Callable[[], str] | None = None) -> str | None:
        """« jusqu'au » (kind expiry: a measure that lasts until then) is a deadline when someone has
        until then to act: « Thales a jusqu'au 14 juillet pour annoncer », « peut attendre jusqu'au »;
        None (no deadline) when it is the span of a scheduled event (a trial, an exhibition) or the end of
        a span the sentence opens with its start (« à partir du 19 mai et jusqu'au 17 juillet »), unless
        that span is an offer's or a registration's window. `subject()`: the text of the subject of the date's clause
        (from the parse; « le mouvement social … devrait durer jusqu'au »), an event's when it is one; read only here."""
        if trigger.role != "prep" or trigger.kind != "expiry":
            return trigger.kind
        if self.scheduled is not None and self.scheduled.search(text, max(0, trigger.start - 60), trigger.start):
            return None  # « seront jugés jusqu'au 10 novembre », « visible jusqu'au 7 juillet »: an event's span
        if self.scheduled is not None and subject is not None and self.scheduled.search(subject()):
            return None  # « une campagne de sensibilisation qui durera jusqu'au 8 mars »: what lasts is an event
        if self.scheduled is not None and (after := _CLAUSE_AFTER.match(text, expression.span.end)) and self.scheduled.search(after.group(0)):
            return None  # « propose jusqu'au 7 août un cinéma en plein air », « participent jusqu'au 28 août à des exercices »
        if self.range_start_before is not None and self.range_start_before.search(text[max(0, trigger.start - 60) : trigger.start]):
            if self.window_subject is None or self.window_subject.search(text, max(0, trigger.start - 120), trigger.start) is None:
                return None  # « à partir du 19 mai et jusqu'au 17 juillet »: a span with its start, not a term
        if self.act_before is not None and self.act_before.search(text[max(0, trigger.start - 40) : trigger.start]):
            return "deadline"
        if self.act_after is not None and self.act_after.search(text[expression.span.end : expression.span.end + 40]):
            return "deadline"
        return trigger.kind

    def kind(self, text: str, sentence, default: str, expression: TimeExpression, starts=(), trigger: Trigger | None = None) -> str:
        """The strongest kind cued near the expression, in its sentence (extension > expiry > deadline).
        A deadline noun whose complement the date is (« repousser le scrutin jusqu'à la date butoir de
        janvier 2021 ») keeps its kind against the cues before it: they are about something else."""
        lo = max(sentence[0], expression.span.start - self.kind_cue_distance)
        hi = min(sentence[1], expression.span.end + self.kind_cue_distance)
        owner = None
        if trigger is not None and trigger.role == "noun" and trigger.end <= expression.span.start:
            if self.noun_owns_date is not None and self.noun_owns_date.fullmatch(text, trigger.end, expression.span.start):
                owner = trigger.start
        kind = default
        for regex, cue_kind in self.kind_cues:
            if KIND_RANK[cue_kind] <= KIND_RANK[kind]:
                continue
            for m in regex.finditer(text, lo, hi):
                if owner is not None and m.end() <= owner:
                    continue
                # a cue after the date that another date follows is that date's (« une date butoir au
                # 24 août, prolongée jusqu'au 24 novembre »: the extension is the 24 November)
                if m.start() >= expression.span.end and any(m.end() <= other < sentence[1] for other in starts):
                    continue
                # a cue after the date in another clause is about something else (« le contrat expire en juin, ne
                # sait pas s'il sera reconduit », « court jusqu'au 8 mars et pourrait être reconduite »)
                if m.start() >= expression.span.end and _OTHER_CLAUSE.search(text, expression.span.end, m.start()):
                    continue
                kind = cue_kind
                break
        return kind

    def coordinated(self, text: str, first: TimeExpression, second: TimeExpression) -> bool:
        """« au 30 novembre ou au 31 décembre », « les 21, 24 et 29 novembre »: the second date shares the first's status."""
        if self.coordination is None or second.span.start < first.span.end:
            return False
        return self.coordination.fullmatch(text[first.span.end : second.span.start]) is not None

    def restates(self, text: str, duration: TimeExpression, date: TimeExpression) -> bool:
        """« sur six semaines, jusqu'au 11 août », « de deux mois, soit jusqu'au 30 juin »: the date right
        after a duration says where that duration ends."""
        if self.restated_end is None or date.span.start < duration.span.end:
            return False
        return self.restated_end.fullmatch(text, duration.span.end, date.span.start) is not None

    def kind_in_text(self, text: str, trigger: Trigger, kind: str) -> str:
        """An elliptic trigger takes the kind its full form had earlier in the text (« dont la date limite
        de consommation est le 18 … dont la date limite est le 23 »: both expiries)."""
        for head, full, cue_kind in self.kind_from_text:
            if head.fullmatch(text[trigger.start : trigger.end]) and full.search(text, 0, trigger.end) and KIND_RANK[cue_kind] > KIND_RANK[kind]:
                return cue_kind
        return kind

    def window_end(self, text: str, sentence: tuple[int, int], first: TimeExpression, second: TimeExpression) -> Trigger | None:
        """« souscrire entre le 7 et le 20 novembre », « l'offre sera ouverte du 3 au 17 juin »: the end of the
        window of an offer, a subscription or a registration is when it closes (an expiry); the end of
        any other span (« du 3 au 17 juin, le festival ») is not."""
        if None in (self.window_before, self.window_gap, self.window_subject) or second.span.start < first.span.end:
            return None
        gap = self.window_gap.fullmatch(text, first.span.end, second.span.start)
        if gap is None or not self.window_before.search(text[max(sentence[0], first.span.start - 25) : first.span.start]):
            return None
        if self.window_subject.search(text, sentence[0], sentence[1]) is None:
            return None
        words = text[first.span.end : second.span.start]
        inner = len(words) - len(words.lstrip())
        return Trigger(first.span.end + inner, first.span.end + len(words.rstrip()), "expiry", "window")
