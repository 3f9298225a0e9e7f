"""The project's annotated sets run through one extractor: the corpus articles and the sentence bank, split by
split (test first). Used by benchmarks/evaluate_all.py and the dev regression test (tests/test_dev_baseline.py)."""

from __future__ import annotations

from pathlib import Path

from depeche.evaluate.articles import Report, evaluate_corpus
from depeche.evaluate.sentences import SentenceReport, evaluate_sentences, load_sentences

SPLITS = ("test", "dev")  # the headline first


def corpus_reports(extractor, corpus_dir: str | Path, splits=SPLITS) -> dict[str, Report]:
    """Extract `corpus_dir/<split>/articles` and score each split against `corpus_dir/<split>/gold`."""
    from depeche.io.readers import read
    from depeche.records import Article

    folder = Path(corpus_dir)
    articles = [a for a in read([folder / split / "articles" for split in splits]) if isinstance(a, Article)]
    return evaluate_corpus(list(extractor.extract_many(articles)), folder, splits)


def sentence_reports(extractor, sentences_dir: str | Path, splits=SPLITS) -> dict[str, SentenceReport]:
    """Extract every sentence of `sentences_dir/<split>.jsonl` as an article of its own and score it."""
    from depeche.records import Article

    reports = {}
    for split in splits:
        bank = load_sentences(Path(sentences_dir) / f"{split}.jsonl")
        articles = [Article(id=s.id, text=s.text, published=s.published) for s in bank]
        reports[split] = evaluate_sentences(list(extractor.extract_many(articles)), bank)
    return reports


def figures(corpus: Report, sentences: SentenceReport) -> dict[str, float]:
    """The F1 of every field of one split (corpus and sentence bank), the sentence bank's accuracies and its
    false-deal rate (`sentences.false_deal_rate`: lower is better) — what a baseline file holds."""
    out = {f"corpus.{name}": round(score.f1, 4) for name, score in corpus.fields.items() if score.f1 is not None}
    out |= {f"sentences.{name}": round(score.f1, 4) for name, score in sentences.fields.items() if score.f1 is not None}
    out |= {f"sentences.accuracy.{n}": round(a.value, 4) for n, a in sentences.accuracy.items() if a.value is not None}
    if sentences.false_deal_rate is not None:
        out["sentences.false_deal_rate"] = round(sentences.false_deal_rate, 4)
    return out


LOWER_IS_BETTER = ("sentences.false_deal_rate",)


def regressions(current: dict[str, float], baseline: dict[str, float], tolerance: float = 0.01) -> list[str]:
    """One line per baseline figure that `current` misses by more than `tolerance` (or no longer has)."""
    out = []
    for name, before in sorted(baseline.items()):
        now = current.get(name)
        if now is None:
            out.append(f"{name}: {before:.4f} in the baseline, not measured now")
        elif name in LOWER_IS_BETTER and now > before + tolerance:
            out.append(f"{name}: {now:.4f}, baseline {before:.4f} (higher is worse)")
        elif name not in LOWER_IS_BETTER and now < before - tolerance:
            out.append(f"{name}: {now:.4f}, baseline {before:.4f}")
    return out
