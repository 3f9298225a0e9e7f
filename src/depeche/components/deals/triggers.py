"""Stage 2 of depeche_deals: trigger mentions. Matches of the trigger lexicon not inside a negative
pattern (« acquisition de stupéfiants »), a name, or a longer trigger; checked against the tagger's POS
(a participle used as an adjective is no trigger); then their kind refined by what follows
(« acquiert 29,9 % du capital » is a stake, « une offre sur le reste du capital » a later deal)."""

from __future__ import annotations

import re

from depeche.components.deals.context import DealContext, Entity, Mention, clause
from depeche.components.deals.entities import NewEntities
from depeche.components.deals.lexicon import Lexicon, _matches
from depeche.components.deals.parties import DETERMINERS
from depeche.normalise.money import find_money

_PERCENT_AFTER = re.compile(r"^\s*(?:de\s+|d['’]\s*)?(?:environ\s+|près\s+de\s+)?\d+(?:,\d+)?\s*(?:%|pour\s*cent)", re.I)
# « une offre publique d'achat sur le reste du capital »: a later deal for the shares a first one left
_REST_OF_CAPITAL = re.compile(
    r"^\s*(?:d['’]\s*(?:achat|échange)\s+|de\s+rachat\s+)?(?:sur|de|pour|du|d['’])\s*(?:le\s+reste|le\s+solde|la\s+totalité|l['’]\s*intégralité|les\s+\d+(?:,\d+)?\s*%\s+restants)\s+(?:du\s+capital|des\s+actions|des\s+titres)",
    re.I,
)
# « l'offre améliorée de Veolia portant sur 29,9 % du capital »: a bid for a stake
_BID_ON_PERCENT = re.compile(r"^(?:\s+[\w'’-]+){0,5}?\s+(?:portant\s+sur|pour|visant)\s+(?:environ\s+)?\d+(?:,\d+)?\s*(?:%|pour\s*cent)\s+(?:du\s+capital|des\s+actions|des\s+parts)", re.I)
# « le rachat, en décembre, de la participation de … »: buying a stake
_OF_STAKE = re.compile(r"^\s*(?:,[^,.;]{0,40},\s*)?(?:(?:de|d['’])\s*)?(?:la|sa|leur|une|cette)\s+participation\b", re.I)


def negative_tokens(ctx: DealContext, lexicon: Lexicon) -> set[int]:
    """The tokens inside a match of a negative pattern."""
    tokens: set[int] = set()
    for _, s, e in _matches(lexicon.negative_matcher, lexicon.negative_gate, ctx.doc, ctx.token_rows):
        tokens.update(range(s, e))
    return tokens


def find_mentions(
    ctx: DealContext, lexicon: Lexicon, entities: list[Entity], new_entities: NewEntities, negatives: set[int],
    *, keep_all: bool = False,
) -> tuple[list[Mention], set[int]]:
    """The trigger mentions, in order, and the tokens of every trigger match kept (in a sentence or not).
    `keep_all` (a trained sense model decides, `sense.py`): the POS and participle checks do not drop a
    mention, the model reads the tags and the parse; the negative lexicon's fixed expressions (« vente au
    détail ») always do."""
    doc, text = ctx.doc, ctx.text
    entity_tokens = {i for ent in entities for i in range(ent.tok_start, ent.tok_end)}
    entity_tokens |= {tok.i for s, t, _ in new_entities for tok in doc.char_span(s, t, alignment_mode="expand") or []}
    mentions: list[Mention] = []
    taken: set[int] = set()
    matches = sorted(_matches(lexicon.trigger_matcher, lexicon.trigger_gate, doc, ctx.token_rows), key=lambda m: (m[1], -(m[2] - m[1])))
    for match_id, s, e in matches:
        entry = lexicon.entry(doc, match_id, lexicon.triggers)
        toks = set(range(s, e))
        # a negative expression vetoes a trigger that starts inside it (« participation à » of the civic sense),
        # not a longer one it only ends (« a porté sa participation à 12 % du capital »)
        if toks & taken or s in negatives or toks & entity_tokens:
            continue
        if not keep_all and ctx.pos and entry.get("pos") and e - s == 1 and doc[s].pos_ not in entry["pos"]:
            # a noun the tagger took for a verb after a determiner (« prépare son offre »)
            if not ("NOUN" in entry["pos"] and s > 0 and doc[s - 1].lower_ in DETERMINERS):
                continue
        if entry.get("money_after"):
            # « propose 3,2 milliards de livres », not « propose une revalorisation de 183 euros »: the amount
            # begins at the pattern's last token, its number (« a levé près de 20 millions », « une levée de 183 millions »)
            money = find_money(text[doc[e - 1].idx : doc[e - 1].idx + 80])
            if not money or money[0].start != 0:
                continue
        if not keep_all and ctx.pos and doc[s].pos_ in ("VERB", "ADJ") and doc[s].dep_ == "acl" and "Part" in doc[s].morph.get("VerbForm"):
            continue  # a participle used as an adjective: « 20 000 exemplaires vendus », « l'expertise acquise »
        taken |= toks
        sent = ctx.tok_sent[s]
        if sent < 0:
            continue
        mentions.append(Mention(s, e, entry, sent, clause(ctx, s, sent), negative=bool(toks & negatives)))
    return mentions, taken


def refine_kind(ctx: DealContext, m: Mention) -> None:
    """A buy of a percent or of a holding, a bid on a percent of the capital: a stake; a bid for the rest
    of the capital: `m.rest`."""
    end = ctx.end_char(m.end_tok - 1)
    after = ctx.text[end : end + 90]
    if m.entry["kind"] == "acquisition" and (
        (m.entry["sense"] == "buy" and (_PERCENT_AFTER.match(after[:40]) or _OF_STAKE.match(after[:80])))
        or (m.entry["sense"] == "bid" and _BID_ON_PERCENT.match(after[:80]))
    ):
        m.entry = {**m.entry, "kind": "stake"}  # « acquiert 29,9 % du capital de Suez »
    m.rest = m.entry["kind"] == "acquisition" and bool(_REST_OF_CAPITAL.match(after[:90]))
