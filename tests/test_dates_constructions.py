"""depeche_dates on composed French constructions (issue 15): durations with number words, modifiers and
halves; periods that are spans; dates counted from another date of the text. All on spacy.blank("fr"),
publication date 2020-11-25 (a Wednesday) unless told."""

from __future__ import annotations

import pytest

from conftest import blank_dates_pipeline
from depeche import convert
from depeche.normalise.dates import iso_duration
from depeche.normalise.dates.anchored import base_day
from depeche.normalise.dates.resolvers import roman_number
from depeche.records import Article


@pytest.fixture(scope="module")
def nlp():
    return blank_dates_pipeline()


def found(nlp, text, published="2020-11-25"):
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", text=text, published=published)
    doc = nlp(doc)
    convert.to_record(doc)  # conftest checks every span against the text
    return [(d.span.text, d.value, d.type, d.mod) for d in doc._.dates]


@pytest.mark.parametrize(
    "text, expected",
    [
        # number words, in letters or digits, singular or plural
        ("Il a dirigé le groupe pendant vingt-cinq ans.", ("vingt-cinq ans", "P25Y")),
        ("Il a dirigé le groupe pendant 25 ans.", ("25 ans", "P25Y")),
        ("La marque existe depuis quatre-vingts ans.", ("quatre-vingts ans", "P80Y")),
        ("une tradition restée vivante pendant deux cents ans", ("deux cents ans", "P200Y")),
        ("Les travaux ont duré trente et un jours.", ("trente et un jours", "P31D")),
        ("Le chantier a pris soixante-dix semaines.", ("soixante-dix semaines", "P70W")),
        ("La grève a duré une journée.", ("une journée", "P1D")),
        ("Ils ont discuté une centaine de jours.", ("une centaine de jours", "P100D")),
        # halves and fractions
        ("Il a passé un an et demi à Londres.", ("un an et demi", "P1Y6M")),
        ("Il a passé deux ans et demi à Londres.", ("deux ans et demi", "P2Y6M")),
        ("La réunion a duré deux heures et demie.", ("deux heures et demie", "PT2H30M")),
        ("La réunion a duré une demi-heure.", ("une demi-heure", "PT30M")),
        ("La réunion a duré une heure et quart.", ("une heure et quart", "PT1H15M")),
        ("Il a attendu 1,5 an.", ("1,5 an", "P1Y6M")),
        # adjectives between the count and the unit
        ("Il a fallu une bonne heure.", ("une bonne heure", "PT1H")),
        ("après deux longues années de procédure", ("deux longues années", "P2Y")),
        ("en trois petites semaines", ("trois petites semaines", "P3W")),
        # the prepositions are not part of the duration
        ("Il enseigne depuis trois ans.", ("trois ans", "P3Y")),
        ("Il a enseigné pendant 3 ans.", ("3 ans", "P3Y")),
        ("Le prêt court sur dix ans.", ("dix ans", "P10Y")),
        ("Il a été élu pour un mandat de six ans.", ("six ans", "P6Y")),
        ("Le marché doit doubler d'ici à trois mois.", ("trois mois", "P3M")),
        ("L'acheteur paie sous huitaine.", ("sous huitaine", "P8D")),
        ("L'acheteur paie sous quinzaine.", ("sous quinzaine", "P15D")),
        ("L'acheteur paie sous 48 heures.", ("48 heures", "PT48H")),
        ("depuis des années", ("des années", "PXY")),
        ("pendant plusieurs mois", ("plusieurs mois", "PXM")),
    ],
)
def test_durations(nlp, text, expected):
    assert (*expected, "duration", None) in found(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il dirige depuis plus d'un an.", ("plus d'un an", "P1Y", "MORE_THAN")),
        ("Il dirige depuis plus de deux ans.", ("plus de deux ans", "P2Y", "MORE_THAN")),
        ("Il dirige depuis plus d’un an.", ("plus d’un an", "P1Y", "MORE_THAN")),
        ("en un peu plus d'une semaine", ("un peu plus d'une semaine", "P1W", "MORE_THAN")),
        ("en moins d'un mois", ("moins d'un mois", "P1M", "LESS_THAN")),
        ("en moins de trois mois", ("moins de trois mois", "P3M", "LESS_THAN")),
        ("il y a près d'un siècle", ("près d'un siècle", "P100Y", "APPROX")),
        ("pendant environ deux mois", ("environ deux mois", "P2M", "APPROX")),
        ("pendant presque dix ans", ("presque dix ans", "P10Y", "APPROX")),
        ("pendant au moins six mois", ("au moins six mois", "P6M", "EQUAL_OR_MORE")),
        ("pendant pas moins de 12 mois", ("pas moins de 12 mois", "P12M", "EQUAL_OR_MORE")),
    ],
)
def test_duration_modifiers(nlp, text, expected):
    span, value, mod = expected
    assert (span, value, "duration", mod) in found(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Les prix ont baissé ces dernières années.", ("ces dernières années", "PXY")),
        ("Les prix ont baissé ces trois dernières années.", ("ces trois dernières années", "P3Y")),
        ("Les prix ont baissé ces 3 dernières années.", ("ces 3 dernières années", "P3Y")),
        ("Les prix ont baissé au cours des derniers mois.", ("des derniers mois", "PXM")),
        ("Les prix ont baissé au cours des douze derniers mois.", ("des douze derniers mois", "P12M")),
        ("Les prix vont baisser dans les prochaines semaines.", ("les prochaines semaines", "PXW")),
        ("Les prix vont baisser dans les mois à venir.", ("les mois à venir", "PXM")),
        ("Les prix vont baisser dans les semaines qui viennent.", ("les semaines qui viennent", "PXW")),
        ("Les prix ont baissé durant les deux années écoulées.", ("les deux années écoulées", "P2Y")),
        ("Il doit payer dans les 45 jours suivants.", ("les 45 jours suivants", "P45D")),
    ],
)
def test_periods_that_are_spans(nlp, text, expected):
    assert (*expected, "duration", None) in found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Il doit payer dans les 45 jours suivant la signature.",
        "Il doit payer dans les quarante-cinq jours suivant la signature.",
        "Il doit payer dans les 45 jours qui suivent la signature.",
    ],
)
def test_anchored_term_is_a_duration_not_a_date(nlp, text):
    """« dans les 45 jours suivant X » is a term counted from X, not a date 45 days after publication
    (depeche_deadlines counts it from X's date when the text gives one)."""
    values = [(value, type_) for _, value, type_, _ in found(nlp, text)]
    assert values == [("P45D", "duration")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il sera livré en fin d'année.", ("fin d'année", "2020", "END")),
        ("Il sera livré en fin d’année.", ("fin d’année", "2020", "END")),
        ("Il sera livré en début d'année prochaine.", ("début d'année prochaine", "2021", "START")),
        ("Il sera livré en début de semaine prochaine.", ("début de semaine prochaine", "2020-W49", "START")),
        ("Il a été livré en fin de mois dernier.", ("fin de mois dernier", "2020-10", "END")),
        ("Il a été livré à la fin du mois.", ("la fin du mois", "2020-11", "END")),
        ("Il a été livré mi-2016.", ("mi-2016", "2016", "MID")),
        ("Il a été livré à la mi-2016.", ("la mi-2016", "2016", "MID")),
        ("Il a été livré fin 2016.", ("fin 2016", "2016", "END")),
        ("Il a été livré début mars 2016.", ("début mars 2016", "2016-03", "START")),
        ("au début des années 90", ("début des années 90", "199", "START")),
        ("à la fin des années 1980", ("la fin des années 1980", "198", "END")),
        ("depuis le milieu des années 2000", ("milieu des années 2000", "200", "MID")),
    ],
)
def test_parts_of_periods(nlp, text, expected):
    span, value, mod = expected
    assert (span, value, "date", mod) in found(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("au premier trimestre de l'année prochaine", ("premier trimestre de l'année prochaine", "2021-Q1")),
        ("au second semestre de l'année dernière", ("second semestre de l'année dernière", "2019-H2")),
        ("au troisième trimestre de cette année", ("troisième trimestre de cette année", "2020-Q3")),
        ("au 3e trimestre 2019", ("3e trimestre 2019", "2019-Q3")),
        ("Il a vécu au XIXe siècle.", ("XIXe siècle", "18")),
        ("Il a vécu au XXe siècle.", ("XXe siècle", "19")),
        ("Il a vécu au 18e siècle.", ("18e siècle", "17")),
        ("Il a vécu au siècle dernier.", ("siècle dernier", "19")),
        ("la saison 2002/2003", ("2003", "2003")),
        ("la saison 1998-1999", ("1998", "1998")),
        ("la saison 1998-1999", ("1999", "1999")),
        ("Il est parti l'an dernier.", ("l'an dernier", "2019")),
        ("Il est parti l'année dernière.", ("l'année dernière", "2019")),
        ("Il est parti la semaine dernière.", ("la semaine dernière", "2020-W47")),
    ],
)
def test_dates(nlp, text, expected):
    assert (*expected, "date", None) in found(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("En 1998, il part. L'année suivante, il revient.", ("L'année suivante", "1999")),
        ("En 1998, il part. L'année précédente, il était à Lyon.", ("L'année précédente", "1997")),
        ("En mars 2019, il part. Le mois suivant, il revient.", ("Le mois suivant", "2019-04")),
        ("Le 3 mars 2019, il part. Le mois suivant, il revient.", ("Le mois suivant", "2019-04")),
        ("Le 3 mars 2019, il part. La semaine suivante, il revient.", ("La semaine suivante", "2019-W10")),
        ("Le 3 mars 2019, il part. Le mois d'avant, il était à Lyon.", ("Le mois d'avant", "2019-02")),
        ("Le 3 mars 2021, il part. Le lundi suivant, il revient.", ("Le lundi suivant", "2021-03-08")),
        ("Le 3 mars 2021, il part. Le mercredi suivant, il revient.", ("Le mercredi suivant", "2021-03-10")),
        ("Le 3 mars 2021, il part. Le mardi précédent, il signe.", ("Le mardi précédent", "2021-03-02")),
        ("Le 3 mars 2019, il signe. La veille, il hésitait.", ("La veille", "2019-03-02")),
        ("Le 3 mars 2019, il signe. Le lendemain, il part.", ("Le lendemain", "2019-03-04")),
        ("Le 3 mars 2019, il signe. Le surlendemain, il part.", ("Le surlendemain", "2019-03-05")),
        ("Le 3 mars 2019, il signe. Le jour suivant, il part.", ("Le jour suivant", "2019-03-04")),
        ("Le 3 mars 2019, il signe. Le jour d'après, il part.", ("Le jour d'après", "2019-03-04")),
        ("Le 3 mars 2019, il signe. L'avant-veille, il hésitait.", ("L'avant-veille", "2019-03-01")),
        ("Il hésitait la veille du 3 mars 2019.", ("la veille", "2019-03-02")),
        ("Il a signé le lendemain du 28 février 2019.", ("le lendemain", "2019-03-01")),
    ],
)
def test_counted_from_another_date_of_the_text(nlp, text, expected):
    assert (*expected, "date", None) in found(nlp, text)


@pytest.mark.parametrize(
    "text, from_publication, unknown",
    [
        ("L'année suivante, il revient.", "2021", "XXXX"),
        ("Le mois suivant, il revient.", "2020-12", "XXXX-XX"),
        ("Le jour suivant, il revient.", "2020-11-26", "XXXX"),
        ("Le lendemain, il revient.", None, None),
        ("Le lundi suivant, il revient.", "2020-11-30", "XXXX-WXX-1"),
        ("Le mercredi suivant, il revient.", "2020-12-02", "XXXX-WXX-3"),
        ("Le vendredi précédent, il revient.", "2020-11-20", "XXXX-WXX-5"),
    ],
)
def test_anchored_with_no_date_before(nlp, text, from_publication, unknown):
    """No date before it: counted from the publication day, the text's reference time; with no
    publication date, unknown. An event day (« le lendemain ») needs a day of the text."""
    assert [value for _, value, _, _ in found(nlp, text)] == ([from_publication] if from_publication else [])
    assert [value for _, value, _, _ in found(nlp, text, published=None)] == ([unknown] if unknown else [])


@pytest.mark.parametrize("text", ["La veille, il hésitait.", "Il a signé la veille de l'élection.", "le lendemain matin de la fête"])
def test_event_day_without_a_day_is_left_out(nlp, text):
    assert found(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    ["En 1998, on ne sait pas. Le mois suivant, il revient.", "Au premier trimestre 2019, rien. La semaine suivante, il revient."],
)
def test_anchored_after_a_date_not_precise_enough_stays_unknown(nlp, text):
    """A year cannot anchor « le mois suivant », and the text has moved away from the publication day."""
    (value,) = [value for span, value, _, _ in found(nlp, text) if "suivant" in span]
    assert "X" in value


@pytest.mark.parametrize(
    "count, unit, expected",
    [(1.5, "Y", "P1Y6M"), (0.5, "Y", "P6M"), (2.5, "H", "PT2H30M"), (0.5, "H", "PT30M"), (1.5, "MIN", "PT1M30S"), (2.5, "D", "P2.5D"), (3, "Y", "P3Y"), ("X", "M", "PXM")],
)
def test_iso_duration_fractions(count, unit, expected):
    assert iso_duration(count, unit) == expected


@pytest.mark.parametrize("text, value", [("XIX", 19), ("XX", 20), ("XXI", 21), ("IV", 4), ("IX", 9), ("XV", 15)])
def test_roman_number(text, value):
    assert roman_number(text) == value


@pytest.mark.parametrize(
    "value, unit, day",
    [("2019-03-03", "M", "2019-03-03"), ("2019-03", "Y", "2019-03-01"), ("2019", "M", None), ("2019-W10", "W", "2019-03-04"), ("2019-Q2", "M", None), ("2019-Q2", "Y", "2019-04-01"), ("XXXX", "Y", None)],
)
def test_base_day(value, unit, day):
    result = base_day(value, unit)
    assert (result.isoformat() if result else None) == day


@pytest.mark.parametrize(
    "text, expected",
    [
        # the end of a span takes the year its start writes, however far in the sentence
        ("Du 6 juin 1944 au 26 août, la bataille a duré.", ["1944-06-06", "1944-08-26"]),
        ("L'histoire part du 6 juin 1944, et du débarquement, jusqu'au 26 août, et la libération de Paris.",
         ["1944-06-06", "1944-08-26"]),
        ("Entre le 3 mars 2019 et le 10 avril, il est parti.", ["2019-03-03", "2019-04-10"]),
        ("Depuis le 1er janvier 2019 et jusqu'au 30 juin, les prix sont gelés.", ["2019-01-01", "2019-06-30"]),
        # a date that starts no span dates its own fact: the sentence's other dates keep the publication's year
        ("Le projet prévoit le report à mai 2021 des élections qui devaient se tenir en mai de cette année.",
         ["2021-05", "2020-05", "2020"]),
        ("En avril 2010, le stock se montait à 1 milliard, a indiqué le 24 juin le ministre.", ["2010-04", "2020-06-24"]),
        # nor across sentences, glued or not
        ("Du 3 mars 2019 au 5 mars, il est parti. Le 10 avril, il revient.", ["2019-03-03", "2019-03-05", "2020-04-10"]),
        ("Il est parti du 3 mars 2019.Au 10 avril, il revient.", ["2019-03-03", "2020-04-10"]),
    ],
)
def test_a_spans_end_takes_the_year_of_its_start(nlp, text, expected):
    assert [value for _, value, _, _ in found(nlp, text, published="2020-06-01")] == expected


@pytest.mark.parametrize(
    "text, values",
    [
        # every day of a list before its month is a date of that month (and year)
        ("Les produits dont les dates limites sont les 21, 24, 28 et 29 novembre 2019 sont rappelés.",
         ["2019-11-21", "2019-11-24", "2019-11-28", "2019-11-29"]),
        ("Les 1er, 2 et 3 mai 2021, la ville fait la fête.", ["2021-05-01", "2021-05-02", "2021-05-03"]),
        ("Les réunions auront lieu les 3 et 4 décembre.", ["2020-12-03", "2020-12-04"]),
        ("Le salon se tient du 10 au 14 avril 2021.", ["2021-04-10", "2021-04-14"]),
        ("Il a marqué 3, 4 et 5 buts.", []),  # no month: no date
    ],
)
def test_a_list_of_days_gives_each_day(nlp, text, values):
    assert [v for _, v, kind, _ in found(nlp, text) if kind == "date"] == values
