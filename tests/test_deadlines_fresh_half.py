"""Issue 15, constructions read on the second half of the time-expression dev set: the time an act is
done is not its term, a span opened with its start is not a term, and a commitment in a compound tense
is one. Each class is varied in tense, order and wording."""

from __future__ import annotations

import pytest

import srsly

from conftest import blank_dates_pipeline, deadlines_of
from depeche.components.deadlines.rules import Rules, Trigger
from depeche.paths import models_dir


@pytest.fixture(scope="module")
def nlp():
    return blank_dates_pipeline()


run = deadlines_of


@pytest.mark.parametrize(
    "text, expected",
    [
        # the date right after the verb is when it was done; the « jusqu'au » date is the term
        ("Le préfet a prolongé cette semaine jusqu'au 15 décembre l'interdiction des rassemblements.", [("2020-12-15", "extension")]),
        ("Le gouvernement a reconduit mardi jusqu'au 31 janvier le couvre-feu.", [("2021-01-31", "extension")]),
        ("La mairie prolonge aujourd'hui jusqu'à fin janvier la fermeture des parcs.", [("2021-01", "extension")]),
        # without a second date, the date after the verb is still the term
        ("Le confinement est prolongé au 15 décembre.", [("2020-12-15", "extension")]),
        ("L'échéance a été repoussée au 31 janvier à 18 heures.", [("2021-01-31", "extension")]),
    ],
)
def test_act_time_is_not_the_term(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a span given with its start ends, it is not due
        ("Les élèves recevront leurs résultats à partir du 3 décembre et ce jusqu'au 18 décembre.", []),
        ("Le marché de Noël se tient à partir du 28 novembre et jusqu'au 24 décembre.", []),
        ("À compter du 1er décembre et jusqu'au 20 décembre, la place accueillera des chalets.", []),
        # … but the window of an offer or a registration closes then
        ("Les inscriptions sont ouvertes à partir du 1er décembre et jusqu'au 20 décembre.", [("2020-12-20", "expiry")]),
        # and a « jusqu'au » with no start before it keeps its kind
        ("Les commerces resteront fermés jusqu'au 15 décembre.", [("2020-12-15", "expiry")]),
        ("À partir du 1er décembre, le couvre-feu est prolongé jusqu'au 20 décembre.", [("2020-12-20", "extension")]),
    ],
)
def test_span_with_its_start(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Renault s'est engagé d'ici 2022 à tripler sa production.", [("2022", "deadline")]),
        ("Les constructeurs se sont engagés à réduire leurs émissions d'ici 2025.", [("2025", "deadline")]),
        ("La société s'était engagée à rembourser d'ici le 15 décembre.", [("2020-12-15", "deadline")]),
        ("Renault s'engage d'ici 2022 à tripler sa production.", [("2022", "deadline")]),
    ],
)
def test_commitment_in_a_compound_tense(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a date right after the duration says where it ends: the earlier date is not moved
        ("Ils veulent ouvrir les soldes au plus tard le 1er décembre et prolonger la période sur six semaines, jusqu'au 12 janvier.",
         [("2020-12-01", "deadline"), ("2021-01-12", "extension")]),
        ("La date limite du 1er décembre est prolongée de deux semaines, soit jusqu'au 15 décembre.",
         [("2020-12-01", "deadline"), ("2020-12-15", "extension")]),
        # with no date after it, the duration still moves the deadline it follows
        ("Le délai, qui expirait le 1er décembre, est prolongé d'une semaine.", [("2020-12-08", "extension")]),
    ],
)
def test_duration_restated_by_its_end(nlp, text, expected):
    assert sorted(run(nlp, text)) == sorted(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a hedge makes the date a guess
        ("« Sans doute janvier ou février au plus tard », a estimé le ministre.", []),
        ("Le vaccin sera probablement disponible au plus tard en mars.", []),
        ("On peut imaginer qu'un accord sera signé d'ici la fin du mois.", []),
        # … unless an obligation outside the trigger holds it
        ("Il faudra très probablement reporter l'examen au plus tard au 15 mars.", [("2021-03-15", "extension")]),
        ("Les candidats devront sans doute déposer leur dossier d'ici le 15 décembre.", [("2020-12-15", "deadline")]),
        # with no hedge, « au plus tard » stays a deadline
        ("Le vaccin sera disponible au plus tard en mars.", [("2021-03", "deadline")]),
    ],
)
def test_hedged_date_is_a_guess(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the end of this year, in the future, is near: a term like a month
        ("Le ministère versera 600 millions d'euros aux hôpitaux d'ici la fin de l'année.", [("2020", "deadline")]),
        ("Les trains circuleront de nouveau d'ici la fin de l'année.", [("2020", "deadline")]),
        # a year named, or its end, stays a horizon without a passive or an obligation
        ("D'ici fin 2030, la population atteindra dix millions.", []),
        ("D'ici 2030, la population atteindra dix millions.", []),
    ],
)
def test_end_of_this_year(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # « supplémentaire » extends a term only when it is time that is added
        ("Le fonds versera 600 millions d'euros supplémentaires d'ici le 15 décembre.", [("2020-12-15", "deadline")]),
        ("Les hôpitaux doivent recruter des soignants supplémentaires d'ici le 15 décembre.", [("2020-12-15", "deadline")]),
        ("ByteDance a obtenu une semaine supplémentaire, jusqu'au 4 décembre.", [("2020-12-04", "extension")]),
        ("Les candidats ont deux jours supplémentaires, jusqu'au 4 décembre, pour déposer leur dossier.", [("2020-12-04", "extension")]),
    ],
)
def test_added_time_is_an_extension(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, holds",
    [
        # a sentence glued to the next (no space after its full stop: the parse does not split it) does not
        # lend it its obligation, on either side
        ("Leclerc vise la même surface d'ici à 2025, et Auchan 60 MW en 2023.Par ailleurs, l'armée s'est engagée à agir.", False),
        ("L'armée s'est engagée à mobiliser des hectares.Leclerc vise la même surface d'ici à 2025.", False),
        # within one sentence the obligation holds, and an abbreviation or a number is no sentence end
        ("L'armée s'est engagée à mobiliser 2.000 hectares d'ici à 2025.", True),
        ("Le groupe doit livrer E.Leclerc d'ici le 15 décembre.", True),
        ("Le groupe s'est engagé.Il livrera E.Leclerc, qui doit payer d'ici le 15 décembre.", True),
    ],
)
def test_glued_sentences(text, holds):
    rules = Rules(srsly.read_json(models_dir() / "lexicons" / "deadlines.json"), max_noun_distance=60)
    at = text.index("d'ici")
    trigger = Trigger(at, at + len("d'ici à" if "d'ici à" in text else "d'ici"), "deadline", "prep", "obligation")
    assert rules.holds(text, (0, len(text)), trigger) is holds
