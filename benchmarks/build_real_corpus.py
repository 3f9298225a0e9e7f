"""Pick the real articles and sentences of the annotated evaluation sets from the OrangeSum dump.

    .venv/bin/python benchmarks/build_real_corpus.py --articles --sentences

Reproducible (seeded, the dump read in its order): the same dump gives the same selection.

- `--articles` writes `corpus/{dev,test}/articles/<id>.txt` (the headline, a blank line, the dump's text) and the
  `<id>.json` sidecar of every picked article that has none yet; an existing article is never rewritten. Picked:
  the dump articles that look like corporate transactions (a transaction construction and corporate vocabulary),
  the ones with deadline vocabulary, and a seeded random sample of general news.
- `--more-articles --deadlines 24 --random 12` (the second batch, 2026-12-02; seed 17 unless `--seed` is given)
  adds `--deadlines` articles with deadline vocabulary and `--random` articles of general news that no annotated
  set of `corpus/<split>/` holds (corpus articles, sentence bank, time-expression set), appended to
  `corpus/tools/real-articles.jsonl` as `deadline-2` / `random-2`. It draws that batch again only while the batch
  waits in `corpus/incoming/` (whose articles are never written twice); once moved into `corpus/<split>/`, a run
  draws new articles.
- `--more-articles --batch 3 --seed 18 --deal-candidates 8 --deadlines 12 --random 4` (the third batch,
  2026-12-02) adds, the same way, deal candidates too (`deal-3`, `deadline-3`, `random-3`).
- `--more-articles --batch 5 --seed 21 --deal-candidates 6 --deadlines 8 --random 14` and `--more-articles --batch 6
  --seed 22 --deal-candidates 0 --deadlines 0 --random 16` (2026-12-03): no deal candidate and no deadline article
  was left to draw; 30 articles of general news (`random-5`, `random-6`).
- `--more-articles --batch 7 --seed 23 --deal-candidates 0 --deadlines 0 --random 30` (2026-12-03): 30 more
  (`random-7`), moved into `corpus/<split>/` with its figures on 2026-12-03.
- `--sentences` writes `corpus/sentences/to-annotate/{dev,test}.jsonl`: sentences of the dump holding a
  transaction word (deal-looking constructions and the ambiguous words alike), with their article and offsets.

Articles of ../shared/eval/reserved-ids.txt are never read past their id. Duplicated dump articles (same
headline) count once. The split is `depeche.evaluate.split_of` (a stable hash of the article id), so an
article and its sentences are always in the same split.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from depeche.evaluate import split_of  # noqa: E402

SHARED = ROOT.parent / "shared"
DUMP = SHARED / "data" / "orangesum" / "articles.jsonl.gz"
RESERVED = SHARED / "eval" / "reserved-ids.txt"
SOURCE = "actu.orange.fr (OrangeSum, CC BY-SA 4.0)"

W = r"(?<!\w)(?:%s)(?!\w)"
# constructions that usually report a transaction
STRONG = re.compile(
    W % r"rachat d[eu']|rachète|rachètent|racheter|racheté\w* par|a racheté|acquisition d[eu'](?!s? stupéfiant)"
    r"|acquérir|a acquis|offre publique d'achat|prise de participation|prendre le contrôle d[eu]"
    r"|pris le contrôle d[eu]|fusion (?:avec|entre)|fusionner|cession d[eu']|céder (?:sa|ses|son|le|la|les)"
    r"|a cédé|lev\w+ \d[\d,]* millions|levée de fonds|entr\w+ au capital|coentreprise|joint-venture"
    r"|privatisation d[eu']|repreneur|offre de reprise|s'emparer d[eu']|mettre la main sur|s'offr\w+",
    re.I,
)
OPA = re.compile(r"\bOPA\b")
CORPORATE = re.compile(
    W % r"milliards? d[e']|millions? d[e']|actionnaires?|capital|filiale|Bourse|groupe|société|entreprise|PDG"
    r"|directeur général|rachat|marché",
    re.I,
)
DEADLINE = re.compile(
    W % r"ultimatum|date butoir|date limite|d'ici (?:le|au|la fin|fin|à)|jusqu'au \d+|avant le \d+|échéance|expire"
    r"|délai|prolong\w+ jusqu'au|au plus tard|sous huitaine|dans les \d+ jours",
    re.I,
)
# every transaction word of the sentence bank, deal or not (issue 10's list and its inflections)
WORDS = {
    "rachat": r"rachats?", "racheter": r"rach[eè]t\w*", "acquisition": r"acquisitions?",
    "acquérir": r"acqu(?:érir|iert|ièrent|is|ise|ises|erra\w*|érait|éraient)", "reprise": r"reprises?",
    "reprendre": r"repren\w+|reprit|repris", "céder": r"c[èé]d\w+", "cession": r"cessions?",
    "vendre": r"vend\w+|vendu\w*", "vente": r"ventes?", "fusion": r"fusions?|fusionn\w+", "OPA": r"OPA",
    "offre publique": r"offres? publiques?", "prise de participation": r"prises? de participations?",
    "prendre le contrôle": r"(?:pren\w+|pris\w*) le contrôle", "s'emparer": r"s'empar\w+|emparé\w*",
    "mettre la main sur": r"(?:mettre|met|mis|mettent|mettra\w*) la main sur", "s'offrir": r"s'offr\w+|s'est offert\w*",
    "privatisation": r"privatis\w+", "lever des fonds": r"lev\w+ (?:des )?fonds|levée de fonds",
    "entrer au capital": r"entr\w+ (?:au|dans le) capital", "coentreprise": r"coentreprises?|joint-ventures?",
    "alliance": r"alliances?", "rapprochement": r"rapprochements?", "investir": r"invest\w+",
    "participation": r"participations?", "racheteur": r"repreneurs?|acquéreurs?",
}
WORD_RE = {word: re.compile(W % pattern, 0 if word == "OPA" else re.I) for word, pattern in WORDS.items()}
# sentence ends: the dump glues sentences (« jeudi.Le gouvernement »), so an upper-case letter may follow directly
SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”]?\s*(?=[«\"“]?[A-ZÀÂÉÈÊÎÔÛÇ])")
ABBREVIATION = re.compile(r"(?:\bM|\bMM|\bMme|\bDr|\bSt|\b[A-Z])\.$")


def reserved_ids() -> set[str]:
    if not RESERVED.exists():
        return set()
    return {line.strip() for line in RESERVED.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def test_article_ids() -> set[str]:
    """Dump articles of the test sets (corpus/test articles, the test sentence bank's articles)."""
    ids = {p.stem for p in (ROOT / "corpus" / "test" / "articles").glob("*.txt")}
    bank = ROOT / "corpus" / "sentences" / "test.jsonl"
    if bank.exists():
        ids |= {json.loads(line)["article"] for line in bank.read_text(encoding="utf-8").splitlines() if line.strip()}
    return ids


def dump_articles():
    """The dump's articles in order, reserved ones and repeated headlines left out."""
    reserved, seen = reserved_ids(), set()
    with gzip.open(DUMP, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in reserved:
                continue
            key = re.sub(r"\W+", " ", article["title"].lower()).strip()[:60]
            if key in seen:
                continue
            seen.add(key)
            yield article


def sentences(text: str):
    """(start, end) of each sentence of `text`."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text[max(0, match.start() - 4):match.start()]):
            continue
        end = match.start() + len(match.group(0).rstrip())
        if text[start:end].strip():
            yield start, end
        start = match.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def pick_articles(articles: list[dict], seed: int, n_deals: int, n_deadlines: int, n_random: int) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    fit = [a for a in articles if 400 <= len(a["text"]) <= 4500]

    def counts(article):
        text = article["title"] + " " + article["text"]
        return len(STRONG.findall(text)) + len(OPA.findall(text)), len(CORPORATE.findall(text)), len(DEADLINE.findall(text))

    scored = [(a, *counts(a)) for a in fit]
    deals = [a for a, s, c, _ in sorted(scored, key=lambda x: -(x[1] * min(x[2], 10))) if s >= 2 or (s >= 1 and c >= 3)]
    picked = {a["id"]: ("deal", a) for a in deals[:n_deals]}
    deadlines = [a for a, s, c, d in scored if d >= 3 and a["id"] not in picked]
    for article in rng.sample(deadlines, min(n_deadlines, len(deadlines))):
        picked[article["id"]] = ("deadline", article)
    rest = [a for a in fit if a["id"] not in picked]
    for article in rng.sample(rest, n_random):
        picked[article["id"]] = ("random", article)
    return list(picked.values())


def annotated_article_ids() -> set[str]:
    """Dump articles some annotated set already holds: corpus articles, sentence bank, time-expression set."""
    ids = {p.stem for split in ("dev", "test") for p in (ROOT / "corpus" / split / "articles").glob("*.txt")}
    for name in ("sentences", "timex"):
        for path in (ROOT / "corpus" / name).glob("*.jsonl"):
            ids |= {json.loads(line)["article"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    return ids


def pick_more_articles(articles: list[dict], seed: int, n_deadlines: int, n_random: int, batch: int = 2,
                       n_deals: int = 0) -> list[tuple[str, dict]]:
    """A later batch: articles no annotated set holds yet, `n_deals` deal candidates (a seeded sample of the
    articles the first batch's deal test takes: a transaction construction and corporate vocabulary), `n_deadlines`
    with deadline vocabulary (three of its constructions, as in the first batch), then `n_random` of general news;
    labelled `deal-<batch>`, `deadline-<batch>`, `random-<batch>`. `n_deals` is drawn first, so a batch without
    deals (the second) draws what it drew before."""
    rng = random.Random(seed)
    taken = annotated_article_ids()
    fit = [a for a in articles if 400 <= len(a["text"]) <= 4500 and a["id"] not in taken]
    picked: dict[str, tuple[str, dict]] = {}
    if n_deals:
        def looks_like_a_deal(article):
            text = article["title"] + " " + article["text"]
            strong, corporate = len(STRONG.findall(text)) + len(OPA.findall(text)), len(CORPORATE.findall(text))
            return strong >= 2 or (strong >= 1 and corporate >= 3)

        deals = [a for a in fit if looks_like_a_deal(a)]
        picked.update((a["id"], (f"deal-{batch}", a)) for a in rng.sample(deals, min(n_deals, len(deals))))
    deadlines = [a for a in fit if len(DEADLINE.findall(a["title"] + " " + a["text"])) >= 3 and a["id"] not in picked]
    picked.update((a["id"], (f"deadline-{batch}", a)) for a in rng.sample(deadlines, min(n_deadlines, len(deadlines))))
    rest = [a for a in fit if a["id"] not in picked]
    for article in rng.sample(rest, n_random):
        picked[article["id"]] = (f"random-{batch}", article)
    return list(picked.values())


def write_articles(picked: list[tuple[str, dict]], append: bool = False) -> None:
    manifest = []
    for why, article in picked:
        split = split_of(article["id"])
        folder = ROOT / "corpus" / split / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        txt = folder / f"{article['id']}.txt"
        waiting = ROOT / "corpus" / "incoming" / split / "articles" / txt.name  # annotated, not yet moved in
        if not txt.exists() and not waiting.exists():
            title = article["title"].strip()
            txt.write_text(f"{title}\n\n{article['text']}", encoding="utf-8")
            sidecar = {"id": article["id"], "title": title, "published": article["published"], "source": SOURCE, "url": None}
            (folder / f"{article['id']}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        manifest.append({"id": article["id"], "split": split, "picked_as": why})
    out = ROOT / "corpus" / "tools" / "real-articles.jsonl"
    if append and out.exists():
        old = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        known = {m["id"] for m in old}
        manifest = old + [m for m in manifest if m["id"] not in known]
    out.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")
    print(f"{len(manifest)} articles -> corpus/{{dev,test}}/articles ({out.relative_to(ROOT)})")


def pick_sentences(articles: list[dict], seed: int, per_word: int, strong: int) -> list[dict]:
    """Up to `per_word` random sentences for each transaction word, and `strong` more among the sentences that
    hold a deal-looking construction (the dump has few deals; the words alone would give almost only non-deals)."""
    rng = random.Random(seed)
    by_word: dict[str, list[dict]] = {word: [] for word in WORDS}
    deal_like: list[dict] = []
    for article in articles:
        text = article["text"]
        for start, end in sentences(text):
            sentence = text[start:end]
            if not 40 <= len(sentence) <= 400:
                continue
            item = {"article": article["id"], "published": article["published"], "start": start, "end": end, "text": sentence}
            words = [word for word, regex in WORD_RE.items() if regex.search(sentence)]
            if not words:
                continue
            item["word"] = words[0]
            if STRONG.search(sentence) or OPA.search(sentence):
                deal_like.append(item)
            by_word[words[0]].append(item)
    picked: dict[tuple[str, int], dict] = {}
    for item in rng.sample(deal_like, min(strong, len(deal_like))):
        picked[(item["article"], item["start"])] = item
    for word, items in by_word.items():
        rest = [i for i in items if (i["article"], i["start"]) not in picked]
        for item in rng.sample(rest, min(per_word, len(rest))):
            picked[(item["article"], item["start"])] = item
    out = sorted(picked.values(), key=lambda i: (i["article"], i["start"]))
    for item in out:
        item["id"] = f"{item['article']}@{item['start']}"
    print(f"{len(deal_like)} deal-looking sentences in the dump; picked {len(out)}")
    return out


def more_sentences(articles: list[dict], seed: int, per_word: int, strong: int) -> list[dict]:
    """The deal-looking sentences the first pick left out, in a seeded random order (a second batch: the dump
    has few deals, and the first batch came out mostly non-deals)."""
    first = {(i["article"], i["start"]) for i in pick_sentences(articles, seed, per_word, strong)}
    rest = []
    for article in articles:
        for start, end in sentences(article["text"]):
            sentence = article["text"][start:end]
            if (article["id"], start) in first or not 40 <= len(sentence) <= 400:
                continue
            words = [word for word, regex in WORD_RE.items() if regex.search(sentence)]
            if words and (STRONG.search(sentence) or OPA.search(sentence)):
                rest.append({"id": f"{article['id']}@{start}", "article": article["id"], "published": article["published"],
                             "start": start, "end": end, "word": words[0], "text": sentence})
    random.Random(seed + 1).shuffle(rest)
    return rest


def write_sentences(items: list[dict], prefix: str = "") -> None:
    folder = ROOT / "corpus" / "sentences" / "to-annotate"
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("dev", "test"):
        rows = [i for i in items if split_of(i["article"]) == split]
        keys = ("id", "article", "published", "start", "end", "word", "text")
        (folder / f"{prefix}{split}.jsonl").write_text(
            "".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        print(f"  {split}: {len(rows)} sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", action="store_true")
    parser.add_argument("--sentences", action="store_true")
    parser.add_argument("--more-sentences", action="store_true", help="the second batch: to-annotate/more-<split>.jsonl")
    parser.add_argument("--more-articles", action="store_true", help="the second batch of articles")
    parser.add_argument("--seed", type=int, default=None, help="10 for the first batch and the sentences, 17 for --more-articles")
    parser.add_argument("--deals", type=int, default=70)
    parser.add_argument("--deadlines", type=int, default=25)
    parser.add_argument("--random", type=int, default=35)
    parser.add_argument("--batch", type=int, default=2, help="--more-articles: the batch's number in its labels")
    parser.add_argument("--deal-candidates", type=int, default=0, help="--more-articles: how many deal candidates")
    parser.add_argument("--per-word", type=int, default=14)
    parser.add_argument("--strong", type=int, default=300)
    args = parser.parse_args()
    if not DUMP.exists():
        sys.exit(f"{DUMP}: not found (../shared is needed to pick the articles)")
    articles = list(dump_articles())
    seed = 10 if args.seed is None else args.seed
    if args.articles:
        write_articles(pick_articles(articles, seed, args.deals, args.deadlines, args.random))
    if args.more_articles:
        more_seed = 17 if args.seed is None else args.seed
        write_articles(pick_more_articles(articles, more_seed, args.deadlines, args.random, args.batch, args.deal_candidates),
                       append=True)
    if args.sentences:
        write_sentences(pick_sentences(articles, seed, args.per_word, args.strong))
    if args.more_sentences:
        write_sentences(more_sentences(articles, seed, args.per_word, args.strong), prefix="more-")


if __name__ == "__main__":
    main()
