"""Which forms are one entity: nodes (fold keys) joined by the rules of `depeche.registry`.

A node is `(person, key)`: organisations and people never share one, and no rule joins across them.
Every decision is computed from counts and sorted keys, never from the order records came in."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from depeche.normalise.text import fold
from depeche.registry.models import Rule

DOMINANCE = 0.9  # share of the articles using a form as an alias one candidate needs to explain it alone

Node = tuple[bool, str]  # (is a person, fold key)

_LEADING = re.compile(r"^(?:l|le|la|les) ")
_LINKS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "en", "a", "au", "aux", "sur"}
_PARTICLES = {"le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da", "del", "dos", "el", "al", "ben", "bin", "mac", "mc", "st", "saint"}
_NOBLE = {"de", "du", "des", "d", "van", "von", "der", "den", "le", "la"}  # a surname begins with these: « De Wael »
_MINISTRIES = {"ministere", "ministeres", "secretariat"}  # heads named by a portfolio: « ministère de la Santé »
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&]{1,9}$")  # two capitals at least: CFDT, UE, OCDE, BFM


@lru_cache(maxsize=1 << 18)
def form_key(name: str, person: bool) -> str:
    """A form's fold key: no case, accents or punctuation; for an organisation no leading article.

    « L’Oréal » and « l'Oreal » get `oreal`, « Édouard Philippe » and « EDOUARD PHILIPPE » `edouard philippe`."""
    key = re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()
    return key if person else _LEADING.sub("", key)


def is_acronym(form: str) -> bool:
    return bool(_ACRONYM.match(form))


@dataclass
class Item:
    """One record's organisation or person: what the registry keeps of it."""

    article: str
    published: dt.date | None
    person: bool
    name: str
    forms: list[str]  # the name, then the aliases
    kind: str
    ref: str  # its id in the record
    roles: list[tuple[str, str | None]] = field(default_factory=list)  # (title, organisation id in the record)

    @property
    def node(self) -> Node:
        return (self.person, form_key(self.name, self.person))


class Union:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, node: Node) -> Node:
        root = self.parent.setdefault(node, node)
        while root != self.parent[root]:
            root = self.parent[root]
        while node != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def join(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the smaller key roots the group, whatever the order


def _initials(words: list[str]) -> set[str]:
    parts = [p for w in words for p in w.split("-") if p]
    return {"".join(p[0] for p in parts), "".join(p[0] for p in parts if p not in _LINKS)}


class Merge:
    """Joins the nodes of `items`; `group_of(item)` is the root of the entity an item belongs to."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.union = Union()
        self.forms: dict[Node, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # node -> form -> articles
        self.named: dict[Node, set[str]] = defaultdict(set)  # node -> articles naming an entity by it
        self.evidence: dict[tuple[Rule, Node, Node], set[str]] = defaultdict(set)  # (rule, merged, into) -> articles
        self.placed: dict[tuple[str, str], Node] = {}  # (article, ref) -> node, for `same-article` placements
        for item in items:
            for form in item.forms:
                node = (item.person, form_key(form, item.person))
                if node[1]:
                    self.forms[node][form].add(item.article)
                    self.union.find(node)
            self.named[item.node].add(item.article)
        self._aliases()
        ambiguous = self._short_forms()
        self._same_article(ambiguous)

    def articles(self, node: Node) -> set[str]:
        return set().union(*self.forms[node].values()) if node in self.forms else set()

    def group_of(self, item: Item) -> Node:
        return self.union.find(self.placed.get((item.article, item.ref), item.node))

    def _join(self, rule: Rule, merged: Node, into: Node, articles: set[str]) -> None:
        self.union.join(merged, into)
        self.evidence[(rule, merged, into)] |= articles

    def _short(self, node: Node) -> bool:
        """A form that may stand for several names: one word, a particle and a word (a person's), an acronym."""
        person, key = node
        words = key.split()
        if person:
            return len(words) == 1 or (len(words) == 2 and words[0] in _PARTICLES)
        return len(words) == 1 or any(is_acronym(form) for form in self.forms[node])

    def _acronym(self, node: Node) -> bool:
        return not node[0] and any(is_acronym(form) for form in self.forms[node])

    def _aliases(self) -> None:
        """`alias`: the forms a record gives one entity, joined across articles when one group explains each.

        A form is *claimed* by the names it is given as an alias of, and an acronym also by the longer aliases it is
        given as a name with. A form claimed by several groups (« CDC » by « Caisse des dépôts » and by « Centres
        de prévention des maladies », « Agence du médicament » by the ANSM and by the FDA) joins none of them unless
        one holds `DOMINANCE` of those articles, and at least as many as name it alone: so an ambiguous form never
        chains two entities. Repeated until no join is left (a join only gathers claims)."""
        claims: dict[Node, dict[Node, set[str]]] = defaultdict(lambda: defaultdict(set))  # form -> claimed by -> articles
        pairs: dict[tuple[Node, Node], set[str]] = defaultdict(set)  # (alias, name) -> articles
        for item in self.items:
            for form in item.forms[1:]:
                alias = (item.person, form_key(form, item.person))
                if alias[1] and alias != item.node:
                    pairs[(alias, item.node)].add(item.article)
                    claims[alias][item.node].add(item.article)
                    if self._acronym(item.node) and not self._short(alias):
                        claims[item.node][alias].add(item.article)
        find = self.union.find
        changed = True
        while changed:
            changed = False
            explained: dict[Node, Node | None] = {}
            for node in sorted(claims):
                by_root: dict[Node, set[str]] = defaultdict(set)
                for other, arts in claims[node].items():
                    by_root[find(other)] |= arts
                everyone = set().union(*by_root.values())
                by_root.pop(find(node), None)
                if not by_root:
                    explained[node] = find(node)
                    continue
                best, arts = max(by_root.items(), key=lambda kv: (len(kv[1]), kv[0]))
                alone = self.named[node] - everyone  # articles naming it with none of its claimants
                ok = len(arts) >= DOMINANCE * sum(len(a) for a in by_root.values()) and len(arts) >= len(alone)
                explained[node] = best if ok else None
            for (alias, main), arts in sorted(pairs.items()):
                if find(alias) == find(main):
                    continue
                if explained.get(alias) == find(main) and (not self._acronym(main) or explained.get(main) == find(alias)):
                    if self.articles(alias) <= arts:  # never used apart from that name: no join across articles to keep
                        self.union.join(alias, main)
                    else:
                        self._join("alias", alias, main, arts)
                    changed = True

    def _index(self) -> dict[tuple[str, bool, str], set[Node]]:
        """The longer names each short key could stand for: (rule, person, short key) -> nodes; (`given`, True, word):
        the people whose first word it is."""
        index: dict[tuple[str, bool, str], set[Node]] = defaultdict(set)
        for node in self.forms:
            person, key = node
            words = key.split()
            if len(words) < 2 or not self.named[node]:  # only names explain a short form, not a record's odd alias
                continue
            if person:
                for i in range(1, len(words)):
                    if words[i - 1] not in _NOBLE:  # « De Wael » is the surname, not « Wael » (a first name too)
                        index[("surname", True, " ".join(words[i:]))].add(node)
                index[("given", True, words[0])].add(node)  # « Charles » alone may be any Charles
                continue
            index[("short-form", False, words[0])].add(node)
            written = [w for w in re.split(r"[\W_]+", max(self.forms[node], key=lambda f: (len(self.forms[node][f]), f))) if w]
            for i in range(1, len(words)):
                tail = len(words) - i
                if words[0] not in _MINISTRIES or words[i - 1] not in _LINKS or words[i] in _LINKS or tail > 2:
                    continue
                if written[-tail][:1].isupper():  # a ministry is named by its portfolio: « ministère de la Santé »
                    index[("short-form", False, " ".join(words[i:]))].add(node)
            for initials in _initials(words):
                if len(initials) >= 2:
                    index[("acronym", False, initials)].add(node)
        return index

    def _rule_for(self, node: Node) -> Rule | None:
        person, key = node
        words = key.split()
        if person:
            return "surname" if len(words) == 1 or (len(words) == 2 and words[0] in _PARTICLES) else None
        if any(is_acronym(form) for form in self.forms[node]):
            return "acronym" if len(words) == 1 else None
        return "short-form" if len(words) <= 2 else None

    def _short_forms(self) -> dict[Node, tuple[Rule, set[Node]]]:
        """`surname`, `acronym`, `short-form`: a short node that is alone in its group and names some entity joins the
        one group with a longer name it stands for; decided on the groups the aliases left, then applied."""
        index = self._index()
        longest: dict[Node, int] = defaultdict(int)  # group -> words of its longest form
        for node in self.forms:
            root = self.union.find(node)
            longest[root] = max(longest[root], len(node[1].split()))
        joins, ambiguous = [], {}
        for node in sorted(self.forms):
            root = self.union.find(node)
            rule = self._rule_for(node)
            if rule is None or not self.named[node] or longest[root] > len(node[1].split()):
                continue  # not a short form, never a name, or already one with a longer name
            fulls = [n for n in index.get((rule, node[0], node[1]), ()) if self.union.find(n) != root]
            weight: dict[Node, set[str]] = defaultdict(set)  # candidate group -> articles naming it by a longer name
            for n in fulls:
                weight[self.union.find(n)] |= self.named[n]
            if not weight:
                continue
            best, arts = max(weight.items(), key=lambda kv: (len(kv[1]), kv[0]))
            if rule == "surname":  # one full name ends with it, no one has it as a first name, and the full name is in
                explained = len(weight) == 1 and not index.get(("given", True, node[1]))  # more articles than the word
                explained = explained and len(arts) > len(self.named[node] - arts)  # without it: « Haro sur » is no Haro
            else:  # one candidate holds DOMINANCE of the evidence
                explained = len(arts) >= DOMINANCE * sum(len(a) for a in weight.values())
            if rule == "short-form":  # and is the usual name: « Renault » stays apart from « Renault Trucks »
                explained = explained and len(arts) > len(self.named[node])
            if rule == "acronym":  # and is named as often as the acronym is alone (« CGT », « CNN » are known as such)
                explained = explained and len(arts) >= len(self.named[node])
            if explained:
                into = max((n for n in fulls if self.union.find(n) == best), key=lambda n: (len(self.named[n]), n))
                joins.append((rule, node, into))
            else:
                ambiguous[node] = (rule, set(fulls))
        for rule, node, into in joins:
            self._join(rule, node, into, self.named[node])
        return ambiguous

    def _same_article(self, ambiguous: dict[Node, tuple[Rule, set[Node]]]) -> None:
        """`same-article`: an ambiguous short form placed, in one article, with the one candidate that article names, when
        that candidate is the more used name (« Le Figaro » is not placed into « Le Figaro Immobilier »)."""
        by_article: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            by_article[item.article].append(item)
        for article in sorted(by_article):
            items = by_article[article]
            for item in items:
                if item.node not in ambiguous:
                    continue
                fulls = ambiguous[item.node][1]
                present: dict[Node, Node] = {}  # group -> the longer form this article names it by
                for other in items:
                    if other.person == item.person and other is not item:
                        for form in other.forms:
                            node = (other.person, form_key(form, other.person))
                            if node in fulls and len(self.named[node]) > len(self.named[item.node]):  # the usual name
                                root = self.union.find(node)
                                present[root] = min(present.get(root, node), node)
                if len(present) == 1:
                    ((root, full),) = present.items()
                    self.placed[(article, item.ref)] = root
                    self.evidence[("same-article", item.node, full)].add(article)
