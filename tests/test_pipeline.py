"""The pipeline is built from models/config.cfg, and round-trips through nlp.to_disk / spacy.load."""

from __future__ import annotations

import pytest
import spacy

from depeche import pipeline

pytestmark = pytest.mark.model


def test_config_lists_our_components_by_factory(depeche_extractor):
    nlp = depeche_extractor.nlp
    factories = {nlp.get_pipe_meta(name).factory for name in pipeline.our_components(nlp)}
    assert factories == {"depeche_organisations", "depeche_people", "depeche_dates", "depeche_deadlines", "depeche_deals"}
    assert "lemmatizer" not in nlp.pipe_names


def test_round_trip_through_disk(depeche_extractor, tmp_path):
    nlp = depeche_extractor.nlp
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    text = "Walmart et Oracle discutent avec ByteDance, a indiqué Jen Psaki mercredi."
    assert [(e.text, e.label_) for e in again(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]
