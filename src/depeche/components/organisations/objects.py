"""Organisations in the object slot of a deal: « Elon Musk rachète Twitter », « le rachat d'Arm par Nvidia »,
« l'acquisition de Gumpert ». A bare capitalised name (a MISC entity of the model, or a proper noun the model
left out) that is the object of a verb of `organisations_verbs.txt` (« racheter », « acquérir », « céder ») or
the « de » complement of a noun there (« rachat », « acquisition », « cession ») is a company (via
organisations.verb). A name with a determiner (« racheter des Airbus », « la cession du Rafale ») is a
product or a fleet, not taken; a person's or place's name is never taken."""

from __future__ import annotations

import numpy
from spacy.tokens import Token

from depeche.components.organisations.types import RULE, Candidate, Context, Tables, is_word, name_after
from depeche.normalise.text import fold

_OF = frozenset({"de", "d'", "d’"})  # « le rachat de Gumpert » (« du », « des » carry a determiner)


def objects(tables: Tables, ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    out = []
    taken: set[int] = set()
    misc = {ent.root.i: ent for ent in doc.ents if ent.label_ == "MISC"}
    for token in _dependents_of_verbs(tables, ctx):
        if token.i in taken or not _in_slot(tables, token):
            continue
        if token.i in misc:
            ent = misc[token.i]
            span = (ent.start, ent.end)
        elif token.ent_type_ == "" and token.pos_ == "PROPN" and is_word(token) and not token.is_sent_start:
            start = token.i
            while start > 0 and is_word(doc[start - 1]) and doc[start - 1].ent_type_ == "" and not doc[start].is_sent_start:
                start -= 1
            span = name_after(tables, doc, start, adjectives=False)
            if span is None or any(t.ent_type_ for t in doc[span[0] : span[1]]):
                continue
        else:
            continue
        taken.update(range(*span))
        out.append(Candidate(span[0], span[1], RULE, kind="company", via="organisations.verb"))
    return out


def _dependents_of_verbs(tables: Tables, ctx: Context) -> list[Token]:
    """The tokens, in order, whose head is a word of `tables.verbs` (the only ones `_in_slot` can accept), found
    from the Doc's arrays rather than by testing every token."""
    doc = ctx.doc
    verbs = tables.words(ctx, "deal-verb", lambda text: fold(text).startswith(tables.verbs))
    if not verbs:
        return []
    heads = doc.to_array("HEAD").astype("int64") + numpy.arange(len(doc))
    return [doc[i] for i in numpy.flatnonzero(numpy.isin(heads, verbs)).tolist()]


def _in_slot(tables: Tables, token: Token) -> bool:
    """Whether `token` heads the object of a deal's verb or the « de » complement of a deal's noun, bare."""
    head = token.head
    if head.i == token.i or not fold(head.text).startswith(tables.verbs) or any(c.dep_ == "det" for c in token.children):
        return False
    if head.i > token.i or any(t.pos_ in ("NOUN", "PROPN") for t in token.doc[head.i + 1 : token.i] if not t.text[:1].isupper()):
        return False  # « céder la plateforme de trains régionaux Coradia »: a noun between, the parser's slip
    if token.dep_ == "obj" and head.pos_ == "VERB":
        return _no_article_before(token)
    if token.dep_ == "nmod" and head.pos_ == "NOUN":
        return any(c.dep_ == "case" and c.lower_ in _OF for c in token.children)
    return False


def _no_article_before(token: Token) -> bool:
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is None or before.lower_ not in ("le", "la", "les", "l'", "l’", "un", "une", "des", "du")
