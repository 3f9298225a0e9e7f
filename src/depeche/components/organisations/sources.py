"""The `sources` generator: a name in the slot of a source of news (« selon Les Échos », « rapporte le Wall
Street Journal », « a indiqué X au Parisien », « sur Twitter », « dans un entretien au JDD ») is a media
organisation (via organisations.source), unless the model reads it as a person or a place, its words are
those of a person of the article (« selon Psaki »), or it starts with a person's honorific. The slot words
are data: `models/lexicons/organisations_sources.tsv` (word, slot)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from depeche.components.common import common_word
from depeche.components.organisations.types import OF, RULE, Candidate, Context, Tables, name_after
from depeche.normalise.text import fold

TO = frozenset({"à", "au", "aux"})
_ARTICLES = frozenset({"le", "la", "les", "l'", "l’", "du", "des", "son", "sa", "ses", "leur", "leurs"})
_SPEECH_WINDOW = 8  # tokens between a verb of saying and its « à/au »: « a-t-il déclaré, lundi, au Figaro »
_ENDS = frozenset({".", ";", ":", "!", "?", "«", "»", '"', "“", "”", "(", ")", "que", "qu'", "qu’"})
_NOT_NAMES = frozenset({"PER", "LOC"})
_GLUED = re.compile(r"\w[.\"«»“”]+\w")
_PARTICLES = frozenset({"de", "du", "des", "d'", "d’"})


def sources(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    doc = ctx.doc
    table = tables.lex.get("sources") or {}
    if not table:
        return []
    blocked = bytearray(len(doc))  # tokens of the model's people and places
    person_words = set()  # « Jen Psaki … selon Psaki »: a surname of a person of the article
    for ent in doc.ents:
        if ent.label_ in _NOT_NAMES:
            blocked[ent.start : ent.end] = b"\x01" * len(ent)
        if ent.label_ == "PER":
            person_words.update(t.text for t in ent if t.text[:1].isupper())
    out = []
    for i in tables.words(ctx, "source-slot", lambda text: fold(text) in table):
        token = doc[i]
        slot = table[fold(token.text)]
        if slot == "cue" and token.lower_ == "après" and not (i > 0 and doc[i - 1].lower_ in ("d'", "d’")):
            continue  # « après » alone is no cue, « d'après » is
        at, any_name = _slot_start(table, doc, i, slot)
        if at is None:
            continue
        span = _name(tables, doc, at, blocked)
        if span is None:
            continue
        s, e = span
        words = [fold(t.text) for t in doc[s:e]]
        if any(_GLUED.search(t.text) for t in doc[s:e]):
            continue  # « à l'AFP.Selon une source »: two sentences glued, the token is no name
        if table.get(words[0]) == "honorific" or any(blocked[s:e]) or all(t.text in person_words for t in doc[s:e]):
            continue
        platform = table.get(" ".join(words)) == "platform"
        if not any_name and not platform:
            continue
        if e - s == 1 and not platform and (words[0] in tables.lex["heads"] or common_word(doc, doc[s])):
            continue  # « selon le Tribunal », « selon Action »: a common noun, no outlet's name
        out.append(Candidate(s, e, RULE, kind="media", via="organisations.source"))
    return out


def _slot_start(table: dict[str, str], doc: Doc, i: int, slot: str) -> tuple[int | None, bool]:
    """Where the name of a slot opened at token i starts, and whether any name fits there (else only a
    listed platform does)."""
    n = len(doc)
    if slot in ("cue", "after"):
        return i + 1, True
    if slot == "account":
        return (i + 1, False) if doc[i].is_lower else (None, False)
    if slot in ("speech", "interview", "of"):
        window = _SPEECH_WINDOW if slot == "speech" else 3
        wanted = TO if slot != "of" else frozenset({"de", "du", "d'", "d’"})
        for j in range(i + 1, min(n, i + 1 + window)):
            if doc[j].lower_ in wanted:
                return j + 1, True
            if doc[j].lower_ in _ENDS or doc[j].is_sent_start:
                break
        return None, False
    if slot == "on":
        j = i + 1
        if j < n and doc[j].lower_ in _ARTICLES:
            j += 1
        head = table.get(fold(doc[j].text)) if j < n and doc[j].is_lower else None
        if head == "account":
            return j + 1, False
        if head == "head":
            j += 1
            if j < n and doc[j].is_lower and doc[j].is_alpha and doc[j].lower_ not in OF:
                j += 1  # « sur le réseau social X »
            if j < n and doc[j].lower_ in ("de", "du", "d'", "d’"):
                j += 1
            return j, True
        return j, False
    return None, False


def _name(tables: Tables, doc: Doc, at: int, blocked: bytearray) -> tuple[int, int] | None:
    """The capitalised name at token `at`, after a lower-case article (« le Wall Street Journal », « l'AFP »),
    with a channel's number (« Europe 1 », « France 2 »)."""
    if at < len(doc) and doc[at].lower_ in _ARTICLES and doc[at].is_lower:
        at += 1
    span = name_after(tables, doc, at, adjectives=False)
    if span is None:
        return None
    s, e = span
    while e + 1 < len(doc) and doc[e].lower_ in _PARTICLES and not doc[e + 1].is_sent_start:
        more = name_after(tables, doc, e + 1, adjectives=False)
        if more is None or any(blocked[more[0] : more[1]]):
            break  # « selon Reuters de Londres » (a place) ends at « Reuters »
        e = more[1]  # « Journal du Dimanche », « Ouest-France »
    if e < len(doc) and doc[e].is_digit and len(doc[e].text) <= 2 and not doc[e].is_sent_start:
        e += 1
    return s, e
