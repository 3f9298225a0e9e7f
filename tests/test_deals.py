"""depeche_deals on spacy.blank("fr"): triggers, negative senses, roles, money, stakes, status, one deal per transaction.

The organisations a real pipeline would have found are put on the Doc by hand (`_doc`), as
`depeche_organisations` would leave them; no parse, no morphology, no entities otherwise.
"""

from __future__ import annotations

import pytest
import spacy
import srsly

from depeche import convert, docattrs
from depeche.components.deals import DealsComponent, lexicon_paths, split_sentences
from depeche.normalise.text import slugify
from depeche.paths import models_dir
from depeche.records import Organisation, Span


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_deals")
    paths = lexicon_paths(models_dir())
    component.initialize(
        triggers=srsly.read_jsonl(paths["triggers"]),
        negatives=srsly.read_jsonl(paths["negatives"]),
        cues=srsly.read_jsonl(paths["cues"]),
    )
    return nlp


def _doc(nlp, text: str, orgs: dict[str, str] | None = None):
    """A Doc of `text` with organisations {name: kind} found wherever their names occur."""
    doc = nlp.make_doc(text)
    found = []
    for name, kind in (orgs or {}).items():
        mentions, start = [], text.find(name)
        while start >= 0:
            mentions.append(Span.at(text, start, start + len(name)))
            start = text.find(name, start + len(name))
        if mentions:
            found.append(Organisation(id=slugify(name), name=name, kind=kind, mentions=mentions))
    docattrs.get(doc, "organisations").extend(found)
    for _, component in nlp.pipeline:
        doc = component(doc)
    # the component ran (it sets doc._.deals) and left no warning: a test of « no deal » cannot pass because it failed
    assert doc._.deals is not None
    assert docattrs.get(doc, "depeche_warnings") == []
    convert.to_record(doc)  # every span checked against the text (conftest)
    return doc


def _roles(deal) -> set[tuple[str, str]]:
    return {(p.role, p.name) for p in deal.parties}


CO = "company"


@pytest.mark.parametrize(
    ("text", "orgs", "kind", "roles"),
    [
        (
            "Veolia rachète Suez à Engie.",
            {"Veolia": CO, "Suez": CO, "Engie": CO},
            "acquisition",
            {("buyer", "Veolia"), ("target", "Suez"), ("seller", "Engie")},
        ),
        (
            "Le rachat de Bombardier Transport par Alstom est approuvé.",
            {"Bombardier Transport": CO, "Alstom": CO},
            "acquisition",
            {("target", "Bombardier Transport"), ("buyer", "Alstom")},
        ),
        (
            "Bruxelles enquête sur le rachat d'Arm par l'américain Nvidia.",
            {"Nvidia": CO},
            "acquisition",
            {("target", "Arm"), ("buyer", "Nvidia")},
        ),
        (
            "La vente des activités américaines de TikTok à Oracle et Walmart est suspendue.",
            {"TikTok": CO, "Oracle": CO, "Walmart": CO},
            "acquisition",
            {("target", "TikTok"), ("buyer", "Oracle"), ("buyer", "Walmart")},
        ),
        (
            "Engie cède Suez à Veolia.",
            {"Veolia": CO, "Suez": CO, "Engie": CO},
            "acquisition",
            {("seller", "Engie"), ("target", "Suez"), ("buyer", "Veolia")},
        ),
        (
            "TF1 et M6 annoncent leur fusion.",
            {"TF1": "media", "M6": "media"},
            "merger",
            {("merging", "TF1"), ("merging", "M6")},
        ),
        (
            "Orange et Google Cloud ont signé un partenariat.",
            {"Orange": CO, "Google Cloud": CO},
            "partnership",
            {("partner", "Orange"), ("partner", "Google Cloud")},
        ),
        (
            "Airbus et Atos créent une coentreprise.",
            {"Airbus": CO, "Atos": CO},
            "joint-venture",
            {("partner", "Airbus"), ("partner", "Atos")},
        ),
    ],
)
def test_kind_and_roles(nlp, text, orgs, kind, roles):
    (deal,) = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert deal.kind == kind
    assert _roles(deal) == roles


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Six hommes condamnés pour l'acquisition de stupéfiants, dit la police de Marseille.", {"Marseille": "other"}),
        ("Le bracelet anti-rapprochement est fourni par Thales et Orange.", {"Thales": CO, "Orange": CO}),
        ("La fusion des régions Alsace et Lorraine a été votée.", {"Alsace": "government", "Lorraine": "government"}),
        ("Carrefour et Auchan dominent la vente au détail.", {"Carrefour": CO, "Auchan": CO}),
        ("Le pouvoir d'achat des clients de Carrefour et Auchan recule.", {"Carrefour": CO, "Auchan": CO}),
        ("La reprise économique profite à Renault et Stellantis.", {"Renault": CO, "Stellantis": CO}),
        ("Le taux de participation chez Renault et Stellantis est faible.", {"Renault": CO, "Stellantis": CO}),
        ("Airbus a livré 735 avions à Air France et Lufthansa.", {"Airbus": CO, "Air France": CO, "Lufthansa": CO}),
    ],
)
def test_other_senses_make_no_deal(nlp, text, orgs):
    assert docattrs.get(_doc(nlp, text, orgs), "deals") == []


@pytest.mark.parametrize(
    "text",
    ["Le rachat est annoncé.", "", "   ", "Une fusion, une acquisition, une cession."],
)
def test_no_party_no_deal_and_no_crash_on_a_bare_doc(nlp, text):
    assert docattrs.get(_doc(nlp, text), "deals") == []


def test_amount_price_per_share_and_stake(nlp):
    text = "Veolia acquiert 29,9 % du capital de Suez auprès d'Engie pour 3,4 milliards d'euros, soit 18 euros par action."
    (deal,) = docattrs.get(_doc(nlp, text, {"Veolia": CO, "Suez": CO, "Engie": CO}), "deals")
    assert (deal.amount.value, deal.amount.currency, deal.amount.span.text) == (3.4e9, "EUR", "3,4 milliards d'euros")
    assert (deal.price_per_share.value, deal.price_per_share.currency) == (18, "EUR")
    assert (deal.stake.percent, deal.stake.span.text) == (29.9, "29,9 %")
    assert ("seller", "Engie") in _roles(deal)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Veolia a finalisé l'acquisition de Suez.", "completed"),
        ("LVMH suspend le rachat de Tiffany.", "suspended"),
        ("Couche-Tard serait en discussions pour racheter Carrefour.", "rumoured"),
        ("Bruxelles a donné son feu vert au rachat de Tiffany par LVMH.", "approved"),
        ("TF1 et M6 renoncent à leur fusion.", "abandoned"),
        ("Le rachat de Tiffany par LVMH est bloqué.", "blocked"),
        ("LVMH et Tiffany poursuivent les négociations en vue d'un rachat.", "negotiating"),
        ("LVMH et Tiffany ont signé un accord de rachat.", "agreed"),
        ("Le rachat de Tiffany par LVMH n'a pas été finalisé.", "proposed"),
    ],
)
def test_status(nlp, text, status):
    orgs = {name: CO for name in ("Veolia", "Suez", "LVMH", "Tiffany", "Carrefour", "Couche-Tard", "TF1", "M6")}
    (deal,) = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert deal.status == status


def test_reported_by_a_source(nlp):
    text = "Selon le Wall Street Journal, Oracle rachète TikTok."
    (deal,) = docattrs.get(_doc(nlp, text, {"Wall Street Journal": "media", "Oracle": CO, "TikTok": CO}), "deals")
    assert deal.reported_by.name == "Wall Street Journal"
    assert deal.reported_by.ref == "wall-street-journal"
    assert ("buyer", "Wall Street Journal") not in _roles(deal)


def test_new_entity_and_conditions(nlp):
    text = (
        "Airbus et Atos créent une coentreprise baptisée Orbital Shield, sous réserve de l'accord des autorités "
        "de la concurrence."
    )
    (deal,) = docattrs.get(_doc(nlp, text, {"Airbus": CO, "Atos": CO}), "deals")
    assert [n.name for n in deal.new_entities] == ["Orbital Shield"]
    assert [c.text for c in deal.conditions] == ["sous réserve de l'accord des autorités de la concurrence"]


def test_one_deal_for_all_mentions_of_a_transaction(nlp):
    text = "Veolia rachète Suez. L'opération est évaluée à 3,4 milliards d'euros. Veolia finalisera le rachat de Suez en 2022."
    (deal,) = docattrs.get(_doc(nlp, text, {"Veolia": CO, "Suez": CO}), "deals")
    assert deal.amount.value == 3.4e9
    assert len(deal.evidence) == 3


def test_past_attempt_is_a_separate_abandoned_deal(nlp):
    text = "Walmart avait déjà tenté de racheter TikTok avec Microsoft. Walmart et Oracle négocient le rachat de TikTok."
    deals = docattrs.get(_doc(nlp, text, {"Walmart": CO, "TikTok": CO, "Microsoft": CO, "Oracle": CO}), "deals")
    by_status = {d.status: _roles(d) for d in deals}
    assert by_status["abandoned"] == {("buyer", "Walmart"), ("buyer", "Microsoft"), ("target", "TikTok")}
    assert by_status["negotiating"] == {("buyer", "Walmart"), ("buyer", "Oracle"), ("target", "TikTok")}


def test_regulator(nlp):
    text = "La Commission européenne autorise le rachat de Tiffany par LVMH."
    (deal,) = docattrs.get(_doc(nlp, text, {"Commission européenne": "regulator", "LVMH": CO, "Tiffany": CO}), "deals")
    assert _roles(deal) == {("regulator", "Commission européenne"), ("buyer", "LVMH"), ("target", "Tiffany")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Une phrase. Une autre !", ["Une phrase.", "Une autre !"]),
        ("Titre\n\nPremier paragraphe.Suite collée.", ["Titre", "Premier paragraphe.", "Suite collée."]),
        ("3,4 milliards d'euros. Fin", ["3,4 milliards d'euros.", "Fin"]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_round_trip_through_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    component = again.get_pipe("depeche_deals")
    assert isinstance(component, DealsComponent)
    assert component.triggers == nlp.get_pipe("depeche_deals").triggers
    assert component.cues == nlp.get_pipe("depeche_deals").cues


@pytest.mark.parametrize(
    ("text", "orgs", "kind", "roles"),
    [
        # « portant sur 29,9 % du capital de X »: a bid for a stake, X the company whose shares are sold
        ("Veolia dépose une offre publique portant sur 29,9 % du capital de Suez.", {"Veolia": CO, "Suez": CO},
         "stake", {("buyer", "Veolia"), ("target", "Suez")}),
        # « sur le reste du capital de X »: the target, not a second buyer
        ("Veolia lancera une offre publique d'achat sur le reste du capital de Suez.", {"Veolia": CO, "Suez": CO},
         "acquisition", {("buyer", "Veolia"), ("target", "Suez")}),
    ],
)
def test_capital_of_names_the_target(nlp, text, orgs, kind, roles):
    (deal,) = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert (deal.kind, _roles(deal)) == (kind, roles)


@pytest.mark.parametrize(
    "text",
    [
        "Veolia acquiert 29,9 % du capital de Suez. Veolia lancera ensuite une offre publique d'achat sur le reste du capital de Suez.",
        "Vivendi rachète 17,9 % du capital de Lagardère. Vivendi déposera une offre publique d'achat sur la totalité du capital de Lagardère.",
    ],
)
def test_stake_and_offer_for_the_rest_are_two_deals(nlp, text):
    orgs = {n: CO for n in ("Veolia", "Suez", "Vivendi", "Lagardère")}
    deals = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert [d.kind for d in deals] == ["stake", "acquisition"]
    assert deals[0].stake is not None and deals[1].stake is None


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # the approval sentence follows the second deal: its regulator is that deal's
        ("Veolia acquiert 29,9 % du capital de Suez. Veolia lancera ensuite une offre publique d'achat sur le reste du capital de Suez. "
         "Le rachat doit encore être autorisé par la Commission européenne.", 1),
        # one deal only: the regulator named after it is its own
        ("Veolia lancera une offre publique d'achat sur le reste du capital de Suez. "
         "Le rachat doit encore être autorisé par la Commission européenne.", 0),
    ],
)
def test_regulator_goes_to_the_last_current_deal(nlp, text, home):
    orgs = {"Veolia": CO, "Suez": CO, "Commission européenne": "regulator"}
    deals = docattrs.get(_doc(nlp, text, orgs), "deals")
    with_regulator = [k for k, d in enumerate(deals) if ("regulator", "Commission européenne") in _roles(d)]
    assert with_regulator == [home]


@pytest.mark.parametrize(
    ("text", "orgs", "kind", "roles", "percent"),
    [
        # « détenue par X »: the holder of the stake sells it; « le rachat de la participation »: a stake
        ("Vivendi annonce le rachat de la participation de 17,9 % détenue par le fonds Amber Capital.",
         {"Vivendi": CO, "Amber Capital": CO}, "stake", {("buyer", "Vivendi"), ("seller", "Amber Capital")}, 17.9),
        # the percent after the trigger, not the one the buyer already held before it
        ("Déjà détenteur de 27 % du capital de Lagardère, Vivendi rachète la participation de 10 % détenue par Amber Capital.",
         {"Vivendi": CO, "Amber Capital": CO, "Lagardère": CO}, "stake", {("buyer", "Vivendi"), ("seller", "Amber Capital")}, 10.0),
    ],
)
def test_stake_held_by_a_seller(nlp, text, orgs, kind, roles, percent):
    (deal,) = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert (deal.kind, _roles(deal) - {("target", "Lagardère")}, deal.stake.percent) == (kind, roles, percent)


@pytest.mark.parametrize(
    "text",
    [
        "Vivendi lance une offre publique d'achat sur Lagardère. Vivendi a racheté 17,9 % du capital d'Amber Capital.",
        "Vivendi a acquis 20 % de Canal Plus. Vivendi lance une offre publique d'achat sur Lagardère.",
    ],
)
def test_stake_and_takeover_of_other_companies_are_two_deals(nlp, text):
    orgs = {"Vivendi": CO, "Lagardère": CO, "Amber Capital": CO, "Canal Plus": CO}
    deals = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert sorted(d.kind for d in deals) == ["acquisition", "stake"]


@pytest.mark.parametrize(
    ("text", "orgs", "party"),
    [
        ("L'État rachète 20 % du capital d'Atos.", {"Atos": CO}, ("buyer", "État")),
        ("Le gouvernement français rachète 20 % du capital d'Atos.", {"Atos": CO}, ("buyer", "gouvernement français")),
        ("Le royaume de Bahreïn investit 200 millions d'euros dans McLaren.", {"McLaren": CO}, ("investor", "royaume de Bahreïn")),
    ],
)
def test_states_are_parties(nlp, text, orgs, party):
    (deal,) = docattrs.get(_doc(nlp, text, orgs), "deals")
    assert party in _roles(deal)
    assert next(p for p in deal.parties if p.name == party[1]).ref is None


@pytest.mark.parametrize(
    "text",
    [
        "L'État islamique rachète 20 % du capital d'Atos.",  # no state
        "L'État de droit rachète 20 % du capital d'Atos.",
    ],
)
def test_not_states(nlp, text):
    deals = docattrs.get(_doc(nlp, text, {"Atos": CO}), "deals")
    assert not any(p.name.startswith("État") for d in deals for p in d.parties)
