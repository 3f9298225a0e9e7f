"""The viewer's data (views, index, overview) and the self-contained report, without a browser."""

from __future__ import annotations

import gzip
import json
import re
import sys

import pytest
from typer.testing import CliRunner
from viewer_fixtures import DEAL_TEXT, HOSTILE_TEXT, deal_record, hostile_record, plain_record

from depeche.cli import app
from depeche.viewer import build_report, model, write_report
from depeche.viewer.report import json_block, script_json


def blocks(html: str) -> dict[str, object]:
    """The JSON blocks of a page, by id."""
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, flags=re.S)
    return {ident: json.loads(body) for ident, body in found}


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "<!-- <script>", "a\u2028b\u2029c", "&lt;b&gt; & <b>", "</SCRIPT >", "]]>"],
)
def test_script_json_cannot_end_its_block(value):
    out = script_json({"text": value})
    assert "<" not in out and ">" not in out and "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"text": value}


def test_json_block_round_trips_text_that_tries_to_close_it():
    html = json_block("x", {"t": HOSTILE_TEXT})
    assert html.count("</script>") == 1
    assert blocks(html) == {"x": {"t": HOSTILE_TEXT}}


def test_report_keeps_hostile_text_inside_its_data_blocks():
    html, counts = build_report([hostile_record(), deal_record()], title="<b>t</b>")
    assert counts == {"articles": 2, "spans": counts["spans"], "tracked": counts["tracked"]}
    # One config block, one index block, one block per article, and the viewer's own script: nothing else.
    assert html.count("<script") == 2 + 2 + 1
    for raw in ("<script>window.__pwned", "<img src=x", "<svg onload", "</textarea>", "<b onmouseover"):
        assert raw not in html  # only ever present \u003c-escaped, inside JSON strings
    assert "<title>&lt;b&gt;t&lt;/b&gt;</title>" in html
    data = blocks(html)
    assert data["depeche-a-0"]["text"] == HOSTILE_TEXT
    assert data["depeche-config"] == {"mode": "file"}


def test_report_is_self_contained():
    html, _ = build_report([deal_record()])
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html.split('id="depeche-config"')[0])
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "{{" not in html.split('id="depeche-config"')[0]  # every template marker replaced


def test_every_span_of_a_view_is_the_text_at_its_offsets():
    record = deal_record()
    view = model.article_view(record, 3)
    assert view["n"] == 3 and view["text"] == DEAL_TEXT
    for start, end, kind, rec, _note, _provenance in view["spans"]:
        assert kind in model.KINDS
        assert 0 <= rec < len(view["records"])
        assert 0 <= start < end <= len(DEAL_TEXT)
    for i, rec in enumerate(view["records"]):
        assert rec["kind"] in model.RECORD_KINDS
        assert all(view["spans"][s][3] == i for s in rec["spans"])


def test_a_full_record_uses_every_kind_of_span():
    view = model.article_view(deal_record(), 0)
    assert {s[2] for s in view["spans"]} == set(model.KINDS)
    assert [r["kind"] for r in view["records"]] == ["deal", "deadline"] + ["organisation"] * 7 + ["person", "date"]


@pytest.mark.parametrize(
    "kind, label, texts",
    [
        ("organisation", "Oracle", ["Oracle", "Oracle"]),
        ("person", "Jen Psaki", ["Jen Psaki", "porte-parole de la Maison Blanche"]),
        ("date", "2020-12-04", ["4 décembre"]),
        ("deadline", "2020-12-04", ["4 décembre", "céder", None]),
    ],
)
def test_a_record_points_at_its_evidence(kind, label, texts):
    view = model.article_view(deal_record(), 0)
    rec = next(r for r in view["records"] if r["kind"] == kind and r["label"] == label)
    found = [DEAL_TEXT[view["spans"][s][0] : view["spans"][s][1]] for s in rec["spans"]]
    assert len(found) == len(texts)
    assert all(t is None or f == t for f, t in zip(found, texts))


def test_deal_record_lists_its_terms():
    view = model.article_view(deal_record(), 0)
    deal = view["records"][0]
    assert deal["label"] == "stake: Oracle · TikTok · ByteDance" and deal["sub"] == "negotiating"
    fields = dict((k, v) for k, v in deal["fields"] if k not in ("condition",))
    assert fields["buyer"] == "Oracle" and fields["amount"] == "2,5 Md USD" and fields["stake"] == "20 %"
    assert fields["deadline"] == "2020-12-04" and fields["reported by"] == "Reuters"


def test_title_falls_back_to_the_first_line():
    record = plain_record("x", "Première ligne de l'article\nla suite")
    assert model.index_entry(record, 0)["title"] == "Première ligne de l'article"


ENTRY = model.index_entry(deal_record(), 0)


@pytest.mark.parametrize(
    "filters, text, expected",
    [
        ({}, None, True),
        ({"q": "oracle", "field": "organisation"}, None, True),
        ({"q": "oracle", "field": "person"}, None, False),
        ({"q": "psaki", "field": "person"}, None, True),
        ({"q": "psaki", "field": "all"}, None, True),
        ({"q": "application", "field": "text"}, None, False),
        ({"q": "application", "field": "text"}, DEAL_TEXT, True),
        ({"q": "application", "field": "organisation"}, DEAL_TEXT, False),
        ({"q": "et tiktok", "field": "text"}, None, True),  # the title
        ({"deal": True}, None, True),
        ({"deadline": True}, None, True),
        ({"status": "negotiating"}, None, True),
        ({"status": "completed"}, None, False),
        ({"from": "2020-11-25", "to": "2020-11-25"}, None, True),
        ({"from": "2020-11-26"}, None, False),
        ({"to": "2020-11-24"}, None, False),
    ],
)
def test_list_filters(filters, text, expected):
    assert model.matches(ENTRY, {"q": "", "field": "all", **filters}, text) is expected


@pytest.mark.parametrize("flag", ["deal", "deadline"])
def test_has_filters_drop_articles_without(flag):
    entry = model.index_entry(plain_record("x", "Rien ici chez Danone.", orgs=("Danone",)), 0)
    assert not model.matches(entry, {"q": "", flag: True})


def test_articles_without_a_date_drop_out_of_a_date_range():
    entry = model.index_entry(plain_record("x", "Sans date."), 0)
    assert not model.matches(entry, {"q": "", "from": "2000-01-01"})


def test_overview_counts_articles_and_orders_deadlines_by_date():
    overview = model.Overview()
    records = [
        deal_record("a", published="2021-01-05"),
        deal_record("b", published="2020-06-01"),
        plain_record("c", "Oracle seul.", "2020-01-01", ("Oracle",)),
    ]
    for n, record in enumerate(records):
        overview.add(record, n)
    result = overview.result()
    assert result["articles"] == 3 and result["period"] == ["2020-01-01", "2021-01-05"]
    assert result["organisations"][0] == ["Oracle", 3, "company"]  # by article, not by mention
    assert [d["date"] for d in result["deadlines"]] == ["2020-12-04", "2021-12-04"]
    assert [d["n"] for d in result["deals"]] == [1, 0]  # in order of publication
    assert result["statuses"] == {"negotiating": 2}
    assert result["tracked"] is None


def test_tracked_deals_across_articles():
    pytest.importorskip("depeche.aggregate", reason="depeche.aggregate (track_deals) is not there")
    records = [
        deal_record("later", published="2020-11-25", title="Later"),
        plain_record("nothing", "Rien.", "2020-10-01"),
        deal_record("earlier", published="2020-09-14", title="Earlier"),
    ]
    html, counts = build_report(records)
    assert counts["tracked"] is True
    tracked = blocks(html)["depeche-index"]["overview"]["tracked"]
    assert len(tracked) == 1
    deal = tracked[0]
    assert deal["kind"] == "stake" and ["buyer", "Oracle"] in deal["parties"]
    assert (deal["first_seen"], deal["last_seen"]) == ("2020-09-14", "2020-11-25")
    assert [(e["date"], e["n"], e["deal"], e["title"]) for e in deal["events"]] == [
        ("2020-09-14", 2, "deal1", "Earlier"),
        ("2020-11-25", 0, "deal1", "Later"),
    ]


def test_a_deal_seen_once_is_not_a_tracked_deal():
    pytest.importorskip("depeche.aggregate", reason="depeche.aggregate (track_deals) is not there")
    html, _ = build_report([deal_record()])
    assert blocks(html)["depeche-index"]["overview"]["tracked"] == []


def test_no_tracked_block_without_the_aggregate_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "depeche.aggregate", None)  # import raises ImportError
    html, counts = build_report([deal_record()])
    assert counts["tracked"] is False
    assert blocks(html)["depeche-index"]["overview"]["tracked"] is None


@pytest.mark.parametrize("name", ["records.jsonl", "records.jsonl.gz"])
def test_view_command_writes_the_report(tmp_path, name):
    path = tmp_path / name
    lines = "".join(r.model_dump_json() + "\n" for r in (deal_record(), hostile_record()))
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    out = tmp_path / "r" / "report.html"
    result = CliRunner().invoke(app, ["view", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output
    data = blocks(out.read_text(encoding="utf-8"))
    assert data["depeche-index"]["meta"] == {"title": name, "count": 2, "statuses": ["negotiating"]}
    assert [e["id"] for e in data["depeche-index"]["index"]] == ["a-deal", hostile_record().article.id]


def test_view_command_reports_a_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"not": "a record"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["view", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output


def test_write_report_summary(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(deal_record().model_dump_json() + "\n", encoding="utf-8")
    summary = write_report(path, tmp_path / "r.html", title="T")
    assert summary.articles == 1 and summary.spans == len(model.article_view(deal_record(), 0)["spans"])
    assert summary.size == (tmp_path / "r.html").stat().st_size


@pytest.mark.parametrize("text", ["Danone 🚀 rachète 🇫🇷 Alpro.", "𝔄 Alpro et Danone", "Danone et Alpro 😀"])
def test_view_offsets_count_as_javascript_does(text):
    record = plain_record("x", text, orgs=("Danone", "Alpro"))
    units = text.encode("utf-16-le")
    view = model.article_view(record, 0)
    shown = [units[2 * start : 2 * end].decode("utf-16-le") for start, end, *_ in view["spans"]]
    assert shown == ["Danone", "Alpro"]


@pytest.mark.parametrize(
    ("confidence", "via", "expected"),
    [
        (0.934, ["dates.pattern:day_month"], "confidence 0.93 · via dates.pattern:day_month"),
        (None, ["a", "b"], "via a, b"),
        (1.0, [], "confidence 1.00"),
        (None, [], ""),
    ],
)
def test_each_span_carries_its_items_confidence_and_via(confidence, via, expected):
    record = deal_record()
    dates = [d.model_copy(update={"confidence": confidence, "via": via}) for d in record.dates]
    view = model.article_view(record.model_copy(update={"dates": dates}), 0)
    shown = [s[5] for s in view["spans"] if s[2] == "date"]
    assert shown and all(x == expected for x in shown)


def test_a_deal_trigger_shows_the_deal_and_its_status_provenance():
    record = deal_record()
    deal = record.deals[0].model_copy(update={"confidence": 0.8, "via": ["deals.trigger:rachat"], "status_confidence": 0.6,
                                              "status_via": ["deals.status:cue"]})
    view = model.article_view(record.model_copy(update={"deals": [deal]}), 0)
    trigger = next(s for s in view["spans"] if s[2] == "trigger" and view["records"][s[3]]["kind"] == "deal")
    assert trigger[5] == "confidence 0.80 · via deals.trigger:rachat · status confidence 0.60 · via deals.status:cue"
