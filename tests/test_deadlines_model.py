"""depeche_deadlines' decision (issue 15): rules propose, a trained model decides — both versions run."""

from __future__ import annotations

import pytest
import spacy
import srsly

from conftest import blank_dates_pipeline
from depeche import convert
from depeche.components.deadlines.model import LABELS, MODEL_VIA, deadline_model
from depeche.paths import models_dir
from depeche.records import Article

MODEL = {"@misc": "depeche.deadline_decision.model.v1", "threshold": 0.4, "kinds": "rules"}


def blank_with(decision: dict | None, weights: dict | None = None):
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_dates").initialize(
        lexicon=srsly.read_json(models_dir() / "lexicons" / "dates.json"),
        patterns=srsly.read_json(models_dir() / "patterns" / "dates" / "patterns.json"),
    )
    config = {"decision": decision} if decision else {}
    nlp.add_pipe("depeche_deadlines", config=config).initialize(
        lexicon=srsly.read_json(models_dir() / "lexicons" / "deadlines.json"), decision_weights=weights
    )
    return nlp


@pytest.fixture(scope="module")
def weights():
    return srsly.read_json(models_dir() / "deadlines" / "decision.json")


def run(nlp, text, published="2020-11-25"):
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", text=text, published=published)
    doc = nlp(doc)
    convert.to_record(doc)  # verified by conftest: every span is the text at its offsets
    return doc, doc._.deadlines


SENTENCES = [
    ("Les offres doivent être remises au plus tard le 10 décembre.", [("2020-12-10", "deadline")]),
    ("Le contrat sera prolongé jusqu'au 30 juin 2021.", [("2021-06-30", "extension")]),
    ("L'offre court jusqu'au 15 janvier 2021.", [("2021-01-15", "expiry")]),
    ("L'objectif est d'atteindre la neutralité d'ici 2030.", []),  # an aim
    ("Le festival aura lieu le 3 décembre.", []),  # a future event
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_the_rule_version_runs_on_a_blank_pipeline(text, expected):
    nlp = blank_dates_pipeline()  # the default decision: the rules
    _, found = run(nlp, text)
    assert [(d.date, d.kind) for d in found] == expected
    assert all(MODEL_VIA not in d.via for d in found)


@pytest.mark.parametrize("text, _", SENTENCES)
def test_the_model_version_runs_on_a_blank_pipeline(weights, text, _):
    nlp = blank_with(MODEL, weights)
    doc, found = run(nlp, text)
    component = nlp.get_pipe("depeche_deadlines")
    proposal = component.propose(doc, keep_all=True)
    candidates = {(c.expression.span.start, c.expression.span.end) for c in (proposal.candidates if proposal else [])}
    for deadline in found:
        assert MODEL_VIA in deadline.via
        assert 0.0 <= deadline.confidence <= 1.0
        assert (deadline.span.start, deadline.span.end) in candidates  # the model only keeps what the rules propose


@pytest.mark.parametrize(
    "text, rejected",
    [
        ("L'objectif est d'atteindre la neutralité d'ici 2030.", "no_obligation"),  # « d'ici » without an obligation
        ("Le procès se tiendra jusqu'au 10 décembre.", "scheduled"),  # an event's span
        ("Le magasin a été fermé jusqu'au 3 novembre.", "past"),  # a report of the past
        ("L'entreprise prévoit d'équiper 50 sites d'ici 5 ans.", "term_no_obligation"),  # a plan
    ],
)
def test_the_rules_propose_what_they_turned_down(text, rejected):
    nlp = blank_dates_pipeline()
    doc, found = run(nlp, text)
    assert found == []  # the rules keep none of it
    proposal = nlp.get_pipe("depeche_deadlines").propose(doc, keep_all=True)
    assert [c.rejected for c in proposal.candidates] == [rejected]


@pytest.mark.parametrize(
    "threshold, text, expected",
    [
        (0.0, "L'objectif est d'atteindre la neutralité d'ici 2030.", [("2030", "deadline")]),  # every candidate kept
        (0.0, "Les offres doivent être remises au plus tard le 10 décembre.", [("2020-12-10", "deadline")]),
        (1.0, "Les offres doivent être remises au plus tard le 10 décembre.", []),  # none kept
        (1.0, "Le contrat sera prolongé jusqu'au 30 juin 2021.", []),
    ],
)
def test_the_threshold_decides(weights, threshold, text, expected):
    nlp = blank_with({**MODEL, "threshold": threshold}, weights)
    _, found = run(nlp, text)
    assert [(d.date, d.kind) for d in found] == expected


def test_a_trained_decision_needs_its_weights():
    nlp = blank_with(MODEL, {})  # given, and empty: nothing to decide with
    with pytest.raises(ValueError, match="weights are not loaded"):
        run(nlp, "Les offres doivent être remises au plus tard le 10 décembre.")


@pytest.mark.parametrize("threshold, kinds", [(-0.1, "rules"), (1.5, "rules"), (0.5, "guess")])
def test_bad_settings_are_refused(threshold, kinds):
    with pytest.raises(ValueError):
        deadline_model(threshold=threshold, kinds=kinds)


def test_the_weights_travel_with_the_pipeline(weights):
    nlp = blank_with(MODEL, weights)
    text = "Les offres doivent être remises au plus tard le 10 décembre."
    before = [(d.date, d.kind, d.confidence) for d in run(nlp, text)[1]]
    copy = blank_with(MODEL, weights)
    copy.from_bytes(nlp.to_bytes())
    assert copy.get_pipe("depeche_deadlines").decision_weights["labels"] == LABELS
    assert [(d.date, d.kind, d.confidence) for d in run(copy, text)[1]] == before


# --- with the real model: constructions the decision must read -----------------------------------------


@pytest.fixture(scope="module")
def model_extractor():
    import depeche

    return depeche.load(overrides={"components.depeche_deadlines.decision": MODEL})


@pytest.mark.model
@pytest.mark.parametrize(
    "text, published, expected",
    [
        # past spans and periods are not deadlines
        ("Ces dix dernières années, le chiffre d'affaires a doublé.", "2020-06-10", []),
        ("Depuis 2015, la société a fermé trois usines.", "2020-06-10", []),
        ("Le magasin est resté fermé jusqu'au 3 mai.", "2020-06-10", []),
        # future events are not deadlines
        ("La cérémonie aura lieu le 3 juillet à Paris.", "2020-06-10", []),
        ("Le procès se tiendra jusqu'au 10 juillet devant le tribunal.", "2020-06-10", []),
        # an aim is not an obligation
        ("L'objectif du groupe est de réduire ses émissions de moitié d'ici 2030.", "2020-06-10", []),
        # obligations are
        ("Le gouvernement doit rendre sa décision d'ici le 22 juillet.", "2020-06-10", [("2020-07-22", "deadline")]),
        ("Les candidats ont jusqu'au 30 juin pour déposer leur dossier.", "2020-06-10", [("2020-06-30", "deadline")]),
        ("Les offres devront être déposées au plus tard le 15 août.", "2020-06-10", [("2020-08-15", "deadline")]),
        # a yearless date more than 90 days ahead, after « au plus tard », that the parse reads as governed by a past
        # participle: the nearest one (depeche_dates had put it in the past, 2019-09-15)
        ("Les offres devront être déposées au plus tard le 15 septembre.", "2020-06-10", [("2020-09-15", "deadline")]),
        # extensions and expiries
        ("Le délai a été prolongé jusqu'au 31 août.", "2020-06-10", [("2020-08-31", "extension")]),
        ("L'offre publique d'achat expire le 24 juillet.", "2020-06-10", [("2020-07-24", "expiry")]),
    ],
)
def test_constructions_with_the_model_decision(model_extractor, text, published, expected):
    record = model_extractor.extract(text, id="t", published=published)
    assert [(d.date, d.kind) for d in record.deadlines] == expected
    assert all(MODEL_VIA in d.via and d.confidence is not None for d in record.deadlines)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a term that moves a deadline the decision keeps is linked to it, whatever the term's own score
        ("Le délai, qui expirait le 27 novembre, est prolongé d'une semaine.", [("2020-12-04", "extension", "une semaine")]),
        # a term on its own is a deadline only when the decision keeps it
        ("Les candidats ont un délai de deux mois pour déposer leur dossier.", []),
    ],
)
def test_the_decision_gates_a_term_only_when_it_stands_alone(weights, text, expected):
    from depeche.components.deadlines.model import Scores

    nlp = blank_with(MODEL, weights)
    doc, _ = run(nlp, text)
    component = nlp.get_pipe("depeche_deadlines")
    proposal = component.propose(doc, keep_all=True)
    assert proposal.terms and all(t.rejected is None for t in proposal.terms)  # the rules read a term
    n, dated = len(proposal.candidates), len(proposal.dated)
    scores = Scores([i < dated for i in range(n)], [c.kind for c in proposal.candidates], [0.9] * n)  # every term turned down
    found = component.finish(doc, proposal, scores)
    assert [(d.date, d.kind, d.description) for d in found] == expected
