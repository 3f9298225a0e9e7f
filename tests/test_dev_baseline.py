"""No dev figure drops more than one point below benchmarks/baseline-dev.json (corpus dev articles, sentence
bank dev). The baseline is written by `benchmarks/evaluate_all.py --write-baseline` and updated deliberately, in
a commit of its own that says why; the test split is never part of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from depeche.evaluate.suite import corpus_reports, figures, regressions, sentence_reports

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "benchmarks" / "baseline-dev.json"


def test_regressions_names_each_figure_that_drops_by_more_than_the_tolerance():
    baseline = {"corpus.organisations": 0.80, "corpus.dates": 0.90, "sentences.false_deal_rate": 0.04, "corpus.gone": 0.5}
    current = {"corpus.organisations": 0.795, "corpus.dates": 0.88, "sentences.false_deal_rate": 0.06}
    assert regressions(current, baseline) == [
        "corpus.dates: 0.8800, baseline 0.9000",
        "corpus.gone: 0.5000 in the baseline, not measured now",
        "sentences.false_deal_rate: 0.0600, baseline 0.0400 (higher is worse)",
    ]
    assert regressions(baseline, baseline) == []


@pytest.mark.model
def test_no_dev_figure_drops_below_the_baseline(depeche_extractor):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert {"corpus.organisations", "corpus.deals", "sentences.deal.detection"} <= set(baseline), "an empty baseline guards nothing"
    corpus = corpus_reports(depeche_extractor, ROOT / "corpus", ["dev"])["dev"]
    sentences = sentence_reports(depeche_extractor, ROOT / "corpus" / "sentences", ["dev"])["dev"]
    dropped = regressions(figures(corpus, sentences), baseline)
    assert not dropped, "dev figures below benchmarks/baseline-dev.json:\n" + "\n".join(dropped)
