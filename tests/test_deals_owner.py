"""The owner of what changes hands is the seller (`components/deals/owner.py`, via `deals.owner`): « le rachat de
la branche énergie d'Alstom » makes Alstom the seller and the branch the target, whatever the syntax around
the trigger; an owner that buys, shares of a company, or a seller named otherwise change nothing."""

from __future__ import annotations

import pytest

from conftest import assert_record_valid
from depeche.normalise.text import fold

# (text, the seller, a word the target must hold, or None when the owner's noun is a mere description)
CASES = [
    ("Moins de cinq ans après le rachat de la branche énergie d'Alstom, General Electric a supprimé 1.000 emplois.", "Alstom", "branche"),
    ("General Electric a racheté la branche énergie d'Alstom en 2014.", "Alstom", "branche"),
    ("La branche énergie d'Alstom a été rachetée par General Electric en 2014.", "Alstom", "branche"),
    ("La branche énergie d'Alstom, rachetée par General Electric en 2014, supprime des emplois.", "Alstom", "branche"),
    ("Fin juillet, le groupe Riccobono a racheté 100 % de l'imprimerie de L'Equipe en Ile-de-France.", "L'Equipe", "imprimerie"),
    ("Coty a annoncé l'acquisition, en novembre 2019, de 51 % des parts de la société de Kylie Jenner pour 600 millions de dollars.",
     "Kylie Jenner", None),
    ("Philips rachète la division médicale de Siemens.", "Siemens", "division"),
    ("TotalEnergies et Engie ont racheté la filiale solaire d'Areva.", "Areva", "filiale"),
    ("La cession des usines de Michelin à Continental a été finalisée.", "Michelin", "usines"),
]


def _record(extractor, text):
    from depeche.records import Article

    return assert_record_valid(next(iter(extractor.extract_many([Article(id="a", text=text, published="2020-01-15")]))))


@pytest.mark.model
@pytest.mark.parametrize("text,seller,target", CASES, ids=[f"owner-{k}" for k in range(len(CASES))])
def test_the_owner_of_the_asset_sells(depeche_extractor, text, seller, target):
    record = _record(depeche_extractor, text)
    assert record.deals, f"{text}: no deal"
    seller = fold(seller)
    parties = [(p.role, fold(p.name), tuple(p.via)) for d in record.deals for p in d.parties]
    assert ("seller", seller, ("deals.owner",)) in parties, f"{text}: {parties}"
    assert not any(r == "target" and name == seller for r, name, _ in parties), f"{text}: {parties}"
    targets = [name for r, name, _ in parties if r == "target"]
    if target is not None:
        assert any(fold(target) in name and seller in name for name in targets), f"{text}: {parties}"
    else:
        assert not any(seller in name for name in targets), f"{text}: {parties}"


NOT_SELLERS = [
    # the owner's subsidiary buys: the owner is on the buyer's side
    ("La filiale de Vinci a racheté la société Eurovia.", "Vinci"),
    # shares of a company: the company is the target, not a seller
    ("Veolia a racheté 29,9 % du capital de Suez.", "Suez"),
    pytest.param("Veolia a acquis l'an dernier les actions de Suez.", "Suez", marks=pytest.mark.xfail(strict=True, reason=(
        "since the role model's 2026-12-04 retraining (corpus/training/syntax.jsonl): « les actions de Suez » read as Suez's "
        "sale (P seller 0.58); the owner stage, which keeps a shares noun's « de » complement the target, finds no asset "
        "noun on this parse"))),
    # a seller named after the asset (« à sa maison-mère »)
    ("Microsoft négocie le rachat de la branche américaine de TikTok à sa maison-mère.", "TikTok"),
]


@pytest.mark.model
@pytest.mark.parametrize("text,name", NOT_SELLERS, ids=[f"not-owner-{k}" for k in range(len(NOT_SELLERS))])
def test_no_owner_seller(depeche_extractor, text, name):
    record = _record(depeche_extractor, text)
    assert record.deals, f"{text}: no deal"
    parties = [(p.role, fold(p.name), tuple(p.via)) for d in record.deals for p in d.parties]
    assert not any(r == "seller" and "deals.owner" in via for r, _, via in parties), f"{text}: {parties}"
    assert not any(r == "seller" and n == fold(name) for r, n, _ in parties), f"{text}: {parties}"


def _stage(nlp, text: str, names: list[str], roles: dict[str, str]):
    """The owner stage alone on a Doc of the pipeline's tokenizer (no parse): entities `names` placed by hand,
    the trigger's parties set to `roles`; returns the mention's (role, name) pairs after the stage."""
    from depeche.components.common import name_key
    from depeche.components.deals import context_of, proposed_mentions
    from depeche.components.deals.context import Entity, Settings
    from depeche.components.deals.owner import asset_nouns, owner_party

    lexicon = nlp.get_pipe("depeche_deals")._lexicon
    doc = nlp.make_doc(text)
    ctx = context_of(doc, lexicon, Settings(max_gap=20, antecedent_sentences=2))
    entities = []
    for name in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name))
        entities.append(Entity(start, start + len(name), name, name_key(name), None, None, span.start, span.end))
    ctx.entities = entities
    mentions, _ = proposed_mentions(ctx, lexicon, set(), keep_all=True)
    assert mentions, text
    m = mentions[0]
    m.parties = [(roles[e.name], e) for e in entities if e.name in roles]
    owner_party(ctx, m, asset_nouns(ctx, lexicon), entities)
    return sorted((r, e.name) for r, e in m.parties)


@pytest.mark.parametrize(
    "text,names,roles,expected",
    [
        ("Le rachat de la branche énergie d'Alstom par GE.", ["Alstom", "GE"], {"Alstom": "target", "GE": "buyer"},
         [("buyer", "GE"), ("seller", "Alstom"), ("target", "branche énergie d'Alstom")]),
        ("GE rachète les usines d'Alstom.", ["GE", "Alstom"], {"GE": "buyer", "Alstom": "target"},
         [("buyer", "GE"), ("seller", "Alstom"), ("target", "usines d'Alstom")]),
        # shares are transparent: the company they are of stays the target
        ("GE rachète 30 % des parts d'Alstom.", ["GE", "Alstom"], {"GE": "buyer", "Alstom": "target"},
         [("buyer", "GE"), ("target", "Alstom")]),
        # the owner is the buyer: nothing changes
        ("GE rachète la filiale de GE.", ["GE"], {"GE": "buyer"}, [("buyer", "GE")]),
    ],
    ids=["nominal", "verbal", "shares", "own"],
)
def test_owner_stage_on_an_unparsed_doc(depeche_extractor, text, names, roles, expected):
    assert _stage(depeche_extractor.nlp, text, names, roles) == expected
