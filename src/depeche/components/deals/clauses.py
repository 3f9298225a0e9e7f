"""A stage of depeche_deals after the role decision: the detached participial clause. A trigger participle that
opens its sentence (« Rachetée l'an passé par Veolia, Suez … », « Fraîchement acquis par Thoma Bravo, l'éditeur
Talend … », « Ayant racheté Bombardier Transport, Alstom … ») says nothing of its subject inside its own clause:
its subject is the main clause's, the first name after the clause's comma. A past participle alone is passive:
that name is what changed hands (the target); after « ayant » it is active: that name bought (or sold)."""

from __future__ import annotations

from depeche.components.deals.context import DealContext, Entity, Mention
from depeche.components.deals.features import passive
from depeche.components.deals.parties import fits

_SENSES = {"buy": "buyer", "stake": "buyer", "bid": "buyer", "sell": "seller"}
_MAX_CLAUSE = 20  # tokens from the participle to its comma
_MAX_LEAD = 4  # tokens from the comma to the main clause's subject (« l'enseigne », « la chaîne américaine »)


def participial_party(ctx: DealContext, m: Mention, pool: list[Entity]) -> None:
    """Give the subject of the main clause its role in the deal of a sentence-opening participle (needs the
    tagger's morphology: on an untagged Doc nothing changes). `pool`: the candidate parties."""
    active_role = _SENSES.get(m.entry.get("sense"))
    if not active_role or not ctx.morph:
        return
    doc = ctx.doc
    trig = doc[m.start_tok]
    if "Part" not in trig.morph.get("VerbForm"):
        return
    s0 = ctx.first_token(m.start_tok)
    opening = doc[s0 : m.start_tok]
    # before it, adverbs at most (« Fraîchement acquis », the tagger may call them nouns: the parse says advmod)
    if any(t.lower_ != "ayant" and t.pos_ != "ADV" and t.dep_ != "advmod" for t in opening):
        return
    active = any(t.lower_ == "ayant" for t in opening)
    comma = next((t.i for t in doc[m.end_tok : min(len(doc), m.end_tok + _MAX_CLAUSE)] if t.text == ","), None)
    if comma is None or ctx.tok_sent[comma] != m.sent:
        return
    subject = next((e for e in sorted(pool, key=lambda e: e.tok_start) if e.tok_start > comma), None)
    if subject is None or subject.tok_start - comma - 1 > _MAX_LEAD or ctx.tok_sent[subject.tok_start] != m.sent:
        return
    if any(t.pos_ not in ("DET", "NOUN", "ADJ") for t in doc[comma + 1 : subject.tok_start]):
        return
    role = active_role if active else "target"
    if not fits(subject, role, ""):
        return
    m.parties = [(r, e) for r, e in m.parties if e.ident != subject.ident] + [(role, subject)]


# the relative pronoun -> what its antecedent is in the relative clause: its subject, its object, its « de »
# complement (« dont »), its « à » complement (« auquel », « à qui »)
_RELATIVES = {"qui": "subject", "que": "object", "qu'": "object", "qu’": "object", "dont": "de",
              "auquel": "à", "auxquels": "à", "auxquelles": "à", "laquelle": "à", "lequel": "à"}
# (sense, function of the antecedent) -> its role
_RELATIVE_ROLES = {
    ("buy", "subject"): "buyer", ("stake", "subject"): "buyer", ("bid", "subject"): "buyer", ("sell", "subject"): "seller",
    ("buy", "object"): "target", ("stake", "object"): "target", ("bid", "object"): "target", ("sell", "object"): "target",
    ("buy", "de"): "target", ("stake", "de"): "target", ("bid", "de"): "target", ("sell", "de"): "target",
    ("sell", "à"): "buyer", ("buy", "à"): "seller",
}
_MAX_RELATIVE = 6  # tokens from the pronoun to the trigger (« que Nvidia voulait racheter »)


def relative_party(ctx: DealContext, m: Mention, pool: list[Entity]) -> None:
    """« Suez, que Veolia a racheté, … » (target), « Veolia, qui a racheté Suez, … » (buyer), « Twitter, dont Elon
    Musk a pris le contrôle » (target), « CVC, auquel Unilever a cédé Ekaterra » (buyer): the antecedent of the
    relative clause the trigger opens is a party, its role from the pronoun's function and the trigger's sense (a
    passive trigger makes a subject the target). The antecedent is the name right before the pronoun (and its
    comma, and « à » before « qui »)."""
    sense = m.entry.get("sense")
    doc = ctx.doc
    s0 = ctx.first_token(m.start_tok)
    pronoun = next((i for i in range(m.start_tok - 1, max(s0, m.start_tok - _MAX_RELATIVE - 1) - 1, -1)
                    if doc[i].lower_ in _RELATIVES or doc[i].lower_ in (",", ";")), None)
    if pronoun is None or doc[pronoun].lower_ not in _RELATIVES:
        return
    function = _RELATIVES[doc[pronoun].lower_]
    before = pronoun
    if function == "subject" and pronoun > s0 and doc[pronoun - 1].lower_ == "à":
        function, before = "à", pronoun - 1  # « à qui »
    if doc[before - 1].lower_ in ("à", "a") and doc[before].lower_ in ("laquelle", "lequel"):
        before -= 1
    if before > s0 and doc[before - 1].text == ",":
        before -= 1
    if ctx.parsed and function == "subject" and passive(doc[m.start_tok]):
        function = "object"  # « Suez, qui a été racheté par Veolia »
    role = _RELATIVE_ROLES.get((sense, function))
    antecedent = next((e for e in pool if e.tok_end == before and e.tok_start >= s0), None)
    if role is None or antecedent is None or not fits(antecedent, role, ""):
        return
    m.parties = [(r, e) for r, e in m.parties if e.ident != antecedent.ident] + [(role, antecedent)]
