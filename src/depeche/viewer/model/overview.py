"""Figures across the dump (`Overview`) and deals tracked across articles (`DealTracker`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from depeche.records import ArticleRecord
from depeche.viewer.model.views import OVERVIEW_LIMIT, OVERVIEW_NAMES, _money, _names, title_of


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
