"""The formats: each cuts its file into units — (position, the id of its error line, how to make
the item) — and the item loop of `depeche.io.readers` makes them, one error line per failure."""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import io
import json
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from depeche.io.readers import articles
from depeche.io.readers.articles import FieldMap, Item, _given_id, error, not_utf8

Unit = tuple[int | None, str | None, Callable[[], Item]]  # position, the id of its error line, how to make it

FORMATS = ("txt", "jsonl", "csv", "html", "warc")

STDIN = "-"  # the input path that stands for standard input, read as JSONL


def is_stdin(path: str | Path) -> bool:
    """Whether `path` is `-`, standard input."""
    return str(path) == STDIN

_SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def format_of(path: Path) -> str | None:
    """The format of a file by its extension (`.jsonl.gz` counts as jsonl), or None."""
    name = path.name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


def fixed(item: Item) -> Callable[[], Item]:
    return lambda: item


def txt_units(path: Path, fields: FieldMap, source: str) -> Iterator[Unit]:
    """One `.txt` article; its metadata from a sidecar `NAME.json` (keys mapped by `fields`) when there is one."""
    yield None, path.stem, lambda: _txt_article(path, fields, source)


def _txt_article(path: Path, fields: FieldMap, source: str) -> Item:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return error(source, None, not_utf8(err), path.stem)
    except OSError as err:
        return error(source, None, f"cannot be read ({err.strerror or err})", path.stem)
    meta: dict = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            loaded = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError, OSError) as err:
            return error(str(sidecar), None, f"sidecar metadata is not JSON: {err}", path.stem)
        if not isinstance(loaded, dict):
            return error(str(sidecar), None, "sidecar metadata is not a JSON object", path.stem)
        meta = fields.take(loaded)
    meta["text"] = text
    return articles.make_article(meta, source=source, position=None, default_id=path.stem)


def open_binary(path: Path):
    if is_stdin(path):  # standard input, left open when this handle is closed
        return contextlib.nullcontext(sys.stdin.buffer)
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _broken_off(err: BaseException) -> str:
    if isinstance(err, EOFError):
        return f"truncated: the compressed file ends here ({err}); nothing after it can be read"
    if isinstance(err, UnicodeDecodeError):
        return f"unreadable from here on: {not_utf8(err)}"
    return f"unreadable from here on: {err}"


def jsonl_units(path: Path, fields: FieldMap, source: str) -> Iterator[Unit]:
    """One article per line of a JSONL (or JSONL.gz) file; positions are 1-based line numbers."""
    position = 0
    seen = False
    try:
        with open_binary(path) as handle:
            for position, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                seen = True
                yield position, None, functools.partial(articles.json_line_article, raw, fields, source=source, position=position)
    except (EOFError, OSError, zlib.error) as err:  # a truncated or corrupt .gz
        yield position + 1, None, fixed(error(source, position + 1, _broken_off(err)))
        return
    if not seen:
        yield None, None, fixed(error(source, None, "empty file: no article in it"))


def _escaped_byte(value: str) -> int | None:
    """Where a byte that was not UTF-8 is in a cell decoded with surrogateescape, else None."""
    for i, char in enumerate(value):
        if "\udc80" <= char <= "\udcff":
            return i
    return None


def _csv_row(header: list[str], row: list[str], fields: FieldMap, *, source: str, position: int, line: int) -> Item:
    for name, value in zip(header, row):
        at = _escaped_byte(name)
        if at is not None:
            byte = name[at].encode("utf-8", "surrogateescape")
            return error(source, position, f"the header is not UTF-8 text (byte {byte!r} in column {name!r})")
    if len(row) > len(header):
        return error(source, position, f"row has {len(row)} cells, the header {len(header)}")
    cells = dict(zip(header, row))
    for name, value in cells.items():
        at = _escaped_byte(value)
        if at is not None:
            ident = _given_id(cells.get(fields.id))[0] if _escaped_byte(cells.get(fields.id) or "") is None else None
            byte = value[at].encode("utf-8", "surrogateescape")
            return error(source, position, f"not UTF-8 text (byte {byte!r} in column {name!r}, line {line})", ident)
    return articles.make_article(fields.take(cells), source=source, position=position)


def csv_units(path: Path, fields: FieldMap, source: str) -> Iterator[Unit]:
    """One article per row of a CSV file with a header; positions are 1-based row numbers (a blank line is no row)."""
    csv.field_size_limit(2**31 - 1)
    position = 0
    with open_binary(path) as raw:
        handle = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(handle)
        header: list[str] | None = None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:  # this row is malformed; the reader goes on at the next line
                if header is None:
                    raise
                position += 1
                yield position, None, fixed(error(source, position, f"not a CSV row ({err}, line {reader.line_num})"))
                continue
            except (EOFError, OSError, zlib.error) as err:
                yield position + 1, None, fixed(error(source, position + 1, _broken_off(err)))
                return
            if not row:
                continue
            if header is None:
                header = row
                continue
            position += 1
            yield position, None, functools.partial(_csv_row, header, row, fields, source=source, position=position, line=reader.line_num)
    if position == 0:
        yield None, None, fixed(error(source, None, "empty file: no article in it"))


def html_units(path: Path, fields: FieldMap, source: str) -> Iterator[Unit]:
    """One `.html` / `.htm` page; its id is the file's stem."""
    yield None, path.stem, lambda: _html_article(path, source)


def _html_article(path: Path, source: str) -> Item:
    try:
        html = path.read_bytes()
    except OSError as err:
        return error(source, None, f"cannot be read ({err.strerror or err})", path.stem)
    if not html.strip():
        return error(source, None, "empty file: no article in it", path.stem)
    return articles.html_article(html, source=source, position=None, default_id=path.stem)
