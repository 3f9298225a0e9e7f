"""The viewer's search, hits, permalinks and deals table in a real browser (Debian's chromium, Playwright).

Each test runs on the standalone page (`depeche view`) and, where the server takes part, on
`depeche serve`; screenshots go to out/ (viewer-search*.png).
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from contextlib import contextmanager

import pytest
from test_viewer_browser import OUT, Page, browser  # noqa: F401 - `browser` is the module's chromium fixture
from viewer_fixtures import deal_record, plain_record, serving

from depeche.records import Money
from depeche.viewer import model
from depeche.viewer.report import build_report

pytestmark = pytest.mark.browser

BODY_ONLY = (
    "Un titre neutre\n"
    "Le ministre Olivier Véran juge « zygomatique » le cœur de l\u2019accord. Selon VERAN, 3\u202f000 emplois ; véran insiste."
)
# A word only in the body of one article (a-body), with articles that do not hold it before and after it.
SEARCH_RECORDS = [
    plain_record("a-danone", "Danone rachète une start-up lyonnaise.", "2020-01-02", ("Danone",)),
    plain_record("a-body", BODY_ONLY, "2020-01-03", ("Olivier Véran",)),
    plain_record("a-after-1", "Rien à voir : un texte sans le mot cherché.", "2020-01-04"),
    plain_record("a-after-2", "Encore un article qui ne parle de personne.", "2020-01-05"),
    plain_record("a-after-3", "Suez et Veolia, encore et toujours.", "2020-01-06", ("Suez", "Veolia")),
    plain_record("dépêche/2020 #3 & co?", "Un article de Engie au nom compliqué.", "2020-01-07", ("Engie",)),
]


@contextmanager
def viewer(records, mode: str, tmp_path):
    """The viewer's URL for `records`: the standalone page (file) or `depeche serve` (server)."""
    if mode == "file":
        html, _ = build_report(records, title="search")
        path = tmp_path / "report.html"
        path.write_text(html, encoding="utf-8")
        yield path.as_uri()
        return
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    with serving(path) as server:
        yield server.url


def search(page: Page, q: str, field: str = "all") -> list[str]:
    """Type `q`, wait until the list shows it, and return the ids of the articles listed."""
    page.page.select_option("#field", field)
    page.page.fill("#q", q)
    page.page.wait_for_function("(q) => document.querySelector('#list').dataset.q === q", arg=q.strip().lower())
    return [SEARCH_RECORDS[int(n)].article.id for n in page.page.eval_on_selector_all("#list .item", "els => els.map(e => e.dataset.n)")]


def hit_ranges(page: Page) -> list[tuple[int, int]]:
    return page.ranges("#a-text .hit")


def expected_hits(text: str, q: str) -> list[tuple[int, int]]:
    """Where folded `q` is in `text`, in the text's offsets (a character may fold to two: « œ » to « oe »)."""
    joined, owner = "", []
    for i, ch in enumerate(text):  # BMP text only here: code points are UTF-16 offsets
        f = model.fold(ch)
        joined += f
        owner += [i] * len(f)
    fq, out, at = model.fold(q), [], 0
    while (at := joined.find(fq, at)) >= 0:
        out.append((owner[at], owner[at + len(fq) - 1] + 1))
        at += len(fq)
    return out


@pytest.fixture(scope="module", params=["file", "server"])
def search_url(request, tmp_path_factory):
    """SEARCH_RECORDS in the standalone page and in `depeche serve`, made once for the module."""
    with viewer(SEARCH_RECORDS, request.param, tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.mark.parametrize(
    "q, field, ids",
    [
        ("zygomatique", "all", ["a-body"]),  # only in one body: the articles after it are no hits
        ("zygomatique", "text", ["a-body"]),
        ("ZYGOMATIQUE", "all", ["a-body"]),
        ("veran", "text", ["a-body"]),  # folded: « veran » finds « Véran »
        ("VÉRAN", "all", ["a-body"]),
        ("veran", "organisation", ["a-body"]),
        ("coeur", "all", ["a-body"]),
        ("l'accord", "all", ["a-body"]),
        ("3 000", "all", ["a-body"]),
        ("« zygomatique »", "all", ["a-body"]),
        ("lyonnaise", "all", ["a-danone"]),
        ("DEPECHE/2020 #3", "all", ["dépêche/2020 #3 & co?"]),
        ("veolia", "all", ["a-after-3"]),
        ("introuvable", "all", []),
    ],
)
def test_search_lists_exactly_the_articles_that_hold_the_query(browser, search_url, q, field, ids):  # noqa: F811
    page = Page(browser, search_url)
    assert search(page, q, field) == ids
    count = page.page.text_content("#list-count")
    assert count == ("1 article" if len(ids) == 1 else f"{len(ids)} articles")
    assert page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.parametrize("mode", ["file", "server"])
@pytest.mark.parametrize("q", ["veran", "VÉRAN", "zygomatique", "coeur de l'accord", "3 000", "Selon véran"])
def test_hits_are_highlighted_in_the_reader(browser, tmp_path, mode, q):  # noqa: F811
    with viewer(SEARCH_RECORDS, mode, tmp_path) as url:
        page = Page(browser, url)
        assert search(page, q) == ["a-body"]
        page.page.locator("#list .item").first.click()
        page.page.wait_for_selector("#reader-body[data-n='1']")
        hits = expected_hits(BODY_ONLY, q)
        assert hits, q
        page.page.wait_for_function("(n) => document.querySelectorAll('#a-text .hit').length >= n", arg=len(hits))
        assert hit_ranges(page) == hits
        assert [BODY_ONLY[a:b] for a, b in hit_ranges(page)] == [BODY_ONLY[a:b] for a, b in hits]
        assert page.page.text_content("#a-text") == BODY_ONLY  # the marks add no character
        # The first hit is the current one; Enter steps to the next, and wraps round.
        matches = "match" if len(hits) == 1 else "matches"
        assert page.page.text_content("#hits-count") == f"1 of {len(hits)} {matches} for « {q.lower()} »"
        page.page.press("#q", "Enter")
        step = 1 % len(hits)
        assert page.page.text_content("#hits-count") == f"{step + 1} of {len(hits)} {matches} for « {q.lower()} »"
        current = page.page.eval_on_selector_all("#a-text .hit.current", "els => els.map(e => e.dataset.at.split(':').map(Number))")
        assert (current[0][0], current[-1][1]) == hits[step]
        if q == "veran" and mode == "file":
            page.screenshot("viewer-search.png")
        # Clearing the search clears the hits.
        page.page.fill("#q", "")
        page.page.wait_for_function("() => document.querySelectorAll('#a-text .hit').length === 0")
        assert page.page.is_hidden("#a-hits")
        assert page.errors == [] and page.dialogs == []
        page.close()


def test_a_hit_inside_a_highlighted_span_keeps_the_span_clickable(browser, tmp_path):  # noqa: F811
    """« Véran » is an organisation mention here: the hit splits its segment, the record still marks all of it."""
    with viewer(SEARCH_RECORDS, "file", tmp_path) as url:
        page = Page(browser, url)
        search(page, "veran")
        page.page.locator("#list .item").first.click()
        page.page.wait_for_selector("#reader-body[data-n='1'] .seg.hit")
        page.page.locator(".rec").first.click()
        mention = SEARCH_RECORDS[1].organisations[0].mentions[0]
        pairs = page.page.eval_on_selector_all(".seg.marked", "els => els.map(e => e.dataset.at.split(':').map(Number))")
        assert (min(a for a, _ in pairs), max(b for _, b in pairs)) == (mention.start, mention.end)
        assert page.errors == []
        page.close()


def fragment(article_id: str, record_id: str | None = None) -> str:
    """The fragment the page writes: encodeURIComponent of the id (and of the record's)."""
    quote = lambda s: urllib.parse.quote(s, safe="!~*'()")  # noqa: E731 - encodeURIComponent's set
    return "#id=" + quote(article_id) + ("&r=" + quote(record_id) if record_id else "")


@pytest.mark.parametrize("mode", ["file", "server"])
@pytest.mark.parametrize("n", [0, 2, 5])
def test_permalinks_name_the_article_by_id(browser, tmp_path, mode, n):  # noqa: F811
    records = SEARCH_RECORDS + [deal_record("deal #1/é")]
    with viewer(records, mode, tmp_path) as url:
        page = Page(browser, url)
        page.page.locator(f"#list .item[data-n='{n}']").click()
        page.page.wait_for_selector(f"#reader-body[data-n='{n}']")
        article_id = records[n].article.id
        assert page.page.evaluate("() => location.hash") == fragment(article_id)
        link = page.page.evaluate("() => location.href")
        page.close()

        # The link opens that article in a fresh page, whatever the list shows first.
        page = Page(browser, link)
        page.page.wait_for_selector(f"#reader-body[data-n='{n}']")
        assert page.page.locator(".item.active").get_attribute("data-n") == str(n)
        assert page.page.is_hidden("#notice")
        assert page.errors == [] and page.dialogs == []
        page.close()


@pytest.mark.parametrize("mode", ["file", "server"])
def test_a_permalink_names_the_selected_record_too(browser, tmp_path, mode):  # noqa: F811
    records = SEARCH_RECORDS + [deal_record("deal #1/é")]
    with viewer(records, mode, tmp_path) as url:
        page = Page(browser, url + fragment("deal #1/é"))
        page.page.wait_for_selector("#reader-body[data-n='6']")
        page.page.locator(".rec", has=page.page.locator(".status")).first.click()
        assert page.page.evaluate("() => location.hash") == fragment("deal #1/é", "deal1")
        link = page.page.evaluate("() => location.href")
        page.close()
        page = Page(browser, link)
        page.page.wait_for_selector("#reader-body[data-n='6'] .seg.marked")
        assert page.page.locator(".rec.active .status").text_content() == "negotiating"
        assert page.errors == [] and page.dialogs == []
        page.close()


@pytest.mark.parametrize("mode", ["file", "server"])
def test_old_row_links_still_open_their_article_and_become_id_links(browser, tmp_path, mode):  # noqa: F811
    with viewer(SEARCH_RECORDS, mode, tmp_path) as url:
        page = Page(browser, url + "#a=5")
        page.page.wait_for_selector("#reader-body[data-n='5']")
        assert page.page.evaluate("() => location.hash") == fragment(SEARCH_RECORDS[5].article.id)
        assert page.errors == []
        page.close()


@pytest.mark.parametrize("mode", ["file", "server"])
@pytest.mark.parametrize(
    "hash, message",
    [
        ("#id=nope", "No article with id « nope » in this file."),
        ("#id=" + urllib.parse.quote("a-body "), "No article with id « a-body  » in this file."),
        ("#a=99", "No article number 99 in this file (it has 6)."),
    ],
)
def test_a_link_to_nothing_says_so_and_opens_the_first_article(browser, tmp_path, mode, hash, message):  # noqa: F811
    with viewer(SEARCH_RECORDS, mode, tmp_path) as url:
        page = Page(browser, url + hash)
        page.page.wait_for_selector("#reader-body[data-n='0']")
        assert page.page.text_content("#notice") == message
        page.page.locator("#list .item[data-n='2']").click()  # the notice goes once another article is chosen
        page.page.wait_for_selector("#reader-body[data-n='2']")
        assert page.page.is_hidden("#notice")
        assert page.errors == [] and page.dialogs == []
        page.close()


@pytest.mark.parametrize("mode", ["file", "server"])
def test_a_new_fragment_in_the_same_page_opens_its_article(browser, tmp_path, mode):  # noqa: F811
    with viewer(SEARCH_RECORDS, mode, tmp_path) as url:
        page = Page(browser, url)
        page.page.wait_for_selector("#reader-body[data-n='0']")
        page.page.evaluate("(h) => { location.hash = h; }", fragment(SEARCH_RECORDS[4].article.id))
        page.page.wait_for_selector("#reader-body[data-n='4']")
        assert page.errors == []
        page.close()


def deal_variant(article_id: str, published: str, title: str, status: str, amount: float | None, currency: str = "EUR"):
    record = deal_record(article_id, published=published, title=title)
    deal = record.deals[0]
    money = None if amount is None else Money(value=amount, currency=currency, span=deal.amount.span)
    return record.model_copy(update={"deals": [deal.model_copy(update={"status": status, "amount": money})]})


DEALS = [
    deal_variant("d-a", "2021-03-01", "Zèbre, « le » rachat", "agreed", 44e9, "USD"),
    deal_variant("d-b", "2020-01-15", "=HYPERLINK(\"http://x\")", "rumoured", None),
    deal_variant("d-c", "2022-07-30", "Alpha\nsur deux lignes", "agreed", 3.2e8),
    deal_variant("d-d", "2019-11-02", "Élan", "completed", 2.5e9),
    deal_variant("d-e", "2020-06-06", "beta", "negotiating", 9e9),
]
STATUS_ORDER = ["rumoured", "proposed", "negotiating", "agreed", "pending", "approved", "completed", "suspended", "blocked", "abandoned"]


def deals_card(page: Page):
    return page.page.locator("#view-overview .card", has=page.page.locator("text='Deals'")).first


def table_ids(page: Page) -> list[str]:
    """The deals table's rows, as the article id of each (its title names it)."""
    titles = [t.strip() for t in deals_card(page).locator("tbody tr td:nth-child(6)").all_text_contents()]
    by_title = {r.article.title.replace("\n", " "): r.article.id for r in DEALS}
    return [by_title[" ".join(t.split())] for t in titles]


def sort_key(column: str):
    return {
        "published": lambda r: r.article.published.isoformat(),
        "amount": lambda r: r.deals[0].amount.value if r.deals[0].amount else None,
        "status": lambda r: STATUS_ORDER.index(r.deals[0].status),
        "article": lambda r: r.article.title.casefold(),
        "kind": lambda r: r.deals[0].kind,
    }[column]


def expected_order(column: str, reverse: bool, records=DEALS) -> list[str]:
    """Sorted as the page does: nulls last either way, ties in the table's first order (by publication)."""
    first = sorted(records, key=lambda r: r.article.published)
    key = sort_key(column)
    present = [r for r in first if key(r) is not None]
    if column == "article":  # French collation: « Élan » sorts with the e's, as localeCompare("fr") does
        present.sort(key=lambda r: model.fold(r.article.title), reverse=reverse)
    else:
        present.sort(key=key, reverse=reverse)
    if reverse:  # stable ties keep their first order, reversed sorting or not
        groups: dict = {}
        for r in present:
            groups.setdefault(key(r) if column != "article" else model.fold(r.article.title), []).append(r)
        present = [r for g in groups.values() for r in sorted(g, key=first.index)]
    return [r.article.id for r in present + [r for r in first if key(r) is None]]


@pytest.fixture
def deals_page(browser, tmp_path):  # noqa: F811
    html, _ = build_report(DEALS, title="deals")
    path = tmp_path / "deals.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    page.page.click("#tab-overview")
    page.page.wait_for_selector("#view-overview table.deals")
    yield page
    assert page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.parametrize("column", ["published", "amount", "status", "article", "kind"])
def test_a_header_click_sorts_the_deals_table_and_a_second_reverses_it(deals_page, column):
    page = deals_page
    assert table_ids(page) == expected_order("published", False)  # by publication until a header is clicked
    header = deals_card(page).locator("th", has=page.page.locator(f"button:text-is('{column}')"))
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert table_ids(page) == expected_order(column, False)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert table_ids(page) == expected_order(column, True)
    assert deals_card(page).locator("th[aria-sort]").count() == 1


def test_sorting_by_amount_is_numeric_with_missing_amounts_last(deals_page):
    page = deals_page
    deals_card(page).locator("th button:text-is('amount')").click()
    assert table_ids(page) == ["d-c", "d-d", "d-e", "d-a", "d-b"]  # 320 M < 2,5 Md < 9 Md < 44 Md, none last
    deals_card(page).locator("th button:text-is('amount')").click()
    assert table_ids(page) == ["d-a", "d-e", "d-d", "d-c", "d-b"]
    OUT.mkdir(exist_ok=True)
    deals_card(page).screenshot(path=str(OUT / "viewer-search-deals-sorted.png"))


def read_download(page: Page) -> tuple[str, list[dict]]:
    with page.page.expect_download() as caught:
        deals_card(page).locator("#deals-csv").click()
    download = caught.value
    text = open(download.path(), encoding="utf-8", newline="").read()
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "status, column, clicks",
    [(None, None, 0), (None, "amount", 2), ("agreed", None, 0), ("agreed", "published", 2), (None, "article", 1)],
)
def test_the_csv_download_is_the_table_as_shown(deals_page, status, column, clicks):
    page = deals_page
    card = deals_card(page)
    if status:
        card.locator(".status-chips .status", has_text=status).click()
    for _ in range(clicks):
        card.locator(f"th button:text-is('{column}')").click()
    shown = table_ids(page)
    name, rows = read_download(page)
    assert name == "deals.csv"
    assert [r["article_id"] for r in rows] == shown
    assert all(r["deal_id"] == "deal1" for r in rows)
    by_id = {r.article.id: r for r in DEALS}
    expected = [r.article.id for r in sorted(DEALS, key=lambda r: r.article.published) if not status or r.deals[0].status == status]
    assert sorted(shown) == sorted(expected)
    for row in rows:
        record = by_id[row["article_id"]]
        deal = record.deals[0]
        assert row["published"] == record.article.published.isoformat()
        assert row["status"] == deal.status and row["kind"] == deal.kind
        assert row["parties"] == "; ".join(f"{p.role}: {p.name}" for p in deal.parties)
        assert row["amount_value"] == ("" if deal.amount is None else str(int(deal.amount.value)))  # JS writes 44e9 whole
        assert row["amount_currency"] == ("" if deal.amount is None else deal.amount.currency)
        assert row["stake_percent"] == "20"
        title = record.article.title
        assert row["title"] == ("'" + title if title.startswith("=") else title)  # never run as a formula


def test_the_csv_has_the_header_an_analyst_reads(deals_page):
    _, rows = read_download(deals_page)
    assert list(rows[0]) == [
        "article_id", "deal_id", "published", "kind", "status", "parties", "amount", "amount_value", "amount_currency", "stake_percent", "title",
    ]  # fmt: skip
