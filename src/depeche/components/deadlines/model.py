"""Rules propose, a model decides (issue 15): which proposed deadlines depeche_deadlines keeps, as a swappable callable.

Chosen in `models/config.cfg` (`[components.depeche_deadlines.decision]`) by a function of spaCy's `misc`
registry:

- `depeche.deadline_decision.rules.v1`: the rule stage decides (a candidate it did not turn down is a deadline,
  of the kind it read; confidence from `models/calibration/deadlines.json`);
- `depeche.deadline_decision.model.v1`: every candidate the rule stage proposes, those it turned down near a
  deadline cue included, is scored by a trained classifier (`deals.learned.LinearClassifier` over
  `features.candidate_features`; labels no / deadline / expiry / extension) and kept when P(deadline of any
  kind) ≥ `threshold`; its kind is the rules' (`kinds = "rules"`) or the model's most likely one
  (`kinds = "model"`); its confidence is that probability calibrated (isotonic, on the dev out-of-fold
  predictions, in the weights' `info`), and its `via` gains `MODEL_VIA`.

The weights (`models/deadlines/decision.json`, trained by `benchmarks/train_deadlines.py`) are component data,
loaded by `DeadlinesComponent.initialize` and carried by `to_disk`/`to_bytes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy
from spacy.tokens import Doc
from spacy.util import registry

from depeche.calibration import Calibration
from depeche.components.deadlines.features import DENSE_WIDTH, candidate_features, compile_cues
from depeche.components.deadlines.found import Found
from depeche.components.deadlines.rules import Rules
from depeche.components.deals.learned import LinearClassifier
from depeche.docattrs import doc_text

MODEL_VIA = "deadlines.decision-model"
LABELS = ["no", "deadline", "expiry", "extension"]
KINDS = ("rules", "model")


@dataclass
class Scores:
    """The decision on each candidate of a proposal (in `Proposal.candidates` order)."""

    keep: list[bool]
    kind: list[str]
    confidence: list[float | None]
    p: list[float] = field(default_factory=list)  # raw P(deadline of any kind)


@dataclass
class DeadlineDecision:
    """Which proposed deadlines are kept: the rules' (`trained` False), or a trained model's at `threshold`."""

    threshold: float = 0.5
    kinds: str = "rules"
    trained: bool = False
    model: LinearClassifier | None = None
    cues: list = field(default_factory=list)  # the lexicon's model_cues, compiled (set by `with_weights`)
    calibration: Calibration | None = None  # of the model's probabilities (from its weights' `info`)

    def with_weights(self, weights: dict | None, lexicon: dict | None = None) -> DeadlineDecision:
        """The same decision with its model loaded from `weights` (a `LinearClassifier.to_dict`)."""
        if not self.trained:
            return self
        if not weights:
            raise ValueError("depeche_deadlines: the decision is a trained model but no weights were given")
        model = LinearClassifier.from_weights(weights, labels=LABELS, dense_width=DENSE_WIDTH, owner="depeche_deadlines")
        return DeadlineDecision(self.threshold, self.kinds, True, model, compile_cues(lexicon or {}), calibration_of(model))

    def score(self, doc: Doc, candidates: list[Found], rules: Rules, published: dt.date | None) -> Scores | None:
        """The model's decision on `candidates` (None with the rules: they have decided)."""
        if not self.trained or self.model is None:
            return None
        probs = predict(self.model, *instances(doc, candidates, rules, self.cues, published))
        return decide(probs, candidates, self.threshold, self.kinds, self.calibration)


def instances(doc: Doc, candidates: list[Found], rules: Rules, cues: list, published: dt.date | None) -> tuple[list[list[str]], numpy.ndarray]:
    """The features of each candidate (the qualifiers of its trigger read once per Doc's sentence)."""
    if not candidates:
        return [], numpy.zeros((0, DENSE_WIDTH), dtype="float32")
    from depeche.components.qualifiers import CueIndex, qualify_chars
    from depeche.components.qualifiers.scope import shipped_matcher

    text = doc_text(doc)
    index = CueIndex(doc, shipped_matcher(doc.vocab))
    feats, dense = [], []
    for item in candidates:
        where = item.trigger or (item.expression.span.start, item.expression.span.end)
        qualifiers = qualify_chars(doc, where[0], where[1], index=index).as_list()
        f, d = candidate_features(doc, text, item, rules, cues, published, qualifiers)
        feats.append(f)
        dense.append(d)
    return feats, numpy.stack(dense)


def predict(model: LinearClassifier, feats: list[list[str]], dense: numpy.ndarray) -> numpy.ndarray:
    return model.predict(feats, dense) if feats else numpy.zeros((0, len(LABELS)), dtype="float32")


def calibration_of(model: LinearClassifier) -> Calibration | None:
    data = model.info.get("calibration")
    return Calibration.from_dict(data) if data else None


def decide(probs: numpy.ndarray, candidates: list[Found], threshold: float, kinds: str, calibration: Calibration | None) -> Scores:
    """Keep each candidate whose P(deadline of any kind) is at least `threshold`, with the rules' kind or the model's."""
    keep, kind, confidence, raw = [], [], [], []
    for item, p in zip(candidates, probs):
        yes = float(1.0 - p[0])
        keep.append(yes >= threshold)
        kind.append(LABELS[1 + int(numpy.argmax(p[1:]))] if kinds == "model" else item.kind)
        confidence.append(round(calibration.confidence(raw=yes), 4) if calibration is not None else round(yes, 4))
        raw.append(yes)
    return Scores(keep, kind, confidence, raw)


def linkable_terms(terms: list[Found], offset: int, scores: Scores) -> tuple[list[Found], set[int]]:
    """The terms (durations; `offset`: where they start among the scored candidates) that may move or restate a
    kept deadline near them, and the ids of those that are deadlines on their own. A term the rules read is
    linked whatever its score (« nouveau délai au 4 décembre … une semaine supplémentaire »: linking makes no
    deadline); left alone, it is one only when the decision keeps it."""
    out, alone = [], set()
    for k, item in enumerate(terms):
        if item.rejected is None or scores.keep[offset + k]:
            out.append(replace(item, parties=[], kind=scores.kind[offset + k], confidence=scores.confidence[offset + k]))
            if scores.keep[offset + k]:
                alone.add(id(out[-1]))
    return out, alone


@registry.misc("depeche.deadline_decision.rules.v1")
def deadline_rules() -> DeadlineDecision:
    return DeadlineDecision(trained=False)


@registry.misc("depeche.deadline_decision.model.v1")
def deadline_model(threshold: float = 0.5, kinds: str = "rules") -> DeadlineDecision:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"depeche.deadline_decision.model.v1: threshold {threshold} is not within [0, 1]")
    if kinds not in KINDS:
        raise ValueError(f"depeche.deadline_decision.model.v1: kinds {kinds!r} is not one of {KINDS}")
    return DeadlineDecision(threshold=threshold, kinds=kinds, trained=True)
