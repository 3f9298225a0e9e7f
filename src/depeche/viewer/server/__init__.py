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

import signal
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

# the package's modules; every name depeche.viewer.server had as one module is still here
from depeche.viewer.server.index import (  # noqa: F401 - re-exports
    _ESCAPED, CACHE_SIZE, RecordsChanged, RecordsIndex, _digest, _may_contain, _parse, _search_keys, _signature,
    _Snapshot, _Stale,
)
from depeche.viewer.server.handler import MAX_LIMIT, _BadRequest, _Handler, _int, server_page  # noqa: F401 - re-exports

# read by ViewerServer here, on the package (a test replaces IDLE_TIMEOUT with `monkeypatch.setattr(server, ...)`)
HOST = "127.0.0.1"
MAX_THREADS = 8  # requests handled at once; more wait in the listen queue
IDLE_TIMEOUT = 10.0  # seconds a connection may stay silent before it is closed (browsers open spare ones)


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
