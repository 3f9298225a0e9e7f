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

    .venv/bin/python benchmarks/build_training_sentences.py --dump > /tmp/dump-candidates.jsonl

`--dump` picks from the OrangeSum dump instead (the test distribution: real French general news), for
`corpus/training/dump.jsonl`: sentences of **dev-split** articles only (`depeche.evaluate.split_of`), never a
reserved article, an article of a test set (corpus/test, the test sentence bank) or a sentence already in the
sentence bank or the training set, holding a transaction word and corporate vocabulary (the sentence bank took
every sentence with a deal-looking construction already; what is left are the deals told with other verbs —
« X cède Y », « acquiert », « l'achat de » — and the hard corporate non-deals — sales figures, « investir »,
« reprise » of activity). Kept: every candidate whose word is not vendre / vente / investir, and a seeded share
of those three (`--per-common`), shuffled (seeded). `--dump --extra-words` picks the second batch: every such
sentence that holds none of the sentence bank's words but one of the broader ones (achat, acheter, offre,
capital, partenariat, absorber).
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

from build_real_corpus import OPA, STRONG, WORDS, W, dump_articles, sentences, test_article_ids  # noqa: E402

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


DUMP_CORPORATE = re.compile(
    W % r"milliards? d[e']|millions? d[e']|actionnaires?|filiales?|Bourse|sociétés?|entreprises?|PDG|groupe"
    r"|constructeur|opérateur|fonds|start-up|enseigne|laboratoire|banque|assureur|géant",
    re.I,
)
COMMON = ("vendre", "vente", "investir")


def dump_pick(seed: int, per_common: int, extra_words: bool = False) -> list[dict]:
    sys.path.insert(0, str(ROOT / "src"))
    from depeche.evaluate import split_of

    seen = set()
    for path in [ROOT / "corpus" / "sentences" / "dev.jsonl", ROOT / "corpus" / "sentences" / "test.jsonl",
                 *sorted((ROOT / "corpus" / "training").glob("*.jsonl"))]:
        if path.exists():
            seen |= {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    tests = test_article_ids()
    by_common: dict[str, list[dict]] = {word: [] for word in COMMON}
    picked = []
    for article in dump_articles():
        if split_of(article["id"]) != "dev" or article["id"] in tests:
            continue
        text = article["text"]
        for start, end in sentences(text):
            sentence, key = text[start:end], f"{article['id']}@{start}"
            if not 40 <= len(sentence) <= 400 or key in seen or not DUMP_CORPORATE.search(sentence):
                continue
            words = [word for word, regex in WORD_RE.items() if word in WORDS and regex.search(sentence)]
            if extra_words:  # the second batch: only the training pick's broader words (achat, offre, capital…)
                if words:
                    continue
                words = [word for word, regex in WORD_RE.items() if word not in WORDS and regex.search(sentence)]
            if not words:
                continue
            item = {"id": key, "article": article["id"], "published": article["published"], "start": start, "end": end,
                    "word": words[0], "text": sentence}
            (by_common[words[0]] if words[0] in COMMON else picked).append(item)
    rng = random.Random(seed)
    for items in by_common.values():
        picked += rng.sample(items, min(per_common, len(items)))
    rng.shuffle(picked)
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--others", type=int, default=125, help="random candidates without corporate context")
    parser.add_argument("--stats", action="store_true", help="print counts instead of the sentences")
    parser.add_argument("--dump", action="store_true", help="pick from the OrangeSum dump's dev-split articles")
    parser.add_argument("--per-common", type=int, default=110, help="with --dump: how many of each vendre/vente/investir")
    parser.add_argument("--extra-words", action="store_true", help="with --dump: the sentences holding only the broader "
                        "words (achat, acheter, offre, capital, partenariat, absorber), all of them")
    args = parser.parse_args()
    if args.dump:
        picked = dump_pick(args.seed, args.per_common, args.extra_words)
        if args.stats:
            print(len(picked), Counter(i["word"] for i in picked).most_common())
            return
        for item in picked:
            print(json.dumps(item, ensure_ascii=False))
        return
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
