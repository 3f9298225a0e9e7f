"""depeche_spans: every kind of span depeche found, as one spaCy SpanGroup, `doc.spans["depeche"]`.

Runs last and reads the record objects the other components left on the Doc (`depeche.docattrs`):
nothing is extracted here, the records stay as they are. Each span is labelled with its kind and
carries the id of the item it belongs to in `span.id_` (so it can be traced back to the record):

| label      | from                                         | `span.id_`          |
|------------|----------------------------------------------|---------------------|
| `ORG`      | every mention of `doc._.organisations`       | organisation id     |
| `PER`      | every mention of `doc._.people`              | person id           |
| `ROLE`     | each role phrase of a person                 | person id           |
| `DATE`     | every `doc._.dates` expression               | (none)              |
| `DEADLINE` | the date of each `doc._.deadlines` item      | deadline id         |
| `DEAL`     | each deal's trigger word                     | deal id             |
| `PARTY`    | each deal party's span                       | deal id             |
| `MONEY`    | each deal's amount and price per share       | deal id             |
| `STAKE`    | each deal's stake                            | deal id             |

A PARTY span's `kb_id_` is the party's role (buyer, target, seller…). Record spans are character
offsets; a span that does not fall on token boundaries is widened to the tokens it touches
(`Doc.char_span(..., alignment_mode="expand")`). So displaCy shows everything at once (a PARTY's role
as the link beside its label):

    displacy.render(doc, style="span", options={"spans_key": "depeche", "colors": COLORS})
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from depeche import docattrs
from depeche.components.data import DataComponent
from depeche.docattrs import SPANS_KEY

LABELS = ("ORG", "PER", "ROLE", "DATE", "DEADLINE", "DEAL", "PARTY", "MONEY", "STAKE")
# displaCy colours for the labels (`options={"spans_key": "depeche", "colors": COLORS}`): spaCy's own for ORG,
# PER, DATE and MONEY, the viewer's hues for the others
COLORS = {
    "ORG": "#7aecec",
    "PER": "#aa9cfc",
    "ROLE": "#c7b8fd",
    "DATE": "#bfe1d9",
    "DEADLINE": "#ff9561",
    "DEAL": "#feca74",
    "PARTY": "#9cc9cc",
    "MONEY": "#e4e7d2",
    "STAKE": "#f0d0ff",
}


def record_spans(doc: Doc) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, id, kb id) of every span of the Doc's records, character offsets."""
    out = []
    for org in docattrs.get(doc, "organisations"):
        out += [(m.start, m.end, "ORG", org.id, "") for m in org.mentions]
    for person in docattrs.get(doc, "people"):
        out += [(m.start, m.end, "PER", person.id, "") for m in person.mentions]
        out += [(r.span.start, r.span.end, "ROLE", person.id, "") for r in person.roles]
    out += [(d.span.start, d.span.end, "DATE", "", "") for d in docattrs.get(doc, "dates")]
    out += [(d.span.start, d.span.end, "DEADLINE", d.id, "") for d in docattrs.get(doc, "deadlines")]
    for deal in docattrs.get(doc, "deals"):
        if deal.trigger is not None:
            out.append((deal.trigger.start, deal.trigger.end, "DEAL", deal.id, ""))
        out += [(p.span.start, p.span.end, "PARTY", deal.id, p.role) for p in deal.parties]
        for money in (deal.amount, deal.price_per_share):
            if money is not None:
                out.append((money.span.start, money.span.end, "MONEY", deal.id, ""))
        if deal.stake is not None:
            out.append((deal.stake.span.start, deal.stake.span.end, "STAKE", deal.id, ""))
    return out


class SpansComponent(DataComponent):
    """Writes the spans of the Doc's records into `doc.spans[spans_key]`, labelled by kind."""

    factory = "depeche_spans"
    data_files = {"cfg": "json"}

    def __init__(self, nlp: Language, name: str = "depeche_spans", *, spans_key: str = SPANS_KEY):
        self.name = name
        self.spans_key = spans_key
        self._ready = True  # no data to load

    def __call__(self, doc: Doc) -> Doc:
        spans, seen = [], set()
        order = {label: i for i, label in enumerate(LABELS)}
        for start, end, label, ident, kb in sorted(record_spans(doc), key=lambda s: (s[0], -s[1], order[s[2]])):
            span = doc.char_span(start, end, label=label, kb_id=kb, span_id=ident, alignment_mode="expand")
            if span is None or (span.start, span.end, label, ident) in seen:
                continue
            seen.add((span.start, span.end, label, ident))
            spans.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans)
        return doc

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Nothing to load: the spans come from the other components' records."""
        self._loaded()

    def serializers(self):
        def put_cfg(value):
            self.spans_key = value["spans_key"]

        return {"cfg": (lambda: {"spans_key": self.spans_key}, put_cfg)}

    def _rebuild(self) -> None:
        pass


@Language.factory(
    "depeche_spans",
    default_config={"spans_key": SPANS_KEY},
    # reads whatever the other depeche components left (all optional: it shows what there is)
    requires=[],
    assigns=["doc.spans"],
)
def make_spans(nlp: Language, name: str, spans_key: str) -> SpansComponent:
    return SpansComponent(nlp, name, spans_key=spans_key)
