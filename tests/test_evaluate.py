"""depeche.evaluate on small handmade records and gold files (no model)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from depeche import evaluate as ev
from depeche.cli import app
from depeche.normalise.text import slugify
from depeche.records import (
    Article,
    ArticleRecord,
    Deadline,
    Deal,
    DealParty,
    Money,
    NewEntity,
    Organisation,
    Person,
    Role,
    Source,
    Span,
    Stake,
    TimeExpression,
)

TEXT = (
    "Oracle et Wallmart, puis Walmart, rachèteraient TikTok à ByteDance pour 3,4 milliards d'euros, soit 29,9 % "
    "du capital, selon le Wall Street Journal ; TikTok Global verrait le jour. Le délai est repoussé au 4 décembre, "
    "une semaine supplémentaire. Jen Psaki, porte-parole de la Maison-Blanche, et Amazon se taisent."
)


def at(text: str) -> Span:
    """The span of `text` in TEXT (an empty span when TEXT does not hold it: names the scorer never looks up)."""
    if text not in TEXT:
        return Span.at(TEXT, 0, 0)
    start = TEXT.index(text)
    return Span.at(TEXT, start, start + len(text))


def org(name: str, *aliases: str, kind: str = "company") -> Organisation:
    return Organisation(id=slugify(name), name=name, aliases=list(aliases), kind=kind, mentions=[at(name)])


def person(name: str, *titles: str) -> Person:
    return Person(id=slugify(name), name=name, roles=[Role(title=t, span=at(t)) for t in titles], mentions=[at(name)])


def date(text: str, value: str, type: str = "date") -> TimeExpression:
    return TimeExpression(value=value, type=type, granularity="day", span=at(text))


def deadline(value: str, kind: str = "deadline", text: str = "4 décembre") -> Deadline:
    return Deadline(id=f"deadline-{value}-{kind}", date=value, span=at(text), kind=kind, evidence=at(text))


def party(role: str, name: str, ref: str | None = None) -> DealParty:
    return DealParty(role=role, name=name, ref=ref, span=at(name))


def money(value: float, currency: str = "EUR") -> Money:
    return Money(value=value, currency=currency, span=at("3,4 milliards d'euros"))


def deal(kind="acquisition", status="negotiating", parties=(), n=1, **slots) -> Deal:
    return Deal(id=f"deal-{n}", kind=kind, status=status, parties=list(parties), **slots)


def record(aid: str = "a1", **fields) -> ArticleRecord:
    return ArticleRecord(article=Article(id=aid, text=TEXT), **fields)


def gold(aid: str = "a1", **fields) -> ev.GoldArticle:
    return ev.GoldArticle.model_validate({"id": aid, **fields})


def counts(score: ev.Score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


GOLD_ORGS = [
    {"name": "Walmart", "aliases": ["Wallmart"], "kind": "company"},
    {"name": "Oracle", "kind": "company"},
    {"name": "TikTok", "kind": "company"},
    {"name": "Wall Street Journal", "kind": "media"},
]


# --- scores ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (2, 2, 1, 0.5, 2 / 3, 4 / 7),
        (0, 0, 0, None, None, None),
        (0, 3, 0, 0.0, None, None),
        (0, 1, 1, 0.0, 0.0, 0.0),
        (4, 0, 0, 1.0, 1.0, 1.0),
    ],
)
def test_score_figures(tp, fp, fn, p, r, f1):
    score = ev.Score(tp, fp, fn)
    assert score.precision == pytest.approx(p) if p is not None else score.precision is None
    assert score.recall == pytest.approx(r) if r is not None else score.recall is None
    assert score.f1 == pytest.approx(f1) if f1 is not None else score.f1 is None


# --- organisations and people -----------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ([org("Walmart"), org("Oracle"), org("TikTok"), org("Wall Street Journal", kind="media")], (4, 0, 0)),
        ([org("Wallmart")], (1, 0, 3)),  # the gold alias (a misspelling) matches
        ([org("Walmart"), org("Wallmart")], (1, 1, 3)),  # one gold entity, two predictions: a duplicate
        ([org("Oracle"), org("Amazon")], (1, 1, 3)),  # Amazon is not in this gold
        ([org("ORACLE")], (1, 0, 3)),  # folded case
        ([], (0, 0, 4)),
    ],
)
def test_organisations(predicted, expected):
    scores = ev.score_article(record(organisations=predicted), gold(organisations=GOLD_ORGS))
    assert counts(scores["organisations"]) == expected


def test_organisation_kind_is_scored_on_matched_pairs():
    predicted = [org("Oracle"), org("Wall Street Journal", kind="company"), org("Amazon")]
    scores = ev.score_article(record(organisations=predicted), gold(organisations=GOLD_ORGS))
    assert counts(scores["organisations.kind"]) == (1, 1, 1)


@pytest.mark.parametrize(
    ("predicted", "expected_people", "expected_roles"),
    [
        ([person("Jen Psaki", "porte-parole")], (1, 0, 0), (1, 0, 0)),
        ([person("Jen Psaki")], (1, 0, 0), (0, 0, 1)),
        ([person("Psaki", "porte-parole de la Maison-Blanche")], (1, 0, 0), (1, 0, 0)),  # alias; title containing the gold one
        ([person("Jen Psaki"), person("Amazon")], (1, 1, 0), (0, 0, 1)),
        ([], (0, 0, 1), (0, 0, 0)),
    ],
)
def test_people_and_roles(predicted, expected_people, expected_roles):
    people = [{"name": "Jen Psaki", "aliases": ["Psaki"], "roles": [{"title": "porte-parole", "organisation": "Maison-Blanche"}]}]
    scores = ev.score_article(record(people=predicted), gold(people=people))
    assert counts(scores["people"]) == expected_people
    assert counts(scores["people.roles"]) == expected_roles


def test_notes_name_what_was_missed_and_what_was_spurious():
    people = [{"name": "Jen Psaki", "roles": [{"title": "porte-parole", "organisation": None}]}]
    notes: list[str] = []
    predicted = [person("Jen Psaki", "porte", "porte-parole"), person("Amazon")]
    ev.score_article(record(people=predicted, organisations=[org("Oracle")]), gold(organisations=GOLD_ORGS, people=people), notes)
    assert "people: spurious 'Amazon'" in notes
    assert "organisations: missed 'Walmart'" in notes
    assert "people.roles of Jen Psaki: spurious 'porte'" in notes  # the identical title is paired first


# --- dates and deadlines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ([date("4 décembre", "2020-12-04")], (1, 0, 0)),
        ([date("au 4 décembre", "2020-12-04")], (1, 0, 0)),  # the predicted span may be wider
        ([date("décembre", "2020-12-04")], (1, 0, 0)),  # or narrower
        ([date("4 décembre", "2021-12-04")], (0, 1, 1)),  # wrong year
        ([date("4 décembre", "2020-12-04"), date("une semaine supplémentaire", "P1W", type="duration")], (1, 0, 0)),
        ([date("4 décembre", "2020-12-04"), date("4 décembre", "2020-12-04")], (1, 1, 0)),
        ([], (0, 0, 1)),
        # a day's part (« 4 décembre au soir », a time) is read at its day, as the gold lists « mercredi matin »
        ([date("4 décembre", "2020-12-04TEV", type="time")], (1, 0, 0)),
        ([date("4 décembre", "2020-12-04T20:00", type="time")], (0, 0, 1)),  # an hour is no date
    ],
)
def test_dates(predicted, expected):
    scores = ev.score_article(record(dates=predicted), gold(dates=[{"text": "4 décembre", "value": "2020-12-04"}]))
    assert counts(scores["dates"]) == expected


@pytest.mark.parametrize(
    ("predicted", "expected", "expected_date_only"),
    [
        ([deadline("2020-12-04", "extension")], (1, 0, 0), (1, 0, 0)),
        ([deadline("2020-12-04", "deadline")], (0, 1, 1), (1, 0, 0)),
        ([deadline("2020-12-05", "extension")], (0, 1, 1), (0, 1, 1)),
        ([deadline("2020-12-04", "extension"), deadline("2020-12", "expiry")], (1, 1, 0), (1, 1, 0)),
        ([], (0, 0, 1), (0, 0, 1)),
    ],
)
def test_deadlines(predicted, expected, expected_date_only):
    gold_deadlines = [{"date": "2020-12-04", "text": "4 décembre", "kind": "extension", "parties": ["ByteDance"]}]
    scores = ev.score_article(record(deadlines=predicted), gold(deadlines=gold_deadlines))
    assert counts(scores["deadlines"]) == expected
    assert counts(scores["deadlines.date"]) == expected_date_only


# --- deals ---------------------------------------------------------------------------

GOLD_DEAL = {
    "kind": "acquisition",
    "status": "negotiating",
    "parties": [
        {"role": "seller", "name": "ByteDance"},
        {"role": "buyer", "name": "Oracle"},
        {"role": "buyer", "name": "Walmart"},
        {"role": "target", "name": "TikTok"},
    ],
    "amount": {"value": 3400000000, "currency": "EUR"},
    "stake": {"percent": 29.9},
    "reported_by": "Wall Street Journal",
    "new_entities": ["TikTok Global"],
}
FULL_PARTIES = [party("seller", "ByteDance"), party("buyer", "Oracle"), party("buyer", "Wallmart"), party("target", "TikTok")]


def score_deals(*predicted: Deal, gold_deals=(GOLD_DEAL,)) -> dict[str, ev.Score]:
    return ev.score_article(record(deals=list(predicted)), gold(organisations=GOLD_ORGS, deals=list(gold_deals)))


def test_a_perfect_deal_scores_every_slot():
    predicted = deal(
        parties=FULL_PARTIES, amount=money(3.4e9), stake=Stake(percent=29.9, span=at("29,9 %")),
        reported_by=Source(name="Wall Street Journal", span=at("Wall Street Journal")),
        new_entities=[NewEntity(name="TikTok Global", span=at("TikTok Global"))],
    )
    scores = score_deals(predicted)
    for name in ("deals", "deal.kind", "deal.status", "deal.amount", "deal.stake", "deal.reported_by", "deal.new_entities", "deal.seller", "deal.target"):
        assert counts(scores[name]) == (1, 0, 0), name
    assert counts(scores["deal.buyer"]) == (2, 0, 0)  # « Wallmart » is the gold Walmart's alias
    assert counts(scores["deal.price_per_share"]) == (0, 0, 0)  # neither side has one


@pytest.mark.parametrize(
    ("slots", "field", "expected"),
    [
        ({"amount": money(3.41e9)}, "deal.amount", (1, 0, 0)),  # 0.29 % off: within 0.5 %
        ({"amount": money(3.42e9)}, "deal.amount", (0, 1, 1)),  # 0.59 % off
        ({"amount": money(3.4e9, "USD")}, "deal.amount", (0, 1, 1)),  # wrong currency
        ({}, "deal.amount", (0, 0, 1)),
        ({"stake": Stake(percent=29.9, span=at("29,9 %"))}, "deal.stake", (1, 0, 0)),
        ({"stake": Stake(percent=2.99, span=at("29,9 %"))}, "deal.stake", (0, 1, 1)),
        ({"status": "agreed"}, "deal.status", (0, 1, 1)),
        ({"kind": "stake"}, "deal.kind", (0, 1, 1)),
        ({"reported_by": Source(name="Wall Street Journal", span=at("Wall Street Journal"))}, "deal.reported_by", (1, 0, 0)),
        ({"reported_by": Source(name="Amazon", span=at("Amazon"))}, "deal.reported_by", (0, 1, 1)),
        ({"price_per_share": money(18)}, "deal.price_per_share", (0, 1, 0)),  # the gold has none
    ],
)
def test_deal_slots(slots, field, expected):
    assert counts(score_deals(deal(parties=FULL_PARTIES, **slots))[field]) == expected


@pytest.mark.parametrize(
    ("parties", "field", "expected"),
    [
        ([party("buyer", "Oracle"), party("target", "TikTok")], "deal.buyer", (1, 0, 1)),
        ([party("buyer", "Oracle"), party("buyer", "TikTok")], "deal.buyer", (1, 1, 1)),  # TikTok in the wrong role
        ([party("buyer", "Oracle"), party("buyer", "TikTok")], "deal.target", (0, 0, 1)),
        ([party("buyer", "Oracle"), party("partner", "Amazon")], "deal.partner", (0, 1, 0)),
    ],
)
def test_deal_roles(parties, field, expected):
    assert counts(score_deals(deal(parties=parties))[field]) == expected


def test_a_party_name_is_resolved_through_the_predicted_organisation():
    """A party whose surface form is unknown to the gold still matches through its organisation's aliases."""
    walmart = Organisation(id="walmart", name="Walmart", mentions=[at("Walmart")])
    predicted = deal(parties=[party("buyer", "Wallmart", ref="walmart")])
    scores = ev.score_article(record(organisations=[walmart], deals=[predicted]), gold(organisations=GOLD_ORGS, deals=[GOLD_DEAL]))
    assert counts(scores["deal.buyer"]) == (1, 0, 1)


@pytest.mark.parametrize("name", ["royaume de Bahreïn", "le royaume de Bahreïn", "Royaume de Bahrein"])
def test_a_party_that_is_no_gold_entity_matches_by_its_folded_name(name):
    gold_deal = {"kind": "investment", "status": "completed", "parties": [{"role": "investor", "name": "royaume de Bahreïn"}]}
    scores = score_deals(deal("investment", "completed", [party("investor", name)]), gold_deals=[gold_deal])
    assert counts(scores["deal.investor"]) == (1, 0, 0)


def test_deals_are_aligned_by_party_overlap_not_by_order():
    other_gold = {"kind": "partnership", "status": "agreed", "parties": [{"role": "partner", "name": "Amazon"}]}
    first = deal("partnership", "agreed", [party("partner", "Amazon")], n=1)
    second = deal(parties=FULL_PARTIES, n=2)
    scores = score_deals(first, second, gold_deals=(GOLD_DEAL, other_gold))
    assert counts(scores["deals"]) == (2, 0, 0)
    assert counts(scores["deal.kind"]) == (2, 0, 0)
    assert counts(scores["deal.partner"]) == (1, 0, 0)


def test_notes_name_the_wrong_slot_of_an_aligned_deal():
    notes: list[str] = []
    ev.score_article(record(deals=[deal(status="agreed", parties=FULL_PARTIES)]), gold(organisations=GOLD_ORGS, deals=[GOLD_DEAL]), notes)
    assert any(line.startswith("deal.status: agreed, gold negotiating (in acquisition negotiating [") for line in notes), notes
    assert any(line.startswith("deal.amount: -, gold 3.4e+09 EUR") for line in notes), notes


def test_unaligned_deals_count_against_every_slot_they_fill():
    stray = deal("merger", "rumoured", [party("merging", "Amazon")], amount=money(1e6))
    scores = score_deals(stray)
    assert counts(scores["deals"]) == (0, 1, 1)
    assert counts(scores["deal.kind"]) == (0, 1, 1)
    assert counts(scores["deal.amount"]) == (0, 1, 1)
    assert counts(scores["deal.merging"]) == (0, 1, 0)
    assert counts(scores["deal.buyer"]) == (0, 0, 2)
    assert counts(scores["deal.new_entities"]) == (0, 0, 1)


# --- the whole report ----------------------------------------------------------------


def write_gold(folder, *articles: dict) -> None:
    folder.mkdir(exist_ok=True)
    for article in articles:
        (folder / f"{article['id']}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")


def test_report_is_micro_averaged_and_names_what_it_could_not_score(tmp_path):
    write_gold(
        tmp_path / "gold",
        {"id": "a1", "organisations": GOLD_ORGS},  # 4 gold organisations
        {"id": "a2", "organisations": [{"name": "Amazon", "kind": "company"}]},
        {"id": "a3", "organisations": [{"name": "Oracle", "kind": "company"}]},  # no record
    )
    records = [
        record("a1", organisations=[org("Oracle"), org("Walmart"), org("Amazon")]),
        record("a2", organisations=[org("Amazon")]),
        record("a9", organisations=[org("Oracle")]),  # no gold
    ]
    report = ev.evaluate(records, tmp_path / "gold")
    assert counts(report.articles["a1"]["organisations"]) == (2, 1, 2)
    assert counts(report.articles["a2"]["organisations"]) == (1, 0, 0)
    assert counts(report.fields["organisations"]) == (3, 1, 2)
    assert report.fields["organisations"].precision == pytest.approx(0.75)
    assert report.records_without_gold == ["a9"]
    assert report.gold_without_record == ["a3"]
    assert sorted(report.articles) == ["a1", "a2"]


def test_a_second_record_of_the_same_article_is_reported_not_scored_twice(tmp_path):
    write_gold(tmp_path / "gold", {"id": "a1", "organisations": GOLD_ORGS})
    report = ev.evaluate([record("a1", organisations=[org("Oracle")])] * 2, tmp_path / "gold")
    assert counts(report.fields["organisations"]) == (1, 0, 3)
    assert report.records_without_gold == ["a1 (duplicate record)"]


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ({"id": "a1", "organisations": [{"name": "X", "kind": "bank"}]}, "kind"),
        ({"id": "a1", "dates": [{"text": "x", "value": "2020-02-30"}]}, "day is out of range"),
        ({"id": "a1", "deadlines": [{"date": "31 mars", "text": "31 mars", "kind": "deadline"}]}, "date value"),
        ({"id": "a1", "deals": [{"kind": "acquisition", "status": "done"}]}, "status"),
        ({"id": "a1", "deals": [{"kind": "acquisition", "status": "agreed", "amount": {"value": 1, "currency": "euros"}}]}, "ISO 4217"),
        ({"id": "zz"}, "not the file name"),
        ({"id": "a1", "unknown": []}, "unknown"),
    ],
)
def test_invalid_gold_is_refused(tmp_path, article, message):
    (tmp_path / "a1.json").write_text(json.dumps(article), encoding="utf-8")
    with pytest.raises(ev.GoldError, match=message):
        ev.load_gold(tmp_path)


def test_cli_prints_the_table_and_writes_json(tmp_path):
    write_gold(tmp_path / "gold", {"id": "a1", "organisations": GOLD_ORGS}, {"id": "a3"})
    records_file = tmp_path / "records.jsonl"
    records_file.write_text(record("a1", organisations=[org("Oracle")]).model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["evaluate", str(records_file), "--gold", str(tmp_path / "gold"), "--json", str(tmp_path / "report.json")]
    )
    assert result.exit_code == 0, result.output
    assert "organisations" in result.output and "deal.status" in result.output
    assert "gold a3 has no record" in result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["fields"]["organisations"] == {"tp": 1, "fp": 0, "fn": 3, "precision": 1.0, "recall": 0.25, "f1": 0.4}
    assert report["gold_without_record"] == ["a3"]
    assert "a1: organisations: missed 'Walmart'" not in result.output  # only with --errors
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--gold", str(tmp_path / "gold"), "--errors"])
    assert "a1: organisations: missed 'Walmart'" in result.output


def test_cli_refuses_a_missing_gold_folder(tmp_path):
    records_file = tmp_path / "records.jsonl"
    records_file.write_text(record("a1").model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(records_file), "--gold", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "is not a folder" in result.output
