"""Stage 2: which of a sentence's cues reach a span, and so the span's qualifiers.

With a dependency parse (the real pipeline), a cue counts when it is attached to the span's head:

- the *clause chain*: the span's head, then its governors up to the clause's finite verb (« n'a pas
  l'intention de racheter »: racheter → intention → a), never across a clause boundary (ccomp, advcl, a
  relative, parataxis, a coordinated verb, a participle modifier); `clause` cues (« si », « en cas de »,
  « éventuel ») must attach to it; a conditional there (the verb's or its auxiliary's form: the
  morphologizer misses many) makes the span rumoured, a subjunctive (`Mood=Sub`) hypothetical (« qu'il y
  ait une offre de reprise »);
- the *negation chain*: the same, but only up from an object or a noun's complement, not from a subject nor
  an oblique (« le rachat n'a pas été finalisé », « ne repartent pas avec le repreneur » negate no deal);
  negation cues (« ne … pas », « aucun », « sans ») must attach to it;
- the *full chain*: every governor up to the root; `full` cues (speech verbs, « selon », denial verbs,
  « rumeurs ») attach to it, except the verb the span is the subject of (« l'acquisition a été annoncée »
  reports nothing) and a verb hanging off the chain that is not an incise (« après avoir annoncé ses
  résultats, X a racheté Y »); `sentence` cues (an incise « …, rapporte Reuters ») anywhere in the sentence.

A token is attached to a chain when it, its head, or (for a preposition, determiner or fixed word: « selon
Bloomberg ») its head's head is on it. Without a parse, a cue counts when it stands in the span's segment
of the sentence (cut at « mais », « ; » …) on the side its `scope` says; `full` cues anywhere in the sentence.

Then: hypothetical cancels a rumour read only from the conditional (« en cas de rachat, les régulateurs
ouvriraient une enquête »), and denied subsumes negated (« affirme qu'il n'y a aucun projet »,
contradicting a claim, is a denial).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from depeche.components.qualifiers.cues import Cue, CueIndex, SentenceCues
from depeche.components.qualifiers.lexicon import QUALIFIERS, CueMatcher, validate_lexicon

CLAUSE_DEPS = {"ccomp", "advcl", "acl:relcl", "parataxis", "parataxis:insert", "csubj", "appos", "dislocated",
               "vocative", "list", "ROOT"}
NEGATION_DEPS = {"obj", "nmod", "xcomp", "acl", "iobj", "nsubj:pass"}  # « n'a pas trouvé de repreneur », not
# « ne repartent pas avec le repreneur »
_CONDITIONAL = re.compile(r"^(?!\w*trait$)\w{2,}(?:rais|rait|rions|riez|raient)$", re.I)  # the morphologizer misses many
_BE_HAVE_CONDITIONAL = re.compile(r"^(?:ser|aur)(?:ais|ait|ions|iez|aient)$", re.I)
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "csubj", "csubj:pass", "expl:subj", "nsubj:caus"}
AUX_DEPS = {"aux", "aux:pass", "aux:tense", "aux:caus", "cop"}
FUNCTION_DEPS = {"case", "fixed", "det", "mark", "flat", "flat:name", "advmod", "amod"}
INCISE_DEPS = {"parataxis", "parataxis:insert", "dislocated"}
MAX_CLAUSE_STEPS = 6
MAX_FULL_STEPS = 14


@dataclass(frozen=True)
class Qualification:
    """A span's qualifiers and the cues that gave them."""

    qualifiers: frozenset[str]
    cues: tuple[Cue, ...]

    def as_list(self) -> list[str]:
        """The qualifiers in the record's order (negated, denied, hypothetical, rumoured, reported)."""
        return [q for q in QUALIFIERS if q in self.qualifiers]


NONE = Qualification(frozenset(), ())


def _finite(t: Token) -> bool:
    return "Fin" in t.morph.get("VerbForm") or any(c.dep_ in AUX_DEPS and "Fin" in c.morph.get("VerbForm") for c in t.children)


def clause_chain(head: Token, *, through_subject: bool, deps: set[str] | None = None) -> list[Token]:
    """`head`, then its governors up to its clause's finite verb (inclusive), not across a clause boundary;
    with `deps`, only up from a token attached by one of them (negation: « ne … pas de repreneur »)."""
    chain, t = [head], head
    for _ in range(MAX_CLAUSE_STEPS):
        if _finite(t) or t.head.i == t.i or t.dep_ in CLAUSE_DEPS:
            break
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):
            break  # a coordinated clause; a coordinated noun shares its first conjunct's governor
        if t.dep_ in SUBJECT_DEPS and not through_subject:
            break
        if deps is not None and t.dep_ not in deps and t.dep_ != "conj":
            break
        if t.dep_ == "acl" and "Part" in t.morph.get("VerbForm"):
            break  # « Be, racheté par Reworld »: a participle is its own clause
        t = t.head
        chain.append(t)
    return chain


def full_chain(head: Token) -> tuple[list[Token], set[int]]:
    """Every governor of `head` up to the root, and those reached up from a subject."""
    chain, from_subject, t = [head], set(), head
    for _ in range(MAX_FULL_STEPS):
        if t.head.i == t.i:
            break
        if t.dep_ in SUBJECT_DEPS:
            from_subject.add(t.head.i)
        t = t.head
        chain.append(t)
    return chain, from_subject


def _attached(doc: Doc, cue: Cue, on: set[int], skip: set[int] = frozenset()) -> bool:
    for t in doc[cue.start : cue.end]:
        if t.i in on and t.i not in skip:
            return True
        if t.head.i != t.i and t.head.i in on:
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in INCISE_DEPS:
                continue  # a verb hanging off the chain heads its own clause, which says nothing of the span
            return True
        if t.dep_ in FUNCTION_DEPS and t.head.head.i in on and t.head.head.i != t.head.i:
            return True
    return False


def _moods(chain: list[Token]) -> list[Cue]:
    """The conditional (rumoured) and subjunctive (hypothetical) of the verbs of the mood chain. Up from a
    subject, only « serait » / « aurait » report the span (« la participation serait de 100 % »), not a
    modal about its future (« l'acquisition pourrait être retardée »)."""
    out, subject = [], False
    for t in chain:
        for v in (t, *(c for c in t.children if c.dep_ in AUX_DEPS)):
            if v.pos_ in ("VERB", "AUX") and (_BE_HAVE_CONDITIONAL if subject else _CONDITIONAL).match(v.text):
                out.append(Cue(v.i, v.i + 1, "rumoured", "mood:Cnd", mood=True))
            elif "Sub" in v.morph.get("Mood"):
                out.append(Cue(v.i, v.i + 1, "hypothetical", "mood:Sub", mood=True))
        subject = subject or t.dep_ in SUBJECT_DEPS
    return out


def _parsed_cues(doc: Doc, start: int, end: int, sent: SentenceCues) -> list[Cue]:
    head = doc[start:end].root
    span_tokens = set(range(start, end))
    negation = {t.i for t in clause_chain(head, through_subject=False, deps=NEGATION_DEPS)} | span_tokens
    mood_chain = clause_chain(head, through_subject=True)
    clause = {t.i for t in mood_chain} | span_tokens
    full, from_subject = full_chain(head)
    full_ids = {t.i for t in full} | span_tokens
    out = []
    for cue in sent.cues:
        if cue.chain == "sentence":
            out.append(cue)
        elif cue.chain == "full":
            if _attached(doc, cue, full_ids, skip=from_subject):
                out.append(cue)
        elif _attached(doc, cue, negation if cue.qualifier == "negated" else clause):
            out.append(cue)
    return out + _moods(mood_chain)


def _bare_cues(start: int, end: int, sent: SentenceCues) -> list[Cue]:
    left, right = sent.segment(start, end)
    out = []
    for cue in sent.cues:
        if cue.chain in ("full", "sentence"):
            out.append(cue)
        elif left <= cue.start < right:
            if cue.scope == "preceding" and cue.start > start:
                continue
            if cue.scope == "following" and cue.start < end:
                continue
            out.append(cue)
    return out


def combine(cues: list[Cue]) -> Qualification:
    """The qualifiers the cues give, once the rules between them applied (module docstring)."""
    found = {c.qualifier for c in cues}
    if "hypothetical" in found and all(c.mood or c.id == "conditional-form" for c in cues if c.qualifier == "rumoured"):
        found.discard("rumoured")
    if "denied" in found:
        found.discard("negated")
    return Qualification(frozenset(found), tuple(c for c in cues if c.qualifier in found))


@lru_cache(maxsize=4)
def shipped_matcher(vocab: Vocab) -> CueMatcher:
    """The shipped lexicon (models/config.cfg's `[initialize.components.depeche_qualifiers]`), compiled for `vocab`."""
    from depeche.components.data import shipped

    return CueMatcher(vocab, validate_lexicon(shipped("depeche_qualifiers", ["cues"])["cues"]))


def qualify(doc: Doc, start: int, end: int, *, index: CueIndex | None = None) -> Qualification:
    """The qualifiers of tokens `[start, end)` of `doc`, with the cues that gave them.

    Pass the `index` of the Doc (`CueIndex(doc, matcher)`) when qualifying many spans of one Doc; without
    it, the shipped lexicon is matched on the span's sentence."""
    if start >= end or end > len(doc):
        return NONE
    if index is None:
        index = CueIndex(doc, shipped_matcher(doc.vocab))
    sent = index.sentence(start)
    if not sent.cues and not index.parsed:
        return NONE
    cues = _parsed_cues(doc, start, end, sent) if index.parsed else _bare_cues(start, end, sent)
    return combine(cues)


def qualify_chars(doc: Doc, start_char: int, end_char: int, *, index: CueIndex | None = None) -> Qualification:
    """`qualify` for character offsets (a record's Span), widened to the tokens they touch."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return NONE if span is None else qualify(doc, span.start, span.end, index=index)
