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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from depeche.records import ArticleRecord, Deal, Span

# Every kind of highlighted span, in the order the legend lists them.
KINDS = (
    "organisation",
    "person",
    "role",
    "date",
    "deadline",
    "trigger",
    "party",
    "money",
    "stake",
    "asset",
    "source",
    "condition",
    "evidence",
)

# Records per kind in the side panel, in this order.
RECORD_KINDS = ("deal", "deadline", "organisation", "person", "date")

TITLE_FALLBACK = 120  # characters of the text used as a title when the article has none
OVERVIEW_LIMIT = 2000  # rows kept per overview table (deadlines, deals)
OVERVIEW_NAMES = 300  # organisations / people kept in the overview


def _money(value) -> str:
    if value is None:
        return ""
    amount = value.value
    for size, word in ((1e9, "Md"), (1e6, "M")):
        if abs(amount) >= size:
            return f"{amount / size:.4g} {word} {value.currency}".replace(".", ",")
    shown = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return shown.replace(",", "\u202f").replace(".", ",") + f" {value.currency}"


def title_of(record: ArticleRecord) -> str:
    article = record.article
    if article.title and article.title.strip():
        return article.title.strip()
    first = article.text.strip().split("\n", 1)[0]
    return first[:TITLE_FALLBACK] + ("…" if len(first) > TITLE_FALLBACK else "")


def _names(record: ArticleRecord) -> dict[str, str]:
    """id -> display name for organisations and people."""
    names = {o.id: o.name for o in record.organisations}
    names.update({p.id: p.name for p in record.people})
    return names


def provenance(item: Any, prefix: str = "") -> str:
    """« confidence 0.93 · via a, b » for an item of schema 2 (`prefix` + `confidence` / `via` attributes), or ""."""
    confidence = getattr(item, f"{prefix}confidence", None)
    via = getattr(item, f"{prefix}via", None) or []
    parts = []
    if confidence is not None:
        parts.append(f"{prefix.rstrip('_').replace('_', ' ') + ' ' if prefix else ''}confidence {confidence:.2f}")
    if via:
        parts.append("via " + ", ".join(via))
    return " · ".join(parts)


def deal_label(deal: Deal) -> str:
    parties = [p.name for p in deal.parties if p.role not in ("advisor", "regulator")]
    return f"{deal.kind}: " + (" · ".join(parties) if parties else "(no party found)")


class _Builder:
    def __init__(self, record: ArticleRecord):
        self.record = record
        self.spans: list[list] = []
        self.records: list[dict] = []

    def add_record(self, kind: str, rid: str, label: str, sub: str = "", fields: list | None = None) -> int:
        self.records.append(
            {"kind": kind, "id": rid, "label": label, "sub": sub, "fields": fields or [], "spans": []}
        )
        return len(self.records) - 1

    def add_span(self, rec: int, span: Span | None, kind: str, note: str = "", item: Any = None, more: str = "") -> None:
        """`span` of record `rec`; `item` is the record item whose confidence and via its tooltip shows
        (`more`: a second provenance, such as a deal's status's)."""
        if span is None:
            return
        self.records[rec]["spans"].append(len(self.spans))
        shown = " · ".join(x for x in (provenance(item) if item is not None else "", more) if x)
        self.spans.append([span.start, span.end, kind, rec, note, shown])


def article_view(record: ArticleRecord, n: int) -> dict[str, Any]:
    """The page's view of one article: text, spans and side-panel records."""
    article = record.article
    names = _names(record)
    b = _Builder(record)

    for deal in record.deals:
        fields = [["status", deal.status], ["kind", deal.kind]]
        fields += [[p.role, p.name + (f" ({p.description})" if p.description else "")] for p in deal.parties]
        if deal.asset:
            fields.append(["asset", deal.asset.text])
        if deal.amount:
            fields.append(["amount", _money(deal.amount)])
        if deal.price_per_share:
            fields.append(["per share", _money(deal.price_per_share)])
        if deal.stake:
            fields.append(["stake", f"{deal.stake.percent:g} %"])
        if deal.reported_by:
            fields.append(["reported by", deal.reported_by.name])
        fields += [["condition", c.text] for c in deal.conditions]
        fields += [["new entity", e.name] for e in deal.new_entities]
        by_id = {d.id: d for d in record.deadlines}
        fields += [["deadline", by_id[i].date if i in by_id else i] for i in deal.deadlines]
        rec = b.add_record("deal", deal.id, deal_label(deal), deal.status, fields)
        b.add_span(rec, deal.trigger, "trigger", f"{deal.kind} · {deal.status}", deal, provenance(deal, "status_"))
        for party in deal.parties:
            b.add_span(rec, party.span, "party", f"{party.role}: {party.name}", party)
        if deal.asset:
            b.add_span(rec, deal.asset.span, "asset", "asset")
        if deal.amount:
            b.add_span(rec, deal.amount.span, "money", _money(deal.amount), deal.amount)
        if deal.price_per_share:
            b.add_span(rec, deal.price_per_share.span, "money", "per share: " + _money(deal.price_per_share), deal.price_per_share)
        if deal.stake:
            b.add_span(rec, deal.stake.span, "stake", f"{deal.stake.percent:g} %")
        if deal.reported_by:
            b.add_span(rec, deal.reported_by.span, "source", f"reported by {deal.reported_by.name}")
        for condition in deal.conditions:
            b.add_span(rec, condition.span, "condition", "condition")
        for entity in deal.new_entities:
            b.add_span(rec, entity.span, "party", f"new entity: {entity.name}")
        for evidence in deal.evidence:
            b.add_span(rec, evidence, "evidence", "evidence")

    for deadline in record.deadlines:
        parties = [names.get(p, p) for p in deadline.parties]
        fields = [["date", deadline.date], ["kind", deadline.kind]]
        if deadline.description:
            fields.append(["what", deadline.description])
        fields += [["party", p] for p in parties]
        sub = deadline.kind + (f" · {deadline.description}" if deadline.description else "")
        rec = b.add_record("deadline", deadline.id, deadline.date, sub, fields)
        b.add_span(rec, deadline.span, "deadline", f"{deadline.kind}: {deadline.date}", deadline)
        b.add_span(rec, deadline.trigger, "trigger", deadline.description or deadline.kind, deadline)
        b.add_span(rec, deadline.evidence, "evidence", "evidence")

    for org in record.organisations:
        fields = [["kind", org.kind]] + [["alias", a] for a in org.aliases]
        rec = b.add_record("organisation", org.id, org.name, f"{org.kind} · {len(org.mentions)}×", fields)
        for mention in org.mentions:
            b.add_span(rec, mention, "organisation", org.kind, org)

    for person in record.people:
        roles = [r.title + (f" ({names.get(r.organisation, r.organisation)})" if r.organisation else "") for r in person.roles]
        fields = [["role", r] for r in roles] + [["alias", a] for a in person.aliases]
        rec = b.add_record("person", person.id, person.name, " · ".join(roles) or f"{len(person.mentions)}×", fields)
        for mention in person.mentions:
            b.add_span(rec, mention, "person", roles[0] if roles else "", person)
        for role, shown in zip(person.roles, roles):
            b.add_span(rec, role.span, "role", shown, role)

    for i, date in enumerate(record.dates):
        fields = [["value", date.value], ["type", date.type], ["granularity", date.granularity]]
        if date.relative:
            fields.append(["relative", "yes"])
        rec = b.add_record("date", f"date-{i}", date.value, f"{date.type} · « {date.span.text} »", fields)
        b.add_span(rec, date.span, "date", f"{date.value} ({date.granularity})", date)

    return {
        "n": n,
        "id": article.id,
        "title": title_of(record),
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "source": article.source,
        "text": article.text,
        "spans": _utf16(article.text, b.spans),
        "records": b.records,
        "warnings": list(record.warnings),
    }


def _utf16(text: str, spans: list[list]) -> list[list]:
    """Spans with offsets in UTF-16 code units, as JavaScript strings count them.

    Records count code points; a character outside the Basic Multilingual Plane (an emoji) is one
    code point but two UTF-16 units, so every offset after it moves by one in the page.
    """
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return spans
    from bisect import bisect_left

    def shift(offset: int) -> int:
        return offset + bisect_left(astral, offset)

    return [[shift(a), shift(b), *rest] for a, b, *rest in spans]


def index_entry(record: ArticleRecord, n: int) -> dict[str, Any]:
    """What the article list needs to show, search and filter one article."""
    article = record.article
    return {
        "n": n,
        "id": article.id,
        "title": title_of(record),
        "published": article.published.isoformat() if article.published else None,
        "orgs": [o.name for o in record.organisations],
        "people": [p.name for p in record.people],
        "deals": len(record.deals),
        "deadlines": len(record.deadlines),
        "dates": len(record.dates),
        "statuses": sorted({d.status for d in record.deals}),
    }


# Search folds case and accents the same way here and in the page's JS (`fold` in viewer.js):
# NFD, combining diacritics (U+0300-U+036F) dropped, lower case, then the table below, so « veran »
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


class Overview:
    """Figures across the dump, accumulated one record at a time. Organisations and people are counted as the
    registry's entities (`depeche.registry`): « Edouard Philippe » and « Édouard Philippe » are one row, by articles."""

    def __init__(self) -> None:
        from depeche.registry import Registry

        self.articles = 0
        self.registry = Registry()
        self._built = None
        self.statuses: Counter[str] = Counter()
        self.first: dict[str, int] = {}
        self.deadlines: list[dict] = []
        self.deals: list[dict] = []
        self.totals: Counter[str] = Counter()
        self.dates: list[str] = []

    def add(self, record: ArticleRecord, n: int) -> None:
        self.articles += 1
        title = title_of(record)
        published = record.article.published.isoformat() if record.article.published else None
        if published:
            self.dates.append(published)
        self.registry.add(record)
        self._built = None
        for key in ("organisations", "people", "dates", "deadlines", "deals"):
            self.totals[key] += len(getattr(record, key))
        names = _names(record)
        for deadline in record.deadlines:
            self.deadlines.append(
                {
                    "date": deadline.date,
                    "kind": deadline.kind,
                    "what": deadline.description or deadline.evidence.text[:140],
                    "parties": [names.get(p, p) for p in deadline.parties],
                    "n": n,
                    "rid": deadline.id,
                    "title": title,
                }
            )
        for deal in record.deals:
            self.statuses[deal.status] += 1
            self.deals.append(
                {
                    "kind": deal.kind,
                    "status": deal.status,
                    "parties": [[p.role, p.name] for p in deal.parties],
                    "amount": _money(deal.amount),
                    "amount_value": deal.amount.value if deal.amount else None,
                    "amount_currency": deal.amount.currency if deal.amount else None,
                    "stake": f"{deal.stake.percent:g} %" if deal.stake else "",
                    "stake_percent": deal.stake.percent if deal.stake else None,
                    "published": published,
                    "n": n,
                    "id": record.article.id,
                    "rid": deal.id,
                    "title": title,
                }
            )

    @property
    def built(self):
        """The registry of the records added so far (`depeche.registry.Built`), built again after an `add`."""
        if self._built is None:
            self._built = self.registry.build()
        return self._built

    def link(self, entries: list[dict]) -> None:
        """Give each index entry the canonical names of its entities (`org_entities`, `people_entities`), so that a
        search for « Donald Trump » finds the article that names him « Trump » only, and one for « Edouard » the
        article that writes « Édouard »; `search_keys` and the page's `keysOf` search them beside the names."""
        built = self.built
        names = {e.key: (e.kind == "person", e.name) for e in built.entities}
        per_article: dict[str, set[tuple[bool, str]]] = {}
        for (article, _), key in built.where.items():
            per_article.setdefault(article, set()).add(names[key])
        for entry in entries:
            found = per_article.get(entry["id"], set())
            entry["org_entities"] = sorted(n for person, n in found if not person and n not in entry["orgs"])
            entry["people_entities"] = sorted(n for person, n in found if person and n not in entry["people"])

    def result(self, tracked: list | None = None) -> dict[str, Any]:
        rows = self.built.entities  # most articles first
        orgs = [e for e in rows if e.kind != "person"]
        people = [e for e in rows if e.kind == "person"]
        # Partial dates (XXXX-12-04, 2020-12) sort with their known digits; unknown years last.
        deadlines = sorted(self.deadlines, key=lambda d: (d["date"].startswith("X"), d["date"], d["n"]))
        deals = sorted(self.deals, key=lambda d: (d["published"] or "", d["n"]))
        dates = sorted(self.dates)
        return {
            "articles": self.articles,
            "period": [dates[0], dates[-1]] if dates else None,
            "totals": dict(self.totals),
            "organisations": [[e.name, e.articles, e.kind] for e in orgs[:OVERVIEW_NAMES]],
            "organisations_total": len(orgs),
            "people": [[e.name, e.articles] for e in people[:OVERVIEW_NAMES]],
            "people_total": len(people),
            "statuses": dict(self.statuses.most_common()),
            "deadlines": deadlines[:OVERVIEW_LIMIT],
            "deadlines_total": len(deadlines),
            "deals": deals[:OVERVIEW_LIMIT],
            "deals_total": len(deals),
            "tracked": tracked,
        }


def _light(record: ArticleRecord) -> ArticleRecord:
    """A record without its article text: what tracking needs, at a fraction of the memory."""
    return record.model_copy(update={"article": record.article.model_copy(update={"text": ""})})


class DealTracker:
    """Collects what `depeche.aggregate.track_deals` needs, one record at a time; None-safe when
    that module is absent (then `result()` is None and the page shows no tracked-deals block)."""

    def __init__(self) -> None:
        try:
            from depeche.aggregate import track_deals
        except ImportError:
            track_deals = None
        self.track = track_deals
        self.records: list[ArticleRecord] = []
        self.where: dict[str, tuple[int, str]] = {}

    def add(self, record: ArticleRecord, n: int) -> None:
        if self.track is None or not record.deals:
            return
        self.records.append(_light(record))
        self.where[record.article.id] = (n, title_of(record))

    def result(self, built=None) -> list[dict] | None:
        """Tracked deals seen in more than one article, most sightings first, as page data; parties compared
        through `built` (the overview's registry of every record) when given."""
        if self.track is None:
            return None
        out = []
        for tracked in self.track(self.records, built=built):
            if len(tracked.timeline) < 2:
                continue
            events = []
            for sighting in tracked.timeline:
                n, title = self.where.get(sighting.article, (None, sighting.article))
                events.append(
                    {
                        "date": sighting.published.isoformat() if sighting.published else None,
                        "status": sighting.status,
                        "reported_by": sighting.reported_by,
                        "amount": _money(sighting.amount),
                        "n": n,
                        "deal": sighting.deal,
                        "title": title,
                    }
                )
            out.append(
                {
                    "id": tracked.id,
                    "kind": tracked.kind,
                    "status": tracked.status,
                    "parties": [[p.role, p.name] for p in tracked.parties],
                    "first_seen": tracked.first_seen.isoformat() if tracked.first_seen else None,
                    "last_seen": tracked.last_seen.isoformat() if tracked.last_seen else None,
                    "events": events,
                }
            )
        out.sort(key=lambda t: (-len(t["events"]), t["first_seen"] or ""))
        return out[:OVERVIEW_LIMIT]


def statuses_in(entries: Iterable[dict]) -> list[str]:
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(entry["statuses"])
    return [s for s, _ in counts.most_common()]


__all__ = [
    "KINDS",
    "Overview",
    "article_view",
    "deal_label",
    "ascii_skeleton",
    "fold",
    "index_entry",
    "matches",
    "needs_text",
    "parse_filters",
    "search_keys",
    "statuses_in",
    "title_of",
    "DealTracker",
]
