"""The viewer's search, folded for case and accents, and its permalinks by id, in Python and `depeche serve`."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from viewer_fixtures import deal_record, plain_record, serving

from depeche.records import Money
from depeche.viewer import model


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Véran", "veran"),
        ("VÉRAN", "veran"),
        ("Ve\u0301ran", "veran"),  # a decomposed é
        ("cœur Œuvre", "coeur oeuvre"),
        ("Lætitia", "laetitia"),
        ("Straße", "strasse"),
        ("l\u2019accord", "l'accord"),
        ("3\u202f000\u00a0€", "3 000 €"),
        ("ÇA GARÇON", "ca garcon"),
        ("ΟΔΟΣ", "οδοσ"),  # the final sigma folds as any sigma
        ("İstanbul", "istanbul"),
        ("Zoé 🚀", "zoe 🚀"),
    ],
)
def test_fold_drops_case_and_accents(text, folded):
    assert model.fold(text) == folded


TRICKY = "aeAEoOsScCiIkK '\"\\éÉèêëàçÇœŒæÆßẞ\u2019\u2018\u02bc\u00a0\u202f\u2009\u2007\u0301\u0327İΣσς«»€🚀Ｋ\u212a\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=24), st.data())
def test_an_ascii_query_in_the_folded_text_is_in_its_ascii_skeleton(text, data):
    """What lets the server skip `fold` on most lines: the skeleton never misses an ASCII match."""
    folded = model.fold(text)
    if not folded:
        return
    start = data.draw(st.integers(0, len(folded) - 1))
    q = folded[start : data.draw(st.integers(start + 1, len(folded)))]
    if q.isascii():
        assert q.encode("ascii") in model.ascii_skeleton(text)


@pytest.mark.parametrize(
    "text, q",
    [("Olivier Véran", "veran"), ("CŒUR", "coeur"), ("l\u2019accord", "l'accord"), ("3\u202f000", "3 000"), ("STRAẞE", "strasse"), ("Ve\u0301ran", "veran")],
)
def test_ascii_skeleton_holds_the_folded_query(text, q):
    assert q in model.fold(text) and q.encode() in model.ascii_skeleton(text)


ENTRY = model.index_entry(
    plain_record("a-veran", "Le ministre Olivier Véran parle.\nLe cœur de l\u2019accord est ailleurs.", orgs=("Véran",)), 0
)


@pytest.mark.parametrize(
    "q, field, text, expected",
    [
        ("veran", "organisation", None, True),
        ("VERAN", "organisation", None, True),
        ("véran", "all", None, True),
        ("veran", "person", None, False),
        ("coeur", "text", None, False),  # only in the body: needs the text
        ("coeur", "text", ENTRY["title"] + "\nLe cœur de l\u2019accord", True),
        ("l'accord", "all", "Le cœur de l\u2019accord", True),
        ("LE CŒUR", "text", "Le cœur", True),
        ("coeur", "organisation", "Le cœur", False),
        ("a-veran", "text", None, True),  # the id
        ("ministre olivier", "text", None, True),  # the title (first line)
    ],
)
def test_matches_folds_the_query_and_every_field(q, field, text, expected):
    filters = model.parse_filters({"q": q, "field": field})
    assert model.matches(ENTRY, filters, text) is expected
    assert model.matches(ENTRY, filters, text, model.search_keys(ENTRY)) is expected


def test_parse_filters_folds_the_query():
    assert model.parse_filters({"q": "  Véran  "})["q"] == "veran"


def test_overview_deals_carry_the_values_a_table_sorts_and_exports():
    record = deal_record("x")
    overview = model.Overview()
    overview.add(record, 0)
    (deal,) = overview.result()["deals"]
    assert deal["id"] == "x" and deal["rid"] == "deal1"
    assert deal["amount_value"] == 2.5e9 and deal["amount_currency"] == "USD" and deal["stake_percent"] == 20.0
    bare = record.model_copy(update={"deals": [record.deals[0].model_copy(update={"amount": None, "stake": None})]})
    overview.add(bare, 1)
    assert [(d["amount_value"], d["amount_currency"], d["stake_percent"]) for d in overview.result()["deals"]][1] == (None, None, None)


BODY_ONLY = "Un titre neutre\nLe ministre Olivier Véran juge « zygomatique » le cœur de l\u2019accord, 3\u202f000 emplois."
RECORDS = [
    plain_record("a-danone", "Danone rachète une start-up lyonnaise.", "2020-01-02", ("Danone",)),
    plain_record("a-body", BODY_ONLY, "2020-01-03"),
    plain_record("a-after-1", "Rien à voir : un texte sans le mot cherché.", "2020-01-04"),
    plain_record("a-after-2", "Encore un article qui ne parle de personne.", "2020-01-05"),
    plain_record("dépêche/2020 #3 & co?", "Un article de Suez au nom compliqué.", "2020-01-06", ("Suez",)),
]


def write_records(path, records, *, ensure_ascii: bool) -> None:
    """Records as JSONL; with `ensure_ascii`, every non-ASCII character of a line is a \\u escape."""
    lines = [json.dumps(json.loads(r.model_dump_json()), ensure_ascii=ensure_ascii) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module", params=[False, True], ids=["utf-8", "ascii-escaped"])
def served(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "records.jsonl"
    write_records(path, RECORDS, ensure_ascii=request.param)
    with serving(path) as server:
        yield server


def get(server, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.mark.parametrize(
    "q, field, ids",
    [
        ("zygomatique", "all", ["a-body"]),  # only in one body, with articles after it that do not hold it
        ("zygomatique", "text", ["a-body"]),
        ("ZYGOMATIQUE", "all", ["a-body"]),
        ("veran", "all", ["a-body"]),
        ("VÉRAN", "text", ["a-body"]),
        ("coeur", "all", ["a-body"]),
        ("l'accord", "all", ["a-body"]),  # a typewriter apostrophe finds a typographic one
        ("3 000", "all", ["a-body"]),  # a space finds a narrow no-break space
        ("« zygomatique »", "all", ["a-body"]),
        ('"zygomatique"', "all", []),  # a quote, escaped in JSON: looked for in the parsed text
        ("zygomatique", "organisation", []),
        ("danone", "all", ["a-danone"]),
        ("lyonnaise", "text", ["a-danone"]),
        ("DEPECHE/2020", "all", ["dépêche/2020 #3 & co?"]),  # the id, folded
        ("mot cherche", "all", ["a-after-1"]),
    ],
)
def test_served_search_is_folded(served, q, field, ids):
    status, result = get(served, "api/list?" + urllib.parse.urlencode({"q": q, "field": field}))
    assert status == 200
    assert [e["id"] for e in result["items"]] == ids
    assert result["total"] == len(ids)


@pytest.mark.parametrize("n", range(len(RECORDS)))
def test_served_find_gives_the_number_of_an_id(served, n):
    article_id = RECORDS[n].article.id
    assert get(served, "api/find?" + urllib.parse.urlencode({"id": article_id})) == (200, {"n": n})


@pytest.mark.parametrize("query", ["id=nope", "id=a-body%20", "id=A-BODY", "id=", ""])
def test_served_find_of_an_unknown_id_is_null(served, query):
    assert get(served, "api/find?" + query) == (200, {"n": None})


def test_served_find_takes_the_first_of_duplicate_ids(tmp_path):
    path = tmp_path / "dup.jsonl"
    write_records(path, [plain_record("same", "Premier."), plain_record("same", "Second.")], ensure_ascii=False)
    with serving(path) as server:
        assert get(server, "api/find?id=same") == (200, {"n": 0})


def test_served_overview_deals_have_sort_and_export_fields(tmp_path):
    record = deal_record("d")
    record = record.model_copy(
        update={"deals": [record.deals[0].model_copy(update={"amount": Money(value=7e8, currency="EUR", span=record.deals[0].amount.span)})]}
    )
    path = tmp_path / "deals.jsonl"
    write_records(path, [record], ensure_ascii=False)
    with serving(path) as server:
        status, overview = get(server, "api/overview")
        assert status == 200
        (deal,) = overview["deals"]
        assert (deal["id"], deal["rid"], deal["amount_value"], deal["amount_currency"]) == ("d", "deal1", 7e8, "EUR")
