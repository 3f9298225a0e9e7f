"""How fast a large report opens: 5,000 OrangeSum articles through the pipeline, then the viewer.

    .venv/bin/python benchmarks/viewer.py                # records cached in out/bench/
    .venv/bin/python benchmarks/viewer.py --articles 5000 --runs 3 --rebuild

1. records for the first N articles of ../shared/data/orangesum/articles.jsonl.gz, made by the
   full pipeline (`depeche.load().extract_many`) once and kept in out/bench/ (reused after);
2. `depeche view` on them (build time, file size);
3. headless Chromium (Debian's /usr/bin/chromium, through Playwright) opens the report: time from
   navigation to the first article shown with its highlights, median of --runs fresh pages; then
   a search for an organisation (time until the list shows the result);
4. the same page from `depeche serve` (index build time, then the same measure).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT.parent / "shared" / "data" / "orangesum" / "articles.jsonl.gz"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOWN = "() => document.body.dataset.ready === '1' && document.querySelector('#a-text') && document.querySelector('#a-text').childNodes.length > 0"


def make_records(n: int, out: Path) -> float:
    import depeche
    from depeche.records import Article

    def articles():
        with gzip.open(DUMP, "rt", encoding="utf-8") as handle:
            for i, line in enumerate(handle):
                if i >= n:
                    break
                row = json.loads(line)
                yield Article(id=str(row["id"]), title=row.get("title"), published=row.get("published"), source=row.get("source"), text=row["text"])

    start = time.perf_counter()
    extractor = depeche.load()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in extractor.extract_many(articles(), batch_size=64):
            handle.write(record.model_dump_json() + "\n")
    tmp.replace(out)
    return time.perf_counter() - start


def open_times(browser, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(SHOWN, timeout=60_000)
        times.append(time.perf_counter() - start)
        if errors:
            sys.exit(f"console errors on {url}: {errors}")
        page.close()
    return times


def search_time(browser, url: str, name: str) -> float:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url)
    page.wait_for_function(SHOWN, timeout=60_000)
    before = page.text_content("#list-count")
    start = time.perf_counter()
    page.fill("#q", name)
    page.wait_for_function("(b) => document.querySelector('#list-count').textContent !== b", arg=before, timeout=60_000)
    took = time.perf_counter() - start - 0.15  # the page waits 150 ms after the last keystroke
    page.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--records", type=Path, default=None, help="use this records file instead of making one")
    parser.add_argument("--rebuild", action="store_true", help="make the records again even if cached")
    args = parser.parse_args()

    records = args.records or ROOT / "out" / "bench" / f"orangesum-{args.articles}.records.jsonl"
    if args.records is None and (args.rebuild or not records.exists()):
        if not DUMP.exists():
            sys.exit(f"{DUMP} is absent (../shared is not beside the project): cannot make the records")
        print(f"making records for {args.articles} articles of {DUMP.name} with the full pipeline…", flush=True)
        took = make_records(args.articles, records)
        print(f"  pipeline: {took:.0f} s ({args.articles / took:.1f} articles/s)")
    if not records.exists():
        sys.exit(f"{records}: no such records file")
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is absent: install Debian's chromium (make test does, as root) to time the page")

    from playwright.sync_api import sync_playwright

    from depeche.io.writers import read_records
    from depeche.viewer.report import write_report
    from depeche.viewer.server import make_server

    counts = {"articles": 0, "organisations": 0, "people": 0, "dates": 0, "deadlines": 0, "deals": 0}
    top: dict[str, int] = {}
    for record in read_records(records):
        counts["articles"] += 1
        for key in list(counts)[1:]:
            counts[key] += len(getattr(record, key))
        for org in record.organisations:
            top[org.name] = top.get(org.name, 0) + 1
    print(f"records: {records} — " + ", ".join(f"{v} {k}" for k, v in counts.items()))

    report = records.with_suffix(".html")
    start = time.perf_counter()
    summary = write_report(records, report)
    build = time.perf_counter() - start
    print(f"depeche view: {build:.1f} s to build {report} ({summary.size / 1e6:.1f} MB, {summary.spans} spans)")

    start = time.perf_counter()
    server = make_server(records, 0)
    index_time = time.perf_counter() - start
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            file_times = open_times(browser, report.resolve().as_uri(), args.runs)
            print(
                f"report opened, first article shown: median {statistics.median(file_times):.2f} s "
                f"(runs: {', '.join(f'{t:.2f}' for t in file_times)})"
            )
            if top:
                name = max(top, key=top.get)
                print(f"search '{name}' in the report: {search_time(browser, report.resolve().as_uri(), name):.2f} s until the list shows the result")
            served = open_times(browser, server.url, args.runs)
            print(
                f"depeche serve: index built in {index_time:.2f} s; page opened, first article shown: median "
                f"{statistics.median(served):.2f} s (runs: {', '.join(f'{t:.2f}' for t in served)})"
            )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        server.index.close()


if __name__ == "__main__":
    main()
