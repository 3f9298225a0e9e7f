"""Streaming readers: each yields, in input order, an `Article` or an `ErrorLine` per input article.

One function per format, chosen by extension (or forced with `format=`):

| format | paths | one article per |
|---|---|---|
| `txt`  | `.txt` (+ sidecar `NAME.json` metadata) | file |
| `jsonl`| `.jsonl`, `.ndjson`, `.jsonl.gz`, `.ndjson.gz` | line |
| `csv`  | `.csv`, `.csv.gz` | row |
| `html` | `.html`, `.htm` (main text, title, date and URL by trafilatura) | file |
| `warc` | `.warc`, `.warc.gz` (HTML responses, through the HTML path; URL = WARC-Target-URI) | response record |

A folder is walked in sorted order and each file read by its extension (so a folder may mix
formats); files of other kinds are passed over, and `NAME.json` beside a `NAME.txt` is that
text's metadata. Nothing is held in memory beyond one article (one page for HTML).

Every article gets an id: the one given (the id field, or a file's stem), else
`extractor.derive_id` from its source and position, so that it is the same on every run.
Every ErrorLine gets one the same way (it is how `--resume` knows an input was done).

A path that cannot be read at all (missing, unknown format, a top-level file that is empty or not
UTF-8 text) raises `InputError` from `check_inputs`, before any pipeline is loaded.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields as dataclass_fields
from pathlib import Path

from pydantic import ValidationError

from depeche.extractor import derive_id
from depeche.records import Article, ErrorLine

Item = Article | ErrorLine

FORMATS = ("txt", "jsonl", "csv", "html", "warc")

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


class InputError(Exception):
    """An input that cannot be read at all (missing path, unknown format, empty or not UTF-8)."""


@dataclass(frozen=True)
class FieldMap:
    """Which input field (JSONL key, CSV column, sidecar key) holds each Article field."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    source: str = "source"

    def take(self, raw: Mapping) -> dict:
        """The Article fields found in `raw` (keys absent from it are left out)."""
        out = {}
        for f in dataclass_fields(self):
            key = getattr(self, f.name)
            if key in raw:
                out[f.name] = raw[key]
        return out


DEFAULT_FIELDS = FieldMap()


def format_of(path: Path) -> str | None:
    """The format of a file by its extension (`.jsonl.gz` counts as jsonl), or None."""
    name = path.name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


# --- one article ----------------------------------------------------------------------


def error(source: str, position: int | None, reason: str, ident: str | None = None, *, raw: str = "") -> ErrorLine:
    """An ErrorLine with an id: the given one, else derived from source and position (without a
    position, from `raw`, the input it was made from)."""
    if ident is None:
        ident = derive_id(f"{source}\n{raw}", source=source if position is not None else None, position=position)
    return ErrorLine(source=source, position=position, id=ident, reason=reason)


def _given_id(value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _clean(value):
    """Metadata values: blank strings are absent."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


_ISO_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def _date(value):
    """A publication date as given: ISO (kept for Article to read), else read by dateparser
    (« 15 juin 2020 », 15/06/2020, a Unix timestamp...); a value dateparser cannot read is left
    for Article to refuse, so the article becomes an error line rather than silently undated."""
    if value is None or not isinstance(value, (str, int, float)) or (isinstance(value, str) and _ISO_DAY.match(value)):
        return value
    import dateparser

    text = str(int(value)) if isinstance(value, (int, float)) else value
    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["fr", "en"], settings=settings)
    if parsed is None and text.isdigit():
        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed is not None else value


def make_article(fields: Mapping, *, source: str, position: int | None, default_id: str | None = None) -> Item:
    """An Article from Article-named fields, or the ErrorLine saying what is wrong with them."""
    ident = _given_id(fields.get("id")) or default_id
    raw = json.dumps(dict(fields), default=str, sort_keys=True) if ident is None and position is None else ""
    text = fields.get("text")
    if not isinstance(text, str):
        what = "no text" if text is None else f"the text is a {type(text).__name__}, not a string"
        return error(source, position, what, ident, raw=raw)
    if not text.strip():
        return error(source, position, "empty text", ident, raw=raw)
    published = _date(_clean(fields.get("published")))
    try:
        return Article(
            id=ident or derive_id(text, source=source if position is not None else None, position=position),
            title=_clean(fields.get("title")),
            published=published,
            url=_clean(fields.get("url")),
            source=_clean(fields.get("source")),
            text=text,
        )
    except ValidationError as err:
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        return error(source, position, f"bad metadata: {reason}", ident, raw=raw)


def _not_utf8(err: UnicodeDecodeError) -> str:
    return f"not UTF-8 text ({err.reason}, byte {err.object[err.start:err.start + 1]!r} at {err.start})"


def json_line_article(raw: bytes | str, fields: FieldMap, *, source: str, position: int | None) -> Item:
    """The article of one JSONL line, or the ErrorLine saying why it is none.

    Without a position (Ray reads lines without numbers), ids are derived from the line's text.
    """
    line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as err:
        return error(source, position, _not_utf8(err), raw=line)
    except ValueError as err:
        return error(source, position, f"not JSON ({err})", raw=line)
    if not isinstance(value, dict):
        return error(source, position, f"not a JSON object (a {type(value).__name__})", raw=line)
    return make_article(fields.take(value), source=source, position=position)


# --- formats --------------------------------------------------------------------------


def _txt(path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    """One `.txt` article; its metadata from a sidecar `NAME.json` (keys mapped by `fields`) when there is one."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        yield error(source, None, _not_utf8(err), path.stem), None
        return
    except OSError as err:
        yield error(source, None, f"cannot be read ({err.strerror})", path.stem), None
        return
    meta: dict = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            loaded = json.loads(sidecar.read_bytes().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            yield error(str(sidecar), None, f"sidecar metadata is not JSON: {err}", path.stem), None
            return
        if not isinstance(loaded, dict):
            yield error(str(sidecar), None, "sidecar metadata is not a JSON object", path.stem), None
            return
        meta = fields.take(loaded)
    meta["text"] = text
    yield make_article(meta, source=source, position=None, default_id=path.stem), None


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _jsonl(path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    """One article per line of a JSONL (or JSONL.gz) file; positions are 1-based line numbers."""
    source = str(path)
    position = 0
    seen = False
    try:
        with _open_binary(path) as handle:
            for position, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                seen = True
                yield json_line_article(raw, fields, source=source, position=position), position
    except (EOFError, OSError, zlib.error) as err:  # a truncated or corrupt .gz
        yield error(source, position + 1, f"unreadable from here on: {err}"), position + 1
        return
    if not seen:
        yield error(source, None, "empty file: no article in it"), None


def _csv(path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    """One article per row of a CSV file with a header; positions are 1-based row numbers."""
    source = str(path)
    csv.field_size_limit(2**31 - 1)
    position = 0
    try:
        with _open_binary(path) as raw:
            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            reader = csv.DictReader(handle)
            for position, row in enumerate(reader, start=1):
                if None in row:
                    yield error(source, position, f"row has {len(row) - 1 + len(row[None])} cells, the header {len(reader.fieldnames or [])}"), position
                    continue
                yield make_article(fields.take(row), source=source, position=position), position
    except UnicodeDecodeError as err:
        yield error(source, position + 1, f"unreadable from here on: {_not_utf8(err)}"), position + 1
        return
    except (csv.Error, EOFError, OSError, zlib.error) as err:
        yield error(source, position + 1, f"unreadable from here on: {err}"), position + 1
        return
    if position == 0:
        yield error(source, None, "empty file: no article in it"), None


def html_article(
    html: bytes | str,
    *,
    source: str,
    position: int | None,
    default_id: str | None = None,
    url: str | None = None,
    published=None,
) -> Item:
    """The article of one HTML page: main text, title, publication date and URL by trafilatura.

    `url` (a WARC record's target URI) wins over the page's own; `published` is the fallback date
    when the page gives none.
    """
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as err:  # trafilatura/lxml on a broken page
        return error(source, position, f"HTML could not be parsed: {err}", default_id)
    if document is None or not (document.text or "").strip():
        return error(source, position, "no main text found in the HTML page", default_id)
    return make_article(
        {
            "text": document.text,
            "title": document.title,
            "published": document.date or published,
            "url": url or document.url,
        },
        source=source,
        position=position,
        default_id=default_id,
    )


def _html(path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    """One `.html` / `.htm` page; its id is the file's stem."""
    try:
        html = path.read_bytes()
    except OSError as err:
        yield error(str(path), None, f"cannot be read ({err.strerror})", path.stem), None
        return
    if not html.strip():
        yield error(str(path), None, "empty file: no article in it", path.stem), None
        return
    yield html_article(html, source=str(path), position=None, default_id=path.stem), None


def _warc(path: Path, fields: FieldMap) -> Iterator[tuple[Item, int | None]]:
    """Every HTML `response` record of a WARC(.gz), through the HTML path; positions count responses from 1.

    The article's URL is the record's WARC-Target-URI; its WARC-Date is the publication date
    only when the page itself gives none.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    position = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                position += 1
                content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if content_type and "html" not in content_type.lower():
                    record.content_stream().read()
                    yield error(source, position, f"not an HTML response ({content_type})"), position
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                body = record.content_stream().read()
                if not body.strip():
                    yield error(source, position, "empty response body"), position
                    continue
                yield html_article(body, source=source, position=position, url=url, published=date), position
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as err:
        yield error(source, position + 1, f"unreadable from here on: {err}"), position + 1
        return
    if position == 0:
        yield error(source, None, "no response record in the WARC file"), None


_LOCATED = {"txt": _txt, "jsonl": _jsonl, "csv": _csv, "html": _html, "warc": _warc}


def _items(located: Iterator[tuple[Item, int | None]]) -> Iterator[Item]:
    return (item for item, _ in located)


def read_txt(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One `.txt` article; its metadata from a sidecar `NAME.json` (keys mapped by `fields`) when there is one."""
    return _items(_txt(Path(path), fields))


def read_jsonl(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One article per line of a JSONL (or JSONL.gz) file; positions are 1-based line numbers."""
    return _items(_jsonl(Path(path), fields))


def read_csv(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One article per row of a CSV file with a header; positions are 1-based row numbers."""
    return _items(_csv(Path(path), fields))


def read_html(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """One `.html` / `.htm` page; its id is the file's stem."""
    return _items(_html(Path(path), fields))


def read_warc(path: Path, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """Every HTML response of a WARC(.gz), through the HTML path; positions count responses from 1."""
    return _items(_warc(Path(path), fields))


READERS = {"txt": read_txt, "jsonl": read_jsonl, "csv": read_csv, "html": read_html, "warc": read_warc}


# --- paths ----------------------------------------------------------------------------


def _files(folder: Path) -> Iterator[tuple[Path, str]]:
    """The readable files below `folder`, sorted, with their formats (sidecar .json and other kinds skipped)."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        kind = format_of(path)
        if kind is not None:
            yield path, kind


def _sniff_utf8(path: Path, kind: str, size: int = 1 << 16) -> None:
    """Raise InputError when a text file is empty, or not in UTF-8 as far as its first 64 KiB tell.

    A .txt must decode whole. A JSONL/CSV file is refused when more than half of its lines do not
    decode (a file in another encoding); a bad line among good ones is that line's error line,
    not the file's refusal.
    """
    try:
        with _open_binary(path) as handle:
            head = handle.read(size)
    except (OSError, EOFError, zlib.error) as err:
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
        raise InputError(f"{path}: {_not_utf8(failures[0])}; re-encode it as UTF-8") from None


def check_inputs(paths: Iterable[str | Path], format: str | None = None) -> list[Path]:
    """The inputs as Paths, or InputError for the first one that cannot be read at all.

    Cheap (no pipeline, only the first 64 KiB of each top-level file): a missing path, an empty
    file or folder, a file of unknown format, a text file that does not start as UTF-8.
    """
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r} (one of {', '.join(FORMATS)})")
    checked = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            if format is None and next(_files(path), None) is None:
                raise InputError(f"{path}: no readable file in it (expected {', '.join(sorted(_SUFFIXES))})")
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


def read_located(
    paths: Iterable[str | Path], *, format: str | None = None, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[tuple[Item, str, int | None]]:
    """(item, the file it came from, its position there) for every item of `read`."""
    paths = check_inputs(paths, format)
    for path in paths:
        if path.is_dir():
            if format is not None:
                files = ((p, format) for p in sorted(path.rglob("*")) if p.is_file() and not _is_sidecar(p, format))
            else:
                files = _files(path)
        else:
            files = [(path, format or format_of(path))]
        for file, kind in files:
            for item, position in _LOCATED[kind](file, fields):
                yield item, str(file), position


def read(paths: Iterable[str | Path], *, format: str | None = None, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Item]:
    """Articles and ErrorLines from files and folders, in order; `format` forces one format for every file."""
    return (item for item, _, _ in read_located(paths, format=format, fields=fields))


def _is_sidecar(path: Path, format: str) -> bool:
    return format == "txt" and path.suffix == ".json"


def count(paths: Iterable[str | Path], *, format: str | None = None) -> int | None:
    """How many items `read` will yield, when cheap to know (files and lines, no parsing); None for WARC."""
    total = 0
    for path in check_inputs(paths, format):
        files = _files(path) if path.is_dir() else [(path, format or format_of(path))]
        for file, kind in files:
            if format is not None:
                kind = format
            if kind in ("txt", "html"):
                total += 1
            elif kind == "jsonl":
                try:
                    with _open_binary(file) as handle:
                        total += sum(1 for line in handle if line.strip()) or 1
                except (EOFError, OSError, zlib.error):
                    return None
            else:
                return None
    return total
