"""`benchmarks/train_ner.py --corpus`: corpus/dev's annotated articles as ner training and held-out data.

ORG from the gold organisations' mentions, PER from the people's (corpus/ANNOTATING.md: every mention is a
span); corpus/test is never read. Also the held-out scoring of depeche's whole pipeline with given ner weights.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from collections import Counter
from pathlib import Path

from spacy.training import Example
from winer import gold_entities, predicted, score

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DEV = ROOT / "corpus" / "dev"  # never corpus/test


def corpus_dev() -> list[dict]:
    """Corpus dev articles whose gold gives every mention (an `annotator` and `mentions` everywhere):
    {"id", "article" (as depeche's txt reader reads it), "ents": [(start, end, "ORG" | "PER")]}, nested
    or overlapping mentions resolved to the longest (then the first)."""
    from depeche.io.readers import read_txt

    docs = []
    for path in sorted((CORPUS_DEV / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        entities = [("ORG", e) for e in gold["organisations"]] + [("PER", e) for e in gold["people"]]
        if not gold.get("annotator") or any("mentions" not in e for _, e in entities):
            continue  # the articles written for the project: names without their mention spans
        (article,) = read_txt(CORPUS_DEV / "articles" / f"{path.stem}.txt")
        spans = [(m["start"], m["end"], label) for label, e in entities for m in e["mentions"]]
        # what the gold says is a title or a date is no entity, whatever the base ner took it for
        known = [(r["span"]["start"], r["span"]["end"]) for e in gold["people"] for r in e["roles"] if r.get("span")]
        known += [(d["span"]["start"], d["span"]["end"]) for d in gold["dates"]]
        docs.append({"id": path.stem, "article": article, "ents": flatten(spans), "not_entities": known})
    return docs


def flatten(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans without overlaps: of overlapping ones the longest (then the first) is kept."""
    kept: list[tuple[int, int, str]] = []
    for s, e, label in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(e <= s2 or s >= e2 for s2, e2, _ in kept):
            kept.append((s, e, label))
    return sorted(kept)


def split_corpus(docs: list[dict], held_out: int = 25) -> tuple[list[dict], list[dict]]:
    """(training part, held-out part) by article: crc32 of the id, `held_out` % held out."""
    held = [d for d in docs if zlib.crc32(d["id"].encode("utf-8")) % 100 < held_out]
    return [d for d in docs if d not in held], held


def corpus_example(nlp, base_ner, item: dict, stats: Counter, titles_outside: bool = False) -> Example:
    """Gold ORG/PER mentions as entities; the corpus annotates no places nor MISC, so a token the base
    model's ner labels LOC or MISC that no gold mention covers is missing (unknown), every other one O.
    `titles_outside`: the tokens of the gold's role titles and dates are O even so (« Premier ministre »)."""
    text = item["article"].text
    doc = nlp.make_doc(text)
    spans, unknown = [], set()
    for s, e, label in item["ents"]:
        span = doc.char_span(s, e, label=label)
        if span is None:  # a mention inside a token (« AFP.Selon », « ex-Whirlpool »): its tokens are missing,
            stats["misaligned"] += 1  # not a shorter span (« la France » for « Oser la France »)
            span = doc.char_span(s, e, alignment_mode="expand")
            unknown.update(range(span.start, span.end))
            continue
        stats["entities"] += 1
        spans.append(span)
    covered = {i for span in spans for i in range(span.start, span.end)}
    guessed = base_ner(nlp.make_doc(text))
    unknown.update(i for ent in guessed.ents if ent.label_ in ("LOC", "MISC") for i in range(ent.start, ent.end))
    if titles_outside:
        for s, e in item["not_entities"]:
            span = doc.char_span(s, e, alignment_mode="expand")
            unknown.difference_update(range(span.start, span.end))
    missing = [doc[i : i + 1] for i in sorted(unknown - covered)]
    stats["missing tokens"] += len(missing)
    gold = doc.copy()
    gold.set_ents(spans, missing=missing, default="outside")
    return Example(doc, gold)


def corpus_scores(nlp, docs: list[dict]) -> dict[str, float]:
    """ner-only F1 of ORG and PER against the gold mentions (exact spans) of corpus articles."""
    with nlp.select_pipes(enable=["ner"]):
        pairs = [
            ({x for x in d["ents"]}, {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("ORG", "PER")})
            for d, doc in zip(docs, nlp.pipe(d["article"].text for d in docs))
        ]
    table = score(pairs)
    return {"ORG": table["ORG"]["f1"], "PER": table["PER"]["f1"], "all": table["all"]["f1"]}


def depeche_scores(weights: bytes | None, winer_held: list[dict], corpus_held: list[dict]) -> None:
    """depeche's whole pipeline, with these ner weights (None: models/ner as shipped), on the held-out
    parts: organisations/people (entities and mentions) of the corpus articles, scored as `depeche
    evaluate --gold` scores them, and doc.ents PER/ORG/LOC on WiNER (as `benchmarks/winer.py
    --split dev-held-out --no-harvest` scores them)."""
    import depeche
    from depeche.evaluate import articles as scoring
    from depeche.records import Article

    def run(overrides):
        extractor = depeche.load(overrides=overrides)
        if weights is not None:
            extractor.nlp.get_pipe("ner").from_bytes(weights, exclude=["vocab"])
        return extractor

    extractor = run(None)
    with tempfile.TemporaryDirectory() as folder:
        for d in corpus_held:
            (Path(folder) / f"{d['id']}.json").write_bytes((CORPUS_DEV / "gold" / f"{d['id']}.json").read_bytes())
        report = scoring.evaluate(extractor.extract_many([d["article"] for d in corpus_held]), folder)
    fields = ("organisations", "people", "organisations.mentions", "people.mentions")
    print("  corpus held-out (depeche): " + "  ".join(
        f"{f} P {report.fields[f].precision:.3f} R {report.fields[f].recall:.3f} F1 {report.fields[f].f1:.3f}" for f in fields))
    nlp = run({"initialize.components.depeche_organisations.harvested": []}).nlp

    def made(d):
        doc = nlp.make_doc(d["text"])
        doc._.article = Article(id=d["doc_id"], text=d["text"], published=d.get("dct"), url=d.get("url"))
        return doc

    pairs = [(gold_entities(d, "all"), predicted(doc)) for d, doc in zip(winer_held, nlp.pipe((made(d) for d in winer_held), batch_size=32))]
    table = score(pairs)
    print("  WiNER dev-held-out (depeche): " + "  ".join(
        f"{k} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f}" for k, v in table.items()), flush=True)

