"""The State's implicit role (`state_role` of a trigger entry, `parties.state_party`): the State named in the
sentence of a privatisation is its seller, of a nationalisation its buyer — whatever the syntax around it."""

from __future__ import annotations

import pytest

from conftest import assert_record_valid

CASES = [
    # (text, role the State must have, a party that must be there with its role)
    ("La loi Pacte prévoit la privatisation de la FDJ, dont l'État possède 72 % du capital.", "seller", ("target", "FDJ")),
    ("La loi prévoit notamment la privatisation de la Française des jeux, dont l'Etat détient 72 %.", "seller", None),
    ("Le projet de privatisation du groupe ADP, dans lequel l'État détient 50,63 % des parts, a pris du retard.", "seller", None),
]


@pytest.mark.model
@pytest.mark.parametrize("text,role,other", CASES, ids=[f"state-{k}" for k in range(len(CASES))])
def test_the_state_has_its_implicit_role(depeche_extractor, text, role, other):
    from depeche.records import Article

    record = assert_record_valid(next(iter(depeche_extractor.extract_many([Article(id="a", text=text, published="2020-01-15")]))))
    assert record.deals, f"{text}: no deal"
    parties = [(p.role, p.name, tuple(p.via)) for d in record.deals for p in d.parties]
    assert any(r == role and name in ("État", "Etat") for r, name, _ in parties), f"{text}: {parties}"
    if other is not None:
        assert any((r, name) == other for r, name, _ in parties), f"{text}: {parties}"


@pytest.mark.model
def test_a_law_is_no_seller_of_a_privatisation(depeche_extractor):
    from depeche.records import Article

    text = "La loi Pacte prévoit la privatisation de la FDJ, dont l'État possède 72 % du capital."
    record = assert_record_valid(next(iter(depeche_extractor.extract_many([Article(id="a", text=text, published="2020-01-15")]))))
    sellers = [p for d in record.deals for p in d.parties if p.role == "seller"]
    # the State's role comes from the role model where it reads it (since 2026-12-04), else from the state stage
    # (tested alone below)
    assert [p.name for p in sellers] == ["État"] and sellers[0].via in (["deals.state-role"], ["deals.role-model"])


def test_state_party_on_an_unparsed_doc(depeche_extractor):
    """The stage alone, on a Doc no component annotated (the pipeline's tokenizer only): the rules find the
    trigger and the State (a cue), the stage gives the State its role; with a State already the seller nothing
    changes."""
    from depeche.components.deals import context_of
    from depeche.components.deals import proposed_mentions
    from depeche.components.deals.context import Settings
    from depeche.components.deals.entities import find_entities
    from depeche.components.deals.parties import state_party

    nlp = depeche_extractor.nlp  # the shipped pipeline; only its tokenizer runs (make_doc)
    lexicon = nlp.get_pipe("depeche_deals")._lexicon
    doc = nlp.make_doc("Le texte prévoit la privatisation de la FDJ, dont l'État possède 72 %.")
    ctx = context_of(doc, lexicon, Settings(max_gap=20, antecedent_sentences=2))
    ctx.entities, ctx.new_entities = find_entities(ctx, lexicon)
    mentions, _ = proposed_mentions(ctx, lexicon, set(), keep_all=True)
    privatisation = next(m for m in mentions if m.entry["id"] == "privatisation")
    privatisation.parties = []
    state_party(ctx, privatisation)
    assert [(r, e.name) for r, e in privatisation.parties] == [("seller", "État")]
    state_party(ctx, privatisation)
    assert [(r, e.name) for r, e in privatisation.parties] == [("seller", "État")]
