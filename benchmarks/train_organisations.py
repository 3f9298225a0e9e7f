"""Train depeche_organisations' decision (issue 12: rules propose, a model decides) and write
models/organisations/decision.json.

    .venv/bin/python benchmarks/train_organisations.py            # about a minute on 2 cores: writes models/organisations/
    .venv/bin/python benchmarks/train_organisations.py --dry-run  # cross-validation figures only

Data, dev only (never a test split): the corpus dev articles (`corpus/dev/`, whose gold lists every organisation
of the article with its aliases). The candidates are the rule stage's own: the groups
`OrganisationsComponent.propose` makes, each built into the organisation the rules would emit; one is
`organisation` when its name or one of its aliases is a gold organisation's name or alias (folded, as
`depeche evaluate` matches them), else `no`. The ner's entities the features read are the model's own (the
pipeline runs up to `ner`, then the component's stages before building).

5-fold cross-validation by article (crc32 of the article id) gives out-of-fold probabilities; for each l2 and
threshold the kept organisations are scored as `depeche evaluate` scores them (one-to-one, P/R/F1). The threshold
is the highest within half a point of the best F1 (precision first: the issue's target is precision); the
probabilities are calibrated (isotonic) on the out-of-fold predictions. Deterministic: full-batch Adam from zeros,
fixed folds.
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
from depeche.components.deals.learned import LinearClassifier  # noqa: E402
from depeche.components.organisations import build  # noqa: E402
from depeche.components.organisations.decision import DENSE_WIDTH, LABELS, instances  # noqa: E402
from depeche.evaluate.gold import load_gold  # noqa: E402
from depeche.evaluate.scores import _entities  # noqa: E402
from depeche.normalise.text import fold  # noqa: E402
from depeche.records import Article  # noqa: E402

FOLDS = 5
EPOCHS = 200
L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2)
THRESHOLDS = [t / 100 for t in range(5, 91, 5)]
UPSTREAM = ["tok2vec", "morphologizer", "parser", "ner"]


def collect(nlp, folder: Path) -> list[dict]:
    """Each dev article's groups, the organisation the rules build of each, features and labels."""
    component = nlp.get_pipe("depeche_organisations")
    gold = load_gold(folder / "gold")
    docs, ids = [], []
    for path in sorted((folder / "articles").glob("*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if meta["id"] not in gold:
            continue
        text = path.read_text(encoding="utf-8")
        doc = nlp.make_doc(text)
        doc._.article = Article(id=meta["id"], text=text, published=meta.get("published"))
        docs.append(doc)
        ids.append(meta["id"])
    with nlp.select_pipes(enable=[p for p in UPSTREAM if p in nlp.pipe_names]):
        docs = list(nlp.pipe(docs, batch_size=16))
    rows = []
    for article_id, doc in zip(ids, docs):
        ctx, groups = component.propose(doc)
        records = build.build(component.tables, ctx, groups)  # sorts the groups: records[i] is groups[i]'s
        feats, dense = instances(component.tables, ctx, groups)
        golds = gold[article_id].organisations
        gold_forms = [{fold(f) for f in [g.name, *g.aliases]} for g in golds]
        labels = []
        for record in records:
            forms = {fold(f) for f in [record.name, *record.aliases]}
            labels.append("organisation" if any(forms & g for g in gold_forms) else "no")
        rows.append({"id": article_id, "records": records, "gold": golds, "feats": feats, "dense": dense, "labels": labels})
    return rows


def collect_winer(nlp) -> list[dict]:
    """WiNER-fr's 116 held-out dev articles (those `models/ner` was not trained on: `train_ner.split_dev`): a group
    is `organisation` when at least half its mentions are gold Organization spans, exactly."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_ner import split_dev
    from winer import read_split

    component = nlp.get_pipe("depeche_organisations")
    items = split_dev(read_split("dev"))[1]
    docs = []
    for d in items:
        doc = nlp.make_doc(d["text"])
        doc._.article = Article(id=d["doc_id"], text=d["text"], published=d.get("dct"))
        docs.append(doc)
    with nlp.select_pipes(enable=[p for p in UPSTREAM if p in nlp.pipe_names]):
        docs = list(nlp.pipe(docs, batch_size=16))
    rows = []
    for d, doc in zip(items, docs):
        gold = {(e["start"], e["end"]) for e in d["entities"] if e["label"] == "Organization"}
        ctx, groups = component.propose(doc)
        feats, dense = instances(component.tables, ctx, groups)
        labels = ["organisation" if 2 * sum((s.start_char, s.end_char) in gold for s in g.spans) >= len(g.spans) else "no" for g in groups]
        rows.append({"id": d["doc_id"], "feats": feats, "dense": dense, "labels": labels, "winer": True})
    return rows


def fold_of(row: dict) -> int:
    return zlib.crc32(row["id"].encode("utf-8")) % FOLDS


def fit(rows: list[dict], l2: float) -> LinearClassifier:
    feats = [f for r in rows for f in r["feats"]]
    dense = numpy.concatenate([r["dense"] for r in rows if r["feats"]]) if feats else numpy.zeros((0, DENSE_WIDTH))
    model = LinearClassifier(labels=LABELS, dense_width=DENSE_WIDTH)
    model.fit(feats, dense, [y for r in rows for y in r["labels"]], epochs=EPOCHS, l2=l2)
    return model


def p_yes(model: LinearClassifier, row: dict) -> list[float]:
    return [float(p[1]) for p in model.predict(row["feats"], row["dense"])] if row["feats"] else []


def out_of_fold(rows: list[dict], l2: float, extra: list[dict]) -> list[list[float]]:
    probs: list[list[float]] = [[] for _ in rows]
    for k in range(FOLDS):
        model = fit([r for r in rows if fold_of(r) != k] + extra, l2)
        for i, r in enumerate(rows):
            if fold_of(r) == k:
                probs[i] = p_yes(model, r)
    return probs


def score(rows: list[dict], probs: list[list[float]], threshold: float) -> dict:
    """Organisations P/R/F1 as `depeche evaluate` scores them, keeping those with P ≥ threshold."""
    tp = fp = fn = 0
    for r, ps in zip(rows, probs):
        s, _ = _entities([rec for rec, p in zip(r["records"], ps) if p >= threshold], r["gold"])
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    p, rc = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
    return {"p": p, "r": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}


def line(name: str, s: dict) -> str:
    return f"{name:<26} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "organisations")
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    parser.add_argument("--winer", action="store_true", help="train on WiNER-fr's 116 held-out dev articles too (collect_winer)")
    args = parser.parse_args(argv)
    started = time.time()
    import depeche.pipeline as pipeline

    # the pipeline as the rules run it, without reading the weights this script is about to write
    rules = {"components.depeche_organisations.decision": {"@misc": "depeche.organisation_decision.rules.v1"}}
    if "organisations/decision.json" in (ROOT / "models/config.cfg").read_text(encoding="utf-8"):
        rules["initialize.components.depeche_organisations.decision_weights"] = None
    nlp = pipeline.build(overrides=rules, disable=["depeche_people", "depeche_dates", "depeche_deadlines", "depeche_deals",
                                                   "depeche_qualifiers", "depeche_spans"])
    rows = collect(nlp, ROOT / "corpus" / "dev")
    extra = []
    if args.winer:
        # the gazetteer harvested from WiNER-fr dev lists these articles' organisations: left out for them
        winer_nlp = pipeline.build(overrides={**rules, "initialize.components.depeche_organisations.harvested": []},
                                   disable=["depeche_people", "depeche_dates", "depeche_deadlines", "depeche_deals",
                                            "depeche_qualifiers", "depeche_spans"])
        extra = collect_winer(winer_nlp)
        print(f"WiNER-fr held-out dev: {len(extra)} articles, {dict(Counter(y for r in extra for y in r['labels']))}")
    labels = Counter(y for r in rows for y in r["labels"])
    print(f"{len(rows)} dev articles, {sum(len(r['labels']) for r in rows)} groups {dict(labels)} ({time.time() - started:.0f} s)")
    rules_score = score(rows, [[1.0] * len(r["labels"]) for r in rows], 0.5)
    print(line("rules (dev)", rules_score))
    best = None
    for l2 in L2_GRID:
        probs = out_of_fold(rows, l2, extra)
        grid = [(t, score(rows, probs, t)) for t in THRESHOLDS]
        top = max(s["f1"] for _, s in grid)
        t, s = max(((t, s) for t, s in grid if s["f1"] >= top - 0.005), key=lambda ts: ts[0])
        print(line(f"cv l2={l2:g} t={t:.2f}", s))
        if best is None or s["f1"] > best[3]["f1"] + 1e-9:
            best = (l2, probs, t, s, grid)
    l2, probs, threshold, chosen, grid = best
    print(f"chosen (dev cross-validation): l2 {l2:g}, threshold {threshold:.2f}")
    for t, s in grid:
        print(line(f"  t={t:.2f}", s))
    outcomes = [Outcome(None, (), y != "no", raw=p) for r, ps in zip(rows, probs) for y, p in zip(r["labels"], ps)]
    calibration = fit_isotonic("depeche_organisations", outcomes,
                               fitted_on="dev (corpus articles), 5-fold out-of-fold P(organisation) per group")
    print(format_reliability(reliability(recalibrated(calibration, outcomes)), "organisation confidence, dev (out-of-fold, calibrated)"))
    if args.dry_run:
        return 0
    model = fit(rows + extra, l2)
    model.info.update(trained_by="benchmarks/train_organisations.py", folds=FOLDS, l2=l2, threshold=threshold, winer=args.winer,
                      data={"articles": len(rows), "groups": sum(len(r["labels"]) for r in rows), "labels": dict(labels)},
                      cross_validation={"model": chosen, "rules": rules_score}, calibration=calibration.to_dict())
    args.out.mkdir(parents=True, exist_ok=True)
    model.to_disk(args.out / "decision.json")
    print(f"wrote {args.out / 'decision.json'} ({time.time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
