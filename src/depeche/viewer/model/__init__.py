"""What the viewer page shows, computed once in Python from `ArticleRecord`s.

The page (file or server mode) never sees a raw record: it gets, per article, a *view*
(the text, a flat list of spans with their kind and the record they belong to, and a list
of records for the side panel), a short *index entry* for the article list (search and
filters), and one *overview* across the dump. Everything here is plain JSON data.

A span in a view is `[start, end, kind, record, note, provenance]`: offsets into the article text (end
exclusive; in UTF-16 code units, as JavaScript counts, which differ from the record's code points
only after a character outside the BMP, such as an emoji), one of `KINDS`, the position of its record in the
view's `records` list, a short note for the tooltip (a role, a normalised value...), and the item's
confidence and via for the tooltip (`provenance`: « confidence 0.93 · via dates.pattern:day_month »; empty
when the item has neither, as in schema-1 records).

It is a package of three parts: `views` (an article's view and index entry), `search` (folding, keys,
filters) and `overview` (the figures across the dump, deals tracked across articles); every name is
re-exported here.
"""

from __future__ import annotations

from depeche.viewer.model.overview import DealTracker, Overview, _light, statuses_in
from depeche.viewer.model.search import (
    _FOLD,
    _MARKS,
    _SKELETON,
    ascii_skeleton,
    fold,
    matches,
    needs_text,
    parse_filters,
    search_keys,
)
from depeche.viewer.model.views import (
    KINDS,
    OVERVIEW_LIMIT,
    OVERVIEW_NAMES,
    RECORD_KINDS,
    TITLE_FALLBACK,
    _Builder,
    _money,
    _names,
    _utf16,
    article_view,
    deal_label,
    index_entry,
    provenance,
    title_of,
)

__all__ = [
    "KINDS", "Overview", "article_view", "deal_label", "ascii_skeleton", "fold", "index_entry", "matches",
    "needs_text", "parse_filters", "search_keys", "statuses_in", "title_of", "DealTracker",
]
