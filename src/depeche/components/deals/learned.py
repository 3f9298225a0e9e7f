"""Small trained classifiers for deal decisions: a hashed sparse linear layer plus a dense one, softmax output.

The model is `softmax(W_s · hash(features) + W_d · dense + b)` — a bag-of-features linear classifier like spaCy's
`TextCatBOW`, with the pipeline's own contextual vectors as the dense part (`depeche.components.deals.features`).
Trained by `benchmarks/train_deals.py` (full-batch Adam with L2: deterministic, nothing sampled) on the dev split of the sentence bank and
the corpus dev articles; shipped as `models/deals/<name>.json` and loaded as component data. Inference is a few
dot products per candidate.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy

N_HASH = 1 << 18


def hashed(features: list[str], n_hash: int = N_HASH) -> numpy.ndarray:
    """Stable indices of string features (crc32: the same on every machine and Python)."""
    return numpy.fromiter((zlib.crc32(f.encode("utf-8")) % n_hash for f in features), dtype="int64", count=len(features))


@dataclass
class LinearClassifier:
    """A softmax classifier over hashed string features and a dense vector."""

    labels: list[str]
    dense_width: int
    n_hash: int = N_HASH
    w_sparse: numpy.ndarray = field(default=None)  # (n_hash, n_labels)
    w_dense: numpy.ndarray = field(default=None)  # (dense_width, n_labels)
    bias: numpy.ndarray = field(default=None)  # (n_labels,)
    info: dict = field(default_factory=dict)  # how it was trained (data, settings, scores on dev)

    def __post_init__(self) -> None:
        n = len(self.labels)
        if self.w_sparse is None:
            self.w_sparse = numpy.zeros((self.n_hash, n), dtype="float32")
        if self.w_dense is None:
            self.w_dense = numpy.zeros((self.dense_width, n), dtype="float32")
        if self.bias is None:
            self.bias = numpy.zeros(n, dtype="float32")

    # --- inference --------------------------------------------------------------

    def logits(self, features: list[list[str]], dense: numpy.ndarray) -> numpy.ndarray:
        out = numpy.asarray(dense, dtype="float32").reshape(len(features), self.dense_width) @ self.w_dense + self.bias
        for row, feats in enumerate(features):
            if feats:
                out[row] += self.w_sparse[hashed(feats, self.n_hash)].sum(axis=0)
        return out

    def predict(self, features: list[list[str]], dense: numpy.ndarray) -> numpy.ndarray:
        """Probabilities, one row per instance, one column per label."""
        if not features:
            return numpy.zeros((0, len(self.labels)), dtype="float32")
        z = self.logits(features, dense)
        z -= z.max(axis=1, keepdims=True)
        e = numpy.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # --- training ---------------------------------------------------------------

    def fit(self, features: list[list[str]], dense: numpy.ndarray, y: list[str], *, epochs: int = 200, lr: float = 0.05,
            l2: float = 1e-4, weights: numpy.ndarray | None = None) -> None:
        """Full-batch Adam on the cross-entropy plus L2, from zero weights: deterministic (nothing is sampled)."""
        n, k = len(features), len(self.labels)
        index = {label: i for i, label in enumerate(self.labels)}
        target = numpy.zeros((n, k), dtype="float32")
        target[numpy.arange(n), [index[label] for label in y]] = 1.0
        w = numpy.ones(n, dtype="float32") if weights is None else numpy.asarray(weights, dtype="float32")
        w = w / w.sum()
        dense = numpy.asarray(dense, dtype="float32").reshape(n, self.dense_width)
        rows = [hashed(f, self.n_hash) for f in features]
        flat = numpy.concatenate(rows) if rows else numpy.zeros(0, dtype="int64")
        owner = numpy.repeat(numpy.arange(n), [len(r) for r in rows])
        used = numpy.unique(flat)
        local = numpy.searchsorted(used, flat)  # train only the rows of features seen
        ws = numpy.zeros((len(used), k), dtype="float32")
        wd = self.w_dense.copy()
        b = self.bias.copy()
        params = [ws, wd, b]
        m = [numpy.zeros_like(p) for p in params]
        v = [numpy.zeros_like(p) for p in params]
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, epochs + 1):
            z = dense @ wd + b
            numpy.add.at(z, owner, ws[local])
            z -= z.max(axis=1, keepdims=True)
            p = numpy.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - target) * w[:, None]
            g_ws = numpy.zeros_like(ws)
            numpy.add.at(g_ws, local, g[owner])
            grads = [g_ws + l2 * ws, dense.T @ g + l2 * wd, g.sum(axis=0)]
            for i, (param, grad) in enumerate(zip(params, grads)):
                m[i] = beta1 * m[i] + (1 - beta1) * grad
                v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
                mhat = m[i] / (1 - beta1**step)
                vhat = v[i] / (1 - beta2**step)
                param -= lr * mhat / (numpy.sqrt(vhat) + eps)
        self.w_sparse = numpy.zeros((self.n_hash, k), dtype="float32")
        self.w_sparse[used] = ws
        self.w_dense, self.bias = wd, b
        self.info = {**self.info, "epochs": epochs, "lr": lr, "l2": l2, "instances": n}

    # --- (de)serialisation: a JSON-able dict (component data, see components/data.py) -------------

    def to_dict(self) -> dict:
        """The model as JSON-able values: the non-zero rows of the sparse table and the dense weights as
        base64 float32 bytes (the Doc-independent part of a pipeline's `to_disk`)."""
        used = numpy.flatnonzero(numpy.abs(self.w_sparse).sum(axis=1)).astype("int64")
        return {
            "format": "depeche.linear.v1", "labels": list(self.labels), "dense_width": self.dense_width, "n_hash": self.n_hash,
            "info": _rounded(self.info), "rows": _b64(used), "sparse": _b64(self.w_sparse[used].astype("float32")),
            "dense": _b64(self.w_dense.astype("float32")), "bias": _b64(self.bias.astype("float32")),
        }

    @classmethod
    def from_dict(cls, data: dict) -> LinearClassifier:
        if not isinstance(data, dict) or data.get("format") != "depeche.linear.v1":
            raise ValueError("not a depeche.linear.v1 model (expected a dict with format 'depeche.linear.v1')")
        labels, width, n_hash = list(data["labels"]), int(data["dense_width"]), int(data["n_hash"])
        model = cls(labels=labels, dense_width=width, n_hash=n_hash, info=dict(data.get("info", {})))
        rows = _unb64(data["rows"], "int64")
        model.w_sparse[rows] = _unb64(data["sparse"], "float32").reshape(len(rows), len(labels))
        model.w_dense = _unb64(data["dense"], "float32").reshape(width, len(labels)).copy()
        model.bias = _unb64(data["bias"], "float32").copy()
        return model

    @classmethod
    def from_weights(cls, data: dict, *, labels: list[str], dense_width: int, owner: str) -> LinearClassifier:
        """`from_dict`, refusing weights of other labels or another dense width than the features `owner` makes
        (a ValueError naming `owner`)."""
        model = cls.from_dict(data)
        if model.labels != labels or model.dense_width != dense_width:
            raise ValueError(f"{owner}: the decision weights have labels {model.labels} and width {model.dense_width}, "
                             f"not {labels} and {dense_width}")
        return model

    def to_disk(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> LinearClassifier:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"deal model {path} is not a file")
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _rounded(value):
    """`value` with every float rounded to 4 digits: JSON writers disagree on the last digits of a long float, so
    the weights would not round-trip (`nlp.to_disk` then `spacy.load`) byte for byte."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def _b64(array: numpy.ndarray) -> str:
    return base64.b64encode(numpy.ascontiguousarray(array).tobytes()).decode("ascii")


def _unb64(text: str, dtype: str) -> numpy.ndarray:
    return numpy.frombuffer(base64.b64decode(text.encode("ascii")), dtype=dtype)
