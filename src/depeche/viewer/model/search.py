"""Search and filters of the article list: folding, keys, the query's filters, matching an entry."""

from __future__ import annotations

import re
import unicodedata
from typing import Any


# finds « Véran », « coeur » « cœur », « l'accord » « l’accord » and « 3 000 » « 3\u202f000 ».
_MARKS = re.compile("[\u0300-\u036f]")
_FOLD = str.maketrans(
    {
        "œ": "oe", "æ": "ae", "ß": "ss", "ς": "σ",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """`text` without case or accents, as the viewer's search compares it (the page folds the same way)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower().translate(_FOLD)


# The characters `fold` turns into ASCII other than by dropping accents, before lower-casing.
_SKELETON = (
    ("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"), ("ẞ", "ss"),
    ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u2007", " "),
)  # fmt: skip


def ascii_skeleton(text: str) -> bytes:
    """A cheap stand-in for `fold(text)` when looking for an ASCII query: the ASCII it folds to.

    Every ASCII string found in `fold(text)` is found in `ascii_skeleton(text)` (characters that do
    not fold to ASCII are dropped, so the converse may not hold); it costs a fraction of `fold`,
    which is what lets `depeche serve` test each raw line before parsing the few that may match.
    """
    for char, ascii_ in _SKELETON:
        if char in text:
            text = text.replace(char, ascii_)
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").lower()


def search_keys(entry: dict) -> dict[str, Any]:
    """An index entry's searchable fields, folded once (kept beside the entry, never sent to the page)."""
    return {
        "title": fold(entry["title"]),
        "id": fold(entry["id"]),
        "orgs": [fold(name) for name in entry["orgs"] + entry.get("org_entities", [])],
        "people": [fold(name) for name in entry["people"] + entry.get("people_entities", [])],
    }


def parse_filters(query: dict[str, str]) -> dict[str, Any]:
    return {
        "q": fold((query.get("q") or "").strip()),
        "field": query.get("field") or "all",
        "deal": query.get("deal") in ("1", "true", "on"),
        "deadline": query.get("deadline") in ("1", "true", "on"),
        "status": query.get("status") or "",
        "from": query.get("from") or "",
        "to": query.get("to") or "",
    }


def needs_text(filters: dict[str, Any]) -> bool:
    """Whether the filters search article texts (a query in every field, or in the text)."""
    return bool(filters.get("q")) and (filters.get("field") or "all") in ("all", "text")


def matches(entry: dict, filters: dict[str, Any], text: str | None = None, keys: dict | None = None) -> bool:
    """Whether an index entry passes the list's filters (the page's JS applies the same rules).

    `filters` holds q, field (all | text | organisation | person), deal, deadline, status,
    from, to (ISO dates, inclusive). The query is compared folded (`fold`: no case, no accents)
    with the entry's title, id, organisation and person names, and `text`, the article text,
    needed only when searching text; without it, a text search looks at the title and id alone.
    `keys` is `search_keys(entry)` when the caller keeps them (they are computed otherwise).
    """
    if filters.get("deal") and not entry["deals"]:
        return False
    if filters.get("deadline") and not entry["deadlines"]:
        return False
    if filters.get("status") and filters["status"] not in entry["statuses"]:
        return False
    published = entry["published"] or ""
    if filters.get("from") and (not published or published < filters["from"]):
        return False
    if filters.get("to") and (not published or published > filters["to"]):
        return False
    q = fold(filters.get("q") or "")
    if not q:
        return True
    keys = keys if keys is not None else search_keys(entry)
    field = filters.get("field") or "all"
    if field in ("all", "organisation") and any(q in name for name in keys["orgs"]):
        return True
    if field in ("all", "person") and any(q in name for name in keys["people"]):
        return True
    if field in ("all", "text"):
        if q in keys["title"] or q in keys["id"]:
            return True
        if text is not None and q in fold(text):
            return True
    return False
