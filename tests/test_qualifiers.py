"""depeche_qualifiers: cue lexicon, `qualify` on bare Docs and on the real parse, the pipe on deals and deadlines."""

from __future__ import annotations

import pydantic
import pytest
import spacy
import srsly
from spacy.tokens import SpanGroup

from depeche import docattrs
from depeche.components.qualifiers import QualifiersComponent, deal_status, qualify, qualify_chars
from depeche.components.qualifiers.cues import CueIndex
from depeche.components.qualifiers.lexicon import CueMatcher, validate_lexicon
from depeche.paths import models_dir
from depeche.records import Deadline, Deal, Span

LEXICON = models_dir() / "lexicons" / "qualifiers.jsonl"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_qualifiers").initialize(cues=srsly.read_jsonl(LEXICON))
    return nlp


def _qualifiers(nlp, text: str, word: str, nth: int = 0) -> list[str]:
    doc = nlp.make_doc(text)
    i = [t.i for t in doc if t.text == word][nth]
    return qualify(doc, i, i + 1).as_list()


# --- qualify() on a bare Doc (the surface fallback) ------------------------------------


@pytest.mark.parametrize(
    "text, word, expected",
    [
        # negated
        ("Veolia ne rachètera pas Suez.", "rachètera", ["negated"]),
        ("Microsoft n'a jamais racheté Yahoo.", "racheté", ["negated"]),
        ("Le groupe n'a pas l'intention de racheter son concurrent.", "racheter", ["negated"]),
        ("Il n'y a aucun projet de fusion entre les deux groupes.", "fusion", ["negated"]),
        ("Les salariés des magasins qui n'ont pas trouvé de repreneur seront reclassés.", "repreneur", ["negated"]),
        ("Renault ne compte plus céder sa filiale.", "céder", ["negated"]),
        # denied
        ("Carrefour dément toute discussion avec Couche-Tard en vue d'un rachat.", "rachat", ["denied"]),
        ("Le groupe a démenti tout projet de cession.", "cession", ["denied"]),
        ("Orange nie avoir négocié le rachat de Bouygues Telecom.", "rachat", ["denied"]),
        ("Le ministre affirme, contrairement à ce qu'a dit son rival, qu'il n'y a aucun projet de privatisation.", "privatisation", ["denied", "reported"]),
        # hypothetical
        ("Si Veolia rachetait Suez, le nouvel ensemble pèserait lourd.", "rachetait", ["hypothetical"]),
        ("S'il rachetait Suez, Veolia deviendrait le numéro un.", "rachetait", ["hypothetical"]),
        ("En cas de rachat de Figma par Adobe, les régulateurs ouvriraient une enquête.", "rachat", ["hypothetical"]),
        ("Au cas où un actionnaire voudrait acquérir 10 % du capital, il devra obtenir l'agrément de l'État.", "acquérir", ["hypothetical"]),
        ("Plusieurs groupes ont manifesté leur intérêt pour un éventuel rachat du cirque.", "rachat", ["hypothetical"]),
        ("Les analystes évoquent une fusion potentielle des deux opérateurs.", "fusion", ["hypothetical"]),
        # rumoured
        ("Couche-Tard serait en discussions pour racheter Carrefour.", "racheter", ["rumoured"]),
        ("Selon des rumeurs de marché, Pernod Ricard va racheter Rémy Cointreau.", "racheter", ["rumoured"]),
        ("Selon des sources proches du dossier, Vivendi prépare une offre sur Lagardère.", "offre", ["rumoured"]),
        ("Danone dément les rumeurs d'une offre de PepsiCo.", "offre", ["denied", "rumoured"]),
        # reported
        ("Selon Les Échos, Veolia prépare une offre sur Suez.", "offre", ["reported"]),
        ("D'après Bloomberg, Alimentation Couche-Tard serait en discussions pour racheter Carrefour.", "racheter", ["rumoured", "reported"]),
        ("Honeywell va racheter Sagemcom, rapporte Reuters.", "racheter", ["reported"]),
        ("Le groupe va céder sa filiale, a indiqué son PDG au Parisien.", "céder", ["reported"]),
        # plain fact, and look-alikes of the cues
        ("Veolia a racheté Suez pour 13 milliards d'euros.", "racheté", []),
        ("Même si Veolia a racheté Suez, la bataille continue.", "racheté", []),
        ("Veolia rachètera sans doute Suez.", "rachètera", []),
        ("Le rachat n'a pas encore été finalisé.", "rachat", []),
        ("Veolia ne rachètera pas Engie, mais rachète Suez.", "rachète", []),
        ("Non seulement Veolia rachète Suez, mais elle vise Engie.", "rachète", []),
    ],
)
def test_qualify_bare(nlp, text, word, expected):
    assert _qualifiers(nlp, text, word) == expected


def test_qualify_gives_its_cues(nlp):
    doc = nlp.make_doc("Veolia ne rachètera pas Suez.")
    result = qualify(doc, 2, 3)
    assert [(c.qualifier, doc[c.start : c.end].text) for c in result.cues] == [("negated", "ne rachètera pas")]


def test_qualify_chars_widens_to_tokens(nlp):
    text = "Si Veolia rachetait Suez, le groupe doublerait."
    doc = nlp.make_doc(text)
    start = text.index("rachetait")
    assert qualify_chars(doc, start + 2, start + 5).as_list() == ["hypothetical"]


def test_one_index_matches_each_sentence_once(nlp):
    doc = nlp.make_doc("Veolia ne rachètera pas Suez. Selon Reuters, Engie cède sa filiale.")
    component = nlp.get_pipe("depeche_qualifiers")
    index = CueIndex(doc, component._matcher)
    assert qualify(doc, 2, 3, index=index).as_list() == ["negated"]
    assert qualify(doc, 10, 11, index=index).as_list() == ["reported"]
    assert len(index._by_start) == 2
    assert index.sentence(2) is index.sentence(0)


# --- the lexicon -----------------------------------------------------------------------------


def test_shipped_lexicon_is_valid_and_compiles():
    entries = validate_lexicon(srsly.read_jsonl(LEXICON))
    assert {e.qualifier for e in entries} >= {"negated", "denied", "hypothetical", "rumoured", "reported", "pseudo", "termination"}
    CueMatcher(spacy.blank("fr").vocab, entries)


@pytest.mark.parametrize(
    "rows, error",
    [
        ([{"id": "x", "qualifier": "doubtful", "pattern": [{"LOWER": "x"}]}], pydantic.ValidationError),
        ([{"id": "x", "qualifier": "negated", "pattern": []}], pydantic.ValidationError),
        ([{"id": "x", "qualifier": "negated", "pattern": [{"LOWER": "x"}], "scope": "around"}], pydantic.ValidationError),
        ([{"id": "x", "qualifier": "negated", "pattern": [{"LOWER": "x"}]}] * 2, ValueError),
    ],
)
def test_bad_lexicon_rows_are_refused(rows, error):
    with pytest.raises(error):
        validate_lexicon(rows)


def test_bad_pattern_is_refused_by_the_matcher():
    entries = validate_lexicon([{"id": "x", "qualifier": "negated", "pattern": [{"LOWR": "pas"}]}])
    with pytest.raises(ValueError):  # spaCy's MatchPatternError, from Matcher(validate=True)
        CueMatcher(spacy.blank("fr").vocab, entries)


# --- the status convention ------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, qualifiers, expected",
    [
        ("completed", ["negated"], ("proposed", ["negated"])),
        ("agreed", ["denied", "reported"], ("proposed", ["denied", "reported"])),
        ("completed", ["hypothetical"], ("proposed", ["hypothetical"])),
        ("abandoned", ["hypothetical"], ("abandoned", ["hypothetical"])),
        ("blocked", ["negated"], ("blocked", ["negated"])),
        ("proposed", ["rumoured", "reported"], ("rumoured", ["rumoured", "reported"])),
        ("proposed", ["denied", "rumoured"], ("rumoured", ["denied", "rumoured"])),
        ("rumoured", [], ("rumoured", ["rumoured"])),
        ("rumoured", ["hypothetical"], ("proposed", ["hypothetical"])),
        ("completed", ["reported"], ("completed", ["reported"])),
        ("agreed", [], ("agreed", [])),
    ],
)
def test_deal_status(status, qualifiers, expected):
    assert deal_status(status, qualifiers) == expected


# --- the pipe on a bare Doc -----------------------------------------------------------------


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span.at(text, start, start + len(word))


def test_pipe_sets_deal_and_deadline_qualifiers(nlp):
    text = "Veolia ne rachètera pas Suez. Selon Reuters, l'offre expire le 30 juin. Engie a cédé sa filiale."
    doc = nlp.make_doc(text)
    sentence = _span(text, "Veolia ne rachètera pas Suez.")
    docattrs.get(doc, "deals").extend([
        Deal(id="deal1", kind="acquisition", trigger=_span(text, "rachètera"), status="completed", evidence=[sentence]),
        Deal(id="deal2", kind="acquisition", trigger=_span(text, "cédé"), status="completed", evidence=[sentence]),
        Deal(id="deal3", kind="acquisition", status="agreed"),
    ])
    docattrs.get(doc, "deadlines").append(
        Deadline(id="deadline-1", date="2020-06-30", span=_span(text, "30 juin"), trigger=_span(text, "expire"), evidence=sentence)
    )
    doc = nlp.get_pipe("depeche_qualifiers")(doc)
    deal1, deal2, deal3 = doc._.deals
    assert (deal1.qualifiers, deal1.status) == (["negated"], "proposed")
    assert (deal2.qualifiers, deal2.status) == ([], "completed")
    assert (deal3.qualifiers, deal3.status) == ([], "agreed")  # no trigger: nothing to qualify
    assert doc._.deadlines[0].qualifiers == ["reported"]


def test_pipe_marks_a_span_group():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_qualifiers", config={"spans_key": "sc"}).initialize(cues=srsly.read_jsonl(LEXICON))
    doc = nlp.make_doc("Si Veolia rachetait Suez, Engie vendrait. Veolia rachète Suez.")
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=[doc[2:3], doc[9:10]])
    doc = nlp.get_pipe("depeche_qualifiers")(doc)
    assert [s._.qualifiers for s in doc.spans["sc"]] == [["hypothetical"], []]


def test_pipe_without_status_keeps_it(nlp):
    component = QualifiersComponent(nlp, set_status=False)
    text = "Microsoft n'a jamais racheté Yahoo."
    doc = nlp.make_doc(text)
    docattrs.get(doc, "deals").append(Deal(id="deal1", kind="acquisition", trigger=_span(text, "racheté"), status="completed"))
    doc = component(doc)  # loads the shipped lexicon on first use
    assert (doc._.deals[0].qualifiers, doc._.deals[0].status) == (["negated"], "completed")


def test_pipe_serialises_its_lexicon(nlp, tmp_path):
    component = nlp.get_pipe("depeche_qualifiers")
    other = QualifiersComponent(spacy.blank("fr")).from_bytes(component.to_bytes())
    assert other.cues == component.cues
    component.to_disk(tmp_path / "q")
    assert QualifiersComponent(spacy.blank("fr")).from_disk(tmp_path / "q").cues == component.cues


# --- on the real parse ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(depeche_extractor):
    nlp = depeche_extractor.nlp

    def parse(text: str):
        with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("depeche_")]):
            return nlp(text)

    return parse


@pytest.mark.model
@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("Veolia ne rachètera pas Suez.", "rachètera", ["negated"]),
        ("Le groupe n'a pas l'intention de racheter son concurrent.", "racheter", ["negated"]),
        ("Le rachat n'a pas été finalisé avant l'été.", "rachat", []),  # the completion is negated, not the deal
        ("Les salariés qui ne partent pas avec le repreneur seront reclassés.", "repreneur", []),
        ("Si Veolia rachetait Suez, le nouvel ensemble pèserait lourd.", "rachetait", ["hypothetical"]),
        ("En cas de rachat de Figma par Adobe, les régulateurs ouvriraient une enquête.", "rachat", ["hypothetical"]),
        ("Couche-Tard serait en discussions pour racheter Carrefour.", "racheter", ["rumoured"]),
        ("L'acquisition de Figma par Adobe pourrait être retardée.", "acquisition", []),
        ("Honeywell va racheter Sagemcom, rapporte Reuters.", "racheter", ["reported"]),
        ("L'acquisition de Kiabi par Eurazeo a été annoncée jeudi.", "acquisition", []),  # announced is no source
        ("Après avoir annoncé ses résultats, Veolia a racheté Suez.", "racheté", []),
    ],
)
def test_qualify_on_the_parse(parsed, text, word, expected):
    doc = parsed(text)
    i = next(t.i for t in doc if t.text == word)
    assert qualify(doc, i, i + 1).as_list() == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, qualifiers, status",
    [
        ("Veolia ne rachètera pas Suez.", ["negated"], "proposed"),
        ("Selon Les Échos, Veolia a racheté Suez.", ["reported"], "completed"),
    ],
)
def test_pipeline_deal_gets_qualifiers(depeche_extractor, text, qualifiers, status):
    record = depeche_extractor.extract(text, id="q", published="2021-01-13")
    deal = next(d for d in record.deals if {p.name for p in d.parties} & {"Veolia", "Suez"})
    assert (deal.qualifiers, deal.status) == (qualifiers, status)
