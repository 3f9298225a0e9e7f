"""Fit the confidence calibrations on dev (`depeche.calibration`) and print the test reliability tables.

    .venv/bin/python benchmarks/calibrate.py --kind dates                       # fit models/calibration/dates.json
    .venv/bin/python benchmarks/calibrate.py --kind deals --kind deal.parties   # one table per kind of item
    .venv/bin/python benchmarks/calibrate.py --kind deals --method isotonic     # raw score -> precision
    .venv/bin/python benchmarks/calibrate.py --kind dates --dry-run             # fit and report, write nothing

One pipeline (`depeche.load()`) extracts `corpus/{dev,test}/articles` and, for deal kinds, the sentence bank
`corpus/sentences/{dev,test}.jsonl`. Every predicted item is matched against gold by `depeche.evaluate`
(`Report.outcomes`: right or not, as it is scored there); the table of each `--kind` (one of
`depeche.evaluate.OUTCOME_KINDS`) is fitted on the **dev** outcomes only and written to
`models/calibration/<kind>.json` (dots as underscores: `deal_parties.json`), which the component loads
through its `initialize()` data (config.cfg). The **test** outcomes are only re-scored with the fitted table
(`calibration.recalibrated`, no second pipeline run) and printed as a reliability table: report them, never
tune on them.

Methods: `via` (default) — per-via precision, m-estimate smoothed (`calibration.fit_via`): the item's via ids
must say what made it; `isotonic` — the confidence the records carry is taken as the component's raw score
(ship an `identity` table first: `{"component": ..., "method": "identity", "default": 0.5}`) and mapped to
precision by pool-adjacent-violators (`calibration.fit_isotonic`; refitting over its own output gives the
same steps). Both are deterministic: no sampling, no seed needed, the same records give the same table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
TABLES = ROOT / "models" / "calibration"
SENTENCE_KINDS = ("deals", "deal.parties", "deal.status")  # what the sentence bank's gold can judge


def outcomes_by_split(kinds: list[str]) -> dict[str, dict[str, list]]:
    """{split: {kind: [Outcome]}} for dev and test: the corpus articles, plus the sentence bank for deal kinds."""
    import depeche
    from depeche.evaluate.suite import corpus_reports, sentence_reports

    extractor = depeche.load()
    reports = {"corpus": corpus_reports(extractor, CORPUS, ("dev", "test"))}
    if any(k in SENTENCE_KINDS for k in kinds):
        reports["sentences"] = sentence_reports(extractor, CORPUS / "sentences", ("dev", "test"))
    out: dict[str, dict[str, list]] = {"dev": {}, "test": {}}
    for per_split in reports.values():
        for split, report in per_split.items():
            for kind in kinds:
                out[split].setdefault(kind, []).extend(report.outcomes.get(kind, []))
    return out


def main(argv: list[str] | None = None) -> int:
    from depeche.calibration import as_raw, fit_isotonic, fit_via, format_reliability, precision_at, recalibrated, reliability
    from depeche.evaluate import OUTCOME_KINDS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", required=True, choices=OUTCOME_KINDS, help="a kind of item to fit (repeatable)")
    parser.add_argument("--method", choices=("via", "isotonic"), default="via")
    parser.add_argument("--component", help="the component name written in the table (default depeche_<first word of the kind>)")
    parser.add_argument("--dry-run", action="store_true", help="fit and report, but write no table")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    split_outcomes = outcomes_by_split(args.kind)
    for kind in args.kind:
        dev, test = split_outcomes["dev"][kind], split_outcomes["test"][kind]
        component = args.component or f"depeche_{kind.split('.')[0]}"
        fitted_on = f"corpus dev{' + sentence bank dev' if kind in SENTENCE_KINDS else ''}: {len(dev)} items"
        if args.method == "via":
            calibration = fit_via(component, dev, fitted_on=fitted_on)
        else:
            calibration = fit_isotonic(component, as_raw(dev), fitted_on=fitted_on)
        dev_fit = recalibrated(calibration, as_raw(dev) if args.method == "isotonic" else dev)
        test_fit = recalibrated(calibration, as_raw(test) if args.method == "isotonic" else test)
        for split, items in (("dev (fitted on)", dev_fit), ("test", test_fit)):
            count, precision = precision_at(items, 0.8)
            at = "-" if precision is None else f"{precision:.3f}"
            title = f"\n{kind}, {split}: {len(items)} items; confidence >= 0.8: {count} items, precision {at}"
            print(format_reliability(reliability(items), title))
        if not args.dry_run:
            path = TABLES / f"{kind.replace('.', '_')}.json"
            calibration.save(path)
            print(f"{kind}: {args.method} table -> {path.relative_to(ROOT)}")
    print(f"\n{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
