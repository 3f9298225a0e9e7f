"""Stage 4 of depeche_deals: the subject of a trigger that names none (« Le géant … avait tenté de
racheter », « il », the subject of the verb a noun trigger is the object of), else the last entity
of the previous sentences."""

from __future__ import annotations

import re

from depeche.components.common import name_key
from depeche.components.deals.context import DealContext, Entity, Mention, subject_of
from depeche.components.deals.parties import SUBJECT_ROLE, fits, preposition

# verbs whose subject receives a deal rather than makes it (« accepter / rejeter l'offre »)
# (stems: the pipeline has no lemmatizer)
_RECEIVING_VERBS = re.compile(r"^(?:accept|rejet|rejett|refus|repouss|déclin|examin|étudi|reçu|recev|reçoi|approuv|valid)", re.I)


def antecedent(ctx: DealContext, m: Mention, entities: list[Entity]) -> None:
    """A verbal trigger whose subject is not a named entity (« Le géant … avait tenté de racheter »)
    takes the last entity named in the previous sentences."""
    doc = ctx.doc
    span = doc[m.start_tok : m.end_tok]
    # the verb of the trigger, else the noun phrase's own head (« offre » in « offre publique »)
    trigger = next((t for t in span if t.pos_ in ("VERB", "AUX")), None)
    if trigger is None:
        trigger = next((t for t in span if not m.start_tok <= t.head.i < m.end_tok or t.head.i == t.i), doc[m.end_tok - 1]) if ctx.parsed else doc[m.end_tok - 1]
    noun = ctx.pos and trigger.pos_ not in ("VERB", "AUX")
    if noun and not ctx.parsed:
        return
    if noun and not (trigger.dep_ in ("obj", "nsubj:pass") and trigger.head.pos_ in ("VERB", "AUX")):
        return  # a noun takes the subject of the verb it is the object of (« a bouclé une levée de fonds »), only
    if noun and _RECEIVING_VERBS.match(trigger.head.lower_):
        return  # « le conseil d'Engie a accepté l'offre de Veolia »: who accepts or rejects an offer does not make it
    subject_role = SUBJECT_ROLE[m.entry["sense"]]
    if m.entry["sense"] == "join":
        return  # « Y participent X, Y »: the subject follows the verb
    bare = [e for r, e in m.parties if e.tok_end <= m.start_tok and r == subject_role]
    if bare and any(preposition(ctx, e.tok_start, e.tok_start - 3, False) in ("", "coord") for e in bare):
        return
    idents = m.idents()
    if ctx.parsed:
        if noun:  # only the subject of the verb the noun is the object of (« a annoncé avoir bouclé une levée »)
            verb = trigger.head
            while verb.dep_ == "xcomp" and not any(c.dep_.startswith("nsubj") for c in verb.children) and verb.head.i != verb.i:
                verb = verb.head
            subject = [t.i for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") for t in c.subtree]
            if not subject:
                return
        else:
            subject = subject_of(ctx, m.start_tok, m.sent)
        named = [e for e in entities if subject and e.tok_start <= max(subject) and min(subject) < e.tok_end]
        named = [e for e in named if e.ident not in idents and fits(e, subject_role, "")]
        if subject and not named and not any(e.tok_start <= max(subject) and min(subject) < e.tok_end for e in entities):
            propn = [i for i in subject if doc[i].pos_ == "PROPN" or (doc[i].text[:1].isupper() and i > min(subject) and doc[i].pos_ != "DET")]
            if propn and max(propn) - min(propn) < 5:
                span = doc[min(propn) : max(propn) + 1]
                named = [Entity(span.start_char, span.end_char, span.text, name_key(span.text), None, None, span.start, span.end)]
        if not named and len(subject) == 1 and doc[subject[0]].lower_ in ("il", "elle"):
            # « Vivendi a fait savoir qu'il était prêt à céder Editis »: « il » is the subject said before it
            sent_tok0 = next((t.i for t in doc if ctx.tok_sent[t.i] == m.sent), subject[0])
            named = [
                e for e in entities
                if sent_tok0 <= e.tok_start and e.tok_end <= subject[0] and e.ident not in idents
                and any(doc[k].dep_ == "nsubj" for k in range(e.tok_start, e.tok_end)) and fits(e, subject_role, "")
            ][-1:]
        if named:
            for e in reversed(named):
                m.parties.insert(0, (subject_role, e))
            return
    sent_start = ctx.sents[m.sent][0]
    window_start = ctx.sents[max(0, m.sent - ctx.settings.antecedent_sentences)][0]
    for e in reversed(entities):
        if e.end <= sent_start and e.start >= window_start and e.ident not in idents and e.kind not in ("media", "person"):
            m.parties.insert(0, (subject_role, e))
            return


