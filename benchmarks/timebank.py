"""French TimeBank: depeche_dates against the gold TIMEX3, beside dateparser.search.search_dates.

    .venv/bin/python benchmarks/timebank.py --split test            # the figures in docs/benchmarks.md
    .venv/bin/python benchmarks/timebank.py --split dev --blank     # tuning (dev only), no model

Scored on DATE and DURATION TIMEX3 (TIME and SET are out of scope: a prediction that overlaps a
gold TIME or SET is neither right nor wrong). Detection: precision/recall/F1, strict (same
offsets) and relaxed (overlap), one-to-one. Value accuracy: among relaxed matches, the share whose
value equals the gold value. "Day-level values per document": the set of YYYY-MM-DD values of a
document (every prediction, TIME/SET overlaps included) against its gold DATE values of that
form (the figure quoted for dateparser in ../shared/README.md).

dateparser has no offsets: its matched strings are located in the text in order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "fr-timebank"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def load(split: str) -> list[dict]:
    names = ["dev", "test"] if split == "all" else [split]
    docs = []
    for name in names:
        path = DATA / f"{name}.jsonl"
        if not path.exists():
            sys.exit(f"{path} is absent: French TimeBank is read from ../shared/eval/fr-timebank/ beside the project")
        docs += [json.loads(line) for line in path.open(encoding="utf-8")]
    return docs


def match(gold: list[dict], pred: list[dict], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), exact offsets or any overlap."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ok = (g["start"], g["end"]) == (p["start"], p["end"]) if strict else g["start"] < p["end"] and p["start"] < g["end"]
            if ok:
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "tp": tp, "pred": n_pred, "gold": n_gold}


class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, key, tp, n_pred, n_gold):
        c = self.counts.setdefault(key, [0, 0, 0])
        c[0] += tp
        c[1] += n_pred
        c[2] += n_gold

    def result(self):
        return {k: prf(*v) for k, v in self.counts.items()}


def score(docs: list[dict], predictions: list[list[dict]]) -> dict:
    """predictions: per document, dicts with start, end, type ('date'|'duration'|None), value."""
    tally = Tally()
    values = {"DATE": [0, 0], "DURATION": [0, 0]}
    day = [0, 0, 0]
    for doc, pred in zip(docs, predictions):
        gold_all = doc["timex3"]
        ignore = [g for g in gold_all if g["type"] in ("TIME", "SET")]
        everything = pred
        pred = [p for p in pred if not any(g["start"] < p["end"] and p["start"] < g["end"] for g in ignore)]
        for scope, types, ptypes in (
            ("DATE+DURATION", ("DATE", "DURATION"), ("date", "duration", None)),
            ("DATE", ("DATE",), ("date", None)),
            ("DURATION", ("DURATION",), ("duration", None)),
        ):
            gold = [g for g in gold_all if g["type"] in types]
            # an untyped system (dateparser) is scored on each scope against what it found overall
            others = [g for g in gold_all if g["type"] not in types and g["type"] not in ("TIME", "SET")]
            mine = [p for p in pred if p["type"] in ptypes]
            if any(p["type"] is None for p in mine):
                mine = [p for p in mine if not any(g["start"] < p["end"] and p["start"] < g["end"] for g in others)]
            for strict in (True, False):
                pairs = match(gold, mine, strict)
                tally.add((scope, "strict" if strict else "relaxed"), len(pairs), len(mine), len(gold))
                if not strict and scope != "DATE+DURATION":
                    for gi, pi in pairs:
                        values[scope][0] += mine[pi]["value"] == gold[gi]["value"]
                        values[scope][1] += 1
        gold_days = {g["value"] for g in gold_all if g["type"] == "DATE" and DAY.fullmatch(g["value"] or "")}
        pred_days = {p["value"] for p in everything if p["type"] in ("date", None) and DAY.fullmatch(p["value"] or "")}
        day[0] += len(gold_days & pred_days)
        day[1] += len(pred_days)
        day[2] += len(gold_days)
    out = {f"{scope} {mode}": r for (scope, mode), r in tally.result().items()}
    for scope, (right, n) in values.items():
        out[f"{scope} value accuracy"] = {"accuracy": round(right / n, 3) if n else 0.0, "right": right, "matched": n}
    out["day-level values per document"] = prf(*day)
    return out


def depeche_predictions(docs: list[dict], blank: bool, nlp=None) -> tuple[list[list[dict]], float]:
    """depeche's date and duration expressions per document; `nlp`, when given, is the pipeline to run."""
    from depeche.records import Article

    if nlp is not None:
        pass
    elif blank:
        import spacy
        import srsly

        from depeche.paths import models_dir

        nlp = spacy.blank("fr")
        nlp.add_pipe("depeche_dates").initialize(
            lexicon=srsly.read_json(models_dir() / "lexicons" / "dates.json"),
            patterns=srsly.read_json(models_dir() / "patterns" / "dates" / "patterns.json"),
        )
    else:
        import depeche

        nlp = depeche.load().nlp
    start = time.perf_counter()
    out = []
    for d in docs:
        doc = nlp.make_doc(d["text"])
        doc._.article = Article(id=d["doc_id"], text=d["text"], published=d["dct"])
        doc = nlp(doc)
        out.append(
            [
                {"start": t.span.start, "end": t.span.end, "type": t.type, "value": t.value}
                for t in (doc._.dates or [])
                if t.type in ("date", "duration")
            ]
        )
    return out, time.perf_counter() - start


def dateparser_predictions(docs: list[dict]) -> tuple[list[list[dict]], float]:
    from dateparser.search import search_dates

    start = time.perf_counter()
    out = []
    for d in docs:
        base = dt.datetime.fromisoformat(d["dct"])
        found = search_dates(d["text"], languages=["fr"], settings={"RELATIVE_BASE": base}) or []
        preds, cursor = [], 0
        for string, when in found:
            at = d["text"].find(string, cursor)
            if at < 0:
                at = d["text"].find(string)
            if at < 0:
                continue
            cursor = at + len(string)
            preds.append({"start": at, "end": at + len(string), "type": None, "value": when.date().isoformat()})
        out.append(preds)
    return out, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--blank", action="store_true", help="depeche_dates alone on spacy.blank('fr') (no parse, cue-word tense)")
    parser.add_argument("--no-dateparser", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print depeche's misses and wrong values (use on dev)")
    args = parser.parse_args(argv)
    docs = load(args.split)
    ours, seconds = depeche_predictions(docs, args.blank)
    results = {"split": args.split, "documents": len(docs), "depeche": score(docs, ours), "depeche seconds": round(seconds, 2)}
    if not args.no_dateparser:
        theirs, seconds = dateparser_predictions(docs)
        results["dateparser.search_dates"] = score(docs, theirs)
        results["dateparser seconds"] = round(seconds, 2)
    if args.errors:
        for d, pred in zip(docs, ours):
            for g in d["timex3"]:
                if g["type"] not in ("DATE", "DURATION"):
                    continue
                hit = [p for p in pred if g["start"] < p["end"] and p["start"] < g["end"]]
                if not hit:
                    print("MISS", d["dct"], g["type"], repr(g["text"]), g["value"], "|", d["text"][max(0, g["start"] - 50) : g["start"]].replace("\n", " "))
                elif hit[0]["value"] != g["value"]:
                    print("VALUE", d["dct"], repr(g["text"]), g["value"], "->", hit[0]["value"], "|", d["text"][max(0, g["start"] - 50) : g["start"]].replace("\n", " "))
            for p in pred:
                if not any(g["start"] < p["end"] and p["start"] < g["end"] for g in d["timex3"]):
                    print("FALSE", d["dct"], repr(d["text"][p["start"] : p["end"]]), p["value"], "|", d["text"][max(0, p["start"] - 50) : p["start"]].replace("\n", " "))
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
