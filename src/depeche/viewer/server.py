"""`depeche serve`: the viewer over loopback, for dumps too large for one HTML file.

Records are read lazily: one pass at start builds an index of line offsets (with each
article's list entry and the overview), then each article is read from its offset when the
page asks for it. A `.gz` dump is first decompressed once into a temporary file, since gzip
cannot seek. The server binds 127.0.0.1 only (`ThreadingHTTPServer` of the standard library);
the page fetches JSON from:

- `GET /api/meta`: title, count, deal statuses
- `GET /api/list?q=&field=&deal=&deadline=&status=&from=&to=&offset=&limit=`: `{total, items}`
- `GET /api/article?n=N`: one article's view
- `GET /api/overview`: figures across the dump
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import threading
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pydantic import ValidationError

from depeche.io.writers import RecordsFileError
from depeche.records import ArticleRecord
from depeche.viewer import model
from depeche.viewer.report import json_block, page

HOST = "127.0.0.1"
MAX_LIMIT = 500  # list entries per request
MAX_THREADS = 8  # requests handled at once; more wait in the listen queue
CACHE_SIZE = 128  # article views kept in memory


class RecordsIndex:
    """A records file opened for random access by article number."""

    def __init__(self, path: str | Path, *, title: str | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise RecordsFileError(f"{self.path}: no such file")
        self.title = title or self.path.name
        self._spool = None
        source = self.path
        if self.path.suffix == ".gz":
            self._spool = tempfile.NamedTemporaryFile(prefix="depeche-serve-", suffix=".jsonl", delete=False)
            try:
                with gzip.open(self.path, "rb") as packed:
                    shutil.copyfileobj(packed, self._spool)
            except (OSError, EOFError) as err:
                self.close()
                raise RecordsFileError(f"{self.path}: cannot be read as gzip ({err})") from None
            self._spool.close()
            source = Path(self._spool.name)
        self.source = source
        self.offsets: list[int] = []
        self.entries: list[dict] = []
        overview = model.Overview()
        tracker = model.DealTracker()
        with source.open("rb") as handle:
            number = 0
            while True:
                offset = handle.tell()
                line = handle.readline()
                if not line:
                    break
                number += 1
                if not line.strip():
                    continue
                record = self._parse(line, number)
                n = len(self.offsets)
                self.offsets.append(offset)
                self.entries.append(model.index_entry(record, n))
                overview.add(record, n)
                tracker.add(record, n)
        self.overview = overview.result(tracker.result())
        self.statuses = model.statuses_in(self.entries)
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, dict] = OrderedDict()

    def _parse(self, line: bytes, number: int) -> ArticleRecord:
        try:
            return ArticleRecord.model_validate_json(line)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(map(str, first["loc"])) or "(line)"
            raise RecordsFileError(f"{self.path}:{number}: not a depeche record ({where}: {first['msg']})") from None

    def __len__(self) -> int:
        return len(self.offsets)

    def record(self, n: int) -> ArticleRecord:
        with self.source.open("rb") as handle:
            handle.seek(self.offsets[n])
            return ArticleRecord.model_validate_json(handle.readline())

    def view(self, n: int) -> dict:
        with self._lock:
            if n in self._cache:
                self._cache.move_to_end(n)
                return self._cache[n]
        view = model.article_view(self.record(n), n)
        with self._lock:
            self._cache[n] = view
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return view

    def search(self, filters: dict, offset: int = 0, limit: int = 100) -> dict:
        """The list entries passing `filters`, from `offset`, at most `limit`, and how many pass."""
        needs_text = bool(filters["q"]) and filters["field"] in ("all", "text")
        items: list[dict] = []
        total = 0
        handle = self.source.open("rb") if needs_text else None
        try:
            for n, entry in enumerate(self.entries):
                text = None
                if needs_text and not model.matches(entry, filters):
                    handle.seek(self.offsets[n])
                    line = handle.readline()
                    # A cheap test on the raw line first; parse only the lines that may match.
                    if filters["q"] in line.decode("utf-8", "replace").lower():
                        text = json.loads(line)["article"]["text"]
                if model.matches(entry, filters, text):
                    if total >= offset and len(items) < limit:
                        items.append(entry)
                    total += 1
        finally:
            if handle:
                handle.close()
        return {"total": total, "items": items}

    def meta(self) -> dict:
        return {"title": self.title, "count": len(self), "statuses": self.statuses}

    def close(self) -> None:
        if self._spool is not None:
            Path(self._spool.name).unlink(missing_ok=True)
            self._spool = None


def server_page(title: str) -> str:
    return page(title, json_block("depeche-config", {"mode": "server"}))


class _Handler(BaseHTTPRequestHandler):
    server_version = "depeche"
    index: RecordsIndex
    html: bytes

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, value, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        index = self.server.index  # type: ignore[attr-defined]
        try:
            if url.path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, self.server.html, "text/html; charset=utf-8")  # type: ignore[attr-defined]
            elif url.path == "/api/meta":
                self._json(index.meta())
            elif url.path == "/api/overview":
                self._json(index.overview)
            elif url.path == "/api/list":
                offset = max(0, int(query.get("offset", 0)))
                limit = min(MAX_LIMIT, max(1, int(query.get("limit", 100))))
                self._json(index.search(model.parse_filters(query), offset, limit))
            elif url.path == "/api/article":
                n = int(query.get("n", ""))
                if not 0 <= n < len(index):
                    self._json({"error": f"no article {n}"}, HTTPStatus.NOT_FOUND)
                else:
                    self._json(index.view(n))
            else:
                self._json({"error": f"no such path: {url.path}"}, HTTPStatus.NOT_FOUND)
        except ValueError as err:
            self._json({"error": f"bad request: {err}"}, HTTPStatus.BAD_REQUEST)


class ViewerServer(ThreadingHTTPServer):
    """The viewer's HTTP server, bound to 127.0.0.1 (port 0 picks a free one)."""

    daemon_threads = True
    request_queue_size = 16

    def __init__(self, index: RecordsIndex, port: int = 0, *, verbose: bool = False):
        self.index = index
        self.html = server_page(index.title).encode("utf-8")
        self.verbose = verbose
        self._slots = threading.BoundedSemaphore(MAX_THREADS)
        super().__init__((HOST, port), _Handler)

    def process_request(self, request, client_address):
        self._slots.acquire()  # at most MAX_THREADS handler threads at a time
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


def make_server(records: str | Path, port: int = 0, *, title: str | None = None, verbose: bool = False) -> ViewerServer:
    """A server for `records` on 127.0.0.1:`port`, not yet serving (call `serve_forever()`)."""
    return ViewerServer(RecordsIndex(records, title=title), port, verbose=verbose)


def serve(records: str | Path, port: int = 8765, *, title: str | None = None, verbose: bool = False, ready=None) -> None:
    """Serve `records` until interrupted; `ready(url)` is called once the socket listens."""
    server = make_server(records, port, title=title, verbose=verbose)
    try:
        if ready is not None:
            ready(server.url)
        server.serve_forever()
    finally:
        server.server_close()
        server.index.close()
