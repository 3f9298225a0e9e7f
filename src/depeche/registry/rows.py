"""The registry's rows, built from the groups of `depeche.registry.merge`."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from depeche.registry.merge import Item, Merge, Node, form_key, is_acronym
from depeche.registry.models import Alias, Entity, EntityRole, Evidence


@dataclass
class Built:
    """The rows, and which row each record's organisation or person went into."""

    entities: list[Entity]
    where: dict[tuple[str, str], str]  # (article id, the item's id in its record) -> entity key

    def key_of(self, article: str, ref: str | None) -> str | None:
        return self.where.get((article, ref)) if ref else None

    @cached_property
    def by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities}


def _written(merge: Merge, node: Node) -> str:
    """The form of `node` most articles write (ties: the longer, then the first in order)."""
    forms = merge.forms[node]
    return min(forms, key=lambda f: (-len(forms[f]), -len(f), f)) if forms else node[1]


def _canonical(items: list[Item], merged: set[Node]) -> str:
    """The full form most articles use as the name: never the `merged` side of a surname, acronym, short form or alias."""
    names: dict[str, set[str]] = defaultdict(set)
    for item in items:
        names[item.name].add(item.article)
    full = {n: a for n, a in names.items() if item_node(items[0].person, n) not in merged and not is_acronym(n)}
    pool = full or names
    return min(pool, key=lambda n: (-len(pool[n]), -len(n), n))


def item_node(person: bool, name: str) -> Node:
    return (person, form_key(name, person))


def _slug(key: str) -> str:
    return key.replace(" ", "-") or "x"


def build(merge: Merge) -> Built:
    groups: dict[Node, list[Item]] = defaultdict(list)
    for item in merge.items:
        if item.node[1]:
            groups[merge.group_of(item)].append(item)
    members: dict[Node, set[Node]] = defaultdict(set)
    for group, items in groups.items():
        for item in items:
            members[group] |= {item_node(item.person, f) for f in item.forms if form_key(f, item.person)}

    names: dict[Node, str] = {}
    keys: dict[Node, str] = {}
    taken: set[str] = set()
    merged = {m for (rule, m, _) in merge.evidence if rule != "fold"}
    for group in sorted(groups, key=lambda g: (-len({i.article for i in groups[g]}), g)):
        names[group] = _canonical(groups[group], merged)
        key = ("per:" if group[0] else "org:") + _slug(form_key(names[group], group[0]))
        base, n = key, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        keys[group] = key
    where = {(i.article, i.ref): keys[g] for g, items in groups.items() for i in items}

    named = {keys[g]: names[g] for g in groups}
    joins: dict[Node, list] = defaultdict(list)  # group -> its (rule, merged, into, articles)
    for (rule, merged, into), arts in merge.evidence.items():
        joins[merge.union.find(into)].append((rule, merged, into, arts))
    rows = [
        _row(merge, group, items, members[group], joins[group], keys[group], names[group], named, where)
        for group, items in groups.items()
    ]
    rows.sort(key=lambda e: (-e.articles, e.key))
    return Built(rows, where)


def _row(
    merge: Merge, group: Node, items: list[Item], nodes: set[Node], joins: list, key: str, name: str, named: dict[str, str], where
) -> Entity:
    forms: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for form in item.forms:
            forms[form].add(item.article)
    articles = sorted({i.article for i in items})
    dates = sorted(i.published for i in items if i.published)
    kinds = Counter(kind for _, kind in {(i.article, i.kind) for i in items})
    kind = min(kinds, key=lambda k: (-kinds[k], k))

    evidence = []
    seen = set(articles)
    for node in sorted(nodes):
        written = merge.forms.get(node, {})
        top = _written(merge, node)
        for form in sorted(written):
            if form != top and written[form] & seen:
                evidence.append(Evidence(rule="fold", names=(form, top), articles=len(written[form] & seen)))
    for rule, merged, into, arts in joins:
        if merged in nodes and into in nodes:
            inside = arts & seen
            if inside:
                evidence.append(Evidence(rule=rule, names=(_written(merge, merged), _written(merge, into)), articles=len(inside)))
    evidence.sort(key=lambda e: (-e.articles, e.rule, e.names))

    roles = []
    if group[0]:
        for item in items:
            for title, org in item.roles:
                org_key = where.get((item.article, org)) if org else None
                org_name = named.get(org_key) if org_key else None
                roles.append(
                    EntityRole(title=title, organisation=org_name, organisation_key=org_key, article=item.article, published=item.published)
                )
        roles.sort(key=lambda r: (r.published or dt.date.max, r.article, r.title))
    return Entity(
        key=key,
        name=name,
        kind=kind,
        aliases=[Alias(name=f, articles=len(a)) for f, a in sorted(forms.items(), key=lambda fa: (-len(fa[1]), fa[0]))],
        articles=len(articles),
        article_ids=articles,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        roles=roles,
        evidence=evidence,
    )
