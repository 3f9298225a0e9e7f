"""`depeche serve`: the JSON endpoints, on loopback with an ephemeral port."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request

import pytest
from viewer_fixtures import deal_record, hostile_record, plain_record, serving

from depeche.io.writers import RecordsFileError
from depeche.viewer import model
from depeche.viewer.server import MAX_LIMIT, make_server

RECORDS = [
    deal_record("a-deal", published="2020-11-25"),
    plain_record("a-danone", "Danone rachète une start-up lyonnaise.", "2019-03-02", ("Danone",)),
    hostile_record("a-hostile"),
    plain_record("a-none", "Un article sans rien, sinon une application."),
]


@pytest.fixture(scope="module", params=["records.jsonl", "records.jsonl.gz"])
def served(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / request.param
    lines = "\n".join(r.model_dump_json() for r in RECORDS) + "\n\n"  # a blank line is skipped
    if request.param.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    with serving(path) as server:
        yield server


def get(server, path: str):
    with urllib.request.urlopen(server.url + path, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def get_json(server, path: str):
    status, kind, body = get(server, path)
    assert status == 200 and kind.startswith("application/json")
    return json.loads(body)


def test_listens_on_loopback_only(served):
    host, port = served.server_address[:2]
    assert host == "127.0.0.1" and port > 0
    assert served.url == f"http://127.0.0.1:{port}/"


def test_page_is_the_viewer_in_server_mode(served):
    status, kind, body = get(served, "")
    html = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html")
    assert '<script type="application/json" id="depeche-config">{"mode":"server"}</script>' in html
    assert "depeche-a-0" not in html  # articles come over the API, not in the page


def test_meta(served):
    meta = get_json(served, "api/meta")
    assert meta["count"] == 4 and meta["statuses"] == ["negotiating"]


def test_article_is_the_same_view_as_in_a_report(served):
    for n, record in enumerate(RECORDS):
        assert get_json(served, f"api/article?n={n}") == json.loads(json.dumps(model.article_view(record, n)))


@pytest.mark.parametrize(
    "query, ids",
    [
        ("", ["a-deal", "a-danone", "a-hostile", "a-none"]),
        ("q=danone&field=organisation", ["a-danone"]),
        ("q=DANONE&field=person", []),
        ("q=psaki", ["a-deal"]),
        ("q=application&field=text", ["a-deal", "a-none"]),  # found in the text, read from the file
        ("q=lyonnaise", ["a-danone"]),
        ("deal=1", ["a-deal"]),
        ("deadline=1", ["a-deal"]),
        ("status=negotiating", ["a-deal"]),
        ("status=completed", []),
        ("from=2020-01-01", ["a-deal", "a-hostile"]),
        ("to=2020-01-01", ["a-danone"]),
    ],
)
def test_list_search_and_filters(served, query, ids):
    result = get_json(served, "api/list?" + query)
    assert [e["id"] for e in result["items"]] == ids
    assert result["total"] == len(ids)


def test_list_pages(served):
    page = get_json(served, "api/list?offset=1&limit=2")
    assert [e["n"] for e in page["items"]] == [1, 2] and page["total"] == 4
    assert len(get_json(served, f"api/list?limit={MAX_LIMIT * 10}")["items"]) == 4


def test_overview(served):
    overview = get_json(served, "api/overview")
    assert overview["articles"] == 4
    assert [d["date"] for d in overview["deadlines"]] == ["2020-12-04"]


@pytest.mark.parametrize(
    "path, status",
    [("api/article?n=4", 404), ("api/article?n=-1", 404), ("api/article?n=x", 400), ("api/list?offset=x", 400), ("nope", 404), ("../etc/passwd", 404)],
)
def test_bad_requests(served, path, status):
    with pytest.raises(urllib.error.HTTPError) as caught:
        get(served, path)
    assert caught.value.code == status
    assert "error" in json.loads(caught.value.read())


def test_a_file_that_is_not_records_is_refused(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(deal_record().model_dump_json() + "\n{}\n", encoding="utf-8")
    with pytest.raises(RecordsFileError, match="bad.jsonl:2"):
        make_server(bad, 0)
    with pytest.raises(RecordsFileError, match="no such file"):
        make_server(tmp_path / "absent.jsonl", 0)


def test_many_requests_at_once_are_all_answered(served):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=24) as pool:
        views = list(pool.map(lambda n: get_json(served, f"api/article?n={n % 4}")["id"], range(48)))
    assert views == [RECORDS[n % 4].article.id for n in range(48)]
