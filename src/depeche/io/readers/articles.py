"""One article from its fields: ids, publication dates, metadata — an Article, or the ErrorLine
saying what is wrong; nothing here raises (see `depeche.io.readers` for the rules)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields as dataclass_fields

from pydantic import ValidationError

from depeche.extractor import derive_id
from depeche.records import Article, ErrorLine

Item = Article | ErrorLine

MAX_DATE_CHARS = 100  # a longer "published" is refused before dateparser sees it (1 MB stalled it 21 s)
MAX_REASON_CHARS = 300


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


# --- one article ----------------------------------------------------------------------


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def error(source: str, position: int | None, reason: str, ident: str | None = None, *, raw: str = "") -> ErrorLine:
    """An ErrorLine with an id: the given one, else derived from source and position (without a
    position, from `raw`, the input it was made from)."""
    if ident is None:
        ident = derive_id(f"{source}\n{raw}", source=source if position is not None else None, position=position)
    return ErrorLine(source=source, position=position, id=ident, reason=_one_line(reason))


def _what(value) -> str:
    """How a reason names a JSON value: true, NaN, 'demain', a list..."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, (str, int, float)):
        return repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "…"
    return f"a {'list' if isinstance(value, list) else 'JSON object' if isinstance(value, dict) else type(value).__name__}"


def _given_id(value) -> tuple[str | None, str | None]:
    """(the id, None), or (None, why `value` is no id); (None, None) when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str):
        return value, None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    if isinstance(value, float) and math.isfinite(value):
        return (str(int(value)) if value.is_integer() else repr(value)), None
    return None, f"id: {_what(value)} is not an id (a string or a number)"


def _clean(value):
    """Metadata values: blank strings are absent."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_BASES = (dt.datetime(2001, 3, 5, 7, 0), dt.datetime(2013, 9, 21, 19, 30))  # a date read the same from both is absolute


@functools.lru_cache(maxsize=4096)
def _dateparser_day(text: str) -> dt.date | str:
    """The day dateparser reads in `text`, or why there is none (relative, or not a date)."""
    import dateparser

    days = []
    for base in _BASES:
        settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False, "RELATIVE_BASE": base}
        parsed = dateparser.parse(text, languages=["fr", "en"], settings=settings)
        if parsed is None and text.isdigit() and len(text) >= 9:  # a Unix timestamp (seconds, or ms...)
            parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "RELATIVE_BASE": base})
        days.append(parsed.date() if parsed is not None else None)
    if days[0] is not None and days[0] == days[1]:
        return days[0]
    if days[0] is None and days[1] is None:
        return "not an absolute date (a day, a month and a year) that can be read"
    return "a relative date, not an absolute one"


def _published(value) -> tuple[dt.date | None, str | None]:
    """(the publication day or None, None), or (None, why `value` is refused); see the module's doc."""
    if value is None or isinstance(value, (dt.date, dt.datetime)):
        return value, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, f"published: {_what(value)} is not a date"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"published: {_what(value)} is not a date"
    text = value.strip() if isinstance(value, str) else str(int(value))
    if not text:
        return None, None
    if not isinstance(value, str) and len(text) > 20:
        return None, f"published: {_what(value)} is not a date (nor a Unix timestamp)"
    if len(text) > MAX_DATE_CHARS:
        return None, f"published: {len(text)} characters, too long for a date (at most {MAX_DATE_CHARS})"
    if len(text) == 8 and text.isdigit():  # ISO 8601 basic: 20201125
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if _ISO_DAY.match(text):
        try:
            return dt.date.fromisoformat(text[:10]), None
        except ValueError as err:
            return None, f"published: {_what(text)} is not a date ({err})"
    day = _dateparser_day(text)
    if isinstance(day, str):
        return None, f"published: {_what(value)} is {day}"
    return day, None


def make_article(fields: Mapping, *, source: str, position: int | None, default_id: str | None = None) -> Item:
    """An Article from Article-named fields, or the ErrorLine saying what is wrong with them; never raises."""
    ident, bad_id = _given_id(fields.get("id"))
    ident = ident or default_id
    try:
        raw = json.dumps(dict(fields), default=str, sort_keys=True) if ident is None and position is None else ""
    except (ValueError, RecursionError):  # NaN is fine in json.dumps; a self-referencing value is not
        raw = repr(sorted(fields))
    try:
        text = fields.get("text")
        if bad_id:
            return error(source, position, f"bad metadata: {bad_id}", ident, raw=raw)
        if not isinstance(text, str):
            what = "no text" if text is None else f"the text is {_what(text)}, not a string"
            return error(source, position, what, ident, raw=raw)
        if not text.strip():
            return error(source, position, "empty text", ident, raw=raw)
        published, bad_date = _published(_clean(fields.get("published")))
        if bad_date:
            return error(source, position, f"bad metadata: {bad_date}", ident, raw=raw)
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
    except Exception as err:  # noqa: BLE001 - whatever it is, it is this article's error line
        return error(source, position, f"could not be read: {type(err).__name__}: {err}", ident, raw=raw)


def not_utf8(err: UnicodeDecodeError) -> str:
    return f"not UTF-8 text ({err.reason}, byte {err.object[err.start:err.start + 1]!r} at {err.start})"


def json_line_article(raw: bytes | str, fields: FieldMap, *, source: str, position: int | None) -> Item:
    """The article of one JSONL line, or the ErrorLine saying why it is none; never raises.

    Without a position (Ray reads lines without numbers), ids are derived from the line's text.
    A byte order mark before the line is no part of it. `NaN` and `Infinity` are read (Python
    writes them) and refused where they stand for a field (a date, an id).
    """
    line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff"))
    except UnicodeDecodeError as err:
        return error(source, position, not_utf8(err), raw=line)
    except RecursionError:
        return error(source, position, "not JSON that can be read: nested too deeply", raw=line)
    except ValueError as err:
        return error(source, position, f"not JSON ({err})", raw=line)
    if not isinstance(value, dict):
        return error(source, position, f"not a JSON object ({_what(value)})", raw=line)
    return make_article(fields.take(value), source=source, position=position)


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
