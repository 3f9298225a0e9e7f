"""depeche_organisations' decision (issue 12): rules propose, a trained model decides — both versions run on a
blank pipeline, the weights travel with it, and the features reach the model."""

from __future__ import annotations

import numpy
import pytest

from conftest import blank_organisations, organisation_names, run_organisations
from depeche.components.deals.learned import LinearClassifier, hashed
from depeche.components.organisations.decision import DENSE_WIDTH, LABELS, MODEL_VIA, organisation_model

GAZETTEER = [{"name": "Veolia", "kind": "company"}, {"name": "Suez", "kind": "company"}]
MODEL = {"@misc": "depeche.organisation_decision.model.v1", "threshold": 0.5}
WORDS = "Veolia rachète Suez et Action"
ENTS = [("ORG", 4, 5)]  # the ner calls « Action » an organisation


def weights(bias_yes: float = 0.0, features: dict[str, float] | None = None, calibration: dict | None = None) -> dict:
    """A LinearClassifier whose P(organisation) is sigmoid(bias_yes + the given features' weights)."""
    model = LinearClassifier(labels=LABELS, dense_width=DENSE_WIDTH)
    model.bias[:] = numpy.array([0.0, bias_yes], dtype="float32")
    for name, w in (features or {}).items():
        model.w_sparse[hashed([name], model.n_hash)[0], 1] += w
    if calibration:
        model.info["calibration"] = calibration
    return model.to_dict()


def blank_with(decision: dict, decision_weights: dict):
    return blank_organisations(GAZETTEER, config={"decision": decision}, decision_weights=decision_weights)


def test_the_rules_keep_every_group():
    nlp = blank_organisations(GAZETTEER)
    doc = run_organisations(nlp, WORDS, ents=ENTS)
    assert organisation_names(doc) == ["Veolia", "Suez", "Action"]
    assert all(MODEL_VIA not in o.via for o in doc._.organisations)


@pytest.mark.parametrize(
    "bias, expected",
    [(5.0, ["Veolia", "Suez", "Action"]), (-5.0, [])],  # every group kept / none
)
def test_the_model_decides_every_group(bias, expected):
    nlp = blank_with(MODEL, weights(bias))
    doc = run_organisations(nlp, WORDS, ents=ENTS)
    assert organisation_names(doc) == expected
    for o in doc._.organisations:
        assert MODEL_VIA in o.via
        assert 0.99 <= o.confidence <= 1.0  # sigmoid(5), uncalibrated
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == expected  # a group turned down is no ORG entity


def test_the_features_reach_the_model():
    # the one-word name « Action » (feature word=action) turned down, the gazetteer's names kept
    nlp = blank_with(MODEL, weights(2.0, {"word=action": -6.0}))
    doc = run_organisations(nlp, WORDS, ents=ENTS)
    assert organisation_names(doc) == ["Veolia", "Suez"]


@pytest.mark.parametrize("threshold, expected", [(0.0, ["Veolia", "Suez", "Action"]), (0.9, ["Veolia", "Suez"]), (1.0, [])])
def test_the_threshold_decides(threshold, expected):
    # P = sigmoid(2) ≈ 0.88 for « Action », sigmoid(2 + 3) for a listed name (feature entry)
    nlp = blank_with({**MODEL, "threshold": threshold}, weights(2.0, {"entry": 3.0}))
    assert organisation_names(run_organisations(nlp, WORDS, ents=ENTS)) == expected


def test_the_confidence_is_calibrated():
    calibration = {"component": "depeche_organisations", "method": "isotonic", "fitted_on": "a test",
                   "default": 0.5, "x": [0.0, 0.5, 1.0], "y": [0.1, 0.3, 0.6]}
    nlp = blank_with(MODEL, weights(5.0, calibration=calibration))
    confidences = {o.confidence for o in run_organisations(nlp, WORDS, ents=ENTS)._.organisations}
    assert confidences == {0.3}  # sigmoid(5) ≈ 0.993 falls in the step from 0.5: 0.3, not the raw 0.993


def test_a_trained_decision_needs_its_weights():
    nlp = blank_with(MODEL, {})
    with pytest.raises(ValueError, match="weights are not loaded"):
        run_organisations(nlp, WORDS, ents=ENTS)


def test_weights_of_another_shape_are_refused():
    bad = LinearClassifier(labels=["no", "yes"], dense_width=DENSE_WIDTH).to_dict()
    with pytest.raises(ValueError, match="labels"):
        blank_with(MODEL, bad)


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_bad_thresholds_are_refused(threshold):
    with pytest.raises(ValueError):
        organisation_model(threshold=threshold)


def test_the_weights_travel_with_the_pipeline():
    nlp = blank_with(MODEL, weights(2.0, {"word=action": -6.0}))
    before = [(o.name, o.confidence) for o in run_organisations(nlp, WORDS, ents=ENTS)._.organisations]
    copy = blank_with(MODEL, weights(-5.0))
    copy.from_bytes(nlp.to_bytes())
    assert copy.get_pipe("depeche_organisations").decision_weights["labels"] == LABELS
    assert [(o.name, o.confidence) for o in run_organisations(copy, WORDS, ents=ENTS)._.organisations] == before
