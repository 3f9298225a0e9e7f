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
        ("L'offre court jusqu'au 15 janvier 2021.", "2021-01-15", "jusqu'au", "expiry"),  # an offer that lasts until then
        ("Les salariés ont jusqu'à la fin du mois de mars pour répondre.", "2021-03", "jusqu'à", "deadline"),  # the text's granularity
        ("Le contrat expire fin 2022.", "2022", "expire", "expiry"),
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
            "expiry",  # a measure in force until then
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


# --- constructions generalised on the corpus dev split (issue 15) -----------------------------


@pytest.mark.parametrize(
    "text, date, kind",
    [
        # « jusqu'au » alone: a measure, an offer, a right that lasts until then
        ("Les prix sont plafonnés jusqu'au 10 décembre.", "2020-12-10", "expiry"),
        ("L'usine reste fermée jusqu'au 4 décembre, a indiqué le groupe.", "2020-12-04", "expiry"),
        ("Le groupe détient les droits jusqu'en juin 2021.", "2021-06", "expiry"),
        # … a deadline when someone has until then to act
        ("Thales a jusqu'au 14 décembre pour annoncer une offre ferme.", "2020-12-14", "deadline"),
        ("La Commission a désormais jusqu'au 15 mars 2021 pour se prononcer.", "2021-03-15", "deadline"),
        ("Le président peut attendre jusqu'au 9 décembre.", "2020-12-09", "deadline"),
        # « d'ici », « avant » with an obligation
        ("La Commission doit rendre sa décision d'ici le 22 décembre.", "2020-12-22", "deadline"),
        ("Les opérateurs devront signer une charte d'ici la fin mai.", "2021-05", "deadline"),
        ("La chancellerie a demandé à chaque tribunal de désigner un référent d'ici le 31 mars.", "2021-03-31", "deadline"),
        ("Le tribunal devra valider tout accord avant le 24 décembre.", "2020-12-24", "deadline"),
        # extension verbs
        ("Cette disposition a été étendue jusqu'au 10 janvier.", "2021-01-10", "extension"),
        ("Le produit a une date limite de consommation au 30 novembre.", "2020-11-30", "expiry"),
        ("Le gouvernement a reconduit jusqu'au 31 décembre le confinement partiel.", "2020-12-31", "extension"),
        # « d'ici » with a verb in the future and no goal or forecast
        ("Ces facilités seront progressivement supprimées d'ici 2022.", "2022", "deadline"),
        ("D'ici mardi prochain, 18 ménages bénéficieront d'un relogement.", "2020-12-01", "deadline"),
        ("Le Premier ministre l'a chargé de rencontrer les syndicats d'ici le 15 décembre.", "2020-12-15", "deadline"),
    ],
)
def test_kind_from_the_construction(nlp, text, date, kind):
    assert [(d.date, d.kind) for d in run(nlp, text)] == [(date, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "L'objectif du groupe est d'ici à 2025 de réduire ses émissions de 30 %.",  # a goal
        "D'ici à 2030, les véhicules électriques devraient composer 40 % du parc.",  # a forecast
        "Leur nombre pourrait croître à 40.000 d'ici la fin de l'année.",
        "Le gouvernement souhaite mener l'opération à bien d'ici fin 2021.",  # a wish
        "Le groupe a annoncé la suppression de 15.000 emplois d'ici à 2023.",  # a plan
        "Le groupe prévoit d'équiper 50 hectares d'ici 5 ans.",  # a duration with « d'ici », planned
        "Le groupe vise une surface de 100 hectares, qu'il atteindra d'ici à 2025.",  # a future, but a goal
        "Quatorze accusés seront jugés jusqu'au 10 décembre devant une cour d'assises spéciale.",  # an event's span
        "Les créations seront exposées lors de cet évènement visible jusqu'au 7 décembre.",
        "Le groupe s'engage à tenir ses engagements sans délai supplémentaire mardi.",  # « sans délai »
        "Le nombre de cas a doublé ces dix dernières années.",  # a past span
        "Il a été réélu pour un quinquennat.",  # a mandate
        "Le délai de quinze jours entre la convocation et la réunion n'a pas été respecté.",  # a length of time
        "Les passagers doivent réaliser un test dans les 72 heures précédant le vol.",  # a rule before an event
        "Une action gratuite sera accordée, si ces actions sont conservées dix-huit mois.",  # the trigger is in another clause
    ],
)
def test_goals_forecasts_and_spans_are_not_deadlines(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.parametrize(
    "text, dates",
    [
        ("Le Royaume-Uni doit partir au plus tard au 30 novembre ou au 31 décembre.", ["2020-11-30", "2020-12-31"]),
        ("Les produits ont une date limite de consommation au 28 novembre, au 29 novembre et au 10 décembre.", ["2020-11-28", "2020-11-29", "2020-12-10"]),
    ],
)
def test_a_date_coordinated_with_a_deadline_is_one(nlp, text, dates):
    assert [d.date for d in run(nlp, text)] == dates


@pytest.mark.parametrize(
    "text, date, description_start",
    [
        ("J'ai un an pour regarder tous ces scénarios.", "2021-11-25", "pour regarder"),  # « avoir … pour »
        ("Le ministre a trois mois pour conclure.", "2021-02-25", "pour conclure"),
        ("Les parties disposent de quinze jours pour répondre.", "2020-12-10", "pour répondre"),
        ("L'acheteur doit payer sous huitaine.", "2020-12-03", "L'acheteur"),
        ("Le régulateur doit statuer d'ici à trois mois.", "2021-02-25", "Le régulateur"),
        # anchored on a dated event of the text, else relative with the anchor's words
        ("Le paiement est dû dans les 45 jours suivant la signature du 2 novembre.", "2020-12-17", "suivant la signature du 2 novembre"),
        ("Le paiement est dû dans les 45 jours suivant la signature.", "XXXX-XX-XX", "suivant la signature"),
        ("La Commission a ouvert lundi une enquête. Elle se donne douze mois pour conclure.", "2021-11-23", "pour conclure"),
    ],
)
def test_duration_terms(nlp, text, date, description_start):
    (deadline,) = run(nlp, text)
    assert deadline.date == date and deadline.kind == "deadline"
    assert deadline.description.startswith(description_start)


def test_a_restated_deadline_is_listed_once_unless_told_for_another_party(nlp):
    text = "Le Brexit est reporté au 31 janvier. Un report au 31 janvier a été accepté. Le Brexit serait repoussé à fin janvier."
    assert [(d.date, d.kind) for d in run(nlp, text)] == [("2021-01-31", "extension")]
    text = "Gucci a fermé ses sites jusqu'au 20 décembre. Ferrari a fermé ses usines jusqu'au 20 décembre."
    found = run(nlp, text, organisations=["Gucci", "Ferrari"])
    assert [(d.date, d.parties) for d in found] == [("2020-12-20", ["org-1"]), ("2020-12-20", ["org-2"])]


def test_via_names_the_rule(nlp):
    (deadline,) = run(nlp, "Les offres doivent être remises au plus tard le 10 décembre.")
    assert deadline.via == ["deadlines.prep:deadline"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, party",
    [
        ("Selon le code des offres, Thales a jusqu'au 14 décembre pour annoncer une offre ferme sur Ultra Electronics.", "Thales"),
        ("Après l'avis de Microsoft, la Commission européenne doit rendre sa décision d'ici le 22 décembre.", "Commission européenne"),
    ],
)
def test_the_party_is_the_subject_of_the_verb(depeche_extractor, text, party):
    record = depeche_extractor.extract(text, id="t", published="2020-11-25")
    names = {o.id: o.name for o in record.organisations} | {p.id: p.name for p in record.people}
    (deadline,) = record.deadlines
    assert [names[p] for p in deadline.parties] == [party]
