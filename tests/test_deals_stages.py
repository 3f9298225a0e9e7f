"""depeche_deals as stages: an error in a stage propagates (no warning hiding it), the deals tests fail
when the component raises, the Extractor isolates the article it raises on; the stage values; the
lexicon schemas. On spacy.blank("fr")."""

from __future__ import annotations

import pytest
import spacy
import srsly

import depeche.components.deals as deals_module
import test_deals
from depeche import docattrs
from depeche.components.common import name_key, split_sentences, token_sentences
from depeche.components.deals import DealsComponent, context_of, lexicon_paths
from depeche.components.deals.entities import find_entities
from depeche.components.deals.lexicon import CueEntry, TriggerEntry
from depeche.components.deals.triggers import find_mentions, negative_tokens
from depeche.extractor import Extractor
from depeche.paths import models_dir
from depeche.records import Article, ArticleRecord

CO = "company"


class StageBroke(Exception):
    pass


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("fr")
    paths = lexicon_paths(models_dir())
    nlp.add_pipe("depeche_deals").initialize(**{part: srsly.read_jsonl(path) for part, path in paths.items()})
    return nlp


def _break_stage(monkeypatch, when=lambda ctx: True):
    """Make the trigger stage raise (on the Docs `when` picks)."""
    original = deals_module.find_mentions

    def broken(ctx, *args, **kwargs):
        if when(ctx):
            raise StageBroke(f"broken on {ctx.text[:20]!r}")
        return original(ctx, *args, **kwargs)

    monkeypatch.setattr(deals_module, "find_mentions", broken)


@pytest.mark.parametrize(
    ("run", "args"),
    [
        # a positive test body, a negative one (« no deal »), a status one
        (test_deals.test_kind_and_roles, ("Engie cède Suez à Veolia.", {"Veolia": CO, "Suez": CO, "Engie": CO},
                                          "acquisition", {("seller", "Engie"), ("target", "Suez"), ("buyer", "Veolia")})),
        (test_deals.test_other_senses_make_no_deal, ("Carrefour et Auchan dominent la vente au détail.", {"Carrefour": CO, "Auchan": CO})),
        (test_deals.test_no_party_no_deal_and_no_crash_on_a_bare_doc, ("Une fusion, une acquisition, une cession.",)),
        (test_deals.test_status, ("LVMH suspend le rachat de Tiffany.", "suspended")),
    ],
)
def test_deals_tests_fail_when_the_component_raises(nlp, monkeypatch, run, args):
    run(nlp, *args)  # passes as it is
    _break_stage(monkeypatch)
    with pytest.raises(StageBroke):
        run(nlp, *args)


def test_an_error_propagates_instead_of_a_warning(nlp, monkeypatch):
    _break_stage(monkeypatch)
    doc = nlp.make_doc("Veolia rachète Suez.")
    with pytest.raises(StageBroke):
        nlp.get_pipe("depeche_deals")(doc)
    assert docattrs.get(doc, "depeche_warnings") == []
    with pytest.raises(StageBroke):
        list(nlp.pipe(["Veolia rachète Suez.", "Engie cède Suez."]))


@pytest.mark.parametrize("bad", [0, 1, 2])
def test_the_extractor_isolates_the_article_the_component_raises_on(nlp, monkeypatch, bad):
    texts = ["Veolia rachète Suez à Engie.", "Engie cède Suez à Veolia.", "TF1 et M6 annoncent leur fusion."]
    _break_stage(monkeypatch, when=lambda ctx: ctx.text == texts[bad])
    articles = [Article(id=f"a{k}", text=t) for k, t in enumerate(texts)]
    results = Extractor(nlp).extract_each(articles, language=None)
    assert [isinstance(r, StageBroke) for r in results] == [k == bad for k in range(3)]
    assert all(isinstance(r, ArticleRecord) for k, r in enumerate(results) if k != bad)
    lines = list(Extractor(nlp).extract_many(articles, errors="yield", language=None))
    assert [getattr(line, "reason", "").startswith("the pipeline failed on it: StageBroke") for line in lines] == [
        k == bad for k in range(3)
    ]


# --- the stage values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "orgs", "triggers"),
    [
        ("Veolia rachète Suez. Engie cède Suez à Veolia.", ["Veolia", "Suez", "Engie"], ["rachète", "cède"]),
        ("Le rachat de Suez par Veolia est bouclé.", ["Suez", "Veolia"], ["rachat"]),
        # inside a negative pattern: no mention, though the trigger lexicon matches it
        ("Carrefour domine la vente au détail.", ["Carrefour"], []),
        # « lever » and « levée » with an amount right after, or after « près de », « plus de »
        ("Vestra a levé 20 millions d'euros.", ["Vestra"], ["levé 20"]),
        ("Vestra a levé près de 20 millions d'euros.", ["Vestra"], ["levé près de 20"]),
        ("Vestra annonce une levée de 183 millions d'euros.", ["Vestra"], ["levée de 183"]),
        ("Vestra annonce une levée de plus de 18 millions d'euros.", ["Vestra"], ["levée de plus de 18"]),
    ],
)
def test_context_entities_and_mentions(nlp, text, orgs, triggers):
    doc = test_deals._doc(nlp, text, {name: CO for name in orgs})
    component: DealsComponent = nlp.get_pipe("depeche_deals")
    ctx = context_of(doc, component._lexicon, component._settings)
    assert ctx.sents == split_sentences(text)
    assert len(ctx.tok_sent) == len(doc) and -1 not in ctx.tok_sent
    ctx.entities, ctx.new_entities = find_entities(ctx, component._lexicon)
    assert {e.name for e in ctx.entities} == set(orgs)
    assert all(text[e.start : e.end] == e.name for e in ctx.entities)
    negatives = negative_tokens(ctx, component._lexicon)
    mentions, _ = find_mentions(ctx, component._lexicon, ctx.entities, ctx.new_entities, negatives)
    assert [doc[m.start_tok : m.end_tok].text for m in mentions] == triggers
    assert bool(negatives) == (not triggers)


@pytest.mark.parametrize(
    ("text", "sents"),
    [("Un. Deux.", [0, 0, 1, 1]), ("Un\n\nDeux", [0, -1, 1]), ("", [])],  # a line break is in no sentence
)
def test_token_sentences(text, sents):
    doc = spacy.blank("fr")(text)
    assert token_sentences(doc, split_sentences(text)) == sents


@pytest.mark.parametrize(("a", "b"), [("Couche-Tard", "couche tard"), ("Walmart", "WALLMART"), ("Café", "cafe")])
def test_name_key(a, b):
    assert name_key(a) == name_key(b)


# --- the lexicons ---------------------------------------------------------------------------------


def test_the_shipped_lexicons_are_valid():
    paths = lexicon_paths(models_dir())
    for entry in srsly.read_jsonl(paths["triggers"]):
        TriggerEntry.model_validate(entry)
    for entry in srsly.read_jsonl(paths["cues"]):
        CueEntry.model_validate(entry)


@pytest.mark.parametrize(
    ("part", "entry", "message"),
    [
        ("triggers", {"id": "x", "pattern": [{"LOWER": "rachat"}], "kind": "theft", "sense": "buy"}, "kind"),
        ("triggers", {"id": "x", "pattern": [{"LOWER": "rachat"}], "kind": "acquisition", "sense": "buy", "typo": 1}, "typo"),
        ("cues", {"id": "x", "pattern": [{"LOWER": "fini"}], "class": "verb", "status": "done"}, "status"),
        ("negatives", {"id": "x"}, "pattern"),
        # a pattern the Matcher refuses (validate=True)
        ("negatives", {"id": "x", "pattern": [{"LOWERCASE": "vente"}]}, "LOWERCASE"),
    ],
)
def test_a_bad_lexicon_entry_is_named(part, entry, message):
    component = spacy.blank("fr").add_pipe("depeche_deals")
    with pytest.raises(ValueError, match=message):
        component.initialize(**{part: [entry]})
