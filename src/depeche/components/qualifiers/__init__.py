"""depeche_qualifiers: how the text presents a span — negated, denied, hypothetical, rumoured, reported.

Modelled on aphp/edsnlp's qualifier pipes (negation, hypothesis, reported speech): cues from a lexicon
(`models/lexicons/qualifiers.jsonl`, schema in `lexicon.py`), pseudo-cues that win over the cue they
contain, terminations that cut a sentence; here the five qualifiers of `depeche.records.Qualifier` are one
pipe, and a cue must be attached to the span's head in the parse when there is one (`scope.py`).

- `qualify(doc, start, end)` (`scope.qualify`, also `qualify_chars` for character offsets): the
  `Qualification` of any token span — qualifiers and the cues that gave them — for any component to use.
- The pipe (after `depeche_deals`) sets `qualifiers` on every `Deal` of `doc._.deals` (its trigger's) and
  every `Deadline` of `doc._.deadlines` (its trigger's, else its date's), and, with `spans_key`, on every
  span of `doc.spans[spans_key]` (`Span._.qualifiers`, a list).
- With `set_status` (the default), a deal's status follows the gold conventions of the sentence bank
  (corpus/ANNOTATING.md): a rumoured deal is `rumoured` (and a `rumoured` status is a rumoured deal); a
  negated, denied or hypothetical one is what was considered, `proposed`, unless the text says it was
  abandoned, blocked or suspended; a hypothetical deal is never `rumoured`.

Cues are matched once per sentence that holds a span to qualify (`cues.CueIndex`), never on the others.
"""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from depeche import docattrs
from depeche.components.data import DataComponent, fill
from depeche.components.qualifiers.cues import Cue, CueIndex
from depeche.components.qualifiers.lexicon import QUALIFIERS, CueEntry, CueMatcher, validate_lexicon
from depeche.components.qualifiers.scope import Qualification, qualify, qualify_chars

__all__ = ["Cue", "CueEntry", "CueIndex", "Qualification", "QualifiersComponent", "QUALIFIERS", "deal_status", "qualify", "qualify_chars"]

if not Span.has_extension("qualifiers"):
    Span.set_extension("qualifiers", default=None)

KEEP_STATUSES = {"abandoned", "blocked", "suspended"}  # a plan the text says stopped keeps its status


def deal_status(status: str, qualifiers: Iterable[str]) -> tuple[str, list[str]]:
    """The status and qualifiers of a deal once its qualifiers are known (the sentence bank's conventions)."""
    found = set(qualifiers)
    if status == "rumoured" and "hypothetical" not in found:
        found.add("rumoured")  # the deals component read a conditional: told, not asserted
    if "hypothetical" in found:
        found.discard("rumoured")
    if "rumoured" in found and status not in KEEP_STATUSES:
        status = "rumoured"
    elif found & {"negated", "denied", "hypothetical"} and status not in KEEP_STATUSES:
        status = "proposed"
    return status, [q for q in QUALIFIERS if q in found]


class QualifiersComponent(DataComponent):
    """Qualifies deal triggers, deadline triggers and, optionally, a span group."""

    factory = "depeche_qualifiers"
    data_files = {"cues": "jsonl"}

    def __init__(self, nlp: Language, name: str = "depeche_qualifiers", *, spans_key: str | None = None, set_status: bool = True):
        self.name = name
        self.vocab = nlp.vocab
        self.spans_key = spans_key
        self.set_status = set_status
        self.cues: list[dict] = []

    def initialize(self, get_examples=None, *, nlp: Language | None = None, cues: Iterable[dict] | None = None) -> None:
        """Load the cue lexicon (None: the shipped `models/lexicons/qualifiers.jsonl`)."""
        data = fill(self.factory, {"cues": cues})
        self.cues = [dict(row) for row in data["cues"]]
        self._loaded()

    def serializers(self):
        def put(value):
            self.cues = [dict(row) for row in value]

        return {"cues": (lambda: self.cues, put)}

    def _rebuild(self) -> None:
        self._matcher = CueMatcher(self.vocab, validate_lexicon(self.cues))

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        deals, deadlines = docattrs.get(doc, "deals"), docattrs.get(doc, "deadlines")
        group = doc.spans[self.spans_key] if self.spans_key and self.spans_key in doc.spans else None
        if not deals and not deadlines and not group:
            return doc
        index = CueIndex(doc, self._matcher)
        for deal in deals:
            found = qualify_chars(doc, deal.trigger.start, deal.trigger.end, index=index).as_list() if deal.trigger else []
            if self.set_status:
                deal.status, found = deal_status(deal.status, found)
            deal.qualifiers = found
        for deadline in deadlines:
            where = deadline.trigger or deadline.span
            deadline.qualifiers = qualify_chars(doc, where.start, where.end, index=index).as_list()
        for span in group or ():
            span._.qualifiers = qualify(doc, span.start, span.end, index=index).as_list()
        return doc


@Language.factory(
    "depeche_qualifiers",
    default_config={"spans_key": None, "set_status": True},
    requires=["doc._.deals", "doc._.deadlines"],
    assigns=["doc._.deals", "doc._.deadlines", "span._.qualifiers"],
)
def make_qualifiers(nlp: Language, name: str, spans_key: str | None, set_status: bool) -> QualifiersComponent:
    return QualifiersComponent(nlp, name, spans_key=spans_key, set_status=set_status)
