"""depeche_deadlines: which of the Doc's dates are deadlines (or extensions, or expiries).

Reads `doc._.dates` (depeche_dates) and the mentions of `doc._.organisations` / `doc._.people`;
writes `doc._.deadlines`: list[records.Deadline].

A date is a deadline when a trigger of `models/lexicons/deadlines.json` governs it in its sentence:
a noun near it (« délai », « date limite », « échéance », « ultimatum ») whose clause the parse gives the
date (`parties.noun_governs`: not « Sa prolongation nécessite un projet de loi, que le Sénat votera
mardi »), a preposition right before
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
Rules propose, a trained model decides (issue 15): with `decision` = `depeche.deadline_decision.model.v1`
(`model.py`) the rule stage also proposes the dates and durations it turned down near a deadline cue
(`found.Found.rejected`), and a classifier over the pipeline's own values (`features.py`) keeps those it
scores at or above its threshold, with their kind (a duration that moves a kept deadline is linked to it
whatever its own score); `depeche.deadline_decision.rules.v1` is the rule stage alone, and what runs on a bare
`spacy.blank("fr")` unless weights are given. `models/config.cfg` ships the model version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs
from depeche.calibration import Calibration
from depeche.components.data import DataComponent, fill
from depeche.components.common import parsed_sentences
from depeche.components.deadlines import parties as party_stage
from depeche.components.deadlines import when
from depeche.components.deadlines.durations import DurationRules
from depeche.components.deadlines.found import Found, unique
from depeche.components.deadlines.model import MODEL_VIA, DeadlineDecision, Scores, linkable_terms
from depeche.components.deadlines.rules import Rules
from depeche.docattrs import doc_text, is_parsed
from depeche.normalise.dates import as_day, duration_delta
from depeche.records import Deadline, Span, TimeExpression

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_SKIPPED_GRAINS = ("decade", "century")


@dataclass
class Proposal:
    """What the rule stage proposes for one Doc: dated candidates and duration candidates, in text order."""

    text: str
    dates: list[TimeExpression]
    sentences: list[tuple[int, int]]
    published: dt.date | None
    dated: list[Found]
    terms: list[Found]

    @property
    def candidates(self) -> list[Found]:
        return self.dated + self.terms


class DeadlinesComponent(DataComponent):
    """Marks which of `doc._.dates` are deadlines, extensions or expiries; writes `doc._.deadlines`."""

    def __init__(self, nlp: Language, name: str = "depeche_deadlines", *, max_noun_distance: int, max_link_sentences: int,
                 decision: DeadlineDecision | None = None):
        self.name = name
        self.max_noun_distance = max_noun_distance
        self.max_link_sentences = max_link_sentences
        self.decision = decision or DeadlineDecision()
        self.lexicon_data: dict = {}
        self.calibration_data: dict | None = None
        self.decision_weights: dict = {}
        self._setup()

    # --- data --------------------------------------------------------------------------

    factory = "depeche_deadlines"
    data_files = {"lexicon": "json", "calibration": "json", "decision_weights": "json"}

    def initialize(self, get_examples=None, *, nlp=None, lexicon: dict | None = None, calibration: dict | None = None,
                   decision_weights: dict | None = None) -> None:
        """Load the triggers and cues (models/lexicons/deadlines.json), the calibration of the rules
        (models/calibration/deadlines.json) and, for a trained decision, its weights
        (models/deadlines/decision.json); what is not given is read from depeche's shipped data (the
        weights only when the decision is the model)."""
        given = {"lexicon": lexicon, "calibration": calibration}
        if self.decision.trained or decision_weights is not None:
            given["decision_weights"] = decision_weights
        data = {"decision_weights": {}, **fill(self.factory, given)}
        self.lexicon_data = dict(data["lexicon"])
        self.calibration_data = data.get("calibration")
        self.decision_weights = dict(data["decision_weights"] or {})
        self._loaded()

    def serializers(self):
        def put(part):
            def put_part(value):
                setattr(self, part, value)

            return put_part

        return {
            "lexicon": (lambda: self.lexicon_data, put("lexicon_data")),
            "calibration": (lambda: self.calibration_data, put("calibration_data")),
            "decision_weights": (lambda: self.decision_weights, put("decision_weights")),
        }

    def _rebuild(self):
        self._setup()

    def _setup(self):
        data = self.lexicon_data
        self.rules = Rules(data, self.max_noun_distance)
        self.durations = DurationRules(data, self.max_noun_distance)
        self.purpose = re.compile(data["purpose"], re.IGNORECASE) if data.get("purpose") else None
        self.calibration = Calibration.from_dict(self.calibration_data) if self.calibration_data else None
        ready = not self.decision.trained or self.decision_weights
        self._decider = self.decision.with_weights(self.decision_weights, self.lexicon_data) if ready else None

    # --- matching ----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        out = docattrs.get(doc, "deadlines")
        if self._decider is None:
            raise ValueError(f"{self.name}: the decision is a trained model and its weights are not loaded (initialize)")
        proposal = self.propose(doc, keep_all=self._decider.trained)
        if proposal is not None:
            out.extend(self.finish(doc, proposal, self._decider.score(doc, proposal.candidates, self.rules, proposal.published)))
        return doc

    def propose(self, doc: Doc, *, keep_all: bool) -> Proposal | None:
        """The rule stage: every date and duration it reads as a deadline (and, with `keep_all`, those it
        turned down near a deadline cue, `Found.rejected` saying why); None when the Doc has no date."""
        dates = docattrs.get(doc, "dates")
        if not dates or not self.rules.triggers:
            return None
        text = doc_text(doc)
        published = docattrs.published(doc)
        sentences = self._sentences(doc)
        dated = self._dated(doc, text, dates, sentences, published, keep_all)
        terms = self._terms(text, dates, sentences, published, keep_all)
        return Proposal(text, dates, sentences, published, dated, terms)

    def finish(self, doc: Doc, proposal: Proposal, scores: Scores | None = None) -> list[Deadline]:
        """The deadlines of the candidates kept (all those the rules did not reject when `scores` is None;
        else those the decision keeps, with its kind and confidence): durations linked to a dated deadline
        near them, parties read, restatements dropped."""
        def kept(items: list[Found], offset: int) -> list[Found]:
            out = []
            for k, item in enumerate(items):
                if scores is None:
                    if item.rejected is None:
                        out.append(replace(item, parties=[]))
                elif scores.keep[offset + k]:
                    out.append(replace(item, parties=[], kind=scores.kind[offset + k], confidence=scores.confidence[offset + k]))
            return out

        text = proposal.text
        dated = kept(proposal.dated, 0)
        if scores is None:
            found = dated + self._link(dated, kept(proposal.terms, len(proposal.dated)), text)
        else:
            terms, alone = linkable_terms(proposal.terms, len(proposal.dated), scores)
            found = dated + [t for t in self._link(dated, terms, text) if id(t) in alone]
        mentions = party_stage.mentions(doc)
        for item in found:
            bounds = [item.sentence] + ([item.duration_sentence] if item.duration_sentence else [])
            subjects = party_stage.subject_bounds(doc, item.expression.span.start, item.expression.span.end)
            item.parties = party_stage.parties(doc, subjects, bounds, mentions)
            item.subject = party_stage.subject_word(doc, subjects)
        return [self._record(number, item, text, scores is not None) for number, item in enumerate(unique(found, text), start=1)]

    def _dated(self, doc: Doc, text: str, dates, sentences, published, keep_all: bool = False) -> list[Found]:
        rules = self.rules
        found: list[Found] = []
        starts = [d.span.start for d in dates if d.type == "date"]
        previous: Found | None = None
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
            span = (expression.span.start, expression.span.end)
            trigger = rules.trigger(text, sentence, expression, noun_governs=lambda a, b, span=span: party_stage.noun_governs(doc, (a, b), span))
            rejected = None
            if trigger is not None and not rules.holds(text, sentence, trigger, self._future(doc, text, sentence), self._grain(expression)):
                trigger, rejected = (trigger, "no_obligation") if keep_all else (None, None)
            if trigger is None and before is not None and before.span.start >= sentence[0]:
                trigger = rules.window_end(text, sentence, before, expression)
            subject = lambda span=span: party_stage.subject_head(doc, text, span)  # noqa: E731 (read only for « jusqu'au »)
            base_kind = rules.prep_kind(text, trigger, expression, subject) if trigger is not None else None
            if trigger is not None and base_kind is None and keep_all:
                base_kind, rejected = trigger.kind, rejected or "scheduled"
            if trigger is not None and base_kind is not None:
                kind = rules.kind_in_text(text, trigger, rules.kind(text, sentence, base_kind, expression, starts, trigger))
                date = when.forward(expression.value, published)
                item = Found(expression, sentence, index, (trigger.start, trigger.end), kind, date, f"deadlines.{trigger.role}:{kind}",
                             rejected=rejected)
                if when.told_in_the_imperfect(doc, expression, item.date, published) and trigger.role != "noun":
                    item.rejected = item.rejected or "imperfect"  # « jusqu'au 17 novembre, le département était performant » (in April)
                elif when.is_past(expression, published) and item.date == expression.value:
                    if rules.forward_weekday is not None and rules.forward_weekday.match(expression.span.text) and as_day(item.date):
                        item.date = (as_day(item.date) + dt.timedelta(days=7)).isoformat()  # « l'ultimatum expire vendredi »: the next one
                    elif not rules.names_past_term(text, trigger, expression):
                        item.rejected = item.rejected or "past"  # a past date that is only reported
                    elif (later := when.next_year(doc, expression, published, rules.ended)) is not None:
                        item.date = later  # « Bruxelles a fixé une date butoir au 31 octobre » (in March): the next one
                elif item.kind != "extension" and item.rejected is None and self._alternative_extension(text, found, item):
                    item.kind, item.via = "extension", "deadlines.alternative:extension"
                if item.rejected is not None and not keep_all:
                    item = None
            elif previous is not None and rules.coordinated(text, previous.expression, expression):
                item = Found(expression, sentence, index, previous.trigger, previous.kind, expression.value, "deadlines.coordinated")
            if item is not None:
                found.append(item)
            previous = item if item is not None and item.rejected is None else None
        return found

    def _alternative_extension(self, text: str, found: list[Found], item: Found) -> bool:
        """« soit un report jusqu'au 23 mai, soit un autre plus long jusqu'à fin 2019 »: a date offered as
        the alternative of an extension of the same sentence is one too."""
        earlier = [f for f in found if f.sentence == item.sentence and f.kind == "extension" and f.trigger and item.trigger and f.rejected is None]
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

    @staticmethod
    def _grain(expression: TimeExpression) -> str:
        """« la fin de l'année » (the end of the year the text is in) is as near as a month, not a horizon
        like « 2030 » or « fin 2030 »."""
        if expression.granularity == "year" and expression.mod == "END" and expression.relative:
            return "month"
        return expression.granularity

    def _candidate(self, expression: TimeExpression) -> bool:
        if expression.granularity in _SKIPPED_GRAINS:
            return False
        if expression.value.startswith("XXXX") and "-" not in expression.value[4:]:
            return False
        return not (self.rules.not_terms is not None and self.rules.not_terms.match(expression.span.text))

    def _terms(self, text: str, dates, sentences, published, keep_all: bool = False) -> list[Found]:
        """The durations that set or move a term, each dated as its own deadline (`_link` may give it to a
        dated deadline of its sentence or the next instead)."""
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
            rejected = None
            if self.durations.needs_obligation(text, trigger) and not self.rules.obligation_in(text, sentence):
                if not keep_all:
                    continue  # « prévoit d'équiper 50 hectares d'ici 5 ans »: a plan, not a term
                rejected = "term_no_obligation"
            if not extension and self.durations.in_condition(text, sentence, trigger):
                if not keep_all:
                    continue  # « si elle n'est pas payée dans les 45 jours »: a rule's window, no date
                rejected = rejected or "conditional_window"
            own = not extension and self.durations.has_purpose(text, expression)  # « J'ai un an pour regarder »: its own term
            anchor = self.durations.anchor(text, sentence, expression)
            neighbours = [sentences[i] for i in (index - 1, index + 1) if 0 <= i < len(sentences)]
            base = self._base_date(dates, expression, sentence) if extension else None
            start, relative = (base, False) if base else self.durations.start_date(dates, expression, sentence, neighbours, anchor, published)
            date = (start + delta).isoformat() if start and not relative else "XXXX-XX-XX"
            kind = "extension" if extension else rules.kind(text, sentence, "deadline", expression, starts)
            if kind == "deadline" and self.durations.lasts(text, sentence, expression):
                kind = "expiry"  # « entrée en vigueur le 24 mars, pour un délai de deux mois »: the measure ends then
            terms.append(Found(expression, sentence, index, trigger, kind, date, "deadlines.duration", anchor=anchor, rejected=rejected,
                               extension=extension, own=own))
        return terms

    def _link(self, dated: list[Found], terms: list[Found], text: str) -> list[Found]:
        """A term near a dated deadline is that deadline's (« le délai, qui expirait le 27 novembre, est
        prolongé d'une semaine »: moved by it); the others are deadlines of their own (returned). A date
        right after the term restates where it ends (« prolonger la période sur six semaines, jusqu'au
        11 août »): that date is the term's, and it is not moved."""
        own_terms = []
        for term in terms:
            index, expression = term.sentence_index, term.expression
            linked = [f for f in dated if not term.own and f.duration is None and abs(f.sentence_index - index) <= self.max_link_sentences]
            if not linked:
                own_terms.append(term)
                continue
            restated = [f for f in linked if self.rules.restates(text, expression, f.expression)]
            target = restated[0] if restated else min(linked, key=lambda f: (abs(f.sentence_index - index), f.sentence_index < index))
            target.duration, target.duration_sentence = expression, term.sentence
            if restated:
                if term.extension:
                    target.kind = "extension"
            elif term.extension:
                target.kind = "extension"
                old = as_day(target.date)
                if target.sentence_index == index and target.expression.span.end <= expression.span.start and old:
                    target.date = (old + duration_delta(expression.value)).isoformat()
        return own_terms

    # --- pieces ------------------------------------------------------------------------

    @staticmethod
    def _sentences(doc: Doc) -> list[tuple[int, int]]:
        if is_parsed(doc):
            return parsed_sentences(doc)
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

    def _record(self, number: int, item: Found, text: str, decided: bool = False) -> Deadline:
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
        rule_via = list(via)
        if decided:
            via.append(MODEL_VIA)
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
            confidence=item.confidence if decided else (self.calibration.confidence(via=rule_via) if self.calibration is not None else None),
        )


@Language.factory(
    "depeche_deadlines",
    default_config={"max_noun_distance": 80, "max_link_sentences": 1, "decision": {"@misc": "depeche.deadline_decision.rules.v1"}},
    requires=["doc._.dates"],
    assigns=["doc._.deadlines"],
)
def make_deadlines(nlp: Language, name: str, max_noun_distance: int, max_link_sentences: int, decision: DeadlineDecision) -> DeadlinesComponent:
    return DeadlinesComponent(nlp, name, max_noun_distance=max_noun_distance, max_link_sentences=max_link_sentences, decision=decision)
