"""Resolution: the candidates of every generator filtered and made non-overlapping, then every other
occurrence of a name found added (propagation)."""

from __future__ import annotations

from spacy.tokens import Doc

from depeche.components.organisations.types import GAZETTEER, MODEL, PROPAGATED, RULE, Candidate, Context, Tables
from depeche.normalise.text import fold


def admissible(tables: Tables, ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """The candidates outside page furniture and people's names, that are no listed non-name, giving way to
    longer names that hold them, widened to whole hyphenated words."""
    doc = ctx.doc
    cands = [c for c in cands if not ctx.in_furniture(doc[c.start].idx) and fold(doc[c.start : c.end].text) not in tables.not_names]
    if ctx.portfolios:
        starts = {i for s, e in ctx.portfolios for i in range(s, e)}
        cands = [c for c in cands if c.start not in starts]
    cands = [c for c in cands if not common_noun(doc, c)]
    cands = outside_people(doc, cands)
    cands = inside_longer_names(doc, cands)
    return [whole_words(doc, c) for c in cands]


def common_noun(doc: Doc, c: Candidate) -> bool:
    """A one-word name of the model that the tagger reads as a common noun inside a sentence (« Transition »,
    « Action », « Association »): no organisation. Acronyms and gazetteer names stand."""
    if c.source != MODEL or c.end - c.start != 1 or not doc.has_annotation("POS"):
        return False
    token = doc[c.start]
    if token.pos_ not in ("NOUN", "ADJ", "VERB") or token.is_upper or token.is_sent_start:
        return False
    # a word of the language (its lower-case form has a vector), not a brand the tagger does not know (« Exor »)
    vectors = doc.vocab.vectors
    return vectors.size == 0 or doc.vocab.strings.add(token.lower_) in vectors


def whole_words(doc: Doc, c: Candidate) -> Candidate:
    """A name does not stop inside a hyphenated word: « Arlux-Visotec », « Université Panthéon-Assas »."""
    end = c.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    if end != c.end and c.entry is None:
        c.end = end
    return c


def inside_longer_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A gazetteer name inside a longer capitalised ORG name of the model, or inside a name an acronym
    defines, is part of that other organisation's name (« Sanofi Pasteur », « ONUB (Opération des Nations
    unies au Burundi) »): it gives way."""
    longer = [c for c in cands if (c.source == MODEL and doc[c.start].text[:1].isupper()) or (c.via == "organisations.acronym" and c.end - c.start > 1)]
    if not longer:
        return cands
    return [
        c
        for c in cands
        if c.source != GAZETTEER or not any(m.start <= c.start and c.end <= m.end and (m.end - m.start) > (c.end - c.start) for m in longer)
    ]


def outside_people(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """No organisation inside a longer person's name (« Ford » in « Henry Ford »)."""
    people = [e for e in doc.ents if e.label_ == "PER"]
    if not people:
        return cands
    return [c for c in cands if not any(p.start <= c.start and c.end <= p.end and (c.end - c.start) < len(p) for p in people)]


def resolve(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the strongest source, then the longest, then the first."""
    ranked = sorted(cands, key=lambda c: (c.source, -(c.end - c.start), c.start))
    taken = bytearray(len(doc))
    chosen = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def propagate(ctx: Context, chosen: list[Candidate], *, model_names: bool) -> list[Candidate]:
    """Every other occurrence of a name found is a mention too (same case, whole tokens): of the gazetteers'
    acronyms' names, and of the model's when `model_names` (a name found as a source is not: « Twitter » told as a
    source, then named as a platform, is no organisation everywhere)."""
    doc, text = ctx.doc, ctx.text
    forms = {}
    for c in chosen:
        span = doc[c.start : c.end]
        if span.text[:1].isupper() and len(span.text) >= 2 and (c.via in ("organisations.gazetteer", "organisations.acronym") or (c.source == MODEL and model_names)):
            forms.setdefault(span.text, c)
    out = []
    other_ents = bytearray(len(doc))
    longer_person = bytearray(len(doc))
    for ent in doc.ents:
        if ent.label_ != "ORG":
            other_ents[ent.start : ent.end] = b"\x01" * len(ent)
        if ent.label_ == "PER" and len(ent) > 1:
            longer_person[ent.start : ent.end] = b"\x01" * len(ent)
    for form, c in forms.items():
        strong = c.source in (GAZETTEER, RULE)
        at = text.find(form)
        while at >= 0:
            span = doc.char_span(at, at + len(form))
            if span is not None and (strong or not any(other_ents[span.start : span.end])) and not ctx.in_furniture(at) and not any(longer_person[span.start : span.end]):
                out.append(Candidate(span.start, span.end, c.source if c.source == GAZETTEER else PROPAGATED, entry=c.entry, kind=c.kind, via="organisations.propagated"))
            at = text.find(form, at + len(form))
    return chosen + out
