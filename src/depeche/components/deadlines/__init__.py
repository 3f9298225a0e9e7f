"""depeche_deadlines: which of the Doc's dates are deadlines (or extensions, or expiries).

Reads `doc._.dates` (depeche_dates) and the mentions of `doc._.organisations` / `doc._.people`;
writes `doc._.deadlines`: list[records.Deadline].

A date is a deadline when a trigger of `models/lexicons/deadlines.json` governs it in its sentence:
a noun near it (« délai », « date limite », « échéance », « ultimatum »), a preposition right before
it (« jusqu'au », « d'ici », « avant le », « au plus tard »), or a verb that moves it to the date
(« repousse … au », « expire le »). A date wholly before the publication date is a report of the
past, not a deadline, unless a deadline noun names it (« une date butoir au 24 août »); a bare
weekday governed by a trigger is the next one (« l'ultimatum expire vendredi »). A duration that sets or moves a deadline (« se donne douze mois », « une
semaine supplémentaire ») is linked to the dated deadline of its own or a neighbouring sentence
when there is one; otherwise it becomes a deadline dated from the deadline it extends (a dated
expression of its sentence) or from the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs
from depeche.components.data import DataComponent, fill
from depeche.docattrs import doc_text, is_parsed
from depeche.normalise.dates import as_day, duration_delta, last_day
from depeche.records import Deadline, Span, TimeExpression

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_KIND_RANK = {"deadline": 0, "expiry": 1, "extension": 2}


@dataclass
class _Found:
    expression: TimeExpression
    sentence: tuple[int, int]
    sentence_index: int
    trigger: tuple[int, int] | None
    kind: str
    date: str
    duration: TimeExpression | None = None
    duration_sentence: tuple[int, int] | None = None
    extra_sentences: list = field(default_factory=list)


def _compile(regex: str) -> re.Pattern:
    return re.compile(regex, re.IGNORECASE)


class DeadlinesComponent(DataComponent):
    """Marks which of `doc._.dates` are deadlines, extensions or expiries; writes `doc._.deadlines`."""

    def __init__(self, nlp: Language, name: str = "depeche_deadlines", *, max_noun_distance: int, max_link_sentences: int):
        self.name = name
        self.max_noun_distance = max_noun_distance
        self.max_link_sentences = max_link_sentences
        self.lexicon_data: dict = {}
        self._setup()

    # --- data --------------------------------------------------------------------------

    factory = "depeche_deadlines"
    data_files = {"lexicon": "json"}

    def initialize(self, get_examples=None, *, nlp=None, lexicon: dict | None = None) -> None:
        """Load the triggers and cues (models/lexicons/deadlines.json); when not given, depeche's shipped
        lexicon is read (`components.data.shipped`)."""
        self.lexicon_data = dict(fill(self.factory, {"lexicon": lexicon})["lexicon"])
        self._loaded()

    def serializers(self):
        def put_lexicon(value):
            self.lexicon_data = value

        return {"lexicon": (lambda: self.lexicon_data, put_lexicon)}

    def _rebuild(self):
        self._setup()

    def _setup(self):
        data = self.lexicon_data
        self.triggers = [
            {**t, "compiled": _compile(rf"(?<!\w)(?:{t['regex']})(?!\w)"), "before": _compile(rf"(?<!\w)(?:{t['regex']})\s*$"), "after": _compile(rf"^\s*,?\s*(?:{t['regex']})(?!\w)")}
            for t in data.get("triggers", [])
        ]
        self.kind_cues = [(_compile(rf"(?<!\w)(?:{c['regex']})(?!\w)"), c["kind"]) for c in data.get("kind_cues", [])]
        self.duration_triggers = [_compile(rf"(?<!\w)(?:{r})(?!\w)") for r in data.get("duration_triggers", [])]
        self.verb_links = _compile(data["verb_links"]) if data.get("verb_links") else None
        self.purpose = _compile(data["purpose"]) if data.get("purpose") else None
        self.noun_after_max = int(data.get("noun_after_max", 3))
        self.past_noun_gap = int(data.get("past_noun_gap", 0))
        self.forward_weekday = _compile(data["forward_weekday"]) if data.get("forward_weekday") else None
        self.offset_after = _compile(data["duration_offset_after"]) if data.get("duration_offset_after") else None
        self.offset_before = _compile(data["duration_offset_before"]) if data.get("duration_offset_before") else None
        self.not_terms = _compile(data["not_terms"]) if data.get("not_terms") else None
        self.kind_cue_distance = int(data.get("kind_cue_distance", 10**9))

    # --- matching ----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        out = docattrs.get(doc, "deadlines")
        dates = docattrs.get(doc, "dates")
        if not dates or not self.triggers:
            return doc
        text = doc_text(doc)
        anchor = docattrs.published(doc)
        sentences = self._sentences(doc)
        found: list[_Found] = []
        starts = [d.span.start for d in dates if d.type == "date"]
        for expression in dates:
            if expression.type != "date" or expression.granularity in ("decade", "century", "season"):
                continue
            if expression.value.startswith("XXXX") and "-" not in expression.value[4:]:
                continue
            if self.not_terms is not None and self.not_terms.match(expression.span.text):
                continue
            index, sentence = self._sentence_of(sentences, expression.span.start)
            trigger = self._trigger(text, sentence, expression)
            if trigger is None:
                continue
            date = self._deadline_date(expression)
            if self._is_past(expression, anchor):
                if self.forward_weekday is not None and self.forward_weekday.match(expression.span.text) and as_day(date):
                    date = (as_day(date) + dt.timedelta(days=7)).isoformat()  # « l'ultimatum expire vendredi »: the next one
                elif not (trigger[3] == "noun" and 0 <= expression.span.start - trigger[1] <= self.past_noun_gap):
                    continue  # a past date that is only reported
            found.append(_Found(expression, sentence, index, trigger[:2], self._kind(text, sentence, trigger[2], expression, starts), date))
        for expression in dates:
            if expression.type != "duration" or duration_delta(expression.value) is None:
                continue
            index, sentence = self._sentence_of(sentences, expression.span.start)
            if self.offset_after is not None and self.offset_after.search(text[expression.span.end : expression.span.end + 20]):
                continue  # « deux jours après l'accord »: an offset from an event, not a term
            if self.offset_before is not None and self.offset_before.search(text[max(0, expression.span.start - 30) : expression.span.start]):
                continue  # « depuis dix ans », « après quatre semaines »: a length of time, not a term
            trigger = self._duration_trigger(text, sentence, expression)
            if trigger is None:
                continue
            extension = self._kind(text, sentence, "deadline", expression, starts) == "extension"
            linked = [f for f in found if f.duration is None and f.expression.type == "date" and abs(f.sentence_index - index) <= self.max_link_sentences]
            if linked:
                target = min(linked, key=lambda f: (abs(f.sentence_index - index), f.sentence_index < index))
                target.duration, target.duration_sentence = expression, sentence
                if extension:
                    target.kind = "extension"
                    old = as_day(target.date)
                    if target.sentence_index == index and target.expression.span.end <= expression.span.start and old:
                        # « le délai, qui expirait le 27 novembre, est prolongé d'une semaine »: moved by it
                        target.date = (old + duration_delta(expression.value)).isoformat()
                continue
            base = self._base_date(dates, expression, sentence) if extension else None
            start = base or anchor
            date = (start + duration_delta(expression.value)).isoformat() if start else "XXXX-XX-XX"
            found.append(
                _Found(expression, sentence, index, trigger, "extension" if extension else self._kind(text, sentence, "deadline", expression, starts), date)
            )
        found.sort(key=lambda f: f.expression.span.start)
        unique, seen = [], set()
        for item in found:  # the same term told twice (title and body): its first telling
            key = (item.date, item.kind, item.expression.span.text.lower())
            if key not in seen:
                seen.add(key)
                unique.append(item)
        found = unique
        mentions = self._mentions(doc)
        for number, item in enumerate(found, start=1):
            out.append(self._record(number, item, text, mentions))
        return doc

    # --- pieces ------------------------------------------------------------------------

    @staticmethod
    def _sentences(doc: Doc) -> list[tuple[int, int]]:
        if is_parsed(doc):
            return [(s.start_char, s.end_char) for s in doc.sents]
        return [(m.start(), m.end()) for m in _SENTENCE.finditer(doc_text(doc)) if m.end() > m.start()]

    @staticmethod
    def _sentence_of(sentences, offset: int) -> tuple[int, tuple[int, int]]:
        for index, (start, end) in enumerate(sentences):
            if start <= offset < end:
                return index, (start, end)
        return len(sentences), (offset, offset)

    @staticmethod
    def _is_past(expression: TimeExpression, anchor: dt.date | None) -> bool:
        """A date wholly before the publication date (a report, not a deadline)."""
        if anchor is None:
            return False
        end = as_day(expression.value) or as_day(last_day(expression.value) or "")
        if end is None and re.fullmatch(r"\d{4}-W\d{2}", expression.value):
            year, week = expression.value.split("-W")
            end = dt.date.fromisocalendar(int(year), int(week), 7)
        return end is not None and end < anchor

    def _trigger(self, text: str, sentence, expression: TimeExpression):
        """(start, end, kind) of the trigger governing the date: a noun, else a preposition, else a verb."""
        start, end = expression.span.start, expression.span.end
        before, after = text[sentence[0] : start], text[end : sentence[1]]
        best = {}
        for trigger in self.triggers:
            role = trigger["role"]
            grains = trigger.get("grains")
            if grains and expression.granularity not in grains and expression.mod != "END":
                continue
            if role == "noun":
                for m in trigger["compiled"].finditer(text, sentence[0], sentence[1]):
                    if start <= m.start() < end:
                        continue
                    distance = start - m.end() if m.end() <= start else m.start() - end
                    limit = self.max_noun_distance if m.end() <= start else self.noun_after_max
                    if distance <= limit and ("noun" not in best or distance < best["noun"][0]):
                        best["noun"] = (distance, m.start(), m.end(), trigger["kind"])
            elif role == "prep":
                m = trigger["before"].search(before)
                if m and "prep" not in best:
                    best["prep"] = (0, sentence[0] + m.start(), sentence[0] + m.start() + len(m.group(0).rstrip()), trigger["kind"])
            elif role == "prep_after":
                m = trigger["after"].search(after)
                if m and "prep" not in best:
                    inner = len(m.group(0)) - len(m.group(0).lstrip(" ,\t"))
                    best["prep"] = (0, end + inner, end + m.end(), trigger["kind"])
            elif role == "verb" and self.verb_links is not None:
                for m in trigger["compiled"].finditer(text, sentence[0], start):
                    gap = text[m.end() : start]
                    if len(gap) <= self.max_noun_distance and self.verb_links.search(gap):
                        best["verb"] = (len(gap), m.start(), m.end(), trigger["kind"])
        for role in ("noun", "prep", "verb"):
            if role in best:
                return best[role][1], best[role][2], best[role][3], role
        return None

    def _duration_trigger(self, text: str, sentence, expression: TimeExpression):
        start, end = expression.span.start, expression.span.end
        best = None
        for regex in self.duration_triggers:
            for m in regex.finditer(text, sentence[0], sentence[1]):
                if start <= m.start() < end:
                    # « une semaine supplémentaire »: the cue inside the expression is its own trigger
                    candidate = (0, m.start(), m.end())
                elif m.end() <= start and start - m.end() <= self.max_noun_distance:
                    candidate = (start - m.end(), m.start(), m.end())  # « se donne douze mois »: before it
                else:
                    continue
                if best is None or candidate < best:
                    best = candidate
        return best[1:] if best else None

    def _kind(self, text: str, sentence, default: str, expression: TimeExpression, starts=()) -> str:
        """The strongest kind cued near the expression, in its sentence (extension > expiry > deadline)."""
        lo = max(sentence[0], expression.span.start - self.kind_cue_distance)
        hi = min(sentence[1], expression.span.end + self.kind_cue_distance)
        kind = default
        for regex, cue_kind in self.kind_cues:
            if _KIND_RANK[cue_kind] <= _KIND_RANK[kind]:
                continue
            for m in regex.finditer(text, lo, hi):
                # a cue after the date that another date follows is that date's (« une date butoir au
                # 24 août, prolongée jusqu'au 24 novembre »: the extension is the 24 November)
                if m.start() >= expression.span.end and any(m.end() <= other < sentence[1] for other in starts):
                    continue
                kind = cue_kind
                break
        return kind

    @staticmethod
    def _deadline_date(expression: TimeExpression) -> str:
        """YYYY-MM-DD when the expression names a day (or the end of a month/quarter/year)."""
        value = expression.value
        if as_day(value):
            return value
        if expression.mod == "END":  # « d'ici la fin de l'année »: its last day
            return last_day(value) or value
        return value

    @staticmethod
    def _base_date(dates, duration: TimeExpression, sentence) -> dt.date | None:
        """The date a supplementary duration extends: a dated expression of the same sentence."""
        for other in dates:
            if other is not duration and sentence[0] <= other.span.start < sentence[1] and as_day(other.value):
                return as_day(other.value)
        return None

    @staticmethod
    def _mentions(doc: Doc) -> list[tuple[int, int, str]]:
        mentions = []
        for name in ("organisations", "people"):
            for entity in docattrs.get(doc, name):
                for span in getattr(entity, "mentions", None) or []:
                    mentions.append((span.start, span.end, entity.id))
        return sorted(mentions)

    def _record(self, number: int, item: _Found, text: str, mentions) -> Deadline:
        sentences = [item.sentence] + ([item.duration_sentence] if item.duration_sentence else [])
        description = ""
        for sentence in sorted(sentences, key=lambda s: s != (item.duration_sentence or item.sentence)):
            m = self.purpose.search(text, sentence[0], sentence[1]) if self.purpose else None
            if m:
                description = m.group(0).strip()
                break
        if item.duration is not None:
            description = f"{item.duration.span.text} {description}".strip()
        if not description:
            description = " ".join(text[item.sentence[0] : item.sentence[1]].split())[:300]
        parties = []
        for start, end, ref in mentions:
            if any(s[0] <= start and end <= s[1] for s in sentences) and ref not in parties:
                parties.append(ref)
        s_start, s_end = item.sentence
        while s_start < s_end and text[s_start].isspace():
            s_start += 1
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        return Deadline(
            id=f"deadline-{number}",
            date=item.date,
            span=item.expression.span,
            trigger=Span.at(text, *item.trigger) if item.trigger else None,
            description=description,
            parties=parties,
            kind=item.kind,
            evidence=Span.at(text, s_start, s_end) if s_end > s_start else item.expression.span,
        )


@Language.factory(
    "depeche_deadlines",
    default_config={"max_noun_distance": 80, "max_link_sentences": 1},
    requires=["doc._.dates"],
    assigns=["doc._.deadlines"],
)
def make_deadlines(nlp: Language, name: str, max_noun_distance: int, max_link_sentences: int) -> DeadlinesComponent:
    return DeadlinesComponent(nlp, name, max_noun_distance=max_noun_distance, max_link_sentences=max_link_sentences)
