"""The records index of `depeche serve`: line offsets, list entries and overview of one version of
the records file (`_Snapshot`, a `.gz` unpacked into a spool first), and `RecordsIndex`, which
watches the file (its stat signature, a digest of each line read) and indexes it again when it changed."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import threading
from array import array
from collections import OrderedDict
from pathlib import Path

from pydantic import ValidationError

from depeche.io.writers import RecordsFileError
from depeche.records import ArticleRecord
from depeche.viewer import model

CACHE_SIZE = 128  # article views kept in memory


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
        self.overview = overview.result(tracker.result(overview.built))
        overview.link(self.entries)  # entries search their entities' canonical names too
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
