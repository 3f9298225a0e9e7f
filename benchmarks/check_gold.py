"""Check gold files against their texts, and find offsets while annotating.

    .venv/bin/python benchmarks/check_gold.py corpus/dev/gold/orangesum-123.json ...   # article gold
    .venv/bin/python benchmarks/check_gold.py corpus/sentences/dev.jsonl                 # sentence bank
    .venv/bin/python benchmarks/check_gold.py --find corpus/dev/articles/orangesum-123.txt "Veolia" "29,9 %"

An article's gold is `corpus/<split>/gold/<id>.json` beside `corpus/<split>/articles/<id>.txt`; every span in
it must be the article's `text[start:end]`, every name and alias must be in the text. A sentence line's spans
are offsets into its `text`. Prints one line per problem and exits 1 if there is any. `--find` prints every
occurrence of each string in a text as a ready-made span (`{"start": …, "end": …, "text": …}`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from depeche.evaluate import GoldArticle, GoldSentence, span_problems  # noqa: E402
from depeche.normalise.text import fold  # noqa: E402


def article_problems(path: Path) -> list[str]:
    try:
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as err:
        return [f"{path}: {err}"]
    text_path = path.parent.parent / "articles" / f"{path.stem}.txt"
    if gold.id != path.stem:
        return [f"{path}: id {gold.id!r} is not the file name"]
    if not text_path.exists():
        return [f"{path}: no article {text_path}"]
    text = text_path.read_text(encoding="utf-8")
    problems = [f"{path}: {p}" for p in span_problems(gold, text)]
    folded = fold(text)
    for entity in [*gold.organisations, *gold.people]:
        for form in [entity.name, *entity.aliases]:
            if fold(form) not in folded and form == entity.name and not any(fold(a) in folded for a in entity.aliases):
                problems.append(f"{path}: {form!r} is not in the text")
            elif form != entity.name and fold(form) not in folded:
                problems.append(f"{path}: alias {form!r} is not in the text")
    names = {fold(f) for e in [*gold.organisations, *gold.people] for f in [e.name, *e.aliases]}
    for deal in gold.deals:
        for party in deal.parties:
            if fold(party.name) not in names and fold(party.name) not in folded:
                problems.append(f"{path}: deal party {party.name!r} is neither a gold entity nor in the text")
    return problems


def sentence_problems(path: Path) -> list[str]:
    problems, ids = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            sentence = GoldSentence.model_validate_json(line)
        except ValueError as err:
            problems.append(f"{path}:{number}: {err}")
            continue
        if sentence.id in ids:
            problems.append(f"{path}:{number}: id {sentence.id} twice")
        ids.add(sentence.id)
        problems.extend(f"{path}:{number}: {p}" for p in span_problems(sentence, sentence.text))
        if sentence.deal != bool(sentence.deals):
            problems.append(f"{path}:{number}: deal is {sentence.deal} but {len(sentence.deals)} deals are listed")
    return problems


def find(text_path: Path, needles: list[str]) -> None:
    text = text_path.read_text(encoding="utf-8")
    for needle in needles:
        start = text.find(needle)
        if start < 0:
            print(f"{needle!r}: not found")
        while start >= 0:
            print(json.dumps({"start": start, "end": start + len(needle), "text": needle}, ensure_ascii=False))
            start = text.find(needle, start + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--find", action="store_true", help="the first path is a text; the others are strings to find")
    args = parser.parse_args()
    if args.find:
        find(Path(args.paths[0]), args.paths[1:])
        return
    problems = []
    for path in map(Path, args.paths):
        problems.extend(sentence_problems(path) if path.suffix == ".jsonl" else article_problems(path))
    for problem in problems:
        print(problem)
    print(f"{len(args.paths)} files, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
