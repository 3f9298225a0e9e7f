"""The one place a processed Doc becomes an ArticleRecord."""

from __future__ import annotations

import re

from pydantic import BaseModel
from spacy.tokens import Doc

from depeche import docattrs
from depeche.records import Article, ArticleRecord, Organisation, Person, Span


def to_record(doc: Doc, article: Article | None = None) -> ArticleRecord:
    """The record of a Doc that went through depeche's pipeline.

    `article` defaults to the one the Extractor put on the Doc; its text must be the Doc's text,
    since every span in the record is an offset into it.
    """
    article = article or doc._.article or Article(id="doc", text=doc.text)
    if article.text != doc.text:
        raise ValueError(f"article {article.id!r}: its text is not the text of the Doc")
    return ArticleRecord(
        article=article,
        organisations=docattrs.get(doc, "organisations"),
        people=docattrs.get(doc, "people"),
        dates=docattrs.get(doc, "dates"),
        deadlines=docattrs.get(doc, "deadlines"),
        deals=docattrs.get(doc, "deals"),
        warnings=docattrs.get(doc, "depeche_warnings"),
    )


# --- long articles processed in pieces ----------------------------------------------


def _shift(value, offset: int):
    """`value` (a record model, a list of them, or a plain value) with every Span moved by `offset`."""
    if isinstance(value, Span):
        return value.shifted(offset)
    if isinstance(value, list):
        return [_shift(item, offset) for item in value]
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _shift(getattr(value, name), offset) for name in type(value).model_fields})
    return value


def _numbered(prefix_of: str, n: int) -> str:
    """`d3` from (`d1`, 3): the id's non-numeric prefix, then n."""
    match = re.match(r"^(.*?)(\d+)$", prefix_of)
    return f"{match.group(1) if match else prefix_of + '-'}{n}"


def merge_pieces(article: Article, pieces: list[tuple[int, ArticleRecord]]) -> ArticleRecord:
    """One record for `article` from the records of its pieces, each given with its piece's offset in `article.text`.

    Every Span is shifted by its piece's offset, so it is an offset into the whole text again.
    Organisations (people) with the same id and the same name in several pieces become one, their
    mentions, aliases and roles joined; an id that two pieces give to different names is
    suffixed in the later piece. Deadline and deal ids are renumbered across pieces; every
    reference (roles, parties, deal deadlines, sources) follows its renamed id.
    """
    orgs: dict[str, Organisation] = {}
    people: dict[str, Person] = {}
    dates, deadlines, deals, warnings = [], [], [], []

    def place(kind: dict, item, index: int) -> str:
        """The id `item` ends up under in `kind` (merged into a same-named one, or added)."""
        ident = item.id
        known = kind.get(ident)
        if known is not None and known.name.casefold() != item.name.casefold():
            ident = f"{item.id}~{index}"
            known = kind.get(ident)
        if known is None:
            kind[ident] = item.model_copy(update={"id": ident})
        else:
            update = {
                "mentions": known.mentions + item.mentions,
                "aliases": known.aliases + [a for a in item.aliases if a not in known.aliases],
            }
            if isinstance(known, Person):
                update["roles"] = known.roles + item.roles
            kind[ident] = known.model_copy(update=update)
        return ident

    for index, (offset, record) in enumerate(pieces):
        record = _shift(record, offset)
        entity_ids: dict[str, str] = {}
        for org in record.organisations:
            entity_ids[org.id] = place(orgs, org, index)
        for person in record.people:
            roles = [
                r.model_copy(update={"organisation": entity_ids.get(r.organisation, r.organisation)}) for r in person.roles
            ]
            entity_ids[person.id] = place(people, person.model_copy(update={"roles": roles}), index)

        def ref(value):
            return entity_ids.get(value, value) if value is not None else None

        dates.extend(record.dates)
        deadline_ids: dict[str, str] = {}
        for deadline in record.deadlines:
            deadline_ids[deadline.id] = new_id = _numbered(deadline.id, len(deadlines) + 1)
            deadlines.append(deadline.model_copy(update={"id": new_id, "parties": [ref(p) for p in deadline.parties]}))
        for deal in record.deals:
            parties = [p.model_copy(update={"ref": ref(p.ref)}) for p in deal.parties]
            reported = deal.reported_by.model_copy(update={"ref": ref(deal.reported_by.ref)}) if deal.reported_by else None
            deals.append(
                deal.model_copy(
                    update={
                        "id": _numbered(deal.id, len(deals) + 1),
                        "parties": parties,
                        "reported_by": reported,
                        "deadlines": [deadline_ids.get(d, d) for d in deal.deadlines],
                    }
                )
            )
        warnings.extend(w for w in record.warnings if w not in warnings)
    return ArticleRecord(
        article=article,
        organisations=list(orgs.values()),
        people=list(people.values()),
        dates=dates,
        deadlines=deadlines,
        deals=deals,
        warnings=warnings,
    )


# --- records above a confidence ------------------------------------------------------


def _kept(item, threshold: float) -> bool:
    """An item without a confidence (its component gives none) is kept."""
    return item.confidence is None or item.confidence >= threshold


def filter_confidence(record: ArticleRecord, threshold: float) -> ArticleRecord:
    """`record` without the items whose `confidence` is under `threshold` (items with no confidence are kept),
    every reference kept sound (`depeche verify` passes on the result when it passes on `record`):

    - a dropped organisation or person: roles at it lose their `organisation`, deal parties and sources
      their `ref` (the party itself stays, by name, under its own confidence), deadlines their party;
    - a dropped role, date, deadline, deal or deal party goes; a dropped deadline leaves `deals[].deadlines`;
    - a dropped amount or price per share becomes null. `status` is never dropped (a deal has one):
      `status_confidence` says how sure it is.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"a confidence threshold is between 0 and 1, not {threshold}")
    organisations = [o for o in record.organisations if _kept(o, threshold)]
    people = [p for p in record.people if _kept(p, threshold)]
    orgs = {o.id for o in organisations}
    entities = orgs | {p.id for p in people}

    def ref(value: str | None) -> str | None:
        return value if value in entities else None

    people = [
        p.model_copy(update={"roles": [
            r.model_copy(update={"organisation": r.organisation if r.organisation in orgs else None})
            for r in p.roles if _kept(r, threshold)
        ]})
        for p in people
    ]
    deadlines = [
        d.model_copy(update={"parties": [x for x in d.parties if x in entities]}) for d in record.deadlines if _kept(d, threshold)
    ]
    deadline_ids = {d.id for d in deadlines}
    deals = []
    for deal in record.deals:
        if not _kept(deal, threshold):
            continue
        update = {
            "parties": [p.model_copy(update={"ref": ref(p.ref)}) for p in deal.parties if _kept(p, threshold)],
            "deadlines": [d for d in deal.deadlines if d in deadline_ids],
            "reported_by": deal.reported_by.model_copy(update={"ref": ref(deal.reported_by.ref)}) if deal.reported_by else None,
        }
        for slot in ("amount", "price_per_share"):
            money = getattr(deal, slot)
            update[slot] = money if money is None or _kept(money, threshold) else None
        deals.append(deal.model_copy(update=update))
    return record.model_copy(
        update={
            "organisations": organisations,
            "people": people,
            "dates": [d for d in record.dates if _kept(d, threshold)],
            "deadlines": deadlines,
            "deals": deals,
        }
    )
