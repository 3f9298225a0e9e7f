"""Who must meet a deadline, and whether a deadline noun governs a date: read through the parse, not
from character distance.

The party is the subject of the verb the deadline's date attaches to (« Thales a jusqu'au 14 juillet
pour … »: Thales; « l'ultimatum du consortium Onepoint expire vendredi »: Onepoint), climbing
through infinitives and participles to the verb that has one. A mention of `doc._.organisations`
or `doc._.people` inside that subject is the party. When the Doc is not parsed, or the subject
names no one (« L'accord prévoit une date butoir au 18 juillet »), the mentions of the deadline's
sentences are its parties, as before. `noun_governs` says whether a deadline noun near a date is that
date's (« le délai expirant mardi », « l'ultimatum expire vendredi ») or another clause's (« Sa
prolongation nécessite un projet de loi, que le Sénat s'apprête à voter mardi »: the vote's day).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

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


def _relative_clause(pronoun: Token) -> Token | None:
    """The verb of the relative clause `pronoun` opens (the « doit » of « qui doit durer »), whose head is the noun it
    stands for; None when the parse does not hang it on a noun."""
    token = pronoun.head
    for _ in range(3):
        if token.dep_ == "acl:relcl":
            return token if token.head.pos_ in ("NOUN", "PROPN") else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


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
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
            bounds = []
            for subject in subjects:
                words = list(subject.subtree)
                if "Rel" in subject.morph.get("PronType") and (clause := _relative_clause(subject)) is not None:
                    # « ce procès …, qui doit durer jusqu'au 20 juin »: « qui » stands for the noun the clause qualifies
                    words = [w for w in clause.head.subtree if w.i < clause.i and w.i < subject.i] or words
                bounds.append((words[0].idx, words[-1].idx + len(words[-1])))
            # two subjects on one verb (the parse's slip: « L'Espagne ayant choisi de maintenir …, les passagers …
            # seront invités à … jusqu'au 21 juin »): the nearest to the date first
            out.extend(sorted(bounds, key=lambda b: start - b[1] if b[1] <= start else b[0] - end + 10_000))
            if subjects or token.dep_ not in _CLIMB:
                break
        if token.head.i == token.i:
            break
        if token.dep_ in ("acl", "acl:relcl") and token.pos_ in ("VERB", "AUX"):
            head = token.head  # « l'offre de Vivendi, prolongée jusqu'au … »: the noun it qualifies
            words = [w for w in head.subtree if w.i < token.i]
            if words:
                out.append((words[0].idx, words[-1].idx + len(words[-1])))
                break
        token = token.head
    return out


def parties(doc: Doc, subjects: list[tuple[int, int]], sentences: list[tuple[int, int]], found: list[tuple[int, int, str]]) -> list[str]:
    """The ids of who must act by a date whose verb's subjects are `subjects` (`subject_bounds`)."""
    for lo, hi in subjects:
        ids = list(dict.fromkeys(ref for m_start, m_end, ref in found if lo <= m_start and m_end <= hi))
        if ids:
            return ids
    ids: list[str] = []
    for m_start, m_end, ref in found:
        if any(s[0] <= m_start and m_end <= s[1] for s in sentences) and ref not in ids:
            ids.append(ref)
    return ids


def _clause_verb(token):
    """The nearest verb (or the root) at or above `token`: the clause it belongs to."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token


def _is_ancestor(token, of) -> bool:
    return any(a.i == token.i for a in of.ancestors)  # Tokens are views: compare their index


def noun_governs(doc: Doc, noun: tuple[int, int], date: tuple[int, int]) -> bool:
    """Whether the deadline noun at `noun` governs the date at `date` in the parse: one is in the
    other's subtree (« le délai expirant mardi », « le 15 mars, date limite »), or both depend on the
    same verb (« l'ultimatum expire vendredi », « la date limite a été fixée au 15 mars »). True when
    the Doc is not parsed (the rules' character distance decides alone)."""
    if not is_parsed(doc):
        return True
    noun_span = doc.char_span(noun[0], noun[1], alignment_mode="expand")
    date_span = doc.char_span(date[0], date[1], alignment_mode="expand")
    if noun_span is None or date_span is None or not len(noun_span) or not len(date_span):
        return True
    n, d = noun_span.root, date_span.root
    for _ in range(8):  # « au 30 novembre ou au 31 décembre », « les 21, 24 et 28 novembre »: as the first date
        if d.dep_ != "conj" or d.head.i == d.i:
            break
        d = d.head
    if n.sent.start != d.sent.start:
        return True  # the parse cut the sentence where the rules did not (glued text): no evidence
    if _is_ancestor(n, d) or _is_ancestor(d, n) or _copula_after(doc, noun_span, d):
        return True
    verb = _clause_verb(d)
    # same clause: both hang on its verb (« l'ultimatum expire vendredi », « la date limite a été fixée au
    # 15 juin »), not through other phrases (« faute d'un retrait dans le délai imparti, lors d'un
    # entretien vendredi »: the call's day)
    return n.head.i == verb.i and (d.head.i == verb.i or d.i == verb.i)


_NOUN_COMPLEMENT = frozenset({"de", "du", "des", "d'", "d’"})


def _copula_after(doc: Doc, noun_span, d) -> bool:
    """« dont la date limite (de consommation) est le 18 novembre »: the date is the predicate of a copula that
    comes right after the noun and its complement, whatever the parse hangs the noun on (it can make the noun a
    conjunct of an earlier one)."""
    cop = next((c for c in d.children if c.dep_ == "cop" and c.i < d.i), None)
    if cop is None or cop.i < noun_span.end or cop.i - noun_span.end > 4:
        return False
    between = doc[noun_span.end : cop.i]
    return all(t.lower_ in _NOUN_COMPLEMENT or (t.is_lower and t.pos_ in ("NOUN", "ADJ")) for t in between)


def subject_head(doc: Doc, text: str, span: tuple[int, int]) -> str:
    """The text of the subject of the clause the date at `span` is in, the nearest, up to its first comma (its
    head phrase, not the clauses it carries); "" without a parse or a subject."""
    bounds = subject_bounds(doc, *span)
    return text[bounds[0][0] : bounds[0][1]].split(",")[0] if bounds else ""


def subject_word(doc: Doc, subjects: list[tuple[int, int]]) -> str | None:
    """The lemma of the head of the first of `subjects` (`subject_bounds`: « les salles de cinéma resteront
    fermées jusqu'au 22 »: salle), or None (no parse, no subject)."""
    if not subjects:
        return None
    span = doc.char_span(subjects[0][0], subjects[0][1], alignment_mode="expand")
    if span is None or not len(span) or span.root.pos_ in ("PRON", "DET"):
        return None  # « il », « qui », « ce »: says nothing about which measure
    return span.root.lemma_.lower() or span.root.lower_
