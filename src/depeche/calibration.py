"""Confidence for every extracted item: reliability tables, and calibrations fitted on dev.

An item's `confidence` (records schema 2) is meant as a *precision*: of the items given 0.8, about
8 in 10 are right. A component gets there in two steps:

1. it scores each item it makes — a raw score of its own (any float, higher = surer) and/or the
   `via` ids of the rules that made it (`dates.pattern:day_month`, `deals.trigger:rachat`...);
2. it maps that to a calibrated confidence with a `Calibration` fitted on the **dev** split
   (`benchmarks/calibrate.py`), shipped as `models/calibration/<component>.json` and loaded through
   the component's `initialize()` data like its lexicons (config.cfg's `calibration = {...}`).

The API, for a component's owner::

    from depeche.calibration import Calibration
    cal = Calibration.from_dict(data)            # data: the JSON table, from initialize()
    item.confidence = cal.confidence(via=["deals.trigger:rachat"], raw=0.7)

and for fitting (what benchmarks/calibrate.py does; `outcomes` are matched against gold by
`depeche.evaluate`, see `Report.outcomes`)::

    from depeche.calibration import Outcome, fit_via, fit_isotonic, reliability, format_reliability
    cal = fit_via("depeche_deals", outcomes)      # per-via precision, smoothed (m-estimate)
    cal = fit_isotonic("depeche_deals", outcomes) # raw score -> precision, monotone (pool-adjacent-violators)
    cal.save("models/calibration/deals.json")
    print(format_reliability(reliability(test_outcomes)))

Both methods are deterministic (no sampling): the same outcomes give the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

BINS: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0)  # the last bin holds 1.0 itself
SMOOTHING = 2.0  # m of the m-estimate (k + m·p0) / (n + m): m = 2, p0 = 0.5 is Laplace's rule


@dataclass(frozen=True)
class Outcome:
    """One predicted item matched against gold: its confidence, what made it, whether it is right.

    `raw` is the component's own score before calibration, when it has one (what `fit_isotonic` fits)."""

    confidence: float | None
    via: tuple[str, ...]
    correct: bool
    raw: float | None = None


@dataclass(frozen=True)
class Bin:
    """One row of a reliability table: the items whose confidence is in [low, high)."""

    low: float
    high: float
    count: int
    correct: int
    mean_confidence: float | None

    @property
    def precision(self) -> float | None:
        return self.correct / self.count if self.count else None

    def to_dict(self) -> dict:
        return {
            "low": self.low, "high": self.high, "count": self.count, "correct": self.correct,
            "mean_confidence": self.mean_confidence, "precision": self.precision,
        }


def reliability(outcomes: Iterable[Outcome], bins: Sequence[float] = BINS) -> list[Bin]:
    """The reliability table of `outcomes` that have a confidence: one Bin per [bins[i], bins[i+1])
    (the last one closed), with its count, mean confidence and precision."""
    scored = [(o.confidence, o.correct) for o in outcomes if o.confidence is not None]
    out = []
    for i, (low, high) in enumerate(zip(bins, bins[1:])):
        last = i == len(bins) - 2
        inside = [(c, ok) for c, ok in scored if low <= c < high or (last and c == high)]
        mean = round(sum(c for c, _ in inside) / len(inside), 4) if inside else None
        out.append(Bin(low, high, len(inside), sum(ok for _, ok in inside), mean))
    return out


def precision_at(outcomes: Iterable[Outcome], threshold: float) -> tuple[int, float | None]:
    """(count, precision) of the items whose confidence is at least `threshold`."""
    kept = [o.correct for o in outcomes if o.confidence is not None and o.confidence >= threshold]
    return len(kept), (sum(kept) / len(kept) if kept else None)


def reliability_dict(outcomes: Iterable[Outcome], threshold: float = 0.8) -> dict:
    """The table as JSON-able data, with the count and precision of the items at or above `threshold`."""
    outcomes = list(outcomes)
    count, precision = precision_at(outcomes, threshold)
    return {
        "bins": [b.to_dict() for b in reliability(outcomes)],
        "at_least": {"threshold": threshold, "count": count, "precision": precision},
        "unscored": sum(o.confidence is None for o in outcomes),
    }


def format_reliability(table: list[Bin], title: str = "") -> str:
    """A reliability table as Markdown lines (confidence bin, n, mean confidence, precision)."""
    lines = [title] if title else []
    lines += ["| confidence | n | mean conf. | precision |", "|---|---:|---:|---:|"]
    for b in table:
        mean = "-" if b.mean_confidence is None else f"{b.mean_confidence:.2f}"
        precision = "-" if b.precision is None else f"{b.precision:.2f}"
        lines.append(f"| {b.low:.1f}–{b.high:.1f} | {b.count} | {mean} | {precision} |")
    return "\n".join(lines)


# --- calibrations ----------------------------------------------------------------------


@dataclass
class Calibration:
    """A fitted map to calibrated confidence, as shipped in `models/calibration/<component>.json`.

    - method "via": `table` {key: precision}; an item's key is its via ids joined by "+" when that
      combination was seen, else its first via id that was seen, else `default`.
    - method "isotonic": `x` (raw scores, increasing) and `y` (precision, non-decreasing); a raw score
      gets the `y` of the step it falls in (below the first: y[0]), `default` when it has none.
    - method "identity": the raw score itself (clipped to 0–1), `default` when it has none: what a
      component ships before its first fit, so that its records carry raw scores to fit on.
    """

    component: str
    method: Literal["via", "isotonic", "identity"]
    default: float
    table: dict[str, float] = field(default_factory=dict)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # dev items behind each `table` key (for the reader)
    fitted_on: str = ""

    def confidence(self, via: Iterable[str] = (), raw: float | None = None) -> float:
        """The calibrated confidence of an item made by `via` (method "via") or scored `raw` ("isotonic")."""
        if self.method == "identity":
            return self.default if raw is None else min(1.0, max(0.0, float(raw)))
        if self.method == "isotonic":
            if raw is None or not self.x:
                return self.default
            i = int(np.searchsorted(np.asarray(self.x), raw, side="right")) - 1
            return float(self.y[max(i, 0)])
        via = list(via)
        joined = "+".join(via)
        if joined in self.table:
            return self.table[joined]
        for key in via:
            if key in self.table:
                return self.table[key]
        return self.default

    def to_dict(self) -> dict:
        out = {"component": self.component, "method": self.method, "default": self.default, "fitted_on": self.fitted_on}
        if self.method == "via":
            out |= {"table": dict(sorted(self.table.items())), "counts": dict(sorted(self.counts.items()))}
        elif self.method == "isotonic":
            out |= {"x": self.x, "y": self.y}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        """The table of `to_dict` (values rounded to 6 digits: srsly's JSON reader may add a last-digit error)."""

        def num(v) -> float:
            return round(float(v), 6)

        return cls(
            component=data["component"], method=data["method"], default=num(data["default"]),
            table={k: num(v) for k, v in data.get("table", {}).items()}, x=[num(v) for v in data.get("x", [])],
            y=[num(v) for v in data.get("y", [])], counts=dict(data.get("counts", {})), fitted_on=data.get("fitted_on", ""),
        )

    def save(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Calibration:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def recalibrated(calibration: Calibration, outcomes: Iterable[Outcome]) -> list[Outcome]:
    """`outcomes` with the confidence `calibration` gives them (from their via, or their `raw` score —
    their old confidence when they have no raw): a fitted table tried on another split without
    running the pipeline again."""
    out = []
    for o in outcomes:
        raw = o.raw if o.raw is not None else o.confidence
        out.append(Outcome(calibration.confidence(o.via, raw), o.via, o.correct, raw))
    return out


def as_raw(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """`outcomes` whose confidence (as the pipeline gave it) is taken as their raw score."""
    return [Outcome(o.confidence, o.via, o.correct, o.confidence if o.raw is None else o.raw) for o in outcomes]


def _smoothed(correct: int, count: int, prior: float, m: float) -> float:
    return round((correct + m * prior) / (count + m), 4)


def fit_via(component: str, outcomes: Iterable[Outcome], *, m: float = SMOOTHING, min_count: int = 1, fitted_on: str = "") -> Calibration:
    """Per-via precision: for each via key (the joined combination, and each via id alone) seen at
    least `min_count` times, (right + m·p) / (seen + m), p the overall precision (smoothed the same
    way towards 0.5); items of unseen keys get p."""
    outcomes = list(outcomes)
    right = sum(o.correct for o in outcomes)
    default = _smoothed(right, len(outcomes), 0.5, m)
    tally: dict[str, list[int]] = {}
    for o in outcomes:
        keys = dict.fromkeys(["+".join(o.via), *o.via]) if o.via else {}
        for key in keys:
            seen = tally.setdefault(key, [0, 0])
            seen[0] += int(o.correct)
            seen[1] += 1
    table = {k: _smoothed(c, n, default, m) for k, (c, n) in tally.items() if n >= min_count}
    counts = {k: n for k, (_, n) in tally.items() if n >= min_count}
    return Calibration(component, "via", default, table=table, counts=counts, fitted_on=fitted_on)


def pool_adjacent_violators(y: Sequence[float], weights: Sequence[float] | None = None) -> np.ndarray:
    """The non-decreasing sequence closest to `y` in weighted least squares (isotonic regression)."""
    values = [float(v) for v in y]
    w = [1.0] * len(values) if weights is None else [float(v) for v in weights]
    blocks: list[list[float]] = []  # [mean, weight, length]
    for value, weight in zip(values, w):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return np.concatenate([np.full(int(n), mean) for mean, _, n in blocks]) if blocks else np.array([])


def fit_isotonic(component: str, outcomes: Iterable[Outcome], *, m: float = SMOOTHING, fitted_on: str = "") -> Calibration:
    """Raw score -> precision, non-decreasing, by pool-adjacent-violators over the outcomes sorted by
    `raw` (ties pooled first); each step's precision is smoothed towards the overall one (m-estimate)."""
    scored = sorted((o.raw, o.correct) for o in outcomes if o.raw is not None)
    right = sum(ok for _, ok in scored)
    default = _smoothed(right, len(scored), 0.5, m)
    xs: list[float] = []
    groups: list[list[int]] = []  # [right, count] per distinct raw score
    for raw, ok in scored:
        if not xs or raw != xs[-1]:
            xs.append(float(raw))
            groups.append([0, 0])
        groups[-1][0] += int(ok)
        groups[-1][1] += 1
    if not xs:
        return Calibration(component, "isotonic", default, fitted_on=fitted_on)
    fitted = pool_adjacent_violators([c / n for c, n in groups], [n for _, n in groups])
    # smooth each pooled step towards the overall precision, keeping it monotone
    ys, i = [], 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and fitted[j + 1] == fitted[i]:
            j += 1
        c = sum(g[0] for g in groups[i : j + 1])
        n = sum(g[1] for g in groups[i : j + 1])
        ys += [_smoothed(c, n, default, m)] * (j - i + 1)
        i = j + 1
    ys = [round(float(v), 4) for v in np.maximum.accumulate(ys)]
    keep = [k for k in range(len(xs)) if k == 0 or ys[k] != ys[k - 1]]  # one point per step
    return Calibration(component, "isotonic", default, x=[xs[k] for k in keep], y=[ys[k] for k in keep], fitted_on=fitted_on)
