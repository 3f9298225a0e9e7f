"""Duckling's French phrases: the share of day-grain phrases that depeche_dates resolves to the right day.

    .venv/bin/python benchmarks/duckling.py

Each phrase of ../shared/eval/duckling-fr/phrases.jsonl with kind "datetime" and grain "Day" is run
alone through depeche_dates (spacy.blank("fr"), publication date = the phrase's ref_time day).
Right: the longest expression found has the phrase's `date` as its value. Duckling's reference
reading is an assistant's (a bare weekday is the next one); depeche reads news (a bare weekday is
the closest, mostly past), so those phrases are also counted apart.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import spacy
import srsly

from depeche.paths import models_dir
from depeche.records import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "duckling-fr" / "phrases.jsonl"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print the phrases resolved wrongly")
    args = parser.parse_args(argv)
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: Duckling's phrases are read from ../shared/eval/duckling-fr/ beside the project")
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_dates").initialize(
        lexicon=srsly.read_json(models_dir() / "lexicons" / "dates.json"),
        patterns=srsly.read_json(models_dir() / "patterns" / "dates" / "patterns.json"),
    )
    tally = collections.Counter()
    for line in DATA.open(encoding="utf-8"):
        phrase = json.loads(line)
        if phrase["kind"] != "datetime" or phrase["grain"] != "Day":
            continue
        text = phrase["text"]
        doc = nlp.make_doc(text)
        doc._.article = Article(id="d", text=text, published=phrase["ref_time"][:10])
        doc = nlp(doc)
        found = max(doc._.dates or [], key=lambda d: d.span.end - d.span.start, default=None)
        bare_weekday = text.lower().split()[0] in WEEKDAYS and len(text.split()) == 1
        group = "bare weekday" if bare_weekday else "other"
        right = found is not None and found.value == phrase["date"]
        tally[(group, "total")] += 1
        tally[(group, "right")] += right
        tally[(group, "found")] += found is not None
        if args.show and not right:
            print("WRONG", repr(text), phrase["date"], "->", found.value if found else None)
    total = sum(tally[(g, "total")] for g in ("bare weekday", "other"))
    right = sum(tally[(g, "right")] for g in ("bare weekday", "other"))
    found = sum(tally[(g, "found")] for g in ("bare weekday", "other"))
    print(json.dumps({
        "day-grain phrases": total,
        "found": found,
        "right day": right,
        "share right": round(right / total, 3),
        "bare weekdays (read as news: closest, mostly past)": f"{tally[('bare weekday', 'right')]}/{tally[('bare weekday', 'total')]}",
        "share right, bare weekdays left out": round(tally[("other", "right")] / tally[("other", "total")], 3),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
