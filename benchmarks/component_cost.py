"""What depeche_dates + depeche_deadlines cost in the whole pipeline, on the OrangeSum dump.

    .venv/bin/python benchmarks/component_cost.py                 # first 2,000 articles
    .venv/bin/python benchmarks/component_cost.py --limit 200     # a quick look

Same process, same texts: the pipeline of models/config.cfg is run component by component over
all the Docs (each component's `pipe` over the whole list, as `nlp.pipe` does batch by batch),
timing each one; the figure is the share of the pipeline's time spent in the dates and
deadlines components. The texts are made Docs (tokenised) before timing; tokenisation is timed
apart and counted in the pipeline's total.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "orangesum" / "articles.jsonl.gz"
OURS = ("depeche_dates", "depeche_deadlines")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the OrangeSum dump is read from ../shared/data/orangesum/ beside the project")

    import depeche
    from depeche.extractor import as_article

    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        articles = [as_article(json.loads(line)) for line in itertools.islice(lines, args.limit)]
    nlp = depeche.load().nlp

    timings = {}
    start = time.perf_counter()
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article = article
        docs.append(doc)
    timings["tokenizer"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=args.batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        timings[name] = time.perf_counter() - start

    total = sum(timings.values())
    ours = sum(timings.get(name, 0.0) for name in OURS)
    found = {
        "dates": sum(len(doc._.dates or []) for doc in docs),
        "deadlines": sum(len(doc._.deadlines or []) for doc in docs),
    }
    print(
        json.dumps(
            {
                "articles": len(docs),
                "characters": sum(len(doc.text) for doc in docs),
                "seconds per component": {k: round(v, 3) for k, v in timings.items()},
                "pipeline seconds": round(total, 2),
                "dates + deadlines seconds": round(ours, 3),
                "dates + deadlines share": round(ours / total, 4),
                "found": found,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
