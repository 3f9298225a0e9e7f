"""Train depeche_deadlines' decision (issue 15: rules propose, a model decides) and write models/deadlines/decision.json.

    .venv/bin/python benchmarks/train_deadlines.py            # a few minutes on 2 cores: writes models/deadlines/
    .venv/bin/python benchmarks/train_deadlines.py --dry-run  # cross-validation figures only
    .venv/bin/python benchmarks/train_deadlines.py --dry-run --errors out/deadline-errors.jsonl  # and dev's errors

Data, dev only (never a test split): the time-expression set's dev sentences (`corpus/timex/dev.jsonl`: every
time expression has its sense, every deadline is listed with its kind) and the corpus dev articles
(`corpus/dev/`: their gold lists every deadline of the article, restated ones once).

The candidates are the rule stage's own (`DeadlinesComponent.propose(keep_all=True)`): every date and duration it
reads as a deadline and those it turned down near a deadline cue. A candidate overlapping a gold deadline's date
span (or, when the gold has no span, with its date and text) takes that deadline's kind; so does a candidate with
the date of a gold deadline of its article (a restatement, which `found.unique` drops anyway) and a duration
with a gold deadline in its sentence or a neighbouring one (the term it moves or sets); every other candidate is `no`.

5-fold cross-validation by article (crc32 of the article id) gives out-of-fold probabilities; for each threshold
the component's last stage (`finish`: durations linked, restatements dropped) turns them into deadlines, scored as
`depeche evaluate` does — on the timex sentences deadline P/R/F1 on (date, kind) and the false-deadline rate (the
share of sentences without a deadline given one), on the articles deadline P/R/F1 on (date, kind). The threshold
is the highest within half a point of the best pooled F1 (timex + articles); the probabilities are calibrated
(isotonic) on the out-of-fold predictions. Deterministic: full-batch Adam from zeros, fixed folds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from depeche.calibration import Outcome, fit_isotonic, format_reliability, recalibrated, reliability  # noqa: E402
from depeche.components.deadlines.features import DENSE_WIDTH, compile_cues  # noqa: E402
from depeche.components.deadlines.model import LABELS, decide, instances, predict  # noqa: E402
from depeche.components.deals.learned import LinearClassifier  # noqa: E402
from depeche.records import Article  # noqa: E402

FOLDS = 5
EPOCHS = 200
L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2)
THRESHOLDS = [t / 100 for t in range(10, 91, 5)]


def fold(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def timex_items() -> list[dict]:
    items = []
    for line in (ROOT / "corpus/timex/dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            unresolved = not row["deadlines"] and any(t["sense"] == "deadline" for t in row["timex"])
            batch = "first" if row.get("annotator", "").startswith("annotator-8") else "second"
            items.append({"source": "timex", "id": row["id"], "article": row["article"], "text": row["text"], "published": row["published"],
                          "gold": [{"date": d["date"], "kind": d["kind"], "span": d.get("span"), "text": (d.get("span") or {}).get("text", "")}
                                   for d in row["deadlines"]], "unresolved": unresolved, "batch": batch})
    return items


def article_items() -> list[dict]:
    items = []
    folder = ROOT / "corpus/dev"
    for path in sorted((folder / "articles").glob("*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        gold = json.loads((folder / "gold" / f"{meta['id']}.json").read_text(encoding="utf-8"))
        items.append({"source": "article", "id": meta["id"], "article": meta["id"], "text": path.read_text(encoding="utf-8"),
                      "published": meta.get("published"), "unresolved": False, "batch": "article",
                      "gold": [{"date": d["date"], "kind": d["kind"], "span": d.get("span"), "text": d.get("text", "")}
                               for d in gold.get("deadlines", [])]})
    return items


def label(item: dict, cand, sentences) -> str:
    """The gold kind of the deadline the candidate tells (module docstring), else "no"."""
    start, end = cand.expression.span.start, cand.expression.span.end
    for g in item["gold"]:
        span = g["span"]
        if span and span["start"] < end and start < span["end"]:
            return g["kind"]
        if not span and g["date"] == cand.date and fold(g["text"]) == fold(cand.expression.span.text):
            return g["kind"]
    for g in item["gold"]:
        if g["date"] == cand.date:
            return g["kind"]
    if cand.expression.type == "duration":
        i = cand.sentence_index
        near = [s for k, s in enumerate(sentences) if i - 1 <= k <= i + 1]
        for g in item["gold"]:
            if g["span"] and any(s[0] <= g["span"]["start"] < s[1] for s in near):
                return g["kind"]
    return "no"


def collect(nlp, items: list[dict]) -> list[dict]:
    """Run the pipeline once; keep each Doc's proposal, its candidates' features and labels, and the rules' deadlines."""
    component = nlp.get_pipe("depeche_deadlines")
    cues = compile_cues(component.lexicon_data)
    docs = []
    for item in items:
        doc = nlp.make_doc(item["text"])
        doc._.article = Article(id=item["id"], text=item["text"], published=item["published"])
        docs.append(doc)
    out = []
    for item, doc in zip(items, nlp.pipe(docs, batch_size=16)):
        proposal = component.propose(doc, keep_all=True)
        rules_out = [(d.date, d.kind) for d in component.finish(doc, proposal)] if proposal else []
        assert rules_out == [(d.date, d.kind) for d in doc._.deadlines], item["id"]  # the rules' proposal is what they emit
        cands = proposal.candidates if proposal else []
        feats, dense = instances(doc, cands, component.rules, cues, proposal.published if proposal else None)
        labels = [label(item, c, proposal.sentences) for c in cands]
        out.append({**item, "doc": doc, "proposal": proposal, "feats": feats, "dense": dense, "labels": labels, "rules": rules_out})
    return out


def fold_of(item: dict) -> int:
    return zlib.crc32(item["article"].encode("utf-8")) % FOLDS


def fit(rows: list[dict], l2: float) -> LinearClassifier:
    feats = [f for r in rows for f in r["feats"]]
    dense = numpy.concatenate([r["dense"] for r in rows if r["feats"]]) if feats else numpy.zeros((0, DENSE_WIDTH))
    model = LinearClassifier(labels=LABELS, dense_width=DENSE_WIDTH)
    model.fit(feats, dense, [y for r in rows for y in r["labels"]], epochs=EPOCHS, l2=l2)
    return model


def out_of_fold(rows: list[dict], l2: float) -> list[numpy.ndarray]:
    probs: list[numpy.ndarray | None] = [None] * len(rows)
    for k in range(FOLDS):
        model = fit([r for r in rows if fold_of(r) != k], l2)
        for i, r in enumerate(rows):
            if fold_of(r) == k:
                probs[i] = predict(model, r["feats"], r["dense"])
    return probs


def _matched(pred: list[tuple[str, str]], gold: list[tuple[str, str]]) -> int:
    left, n = list(gold), 0
    for p in pred:
        if p in left:
            left.remove(p)
            n += 1
    return n


def score(rows: list[dict], predictions: list[list[tuple[str, str]]]) -> dict:
    """Deadline P/R/F1 on (date, kind) per source, and the timex false-deadline rate (per batch too)."""
    out: dict = {}
    for source in ("timex", "article", "all"):
        tp = fp = fn = 0
        for r, pred in zip(rows, predictions):
            if (source != "all" and r["source"] != source) or r["unresolved"]:
                continue
            gold = [(g["date"], g["kind"]) for g in r["gold"]]
            m = _matched(pred, gold)
            tp, fp, fn = tp + m, fp + len(pred) - m, fn + len(gold) - m
        p, rc = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        out[source] = {"p": p, "r": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}
    for batch in ("first", "second", "all"):
        neg = [(r, pred) for r, pred in zip(rows, predictions)
               if r["source"] == "timex" and not r["unresolved"] and not r["gold"] and batch in ("all", r["batch"])]
        out[f"false_{batch}"] = sum(bool(pred) for _, pred in neg) / len(neg) if neg else 0.0
    return out


def predictions(component, rows: list[dict], probs, threshold: float, kinds: str) -> list[list[tuple[str, str]]]:
    out = []
    for r, p in zip(rows, probs):
        if r["proposal"] is None:
            out.append([])
            continue
        scores = decide(p, r["proposal"].candidates, threshold, kinds, None)
        out.append([(d.date, d.kind) for d in component.finish(r["doc"], r["proposal"], scores)])
    return out


def write_errors(path: Path, rows: list[dict], predicted: list[list[tuple[str, str]]]) -> None:
    """One JSON line per dev document whose out-of-fold deadlines differ from its gold: the spurious and the missed
    (date, kind), the sentence of each predicted candidate (dev only: the errors one tunes on)."""
    with path.open("w", encoding="utf-8") as out:
        for r, pred in zip(rows, predicted):
            if r["unresolved"]:
                continue
            gold = [(g["date"], g["kind"]) for g in r["gold"]]
            left = list(gold)
            spurious = []
            for p in pred:
                if p in left:
                    left.remove(p)
                else:
                    spurious.append(p)
            if not spurious and not left:
                continue
            cands = r["proposal"].candidates if r["proposal"] else []
            doc = r["doc"]
            where = {}
            for c in cands:
                span = doc.char_span(c.expression.span.start, c.expression.span.end, alignment_mode="expand")
                if c.date and span is not None:
                    where.setdefault(c.date, " ".join(span.sent.text.split())[:300])
            out.write(json.dumps({"id": r["id"], "source": r["source"], "spurious": spurious, "missed": left,
                                  "gold": [{**g, "span": None} for g in r["gold"]],
                                  "sentences": {d: where.get(d) for d, _ in spurious + left}}, ensure_ascii=False) + "\n")


def line(name: str, s: dict) -> str:
    return (f"{name:<24} timex P {s['timex']['p']:.3f} R {s['timex']['r']:.3f} F1 {s['timex']['f1']:.3f} | false {s['false_all']:.3f} "
            f"(first half {s['false_first']:.3f}, second {s['false_second']:.3f}) | articles P {s['article']['p']:.3f} "
            f"R {s['article']['r']:.3f} F1 {s['article']['f1']:.3f} | pooled F1 {s['all']['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "deadlines")
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    parser.add_argument("--errors", type=Path, help="write the chosen configuration's out-of-fold errors on dev here (JSONL)")
    args = parser.parse_args(argv)
    started = time.time()
    import depeche.pipeline as pipeline

    # the pipeline as the rules run it, without reading the weights this script is about to write
    rules = {"components.depeche_deadlines.decision": {"@misc": "depeche.deadline_decision.rules.v1"}}
    if "decision_weights" in (ROOT / "models/config.cfg").read_text(encoding="utf-8"):
        rules["initialize.components.depeche_deadlines.decision_weights"] = None
    nlp = pipeline.build(overrides=rules, disable=["depeche_deals", "depeche_qualifiers", "depeche_spans"])
    component = nlp.get_pipe("depeche_deadlines")
    rows = collect(nlp, timex_items() + article_items())
    labels = Counter(y for r in rows for y in r["labels"])
    gold_n = sum(len(r["gold"]) for r in rows)
    covered = sum(1 for r in rows for g in r["gold"] if (g["date"], g["kind"]) in
                  {(c.date, y) for c, y in zip(r["proposal"].candidates if r["proposal"] else [], r["labels"])})
    print(f"{len(rows)} dev documents, {sum(len(r['labels']) for r in rows)} candidates {dict(labels)}; "
          f"gold deadlines whose (date, kind) a candidate carries: {covered}/{gold_n} ({time.time() - started:.0f} s)")
    print(line("rules (dev)", score(rows, [r["rules"] for r in rows])))
    best = None
    for l2 in L2_GRID:
        probs = out_of_fold(rows, l2)
        for kinds in ("rules", "model"):
            grid = [(t, score(rows, predictions(component, rows, probs, t, kinds))) for t in THRESHOLDS]
            top = max(s["all"]["f1"] for _, s in grid)
            t, s = max(((t, s) for t, s in grid if s["all"]["f1"] >= top - 0.005), key=lambda ts: ts[0])
            print(line(f"cv l2={l2:g} kinds={kinds} t={t:.2f}", s))
            if best is None or s["all"]["f1"] > best[3]["all"]["f1"] + 1e-9:
                best = (l2, kinds, probs, s, t, grid)
    l2, kinds, probs, chosen, threshold, grid = best
    print(f"chosen (dev cross-validation): l2 {l2:g}, kinds {kinds}, threshold {threshold:.2f}")
    for t, s in grid:
        print(line(f"  t={t:.2f}", s))
    if args.errors:
        write_errors(args.errors, rows, predictions(component, rows, probs, threshold, kinds))
    outcomes = [Outcome(None, (), y != "no", raw=float(1.0 - p[0])) for r, ps in zip(rows, probs) for y, p in zip(r["labels"], ps)]
    calibration = fit_isotonic("depeche_deadlines", outcomes, fitted_on="dev (timex sentences + corpus articles), 5-fold out-of-fold P(deadline) per candidate")
    print(format_reliability(reliability(recalibrated(calibration, outcomes)), "deadline confidence, dev (out-of-fold, calibrated)"))
    if args.dry_run:
        return 0
    model = fit(rows, l2)
    rules_score = score(rows, [r["rules"] for r in rows])
    model.info.update(trained_by="benchmarks/train_deadlines.py", folds=FOLDS, l2=l2, kinds=kinds, threshold=threshold,
                      data={"documents": len(rows), "candidates": sum(len(r["labels"]) for r in rows), "labels": dict(labels)},
                      cross_validation={"model": chosen, "rules": rules_score}, calibration=calibration.to_dict())
    args.out.mkdir(parents=True, exist_ok=True)
    model.to_disk(args.out / "decision.json")
    print(f"wrote {args.out / 'decision.json'} ({time.time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
