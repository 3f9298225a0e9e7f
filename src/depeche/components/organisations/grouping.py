"""Grouping: the chosen mentions into one group per organisation (gazetteer entry, acronym and long name,
same key), short forms merged (« le Times » into New York Times), a ministry's metonym into it (« Bercy » into
« ministère de l'Économie »), then misspellings merged (« Wallmart » into
Walmart) where the document agrees it is a name."""

from __future__ import annotations

from depeche.components.organisations.types import CAPITALISED, Candidate, Context, Group
from depeche.normalise import names
from depeche.normalise.text import fold


def group(ctx: Context, chosen: list[Candidate]) -> list[Group]:
    doc = ctx.doc
    groups: list[Group] = []
    by_key: dict[object, Group] = {}
    by_range: dict[tuple[int, int], Group] = {}
    pending_links = []
    for c in chosen:
        span = doc[c.start : c.end]
        k = ("entry", c.entry) if c.entry is not None else ("key", names.key(span.text))
        found = by_key.get(k)
        if found is None and c.entry is None:
            # a surface form that is a gazetteer entry's alias in this article
            for other in by_key.values():
                if other.entry is not None and names.key(span.text) in {names.key(s.text) for s in other.spans}:
                    found = other
                    break
        if found is None:
            found = Group(entry=c.entry)
            groups.append(found)
            by_key[k] = found
        found.spans.append(span)
        if c.kind:
            found.kinds.append(c.kind)
        found.via.append(c.via)
        by_range[(c.start, c.end)] = found
        if c.link:
            pending_links.append(((c.start, c.end), c.link))
    for here, there in pending_links:
        a, b = by_range.get(here), by_range.get(there)
        if a is not None and b is not None and a is not b:
            absorb(groups, a, b)
            for r, g in list(by_range.items()):
                if g is b:
                    by_range[r] = a
    return groups


def merge_short_forms(ctx: Context, groups: list[Group]) -> None:
    """« le Times » after « le New York Times », « l'Enquirer » after « le journal Cincinnati Enquirer »: a name
    of no gazetteer entry made of the last words of a longer name of the article is a short form of it."""
    for g in list(groups):
        if g.entry is not None or g not in groups:
            continue
        short = tuple(t.text for t in g.spans[0])
        if len(" ".join(short)) < 3 or not short[0][:1].isupper() or any(t.ent_type_ in ("PER", "LOC") for s in g.spans for t in s):
            continue
        for other in groups:
            if other is g:
                continue
            if any(len(s) > len(short) and tuple(t.text for t in s[-len(short) :]) == short for s in other.spans):
                absorb(groups, other, g)
                break


def merge_metonyms(entries: list[dict], groups: list[Group]) -> None:
    """« Bercy » in an article about « le ministère de l'Économie »: a gazetteer entry with `portfolios` (a place
    that names a ministry) joins the article's ministry of one of those portfolios, whose name stays canonical."""
    ministries = [g for g in groups if g.entry is None and "organisations.ministry" in g.via]
    if not ministries:
        return
    for g in list(groups):
        words = [fold(w) for w in entries[g.entry].get("portfolios", [])] if g.entry is not None else []
        if not words:
            continue
        home = next((m for m in ministries if any(w in fold(s.text) for s in m.spans for w in words)), None)
        if home is not None:
            home.spans.extend(g.spans)
            home.kinds.extend(g.kinds)
            home.via.extend(g.via)
            groups.remove(g)


def absorb(groups: list[Group], keep: Group, gone: Group) -> None:
    if keep.entry is None and gone.entry is not None:
        keep.entry = gone.entry
    keep.spans.extend(gone.spans)
    keep.kinds.extend(gone.kinds)
    keep.via.extend(gone.via)
    groups.remove(gone)


def name_evidence(doc, start: int, end: int) -> bool:
    """Whether the document agrees the tokens [start, end) are a name: the model tagged them ORG or MISC (« l'action
    Carefour »), or they are a proper noun no person or place holds (« Orage » is a noun; « Alston » a person). A
    document without tags or entities gives no evidence either way: it is taken as agreeing."""
    tokens = doc[start:end]
    if not doc.has_annotation("POS") and not doc.has_annotation("ENT_IOB"):
        return True
    if any(t.ent_type_ in ("ORG", "MISC") for t in tokens):
        return True
    if any(t.ent_type_ in ("PER", "LOC") for t in tokens):
        return False
    return all(t.pos_ == "PROPN" for t in tokens) if doc.has_annotation("POS") else True


def merge_misspellings(ctx: Context, groups: list[Group]) -> None:
    """« Wallmart » in an article about Walmart: a group or a capitalised word one edit from a name joins it,
    when the document agrees it is a name (`name_evidence`)."""
    doc = ctx.doc
    for g in list(groups):
        if g.entry is not None or g not in groups:
            continue
        text = g.spans[0].text
        for other in groups:
            if other is not g and any(names.misspelling_of(text, s.text) for s in other.spans[:1]):
                if (other.entry is not None or len(other.spans) >= len(g.spans)) and name_evidence(doc, g.spans[0].start, g.spans[0].end):
                    absorb(groups, other, g)
                    break
    taken = bytearray(len(ctx.text))
    for g in groups:
        for s in g.spans:
            taken[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
    group_keys = [(names.key(g.spans[0].text), g) for g in groups]
    for match in CAPITALISED.finditer(ctx.text):
        start, end = match.span()
        if any(taken[start:end]) or ctx.in_furniture(start):
            continue
        word = names.key(match.group())
        for group_key, g in group_keys:
            if names.keys_misspelt(word, group_key):
                span = doc.char_span(start, end)
                if span is not None and name_evidence(doc, span.start, span.end):
                    g.spans.append(span)
                    g.via.append("organisations.misspelling")
                break
