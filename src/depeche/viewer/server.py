"""`depeche serve`: the viewer over loopback, for dumps too large for one HTML file.

Records are read lazily: one pass at start builds an index of line offsets (with each
article's list entry and the overview), then each article is read from its offset when the
page asks for it. A `.gz` dump is first decompressed once into a temporary file, since gzip
cannot seek. The file is watched (device, inode, size, mtime, ctime, and a digest of each line
read): a changed file is indexed again before the next answer, and one that vanished or is no
records file any more gets a one-line HTTP 503 until it is usable again. The server binds
127.0.0.1 only (`ThreadingHTTPServer` of the standard library), closes connections silent for
`IDLE_TIMEOUT` seconds, and removes its spool on Ctrl-C or SIGTERM; the page fetches JSON from:

- `GET /api/meta`: title, count, deal statuses
- `GET /api/list?q=&field=&deal=&deadline=&status=&from=&to=&offset=&limit=`: `{total, items}`
- `GET /api/article?n=N`: one article's view
- `GET /api/find?id=ID`: `{n}`, the number of the first article with that id (null if none), for permalinks
- `GET /api/overview`: figures across the dump
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from array import array
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
IDLE_TIMEOUT = 10.0  # seconds a connection may stay silent before it is closed (browsers open spare ones)


class RecordsChanged(Exception):
    """The records file changed (or vanished) while served and cannot be served now: one line, for an HTTP 503."""


class _Stale(Exception):
    """A line read at an indexed offset is not the line that was indexed there."""


def _digest(line: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little")


def _signature(path: Path) -> tuple:
    """What tells that a file changed: its device, inode, size, mtime and ctime."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Snapshot:
    """One version of the records file, indexed: offsets, line digests, list entries, overview."""

    def __init__(self, path: Path, signature: tuple):
        self.signature = signature
        self.spool: Path | None = None
        self.source = path
        self.cache: OrderedDict[int, dict] = OrderedDict()
        try:
            if path.suffix == ".gz":
                self._unpack(path)
            self._index(path)
        except BaseException:
            self.close()
            raise

    def _unpack(self, path: Path) -> None:
        spool = tempfile.NamedTemporaryFile(prefix="depeche-serve-", suffix=".jsonl", delete=False)
        self.spool = self.source = Path(spool.name)
        with spool:
            try:
                with gzip.open(path, "rb") as packed:
                    shutil.copyfileobj(packed, spool)
            except (OSError, EOFError) as err:
                raise RecordsFileError(f"{path}: cannot be read as gzip ({err})") from None

    def _index(self, path: Path) -> None:
        self.offsets = array("Q")
        self.digests = array("Q")
        self.entries: list[dict] = []
        overview = model.Overview()
        tracker = model.DealTracker()
        with self.source.open("rb") as handle:
            number = 0
            while True:
                offset = handle.tell()
                line = handle.readline()
                if not line:
                    break
                number += 1
                if not line.strip():
                    continue
                record = _parse(line, f"{path}:{number}")
                n = len(self.offsets)
                self.offsets.append(offset)
                self.digests.append(_digest(line))
                self.entries.append(model.index_entry(record, n))
                overview.add(record, n)
                tracker.add(record, n)
        self.overview = overview.result(tracker.result())
        self.statuses = model.statuses_in(self.entries)

    def line(self, handle, n: int) -> bytes:
        """Line `n` as indexed, read from `handle` on `self.source`; `_Stale` if it is not that line any more."""
        handle.seek(self.offsets[n])
        line = handle.readline()
        if _digest(line) != self.digests[n]:
            raise _Stale(n)
        return line

    def open(self):
        try:
            return self.source.open("rb")
        except OSError as err:
            raise _Stale(err) from None

    def close(self) -> None:
        if self.spool is not None:
            self.spool.unlink(missing_ok=True)
            self.spool = None


def _parse(line: bytes, where: str) -> ArticleRecord:
    try:
        return ArticleRecord.model_validate_json(line)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(map(str, first["loc"])) or "(line)"
        raise RecordsFileError(f"{where}: not a depeche record ({loc}: {first['msg']})") from None


class RecordsIndex:
    """A records file opened for random access by article number.

    The file is watched: each request first compares its device, inode, size, mtime and ctime
    with those it was indexed at, and a changed file is indexed again (a `.gz` unpacked again);
    each line read is checked against the digest of the line indexed at its offset, so an article
    is never read from another version of the file. A file that vanished, or that is not a
    records file any more, raises `RecordsChanged` with one line saying so (the server answers 503)
    until it is usable again.
    """

    def __init__(self, path: str | Path, *, title: str | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise RecordsFileError(f"{self.path}: no such file")
        self.title = title or self.path.name
        self._lock = threading.Lock()  # the cache
        self._rebuild = threading.Lock()  # one re-index at a time
        self._failed: tuple[tuple, str] | None = None  # the file's signature when indexing it last failed, and why
        self._snap: _Snapshot | None = _Snapshot(self.path, _signature(self.path))

    # The current version's index (as before the file was watched).
    @property
    def offsets(self):
        return self._current().offsets

    @property
    def entries(self) -> list[dict]:
        return self._current().entries

    @property
    def overview(self) -> dict:
        return self._current().overview

    @property
    def statuses(self) -> list[str]:
        return self._current().statuses

    @property
    def source(self) -> Path:
        return self._current().source

    def _current(self) -> _Snapshot:
        if self._snap is None:
            raise RecordsChanged(f"{self.path}: closed")
        return self._snap

    def refresh(self) -> _Snapshot:
        """The index of the file as it is now: the same one, or a new one if the file changed."""
        snap = self._current()
        try:
            signature = _signature(self.path)
        except FileNotFoundError:
            raise RecordsChanged(f"{self.path}: no such file (deleted or moved while serving)") from None
        except OSError as err:
            raise RecordsChanged(f"{self.path}: cannot be read while serving ({err.strerror or err})") from None
        if signature == snap.signature:
            return snap
        with self._rebuild:
            snap = self._current()
            if signature == snap.signature:  # another request re-indexed it meanwhile
                return snap
            if self._failed is not None and self._failed[0] == signature:  # unchanged since it failed: not again
                raise RecordsChanged(self._failed[1])
            try:
                fresh = _Snapshot(self.path, signature)
            except FileNotFoundError:
                raise RecordsChanged(f"{self.path}: no such file (deleted or moved while serving)") from None
            except (RecordsFileError, OSError) as err:
                reason = err if isinstance(err, RecordsFileError) else (err.strerror or err)
                message = f"{self.path} changed while serving and cannot be served now: {reason}"
                self._failed = (signature, message)
                raise RecordsChanged(message) from None
            self._snap, self._failed = fresh, None
        snap.close()  # a request still reading the old spool gets _Stale, then the new index
        return fresh

    def _forget(self, snap: _Snapshot) -> None:
        """`snap` no longer matches the file although its stat looks the same: index again on next use."""
        with self._rebuild:
            if self._snap is snap:
                snap.signature = None  # type: ignore[assignment]

    def _consistent(self, read):
        """`read(snapshot)` on the current index; once more on a fresh index if the file changed under it."""
        for _ in range(3):
            snap = self.refresh()
            try:
                return read(snap)
            except _Stale:
                self._forget(snap)
        raise RecordsChanged(f"{self.path} keeps changing while serving; try again once it is written")

    def __len__(self) -> int:
        return len(self._current().offsets)

    def record(self, n: int) -> ArticleRecord:
        def read(snap: _Snapshot) -> ArticleRecord:
            with snap.open() as handle:
                return ArticleRecord.model_validate_json(snap.line(handle, n))

        return self._consistent(read)

    def view(self, n: int) -> dict | None:
        """Article `n`'s view, None when there is no article `n` (in the file as it is now)."""

        def read(snap: _Snapshot) -> dict | None:
            if not 0 <= n < len(snap.offsets):
                return None
            with self._lock:
                if n in snap.cache:
                    snap.cache.move_to_end(n)
                    return snap.cache[n]
            with snap.open() as handle:
                view = model.article_view(ArticleRecord.model_validate_json(snap.line(handle, n)), n)
            with self._lock:
                snap.cache[n] = view
                while len(snap.cache) > CACHE_SIZE:
                    snap.cache.popitem(last=False)
            return view

        return self._consistent(read)

    def search(self, filters: dict, offset: int = 0, limit: int = 100) -> dict:
        """The list entries passing `filters`, from `offset`, at most `limit`, and how many pass.

        The query is compared folded (`model.fold`: no case, no accents), as the page does."""
        filters = {**filters, "q": model.fold(filters.get("q") or "")}
        needs_text = model.needs_text(filters)

        def read(snap: _Snapshot) -> dict:
            items: list[dict] = []
            total = 0
            keys = _search_keys(snap)
            handle = snap.open() if needs_text else None
            try:
                for n, entry in enumerate(snap.entries):
                    text = None
                    if needs_text and not model.matches(entry, filters, keys=keys[n]):
                        line = snap.line(handle, n)
                        # A cheap test on the raw line first; parse only the lines that may match.
                        if _may_contain(line, filters["q"]):
                            text = json.loads(line)["article"]["text"]
                    if model.matches(entry, filters, text, keys[n]):
                        if total >= offset and len(items) < limit:
                            items.append(entry)
                        total += 1
            finally:
                if handle:
                    handle.close()
            return {"total": total, "items": items}

        return self._consistent(read)

    def find(self, article_id: str) -> int | None:
        """The number of the first article whose id is `article_id` (a permalink), None if there is none."""

        def read(snap: _Snapshot) -> int | None:
            ids = snap.__dict__.get("ids")
            if ids is None:
                ids = {}
                for entry in snap.entries:
                    ids.setdefault(entry["id"], entry["n"])
                snap.ids = ids  # type: ignore[attr-defined]
            return ids.get(article_id)

        return self._consistent(read)

    def meta(self) -> dict:
        snap = self.refresh()
        return {"title": self.title, "count": len(snap.offsets), "statuses": snap.statuses}

    def overview_now(self) -> dict:
        return self.refresh().overview

    def close(self) -> None:
        with self._rebuild:
            if self._snap is not None:
                self._snap.close()
                self._snap = None


def _search_keys(snap: _Snapshot) -> list[dict]:
    """The folded search keys of a snapshot's entries, computed on its first search."""
    keys = snap.__dict__.get("keys")
    if keys is None:
        keys = snap.keys = [model.search_keys(entry) for entry in snap.entries]  # type: ignore[attr-defined]
    return keys


# What JSON writes as an escape: a folded query holding one cannot be looked for in the raw line.
_ESCAPED = frozenset('"\\') | frozenset(map(chr, range(0x20)))


def _may_contain(line: bytes, q: str) -> bool:
    """False only when the article text in this raw JSON line surely does not hold folded `q`."""
    if b"\\u" in line or any(ch in _ESCAPED for ch in q):  # \u escapes (ensure_ascii): look at the parsed text
        return True
    raw = line.decode("utf-8", "replace")
    if q.isascii():  # « veran »: the line's ASCII skeleton holds it if its folded text does, at a fifth of the cost
        return q.encode("ascii") in model.ascii_skeleton(raw)
    return q in model.fold(raw)


def server_page(title: str) -> str:
    return page(title, json_block("depeche-config", {"mode": "server"}))


class _BadRequest(Exception):
    pass


def _int(query: dict, name: str, default: int | None = None) -> int:
    value = query.get(name)
    if value is None and default is not None:
        return default
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _BadRequest(f"{name} must be an integer, not {value!r}"[:200]) from None


class _Handler(BaseHTTPRequestHandler):
    server_version = "depeche"
    index: RecordsIndex
    html: bytes

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # type: ignore[attr-defined]  # a silent connection is closed
        super().setup()

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
        try:
            self._get()
        except _BadRequest as err:
            self._json({"error": f"bad request: {err}"}, HTTPStatus.BAD_REQUEST)
        except RecordsChanged as err:
            self._json({"error": str(err)}, HTTPStatus.SERVICE_UNAVAILABLE)
        except ConnectionError:  # the client went away: nobody to answer
            self.close_connection = True
        except Exception as err:  # noqa: BLE001 - one line for the page, never a traceback and a dropped connection
            self.log_message("error on %s: %s: %s", self.path, type(err).__name__, err)
            self._json({"error": f"internal error: {type(err).__name__}"}, HTTPStatus.INTERNAL_SERVER_ERROR)

    def _get(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        index = self.server.index  # type: ignore[attr-defined]
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self.server.html, "text/html; charset=utf-8")  # type: ignore[attr-defined]
        elif url.path == "/api/meta":
            self._json(index.meta())
        elif url.path == "/api/overview":
            self._json(index.overview_now())
        elif url.path == "/api/list":
            offset = max(0, _int(query, "offset", 0))
            limit = min(MAX_LIMIT, max(1, _int(query, "limit", 100)))
            self._json(index.search(model.parse_filters(query), offset, limit))
        elif url.path == "/api/find":  # a permalink: the number of the article with this id, null if none
            self._json({"n": index.find(query.get("id", ""))})
        elif url.path == "/api/article":
            n = _int(query, "n")
            view = index.view(n)
            if view is None:
                self._json({"error": f"no article {n}"}, HTTPStatus.NOT_FOUND)
            else:
                self._json(view)
        else:
            self._json({"error": f"no such path: {url.path}"}, HTTPStatus.NOT_FOUND)


class ViewerServer(ThreadingHTTPServer):
    """The viewer's HTTP server, bound to 127.0.0.1 (port 0 picks a free one)."""

    daemon_threads = True
    request_queue_size = 16

    def __init__(self, index: RecordsIndex, port: int = 0, *, verbose: bool = False, idle_timeout: float | None = None):
        self.index = index
        self.html = server_page(index.title).encode("utf-8")
        self.verbose = verbose
        self.idle_timeout = IDLE_TIMEOUT if idle_timeout is None else idle_timeout
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


def make_server(
    records: str | Path, port: int = 0, *, title: str | None = None, verbose: bool = False, idle_timeout: float | None = None
) -> ViewerServer:
    """A server for `records` on 127.0.0.1:`port`, not yet serving (call `serve_forever()`)."""
    index = RecordsIndex(records, title=title)
    try:
        return ViewerServer(index, port, verbose=verbose, idle_timeout=idle_timeout)
    except BaseException:
        index.close()
        raise


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(records: str | Path, port: int = 8765, *, title: str | None = None, verbose: bool = False, ready=None) -> None:
    """Serve `records` until interrupted; `ready(url)` is called once the socket listens.

    SIGTERM stops it as Ctrl-C does (KeyboardInterrupt), so the unpacked spool of a `.gz` is removed.
    """
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server = make_server(records, port, title=title, verbose=verbose)
        try:
            if ready is not None:
                ready(server.url)
            server.serve_forever()
        finally:
            server.server_close()
            server.index.close()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
