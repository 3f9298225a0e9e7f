"""The HTTP side of `depeche serve`: the page, and the request handler with its routes
(`/`, `/api/meta`, `/api/overview`, `/api/list`, `/api/find`, `/api/article`), answering JSON from a `RecordsIndex`."""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from depeche.viewer import model
from depeche.viewer.report import json_block, page
from depeche.viewer.server.index import RecordsChanged, RecordsIndex

MAX_LIMIT = 500  # list entries per request


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
