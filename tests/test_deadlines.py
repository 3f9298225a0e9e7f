"""depeche_deadlines: which dates are deadlines, of what kind, dated how, linked to whom."""

from __future__ import annotations

import json

import pytest

from conftest import blank_dates_pipeline
from depeche import convert
from depeche.records import Article, Organisation, Span


@pytest.fixture(scope="module")
def nlp():
    return blank_dates_pipeline()


def run(nlp, text, published="2020-11-25", organisations=()):  # 2020-11-25 is a Wednesday
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", text=text, published=published)
    doc._.organisations = [
        Organisation(id=f"org-{i}", name=name, mentions=[Span.at(text, text.index(name), text.index(name) + len(name))])
        for i, name in enumerate(organisations, start=1)
    ]
    doc = nlp(doc)
    convert.to_record(doc)  # verified by conftest
    return doc._.deadlines


@pytest.mark.parametrize(
    "text, date, trigger, kind",
    [
        ("Cela repousse son nouveau délai au 4 décembre.", "2020-12-04", "délai", "extension"),
        ("L'offre court jusqu'au 15 janvier 2021.", "2021-01-15", "jusqu'au", "deadline"),
        ("Les salariés ont jusqu'à la fin du mois de mars pour répondre.", "2021-03-31", "jusqu'à", "deadline"),
        ("Le contrat expire fin 2022.", "2022-12-31", "expire", "expiry"),
        ("Le 4 décembre, date limite pour déposer les offres.", "2020-12-04", "date limite", "deadline"),
        ("Les offres doivent être remises au plus tard le 10 décembre.", "2020-12-10", "au plus tard", "deadline"),
        ("L'ultimatum fixé au 1er décembre approche.", "2020-12-01", "ultimatum", "deadline"),
        ("Le délai, qui expirait le 27 novembre, est prolongé d'une semaine supplémentaire.", "2020-12-04", "délai", "extension"),
        ("Bruxelles se donne douze mois pour trancher.", "2021-11-25", "se donne", "deadline"),
        ("Le délai avait expiré le 3 mars 2019.", "2019-03-03", "délai", "expiry"),  # past, but named by its noun
        ("L'ultimatum du consortium expire vendredi.", "2020-11-27", "ultimatum", "expiry"),
        ("Bruxelles se donne douze mois. Bruxelles se donne douze mois pour conclure.", "2021-11-25", "se donne", "deadline"),
        (  # a cue far from the date does not set the kind
            "La mesure, en vigueur jusqu'au 31 décembre, a mis un coup d'arrêt aux salons et congrès, dont trois cents ont ainsi été reportés.",
            "2020-12-31",
            "jusqu'au",
            "deadline",
        ),
    ],
)
def test_deadline(nlp, text, date, trigger, kind):
    found = run(nlp, text)
    assert [(d.date, d.trigger.text if d.trigger else None, d.kind) for d in found] == [(date, trigger, kind)]


@pytest.mark.parametrize(
    "text, published",
    [
        ("Un tel plan avait vu le jour à la suite d'un décret signé en août.", "2021-02-11"),
        ("Lors d'un point de presse mercredi, la porte-parole a été interrogée.", "2021-02-11"),
        ("Il a parlé mercredi du délai.", "2020-11-25"),  # a noun after the date, not in apposition
        ("Il avait tout remboursé avant le 3 mars 2019.", "2020-11-25"),  # a past date only reported
        ("La levée intervient deux jours après l'accord trouvé vendredi.", "2023-12-11"),  # an offset, not a term
        ("Ils se sont donné la mort, du jamais vu depuis dix ans.", "2020-11-25"),  # a length of time
        ("Deux accusés ont eu des peines avec sursis de trois ans.", "2020-11-25"),  # a suspended sentence
        ("Le site est resté fermé jusqu'à ce jour.", "2020-11-25"),  # « until now »
        ("Deux jours au total, jusqu'à ce qu'un livreur donne l'alerte.", "2020-11-25"),  # the verb comes after
        ("Le concert aura lieu le 4 décembre.", "2020-11-25"),  # a scheduled event
        ("Il est arrivé avant 2019.", "2020-11-25"),
    ],
)
def test_not_a_deadline(nlp, text, published):
    assert run(nlp, text, published) == []


def test_an_extension_cue_belongs_to_the_date_after_it(nlp):
    text = "L'accord prévoyait une date butoir au 24 décembre, prolongée jusqu'au 24 février à la demande de Tiffany."
    found = run(nlp, text)
    assert [(d.date, d.kind) for d in found] == [("2020-12-24", "deadline"), ("2021-02-24", "extension")]


def test_extension_linked_to_the_duration_and_parties_by_offsets(nlp):
    text = (
        "L'administration Trump vient de donner une semaine supplémentaire à ByteDance, la société mère de TikTok, "
        "pour déterminer quoi faire de son interdiction imminente. Cela repousse son nouveau délai au 4 décembre."
    )
    (deadline,) = run(nlp, text, organisations=["ByteDance", "TikTok"])
    assert deadline.id == "deadline-1" and deadline.date == "2020-12-04" and deadline.kind == "extension"
    assert deadline.description.startswith("une semaine supplémentaire pour déterminer")
    assert deadline.parties == ["org-1", "org-2"]
    assert deadline.evidence.text == "Cela repousse son nouveau délai au 4 décembre."


def test_without_publication_date_the_date_stays_partial(nlp):
    (deadline,) = run(nlp, "Le délai court jusqu'au 4 décembre.", None)
    assert deadline.date == "XXXX-12-04"


@pytest.mark.model
def test_seeds_with_the_model(depeche_extractor, seeds):
    def record(key):
        path = seeds[key]
        meta = json.loads(path.with_suffix(".json").read_text())
        return depeche_extractor.extract(path.read_text(), id=meta["id"], published=meta["published"])

    seed0 = record("000")
    (deadline,) = [d for d in seed0.deadlines if d.date == "2020-12-04"]
    assert deadline.trigger.text == "délai" and deadline.kind == "extension"
    assert "une semaine supplémentaire" in deadline.description
    bytedance = [o.id for o in seed0.organisations if o.name == "ByteDance"]
    assert set(bytedance) <= set(deadline.parties)

    seed3 = record("003")
    values = {(d.span.text, d.value) for d in seed3.dates}
    assert {("août", "2020-08"), ("mercredi", "2021-02-10")} <= values
    assert not {"août", "mercredi"} & {d.span.text for d in seed3.deadlines}
