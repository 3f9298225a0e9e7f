"""Deals across articles: the same transaction seen in many articles becomes one tracked deal with
its timeline (each article's id, date, status and evidence, in date order).

Two deals are the same transaction when they have the same kind and mostly the same parties: the
share of parties they have in common (Jaccard, parties compared by name and by the aliases of the
organisation or person they refer to, case-, accent- and doubled-letter-insensitively, and by the
registry entity of `depeche.registry` they belong to) is at least
`min_overlap`, and their targets, when both name one, meet. One article contributes at most one
sighting to a tracked deal, so two deals of one article (« the 2020 attempt » and « the current
offer ») stay apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from depeche.normalise.text import name_key
from depeche.records import ArticleRecord, Deal, DealSighting, TrackedDeal, TrackedParty
from depeche.registry import Built, Entity, entities, registry  # noqa: F401 (re-exported: `aggregate.entities(records)`)


@dataclass
class _Party:
    role: str
    name: str
    keys: set[str]
    names: list[str] = field(default_factory=list)


@dataclass
class _Track:
    kind: str
    parties: list[_Party]
    sightings: list[tuple[tuple, DealSighting]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def _parties(record: ArticleRecord, deal: Deal, built: Built) -> list[_Party]:
    """The deal's parties, each keyed by its names and, when it is an organisation or person of the record, by its
    registry entity (so « Commission » and « Commission européenne », « Trump » and « Donald Trump » meet), and
    named by the entity's canonical name."""
    aliases: dict[str, list[str]] = {}
    for org in record.organisations:
        aliases[org.id] = [org.name, *org.aliases]
    for person in record.people:
        aliases[person.id] = [person.name, *person.aliases]
    canonical = built.by_key
    result: list[_Party] = []
    for party in deal.parties:
        names = [party.name, *aliases.get(party.ref or "", [])]
        keys = {name_key(n) for n in names if name_key(n)}
        entity = built.key_of(record.article.id, party.ref)
        name = canonical[entity].name if entity in canonical else party.name
        if entity:
            keys.add("@" + entity)
        for known in result:
            if known.keys & keys:
                known.keys |= keys
                break
        else:
            result.append(_Party(party.role, name, keys, [name]))
    return result


def _matched(a: list[_Party], b: list[_Party]) -> int:
    return sum(1 for p in a if any(p.keys & q.keys for q in b))


def _overlap(a: list[_Party], b: list[_Party]) -> float:
    shared = _matched(a, b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def _targets_meet(a: list[_Party], b: list[_Party]) -> bool:
    ta = [p for p in a if p.role == "target"]
    tb = [p for p in b if p.role == "target"]
    return not ta or not tb or _matched(ta, tb) > 0


def track_deals(records: Iterable[ArticleRecord], *, min_overlap: float = 0.5, built: Built | None = None) -> list[TrackedDeal]:
    """The deals of `records` merged across articles, each with its timeline in date order; parties are compared
    through the registry (`built`, `registry(records)` by default) and named by their entity's canonical name."""
    records = list(records)
    built = built if built is not None else registry(records)
    items = []
    for record in records:
        for deal in record.deals:
            published = record.article.published
            items.append(((published or dt.date.min, record.article.id, deal.id), record, deal))
    items.sort(key=lambda item: item[0])

    tracks: list[_Track] = []
    for order, record, deal in items:
        parties = _parties(record, deal, built)
        best, best_score = None, 0.0
        for track in tracks:
            if track.kind != deal.kind or record.article.id in track.articles:
                continue
            if not _targets_meet(track.parties, parties):
                continue
            score = _overlap(track.parties, parties)
            if score >= min_overlap and score > best_score:
                best, best_score = track, score
        if best is None:
            best = _Track(deal.kind, [])
            tracks.append(best)
        for party in parties:
            known = next((p for p in best.parties if p.keys & party.keys), None)
            if known is None:
                best.parties.append(party)
            else:
                known.keys |= party.keys
                if party.name not in known.names:
                    known.names.append(party.name)
                if known.role not in ("buyer", "seller", "target") and party.role in ("buyer", "seller", "target"):
                    known.role = party.role
        best.articles.add(record.article.id)
        best.sightings.append(
            (
                order,
                DealSighting(
                    article=record.article.id,
                    published=record.article.published,
                    deal=deal.id,
                    status=deal.status,
                    reported_by=deal.reported_by.name if deal.reported_by else None,
                    amount=deal.amount,
                    evidence=deal.evidence,
                ),
            )
        )

    result = []
    for n, track in enumerate(tracks, start=1):
        timeline = [s for _, s in sorted(track.sightings, key=lambda item: item[0])]
        dates = [s.published for s in timeline if s.published]
        result.append(
            TrackedDeal(
                id=f"tracked{n}",
                kind=track.kind,
                parties=[TrackedParty(role=p.role, name=p.name, aliases=p.names[1:]) for p in track.parties],
                status=timeline[-1].status,
                first_seen=min(dates) if dates else None,
                last_seen=max(dates) if dates else None,
                timeline=timeline,
            )
        )
    return result


def track_file(path, *, min_overlap: float = 0.5) -> list[TrackedDeal]:
    """`track_deals` on a records file written by `depeche extract`."""
    from depeche.io.writers import read_records

    return track_deals(read_records(path), min_overlap=min_overlap)


EVIDENCE_CHARS = 120  # a sighting's evidence in the table: its first sentence, cut at a word with « … »


def _clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """`text` cut at the last word boundary before `limit` characters, with « … » when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def table(tracked: list[TrackedDeal]):
    """A rich Table of tracked deals: one row per sighting, the deal (id, kind) and its parties on its first row,
    each sighting's date and article id above its evidence.

    Cells wrap between words only, never inside one (« negotiating », « acquisition » stay whole at 80
    columns): a word wider than its column, or a column squeezed below its longest word on a narrow
    terminal, is cut with « … »; the evidence is its first `EVIDENCE_CHARS` characters, cut at a word."""
    from rich.table import Table

    grid = Table(title="Deals across articles", show_lines=True)
    grid.add_column("deal", overflow="ellipsis", no_wrap=True, max_width=13)  # tracked1 / acquisition
    grid.add_column("parties", overflow="ellipsis", max_width=24)
    grid.add_column("status", overflow="ellipsis", max_width=16)
    grid.add_column("sighting", overflow="ellipsis", ratio=1)  # date, article id, evidence
    for deal in tracked:
        parties = "\n".join(f"{p.role}: {p.name}" for p in deal.parties)
        for i, sighting in enumerate(deal.timeline):
            evidence = _clip(sighting.evidence[0].text) if sighting.evidence else ""
            status = sighting.status + (f" (selon {sighting.reported_by})" if sighting.reported_by else "")
            published = sighting.published.isoformat() if sighting.published else "?"
            grid.add_row(
                f"{deal.id}\n{deal.kind}" if i == 0 else "",
                parties if i == 0 else "",
                status,
                f"{published} {sighting.article}\n{evidence}",
            )
    return grid


TSV_COLUMNS = (
    "deal", "kind", "deal_status", "first_seen", "last_seen", "parties", "article", "published", "status",
    "reported_by", "amount_value", "amount_currency", "evidence",
)


def tsv_rows(tracked: list[TrackedDeal]) -> Iterable[list]:
    """`depeche deals --format tsv`: a header (`TSV_COLUMNS`), then one row per sighting of each tracked
    deal; parties as « role: name » joined by « ; », a missing value empty, the evidence whole."""
    yield list(TSV_COLUMNS)
    for deal in tracked:
        parties = "; ".join(f"{p.role}: {p.name}" for p in deal.parties)
        for sighting in deal.timeline:
            amount = sighting.amount
            yield [
                deal.id, deal.kind, deal.status,
                deal.first_seen.isoformat() if deal.first_seen else "",
                deal.last_seen.isoformat() if deal.last_seen else "",
                parties, sighting.article,
                sighting.published.isoformat() if sighting.published else "",
                sighting.status, sighting.reported_by or "",
                "" if amount is None else repr(amount.value), "" if amount is None else amount.currency,
                " ".join(e.text for e in sighting.evidence),
            ]
