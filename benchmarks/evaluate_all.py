"""Every evaluation set in one run, one table: corpus articles and the sentence bank (test and dev), WiNER-fr,
French TimeBank — test figures first, dev labelled as such.

    .venv/bin/python benchmarks/evaluate_all.py                      # print the tables
    .venv/bin/python benchmarks/evaluate_all.py --write-docs         # and put them in docs/benchmarks.md
    .venv/bin/python benchmarks/evaluate_all.py --write-baseline     # and write benchmarks/baseline-dev.json
    .venv/bin/python benchmarks/evaluate_all.py --only corpus sentences --dev-errors out/dev-errors.txt

One pipeline (`depeche.load()`) runs every set. Corpus and sentence bank: the records of
`corpus/{dev,test}/articles` and `corpus/sentences/{dev,test}.jsonl`, scored by `depeche.evaluate`
(`evaluate_corpus`, `evaluate_sentences`); the time-expression set `corpus/timex/{dev,test}.jsonl` by
`depeche.evaluate.timex` (deadline P/R/F1, false deadlines). WiNER-fr: PER/ORG/LOC exact-span F1 on `doc.ents` (benchmarks/winer.py's
protocol) on test and on the dev documents the fine-tuned ner was not trained on (dev-held-out, without the
gazetteer harvested from WiNER dev, which saw them). French
TimeBank: benchmarks/timebank.py's scores (relaxed DATE+DURATION detection, value accuracy) on test and dev.

`--dev-errors FILE` writes what was missed or spurious on the dev split only: tune on dev, never read test's
errors. `--write-baseline` writes the dev figures `tests/test_dev_baseline.py` guards (update it deliberately, in
its own commit, saying why).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
CORPUS = ROOT / "corpus"
BASELINE = ROOT / "benchmarks" / "baseline-dev.json"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- evaluate_all: begin -->", "<!-- evaluate_all: end -->"
SETS = ("corpus", "sentences", "timex", "winer", "timebank")


def winer_rows(extractor) -> tuple[list[str], list[list[str]]]:
    """WiNER-fr test with the shipped pipeline; dev-held-out without the gazetteer harvested from WiNER dev
    (it was harvested from every dev document, the held-out ones too: with it, dev-held-out is not held out)."""
    import winer
    from train_ner import split_dev

    import depeche
    from depeche.records import Article

    no_harvest = depeche.load(overrides={"initialize.components.depeche_organisations.harvested": []})
    results = {}
    for name, docs, nlp in (
        ("test", winer.read_split("test"), extractor.nlp),
        ("dev-held-out, no harvest", split_dev(winer.read_split("dev"))[1], no_harvest.nlp),
    ):
        def made(d, nlp=nlp):
            doc = nlp.make_doc(d["text"])
            doc._.article = Article(id=d["doc_id"], text=d["text"], published=d.get("dct"), url=d.get("url"))
            return doc

        golds = [winer.gold_entities(d, "all") for d in docs]
        preds = [winer.predicted(doc) for doc in nlp.pipe((made(d) for d in docs), batch_size=32)]
        results[f"{name} ({len(docs)} docs)"] = winer.score(zip(golds, preds))
    header = ["label"] + [f"{name} {m}" for name in results for m in ("P %", "R %", "F1 %")]
    rows = []
    for label in ("PER", "ORG", "LOC", "all"):
        row = [label]
        for table in results.values():
            scores = table[label]
            row += [f"{100 * scores[m]:.1f}" for m in ("p", "r", "f1")]
        rows.append(row)
    return header, rows


def timebank_rows(extractor) -> tuple[list[str], list[list[str]]]:
    import timebank

    results = {}
    for split in ("test", "dev"):
        docs = timebank.load(split)
        predictions, _ = timebank.depeche_predictions(docs, blank=False, nlp=extractor.nlp)
        results[f"{split} ({len(docs)} docs)"] = timebank.score(docs, predictions)
    header = ["measure"] + list(results)
    rows = []
    for scope in ("DATE+DURATION", "DATE", "DURATION"):
        rows.append([f"{scope} relaxed F1 %"] + [f"{100 * r[f'{scope} relaxed']['F1']:.1f}" for r in results.values()])
        rows.append([f"{scope} strict F1 %"] + [f"{100 * r[f'{scope} strict']['F1']:.1f}" for r in results.values()])
    for scope in ("DATE", "DURATION"):
        rows.append([f"{scope} value accuracy %"] + [f"{100 * r[f'{scope} value accuracy']['accuracy']:.1f}" for r in results.values()])
    return header, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--write-docs", action="store_true", help="replace the evaluation section of docs/benchmarks.md")
    parser.add_argument("--write-baseline", action="store_true", help=f"write the dev figures to {BASELINE.relative_to(ROOT)}")
    parser.add_argument("--dev-errors", type=Path, help="write the dev split's errors (corpus, sentences, timex) here")
    parser.add_argument("--json", type=Path, help="write every report as JSON here")
    args = parser.parse_args(argv)

    import depeche
    from depeche.evaluate import sentence_table, split_table
    from depeche.evaluate.suite import corpus_reports, figures, sentence_reports
    from depeche.evaluate.tables import markdown

    started = time.perf_counter()
    extractor = depeche.load()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    parts = [
        f"Run on {dt.date.today()} at commit {commit} (`.venv/bin/python benchmarks/evaluate_all.py --write-docs`)."
        " Test figures first; dev is where the rules are tuned and errors read."
    ]
    reports: dict[str, dict] = {}
    if "corpus" in args.only:
        reports["corpus"] = corpus_reports(extractor, CORPUS)
        sizes = ", ".join(f"{split} {len(r.articles)} articles" for split, r in reports["corpus"].items())
        parts.append("### Corpus articles\n\n" + split_table(reports["corpus"], f"{sizes} (micro-averaged; n = gold items)"))
    if "sentences" in args.only:
        reports["sentences"] = sentence_reports(extractor, CORPUS / "sentences")
        parts.append("### Sentence bank (deals)\n\n" + sentence_table(reports["sentences"]))
    if "timex" in args.only:
        from depeche.evaluate.timex import timex_reports, timex_table

        reports["timex"] = timex_reports(extractor, CORPUS / "timex")
        parts.append("### Time-expression set (false deadlines)\n\n" + timex_table(reports["timex"]))
    if "winer" in args.only:
        parts.append("### WiNER-fr (organisations and people: exact spans on doc.ents)\n\n" + markdown(*winer_rows(extractor)))
    if "timebank" in args.only:
        parts.append("### French TimeBank (dates and durations)\n\n" + markdown(*timebank_rows(extractor)))
    parts.append(f"({time.perf_counter() - started:.0f} s on this machine, pipeline load included.)")
    text = "\n\n".join(parts)
    print(text)

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({s: {k: v.to_dict() for k, v in r.items()} for s, r in reports.items()}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    if args.dev_errors:
        args.dev_errors.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{name} {item}: {line}" for name, r in reports.items() for item, ls in sorted(r["dev"].errors.items()) for line in ls]
        args.dev_errors.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} dev errors -> {args.dev_errors}")
    if args.write_baseline:
        if not {"corpus", "sentences"} <= set(reports):
            sys.exit("--write-baseline needs the corpus and sentences sets")
        BASELINE.write_text(json.dumps(figures(reports["corpus"]["dev"], reports["sentences"]["dev"]), indent=1, sort_keys=True) + "\n")
        print(f"dev baseline -> {BASELINE.relative_to(ROOT)}")
    if args.write_docs:
        doc = DOCS.read_text(encoding="utf-8")
        if BEGIN not in doc:
            sys.exit(f"{DOCS}: no {BEGIN} marker")
        head, rest = doc.split(BEGIN, 1)
        DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
        print(f"-> {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
