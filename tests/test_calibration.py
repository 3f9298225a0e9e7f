"""depeche.calibration: reliability tables, fitted calibrations, and their hooks (evaluate, depeche_dates)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from depeche.calibration import (
    Calibration,
    Outcome,
    as_raw,
    fit_isotonic,
    fit_via,
    format_reliability,
    pool_adjacent_violators,
    precision_at,
    recalibrated,
    reliability,
    reliability_dict,
)
from depeche.evaluate import GoldArticle, GoldDeal, GoldMoney, GoldOrganisation, GoldParty, reliability_tables, score_article
from depeche.evaluate.articles import Report
from depeche.records import Article, ArticleRecord, Deal, DealParty, Money, Organisation, Span


def outcomes(*rows) -> list[Outcome]:
    return [Outcome(c, tuple(v), ok, r) for c, v, ok, r in rows]


# --- reliability -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("confidences", "bin_counts"),
    [
        ([0.0, 0.1, 0.85, 1.0], [2, 0, 0, 0, 1, 1]),
        ([0.2, 0.4, 0.6, 0.8, 0.9], [0, 1, 1, 1, 1, 1]),  # a bin's low edge is in it
        ([0.95, 0.99, 1.0], [0, 0, 0, 0, 0, 3]),  # 1.0 is in the last bin
        ([], [0, 0, 0, 0, 0, 0]),
    ],
)
def test_reliability_bins_count_each_confidence_once(confidences, bin_counts):
    table = reliability(outcomes(*[(c, (), True, None) for c in confidences]))
    assert [b.count for b in table] == bin_counts
    assert sum(b.count for b in table) == len(confidences)


def test_reliability_gives_mean_confidence_and_precision_per_bin():
    table = reliability(outcomes((0.82, (), True, None), (0.88, (), False, None), (0.3, (), False, None), (None, (), True, None)))
    top = table[4]
    assert (top.count, top.correct, top.mean_confidence, top.precision) == (2, 1, 0.85, 0.5)
    assert table[1].precision == 0.0 and table[0].precision is None
    assert sum(b.count for b in table) == 3  # no confidence: not in the table


@pytest.mark.parametrize(("threshold", "expected"), [(0.8, (2, 0.5)), (0.85, (1, 0.0)), (0.9, (0, None)), (0.0, (3, 1 / 3))])
def test_precision_at_a_threshold(threshold, expected):
    items = outcomes((0.82, (), True, None), (0.88, (), False, None), (0.3, (), False, None), (None, (), True, None))
    assert precision_at(items, threshold) == expected
    assert reliability_dict(items, threshold)["at_least"] == {"threshold": threshold, "count": expected[0], "precision": expected[1]}


def test_format_reliability_is_one_line_per_bin():
    text = format_reliability(reliability(outcomes((0.95, (), True, None))), "title")
    lines = text.splitlines()
    assert lines[0] == "title" and len(lines) == 3 + 6
    assert "| 0.9–1.0 | 1 | 0.95 | 1.00 |" in lines


# --- fitting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "weights", "expected"),
    [
        ([1, 3, 2, 4], None, [1, 2.5, 2.5, 4]),
        ([3, 2, 1], None, [2, 2, 2]),
        ([0, 1, 0], [1, 1, 3], [0, 0.25, 0.25]),
        ([0.2, 0.5, 0.9], None, [0.2, 0.5, 0.9]),
        ([], None, []),
    ],
)
def test_pool_adjacent_violators_is_the_monotone_least_squares_fit(values, weights, expected):
    fitted = pool_adjacent_violators(values, weights)
    assert np.allclose(fitted, expected)
    assert all(a <= b for a, b in zip(fitted, fitted[1:]))


def test_fit_via_is_the_smoothed_precision_of_each_via():
    items = outcomes(*[(None, ("r:a",), True, None)] * 9, (None, ("r:a",), False, None), *[(None, ("r:b",), False, None)] * 4)
    cal = fit_via("c", items, m=2)
    p0 = (9 + 2 * 0.5) / (14 + 2)
    assert cal.default == round(p0, 4)
    assert cal.table["r:a"] == round((9 + 2 * p0) / (10 + 2), 4)
    assert cal.table["r:b"] == round((0 + 2 * p0) / (4 + 2), 4)
    assert cal.counts == {"r:a": 10, "r:b": 4}
    assert cal.confidence(["r:a"]) > 0.8 > cal.confidence(["r:b"])
    assert cal.confidence(["r:unseen"]) == cal.default


@pytest.mark.parametrize(
    ("via", "key"),
    [(["p:x", "rel"], "p:x+rel"), (["p:x"], "p:x"), (["p:y", "rel"], "rel"), (["other", "p:x"], "p:x"), ([], None)],
)
def test_fit_via_looks_up_the_combination_first_then_each_id(via, key):
    items = outcomes((None, ("p:x", "rel"), True, None), (None, ("p:x",), False, None), (None, ("p:z", "rel"), False, None))
    cal = fit_via("c", items)
    assert cal.confidence(via) == (cal.table[key] if key else cal.default)


def test_fit_isotonic_is_monotone_in_the_raw_score():
    rng = np.random.default_rng(0)
    raws = rng.uniform(0, 1, 400)
    items = [Outcome(None, (), bool(rng.uniform() < r), float(r)) for r in raws]
    cal = fit_isotonic("c", items)
    grid = np.linspace(0, 1, 50)
    calibrated = [cal.confidence(raw=x) for x in grid]
    assert all(a <= b for a, b in zip(calibrated, calibrated[1:]))
    assert calibrated[0] < 0.35 and calibrated[-1] > 0.65
    assert cal.confidence() == cal.default


def test_refitting_isotonic_over_its_own_output_keeps_its_steps():
    items = outcomes(*[(None, (), ok, r) for r, ok in [(0.1, False), (0.2, False), (0.3, True), (0.5, False), (0.6, True), (0.9, True)] * 5])
    first = fit_isotonic("c", items)
    again = fit_isotonic("c", as_raw(recalibrated(first, items)))
    assert again.y == first.y


def test_a_calibration_round_trips_through_its_json(tmp_path):
    cal = fit_via("depeche_x", outcomes((None, ("a",), True, None), (None, ("b",), False, None)), fitted_on="dev")
    cal.save(tmp_path / "x.json")
    assert Calibration.load(tmp_path / "x.json") == cal
    assert json.loads((tmp_path / "x.json").read_text())["method"] == "via"


@pytest.mark.parametrize(("raw", "expected"), [(0.3, 0.3), (1.7, 1.0), (-1, 0.0), (None, 0.5)])
def test_identity_gives_the_raw_score_clipped(raw, expected):
    assert Calibration("c", "identity", 0.5).confidence(raw=raw) == expected


def test_recalibrated_replaces_the_confidence_by_the_fitted_one():
    cal = Calibration("c", "via", 0.5, table={"a": 0.9})
    items = recalibrated(cal, outcomes((0.1, ("a",), True, None), (0.2, ("z",), False, None)))
    assert [o.confidence for o in items] == [0.9, 0.5]


# --- the evaluate hook -----------------------------------------------------------------

TEXT = "Veolia rachète Suez pour 3,4 milliards d'euros, selon Engie."


def span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span.at(TEXT, start, start + len(fragment))


def _record(confidence: float | None) -> ArticleRecord:
    def org(name, c):
        return Organisation(id=name.lower(), name=name, kind="company", mentions=[span(name)], confidence=c, via=["organisations.test"])

    return ArticleRecord(
        article=Article(id="a", text=TEXT),
        organisations=[org("Veolia", confidence), org("Suez", confidence), org("Engie", confidence)],
        deals=[
            Deal(
                id="deal1", kind="acquisition", status="agreed", status_confidence=confidence, confidence=confidence,
                parties=[
                    DealParty(role="buyer", name="Veolia", ref="veolia", span=span("Veolia"), confidence=confidence),
                    DealParty(role="target", name="Engie", ref="engie", span=span("Engie"), confidence=confidence),
                ],
                amount=Money(value=3.4e9, currency="EUR", span=span("3,4 milliards d'euros"), confidence=confidence),
            )
        ],
    )


GOLD = GoldArticle(
    id="a",
    organisations=[GoldOrganisation(name="Veolia", kind="company"), GoldOrganisation(name="Suez", kind="company")],
    deals=[GoldDeal(kind="acquisition", status="proposed", parties=[GoldParty(role="buyer", name="Veolia"), GoldParty(role="target", name="Suez")],
                    amount=GoldMoney(value=3.4e9, currency="EUR"))],
)


def test_score_article_judges_every_predicted_item():
    found: dict[str, list[Outcome]] = {}
    score_article(_record(0.7), GOLD, outcomes=found)
    right = {kind: [o.correct for o in items] for kind, items in found.items()}
    assert right["organisations"] == [True, True, False]  # Engie is no gold organisation
    assert right["deals"] == [True]
    assert right["deal.parties"] == [True, False]  # the target is Suez
    assert right["deal.status"] == [False]  # agreed, gold proposed
    assert right["deal.amount"] == [True]
    assert all(o.confidence == 0.7 for items in found.values() for o in items)
    assert found["organisations"][0].via == ("organisations.test",)


@pytest.mark.parametrize(("confidence", "printed"), [(0.9, True), (None, False)])
def test_the_reliability_tables_are_printed_only_for_items_with_a_confidence(confidence, printed):
    report = Report()
    score_article(_record(confidence), GOLD, outcomes=report.outcomes)
    text = reliability_tables({"test": report})
    assert ("reliability, test, organisations: 3 items with confidence >= 0.8, precision 66.7 %" in text) == printed
    assert ("reliability" in report.to_dict()) and bool(report.to_dict()["reliability"]) == printed


# --- depeche_dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("Le rachat a été signé le 4 décembre 2020.", ["dates.pattern:day_month"]),
        ("Il a été signé en mars 2019.", ["dates.pattern:month_year"]),
        ("L'accord a été signé mardi.", ["dates.pattern:weekday", "dates.relative"]),
    ],
)
def test_dates_carry_their_pattern_and_a_calibrated_confidence(text, via):
    from conftest import blank_dates_pipeline

    from depeche import docattrs
    from depeche.paths import models_dir

    nlp = blank_dates_pipeline()
    doc = nlp.make_doc(text)
    doc._.article = Article(id="d", text=text, published="2020-12-10")
    dates = docattrs.get(nlp(doc), "dates")
    assert len(dates) == 1 and dates[0].via == via
    shipped = Calibration.load(models_dir() / "calibration" / "dates.json")
    assert dates[0].confidence == shipped.confidence(via)
    assert 0 <= dates[0].confidence <= 1


@pytest.mark.parametrize("text", ["Les négociations ont duré trois mois.", "Il publie ses comptes chaque année."])
def test_durations_and_sets_have_no_gold_to_calibrate_on_and_no_confidence(text):
    from conftest import blank_dates_pipeline

    from depeche import docattrs

    nlp = blank_dates_pipeline()
    dates = [d for d in docattrs.get(nlp(text), "dates") if d.type != "date"]
    assert dates and all(d.confidence is None and d.via[0].startswith("dates.pattern:") for d in dates)


def test_the_dates_calibration_goes_with_the_pipeline_bytes():
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_dates").initialize(calibration={"component": "depeche_dates", "method": "via", "default": 0.42})
    copy = spacy.blank("fr")
    copy.add_pipe("depeche_dates").from_bytes(nlp.get_pipe("depeche_dates").to_bytes())
    from depeche import docattrs

    dates = docattrs.get(copy("Signé le 4 décembre 2020."), "dates")
    assert [d.confidence for d in dates] == [0.42]


# --- --min-confidence ------------------------------------------------------------------------


@pytest.mark.parametrize(("threshold", "kept"), [(None, 2), (0.0, 2), (0.9, 1), (1.0, 0)])
def test_an_extractor_with_min_confidence_leaves_out_the_items_under_it(threshold, kept):
    from conftest import blank_dates_pipeline

    from depeche.extractor import Extractor

    nlp = blank_dates_pipeline()
    nlp.get_pipe("depeche_dates").initialize(
        calibration={"component": "depeche_dates", "method": "via", "default": 0.5, "table": {"dates.pattern:day_month": 0.95}}
    )
    extractor = Extractor(nlp, min_confidence=threshold)
    record = extractor.extract("Signé le 4 décembre 2020, après l'été 2019.", published="2021-01-01", language=None)
    assert len([d for d in record.dates if d.type == "date"]) == kept


@pytest.mark.parametrize("value", ["1.5", "-0.2", "x"])
def test_the_cli_refuses_a_min_confidence_outside_0_1(value, tmp_path):
    from typer.testing import CliRunner

    from depeche.cli import app

    (tmp_path / "a.txt").write_text("Veolia.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--min-confidence", value])
    assert result.exit_code == 2 and "--min-confidence" in result.output


def test_extractor_refuses_a_min_confidence_outside_0_1():
    import spacy

    from depeche.extractor import Extractor

    with pytest.raises(ValueError, match="between 0 and 1"):
        Extractor(spacy.blank("fr"), min_confidence=2)
