"""Which money is a deal's (`components/deals/amounts.py`): the amount given in a sentence after the deal's own
(« Le montant de la transaction s'élève à … », « valorisant … à », « il avait déboursé », a price « par
action »), via `deals.amount-sentence`; money an other word introduces (« chiffre d'affaires ») is none; in a
sentence of two deals each takes the money nearest its own trigger."""

from __future__ import annotations

import pytest

from conftest import assert_record_valid

# (text, the amount's value, or None; the price per share, or None)
CASES = [
    ("Legrand a acquis Nordlys Electric. Le montant de l'opération s'élève à 641 millions d'euros, dette comprise.", 641e6, None),
    ("EQT était entré au capital de Nordlys Electric en 2017. Selon plusieurs analystes, le fonds avait déboursé environ "
     "280 millions d'euros pour en prendre le contrôle.", 280e6, None),
    ("Thales a soumis à Ultra Electronics une proposition de rachat. Elle valorise le spécialiste des sonars à 3,2 milliards "
     "de livres sterling.", 3.2e9, None),
    ("Vivendi a racheté 17,9 % de Lagardère à Amber Capital. Il propose 25,50 euros par action aux autres actionnaires.", None, 25.5),
    ("Thales a soumis à Ultra Electronics une proposition de rachat. L'offre indicative, à 45 livres par action, représente une "
     "prime de 38 %.", None, 45.0),
    # money that is no deal's
    ("Legrand a acquis Nordlys Electric. L'entreprise a réalisé un chiffre d'affaires de 212 millions d'euros.", None, None),
    ("Legrand va acquérir Nordlys Electric, qui a réalisé un chiffre d'affaires de 212 millions d'euros.", None, None),
]


def _deals(extractor, text):
    from depeche.records import Article

    record = assert_record_valid(next(iter(extractor.extract_many([Article(id="a", text=text, published="2020-01-15")]))))
    assert record.deals, f"{text}: no deal"
    return record.deals


@pytest.mark.model
@pytest.mark.parametrize("text,amount,price", CASES, ids=[f"amount-{k}" for k in range(len(CASES))])
def test_the_amount_of_a_deal(depeche_extractor, text, amount, price):
    deals = _deals(depeche_extractor, text)
    amounts = [d.amount.value for d in deals if d.amount is not None]
    prices = [d.price_per_share.value for d in deals if d.price_per_share is not None]
    assert amounts == ([amount] if amount is not None else []), f"{text}: {amounts}"
    assert prices == ([price] if price is not None else []), f"{text}: {prices}"
    for d in deals:
        for money in (d.amount, d.price_per_share):
            if money is not None and ". " in text and text.index(money.span.text) > text.index(". "):
                assert any(e.start <= money.span.start < e.end for e in d.evidence), d.evidence


@pytest.mark.model
def test_an_amount_from_a_later_sentence_says_so(depeche_extractor):
    text = CASES[1][0]
    (deal,) = _deals(depeche_extractor, text)
    assert deal.amount.via == ["deals.amount-sentence"]


@pytest.mark.parametrize(
    "text,own,foreign,expected",
    [
        # each deal its nearest money
        ("une offre de 372 millions de dollars pour le club, une prise de participation de 775 millions de dollars dans le groupe.",
         "prise", "offre", 775e6),
        ("une offre de 372 millions de dollars pour le club, une prise de participation de 775 millions de dollars dans le groupe.",
         "offre", "prise", 372e6),
        # after the trigger wins a tie; an other word's money is no deal's
        ("le rachat pour 500 millions d'euros de la société au chiffre d'affaires de 2 milliards d'euros.", "rachat", None, 500e6),
        ("avec un chiffre d'affaires de 2 milliards d'euros, la société est à vendre.", "vendre", None, None),
    ],
    ids=["second", "first", "after", "other"],
)
def test_sentence_money_on_an_unparsed_doc(depeche_extractor, text, own, foreign, expected):
    from depeche.components.deals import context_of
    from depeche.components.deals.amounts import amount_words, sentence_money
    from depeche.components.deals.context import Settings

    nlp = depeche_extractor.nlp  # the shipped pipeline; only its tokenizer runs (make_doc)
    lexicon = nlp.get_pipe("depeche_deals")._lexicon
    doc = nlp.make_doc(text)
    ctx = context_of(doc, lexicon, Settings(max_gap=20, antecedent_sentences=2))
    at = {t.text: (t.i, t.i + 1) for t in doc}
    amount, price = sentence_money(ctx, 0, [at[own]], [at[foreign]] if foreign else [], amount_words(ctx, lexicon))
    assert price is None
    assert (amount.value if amount is not None else None) == expected
