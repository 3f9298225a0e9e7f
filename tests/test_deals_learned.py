"""The trained decisions of depeche_deals (rules propose, models decide): the classifier, its features, the
candidates, the swappable decisions in the config."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from depeche.components.deals.candidates import party_candidates
from depeche.components.deals.features import ROLE_DENSE, SENSE_DENSE, Candidate, passive, role_features, sense_features
from depeche.components.deals.learned import LinearClassifier
from depeche.components.deals.sense import RoleDecision, SenseDecision, roles_model, roles_rules, sense_model, sense_rules

ENTRY = {"id": "racheter", "kind": "acquisition", "sense": "buy"}


def _toy(n: int = 40):
    """Instances whose label is said by one feature (and noise features), with random dense parts."""
    rng = numpy.random.default_rng(0)
    feats, y = [], []
    for i in range(n):
        label = "yes" if i % 2 else "no"
        feats.append([f"cue={label}", f"noise={rng.integers(5)}"])
        y.append(label)
    return feats, rng.normal(size=(n, 4)).astype("float32"), y


def test_the_classifier_learns_a_separable_toy_set():
    feats, dense, y = _toy()
    model = LinearClassifier(labels=["no", "yes"], dense_width=4)
    model.fit(feats, dense, y, epochs=100, l2=1e-3)
    probs = model.predict(feats, dense)
    assert probs.shape == (40, 2)
    assert numpy.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert [model.labels[j] for j in probs.argmax(axis=1)] == y


def test_training_is_deterministic():
    feats, dense, y = _toy()
    a, b = (LinearClassifier(labels=["no", "yes"], dense_width=4) for _ in range(2))
    a.fit(feats, dense, y, epochs=30)
    b.fit(feats, dense, y, epochs=30)
    assert numpy.array_equal(a.predict(feats, dense), b.predict(feats, dense))


def test_the_classifier_round_trips_as_json_data(tmp_path):
    feats, dense, y = _toy()
    model = LinearClassifier(labels=["no", "yes"], dense_width=4, info={"cross_validation": {"f1": 0.77454545}})
    model.fit(feats, dense, y, epochs=30)
    again = LinearClassifier.from_dict(model.to_dict())
    assert numpy.array_equal(again.predict(feats, dense), model.predict(feats, dense))
    assert again.info["cross_validation"]["f1"] == 0.7745  # rounded: JSON writers disagree on long floats
    model.to_disk(tmp_path / "m.json")
    assert numpy.array_equal(LinearClassifier.from_disk(tmp_path / "m.json").predict(feats, dense), model.predict(feats, dense))


@pytest.mark.parametrize("bad", [{}, {"format": "other"}, []])
def test_a_bad_weights_file_is_refused(bad):
    with pytest.raises(ValueError, match="depeche.linear.v1"):
        LinearClassifier.from_dict(bad)


def test_a_missing_weights_file_names_itself(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        LinearClassifier.from_disk(tmp_path / "nowhere.json")


def test_features_on_a_bare_doc_have_words_and_no_vectors():
    doc = spacy.blank("fr")("Veolia rachète Suez pour 13 milliards d'euros.")
    cands = [Candidate(0, 1, "organisation", "company"), Candidate(2, 3, "organisation", "company")]
    feats, dense = sense_features(doc, 1, 2, ENTRY, (0, len(doc)), cands, True)
    assert "id=racheter" in feats and "money=True" in feats and "w+0=suez" in feats
    assert dense.shape == (SENSE_DENSE,) and not dense.any()
    feats, dense = role_features(doc, 1, 2, ENTRY, cands[0], (0, len(doc)), "buyer")
    assert "side=before" in feats and "rule=buyer" in feats and "path=none" in feats
    assert dense.shape == (ROLE_DENSE,)


def test_the_negative_lexicon_is_a_feature():
    doc = spacy.blank("fr")("Le géant de la vente au détail.")
    feats, _ = sense_features(doc, 4, 5, {"id": "vente", "kind": "acquisition", "sense": "sell"}, (0, len(doc)), [], False, True)
    assert "negative" in feats and "negative|vente" in feats


def _parsed(words, heads, deps, pos, morphs):
    return Doc(spacy.blank("fr").vocab, words=words, heads=heads, deps=deps, pos=pos, morphs=morphs)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "morphs", "verb", "expected"),
    [
        # « Suez a été racheté par Veolia »: a passive
        (["Suez", "a", "été", "racheté", "par", "Veolia"], [3, 3, 3, 3, 5, 3], ["nsubj:pass", "aux:tense", "aux:pass", "ROOT", "case", "obl:mod"],
         ["", "", "", "Voice=Pass|VerbForm=Part", "", ""], 3, True),
        # « Oracle et Walmart sont devenus propriétaires »: an être-verb, parsed aux:pass, is active
        (["Oracle", "sont", "devenus", "propriétaires"], [2, 2, 2, 2], ["nsubj", "aux:pass", "ROOT", "obj"],
         ["", "", "VerbForm=Part", ""], 2, False),
        # « Veolia rachète Suez »: active
        (["Veolia", "rachète", "Suez"], [1, 1, 1], ["nsubj", "ROOT", "obj"], ["", "VerbForm=Fin", ""], 1, False),
        # « Rachetée par Veolia, Suez … »: a participle with its agent
        (["Rachetée", "par", "Veolia", ",", "Suez", "ferme"], [5, 2, 0, 5, 5, 5], ["advcl", "case", "obl:mod", "punct", "nsubj", "ROOT"],
         ["VerbForm=Part", "", "", "", "", ""], 0, True),
    ],
)
def test_voice(words, heads, deps, morphs, verb, expected):
    pos = ["VERB" if i == verb else ("AUX" if d.startswith("aux") else "PROPN") for i, d in enumerate(deps)]
    doc = _parsed(words, heads, deps, pos, morphs)
    assert passive(doc[verb]) is expected


def test_candidates_add_proper_nouns_and_entities_no_component_named():
    words = ["Le", "groupe", "Éditis", "a", "été", "racheté", "par", "Vivendi", "."]
    doc = Doc(spacy.blank("fr").vocab, words=words, pos=["DET", "NOUN", "PROPN", "AUX", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
              ents=["O", "O", "O", "O", "O", "O", "O", "B-ORG", "O"])
    cands = party_candidates(doc, [])
    assert [(doc[c.start:c.end].text, c.source) for c in cands] == [("Éditis", "propn"), ("Vivendi", "ent:ORG")]
    known = party_candidates(doc, [Candidate(7, 8, "organisation", "company")])
    assert [(doc[c.start:c.end].text, c.source) for c in known] == [("Éditis", "propn"), ("Vivendi", "organisation")]


@pytest.mark.parametrize(
    "words, pos, expected",
    [
        # « et » between two proper nouns coordinates two names, it does not join one
        ("Publicis s' est offert Sapient et Epsilon .", ["PROPN", "PRON", "AUX", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
         ["Publicis", "Sapient", "Epsilon"]),
        # a particle inside a name still joins it
        ("Caisse des Dépôts rachète Ermewa .", ["PROPN", "ADP", "PROPN", "VERB", "PROPN", "PUNCT"], ["Caisse des Dépôts", "Ermewa"]),
        ("Marks & Spencer cède Ocado .", ["PROPN", "CCONJ", "PROPN", "VERB", "PROPN", "PUNCT"], ["Marks & Spencer", "Ocado"]),
    ],
)
def test_proper_noun_runs_stop_at_a_coordination(words, pos, expected):
    doc = Doc(spacy.blank("fr").vocab, words=words.split(" "), pos=pos)
    assert [doc[c.start:c.end].text for c in party_candidates(doc, [])] == expected


def test_capitalised_words_the_tagger_calls_common_nouns_are_candidates_when_joined_by_a_hyphen():
    words = ["Le", "rachat", "de", "Carrefour", "par", "Couche", "-", "Tard", "inquiète", "la", "Bourse", "."]
    spaces = [True, True, True, True, True, False, False, True, True, True, False, False]
    pos = ["DET", "NOUN", "ADP", "PROPN", "ADP", "NOUN", "PROPN", "NOUN", "ADJ", "DET", "NOUN", "PUNCT"]
    doc = Doc(spacy.blank("fr").vocab, words=words, spaces=spaces, pos=pos)
    # « Bourse » stands alone: a word of the language for all this Doc knows (no vectors: no word is unknown)
    assert [doc[c.start:c.end].text for c in party_candidates(doc, [])] == ["Carrefour", "Couche-Tard"]


def test_an_acronym_the_tagger_calls_a_noun_is_a_candidate():
    words = ["PPR", "a", "lancé", "une", "offre", "sur", "Puma", "."]
    doc = Doc(spacy.blank("fr").vocab, words=words, pos=["NOUN", "AUX", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"])
    assert [doc[c.start:c.end].text for c in party_candidates(doc, [])] == ["PPR", "Puma"]


@pytest.mark.model
def test_a_capitalised_word_that_is_no_word_of_the_language_is_a_candidate(depeche_extractor):
    doc = depeche_extractor.nlp("L'acquisition de Figma par Adobe, annoncée en septembre, pourrait être retardée.")
    assert "Figma" in [doc[c.start:c.end].text for c in party_candidates(doc, [])]


def test_the_decisions_are_registered_and_swappable():
    assert isinstance(sense_rules(), SenseDecision) and sense_rules().rules
    assert sense_model(threshold=0.4).trained and sense_model(threshold=0.4).threshold == 0.4
    assert isinstance(roles_rules(), RoleDecision) and roles_rules().rules
    assert roles_model(threshold=0.35, senses=["buy"]).senses == ("buy",)
    with pytest.raises(ValueError, match="threshold"):
        sense_model(threshold=1.5)


def test_a_model_decision_without_weights_is_an_error():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_deals", config={"sense": {"@misc": "depeche.deal_sense.model.v1", "threshold": 0.4}})
    pipe = nlp.get_pipe("depeche_deals")
    pipe.initialize(triggers=[], negatives=[], cues=[], sense_weights={})
    with pytest.raises(ValueError, match="weights"):
        pipe.find(nlp("Veolia rachète Suez."))


@pytest.fixture(scope="module")
def decided():
    """depeche_deals with the shipped models deciding, and with the rules, both on bare Docs."""
    out = {}
    for name, config in (("models", {"sense": {"@misc": "depeche.deal_sense.model.v1", "threshold": 0.4},
                                      "roles": {"@misc": "depeche.deal_roles.model.v1", "threshold": 0.35}}), ("rules", {})):
        nlp = spacy.blank("fr")
        nlp.add_pipe("depeche_deals", config=config)
        nlp.initialize()
        out[name] = nlp
    return out


def _deals(nlp, text, orgs):
    from depeche import docattrs
    from depeche.records import Organisation, Span

    doc = nlp.make_doc(text)
    for name in orgs:
        start = text.index(name)
        docattrs.get(doc, "organisations").append(
            Organisation(id=name.lower(), name=name, kind="company", mentions=[Span.at(text, start, start + len(name))]))
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert docattrs.get(doc, "depeche_warnings") == []
    return docattrs.get(doc, "deals")


def test_the_shipped_weights_load_only_where_a_model_decides(decided):
    assert decided["models"].get_pipe("depeche_deals").sense_weights["format"] == "depeche.linear.v1"
    assert decided["rules"].get_pipe("depeche_deals").sense_weights == {}


@pytest.mark.parametrize("text", ["Veolia rachète Suez pour 13 milliards d'euros.", "Le rachat de Suez par Veolia est bouclé."])
def test_a_model_deal_carries_its_confidence_and_provenance(decided, text):
    (deal,) = _deals(decided["models"], text, ["Veolia", "Suez"])
    assert 0.0 <= deal.confidence <= 1.0
    assert deal.via[0].startswith("deals.trigger:") and deal.via[1] == "deals.sense-model"
    assert {p.name for p in deal.parties} <= {"Veolia", "Suez"} and deal.parties
    (rule_deal,) = _deals(decided["rules"], text, ["Veolia", "Suez"])
    assert rule_deal.confidence is None and rule_deal.via[1] == "deals.rules"


def test_a_model_decides_a_car_purchase_is_no_deal(decided):
    from depeche.components.deals import context_of, proposed_mentions
    from depeche.components.deals.entities import find_entities
    from depeche.components.deals.sense import candidates_of, score_mentions
    from depeche.components.deals.triggers import negative_tokens

    text = "Les collectionneurs pourront acheter une voiture de 1957 aux enchères."
    pipe = decided["models"].get_pipe("depeche_deals")
    ctx = context_of(decided["models"].make_doc(text), pipe._lexicon, pipe._settings)
    ctx.entities, ctx.new_entities = find_entities(ctx, pipe._lexicon)
    mentions, _ = proposed_mentions(ctx, pipe._lexicon, negative_tokens(ctx, pipe._lexicon), keep_all=True)
    assert [ctx.doc[m.start_tok:m.end_tok].text for m in mentions] == ["acheter"]  # the rules propose it
    (p,) = score_mentions(ctx, mentions, candidates_of(ctx)[0], pipe._decisions.sense.model)
    assert p < pipe.sense.threshold  # the model decides it is none
    assert _deals(decided["models"], text, []) == []


@pytest.mark.parametrize(
    ("rule", "model", "expected"),
    [
        ("proposed", "completed", "completed"),  # the model reads the mention
        ("agreed", None, "agreed"),  # no model reading: the rules
        ("suspended", "proposed", "suspended"),  # a stop the rules read stands
        ("blocked", "agreed", "blocked"),
        ("approved", "completed", "approved"),  # a regulator's step too
    ],
)
def test_status_of(rule, model, expected):
    from depeche.components.deals.sense import status_of

    assert status_of(rule, model) == expected


def test_status_features_read_the_cues_and_the_verb():
    from depeche.components.deals.features import STATUS_DENSE, status_features

    doc = spacy.blank("fr")("Veolia a finalisé le rachat de Suez.")
    feats, dense = status_features(doc, 4, 5, {"id": "rachat", "kind": "acquisition", "sense": "buy"}, (0, len(doc)), "completed", ["completed"])
    assert "rule=completed" in feats and "cue=completed" in feats and "bow=finalisé" in feats
    assert dense.shape == (STATUS_DENSE,)


# --- the candidate's relation to the trigger, read through a hand-made parse -------------------------------------


def _hand_parsed(words, heads, deps, pos, morphs=None):
    """A Doc of `words` with the parse given: heads as word indices, one tag and dependency each."""
    nlp = spacy.blank("fr")
    return Doc(nlp.vocab, words=words.split(), heads=heads, deps=deps, pos=pos, morphs=morphs or [""] * len(heads))


PASSIVE = _hand_parsed(  # « Talend a été acquis par le fonds KKR . »
    "Talend a été acquis par le fonds KKR .", [3, 3, 3, 3, 6, 6, 3, 6, 3],
    ["nsubj:pass", "aux:tense", "aux:pass", "ROOT", "case", "det", "obl:agent", "nmod", "punct"],
    ["PROPN", "AUX", "AUX", "VERB", "ADP", "DET", "NOUN", "PROPN", "PUNCT"],
    ["", "", "", "VerbForm=Part|Voice=Pass", "", "", "", "", ""])
NOMINAL = _hand_parsed(  # « Le rachat de Suez par Veolia . »
    "Le rachat de Suez par Veolia .", [1, 1, 3, 1, 5, 1, 1],
    ["det", "ROOT", "case", "nmod", "case", "nmod", "punct"], ["DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"])
ANSWER = _hand_parsed(  # « Le conseil d' Engie a accepté l' offre de Veolia . »
    "Le conseil d' Engie a accepté l' offre de Veolia .", [1, 5, 3, 1, 5, 5, 7, 5, 9, 7, 5],
    ["det", "nsubj", "case", "nmod", "aux:tense", "ROOT", "det", "obj", "case", "nmod", "punct"],
    ["DET", "NOUN", "ADP", "PROPN", "AUX", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"])


@pytest.mark.parametrize(
    "doc, trig, cand, relation",
    [
        (PASSIVE, 3, 7, "agent"),  # the name designates « le fonds », the passive's agent
        (PASSIVE, 3, 0, "patient"),  # the passive subject
        (NOMINAL, 1, 3, "genitive"),  # « le rachat de Suez »
        (NOMINAL, 1, 5, "agent"),  # « … par Veolia »
        (ANSWER, 7, 3, "inside-governor-subject"),  # a name inside the subject of the verb governing the offer
    ],
)
def test_deep_relation(doc, trig, cand, relation):
    from depeche.components.deals.features import deep_relation

    assert deep_relation(doc[trig], doc[cand], passive(doc[trig])) == relation


@pytest.mark.parametrize("cand, answers", [(3, True), (9, False)])
def test_who_answers_an_offer_is_told_apart(cand, answers):
    from depeche.components.deals.features import answers_the_offer

    assert answers_the_offer(ANSWER[7], ANSWER[cand]) is answers
