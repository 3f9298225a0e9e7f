"""The values the deals stages pass each other: the per-Doc `DealContext`, entities, mentions; and the
parse readers every stage uses (clause heads, subjects, the governing verb's mood).

A `DealContext` is built once per Doc by `DealsComponent.__call__` and passed explicitly; nothing of a
Doc is kept on the component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from depeche.normalise.text import fold

_CND_FORMS = re.compile(r"^(?:\w+rai(?:t|ent)|serai(?:t|ent)|aurai(?:t|ent))$", re.I)


@dataclass(frozen=True)
class Settings:
    """The component's settings (`make_deals`' config)."""

    max_gap: int  # tokens between a trigger (or the previous party) and a party after it
    antecedent_sentences: int  # how far back a subject-less verbal trigger looks for its subject
    learned: bool = False  # a trained model decides which mentions are deals (sense.py): one side is enough
    alone: float = 0.8  # with `learned`, a mention this likely is a deal even with no party named


@dataclass
class Entity:
    """An organisation, person or state named in the text, a candidate party."""

    start: int  # char offsets
    end: int
    name: str
    ident: str
    ref: str | None
    kind: str | None
    tok_start: int = 0
    tok_end: int = 0


@dataclass
class Mention:
    """A trigger (or an anaphor) and what the stages find about it."""

    start_tok: int
    end_tok: int
    entry: dict
    sent: int
    clause: int
    parties: list[tuple[str, Entity]] = field(default_factory=list)
    past: bool = False
    cues: list[tuple[str, float]] = field(default_factory=list)
    asset: tuple[int, int] | None = None
    anaphor: bool = False
    context: set = field(default_factory=set)
    rest: bool = False  # bids for the rest of the capital (a later deal than the stake before it)
    negative: bool = False  # inside a match of the negative lexicon (kept only when a model decides)
    confidence: float | None = None  # P(deal) from the sense model (what its threshold reads); None with the rules
    calibrated: float | None = None  # that probability calibrated on dev: the deal's `confidence`
    party_scores: dict = field(default_factory=dict)  # ident -> calibrated P(role) from the role model
    status_model: str | None = None  # the status model's reading of the mention, and its probability
    status_p: float | None = None
    stage_via: dict = field(default_factory=dict)  # ident -> the via of the stage after the role decision that gave it (owner.py)

    @property
    def weak(self) -> bool:
        return bool(self.entry.get("weak"))

    def idents(self) -> set[str]:
        return {e.ident for _, e in self.parties}

    def targets(self) -> set[str]:
        return {e.ident for r, e in self.parties if r == "target"}

    def target_names(self) -> set[str]:
        return {fold(e.name) for r, e in self.parties if r == "target"}


@dataclass
class DealContext:
    """One Doc as the stages read it. `entities` is set by `entities.find_entities` (the candidate parties,
    without the companies the deals create); `new_entities` (start, end, name) likewise."""

    doc: Doc
    text: str  # the Doc's text, read once (Doc.text re-joins every token on each access)
    parsed: bool
    morph: bool
    pos: bool
    sents: list[tuple[int, int]]  # char ranges
    tok_sent: list[int]  # token -> index in sents, or -1
    cue_matches: list[tuple[int, int, int]]  # (match id, start, end): read for states and for cues
    settings: Settings
    entities: list[Entity] = field(default_factory=list)
    new_entities: list[tuple[int, int, str]] = field(default_factory=list)
    token_rows: object | None = None  # lexicon.TokenRows of the Doc: read by every Matcher gate, made once

    def first_token(self, tok: int) -> int:
        """The first token of the sentence token `tok` is in."""
        sent = self.tok_sent[tok]
        while tok > 0 and self.tok_sent[tok - 1] == sent:
            tok -= 1
        return tok

    def end_char(self, tok: int) -> int:
        """The char offset right after token `tok`."""
        t = self.doc[tok]
        return t.idx + len(t.text)


def sides_enough(ctx: "DealContext", cluster: list[Mention], sides: int, priced: bool) -> bool:
    """A transaction has two sides, or one and a price (the rules); with a trained sense model, one side,
    or none when the model is sure enough (« un géant de l'édition en rachète un autre »)."""
    if ctx.settings.learned:
        return sides >= 1 or max((m.confidence or 0.0) for m in cluster) >= ctx.settings.alone
    return sides >= 2 or (sides >= 1 and priced)


# --- parse readers -----------------------------------------------------------------


def clause(ctx: DealContext, i: int, sent: int) -> int:
    """The clause head of token i (its nearest finite or coordinated verb ancestor in its sentence)."""
    if not ctx.parsed:
        return -1
    tok = ctx.doc[i]
    for _ in range(50):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "acl:relcl", "parataxis", "csubj"):
            return tok.i
        head = tok.head
        if head.i == tok.i or ctx.tok_sent[head.i] != sent:
            return tok.i
        tok = head
    return tok.i


def subject_of(ctx: DealContext, i: int, sent: int) -> list[int]:
    """The token indices of the subject of the verb governing token i (through infinitives,
    gerunds and coordinated verbs), or [] when there is none in the sentence."""
    tok = ctx.doc[i]
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "cop" for c in tok.children):
            # a verb, or an adjective with its copula (« il était prêt à céder »)
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
                    return [t.i for t in child.subtree if ctx.tok_sent[t.i] == sent]
        head = tok.head
        if head.i == tok.i or ctx.tok_sent[head.i] != sent:
            return []
        tok = head
    return []


def governor(ctx: DealContext, i: int) -> Token | None:
    tok = ctx.doc[i]
    if not ctx.parsed:
        return tok
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else None


def mood_of(ctx: DealContext, i: int) -> str:
    """cnd (conditional), past (pluperfect or imperfect: background), pc (passé composé or passé
    simple), pres, inf, or '' for the verb governing token i."""
    doc = ctx.doc
    if not ctx.morph:
        window = doc[max(0, i - 2) : i + 2]
        return "cnd" if any(_CND_FORMS.match(t.text) for t in window) else ""
    own = [c for c in doc[i].children if c.dep_.startswith(("aux", "cop"))]
    if any("Cnd" in c.morph.get("Mood") for c in own):
        return "cnd"  # « serait en discussions »
    verb = governor(ctx, i)
    if verb is None:
        tok = doc[i]
        helpers = [c for c in (*tok.children, *tok.head.children) if c.dep_.startswith(("aux", "cop"))]
        if any("Cnd" in c.morph.get("Mood") for c in helpers):
            return "cnd"
        return ""
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    forms = [verb, *auxes]
    if any("Cnd" in t.morph.get("Mood") for t in forms):
        return "cnd"
    tenses = [t for a in auxes for t in a.morph.get("Tense")]
    if "Imp" in tenses or "Imp" in verb.morph.get("Tense"):
        return "past"
    if "Inf" in verb.morph.get("VerbForm") or any("Inf" in a.morph.get("VerbForm") for a in auxes):
        return "inf"  # « doit encore être approuvée », « prévoit de finaliser »
    if auxes and "Pres" in tenses and "Part" in verb.morph.get("VerbForm"):
        return "pc"
    if "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return "pc"
    if "Fut" in verb.morph.get("Tense") or "Fut" in tenses:
        return "fut"
    if "Pres" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return "pres"
    if "Inf" in verb.morph.get("VerbForm"):
        return "inf"
    return ""
