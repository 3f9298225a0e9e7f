"""Counts and the matching helpers every scorer shares: Score (P/R/F1), one-to-one pairing, gold names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from depeche.evaluate.gold import GoldArticle
from depeche.normalise.text import fold

AMOUNT_TOLERANCE = 0.005  # relative
STAKE_TOLERANCE = 0.05  # percentage points

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def __iadd__(self, other: Score) -> Score:
        self.add(other.tp, other.fp, other.fn)
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall, "f1": self.f1}


_DETERMINER = re.compile(r"^(?:le |la |les |l')")


def _key(name: str) -> str:
    """A name folded, without a leading article: « le royaume de Bahreïn » -> « royaume de bahrein »."""
    return _DETERMINER.sub("", fold(name))


class _Names:
    """Folded surface forms of the gold entities -> the gold name's key (deal parties and sources)."""

    def __init__(self, gold: GoldArticle):
        self.key: dict[str, str] = {}
        for entity in [*gold.organisations, *gold.people]:
            canonical = _key(entity.name)
            for form in [entity.name, *entity.aliases]:
                self.key.setdefault(_key(form), canonical)

    def canonical(self, *forms: str) -> str:
        """The gold key of the first form a gold entity is known by, else the first form's key."""
        for form in forms:
            key = self.key.get(_key(form))
            if key:
                return key
        return _key(forms[0]) if forms else ""


def _one_to_one(preds: list, golds: list, *matchers) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (pred index, gold index): with each matcher in turn (strictest first), each
    prediction not yet paired takes the first gold item not yet paired that it matches."""
    pred_used: set[int] = set()
    gold_used: set[int] = set()
    pairs = []
    for matches in matchers:
        for i, pred in enumerate(preds):
            if i in pred_used:
                continue
            for j, gold in enumerate(golds):
                if j not in gold_used and matches(pred, gold):
                    pred_used.add(i)
                    gold_used.add(j)
                    pairs.append((i, j))
                    break
    return sorted(pairs)


def _entities(preds: list, golds: list) -> tuple[Score, list[tuple[int, int]]]:
    def matches(pred, gold) -> bool:
        gold_forms = {fold(f) for f in [gold.name, *gold.aliases]}
        return any(fold(f) in gold_forms for f in [pred.name, *pred.aliases])

    pairs = _one_to_one(preds, golds, matches)
    return Score(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)), pairs


def _titles_match(pred: str, gold: str) -> bool:
    p, g = fold(pred), fold(gold)
    return bool(p) and (p == g or p in g or g in p)


def _money_match(pred, gold) -> bool:
    if pred.currency.upper() != gold.currency.upper():
        return False
    if gold.value == 0:
        return pred.value == 0
    return abs(pred.value - gold.value) <= AMOUNT_TOLERANCE * abs(gold.value)


def _slot(score: Score, pred, gold, same) -> bool:
    """One optional slot: both empty -> nothing; match -> TP; else FP for a prediction, FN for a gold value.
    True when the slot is wrong."""
    if pred is not None and gold is not None and same(pred, gold):
        score.add(tp=1)
        return False
    if pred is not None:
        score.add(fp=1)
    if gold is not None:
        score.add(fn=1)
    return pred is not None or gold is not None


def _sets(score: Score, pred: set, gold: set) -> bool:
    score.add(tp=len(pred & gold), fp=len(pred - gold), fn=len(gold - pred))
    return pred != gold


def _show(value) -> str:
    if value is None:
        return "-"
    if hasattr(value, "currency"):
        return f"{value.value:g} {value.currency}"
    if hasattr(value, "percent"):
        return f"{value.percent:g} %"
    if isinstance(value, set):
        return ", ".join(sorted(v if isinstance(v, str) else f"{v[0]} {v[1]}" for v in value)) or "-"
    return str(value)


def _spans_overlap(pred: tuple[str, int, int], gold: tuple[str, int, int]) -> bool:
    """(label, start, end) pairs: same label and at least one character in common."""
    return pred[0] == gold[0] and pred[1] < gold[2] and gold[1] < pred[2]


def span_score(score: Score, preds: list[tuple[str, int, int]], golds: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Labelled spans paired one-to-one, identical spans first, then overlapping ones; counts added to `score`."""
    pairs = _one_to_one(preds, golds, lambda p, g: p == g, _spans_overlap)
    score.add(tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))
    return pairs
