"""Stage 5 of depeche_deals: status cues (« mis en suspens », « finalisé », « négociations ») linked to a
mention by the parse, weighed by the verb's tense and mood (indicative > noun > pluperfect >
conditional); past attempts (« avait déjà tenté de racheter »); the deal's status from its cues."""

from __future__ import annotations

import re

from depeche.components.deals.context import DealContext, Mention, clause, mood_of
from depeche.components.deals.lexicon import Lexicon

# Later stages win ties between cues of equal weight.
STATUS_ORDER = [
    "rumoured",
    "proposed",
    "negotiating",
    "agreed",
    "pending",
    "approved",
    "completed",
    "abandoned",
    "blocked",
    "suspended",
]
_ATTEMPT_PAST = re.compile(r"\b(?:avai(?:t|ent)|avions|aviez|a|ont)\s+(?:déjà\s+|alors\s+|auparavant\s+)*(?:tenté|essayé|cherché)\b", re.I)
_NEGATIONS = {"pas", "jamais", "plus", "guère", "nullement"}

CueSpan = tuple[int, int, dict]  # (start token, end token, cue entry)


def find_cues(ctx: DealContext, lexicon: Lexicon) -> list[CueSpan]:
    """The cue matches with their entries, in order (longest first at one start)."""
    spans = [(s, e, lexicon.entry(ctx.doc, match_id, lexicon.cues)) for match_id, s, e in ctx.cue_matches]
    spans.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    return spans


def deal_status(cues: list[tuple[str, float]]) -> str:
    """The strongest cue's status (ties: the later stage), « proposed » without any; agreed and awaiting
    an approval (« sous réserve de l'accord de Bruxelles ») is pending."""
    status = max(cues, key=lambda c: (c[1], STATUS_ORDER.index(c[0])))[0] if cues else "proposed"
    if status == "agreed" and any(c[0] == "pending" for c in cues):
        status = "pending"
    return status


def is_past(ctx: DealContext, m: Mention, restrict: bool) -> bool:
    """A past attempt: « avait déjà tenté de … racheter » in the mention's clause."""
    doc = ctx.doc
    sent_start = ctx.sents[m.sent][0]
    start = sent_start
    if restrict:
        clause_toks = [t.i for t in doc if ctx.tok_sent[t.i] == m.sent and clause(ctx, t.i, m.sent) == m.clause]
        start = doc[min(clause_toks)].idx if clause_toks else sent_start
    else:
        start = max(sent_start, doc[max(0, m.start_tok - 10)].idx)
    before = ctx.text[start : doc[m.start_tok].idx]
    return bool(_ATTEMPT_PAST.search(before))


def linked(ctx: DealContext, cue_tok: int, m_tok: int, sent: int) -> bool:
    """A cue applies to a mention in the same clause, or in the clause the mention is (in) the subject or object of."""
    doc = ctx.doc
    if ctx.tok_sent[cue_tok] != sent:
        return False
    if not ctx.parsed:
        return True
    cue_clause = clause(ctx, cue_tok, sent)
    if clause(ctx, m_tok, sent) == cue_clause:
        return True
    tok = doc[m_tok]
    for _ in range(50):
        head = tok.head
        if head.i == tok.i or ctx.tok_sent[head.i] != sent:
            return False
        if head.i == cue_clause:
            return tok.dep_ in ("nsubj", "nsubj:pass", "obj", "obl:arg", "csubj", "xcomp", "iobj")
        tok = head
    return False


def mention_cues(ctx: DealContext, m: Mention, cue_spans: list[CueSpan], negative_tokens: set[int]) -> list[tuple[str, float]]:
    """The status cues of a mention, with their weights (and whether it is a deal of the past: `m.past`)."""
    doc = ctx.doc
    cues: list[tuple[str, float]] = []
    if m.past:
        cues.append(("abandoned", 3.5))
    for s, e, entry in cue_spans:
        status = entry.get("status")
        if not status or set(range(s, e)) & negative_tokens:
            continue
        if m.start_tok <= s < m.end_tok:
            continue
        if entry.get("id") == "annoncer" and any(
            s < s2 < m.start_tok and entry2.get("status") and entry2.get("id") != "annoncer"
            and ctx.parsed and doc[e2 - 1].head.i == e - 1 and doc[e2 - 1].dep_ in ("xcomp", "ccomp")
            for s2, e2, entry2 in cue_spans
        ):
            continue  # « a annoncé avoir bouclé une levée »: what is announced says the status
        if not linked(ctx, e - 1, m.start_tok, m.sent) or _negated(ctx, s, e):
            continue
        if entry.get("needs_regulator") and not regulator_in(ctx, ctx.tok_sent[s]):
            continue  # « examiner » is a regulator's review only when one is named
        weight = weight_of(ctx, e - 1, entry)
        if weight == 1.5 and status in ("blocked", "abandoned", "completed"):
            m.past = True  # « le précédent projet … avait été bloqué »: a deal of the past
            cues.append((status, 3.5))
            continue
        # the conditional reports, it does not assert: « serait en discussions » is a rumour
        cues.append(("rumoured" if weight == 1.0 else status, weight))
    trig = next((t for t in doc[m.start_tok : m.end_tok] if t.pos_ in ("VERB", "AUX")), doc[m.end_tok - 1])
    mood = mood_of(ctx, trig.i)
    verbal = (trig.pos_ in ("VERB", "AUX")) if ctx.pos else False
    if verbal and mood == "past" and m.entry["sense"] in ("buy", "sell", "stake", "invest", "raise") and trig.morph.get("VerbForm") == ["Part"]:
        m.past = True  # « EQT, qui avait racheté Nordlys en 2017 »
        cues.append(("completed", 3.5))
    elif mood == "cnd":
        cues.append(("rumoured", 1.0))
    elif verbal and mood == "pc" and m.entry["sense"] not in ("partner",):
        cues.append(("completed", 2.5))
    elif verbal and mood == "pres" and m.entry["sense"] == "raise":
        cues.append(("completed", 2.0))  # « Mistral AI lève 385 millions d'euros »: raised
    elif verbal and mood == "pres" and m.entry["sense"] not in ("partner", "bid"):
        cues.append(("agreed", 2.0))
    else:
        cues.append(("proposed", 0.5))
    return cues


def regulator_in(ctx: DealContext, sent: int) -> bool:
    a, b = ctx.sents[sent]
    return any(a <= e.start < b and e.kind in ("regulator", "court", "government") for e in ctx.entities)


def _negated(ctx: DealContext, s: int, e: int) -> bool:
    """« n'a pas encore été acceptée », « ne sera jamais finalisé »: a negated cue says nothing."""
    doc = ctx.doc
    window = doc[max(0, s - 4) : min(len(doc), e + 2)]
    return any(t.lower_ in _NEGATIONS for t in window) and any(t.lower_ in ("ne", "n'", "n’") for t in window)


def weight_of(ctx: DealContext, i: int, entry: dict) -> float:
    mood = mood_of(ctx, i)
    if mood == "cnd":
        return 1.0
    if mood in ("past", "inf", "fut"):
        return 1.5 if mood == "past" else 0.5  # background, or planned (« prévoit de finaliser »)
    return 3.0 if entry.get("class") == "verb" else 2.0


