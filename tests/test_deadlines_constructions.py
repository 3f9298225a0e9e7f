"""depeche_deadlines on constructions of real news (issue 15): a time expression is a deadline only
with a due-date construction around it; the rest (starts, horizons, events, windows of anything
but an offer) is not. Each class is varied in tense, order and wording."""

from __future__ import annotations

import pytest

from conftest import blank_dates_pipeline, deadlines_of


@pytest.fixture(scope="module")
def nlp():
    return blank_dates_pipeline()


run = deadlines_of


def with_the_model(extractor, text, published):
    """(date, kind) of the deadlines the shipped pipeline (the real parse, the trained decision) finds in `text`."""
    return [(d.date, d.kind) for d in extractor.extract(text, id="t", published=published).deadlines]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a season is a term at its granularity, the next one when the text gives no year
        ("Sa diffusion doit cesser l'été prochain.", [("2021-SU", "expiry")]),
        ("Le texte doit être adopté avant l'été.", [("2021-SU", "deadline")]),
        ("Avant l'automne 2021, les opérateurs devront couvrir les zones blanches.", [("2021-FA", "deadline")]),
        ("Le groupe a jusqu'à l'automne pour trouver un repreneur.", [("2020-FA", "deadline")]),
        # … also when the article is written apart from the season (« d'ici à l'été »: the date is « été »)
        ("Le rapport devra être remis d'ici à l'été.", [("2021-SU", "deadline")]),
        ("Le texte doit être voté d'ici l'été prochain.", [("2021-SU", "deadline")]),
        ("Les écoles resteront fermées jusqu'à l'été.", [("2021-SU", "expiry")]),
        # « avant » with an obligation, at any granularity
        ("Les entreprises devront se conformer avant fin mars.", [("2021-03", "deadline")]),
        ("Les candidats doivent déposer leur dossier avant la fin de l'année.", [("2020", "deadline")]),
        ("Tous les bâtiments publics doivent être rénovés avant 2025.", [("2025", "deadline")]),
    ],
)
def test_every_granularity(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a deadline's noun before a day or month without its year, which the dates read as past (published
        # 2020-11-25): the next one, a term looks forward
        ("Bruxelles a fixé une date butoir au 31 octobre.", [("2021-10-31", "deadline")]),
        ("L'échéance est fixée au 30 juin.", [("2021-06-30", "deadline")]),
        # … the year the text gives stands
        ("Bruxelles a fixé une date butoir au 31 octobre 2020.", [("2020-10-31", "deadline")]),
    ],
)
def test_a_yearless_term_named_by_a_noun_looks_forward(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.model
def test_a_term_told_in_the_imperfect_stays_in_the_past(depeche_extractor):
    record = depeche_extractor.extract("L'accord de fusion prévoyait une date butoir au 24 août.", published="2020-09-10")
    assert [(d.date, d.kind) for d in record.deadlines] == [("2020-08-24", "deadline")]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # a term told as run out, in a compound past, stays where it was (not next year's)
        ("Or ce délai a expiré le 15 janvier.", [("2017-01-15", "expiry")]),
        ("L'ultimatum a pris fin le 15 janvier.", [("2017-01-15", "deadline")]),
        # a term set in the past looks forward
        ("Bruxelles a fixé une date butoir au 15 janvier.", [("2018-01-15", "deadline")]),
    ],
)
def test_a_term_told_as_run_out_stays_in_the_past(depeche_extractor, text, expected):
    record = depeche_extractor.extract(text, published="2017-01-21")
    assert [(d.date, d.kind) for d in record.deadlines] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb that ends it, in any tense
        ("La période de souscription s'achèvera le 12 décembre.", [("2020-12-12", "expiry")]),
        ("La période de souscription s'achève le 12 décembre.", [("2020-12-12", "expiry")]),
        ("L'émission cessera le 31 décembre.", [("2020-12-31", "expiry")]),
        ("Le contrat arrive à son terme le 31 mars 2021.", [("2021-03-31", "expiry")]),
        # … unless what ends or moves is an event
        ("Le festival s'achève le 12 décembre.", []),
        ("Les JO de Tokyo ont été reportés à 2021.", []),
        ("L'élection présidentielle a été reportée au 10 janvier.", []),
        ("Le Brexit est une nouvelle fois repoussé au 31 janvier.", [("2021-01-31", "extension")]),
        # a closing noun
        ("La clôture des candidatures est fixée au 4 décembre.", [("2020-12-04", "deadline")]),
        ("Avant la fin de la période de recueil des signatures, fixée au jeudi 10 décembre, il ne dira rien.", [("2020-12-10", "deadline")]),
        ("La date d'expiration de la licence est le 30 juin 2021.", [("2021-06-30", "expiry")]),
    ],
)
def test_what_ends_and_what_is_moved(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an offer's or a subscription's window closes at its end
        ("Les Français pourront souscrire à des actions entre le 7 et le 20 décembre.", [("2020-12-20", "expiry")]),
        ("L'offre sera ouverte du 3 au 17 décembre.", [("2020-12-17", "expiry")]),
        ("Du 3 au 17 décembre, les inscriptions sont ouvertes en ligne.", [("2020-12-17", "expiry")]),
        # any other span is not a term
        ("Le festival aura lieu du 3 au 17 décembre.", []),
        ("Entre le 7 et le 20 décembre, les températures ont baissé.", []),
        ("L'offre avait été ouverte du 3 au 17 septembre.", []),  # past: a report
    ],
)
def test_windows(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # « d'ici » in the future: a day or a month is a due date, a year only for a thing somebody does
        ("D'ici la fin de l'année, 500 bornes seront installées.", [("2020", "deadline")]),
        ("500 bornes seront installées d'ici la fin de l'année.", [("2020", "deadline")]),
        ("Le dispositif sera étendu à toute la France d'ici à 2022.", [("2022", "deadline")]),
        ("Le réseau sera rendu accessible d'ici 2023.", [("2023", "deadline")]),
        ("La ligne rouvrira d'ici le 14 décembre.", [("2020-12-14", "deadline")]),
        ("D'ici 2030, la population atteindra dix millions.", []),  # a horizon
        ("La population atteindra dix millions d'ici 2030.", []),
        ("D'ici 2050, il y aura plus de retraités que d'actifs.", []),
        ("D'ici 2030, le marché sera plus concentré.", []),
        ("D'ici la fin de l'année, le chômage atteindra 10 %.", []),
        # a conditional reporting a future
        ("Le ministre a indiqué que 100 % du trafic serait assuré d'ici au 24 décembre.", [("2020-12-24", "deadline")]),
        ("Le trafic serait assuré d'ici au 24 décembre, selon des rumeurs.", []),  # a conditional alone is no commitment
        # a legal text prescribes it
        ("Le projet de loi prévoyait déjà de supprimer d'ici à 2022 les régimes dérogatoires.", [("2022", "deadline")]),
        ("Le décret prévoit que les cartes soient remplacées d'ici à 2023.", [("2023", "deadline")]),
        ("Le groupe prévoit de supprimer 1.000 postes d'ici à 2023.", []),  # a company's plan
        # an obligation with its object in between
        ("Le Premier ministre a chargé Jean Dupont de rencontrer « d'ici le 15 décembre » les syndicats.", [("2020-12-15", "deadline")]),
    ],
)
def test_dici_commitments_and_horizons(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a start is not a term, whatever deadline noun is near
        ("Le décret entrera en vigueur la semaine prochaine, une échéance attendue.", []),
        ("Cette échéance paraissait tardive : le décret entrera donc en vigueur dès le 1er décembre.", []),
        ("Le délai court à compter du 1er décembre.", []),
        ("Le délai court jusqu'au 1er décembre.", [("2020-12-01", "deadline")]),
        # a deadline noun whose complement the date is keeps its kind
        ("L'autre option serait de le repousser jusqu'à la date butoir de janvier 2021.", [("2021-01", "deadline")]),
        ("La date butoir a été repoussée au 31 janvier.", [("2021-01-31", "extension")]),
        ("Cela repousse son nouveau délai au 4 décembre.", [("2020-12-04", "extension")]),
        # an elliptic « date limite » after its full form
        (
            "Leur date limite de consommation est le 28 novembre. Pour U, la date limite est le 30 novembre.",
            [("2020-11-28", "expiry"), ("2020-11-30", "expiry")],
        ),
        ("La date limite est le 30 novembre pour déposer les offres.", [("2020-11-30", "deadline")]),
        # dates listed with « ainsi que »
        (
            "Les dates limites de consommation sont le 28 novembre ainsi que le 10 décembre.",
            [("2020-11-28", "expiry"), ("2020-12-10", "expiry")],
        ),
    ],
)
def test_starts_complements_and_ellipses(nlp, text, expected):
    assert run(nlp, text) == expected


def test_a_deadline_noun_restated_in_the_body_is_one_deadline(nlp):
    text = "L'ultimatum du consortium expire vendredi. Le consortium a fixé aux créanciers un ultimatum qui expire vendredi."
    assert run(nlp, text) == [("2020-11-27", "expiry")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # an alternative of an extension is one too, however far its cue
        (
            "La Commission recommande soit un report court jusqu'au 23 décembre, avant les élections européennes du printemps, "
            "soit un autre bien plus long jusqu'à fin 2021.",
            [("2020-12-23", "extension"), ("2021", "extension")],
        ),
        (
            "Le Conseil a accepté un report jusqu'au 23 décembre, avant les fêtes de fin d'année et les congés, ou un autre jusqu'au 31 mars.",
            [("2020-12-23", "extension"), ("2021-03-31", "extension")],
        ),
        # a coarser date restates a deadline it holds, not one of another season
        ("Le délai est prolongé jusqu'au 15 décembre 2021. Le délai prolongé à fin 2021 ne suffira pas.", [("2021-12-15", "extension")]),
        (
            "Le délai est prolongé jusqu'au 30 juin 2021. Un nouveau délai est ensuite prolongé jusqu'à fin 2021.",
            [("2021-06-30", "extension"), ("2021", "extension")],
        ),
        ("Le délai est prolongé jusqu'au 31 janvier. Il est prolongé jusqu'à fin janvier.", [("2021-01-31", "extension")]),
    ],
)
def test_alternatives_and_restatements(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, published, expected",
    [
        # a past state told in the imperfect: the last such day, not the next
        ("C'est un domaine dans lequel, jusqu'au 17 novembre, le département était assez performant.", "2019-04-11", []),
        ("Jusqu'au 17 novembre, les prix seront bloqués.", "2019-04-11", [("2019-11-17", "expiry")]),
        ("Cette disposition, qui n'était valable que jusqu'au 23 mai, a été étendue.", "2020-05-22", [("2020-05-23", "expiry")]),
        ("Le contrat sera prolongé jusqu'au 30 juin.", "2020-01-10", [("2020-06-30", "extension")]),
        ("Le magasin a été fermé jusqu'au 3 janvier.", "2020-01-10", []),  # just past: a report
        # a past act, its term after « jusqu'au » the nearest one (not last year's)
        ("Le pays a prolongé cette recommandation jusqu'au 20 août.", "2020-05-15", [("2020-08-20", "extension")]),
        ("Le gouvernement a fermé les musées jusqu'au 2 juin.", "2020-05-15", [("2020-06-02", "expiry")]),
        # separate measures ending the same day are separate expiries
        ("Les salles de cinéma resteront fermées jusqu'au 22 juin. Les sports collectifs restent interdits jusqu'au 22 juin.",
         "2020-05-28", [("2020-06-22", "expiry"), ("2020-06-22", "expiry")]),
        # the body restating its headline's term is one deadline, whoever else its sentence names
        ("Vivendi : l'offre sur Lagardère prolongée jusqu'au 14 octobre\n\nL'offre de Vivendi est désormais prolongée "
         "jusqu'au 14 octobre, le temps pour la Commission européenne d'examiner le dossier.", "2022-04-28",
         [("2022-10-14", "extension")]),
    ],
)
def test_tense_with_the_model(depeche_extractor, text, published, expected):
    assert with_the_model(depeche_extractor, text, published) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a term counts from the day its sentence gives before it, past or future (published 2020-11-25)
        ("La loi était entrée en vigueur le 24 mars, pour un délai de deux mois.", [("2020-05-24", "expiry")]),
        ("Le texte, soumis au vote le 19 décembre, pourra faire l'objet d'un recours dans un délai de deux mois.",
         [("2021-02-19", "deadline")]),
        ("Le décret publié le 2 novembre laisse aux entreprises un délai de trois mois pour se conformer.",
         [("2021-02-02", "deadline")]),
        # … else from the publication day
        ("Les candidats ont un délai de deux mois pour déposer leur dossier.", [("2021-01-25", "deadline")]),
        # how long a measure lasts: its end is an expiry
        ("Le dispositif est accordé pour une durée de six mois.", [("2021-05-25", "expiry")]),
    ],
)
def test_a_term_counts_from_the_day_its_sentence_gives(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # a deadline noun governs the date of its own clause …
        ("L'ultimatum du consortium expire vendredi.", [("2020-11-27", "expiry")]),
        ("La date limite a été fixée au 15 juin.", [("2021-06-15", "deadline")]),
        ("Le 15 décembre, date limite de dépôt des offres, approche.", [("2020-12-15", "deadline")]),
        ("Les combattants doivent se retirer dans le délai expirant mardi.", [("2020-12-01", "expiry")]),
        ("Le délai, fixé au 20 décembre, a été repoussé au 15 janvier.", [("2020-12-20", "deadline"), ("2021-01-15", "extension")]),
        ("Les produits dont les dates limites sont les 28 et 29 novembre sont rappelés.",
         [("2020-11-28", "deadline"), ("2020-11-29", "deadline")]),
        ("Les produits dont les dates limites sont les 21, 24, 28 et 29 décembre sont rappelés.",
         [("2020-12-21", "deadline"), ("2020-12-24", "deadline"), ("2020-12-28", "deadline"), ("2020-12-29", "deadline")]),
        # the date predicate of a copula right after the noun, whatever the parse makes of the noun (a conjunct here)
        ("Il s'agit d'un lot vendu sous la marque Ronde des mers et dont la date limite de consommation est le 18 décembre.",
         [("2020-12-18", "expiry")]),
        ("C'est un lot vendu en Bretagne et dont la date limite est le 18 décembre.", [("2020-12-18", "deadline")]),
        # … not the day of another clause near it
        ("Sa prolongation nécessite un projet de loi, que le Sénat s'apprête à voter en première lecture mardi.", []),
        ("Le président turc veut reprendre l'offensive faute d'un retrait dans le délai imparti, lors d'un entretien "
         "téléphonique vendredi.", []),
    ],
)
def test_a_deadline_noun_governs_the_date_of_its_clause(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-11-25") == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # a past term the text says was set at its date is told as one; a statute of limitations runs out
        ("Dans ce dossier, le délai de prescription était ainsi fixé à 2008.", "2017-06-17", [("2008", "expiry")]),
        ("Le délai de recours avait alors été fixé au 2 mars 2020.", "2020-05-05", [("2020-03-02", "deadline")]),
        ("La date de prescription a été fixée à 2028.", "2017-06-17", [("2028", "expiry")]),
        # a new date set for a term moves it
        ("La nouvelle date de prescription est ainsi fixée à 2018.", "2017-06-17", [("2018", "extension")]),
        ("Une nouvelle date limite a été fixée au 15 juillet.", "2020-05-05", [("2020-07-15", "extension")]),
        # overtime is no extension; counted hours are
        ("Le ministre s'est engagé à payer les heures supplémentaires d'ici à la fin de l'année.", "2019-10-30",
         [("2019", "deadline")]),
        ("Le préfet doit accorder 48 heures supplémentaires aux occupants.", "2020-05-05", [("2020-05-07", "extension")]),
        # a vote moved is a scheduled event moved, not a term
        ("Le vote du texte a été reporté in extremis à lundi.", "2020-06-05", []),
        ("L'examen du projet de loi est repoussé au 12 juin.", "2020-06-05", []),
        # a term's duration after an adjective of « délai »
        ("Les industriels se sont engagés à le faire dans un délai maximal de trois mois.", "2019-02-08",
         [("2019-05-08", "deadline")]),
        # an extension verb right before a bare date tells the act's day; « pendant » a period, not the term
        ("Le confinement devrait être prolongé jeudi, date prévue de sa prochaine révision.", "2020-05-05", []),
        ("Le gouvernement s'était résolu à prolonger pendant l'été un programme d'aide.", "2020-06-17", []),
        ("Le confinement devrait être prolongé jusqu'à jeudi.", "2020-05-05", [("2020-05-07", "extension")]),
        # a date after « après » / « au-delà du » is beyond the term, not at it
        ("Le député s'attend à une nouvelle prolongation après juillet.", "2020-05-05", []),
        ("Aucune prolongation au-delà du 15 juin n'est prévue par le texte.", "2020-05-05", []),
        # a vague term dated precisely right after it is told by the precise ones
        ("Le Parlement examine la poursuite de l'état d'urgence jusqu'en juillet. Le Sénat a voté une prolongation "
         "jusqu'au 10 juillet.", "2020-05-05", [("2020-07-10", "extension")]),
    ],
)
def test_terms_set_moved_and_restated(nlp, text, published, expected):
    assert run(nlp, text, published) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb's subject
        ("Vivendi reste libre jusqu'au 15 mars.", ["Vivendi"]),
        ("Les actionnaires pourront apporter leurs titres jusqu'au 15 mars.", ["Les actionnaires"]),
        # a clause with no verb at its root (a copula's adjective or noun): its own subject, which the parse
        # hangs on that root (a Token is a view: the root is the token whose head has its index, not itself)
        ("La SNCF est prête jusqu'au 15 mars.", ["La SNCF"]),
        ("L'offre d'Orange est valable jusqu'au 15 mars.", ["L'offre d'Orange"]),
        ("Le délai de Vivendi est le 15 mars.", ["Le délai de Vivendi"]),
    ],
)
def test_the_subject_of_a_deadlines_clause(depeche_extractor, text, expected):
    from depeche.components.deadlines.parties import subject_bounds

    doc = depeche_extractor.nlp(text)
    start = text.index("15 mars")
    assert [text[a:b] for a, b in subject_bounds(doc, start, start + len("15 mars"))] == expected


@pytest.mark.parametrize(
    "text",
    [
        # an event's span, told by its own word just before « jusqu'au » (a trial, a show, a broadcast)
        "Les prévenus comparaissent jusqu'au 20 juin pour fraude fiscale.",
        "L'ancien maire sera rejugé jusqu'au 19 février pour blanchiment.",
        "La comédie musicale reste à l'affiche jusqu'au 8 janvier.",
        "La chaîne a décidé de maintenir l'émission à l'antenne jusqu'au 20 janvier.",
        "Le sommet devrait se tenir du 24 novembre jusqu'au 11 décembre.",
        "Accessible jusqu'au 17 décembre, l'exposition a été organisée par la mairie.",
        # … or by its word right after the date, in the date's clause
        "Les deux armées participent jusqu'au 28 décembre à des exercices conjoints.",
        "La chaîne propose jusqu'au 7 décembre une rétrospective des comédies de l'année.",
    ],
)
def test_an_events_span_is_no_term(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # what runs until the date is an event, named by the subject of the date's clause, however far before
        ("Le mouvement social, entamé il y a trois semaines dans plusieurs dépôts de la région, devrait durer jusqu'au 31 octobre.", []),
        ("Les exercices militaires, organisés dans le sud du pays avec plusieurs alliés, se poursuivront jusqu'au 26 septembre.", []),
        ("Le débat sur le projet de loi se poursuivra à l'Assemblée jusqu'au 6 octobre.", []),
        ("Les prévenus comparaissent jusqu'au 20 juin pour fraude fiscale.", []),
        ("La comédie musicale reste à l'affiche jusqu'au 8 janvier.", []),
        # … a measure is not: it ends on that day
        ("Le confinement, décidé il y a trois semaines dans plusieurs départements, devrait durer jusqu'au 31 octobre.",
         [("2020-10-31", "expiry")]),
        ("Les restrictions, décidées par la préfecture pour tout le département, resteront en vigueur jusqu'au 26 septembre.",
         [("2020-09-26", "expiry")]),
        ("L'interdiction des manifestations de plus de 5.000 personnes est prolongée jusqu'au 30 octobre.",
         [("2020-10-30", "extension")]),
        ("Les candidats ont jusqu'au 20 septembre pour déposer leur dossier.", [("2020-09-20", "deadline")]),
    ],
)
def test_what_runs_until_the_date(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-09-01") == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # a sentence that opens on its deadline: the parse cuts « D'ici » off as a sentence of its own
        ("D'ici le 23 mai, le conseil scientifique doit rendre un avis.", [("2020-05-23", "deadline")]),
        ("D'ici au 30 juin, les entreprises devront déclarer leurs émissions.", [("2020-06-30", "deadline")]),
        ("Au plus tard le 15 juin, chaque commune devra transmettre sa liste.", [("2020-06-15", "deadline")]),
    ],
)
def test_a_sentence_that_opens_on_its_term(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-05-12") == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("D'ici le 23 mai, le conseil doit rendre un avis.", ["D'ici le 23 mai, le conseil doit rendre un avis."]),
        ("La start-up française lève 385 millions d'euros\n\nSept mois après sa création, elle change de dimension.",
         ["La start-up française lève 385 millions d'euros", "Sept mois après sa création, elle change de dimension."]),
    ],
)
def test_the_parses_sentences_mended(depeche_extractor, text, expected):
    from depeche.components.common import parsed_sentences

    doc = depeche_extractor.nlp(text)
    assert [text[a:b] for a, b in parsed_sentences(doc)] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # a deadline noun in apposition names the date before it, whatever the parse hangs it on, whatever the
        # preposition before the date
        ("Il reste 127 candidats à investir pour le 19 mai, date limite.", [("2020-05-19", "deadline")]),
        ("Tout pourrait changer après le 23 mai, date limite de dépôt des déclarations.", [("2020-05-23", "deadline")]),
        ("Les dossiers doivent arriver avant le 19 mai, date butoir fixée par la préfecture.", [("2020-05-19", "deadline")]),
        # a noun that is no deadline's is nothing
        ("La réforme entrera en vigueur le 1er juin, date de sa publication.", []),
    ],
)
def test_a_deadline_noun_in_apposition(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-05-12") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # « pour » an act after the date: someone has until then to do it
        ("Les électeurs ont jusqu'au 15 décembre pour le faire.", [("2020-12-15", "deadline")]),
        ("Il reste jusqu'au 15 décembre pour s'inscrire sur les listes.", [("2020-12-15", "deadline")]),
        # « pour le moment », « pour l'instant »: a hedge on how long a measure lasts, no act
        ("Le confinement est fixé jusqu'au 15 décembre pour le moment.", [("2020-12-15", "expiry")]),
        ("Les commerces resteront fermés jusqu'au 15 décembre pour l'instant.", [("2020-12-15", "expiry")]),
    ],
)
def test_a_purpose_after_the_date_or_a_hedge(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an obligation told as a need, a condition or in the conditional still binds the date
        ("Les signatures de 250 élus sont nécessaires d'ici le 9 décembre pour concourir à la primaire.", [("2020-12-09", "deadline")]),
        ("Il faudrait, d'ici le 2 décembre, modifier toute la logistique.", [("2020-12-02", "deadline")]),
        ("Les exceptions sont permises, à condition de s'être inscrit avant le 15 décembre sur le site.", [("2020-12-15", "deadline")]),
        # a plan is not one
        ("L'entreprise prévoit d'investir trois milliards d'ici 2030.", []),
    ],
)
def test_an_obligation_told_as_a_need_or_a_condition(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a request before the date binds it (« réclame », « recommande », « préconise », « suggère » … « avant »)
        ("La Fondation suggère de conditionner l'aide à l'ouverture de négociations avant le 31 décembre.", [("2020-12-31", "deadline")]),
        ("Le syndicat réclame le versement de la prime avant le 15 décembre.", [("2020-12-15", "deadline")]),
        ("Le rapport recommande de fermer la centrale d'ici à 2025.", [("2025", "deadline")]),
        # … not a request after it, about something else
        ("Le syndicat souhaite une évaluation avant le 15 décembre, estimant que le conseil préconise la prudence.", []),
        # a quote between the preposition and its date
        ("Le patronat avait réclamé l'abandon des protocoles \"au plus tard\" le 10 décembre.", [("2020-12-10", "deadline")]),
        ("La réouverture est reportée « au plus tard en janvier ».", [("2021-01", "extension")]),
        # « ne … pas / plus … avant », « pas avant »: a start bound, not a term
        ("La carte a été fixée jeudi et ne doit plus évoluer avant le 11 décembre.", []),
        ("Le magasin ne pourra pas rouvrir avant le 15 décembre.", []),
        ("Pas avant le 15 décembre, a prévenu le ministre.", []),
        ("Les dossiers doivent être déposés avant le 15 décembre.", [("2020-12-15", "deadline")]),
    ],
)
def test_requests_quotes_and_start_bounds(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an extension word after the date, in another clause, is about something else
        ("Son contrat expire en juin, il ne sait pas s'il sera reconduit.", [("2021-06", "expiry")]),
        ("La mesure court jusqu'au 8 décembre et pourrait être reconduite.", [("2020-12-08", "expiry")]),
        ("Les pharmaciens peuvent, jusqu'au 31 décembre, délivrer des médicaments sans renouvellement d'ordonnance.", [("2020-12-31", "expiry")]),
        # a promise is a commitment
        ("Promesse du maire, la gratuité des transports d'ici le 1er mars se négocie.", [("2021-03-01", "deadline")]),
        # « nous devons », « vous devez »: an obligation
        ("Nous devons trouver les ressources d'ici le 20 décembre.", [("2020-12-20", "deadline")]),
        ("Vous devez envoyer le formulaire avant le 20 décembre.", [("2020-12-20", "deadline")]),
    ],
)
def test_cues_of_another_clause_and_the_first_persons(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # « qui » stands for the noun its clause qualifies: an event's span
        ("Ce procès devant le tribunal correctionnel de Paris, qui doit durer jusqu'au 20 décembre, a commencé lundi.", []),
        ("Les épreuves, qui doivent durer jusqu'au 17 décembre, ont commencé.", []),
        # … and a measure's expiry
        ("Le couvre-feu, qui doit durer jusqu'au 20 décembre, pèse sur les commerces.", [("2020-12-20", "expiry")]),
    ],
)
def test_the_noun_a_relative_pronoun_stands_for(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-11-25") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a deadline moved later is an extension, whichever verb moves it
        ("La date limite de dépôt est décalée au 15 décembre.", [("2020-12-15", "extension")]),
        ("La date limite de dépôt est reportée au 15 décembre.", [("2020-12-15", "extension")]),
        ("Le renouvellement des conseillers est également décalé, au plus tard le 31 décembre 2022.", [("2022-12-31", "extension")]),
    ],
)
def test_a_deadline_moved_by_any_verb(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # two measures ending the same day, each with its own subject: two expiries, even where the parse hangs
        # both subjects on one verb (the nearest to the date is the measure's)
        ("L'Italie ayant choisi de garder jusqu'au 30 juin ses contrôles aux frontières, les voyageurs venus d'Italie "
         "seront à leur tour invités à respecter une quarantaine jusqu'au 30 juin.", [("2020-06-30", "expiry")] * 2),
        ("Le Portugal ayant décidé de fermer ses frontières jusqu'au 30 juin, les voyageurs venus de Lisbonne seront "
         "soumis à un test jusqu'au 30 juin.", [("2020-06-30", "expiry")] * 2),
    ],
)
def test_two_measures_of_one_day_with_their_own_subjects(depeche_extractor, text, expected):
    assert with_the_model(depeche_extractor, text, "2020-06-13") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a window a rule opens under a condition dates nothing
        ("Cette amende est majorée à 450 euros si elle n'est pas payée dans les 45 jours.", []),
        ("L'amende est portée à 1.500 euros en cas de récidive dans les 15 jours.", []),
        ("Si quatre violations sont relevées dans les 30 jours, il s'agit d'un délit.", []),
        # a term set for someone still is one, and a condition closed by a comma does not reach it
        ("Les candidats ont un délai de deux mois pour déposer leur dossier.", [("2021-01-25", "deadline")]),
        ("Si la commission le demande, le groupe dispose d'un délai de deux mois pour répondre.", [("2021-01-25", "deadline")]),
    ],
)
def test_a_conditional_window_is_no_term(nlp, text, expected):
    assert run(nlp, text) == expected
