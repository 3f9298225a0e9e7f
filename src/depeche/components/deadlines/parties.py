"""Who must meet a deadline: read through the parse, not from character distance.

The party is the subject of the verb the deadline's date attaches to (« Thales a jusqu'au 14 juillet
pour … »: Thales; « l'ultimatum du consortium Onepoint expire vendredi »: Onepoint), climbing
through infinitives and participles to the verb that has one. A mention of `doc._.organisations`
or `doc._.people` inside that subject is the party. When the Doc is not parsed, or the subject
names no one (« L'accord prévoit une date butoir au 18 juillet »), the mentions of the deadline's
sentences are its parties, as before.
"""

from __future__ import annotations

from spacy.tokens import Doc

from depeche import docattrs
from depeche.docattrs import is_parsed

_SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")
_CLIMB = ("xcomp", "acl", "acl:relcl", "advcl", "conj", "ccomp")


def mentions(doc: Doc) -> list[tuple[int, int, str]]:
    out = []
    for name in ("organisations", "people"):
        for entity in docattrs.get(doc, name):
            for span in getattr(entity, "mentions", None) or []:
                out.append((span.start, span.end, entity.id))
    return sorted(out)


def subject_bounds(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Character ranges of the subjects of the verb governing [start, end), nearest first."""
    if not is_parsed(doc):
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    token = span.root
    out: list[tuple[int, int]] = []
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
            for subject in subjects:
                words = list(subject.subtree)
                out.append((words[0].idx, words[-1].idx + len(words[-1])))
            if subjects or token.dep_ not in _CLIMB:
                break
        if token.head is token:
            break
        if token.dep_ in ("acl", "acl:relcl") and token.pos_ in ("VERB", "AUX"):
            head = token.head  # « l'offre de Vivendi, prolongée jusqu'au … »: the noun it qualifies
            words = [w for w in head.subtree if w.i < token.i]
            if words:
                out.append((words[0].idx, words[-1].idx + len(words[-1])))
                break
        token = token.head
    return out


def parties(doc: Doc, start: int, end: int, sentences: list[tuple[int, int]], found: list[tuple[int, int, str]]) -> list[str]:
    """The ids of who must act by the date at [start, end)."""
    for lo, hi in subject_bounds(doc, start, end):
        ids = list(dict.fromkeys(ref for m_start, m_end, ref in found if lo <= m_start and m_end <= hi))
        if ids:
            return ids
    ids: list[str] = []
    for m_start, m_end, ref in found:
        if any(s[0] <= m_start and m_end <= s[1] for s in sentences) and ref not in ids:
            ids.append(ref)
    return ids
