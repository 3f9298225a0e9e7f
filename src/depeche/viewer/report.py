"""`depeche view`: one self-contained HTML file for any number of records.

The page is `assets/viewer.html` with its CSS and JS inlined; the data are JSON blocks
(`<script type="application/json">`): one for the index (article list, overview, meta) and
one per article, so the browser parses only the article in view. JSON is escaped so that no
text (`</script>`, `<!--`, U+2028) can end a block early; the JS builds the DOM with
`textContent` only, so an article's text is shown, never run.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from depeche.io.writers import read_records, write_atomic
from depeche.records import ArticleRecord
from depeche.viewer import model

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_ESCAPES)


def script_json(value: Any) -> str:
    """JSON safe to put inside a `<script>` element: no `<`, `>`, `&` or line separators left raw."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_TABLE)


def json_block(block_id: str, value: Any) -> str:
    return f'<script type="application/json" id="{html.escape(block_id, quote=True)}">{script_json(value)}</script>'


def _asset(name: str) -> str:
    return resources.files("depeche.viewer").joinpath("assets", name).read_text(encoding="utf-8")


def page(title: str, data_blocks: str) -> str:
    """The viewer page with its CSS/JS inlined and `data_blocks` (JSON script elements) in it."""
    template = _asset("viewer.html")
    parts = {
        "{{title}}": html.escape(title),
        "{{css}}": _asset("viewer.css"),
        "{{js}}": _asset("viewer.js").replace("</script", "<\\/script"),
        "{{data}}": data_blocks,
    }
    out = []
    rest = template
    # Replace each marker once, in template order, so data can never be re-scanned for markers.
    while True:
        found = [(rest.find(m), m) for m in parts if rest.find(m) >= 0]
        if not found:
            out.append(rest)
            break
        at, marker = min(found)
        out.append(rest[:at])
        out.append(parts.pop(marker))
        rest = rest[at + len(marker) :]
    return "".join(out)


@dataclass
class ReportSummary:
    articles: int
    spans: int
    output: Path
    size: int
    tracked: bool


def build_report(records: Iterable[ArticleRecord], *, title: str = "depeche report") -> tuple[str, dict]:
    """The HTML of a report for `records`, and a few counts about it."""
    index: list[dict] = []
    blocks: list[str] = []
    overview = model.Overview()
    tracker = model.DealTracker()
    spans = 0
    for n, record in enumerate(records):
        tracker.add(record, n)
        view = model.article_view(record, n)
        spans += len(view["spans"])
        blocks.append(json_block(f"depeche-a-{n}", view))
        index.append(model.index_entry(record, n))
        overview.add(record, n)
    tracked = tracker.result(overview.built)
    overview.link(index)  # entries search their entities' canonical names too
    meta = {"title": title, "count": len(index), "statuses": model.statuses_in(index)}
    head = [
        json_block("depeche-config", {"mode": "file"}),
        json_block("depeche-index", {"meta": meta, "index": index, "overview": overview.result(tracked)}),
    ]
    text = page(title, "\n".join(head + blocks))
    return text, {"articles": len(index), "spans": spans, "tracked": tracked is not None}


def write_report(records_path: str | Path, output: str | Path, *, title: str | None = None) -> ReportSummary:
    """Read a records file (JSONL or .jsonl.gz) and write its self-contained HTML report."""
    records_path, output = Path(records_path), Path(output)
    text, counts = build_report(read_records(records_path), title=title or records_path.name)
    # a temporary file renamed once whole: a full disk leaves the previous report, never a truncated one
    size = write_atomic(output, text)
    return ReportSummary(counts["articles"], counts["spans"], output, size, counts["tracked"])
