"""A stage of depeche_deals after the role decision: the owner of what changes hands is the seller.

« le rachat de la branche énergie d'Alstom », « racheté 100 % de l'imprimerie de L'Equipe », « 51 % des parts
de la société de Kylie Jenner », « la branche médias d'Altice, cédée à … »: when what a trigger of buying or
selling bears on is an asset noun (`models/lexicons/deals_assets.jsonl`) — its object, its « de » complement,
its passive subject, the noun a participle or a relative clause of the trigger qualifies — and that noun names
its owner after « de », the owner is the seller, not the target. The target is the asset's noun phrase
(« branche énergie d'Alstom ») for a `business` noun; a `company` noun (« la société de X ») is a description
(no target of its own); a `site` (« l'usine », « l'imprimerie ») is one wherever it is; a `region` adjective or
a place after the owner makes a `business` noun the company itself in that place (« les activités
américaines de TikTok »: TikTok stays the target); `shares` nouns are transparent (« des parts de Suez » keeps Suez the target, « des
parts de la société de X » reads on to « la société »). The owner is no seller when it is the buyer, nor when
the noun is the subject of an active trigger (« la filiale de X rachète Y »: X's subsidiary buys).

Every party this stage gives is recorded in `Mention.stage_via` as `deals.owner`.
"""

from __future__ import annotations

from spacy.tokens import Token

from depeche.components.common import name_key
from depeche.components.deals.context import DealContext, Entity, Mention
from depeche.components.deals.lexicon import Lexicon, _matches
from depeche.components.deals.parties import DETERMINERS

OWNER_VIA = "deals.owner"
_SENSES = {"buy", "sell", "spin", "bid", "stake"}
_DE = {"de", "d'", "d’", "du", "des"}
_ARTICLES = {"la", "le", "l'", "l’", "les"}
# how the asset noun hangs from the trigger (or the trigger from it: `_QUALIFIES`)
_OBJECT_DEPS = {"obj", "nmod", "obl", "obl:arg", "nsubj:pass", "iobj"}
_QUALIFIES = {"acl", "acl:relcl"}
_TARGETS = ("business", "site")  # asset nouns that are the target (a `company` noun is a description)
_ASSETS = ("business", "site", "company")
_WINDOW = 8  # tokens after a trigger the asset noun may be, without a parse
_MODIFIERS = 3  # words between the asset noun and the « de » of its owner (« branche énergie d' »)

Assets = dict[int, str]  # token index -> class of the asset noun there


def asset_nouns(ctx: DealContext, lexicon: Lexicon) -> Assets:
    """The asset nouns of the Doc (one Matcher run, gated like the other lexicons)."""
    if not lexicon.assets or lexicon.asset_matcher is None:
        return {}
    return {
        s: lexicon.entry(ctx.doc, match_id, lexicon.assets)["class"]
        for match_id, s, _ in _matches(lexicon.asset_matcher, lexicon.asset_gate, ctx.doc, ctx.token_rows)
    }


def owner_party(ctx: DealContext, m: Mention, assets: Assets, pool: list[Entity]) -> None:
    """Make the owner of the asset `m` bears on its seller, and the asset (a `business` noun) its target.
    `pool`: the candidate entities (the Doc's, and those the role model made for names no component took)."""
    if m.anaphor or m.entry.get("sense") not in _SENSES or not assets:
        return
    starts = {}
    for e in pool:
        starts.setdefault(e.tok_start, e)
    for head in _asset_heads(ctx, m, assets):
        found = _owner_after(ctx, head, assets, starts)
        if found is not None:
            _apply(ctx, m, head, *found, assets)
            return


def _apply(ctx: DealContext, m: Mention, head: int, owner: Entity, noun: int, assets: Assets) -> None:
    roles = {e.ident: r for r, e in m.parties}
    if roles.get(owner.ident) in ("buyer", "investor"):
        return  # « X rachète la participation de X dans Y »: its own
    doc = ctx.doc
    first = min(k for k in range(head, noun + 1) if assets.get(k) in _ASSETS) if assets[noun] in _TARGETS else noun
    start, end = doc[first].idx, owner.end
    inside = [e for r, e in m.parties if r == "target" and start <= e.start and e.end <= end]
    kept = [(r, e) for r, e in m.parties if e.ident != owner.ident and e not in inside]
    # « Bouygues a vendu l'usine de Renault »: the subject sells; « racheter la branche de X à sa maison-mère »
    seller_after = m.entry["sense"] != "sell" and _seller_named_after(ctx, owner.tok_end)  # « cédée à X »: X buys
    if not any(r == "seller" for r, _ in kept) and not seller_after:
        kept.append(("seller", owner))
        m.stage_via[owner.ident] = OWNER_VIA
    if assets[noun] in _TARGETS:
        name = ctx.text[start:end]
        asset = Entity(start, end, name, name_key(name), None, None, first, owner.tok_end)
        kept.append(("target", asset))
        m.stage_via[asset.ident] = OWNER_VIA
    m.parties = kept


def _seller_named_after(ctx: DealContext, k: int) -> bool:
    """« … de TikTok à sa maison-mère », « … auprès de son fondateur »: a seller complement right after the asset."""
    doc = ctx.doc
    return k < len(doc) and ctx.tok_sent[k] == ctx.tok_sent[k - 1] and doc[k].lower_ in ("à", "au", "aux", "auprès")


def _asset_heads(ctx: DealContext, m: Mention, assets: Assets) -> list[int]:
    """The asset nouns `m` bears on, nearest first: by the parse, then (or without one) right after it."""
    heads = _by_parse(ctx, m, assets) if ctx.parsed else []
    after = _after(ctx, m, assets)
    return heads + [a for a in after if a not in heads]


def _trigger_token(ctx: DealContext, m: Mention) -> Token:
    doc = ctx.doc
    span = range(m.start_tok, m.end_tok)
    return next((doc[k] for k in span if doc[k].head.i not in span or doc[k].head.i == k), doc[m.end_tok - 1])


def _by_parse(ctx: DealContext, m: Mention, assets: Assets) -> list[int]:
    doc, sent = ctx.doc, m.sent
    trig = _trigger_token(ctx, m)
    span = range(m.start_tok, m.end_tok)
    found = []
    for a in sorted(assets, key=lambda k: abs(k - m.start_tok)):
        if ctx.tok_sent[a] != sent or a in span or assets[a] not in _ASSETS:
            continue
        tok = doc[a]
        if trig.dep_ in _QUALIFIES and trig.head.i == a:
            found.append(a)  # « la branche énergie d'Alstom, cédée à GE », « l'usine que Y a rachetée »
            continue
        # up to the trigger through shares nouns and numbers (« 51 % des parts de la société »)
        for _ in range(4):
            if tok.dep_ not in _OBJECT_DEPS and tok.dep_ != "nummod":
                break
            if tok.head.i in span:
                found.append(a)
                break
            up = tok.head
            if not (assets.get(up.i) == "shares" or up.like_num or up.text == "%" or up.lower_ in ("celle", "celles", "celui", "ceux")):
                break
            tok = up
    return found


def _after(ctx: DealContext, m: Mention, assets: Assets) -> list[int]:
    """The first asset noun in the words right after the trigger, past determiners, numbers, « de », adjectives
    and shares nouns (« le rachat de 51 % des parts de l'usine »)."""
    doc = ctx.doc
    stop = min(len(doc), m.end_tok + _WINDOW)
    k = m.end_tok
    while k < stop:
        tok = doc[k]
        if ctx.tok_sent[k] != m.sent:
            return []
        if tok.text == "," and k == m.end_tok:
            # an incise between the trigger and its complement (« l'acquisition, en novembre 2019, de 51 % … »)
            close = next((j for j in range(k + 1, min(len(doc), k + 7)) if doc[j].text == ","), None)
            if close is None or any(ctx.pos and doc[j].pos_ in ("VERB", "AUX") for j in range(k + 1, close)):
                return []
            k, stop = close + 1, min(len(doc), close + 1 + _WINDOW)
            continue
        cls = assets.get(k)
        if cls in _ASSETS:
            return [k]
        skip = cls == "shares" or tok.lower_ in _DE or tok.lower_ in DETERMINERS or tok.like_num or tok.text == "%"
        # « la nouvelle branche », « l'ancienne usine »
        skip = skip or (ctx.pos and tok.pos_ == "ADJ") or (not ctx.pos and tok.is_lower and tok.is_alpha and len(tok) > 3)
        if not skip:
            return []
        k += 1
    return []


def _owner_after(ctx: DealContext, noun: int, assets: Assets, starts: dict[int, Entity]) -> tuple[Entity, int] | None:
    """(the owner named after asset noun `noun`, the asset noun it is the owner of): « branche énergie d'Alstom »,
    « parts de la société de Kylie Jenner » (read on through shares and company nouns, twice at most)."""
    doc = ctx.doc
    sent = ctx.tok_sent[noun]
    k = noun + 1
    for _ in range(3):
        # modifiers of the noun before its « de » (« branche énergie », « pôle médias »)
        skipped = 0
        while k < len(doc) and doc[k].lower_ not in _DE and skipped < _MODIFIERS and _modifier(ctx, doc[k]) and k not in starts:
            if assets.get(k) == "region" and assets.get(noun) == "business":
                return None  # « les activités américaines de TikTok »: TikTok's arm there, TikTok is what is bought
            k, skipped = k + 1, skipped + 1
        if k >= len(doc) or doc[k].lower_ not in _DE or ctx.tok_sent[k] != sent:
            return None
        k += 1
        while k < len(doc) and doc[k].lower_ in _ARTICLES and k not in starts:  # « de L'Equipe »: the name has its article
            k += 1
        if k in starts and ctx.tok_sent[k] == sent:
            owner = starts[k]
            if assets.get(noun) == "shares" or (assets.get(noun) == "business" and _in_a_place(ctx, owner.tok_end, starts)):
                return None  # « des parts de Suez », « les activités de TikTok aux États-Unis »: what is bought
            return owner, noun
        if assets.get(k) in (*_ASSETS, "shares") and ctx.tok_sent[k] == sent:
            noun, k = k, k + 1  # « des parts de la société de X »
            continue
        return None
    return None


def _in_a_place(ctx: DealContext, k: int, starts: dict[int, Entity]) -> bool:
    """« … de TikTok aux États-Unis », « … en Europe »: a place right after the owner (the model's LOC entity, or a
    government or state entity)."""
    doc = ctx.doc
    if k >= len(doc) or doc[k].lower_ not in ("en", "au", "aux", "à") or ctx.tok_sent[k] != ctx.tok_sent[k - 1]:
        return False
    j = k + 1
    while j < len(doc) and doc[j].lower_ in _ARTICLES and j not in starts:
        j += 1
    if j >= len(doc):
        return False
    place = starts.get(j)
    return doc[j].ent_type_ == "LOC" or (place is not None and place.kind in ("government", "state", "country"))


def _modifier(ctx: DealContext, tok: Token) -> bool:
    """A word that can qualify an asset noun before its owner: a noun or adjective, never a verb, a preposition
    or punctuation."""
    if not tok.is_alpha:
        return False
    if ctx.pos:
        return tok.pos_ in ("NOUN", "ADJ", "PROPN") and tok.lower_ not in DETERMINERS
    return tok.lower_ not in DETERMINERS and tok.lower_ not in ("à", "au", "aux", "par", "pour", "en", "dans", "sur", "et", "ou")
