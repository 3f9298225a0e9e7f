"""Stage 1 of depeche_deals: the entities that can be parties, the companies a deal creates, and parent
companies (« ByteDance, la société mère de TikTok »)."""

from __future__ import annotations

import re

from depeche import docattrs
from depeche.components.common import name_key
from depeche.components.deals.context import DealContext, Entity
from depeche.components.deals.lexicon import Lexicon
from depeche.normalise.text import fold

_OFFICIAL_TITLES = ("ministre", "president de la republique", "porte-parole", "juge", "depute", "senateur", "maire",
                    "commissaire", "secretaire d'etat", "gouverneur", "premier ministre", "chancelier")
_NOT_STATE_AFTER = {"islamique", "civil", "major", "providence", "hébreu", "membre", "membres", "fédéré", "fédérés"}
# a company a deal creates: a noun that is new by itself (« la coentreprise X »), or any company noun said new or
# named so (« une nouvelle société X », « la société baptisée X ») — « le groupe Editis » is no new company
_NEW_ENTITY = re.compile(
    r"\b(?:une?|la|le|l['’])\s+(?:"
    r"(?:nouvel(?:le)?\s+)?(?:entité|structure|co-?entreprise|coentreprise|joint-venture)\s+(?:(?:baptisée?|nommée?|appelée?|dénommée?)\s+)?"
    r"|nouvel(?:le)?\s+(?:société|filiale|holding|compagnie|entreprise|groupe|marque)\s+(?:(?:baptisée?|nommée?|appelée?|dénommée?)\s+)?"
    r"|(?:société|filiale|holding|compagnie|entreprise|groupe|marque)\s+(?:baptisée?|nommée?|appelée?|dénommée?)\s+"
    r")«?\s*((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|\d+))*)"
)
_NAMED_ENTITY = re.compile(
    r"\b(?:baptisée?s?|nommée?s?|dénommée?s?|sous\s+le\s+nom\s+de|naissance\s+à)\s+«?\s*"
    r"((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|\d+))*)"
    r"|((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)\s+(?:voit|verra|a\s+vu|vient\s+de\s+voir)\s+le\s+jour"
)
_PARENT = re.compile(
    r"(?:maison|soci[ée]t[ée]|groupe|entreprise)[\s-]+m[èe]re(?:\s+[\w-]+){0,2}?\s+(?:de\s+|d['’]\s*|du\s+)|"
    r"(?:propriétaire|actionnaire\s+majoritaire|actionnaire\s+principal)\s+(?:de\s+|d['’]\s*|du\s+)",
    re.I,
)
_UNIT_OF = re.compile(
    r"\s*,\s*(?:la\s+|l['’]\s*|une\s+|sa\s+|son\s+)?(?:filiale|branche|division|pôle|unité|activité)\b", re.I
)

NewEntities = list[tuple[int, int, str]]  # (start, end, name) of the companies deals create


def find_entities(ctx: DealContext, lexicon: Lexicon) -> tuple[list[Entity], NewEntities]:
    """The candidate parties, in order, none overlapping (without the companies a deal creates:
    « Stellantis voit le jour » is no party to it), and those new companies."""
    entities = _entities(ctx, lexicon)
    new_entities = _new_entities(ctx.text)
    new_names = {fold(name) for _, _, name in new_entities}
    entities = [e for e in entities if not any(s <= e.start < t for s, t, _ in new_entities) and fold(e.name) not in new_names]
    return entities, new_entities


def _entities(ctx: DealContext, lexicon: Lexicon) -> list[Entity]:
    doc = ctx.doc
    found: list[Entity] = []
    for org in docattrs.get(doc, "organisations"):
        for m in org.mentions:
            found.append(Entity(m.start, m.end, org.name, org.id, org.id, org.kind))
    org_kinds = {org.id: org.kind for org in docattrs.get(doc, "organisations")}
    officials = set()
    for person in docattrs.get(doc, "people"):
        for role in person.roles:
            title = fold(role.title)
            if org_kinds.get(role.organisation or "") in ("government", "regulator", "court") or any(
                word in title for word in _OFFICIAL_TITLES
            ):
                officials.add(person.id)
    for person in docattrs.get(doc, "people"):
        kind = "official" if person.id in officials else "person"
        for m in person.mentions:
            found.append(Entity(m.start, m.end, person.name, person.id, person.id, kind))
    if not found:
        for ent in doc.ents:
            if ent.label_ in ("ORG", "PER", "MISC") and ent.text[:1].isupper():
                found.append(Entity(ent.start_char, ent.end_char, ent.text, name_key(ent.text), None,
                                    "person" if ent.label_ == "PER" else None))
    # names (and aliases) the earlier components know, wherever else they occur in the text
    known: dict[str, Entity] = {}
    for org in docattrs.get(doc, "organisations"):
        for name in (org.name, *org.aliases):
            known.setdefault(name, Entity(0, 0, org.name, org.id, org.id, org.kind))
    for person in docattrs.get(doc, "people"):
        kind = "official" if person.id in officials else "person"
        for name in (person.name, *person.aliases):
            known.setdefault(name, Entity(0, 0, person.name, person.id, person.id, kind))
    names = [name for name in known if len(name) >= 2 and name[:1].isupper()]
    for start, name in _occurrences(ctx.text, names):
        proto = known[name]
        found.append(Entity(start, start + len(name), proto.name, proto.ident, proto.ref, proto.kind))
    found.extend(_states(ctx, lexicon))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    result: list[Entity] = []
    for ent in found:
        if result and ent.start < result[-1].end:
            continue
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        ent.tok_start, ent.tok_end = span.start, span.end
        result.append(ent)
    return result


def _bound(char: str) -> bool:
    """Whether a name may not start after or end before `char` (a word character or a hyphen: regex `[\\w-]`)."""
    return char.isalnum() or char in "_-"


def _occurrences(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(start, name) of every place one of `names` occurs in `text` as a whole word (no word character or hyphen
    either side), the longest name at each place, in order: overlapping names each keep their places."""
    best: dict[int, str] = {}
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if (at == 0 or not _bound(text[at - 1])) and (end == len(text) or not _bound(text[end])):
                if len(name) > len(best.get(at, "")):
                    best[at] = name
            at = text.find(name, at + 1)
    return sorted(best.items())


def _states(ctx: DealContext, lexicon: Lexicon) -> list[Entity]:
    """States as parties (« l'État », « le gouvernement français », « le royaume de Bahreïn »), from the
    cue lexicon's `state` entries: no component names them, yet states buy, sell and invest. ref null."""
    doc = ctx.doc
    found = []
    for match_id, s, e in ctx.cue_matches:
        if lexicon.entry(doc, match_id, lexicon.cues).get("class") != "state":
            continue
        nxt = doc[e].lower_ if e < len(doc) else ""
        if nxt in _NOT_STATE_AFTER or (nxt in ("de", "d'", "d’") and e + 1 < len(doc) and doc[e + 1].lower_ in ("droit", "urgence", "siège")):
            continue  # « l'État islamique », « l'État de droit », « l'état d'urgence »
        span = doc[s + 1 : e]  # without its determiner
        found.append(Entity(span.start_char, span.end_char, span.text, name_key(span.text), None, "state"))
    return found


def _new_entities(text: str) -> NewEntities:
    found = []
    for pattern in (_NEW_ENTITY, _NAMED_ENTITY):
        for m in pattern.finditer(text):
            group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g))
            if not any(a <= m.start(group) < b for a, b, _ in found):
                found.append((m.start(group), m.end(group), m.group(group)))
    return sorted(found)


def find_parents(text: str, entities: list[Entity]) -> list[tuple[Entity, Entity]]:
    """(parent, child) pairs from « ByteDance, la société mère de TikTok », « X (maison-mère de Y) »."""
    pairs = []
    for match in _PARENT.finditer(text):
        child = next((e for e in entities if e.start == match.end() or (0 <= e.start - match.end() <= 1)), None)
        if child is None:
            continue
        parent = None
        for e in entities:
            if e.end <= match.start() and match.start() - e.end <= 60 and e.ident != child.ident:
                parent = e
        if parent is not None:
            pairs.append((parent, child))
    # « Bombardier Transport, la branche ferroviaire du groupe canadien Bombardier »
    for child in entities:
        match = _UNIT_OF.match(text, child.end)
        if not match:
            continue
        parent = next((e for e in entities if match.end() <= e.start <= match.end() + 60 and e.ident != child.ident), None)
        if parent is not None and not re.search(r"[,.;:()]", text[match.end() : parent.start]):
            pairs.append((parent, child))
    return pairs
