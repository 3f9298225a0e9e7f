"""The per-article parts of the viewer's data: an article's view (text, spans, records) and its index entry."""

from __future__ import annotations

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
