"""aggregate.track_deals: the same transaction across articles, with its timeline; the `deals` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from depeche.aggregate import name_key, track_deals
from depeche.cli import app
from depeche.records import Article, ArticleRecord, Deal, DealParty, Organisation, Span

TEXT = "ByteDance vend TikTok à Oracle et Walmart. Walmart et Microsoft avaient tenté de racheter TikTok."


def _span(text: str, name: str) -> Span:
    start = text.index(name)
    return Span.at(text, start, start + len(name))


def _record(article_id: str, published: str, deals: list[tuple[str, str, list[tuple[str, str]]]], *, aliases=None) -> ArticleRecord:
    """A record of TEXT whose deals are (kind, status, [(role, name)])."""
    names = {name for _, _, parties in deals for _, name in parties}
    orgs = [
        Organisation(id=name_key(n), name=n, aliases=(aliases or {}).get(n, []), mentions=[_span(TEXT, n)]) for n in sorted(names)
    ]
    made = []
    for i, (kind, status, parties) in enumerate(deals, start=1):
        made.append(
            Deal(
                id=f"deal{i}",
                kind=kind,
                status=status,
                parties=[DealParty(role=r, name=n, ref=name_key(n), span=_span(TEXT, n)) for r, n in parties],
                evidence=[Span.at(TEXT, 0, 42)],
            )
        )
    return ArticleRecord(article=Article(id=article_id, published=published, text=TEXT), organisations=orgs, deals=made)


SALE = [("seller", "ByteDance"), ("target", "TikTok"), ("buyer", "Oracle"), ("buyer", "Walmart")]
ATTEMPT = [("buyer", "Walmart"), ("buyer", "Microsoft"), ("target", "TikTok")]


def test_same_transaction_in_two_articles_is_one_deal_in_date_order():
    later = _record("b", "2021-02-11", [("acquisition", "suspended", SALE)])
    earlier = _record("a", "2020-11-25", [("acquisition", "negotiating", SALE), ("acquisition", "abandoned", ATTEMPT)])
    tracked = track_deals([later, earlier])
    sale = next(t for t in tracked if len(t.timeline) == 2)
    assert [(s.article, s.published.isoformat(), s.status) for s in sale.timeline] == [
        ("a", "2020-11-25", "negotiating"),
        ("b", "2021-02-11", "suspended"),
    ]
    assert sale.status == "suspended"
    assert {(p.role, p.name) for p in sale.parties} == set(SALE)
    (attempt,) = [t for t in tracked if t is not sale]
    assert [(s.article, s.status) for s in attempt.timeline] == [("a", "abandoned")]


def test_two_deals_of_one_article_stay_apart_even_when_alike():
    record = _record("a", "2020-11-25", [("acquisition", "negotiating", SALE), ("acquisition", "proposed", SALE)])
    assert len(track_deals([record])) == 2


@pytest.mark.parametrize(
    ("kind_b", "parties_b", "merged"),
    [
        ("acquisition", SALE, True),
        ("merger", SALE, False),  # another kind
        ("acquisition", [("buyer", "Microsoft"), ("target", "ByteDance")], False),  # other parties and target
    ],
)
def test_merge_needs_same_kind_and_parties(kind_b, parties_b, merged):
    a = _record("a", "2020-11-25", [("acquisition", "negotiating", SALE)])
    b = _record("b", "2021-02-11", [(kind_b, "suspended", parties_b)])
    assert (len(track_deals([a, b])) == 1) is merged


def test_names_compared_through_aliases_and_spelling():
    assert name_key("Wallmart") == name_key("walmart") == name_key("WALMART")
    a = _record("a", "2020-11-25", [("acquisition", "negotiating", SALE)])
    b = _record("b", "2021-02-11", [("acquisition", "suspended", SALE)], aliases={"ByteDance": ["Bytedance Ltd"]})
    (tracked,) = track_deals([a, b])
    assert len(tracked.timeline) == 2


def test_deals_command_prints_a_table_and_writes_json(tmp_path):
    records = tmp_path / "records.jsonl"
    lines = [
        _record("a", "2020-11-25", [("acquisition", "negotiating", SALE)]),
        _record("b", "2021-02-11", [("acquisition", "suspended", SALE)]),
    ]
    records.write_text("".join(r.model_dump_json() + "\n" for r in lines), encoding="utf-8")
    out = tmp_path / "tracked.json"
    result = CliRunner().invoke(app, ["deals", str(records), "--json", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "negotiating" in result.output and "suspended" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["status"] for s in data[0]["timeline"]] == ["negotiating", "suspended"]
    assert data[0]["first_seen"] == "2020-11-25"


def test_deals_command_on_a_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["deals", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
