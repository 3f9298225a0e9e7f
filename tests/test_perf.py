"""Performance shortcuts must not change what is found: each is compared with the plain way."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from depeche.components.deals import _Gate, _matches


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("fr")


@pytest.mark.parametrize(
    "patterns, text",
    [
        ([[{"LOWER": {"REGEX": "^rachats?$"}}]], "Le rachat de Suez. Deux rachats, puis un Rachat."),
        ([[{"LOWER": "en"}, {"LOWER": {"REGEX": "^(suspens|pause)$"}}]], "Le projet est en pause, en suspens, en cours."),
        ([[{"LOWER": {"IN": ["de", "d'"]}}, {"LOWER": "achat", "OP": "?"}]], "Une offre d'achat de Veolia, de Suez."),
        # a wildcard that takes one token: runs one token apart are joined
        ([[{"LOWER": "à"}, {"OP": "?"}, {"LOWER": "plusieurs"}, {"LOWER": "reprises"}]], "Il a dit à trois plusieurs reprises et à plusieurs reprises."),
        ([[{"LOWER": {"REGEX": "^propos"}}, {"TEXT": {"REGEX": r"^\d"}}]], "Il propose 3,2 milliards, puis propose une hausse."),
        ([[{"LOWER": "le"}, {"LOWER": "royaume"}, {"LOWER": "de"}, {"IS_TITLE": True}, {"IS_TITLE": True, "OP": "?"}]], "Le royaume de Grande Bretagne et le royaume de Bahreïn."),
        ([[{"LOWER": "l'"}, {"TEXT": {"IN": ["État", "Etat"]}}]], "L'État vend, l'état de droit, l'Etat achète."),
        ([[{"LOWER": "fin"}], [{"LOWER": "de"}, {"LOWER": "la"}, {"LOWER": "fin"}]], "À la fin de la fin, fin."),
        # a REGEX with a global flag cannot join the others' alternation: tested on its own
        ([[{"TEXT": {"REGEX": "(?i)^suez$"}}], [{"LOWER": {"REGEX": "^veolia"}}]], "SUEZ, Suez et Veolia."),
        ([[{"LOWER": {"REGEX": r"^(\w)\1"}}]], "Les llamas et les lions."),  # a backreference
    ],
)
def test_gated_matches_are_the_matchers(blank, patterns, text):
    matcher = Matcher(blank.vocab)
    for i, pattern in enumerate(patterns):
        matcher.add(f"P{i}", [pattern])
    gate = _Gate(patterns)
    assert gate.usable
    doc = blank(text)
    expected = matcher(doc)
    assert expected, "the case should have matches"
    assert _matches(matcher, gate, doc) == expected  # same matches, same order, Doc offsets


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "de"}, {"OP": "*"}, {"LOWER": "fin"}],  # a wildcard that may take any number of tokens
        [{"IS_PUNCT": True}],
        [{"LOWER": "de", "OP": "!"}],
        [{"LOWER": {"NOT_IN": ["de"]}}],
    ],
)
def test_gate_steps_aside_for_other_patterns(blank, pattern):
    matcher = Matcher(blank.vocab)
    matcher.add("P", [pattern])
    gate = _Gate([pattern])
    assert not gate.usable
    doc = blank("De la fin de la fin.")
    assert _matches(matcher, gate, doc) == matcher(doc)


@pytest.mark.parametrize(
    "text, article_text",
    [
        ("Suez et Veolia.", "Suez et Veolia."),  # the article's text: read without re-joining the tokens
        ("Suez et Veolia.", None),  # no article: Doc.text
        ("Suez et Veolia.", "Suez et Veolia. Et plus."),  # an article that is not this Doc's: Doc.text
        ("", ""),
    ],
)
def test_doc_text_is_doc_text(blank, text, article_text):
    from depeche.docattrs import doc_text
    from depeche.records import Article

    doc = blank(text)
    if article_text is not None:
        doc._.article = Article(id="t", text=article_text)
    assert doc_text(doc) == doc.text


@pytest.mark.parametrize(
    "patterns, text, runs",
    [
        # « de la » passes tests of the pattern but lacks its « fin »: no run there
        ([[{"LOWER": "de"}, {"LOWER": "la"}, {"LOWER": "fin"}]], "Il parle de la suite, puis de la fin.", [(7, 10)]),
        # an optional token is not required: « en » alone can match
        ([[{"LOWER": "en", "OP": "?"}, {"LOWER": "pause"}]], "Une pause, en cours, en pause.", [(1, 2), (6, 8)]),
    ],
)
def test_gate_keeps_only_runs_that_can_match(blank, patterns, text, runs):
    matcher = Matcher(blank.vocab)
    for i, pattern in enumerate(patterns):
        matcher.add(f"P{i}", [pattern])
    gate = _Gate(patterns)
    doc = blank(text)
    assert gate.runs(doc) == runs
    assert _matches(matcher, gate, doc) == matcher(doc)


@pytest.mark.parametrize(
    "patterns, text, strong_needed",
    [
        # runs of capitalised words alone cannot hold « rachat de X »: dropped before the walk, same matches
        ([[{"LOWER": "rachat"}, {"LOWER": "de"}, {"IS_TITLE": True}]], "Marie Curie Et Paul Langevin. Le rachat de Suez, Rachat de Veolia.", True),
        ([[{"IS_TITLE": True}, {"LOWER": "rachète"}, {"IS_TITLE": True, "OP": "?"}]], "Pierre Et Marie. Veolia rachète Suez.", True),
        # a pattern of capitalised words alone: nothing can be dropped
        ([[{"IS_TITLE": True}, {"IS_TITLE": True}], [{"LOWER": "de"}]], "Grande Bretagne et Pays de Galles.", False),
    ],
)
def test_title_only_runs_are_dropped_only_when_no_pattern_can_use_them(blank, patterns, text, strong_needed):
    matcher = Matcher(blank.vocab)
    for i, pattern in enumerate(patterns):
        matcher.add(f"P{i}", [pattern])
    gate = _Gate(patterns)
    assert gate._strong_needed is strong_needed
    doc = blank(text)
    expected = matcher(doc)
    assert expected, "the case should have matches"
    assert _matches(matcher, gate, doc) == expected


@pytest.mark.parametrize(
    "text, test",
    [
        ("Le rachat de Suez par Veolia, puis un autre rachat.", lambda w: w == "rachat"),
        ("Le vice-ministre et l'ex-ministre.", lambda w: "-" in w),
        ("Rien ici.", lambda w: w == "absent"),
        ("", lambda w: True),
    ],
)
def test_where_is_the_plain_token_loop(blank, text, test):
    from depeche.components.common import token_rows, where

    doc = blank(text)
    cache: dict[int, bool] = {}
    expected = [t.i for t in doc if test(t.text)]
    assert where(doc, token_rows(doc), test) == expected
    assert where(doc, token_rows(doc), test, cache) == expected
    assert where(doc, token_rows(doc), test, cache) == expected  # answered from the cache


@pytest.mark.parametrize(
    "text, names",
    [
        ("Veolia et Suez ; Veolia-Suez ; Suez Environnement.", ["Suez", "Veolia", "Suez Environnement"]),
        ("TikTok Global, TikTok, TikToks.", ["TikTok", "TikTok Global"]),
        ("Orange et l'Orangerie, Orange.", ["Orange"]),
        ("Rien.", ["Absent"]),
    ],
)
def test_name_occurrences_are_the_regex_search(text, names):
    import re

    from depeche.components.deals.entities import _occurrences

    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?=(" + "|".join(map(re.escape, ordered)) + r")(?![\w-]))")
    expected = [(m.start(1), m.group(1)) for m in pattern.finditer(text)]
    assert _occurrences(text, names) == expected


@pytest.mark.parametrize(
    "text",
    [
        "L'autorité de la concurrence (CMA) et l'ONUB (Opération des Nations unies) ; (FMI) ( OMC ).",
        "Rien entre parenthèses.",
        "(CMA) en tête, puis l'OMS (Organisation mondiale) en fin (UE)",
    ],
)
def test_acronym_windows_are_the_whole_doc_matcher(text):
    import depeche.components.organisations  # noqa: F401 (registers the factory)
    from depeche.components.organisations.acronyms import _acronym_matches
    from depeche.components.organisations.types import Context

    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_organisations")
    nlp.initialize()
    tables = component.tables
    doc = nlp.make_doc(text)
    assert _acronym_matches(tables, Context(doc=doc, text=text, furniture=[])) == tables.acronyms(doc)
