"""The viewer in a real browser: Debian's chromium driven by Playwright (marked `browser`).

Each test saves a screenshot of what it checked under out/ (viewer-*.png).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from viewer_fixtures import HOSTILE_TEXT, deal_record, hostile_record, plain_record, serving

from depeche.viewer.report import build_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
# Predicates are functions: a bare expression would be eval'd in the page, which its CSP forbids.
READY = "() => document.body.dataset.ready === '1'"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        print(f"\n{CHROMIUM} is absent: the browser tests skip (`make test` installs Debian's chromium when run as root)")
        pytest.skip(f"{CHROMIUM} is absent (install Debian's chromium: apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Page:
    """A fresh page that records console errors, uncaught exceptions and dialogs."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1440, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(url)
        self.page.wait_for_function(READY, timeout=20_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def marked_ranges(self) -> list[tuple[int, int]]:
        """The character ranges of the text currently marked, merged."""
        return self.ranges(".seg.marked")

    def ranges(self, selector: str) -> list[tuple[int, int]]:
        """The character ranges (`data-at="start:end"`) of the elements `selector` finds, adjacent ones merged."""
        pairs = self.page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.at.split(':').map(Number))")
        merged: list[list[int]] = []
        for start, end in sorted(pairs):
            if merged and merged[-1][1] == start:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        return [tuple(m) for m in merged]

    def screenshot(self, name: str) -> None:
        OUT.mkdir(exist_ok=True)
        self.page.screenshot(path=str(OUT / name))

    def close(self) -> None:
        self.page.close()


def merged(spans) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted((s.start, s.end) for s in spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [tuple(m) for m in out]


def deal_spans(deal) -> list:
    """Every span of a deal, as the viewer marks them when its record is clicked."""
    spans = [deal.trigger, *deal.evidence]
    spans += [x.span for x in (deal.asset, deal.amount, deal.price_per_share, deal.stake, deal.reported_by) if x]
    spans += [p.span for p in deal.parties] + [c.span for c in deal.conditions] + [e.span for e in deal.new_entities]
    return [s for s in spans if s is not None and s.end > s.start]


@pytest.fixture(scope="module")
def corpus_records(depeche_extractor):
    """The articles written for corpus/ (dev) through the real pipeline, and a record with every field filled in."""
    from depeche.io.readers import read
    from depeche.records import Article

    articles = [
        a for a in read([ROOT / "corpus" / "dev" / "articles"]) if isinstance(a, Article) and not a.source.startswith("actu.orange.fr")
    ]
    assert articles, "corpus/dev/articles holds no written article"
    return list(depeche_extractor.extract_many(articles)) + [deal_record()]


@pytest.fixture(scope="module")
def corpus_report(corpus_records, tmp_path_factory):
    html, _ = build_report(corpus_records, title="corpus")
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def search_and_click(page: Page, organisation: str, article_title: str) -> None:
    page.page.select_option("#field", "organisation")
    page.page.fill("#q", organisation)
    # The list says which query it shows: wait until it is this one, then open the article.
    page.page.wait_for_function("(q) => document.querySelector('#list').dataset.q === q", arg=organisation.lower())
    item = page.page.locator("#list .item", has=page.page.locator(".item-title", has_text=article_title)).first
    n = item.get_attribute("data-n")
    item.click()
    page.page.wait_for_selector(f"#reader-body[data-n='{n}']")
    label = page.page.locator(".rec-label").filter(has_text=re.compile("^" + re.escape(organisation) + "$"))
    page.page.locator(".rec", has=label).first.click()


@pytest.mark.model
def test_corpus_report_search_click_overview(browser, corpus_records, corpus_report):
    page = Page(browser, corpus_report.as_uri())
    assert page.page.text_content("#list-count") == f"{len(corpus_records)} articles"
    page.screenshot("viewer-list.png")

    # Search an organisation, open the article, click its record: exactly its mentions are marked.
    record = corpus_records[-1]
    oracle = next(o for o in record.organisations if o.name == "Oracle")
    search_and_click(page, "Oracle", record.article.title)
    assert page.marked_ranges() == merged(oracle.mentions)
    assert page.page.locator(".seg.marked").first.is_visible()
    assert page.page.locator(".rec.active .rec-label").text_content() == "Oracle"

    # The deal: its trigger, parties, amount, stake... all marked, the record's fields shown.
    page.page.locator(".rec", has=page.page.locator(".status")).first.click()
    deal = record.deals[0]
    assert page.marked_ranges() == merged(deal_spans(deal))
    assert "2,5 Md USD" in page.page.text_content(".rec.active .rec-fields")

    # The tooltip names the record and the normalised value.
    page.page.hover(".seg[data-at='{}:{}']".format(deal.amount.span.start, deal.amount.span.end))
    tip = page.page.text_content("#tip")
    assert "money" in tip and "2,5 Md USD" in tip and "stake: Oracle" in tip
    page.screenshot("viewer-article.png")

    # Any real organisation the pipeline found in a seed article can be searched and marked as well.
    for real in corpus_records[:-1]:
        if real.organisations:
            org = max(real.organisations, key=lambda o: len(o.mentions))
            search_and_click(page, org.name, real.article.title or real.article.text.split("\n")[0])
            assert page.marked_ranges() == merged(org.mentions)
            break

    # A deal the pipeline found in a seed article, if any: its record marks all of its spans.
    real = next((r for r in corpus_records[:-1] if r.deals), None)
    if real is not None:
        page.page.fill("#q", "")
        page.page.wait_for_function("() => document.querySelector('#list').dataset.q === ''")
        item = page.page.locator(f"#list .item[data-n='{corpus_records.index(real)}']")
        item.click()
        page.page.wait_for_selector(f"#reader-body[data-n='{corpus_records.index(real)}']")
        page.page.locator(".rec", has=page.page.locator(".status")).first.click()
        assert page.marked_ranges() == merged(deal_spans(real.deals[0]))
        page.page.wait_for_timeout(800)  # the smooth scroll to the evidence
        page.screenshot("viewer-corpus-deal.png")

    # The overview: organisations by article, the deadline timeline, the deals table.
    page.page.click("#tab-overview")
    page.page.wait_for_selector("#view-overview .card")
    overview = page.page.text_content("#view-overview")
    assert "Organisations by number of articles" in overview and "Oracle" in overview
    assert "2020-12-04" in page.page.text_content("#view-overview .timeline")
    assert page.page.locator("table.deals tr.row").count() == sum(len(r.deals) for r in corpus_records)
    page.screenshot("viewer-overview.png")

    # From the timeline back to the article, with the deadline marked.
    page.page.locator(".tl-item", has_text="céder TikTok").first.click()
    page.page.wait_for_selector("#view-articles:not([hidden]) .seg.marked")
    assert page.marked_ranges() == merged([record.deadlines[0].span, record.deadlines[0].trigger, record.deadlines[0].evidence])
    assert page.errors == [] and page.dialogs == []
    page.close()


def test_show_all_draws_every_row_and_a_status_chip_keeps_them(browser, tmp_path):
    """The overview's long cards show their first rows, then all of them on « Show all »."""
    records = [deal_record(article_id=f"deal-{i}") for i in range(120)]  # 120 deals, 120 deadlines
    records += [plain_record(f"plain-{i}", f"La société Maison{i} annonce.", orgs=(f"Maison{i}",)) for i in range(30)]  # 37 organisations
    html, _ = build_report(records, title="many")
    path = tmp_path / "many.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    page.page.click("#tab-overview")
    page.page.wait_for_selector("#view-overview .card")
    cards = [
        ("Organisations by number of articles", ".bar-name", 25, 37),
        ("Deadline timeline", ".tl-item", 60, 120),
        ("Deals", "table.deals tbody tr", 100, 120),
    ]
    for title, rows, first, every in cards:
        card = page.page.locator("#view-overview .card", has=page.page.locator(f"text='{title}'")).first
        assert card.locator(rows).count() == first, title
        card.locator("button.show-more", has_text=f"Show all {every}").click()
        assert card.locator(rows).count() == every, title
        assert card.locator("button.show-more").count() == 0, title
    deals = page.page.locator("#view-overview .card", has=page.page.locator("text='Deals'")).first
    deals.locator(".status-chips .status").first.click()  # one status only: the filter keeps every deal shown
    assert deals.locator("table.deals tbody tr").count() == 120
    assert page.errors == [] and page.dialogs == []
    page.close()


def test_hostile_article_runs_nothing(browser, tmp_path):
    hostile = hostile_record()
    html, _ = build_report([hostile, deal_record()], title="</title><script>window.__pwned=9</script>")
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    # Everything shown as text, exactly.
    assert page.page.text_content("#a-text") == HOSTILE_TEXT
    assert page.page.text_content("#a-title") == hostile.article.title
    assert page.page.locator("#reader img, #reader svg, #reader iframe, #panel img, #list img").count() == 0
    assert page.page.locator("#a-meta a").count() == 0  # a javascript: URL is not made a link
    # Touch everything that reacts: hover and click every highlighted piece and every record.
    for seg in page.page.locator(".seg").all():
        seg.hover()
        seg.click()
    for rec in page.page.locator(".rec").all():
        rec.click()
    page.page.fill("#q", "<img src=x onerror=alert(1)>")
    page.page.wait_for_timeout(300)
    page.page.fill("#q", "")
    page.page.click("#tab-overview")
    page.page.wait_for_selector("#view-overview .card")
    for name in page.page.locator(".bar-name").all():
        name.hover()
    page.screenshot("viewer-hostile.png")
    assert page.page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
    assert page.page.title() == "</title><script>window.__pwned=9</script>"
    page.close()


def test_served_viewer(browser, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.model_dump_json() + "\n" for r in (hostile_record("h"), deal_record())), encoding="utf-8")
    with serving(records) as server:
        page = Page(browser, server.url)
        assert page.page.text_content("#list-count") == "2 articles"
        record = deal_record()
        search_and_click(page, "ByteDance", record.article.title)
        bytedance = next(o for o in record.organisations if o.name == "ByteDance")
        assert page.marked_ranges() == merged(bytedance.mentions)
        page.page.select_option("#field", "text")
        page.page.fill("#q", "l'application avant")  # only in the text: searched on the server
        page.page.wait_for_function("() => document.querySelector('#list-count').textContent === '1 article'")
        page.screenshot("viewer-served.png")
        page.page.click("#tab-overview")
        page.page.wait_for_selector("#view-overview .card")
        assert page.page.evaluate("window.__pwned") is None
        assert page.errors == [] and page.dialogs == []
        page.close()


def test_tracked_deals_block(browser, tmp_path):
    pytest.importorskip("depeche.aggregate", reason="depeche.aggregate (track_deals) is not there")
    records = [deal_record("later", published="2020-11-25", title="Later"), deal_record("earlier", published="2020-09-14", title="Earlier")]
    html, counts = build_report(records)
    assert counts["tracked"]
    path = tmp_path / "tracked.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    page.page.click("#tab-overview")
    page.page.wait_for_selector(".track")
    assert page.page.text_content(".track-title").startswith("stake: Oracle · TikTok · ByteDance")
    assert page.page.locator(".track-date").all_text_contents() == ["2020-09-14", "2020-11-25"]
    page.screenshot("viewer-tracked.png")
    # A sighting opens its article with the deal selected.
    page.page.locator(".track-event").first.click()
    page.page.wait_for_selector("#reader-body[data-n='1'] .seg.marked")
    assert page.page.locator(".rec.active .status").text_content() == "negotiating"
    assert page.errors == []
    page.close()


def test_spans_after_an_emoji_land_on_their_text(browser, tmp_path):
    from viewer_fixtures import plain_record

    record = plain_record("emoji", "Danone 🚀 rachète 🇫🇷 Alpro, dit Danone.", "2021-01-01", ("Danone", "Alpro"))
    html, _ = build_report([record])
    path = tmp_path / "emoji.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    for name in ("Alpro", "Danone"):
        label = page.page.locator(".rec-label").filter(has_text=re.compile(f"^{name}$"))
        page.page.locator(".rec", has=label).click()
        assert page.page.locator(".seg.marked").all_text_contents() == [name]
    assert page.page.text_content("#a-text") == record.article.text
    assert page.errors == []
    page.close()


@pytest.mark.parametrize(
    ("confidence", "via", "shown"),
    [
        (0.87, ["organisations.gazetteer"], "confidence 0.87 · via organisations.gazetteer"),
        (None, ["ner.model", "organisations.head"], "via ner.model, organisations.head"),
        (0.5, [], "confidence 0.50"),
    ],
)
def test_the_tooltip_shows_confidence_and_via(browser, tmp_path, confidence, via, shown):
    record = deal_record()
    orgs = [o.model_copy(update={"confidence": confidence, "via": via}) if o.name == "ByteDance" else o for o in record.organisations]
    record = record.model_copy(update={"organisations": orgs})
    html, _ = build_report([record])
    path = tmp_path / "scored.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path.as_uri())
    bytedance = next(o for o in record.organisations if o.name == "ByteDance").mentions[0]
    page.page.hover(".seg[data-at='{}:{}']".format(bytedance.start, bytedance.end))
    assert page.page.locator("#tip .tip-prov").first.text_content() == shown
    page.screenshot("viewer-tooltip-confidence.png")
    assert page.errors == []
    page.close()
