"""One identity across a whole dump: the organisations and people of many records, one row each.

Records stay per article; the registry is derived from them (`entities(records)`, `depeche entities`).
Every name a record gives an organisation or a person (its `name`, its `aliases`) is a *form*; forms
with one fold key (`form_key`: no case, accents or punctuation, no leading article for an organisation)
are one node, and nodes are joined — organisations with organisations, people with people, never
across — by these rules, each join kept as `Evidence` on the row (rule, the two forms, how many articles):

- `fold`: two spellings of one key (« Edouard Philippe », « Édouard Philippe »);
- `alias`: records gave the two forms to one entity of their article (« Trump » with « Donald Trump »),
  joined across articles when one group explains the alias: the only one claiming it, or one holding at least
  `DOMINANCE` (90 %) of the articles that give it, and as many as name it alone; an acronym given with several
  long names (« CDC ») joins none, so no form chains two entities (`merge.Merge._aliases`);
- `surname`: a person's one-word form (or particle + word, « Le Pen ») that ends exactly one longer name,
  when no one has that word as a first name (« Charles »), it does not follow a particle (« De Wael »), and the
  full name is in more articles than the word without it (« Haro sur… » is not Maria Dolores Haro);
- `acronym`: an organisation's capitals (« CFDT ») that are the initials of one longer name (or of one holding
  `DOMINANCE` of the articles naming such names), named in as many articles as the acronym alone (« CGT »,
  « CNN » are known by their acronym: one article's « Commission générale de terminologie » does not take them);
- `short-form`: an organisation's one word that begins one longer name (« Commission » → « Commission
  européenne »), or the capitalised portfolio that ends one ministry (« Santé » → « ministère de la Santé »; a
  complement of any other head names another thing: « État » is not « Conseil d'État »), the longer name holding
  `DOMINANCE` of the candidates' articles and more than the short form's (« Renault » is not « Renault Trucks »);
- `same-article`: a surname, acronym or short form that several names could explain, in an article naming
  exactly one of them, more used than the short form: placed there, in that article only.

A short form is placed only when it is alone (not already one with a longer name). The key (`per:` or
`org:` + the canonical name's slug) and every choice depend on counts and sorted keys, never on the
order of the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from depeche.records import ArticleRecord
from depeche.registry.merge import DOMINANCE, Item, Merge, form_key
from depeche.registry.models import Alias, Entity, EntityKind, EntityRole, Evidence, Rule
from depeche.registry.rows import Built, build


class Registry:
    """Collects the organisations and people of records one at a time (no article text kept); `build()` merges them."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def add(self, record: ArticleRecord) -> None:
        a = record.article
        for org in record.organisations:
            self.items.append(Item(a.id, a.published, False, org.name, [org.name, *org.aliases], org.kind, org.id))
        for p in record.people:
            roles = [(r.title, r.organisation) for r in p.roles]
            self.items.append(Item(a.id, a.published, True, p.name, [p.name, *p.aliases], "person", p.id, roles))

    def build(self) -> Built:
        return build(Merge(self.items))


def registry(records: Iterable[ArticleRecord]) -> Built:
    """The rows of `records` and where each record's organisation or person went (`Built.key_of`)."""
    reg = Registry()
    for record in records:
        reg.add(record)
    return reg.build()


def entities(records: Iterable[ArticleRecord]) -> list[Entity]:
    """One `Entity` per real organisation or person across `records`, most articles first."""
    return registry(records).entities


def entities_file(path) -> list[Entity]:
    """`entities` on a records file written by `depeche extract`."""
    from depeche.io.writers import read_records

    return entities(read_records(path))


CSV_COLUMNS = ("key", "name", "kind", "articles", "first_published", "last_published", "aliases", "roles", "evidence")


def csv_rows(rows: list[Entity]) -> Iterator[list]:
    """`depeche entities --csv`: a header (`CSV_COLUMNS`), then one line per entity; lists joined by « ; »."""
    yield list(CSV_COLUMNS)
    for e in rows:
        yield [
            e.key, e.name, e.kind, e.articles,
            e.first_published.isoformat() if e.first_published else "",
            e.last_published.isoformat() if e.last_published else "",
            "; ".join(f"{a.name} ({a.articles})" for a in e.aliases),
            "; ".join(f"{r.published or '?'} {r.title}" + (f" ({r.organisation})" if r.organisation else "") for r in e.roles),
            "; ".join(f"{v.rule}: {v.names[0]} -> {v.names[1]} ({v.articles})" for v in e.evidence),
        ]  # fmt: skip


def table(rows: list[Entity], limit: int | None = None):
    """A rich Table of the entities: name and key, kind, articles and period, aliases, the merges that made each row."""
    from rich.table import Table

    shown = rows if limit is None else rows[:limit]
    grid = Table(title=f"Entities across articles ({len(shown)} of {len(rows)})", show_lines=True)
    grid.add_column("entity", overflow="fold", ratio=2)
    grid.add_column("articles", overflow="fold", ratio=1)
    grid.add_column("aliases", overflow="fold", ratio=2)
    grid.add_column("merged by", overflow="fold", ratio=3)
    for e in shown:
        period = f"{e.first_published or '?'}\n{e.last_published or '?'}"
        aliases = "\n".join(f"{a.name} ({a.articles})" for a in e.aliases[:5]) + ("\n…" if len(e.aliases) > 5 else "")
        merged = "\n".join(f"{v.rule}: {v.names[0]} → {v.names[1]} ({v.articles})" for v in e.evidence[:4])
        grid.add_row(
            f"{e.name}\n[dim]{e.key} · {e.kind}[/dim]", f"{e.articles}\n{period}", aliases, merged + ("\n…" if len(e.evidence) > 4 else "")
        )
    return grid


__all__ = [
    "Alias", "Built", "CSV_COLUMNS", "DOMINANCE", "Entity", "EntityKind", "EntityRole", "Evidence", "Registry", "Rule",
    "csv_rows", "entities", "entities_file", "form_key", "registry", "table",
]  # fmt: skip
