"""Building: one `records.Organisation` per group, and `doc.ents` rewritten (organisation mentions are ORG,
the model's other entities kept where they do not overlap one, page furniture relabelled, the mentions of a
group the decision turned down MISC)."""

from __future__ import annotations

from spacy.tokens import Span
from spacy.util import filter_spans

from depeche import records
from depeche.components.organisations.types import KINDS, Context, Group, Tables
from depeche.normalise import names
from depeche.normalise.text import fold, unique_slug


def build(tables: Tables, ctx: Context, groups: list[Group]) -> list[records.Organisation]:
    taken: set[str] = set()
    out = []
    groups.sort(key=lambda g: min(s.start for s in g.spans))
    for g in groups:
        g.spans.sort(key=lambda s: s.start)
        if g.entry is not None:
            entry = tables.entries[g.entry]
            name, kind = entry["name"], entry.get("kind") or "other"
        else:
            name = max((s.text for s in g.spans if not names.is_acronym(s.text)), key=len, default=g.spans[0].text)
            kind = g.kinds[0] if g.kinds else kind_of_name(tables, name)
        kind = kind if kind in KINDS else "other"
        aliases = []
        for s in g.spans:
            if s.text != name and s.text not in aliases:
                aliases.append(s.text)
        bare = name_without_head(tables, name)
        if bare and bare not in aliases:
            aliases.append(bare)
        via = sorted(set(g.via))
        out.append(
            records.Organisation(
                id=unique_slug(name, taken),
                name=name,
                aliases=aliases,
                kind=kind,
                mentions=[records.Span.of(s) for s in g.spans],
                via=via,
                confidence=g.confidence if g.confidence is not None else tables.calibration.confidence(via) if tables.calibration else None,
            )
        )
    return out


def name_without_head(tables: Tables, name: str) -> str | None:
    """« Rouen Respire » for « association Rouen Respire »: the name after a lower-case head the institutions
    lexicon flags `alias` (association, syndicat, fondation, …), when a capitalised word follows it directly."""
    head, _, rest = name.partition(" ")
    if not rest or not head.islower() or not rest[:1].isupper():
        return None
    flags = tables.lex["institutions"].get(fold(head), "").split()[1:]
    return rest if "alias" in flags else None


def kind_of_name(tables: Tables, name: str) -> str:
    """The kind its head noun gives (« Agence… »), else a company's when a later word is a company designator
    (« Fox Corporation », « Airbus Defence and Space Holdings »), else other."""
    words = fold(names.strip_determiner(name)).split(" ") if name else [""]
    kind = tables.lex["heads"].get(words[0])
    if kind is None and any(w in tables.designators for w in words[1:]):
        kind = "company"
    return kind or "other"


def set_ents(ctx: Context, groups: list[Group], relabel_to: str) -> None:
    doc = ctx.doc
    ours = [Span(doc, s.start, s.end, label="ORG") for g in groups for s in g.spans]
    kept = []
    for ent in doc.ents:
        if ctx.in_furniture(ent.start_char):
            kept.append(Span(doc, ent.start, ent.end, label=relabel_to))
        elif ent.label_ != "ORG":
            kept.append(ent)
        elif (ent.start, ent.end) in ctx.as_place:
            kept.append(Span(doc, ent.start, ent.end, label="LOC"))
        elif (ent.start, ent.end) in ctx.as_person:
            kept.append(Span(doc, ent.start, ent.end, label="PER"))
    # a name the decision turned down is no organisation, and still a name: MISC, which the deal stage reads
    kept += [Span(doc, s, e, label="MISC") for s, e in ctx.declined]
    taken = bytearray(len(doc))
    for s in ours:
        taken[s.start : s.end] = b"\x01" * (s.end - s.start)
    doc.ents = filter_spans(ours + [e for e in kept if not any(taken[e.start : e.end])])
