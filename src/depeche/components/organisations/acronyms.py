"""The `acronyms` generator of depeche_organisations: acronym definitions in brackets, the long name and the
acronym linked as one organisation (« l'autorité britannique de la concurrence (CMA) », « l'ONUB (Opération des
Nations unies au Burundi) »)."""

from __future__ import annotations

from depeche.components.organisations.types import OF, RULE, Candidate, Context, Tables, is_word
from depeche.normalise import names
from depeche.normalise.text import fold


def _acronym_matches(tables: Tables, ctx: Context) -> list[tuple[int, int, int]]:
    """`tables.acronyms(doc)`, run only around the Doc's opening brackets: each of its patterns holds « ( » as
    its first or second token, so every match lies in [i - 1, i + 3) of a bracket at i (windows merged)."""
    doc = ctx.doc
    found: list[tuple[int, int, int]] = []
    windows: list[list[int]] = []
    for i in tables.words(ctx, "bracket", lambda text: text == "("):
        lo, hi = max(0, i - 1), min(len(doc), i + 3)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        found.extend((match_id, lo + s, lo + e) for match_id, s, e in tables.acronyms(doc[lo:hi]))
    return found


def _long_form(tables: Tables, ctx: Context, acronym: str, long_end: int, ents_by_end: dict) -> tuple[int | None, str | None]:
    """Where the long name an acronym in brackets at `long_end` defines starts, and the kind its head gives: the
    farthest head noun within the window (« l'autorité britannique de la concurrence »), else the model's ORG or
    MISC entity ending there, else the capitalised run that spells the acronym."""
    doc = ctx.doc
    long_start, kind = None, None
    lower = max(0, long_end - tables.acronym_window)
    for i in range(long_end - 1, lower - 1, -1):
        token = doc[i]
        if token.is_punct and token.text not in ("'", "’", "-"):
            break
        head = tables.lex["heads"].get(fold(token.text))
        if head is not None and (i == 0 or not is_word(doc[i - 1]) or token.text[:1].isupper()):
            long_start, kind = i, head
    ent = ents_by_end.get(long_end)
    if long_start is None and ent is not None and ent.label_ in ("ORG", "MISC") and len(ent) > 1:
        long_start = ent.start
    if long_start is None and names.acronym_fits(acronym, doc[lower:long_end].text):
        # the name is the capitalised run that spells the acronym
        i = long_end - 1
        while i >= lower and (is_word(doc[i]) or doc[i].lower_ in OF):
            i -= 1
        i += 1
        while i < long_end and doc[i].lower_ in OF:
            i += 1
        if i < long_end - 1 and names.acronym_fits(acronym, doc[i:long_end].text):
            long_start = i
    return long_start, kind


def acronyms(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Acronym definitions: « l'autorité britannique de la concurrence (CMA) », « l'ONUB (Opération des Nations
    unies au Burundi) », an acronym written as a word when it spells the name before it (« l'Office français de
    protection des réfugiés et des apatrides (Ofpra) »); the long name and the acronym are linked (one organisation).
    Brackets after a person's name hold her party (« Richard Ferrand (LREM) »), no definition."""
    doc = ctx.doc
    out = []
    ends = {c.end: c for c in found}
    ents_by_end = {e.end: e for e in doc.ents}
    expansion = doc.vocab.strings["EXPANSION"]
    word_acronym = doc.vocab.strings["WORD_ACRONYM"]
    for match_id, start, end in _acronym_matches(tables, ctx):
        if match_id == expansion:
            out += _expansion(tables, ctx, start)
            continue
        acronym = doc[start + 1]
        as_word = match_id == word_acronym  # « des réfugiés et des apatrides (Ofpra) »: only where it spells the name
        if not (names.is_word_acronym(acronym.text) if as_word else names.is_acronym(acronym.text)):
            continue
        long_end = start
        person = ents_by_end.get(long_end)
        if person is not None and person.label_ == "PER":
            continue  # « Richard Ferrand (LREM) »: a person's party in brackets defines no name
        before = ends.get(long_end)
        if before is not None and before.end - before.start == 1 and names.is_acronym(doc[before.start].text):
            continue  # « une conférence de l'ONU (COP24) »: an acronym names no other acronym
        if before is not None and not names.acronym_fits(acronym.text, doc[before.start : long_end].text):
            # « le syndicat des commissaires de la police nationale (SCPN) »: the name found before the brackets
            # is the end of the name the acronym spells
            longer, kind = _long_form(tables, ctx, acronym.text, long_end, ents_by_end)
            if longer is not None and longer < before.start and names.acronym_fits(acronym.text, doc[longer:long_end].text):
                before = None
        if before is not None:
            long_start = before.start
            kind = before.kind
        else:
            long_start, kind = _long_form(tables, ctx, acronym.text, long_end, ents_by_end)
            if long_start is None or long_start >= long_end:
                continue
        if as_word and not names.acronym_fits(acronym.text, doc[long_start:long_end].text):
            continue
        if _initials_of_a_person(doc, long_start, long_end, start + 3):
            continue
        if before is None:
            out.append(Candidate(long_start, long_end, RULE, kind=kind, link=(start + 1, start + 2), via="organisations.acronym"))
        out.append(Candidate(start + 1, start + 2, RULE, kind=kind, link=(long_start, long_end), via="organisations.acronym"))
    return out


def _initials_of_a_person(doc, start: int, end: int, after: int) -> bool:
    """« Walter Owen (W.O.) Bentley », « John Fitzgerald (JFK) Kennedy »: initials in brackets inside a person's
    name — the ner calls the words before them a person, or a capitalised word goes on after the bracket and
    the words before are two or three capitalised words without « de » (a first name and a middle name)."""
    if any(e.label_ == "PER" and e.start <= start and end <= e.end for e in doc.ents):
        return True
    words = doc[start:end]
    return (
        after < len(doc)
        and is_word(doc[after])
        and not doc[after].is_sent_start
        and 2 <= len(words) <= 3
        and all(is_word(t) and t.lower_ not in OF for t in words)
    )


def _expansion(tables: Tables, ctx: Context, start: int) -> list[Candidate]:
    """« l'ONUB (Opération des Nations unies au Burundi) »: an acronym, then its expansion in brackets."""
    doc = ctx.doc
    acronym = doc[start]
    if not names.is_acronym(acronym.text):
        return []
    close = next((i for i in range(start + 2, min(len(doc), start + 2 + tables.acronym_window)) if doc[i].text == ")"), None)
    if close is None or close - (start + 2) < 2:
        return []
    long_name = doc[start + 2 : close]
    if not names.acronym_fits(acronym.text, long_name.text) or len(names.initials(long_name.text)) != sum(c.isalpha() for c in acronym.text):
        return []
    kind = tables.lex["heads"].get(fold(long_name[0].text))
    return [
        Candidate(start + 2, close, RULE, kind=kind, link=(start, start + 1), via="organisations.acronym"),
        Candidate(start, start + 1, RULE, kind=kind, link=(start + 2, close), via="organisations.acronym"),
    ]
