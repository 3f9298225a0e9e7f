"""depeche_deadlines: which of the Doc's dates are deadlines (or extensions, or expiries).

Reads `doc._.dates` (depeche_dates) and the mentions of `doc._.organisations` / `doc._.people`;
writes `doc._.deadlines`: list[records.Deadline].

A date is a deadline when a trigger of `models/lexicons/deadlines.json` governs it in its sentence:
a noun near it (« délai », « date limite », « échéance », « ultimatum »), a preposition right before
it (« jusqu'au », « d'ici », « avant le », « au plus tard »), or a verb that moves it to the date
(« repousse … au », « expire le ») — stages in `rules.py`. « jusqu'au » alone is an expiry (a
measure, an offer, a right that lasts until then), a deadline when someone has until then to act
(« a jusqu'au 14 juillet pour »); « d'ici » and « avant » make a deadline only with an obligation in
the sentence (« doit », « devront », « a demandé de »), not a goal or a forecast (« l'objectif est
d'ici à 2025 », « pourrait croître d'ici la fin de l'année »). A date coordinated with a deadline
(« au 30 novembre ou au 31 décembre ») is one too. Values keep the text's granularity (« d'ici fin
mai » → 2019-05). A date wholly before the publication date is a report of the past, not a
deadline, unless a deadline noun names it (« une date butoir au 24 août »); a bare weekday governed
by a trigger is the next one. Durations that set or move a term (« se donne douze mois », « une
semaine supplémentaire », « dans les 45 jours suivant … ») are read in `durations.py`: linked to
the dated deadline of their own or a neighbouring sentence, else dated from what they count from.
A deadline restated later (same date and kind, or a coarser value of it) is listed once, unless
the parse gives it other parties (`parties.py`: the subject of the verb the date attaches to);
the same deadline noun told again (« l'ultimatum … expire vendredi », title and body) is one.
Beyond the trigger (issue 15): the closing day of an offer's or a subscription's window (« souscrire
entre le 7 et le 20 novembre ») is an expiry; a date after « dès », « à partir du », « entrera en
vigueur » is a start, whatever deadline noun is near; a date offered as the alternative of an
extension (« soit jusqu'au 23 mai, soit jusqu'à fin 2019 ») is one; seasons count, dated forward
and past states told in the imperfect dated back (`when.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs
from depeche.calibration import Calibration
from depeche.components.data import DataComponent, fill
from depeche.components.deadlines import parties as party_stage
from depeche.components.deadlines import when
from depeche.components.deadlines.durations import DurationRules
from depeche.components.deadlines.rules import Rules
from depeche.docattrs import doc_text, is_parsed
from depeche.normalise.dates import as_day, duration_delta
from depeche.records import Deadline, Span, TimeExpression

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_SKIPPED_GRAINS = ("decade", "century")


@dataclass
class _Found:
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


class DeadlinesComponent(DataComponent):
    """Marks which of `doc._.dates` are deadlines, extensions or expiries; writes `doc._.deadlines`."""

    def __init__(self, nlp: Language, name: str = "depeche_deadlines", *, max_noun_distance: int, max_link_sentences: int):
        self.name = name
        self.max_noun_distance = max_noun_distance
        self.max_link_sentences = max_link_sentences
        self.lexicon_data: dict = {}
        self.calibration_data: dict | None = None
        self._setup()

    # --- data --------------------------------------------------------------------------

    factory = "depeche_deadlines"
    data_files = {"lexicon": "json", "calibration": "json"}

    def initialize(self, get_examples=None, *, nlp=None, lexicon: dict | None = None, calibration: dict | None = None) -> None:
        """Load the triggers and cues (models/lexicons/deadlines.json) and the calibration
        (models/calibration/deadlines.json); what is not given is read from depeche's shipped data."""
        data = fill(self.factory, {"lexicon": lexicon, "calibration": calibration})
        self.lexicon_data = dict(data["lexicon"])
        self.calibration_data = data.get("calibration")
        self._loaded()

    def serializers(self):
        def put_lexicon(value):
            self.lexicon_data = value

        def put_calibration(value):
            self.calibration_data = value

        return {"lexicon": (lambda: self.lexicon_data, put_lexicon), "calibration": (lambda: self.calibration_data, put_calibration)}

    def _rebuild(self):
        self._setup()

    def _setup(self):
        data = self.lexicon_data
        self.rules = Rules(data, self.max_noun_distance)
        self.durations = DurationRules(data, self.max_noun_distance)
        self.purpose = re.compile(data["purpose"], re.IGNORECASE) if data.get("purpose") else None
        self.calibration = Calibration.from_dict(self.calibration_data) if self.calibration_data else None

    # --- matching ----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        out = docattrs.get(doc, "deadlines")
        dates = docattrs.get(doc, "dates")
        if not dates or not self.rules.triggers:
            return doc
        text = doc_text(doc)
        published = docattrs.published(doc)
        sentences = self._sentences(doc)
        found = self._dated(doc, text, dates, sentences, published)
        found += self._terms(text, dates, sentences, published, found)
        mentions = party_stage.mentions(doc)
        for item in found:
            bounds = [item.sentence] + ([item.duration_sentence] if item.duration_sentence else [])
            item.parties = party_stage.parties(doc, item.expression.span.start, item.expression.span.end, bounds, mentions)
        for number, item in enumerate(self._unique(found, text), start=1):
            out.append(self._record(number, item, text))
        return doc

    def _dated(self, doc: Doc, text: str, dates, sentences, published) -> list[_Found]:
        rules = self.rules
        found: list[_Found] = []
        starts = [d.span.start for d in dates if d.type == "date"]
        previous: _Found | None = None
        last: TimeExpression | None = None  # the date before, deadline or not (« entre le 7 et le 20 »)
        for expression in dates:
            if expression.type != "date":
                continue
            before, last = last, expression
            if not self._candidate(expression):
                previous = None
                continue
            index, sentence = self._sentence_of(sentences, expression.span.start)
            item = None
            trigger = rules.trigger(text, sentence, expression)
            if trigger is not None and trigger.needs and not rules.holds(text, sentence, trigger, self._future(doc, text, sentence), expression.granularity):
                trigger = None
            if trigger is None and before is not None and before.span.start >= sentence[0]:
                trigger = rules.window_end(text, sentence, before, expression)
            base_kind = rules.prep_kind(text, trigger, expression) if trigger is not None else None
            if trigger is not None and base_kind is not None:
                kind = rules.kind_in_text(text, trigger, rules.kind(text, sentence, base_kind, expression, starts, trigger))
                date = when.forward(expression.value, published)
                item = _Found(expression, sentence, index, (trigger.start, trigger.end), kind, date, f"deadlines.{trigger.role}:{kind}")
                if when.told_in_the_imperfect(doc, expression, item.date, published) and trigger.role != "noun":
                    item = None  # « jusqu'au 17 novembre, le département était performant » (in April): last November
                elif when.is_past(expression, published) and item.date == expression.value:
                    if rules.forward_weekday is not None and rules.forward_weekday.match(expression.span.text) and as_day(item.date):
                        item.date = (as_day(item.date) + dt.timedelta(days=7)).isoformat()  # « l'ultimatum expire vendredi »: the next one
                    elif not (trigger.role == "noun" and 0 <= expression.span.start - trigger.end <= rules.past_noun_gap):
                        item = None  # a past date that is only reported
                elif item.kind != "extension" and self._alternative_extension(text, found, item):
                    item.kind, item.via = "extension", "deadlines.alternative:extension"
            elif previous is not None and rules.coordinated(text, previous.expression, expression):
                item = _Found(expression, sentence, index, previous.trigger, previous.kind, expression.value, "deadlines.coordinated")
            if item is not None:
                found.append(item)
            previous = item
        return found

    def _alternative_extension(self, text: str, found: list[_Found], item: _Found) -> bool:
        """« soit un report jusqu'au 23 mai, soit un autre plus long jusqu'à fin 2019 »: a date offered as
        the alternative of an extension of the same sentence is one too."""
        earlier = [f for f in found if f.sentence == item.sentence and f.kind == "extension" and f.trigger and item.trigger]
        return any(
            self.rules.alternative is not None and self.rules.alternative.search(text, f.expression.span.end, item.trigger[0]) is not None
            for f in earlier
        )

    def _future(self, doc: Doc, text: str, sentence: tuple[int, int]) -> bool:
        """A verb of the sentence in the future indicative (the parse's morphology, else its ending)."""
        if not is_parsed(doc):
            return self.rules.future_in(text, sentence)
        end = sentence[1]
        if not re.search(r"[.!?»\"]\s*$", text[sentence[0] : end]):  # the parser cut the sentence short: read on
            stop = re.compile(r"[.!?]").search(text, end)
            end = stop.end() if stop else len(text)
        span = doc.char_span(sentence[0], end, alignment_mode="expand")
        return span is not None and any(
            t.pos_ in ("VERB", "AUX") and "Fut" in t.morph.get("Tense") and "Cnd" not in t.morph.get("Mood") for t in span
        )

    def _candidate(self, expression: TimeExpression) -> bool:
        if expression.granularity in _SKIPPED_GRAINS:
            return False
        if expression.value.startswith("XXXX") and "-" not in expression.value[4:]:
            return False
        return not (self.rules.not_terms is not None and self.rules.not_terms.match(expression.span.text))

    def _terms(self, text: str, dates, sentences, published, found: list[_Found]) -> list[_Found]:
        rules, terms = self.rules, []
        starts = [d.span.start for d in dates if d.type == "date"]
        for expression in dates:
            if expression.type != "duration":
                continue
            index, sentence = self._sentence_of(sentences, expression.span.start)
            trigger = self.durations.trigger(text, sentence, expression)
            if trigger is None:
                continue
            delta = duration_delta(expression.value)
            extension = rules.kind(text, sentence, "deadline", expression, starts) == "extension"
            if self.durations.needs_obligation(text, trigger) and not self.rules.obligation_in(text, sentence):
                continue  # « prévoit d'équiper 50 hectares d'ici 5 ans »: a plan, not a term
            own = not extension and self.durations.has_purpose(text, expression)  # « J'ai un an pour regarder »: its own term
            linked = [f for f in found if not own and f.duration is None and abs(f.sentence_index - index) <= self.max_link_sentences]
            if linked:
                target = min(linked, key=lambda f: (abs(f.sentence_index - index), f.sentence_index < index))
                target.duration, target.duration_sentence = expression, sentence
                if extension:
                    target.kind = "extension"
                    old = as_day(target.date)
                    if target.sentence_index == index and target.expression.span.end <= expression.span.start and old:
                        # « le délai, qui expirait le 27 novembre, est prolongé d'une semaine »: moved by it
                        target.date = (old + delta).isoformat()
                continue
            anchor = self.durations.anchor(text, sentence, expression)
            neighbours = [sentences[i] for i in (index - 1, index + 1) if 0 <= i < len(sentences)]
            base = self._base_date(dates, expression, sentence) if extension else None
            start, relative = (base, False) if base else self.durations.start_date(dates, expression, sentence, neighbours, anchor, published)
            date = (start + delta).isoformat() if start and not relative else "XXXX-XX-XX"
            kind = "extension" if extension else rules.kind(text, sentence, "deadline", expression, starts)
            terms.append(_Found(expression, sentence, index, trigger, kind, date, "deadlines.duration", anchor=anchor))
        return terms

    def _unique(self, found: list[_Found], text: str) -> list[_Found]:
        """The same term told twice (title and body, « fin janvier » after « 31 janvier »): its first telling."""
        kept: list[_Found] = []
        for item in sorted(found, key=lambda f: f.expression.span.start):
            same = [
                k
                for k in kept
                if k.kind == item.kind
                and (
                    k.date == item.date
                    or self._coarser(item.date, k.date)
                    or (k.via == item.via == "deadlines.duration" and k.expression.span.text.lower() == item.expression.span.text.lower())
                )
            ]
            if any(self._restated(k, item, text) or not self._another_party(k, item) for k in same):
                continue
            kept.append(item)
        return kept

    @staticmethod
    def _coarser(coarse: str, fine: str) -> bool:
        """« fin janvier » after « 31 janvier », « fin 2019 » after « 15 décembre 2019 »: a coarser value
        that holds the first (a year only when the first is in its last quarter: « fin 2019 » does not
        restate « 30 juin 2019 »)."""
        if not (len(coarse) < len(fine) and fine.startswith(coarse)):
            return False
        return len(coarse) != 4 or (len(fine) >= 7 and fine[5:7].isdigit() and int(fine[5:7]) >= 10)

    @staticmethod
    def _restated(kept: _Found, item: _Found, text: str) -> bool:
        """The same noun told again for the same date (« l'ultimatum … expire vendredi » in the title and
        the body) is one deadline, whoever the parse makes its subject."""
        if kept.trigger is None or item.trigger is None or not kept.via.startswith("deadlines.noun"):
            return False
        return text[slice(*kept.trigger)].lower() == text[slice(*item.trigger)].lower()

    @staticmethod
    def _another_party(kept: _Found, item: _Found) -> bool:
        """« Gucci a fermé ses sites jusqu'au 20 mars, Ferrari jusqu'au 27 mars »: the same date, told
        nearby for other parties, is another deadline (a restatement far away is not)."""
        near = abs(kept.sentence_index - item.sentence_index) <= 2
        return near and bool(kept.parties and item.parties) and not set(kept.parties) & set(item.parties)

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
    def _base_date(dates, duration: TimeExpression, sentence) -> dt.date | None:
        """The date a supplementary duration extends: a dated expression of the same sentence."""
        for other in dates:
            if other is not duration and sentence[0] <= other.span.start < sentence[1] and as_day(other.value):
                return as_day(other.value)
        return None

    def _record(self, number: int, item: _Found, text: str) -> Deadline:
        sentences = [item.sentence] + ([item.duration_sentence] if item.duration_sentence else [])
        description = ""
        for sentence in sorted(sentences, key=lambda s: s != (item.duration_sentence or item.sentence)):
            m = self.purpose.search(text, sentence[0], sentence[1]) if self.purpose else None
            if m:
                description = m.group(0).strip()
                break
        if item.anchor is not None:  # « dans les 45 jours suivant la signature »: what it counts from
            description = f"{text[item.anchor[0] : item.anchor[1]].strip()} {description}".strip()
        if item.duration is not None:
            description = f"{item.duration.span.text} {description}".strip()
        if not description:
            description = " ".join(text[item.sentence[0] : item.sentence[1]].split())[:300]
        s_start, s_end = item.sentence
        while s_start < s_end and text[s_start].isspace():
            s_start += 1
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        via = [item.via] + (["deadlines.linked_duration"] if item.duration is not None else [])
        return Deadline(
            id=f"deadline-{number}",
            date=item.date,
            span=item.expression.span,
            trigger=Span.at(text, *item.trigger) if item.trigger else None,
            description=description,
            parties=item.parties,
            kind=item.kind,
            evidence=Span.at(text, s_start, s_end) if s_end > s_start else item.expression.span,
            via=via,
            confidence=self.calibration.confidence(via=via) if self.calibration is not None else None,
        )


@Language.factory(
    "depeche_deadlines",
    default_config={"max_noun_distance": 80, "max_link_sentences": 1},
    requires=["doc._.dates"],
    assigns=["doc._.deadlines"],
)
def make_deadlines(nlp: Language, name: str, max_noun_distance: int, max_link_sentences: int) -> DeadlinesComponent:
    return DeadlinesComponent(nlp, name, max_noun_distance=max_noun_distance, max_link_sentences=max_link_sentences)
