"""Streaming readers: each yields, in input order, an `Article` or an `ErrorLine` per input article.

One function per format, chosen by extension (or forced with `format=`):

| format | paths | one article per |
|---|---|---|
| `txt`  | `.txt` (+ sidecar `NAME.json` metadata) | file |
| `jsonl`| `.jsonl`, `.ndjson`, `.jsonl.gz`, `.ndjson.gz` | line |
| `csv`  | `.csv`, `.csv.gz` | row |
| `html` | `.html`, `.htm` (main text, title, date and URL by trafilatura) | file |
| `warc` | `.warc`, `.warc.gz` (HTML responses, through the HTML path; URL = WARC-Target-URI) | response record |

A folder is walked in sorted order (`readers.walk`) and each file read by its extension (so a folder may
mix formats); files of other kinds are passed over, and `NAME.json` beside a `NAME.txt` is that
text's metadata. An entry with an input's name that cannot be read (a folder that cannot be
listed, a broken symbolic link, a link loop, a FIFO) is an error line, never passed over, and a
FIFO is never opened. Nothing is held in memory beyond one article (one page for HTML).

Nothing lost: each format only cuts its file into items (a line, a row, a record...) and says how
to make each one; the one item loop (`_each`) makes them, and whatever making one raises becomes
that item's error line — the next item is read all the same. A file that breaks off (a truncated
.gz, a read error) ends with one error line for the rest. Text is decoded as `utf-8-sig` (a byte
order mark is no part of it); a CSV row with bytes that are not UTF-8 is that row's error line.

Every article gets an id: the one given (the id field, or a file's stem), else
`extractor.derive_id` from its source and position, so that it is the same on every run.
Every ErrorLine gets one the same way (it is how `--resume` knows an input was done). A given id is
a string as it is, or a JSON number written as an integer when it is one (`12`, `12.0` and `"12"`
are the same id `12`; `1.5` is `1.5`); anything else (true, NaN, a list...) is no id. An id seen
twice in one read is warned about on stderr, once per id; both articles are kept.

A publication date must be an absolute day: ISO (`2020-11-25`, a longer timestamp), a date
dateparser reads the same whatever the day it is read (« 25 novembre 2020 », 25/11/2020) or a Unix
timestamp. A relative one (« demain », « lundi »), a value that is not a string or a number
(true, a list), NaN, or a string longer than `MAX_DATE_CHARS` makes the article an error line.

A path that cannot be read at all (missing, unknown format, not a regular file, a top-level file
that is empty or not UTF-8 text) raises `InputError` from `check_inputs`, before any pipeline is loaded.

Modules: `articles` (one article from its fields: ids, dates, metadata; JSON lines and HTML pages),
`formats` (txt, jsonl, csv, html: a file cut into units), `warc` (records framed and checked
against their length), `walk` (a folder's entries); here, the item loop and the paths.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from depeche.io.readers.articles import (
    DEFAULT_FIELDS,
    MAX_DATE_CHARS,
    FieldMap,
    Item,
    error,
    html_article,
    json_line_article,
    make_article,
    not_utf8,
)
from depeche.io.readers import formats, warc
from depeche.io.readers.formats import _SUFFIXES, FORMATS, STDIN, Unit, format_of, is_stdin, open_binary
from depeche.io.readers.walk import Entry, broken, not_regular, walk
from depeche.io.writers import is_output_file

__all__ = [
    "DEFAULT_FIELDS", "FORMATS", "MAX_DATE_CHARS", "STDIN", "READERS", "FieldMap", "InputError", "Item", "check_inputs", "count",
    "error", "format_of", "html_article", "is_stdin", "json_line_article", "make_article", "read", "read_csv", "read_html",
    "read_jsonl", "read_located", "read_txt", "read_warc",
]

MAX_DUPLICATE_WARNINGS = 20


class InputError(Exception):
    """An input that cannot be read at all (missing path, unknown format, empty or not UTF-8)."""


def _source(path: Path) -> str:
    """The `source` of the items read from `path` (error lines name it; derived ids are made from it):
    its folder resolved (relative, `..`, linked folders), so that an id does not depend on how the
    input was spelled (`--resume` with another spelling finds the same ids); its own name is kept,
    so a broken link is named as the link. Standard input (`-`) is `<stdin>`."""
    if is_stdin(path):
        return "<stdin>"
    return os.path.join(os.path.realpath(path.parent), path.name)


# --- the item loop ------------------------------------------------------------------------


def _each(source: str, units: Iterator[Unit]) -> Iterator[tuple[Item, int | None]]:
    """Make every item of a file: whatever making one raises is that item's error line, and when
    the file itself breaks off, one error line says so for the rest."""
    last = 0
    try:
        for position, ident, make in units:
            try:
                item = make()
            except RecursionError:
                item = error(source, position, "could not be read: nested too deeply", ident)
            except Exception as err:  # noqa: BLE001 - one item's failure is that item's error line
                item = error(source, position, f"could not be read: {type(err).__name__}: {err}", ident)
            last = position or last
            yield item, position
    except Exception as err:  # noqa: BLE001 - the file breaks off here
        position = last + 1 if last else None
        yield error(source, position, f"unreadable from here on: {type(err).__name__}: {err}"), position


UNITS = {"txt": formats.txt_units, "jsonl": formats.jsonl_units, "csv": formats.csv_units, "html": formats.html_units, "warc": warc.units}


def _located(kind: str, path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    source = _source(path)
    return _each(source, UNITS[kind](path, fields, source))


def _items(located: Iterator[tuple[Item, int | None]]) -> Iterator[Item]:
    return (item for item, _ in located)


def read_txt(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One `.txt` article; its metadata from a sidecar `NAME.json` (keys mapped by `fields`) when there is one."""
    return _items(_located("txt", Path(path), fields))


def read_jsonl(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One article per line of a JSONL (or JSONL.gz) file; positions are 1-based line numbers."""
    return _items(_located("jsonl", Path(path), fields))


def read_csv(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One article per row of a CSV file with a header; positions are 1-based row numbers."""
    return _items(_located("csv", Path(path), fields))


def read_html(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One `.html` / `.htm` page; its id is the file's stem."""
    return _items(_located("html", Path(path), fields))


def read_warc(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """Every HTML response of a WARC(.gz), through the HTML path; positions count responses from 1."""
    return _items(_located("warc", Path(path), fields))


READERS = {"txt": read_txt, "jsonl": read_jsonl, "csv": read_csv, "html": read_html, "warc": read_warc}


# --- paths ----------------------------------------------------------------------------


def _is_sidecar(path: Path, format: str) -> bool:
    return format == "txt" and path.suffix == ".json"


def _entries(path: Path, format: str | None) -> Iterator[Entry]:
    """What to read of one checked input: the file itself, or every entry of the folder (`readers.walk`)."""
    if is_stdin(path):
        yield Entry(path, "jsonl")
        return
    if not path.is_dir():
        yield Entry(path, format or format_of(path))
        return
    entries = walk(path, format_of) if format is None else walk(path, lambda p: None if _is_sidecar(p, format) else format)
    for entry in entries:
        if entry.problem is None and is_output_file(entry.path):
            continue  # a records or errors file depeche wrote: output, not articles (never read back)
        yield entry


def _sniff_utf8(path: Path, kind: str, size: int = 1 << 16) -> None:
    """Raise InputError when a text file is empty, or not in UTF-8 as far as its first 64 KiB tell.

    A .txt must decode whole. A JSONL/CSV file is refused when more than half of its lines do not
    decode (a file in another encoding); a bad line among good ones is that line's error line,
    not the file's refusal. A .gz cut short is judged on what it holds up to the cut, like the
    reader reads it.
    """
    head = b""
    try:
        with open_binary(path) as handle:
            while len(head) < size:
                chunk = handle.read1(size - len(head))
                if not chunk:
                    break
                head += chunk
    except (OSError, EOFError, zlib.error) as err:
        if not head:
            raise InputError(f"{path}: cannot be read ({err})") from None
    if not head.strip():
        raise InputError(f"{path}: empty file, no article in it")
    lines = [head] if kind == "txt" else head.split(b"\n")[:-1] or [head]
    failures: list[UnicodeDecodeError] = []
    for line in lines:
        if not line.isascii():
            try:
                codecs.getincrementaldecoder("utf-8")().decode(line, final=False)
            except UnicodeDecodeError as err:
                failures.append(err)
    lines_given = sum(1 for line in lines if line.strip())
    if failures and (kind == "txt" or len(failures) * 2 > lines_given):
        raise InputError(f"{path}: {not_utf8(failures[0])}; re-encode it as UTF-8") from None


def check_inputs(paths: Iterable[str | Path], format: str | None = None) -> list[Path]:
    """The inputs as Paths, or InputError for the first one that cannot be read at all.

    Cheap (no pipeline, only the first 64 KiB of each top-level file): a missing path, a broken
    link, a path that is not a file or a folder (a FIFO is never opened), an empty file or folder,
    a file of unknown format, a text file that does not start as UTF-8. `-` is standard input,
    read as JSONL (given once; it is not read here).
    """
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r} (one of {', '.join(FORMATS)})")
    checked = []
    for raw in paths:
        path = Path(raw)
        if is_stdin(raw):
            if format not in (None, "jsonl"):
                raise InputError(f"-: standard input is read as JSONL, not --format {format}")
            if any(is_stdin(p) for p in checked):
                raise InputError("-: standard input given twice")
            checked.append(path)
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            if path.is_symlink():
                raise InputError(f"{path}: {broken(path, err)}") from None
            raise InputError(f"{path}: no such file or directory" if not os.path.lexists(path) else f"{path}: cannot be read ({err.strerror})") from None
        if stat.S_ISDIR(mode):
            first = next(_entries(path, format), None)
            if first is None:
                raise InputError(f"{path}: no readable file in it (expected {', '.join(sorted(_SUFFIXES))})")
            if first.path == path and first.problem:
                raise InputError(f"{path}: {first.problem}")
        elif not stat.S_ISREG(mode):
            raise InputError(f"{path}: {not_regular(mode)}")
        else:
            kind = format or format_of(path)
            if kind is None:
                raise InputError(f"{path}: unknown input format (expected {', '.join(sorted(_SUFFIXES))}, or --format)")
            if path.stat().st_size == 0:
                raise InputError(f"{path}: empty file, no article in it")
            if kind in ("txt", "jsonl", "csv"):
                _sniff_utf8(path, kind)
        checked.append(path)
    if not checked:
        raise InputError("no input given")
    return checked


def _warn(message: str) -> None:
    print(f"depeche: warning: {message}", file=sys.stderr, flush=True)


class _Ids:
    """The ids read so far (as 8-byte digests, to keep memory small), to warn once about each one repeated."""

    def __init__(self, warn: Callable[[str], None]):
        import hashlib

        self._digest = lambda ident: int.from_bytes(hashlib.blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
        self.seen: set[int] = set()
        self.warned: set[int] = set()
        self.warn = warn

    def add(self, ident: str | None, where: str) -> None:
        if ident is None:
            return
        key = self._digest(ident)
        if key not in self.seen:
            self.seen.add(key)
        elif key not in self.warned:
            self.warned.add(key)
            if len(self.warned) <= MAX_DUPLICATE_WARNINGS:
                self.warn(f"id {ident!r} repeated at {where} (seen before in this input); both articles are kept")
            elif len(self.warned) == MAX_DUPLICATE_WARNINGS + 1:
                self.warn("more ids are repeated; no more warnings about them")

    def close(self) -> None:
        if len(self.warned) > MAX_DUPLICATE_WARNINGS:
            self.warn(f"{len(self.warned)} ids are repeated in this input in all")


def read_located(
    paths: Iterable[str | Path], *, format: str | None = None, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[tuple[Item, str, int | None]]:
    """(item, the file it came from, its position there) for every item of `read`.

    Every entry of a folder is read or named (`readers.walk`); an id seen twice is warned about on
    stderr, once per id.
    """
    paths = check_inputs(paths, format)
    ids = _Ids(_warn)
    for path in paths:
        for entry in _entries(path, format):
            source = _source(entry.path)
            if entry.problem is not None:
                ident = entry.path.stem if entry.kind in ("txt", "html") else None
                items = iter([(error(source, None, entry.problem, ident, raw=entry.problem), None)])
            else:
                items = _located(entry.kind, entry.path, fields)
            for item, position in items:
                ids.add(item.id, f"{source}:{position}" if position is not None else source)
                yield item, source, position
    ids.close()


def read(paths: Iterable[str | Path], *, format: str | None = None, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """Articles and ErrorLines from files and folders, in order; `format` forces one format for every file."""
    return (item for item, _, _ in read_located(paths, format=format, fields=fields))


def count(paths: Iterable[str | Path], *, format: str | None = None) -> int | None:
    """How many items `read` will yield, when cheap to know (files and lines, no parsing); None for CSV and WARC."""
    total = 0
    for path in check_inputs(paths, format):
        if is_stdin(path):
            return None  # read once, as it comes
        for entry in _entries(path, format):
            if entry.problem is not None or entry.kind in ("txt", "html"):
                total += 1
            elif entry.kind == "jsonl":
                try:
                    with open_binary(entry.path) as handle:
                        total += sum(1 for line in handle if line.strip()) or 1
                except (EOFError, OSError, zlib.error):
                    return None
            else:
                return None
    return total
