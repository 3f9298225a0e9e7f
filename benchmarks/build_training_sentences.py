"""Pick the real WiNER-fr sentences to annotate for the training set of the deal models (corpus/training/).

    .venv/bin/python benchmarks/build_training_sentences.py > /tmp/winer-candidates.jsonl
    .venv/bin/python benchmarks/build_training_sentences.py --stats

Reproducible (seeded, WiNER-fr dev read in its order). WiNER-fr dev (../shared/eval/winer-fr/dev.jsonl) is
French Wikinews of 2016–2017 (text CC BY 2.5). Sentences are cut as `build_real_corpus.py --sentences` cuts
the sentence bank (its `sentences()`, 40–400 characters), each line of the text apart (Wikinews texts keep
their headline, dateline and paragraphs on separate lines, without a full stop between them). A sentence is a
candidate when it holds a deal-like word (the sentence bank's transaction words, plus achat / acheter, offre,
capital, partenariat, absorber); picked are **all** the candidates with a corporate context (a deal-looking
construction, or corporate vocabulary: amounts, shareholders, subsidiary, stock exchange, company…), every
candidate of the documents that have one of those, and a
seeded random share of the others (the hard non-deals: « acheter du pain », « la reprise économique »).
Prints one JSON line per picked sentence, in the sentence bank's to-annotate format (`id` =
`winer-<doc_id>@<start>`, `article` = `winer-<doc_id>`, `published` = the document's dct, `start`/`end` offsets in
the document's text, `word`, `text`), plus `why` (`corporate`, `same article` — a candidate of a document that has a corporate one — or `other`), which the annotated file drops.
This only picks: the gold is written by hand, by reading (corpus/ANNOTATING.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_real_corpus import OPA, STRONG, WORDS, W, sentences  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WINER = ROOT.parent / "shared" / "eval" / "winer-fr" / "dev.jsonl"

# the sentence bank's words, then the broader ones of the training pick (checked last: a sentence's `word` is
# the first that matches)
TRAINING_WORDS = {
    **WORDS,
    "vendre": r"vend(?!redis?\b|ée|éen)\w+|vendu\w*",  # not « vendredi », « Vendée »
    "achat": r"achats?", "acheter": r"ach[eè]t\w*", "partenariat": r"partenariats?", "absorber": r"absorb\w+",
    "offre": r"offres?", "capital": r"capital",
}
WORD_RE = {word: re.compile(W % pattern, 0 if word == "OPA" else re.I) for word, pattern in TRAINING_WORDS.items()}
# corporate vocabulary (WiNER is general news: « groupe » alone is mostly a group of people, so it is left out)
CORPORATE = re.compile(
    r"(?<!\w)(?:milliards?|millions?) d(?:e|')|" + W % r"actionnaires?|filiales?|Bourse|sociétés?|entreprises?|PDG|constructeur"
    r"|directeur général|groupe (?:industriel|pharmaceutique|automobile|de médias|bancaire|américain|français)"
    r"|opérateur|banques?|compagnie|fonds d'investissement|concurrence|groupe d'édition",
    re.I,
)


def candidates(path: Path = WINER):
    """Every sentence of WiNER-fr dev with a deal-like word, with why it would be picked."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            text, offset = doc["text"], 0
            for paragraph in text.split("\n"):
                for start, end in sentences(paragraph):
                    sentence = paragraph[start:end]
                    if not 40 <= len(sentence) <= 400:
                        continue
                    words = [word for word, regex in WORD_RE.items() if regex.search(sentence)]
                    if not words:
                        continue
                    corporate = bool(STRONG.search(sentence) or OPA.search(sentence) or CORPORATE.search(sentence))
                    s, e = offset + start, offset + end
                    assert text[s:e] == sentence
                    yield {
                        "id": f"winer-{doc['doc_id']}@{s}", "article": f"winer-{doc['doc_id']}", "published": doc["dct"],
                        "start": s, "end": e, "word": words[0], "text": sentence,
                        "why": "corporate" if corporate else "other",
                    }
                offset += len(paragraph) + 1


def pick(seed: int, others: int) -> list[dict]:
    items = list(candidates())
    # every candidate of a document that has one with a corporate context (the deal is often told over several)
    deal_docs = {i["article"] for i in items if i["why"] == "corporate"}
    for item in items:
        if item["why"] == "other" and item["article"] in deal_docs:
            item["why"] = "same article"
    corporate = [i for i in items if i["why"] != "other"]
    rest = [i for i in items if i["why"] == "other"]
    picked = corporate + random.Random(seed).sample(rest, min(others, len(rest)))
    return sorted(picked, key=lambda i: (i["article"], i["start"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--others", type=int, default=125, help="random candidates without corporate context")
    parser.add_argument("--stats", action="store_true", help="print counts instead of the sentences")
    args = parser.parse_args()
    if not WINER.exists():
        sys.exit(f"{WINER}: not found")
    picked = pick(args.seed, args.others)
    if args.stats:
        print(Counter(i["why"] for i in candidates()), "candidates")
        print(Counter(i["why"] for i in picked), "picked")
        print(Counter(i["word"] for i in picked).most_common())
        return
    for item in picked:
        print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
