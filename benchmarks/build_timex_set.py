"""Pick the sentences of the time-expression set (issue 15) from the OrangeSum dump: periods, past spans,
durations and future events that are not deadlines, and real deadline sentences beside them.

    .venv/bin/python benchmarks/build_timex_set.py            # corpus/timex/to-annotate/{dev,test}.jsonl
    .venv/bin/python benchmarks/build_timex_set.py --check    # the gold files against the dump and their spans
    .venv/bin/python benchmarks/build_timex_set.py --more     # a second batch: to-annotate/more-{dev,test}.jsonl

Reproducible (seeded, the dump read in its order, `build_real_corpus.dump_articles`: reserved ids of
../shared/eval/reserved-ids.txt never read past their id, repeated headlines once). Articles already in
`corpus/` (the corpus articles, the sentence bank's articles) are left out, and at most one sentence is taken per
article. Each sentence is drawn for one group (`picked_as`): a group's pool is every dump sentence of 40–300
characters its pattern finds; the non-deadline groups leave out the sentences holding deadline vocabulary, so
that the set is about 70 % sentences a reader would not call deadlines. Sentences are cut as the sentence bank's
(`build_real_corpus.sentences`), offsets into the dump's `text` (without the headline), as in the sentence bank.
The split is `depeche.evaluate.split_of` of the article id. The gold (`corpus/timex/<split>.jsonl`) is written
by hand from these files: see corpus/README.md. `--more` draws a second batch the same way (seed 16, the same
quotas) among the articles the set does not hold yet, for `corpus/timex/<split>.jsonl` to grow (the first batch
gave 110 dev and 73 test non-deadline sentences: one false deadline moved the rate by 1.4 points on test).
`--more --batch N --seed S --quota GROUP=N …` draws a later batch with its own quotas (to-annotate/batchN-<split>.jsonl).
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_real_corpus import DUMP, dump_articles, sentences  # noqa: E402

from depeche.evaluate import split_of  # noqa: E402

W = r"(?<!\w)(?:%s)(?!\w)"
NUMBER = r"(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent)"
UNIT = r"(?:ans?|années?|mois|semaines?|jours?|heures?|décennies?|siècles?)"
MONTH = r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
GROUPS: dict[str, str] = {
    # periods and past spans: « ces dix dernières années », « depuis 2015 », « quinquennat », « il y a trois ans »
    "period": rf"(?:ces|les) (?:{NUMBER} )?(?:dernier|dernière)s? {UNIT}|depuis (?:\d{{4}}|{NUMBER} {UNIT}|le début)"
    rf"|au cours des (?:{NUMBER} )?(?:dernier|dernière)s? {UNIT}|il y a {NUMBER} {UNIT}|entre \d{{4}} et \d{{4}}"
    rf"|de \d{{4}} à \d{{4}}|quinquennat|septennat|mandat de {NUMBER} ans|l'an dernier|l'année dernière",
    # durations: « pendant trois mois », « durant deux semaines », « pour une durée de », « N ans de prison »
    "duration": rf"(?:pendant|durant|pour) (?:près de |plus de |environ )?{NUMBER} {UNIT}|pour une durée d[e']"
    rf"|{NUMBER} ans de prison|{NUMBER} {UNIT} (?:de|d')(?:travaux|grève|fermeture|confinement)",
    # plain future dates that are not due dates: « le match aura lieu samedi », « se tiendra le 12 juin »
    "future_event": rf"aura lieu|auront lieu|se tiendra|se tiendront|se déroulera|se dérouleront|est prévue? (?:le|pour le|en)"
    rf"|sont prévue?s (?:le|pour le|en)|{WEEKDAY} prochain|(?:rendez-vous|match|scrutin|élection|audience|procès) (?:le|du) \d+",
    # « d'ici » without a date: « d'ici là », « d'ici peu », « d'ici quelques semaines », « d'ici N ans »
    "dici_vague": rf"d'ici (?:là|peu|quelques|{NUMBER} {UNIT}|la fin de (?:l'année|la semaine|du mois)|(?:à )?\d{{4}})",
    # deadline vocabulary: « d'ici le 31 mars », « avant le 15 juin », « date limite », « jusqu'au », « au plus tard »
    "deadline": rf"d'ici (?:au |le )(?:\d+|{WEEKDAY}|{MONTH})|avant le \d+|date (?:limite|butoir)|jusqu'au \d+|au plus tard"
    rf"|ultimatum|expire|prolongée? jusqu'|dernier délai|a jusqu'(?:au|à)",
}
GROUP_RE = {name: re.compile(W % pattern, re.I) for name, pattern in GROUPS.items()}
QUOTAS = {"period": 70, "duration": 30, "future_event": 42, "dici_vague": 28, "deadline": 70}


def corpus_article_ids() -> set[str]:
    """Every dump article corpus/ holds already: the annotated articles and the sentence bank's."""
    ids = {p.stem for split in ("dev", "test") for folder in (ROOT / "corpus" / split, ROOT / "corpus" / "incoming" / split)
           for p in (folder / "articles").glob("*.txt")}  # incoming: a batch of articles annotated, not yet moved in
    for bank in (ROOT / "corpus" / "sentences").glob("*.jsonl"):
        ids |= {json.loads(line)["article"] for line in bank.read_text(encoding="utf-8").splitlines() if line.strip()}
    return ids


def pools(articles) -> dict[str, list[dict]]:
    """Every candidate sentence of each group (a sentence with deadline vocabulary only in `deadline`)."""
    out: dict[str, list[dict]] = {name: [] for name in GROUPS}
    for article in articles:
        text = article["text"]
        for start, end in sentences(text):
            sentence = text[start:end]
            if not 40 <= len(sentence) <= 300:
                continue
            item = {"article": article["id"], "published": article["published"], "start": start, "end": end, "text": sentence}
            if GROUP_RE["deadline"].search(sentence):
                out["deadline"].append(item | {"picked_as": "deadline"})
                continue
            for name, regex in GROUP_RE.items():
                if regex.search(sentence):
                    out[name].append(item | {"picked_as": name})
    return out


def pick(candidates: dict[str, list[dict]], seed: int, quotas: dict[str, int]) -> list[dict]:
    """`quotas[group]` random sentences of each group, one per article (groups in order, deadline last)."""
    rng = random.Random(seed)
    used: set[str] = set()
    picked = []
    for name, quota in quotas.items():
        pool = [i for i in candidates[name] if i["article"] not in used]
        rng.shuffle(pool)
        for item in pool:
            if sum(p["picked_as"] == name for p in picked) == quota:
                break
            if item["article"] not in used:
                used.add(item["article"])
                picked.append(item | {"id": f"{item['article']}@{item['start']}"})
    return sorted(picked, key=lambda i: (int(i["article"].rsplit("-", 1)[-1]) if i["article"].rsplit("-", 1)[-1].isdigit() else 0, i["start"]))


def check(folder: Path) -> list[str]:
    """One line per problem of the gold files `folder/{dev,test}.jsonl`: a span that does not quote its sentence, a
    sentence that is not the dump article's text at its offsets, a reserved article, an article of corpus/, a
    sentence in the wrong split."""
    from build_real_corpus import reserved_ids

    from depeche.evaluate import span_problems
    from depeche.evaluate.timex import load_timex

    gold = {split: load_timex(folder / f"{split}.jsonl") for split in ("dev", "test")}
    reserved, known = reserved_ids(), corpus_article_ids()
    wanted = {s.article for rows in gold.values() for s in rows} - reserved
    texts = {}
    with gzip.open(DUMP, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                texts[article["id"]] = article["text"]
    problems = []
    for split, rows in gold.items():
        for s in rows:
            where = f"{split} {s.id}"
            problems += [f"{where}: {p}" for p in span_problems(s, s.text)]
            if s.article in reserved:
                problems.append(f"{where}: reserved article")
            if s.article in known:
                problems.append(f"{where}: article already in corpus/")
            if split_of(s.article) != split:
                problems.append(f"{where}: belongs to {split_of(s.article)}")
            if s.id != f"{s.article}@{s.start}" or texts.get(s.article, "")[s.start:s.end] != s.text:
                problems.append(f"{where}: not the dump article's text at [{s.start}, {s.end})")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "timex" / "to-annotate")
    parser.add_argument("--check", action="store_true", help="check the gold files corpus/timex/{dev,test}.jsonl instead")
    parser.add_argument("--more", action="store_true", help="a second batch (seed 16) among the articles the set does not hold")
    parser.add_argument("--batch", type=int, help="with --more: a later batch, written to to-annotate/batch<N>-<split>.jsonl")
    parser.add_argument("--quota", nargs="+", metavar="GROUP=N", help=f"with --more: the batch's quotas (default {QUOTAS})")
    args = parser.parse_args()
    if not DUMP.exists():
        sys.exit(f"{DUMP}: not found (../shared is needed to pick the sentences)")
    if args.check:
        problems = check(ROOT / "corpus" / "timex")
        print("\n".join(problems) or "corpus/timex: every sentence and span checks out")
        sys.exit(1 if problems else 0)
    known = corpus_article_ids()
    prefix = ""
    if args.more:
        prefix, seed = "more-", 16 if args.seed == 15 else args.seed
        if args.batch:
            prefix = f"batch{args.batch}-"
        for split in ("dev", "test"):
            gold = ROOT / "corpus" / "timex" / f"{split}.jsonl"
            known |= {json.loads(line)["article"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    else:
        seed = args.seed
    candidates = pools(a for a in dump_articles() if a["id"] not in known)
    print("candidates: " + ", ".join(f"{name} {len(items)}" for name, items in candidates.items()))
    quotas = QUOTAS
    if args.quota:
        quotas = {name: int(n) for name, n in (q.split("=", 1) for q in args.quota)}
        unknown = set(quotas) - set(GROUPS)
        if unknown:
            sys.exit(f"--quota: unknown group(s) {', '.join(sorted(unknown))} (groups: {', '.join(GROUPS)})")
    picked = pick(candidates, seed, quotas)
    args.out.mkdir(parents=True, exist_ok=True)
    keys = ("id", "article", "published", "start", "end", "picked_as", "text")
    for split in ("dev", "test"):
        rows = [i for i in picked if split_of(i["article"]) == split]
        out = args.out / f"{prefix}{split}.jsonl"
        out.write_text("".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"  {split}: {len(rows)} sentences -> {out}")


if __name__ == "__main__":
    main()
