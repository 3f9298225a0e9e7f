"""Stages of depeche_deals after the role decision: which money is a deal's amount and price per share.

In a deal's own sentences (`sentence_money`, read by `slots.money_and_stake`) the amount is the money nearest
one of the deal's triggers, not one nearer another deal's trigger (« une offre de 372 millions pour acquérir
X, une prise de participation de 775 millions dans Y ») and not money an `other` word introduces (« un
chiffre d'affaires de 212 millions », « des synergies de 25 millions »: `models/lexicons/deals_amounts.jsonl`).

Once the deals are built (`attach_amounts`), a deal with no amount or no price per share takes it from a
sentence after its own that speaks of a deal's money: an amount a `value` word introduces (« Le montant de la
transaction s'élève à … », « ce qui valoriserait le groupe à … », « il avait déboursé … », « une opération de
2 milliards ») or a price « par action ». The sentence goes to the last deal told in the two sentences before it
and joins its evidence; the money it gives has `via: ["deals.amount-sentence"]`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from depeche.components.deals.context import DealContext
from depeche.components.deals.lexicon import Lexicon, _matches
from depeche.normalise.money import find_money
from depeche.records import Deal, Money, Span

AMOUNT_SENTENCE_VIA = "deals.amount-sentence"
_PER_SHARE = re.compile(r"^\s*(?:par|l['’])\s*(?:action|titre)", re.I)
_LOOKBACK = 8  # tokens before an amount where the word introducing it is looked for
_FOLLOWING = 2  # sentences after a deal's last one where its money may be given
_PRICED_KINDS = ("acquisition", "stake")


@dataclass(frozen=True)
class AmountWords:
    """The tokens of the Doc that introduce a deal's money (`value`) or other money (`other`); `starts` the
    char offset of every token (to find an amount's tokens)."""

    value: frozenset[int]
    other: frozenset[int]
    starts: list[int]


@dataclass(frozen=True)
class Found:
    """One money expression of a sentence: its Money, first token, and whether it is a price per share."""

    money: Money
    tok: int
    end_tok: int
    per_share: bool
    introduced: str  # "value", "other" or ""


def amount_words(ctx: DealContext, lexicon: Lexicon) -> AmountWords:
    value, other = set(), set()
    if lexicon.amounts and lexicon.amount_matcher is not None:
        for match_id, s, e in _matches(lexicon.amount_matcher, lexicon.amount_gate, ctx.doc, ctx.token_rows):
            cls = lexicon.entry(ctx.doc, match_id, lexicon.amounts)["class"]
            (value if cls == "value" else other).update(range(s, e))
    return AmountWords(frozenset(value), frozenset(other - value), [t.idx for t in ctx.doc])


def money_of(ctx: DealContext, sent: int, words: AmountWords, via: list[str] | None = None) -> list[Found]:
    """The money of sentence `sent`, in order, with what introduces each."""
    text = ctx.text
    s0, s1 = ctx.sents[sent]
    starts = words.starts
    out = []
    for found in find_money(text[s0:s1]):
        start, end = s0 + found.start, s0 + found.end
        tok = max(0, bisect.bisect_right(starts, start) - 1)
        end_tok = max(tok + 1, bisect.bisect_left(starts, end))
        money = Money(value=found.value, currency=found.currency, span=Span.at(text, start, end), via=list(via or []))
        out.append(Found(money, tok, end_tok, bool(_PER_SHARE.match(text[end:s1])), _introduced(ctx, tok, sent, words)))
    return out


def _introduced(ctx: DealContext, tok: int, sent: int, words: AmountWords) -> str:
    """The class of the nearest amount word before token `tok` in its sentence (within `_LOOKBACK`)."""
    for k in range(tok - 1, max(-1, tok - 1 - _LOOKBACK), -1):
        if ctx.tok_sent[k] != sent:
            break
        if k in words.value:
            return "value"
        if k in words.other:
            return "other"
    return ""


def _distance(f: Found, toks: list[tuple[int, int]]) -> float:
    """Tokens between an amount and the nearest of the triggers `toks` ((start, end)); one before the trigger
    counts half a token more (an amount after its trigger wins a tie)."""
    best = float("inf")
    for start, end in toks:
        best = min(best, f.tok - end if f.tok >= end else start - f.end_tok + 0.5)
    return best


def sentence_money(
    ctx: DealContext, sent: int, own: list[tuple[int, int]], foreign: list[tuple[int, int]], words: AmountWords
) -> tuple[Money | None, Money | None]:
    """(amount, price per share) of a deal in sentence `sent`: with `own` (its triggers there) the money nearest
    them that is no nearer a `foreign` trigger (another deal's); else the first. Money an `other` word introduces
    is none of the deal's."""
    found = [f for f in money_of(ctx, sent, words) if f.introduced != "other"]
    if own:
        found = [f for f in found if not foreign or _distance(f, own) <= _distance(f, foreign)]
        found.sort(key=lambda f: _distance(f, own))
    amount = next((f.money for f in found if not f.per_share), None)
    price = next((f.money for f in found if f.per_share), None)
    return amount, price


def attach_amounts(ctx: DealContext, deals: list[Deal], words: AmountWords) -> None:
    """The money of the sentences after the deals' own: to the last deal told just before, when it has none."""
    if not deals:
        return
    first_sent = {s0: i for i, (s0, _) in enumerate(ctx.sents)}
    sents_of = [{first_sent[e.start] for e in d.evidence if e.start in first_sent} for d in deals]
    taken = set().union(*sents_of)
    for i in range(len(ctx.sents)):
        if i in taken:
            continue
        near = [k for k, sents in enumerate(sents_of) if any(i - _FOLLOWING <= s < i for s in sents)]
        if not near:
            continue
        # the last deal told before the sentence (the later deal on a tie)
        k = max(near, key=lambda k: (max(s for s in sents_of[k] if s < i), k))
        deal = deals[k]
        if deal.amount is not None and deal.price_per_share is not None:
            continue
        used = False
        for f in money_of(ctx, i, words, via=[AMOUNT_SENTENCE_VIA]):
            if f.per_share and deal.price_per_share is None and deal.kind in _PRICED_KINDS and f.introduced != "other":
                deal.price_per_share, used = f.money, True
            elif not f.per_share and f.introduced == "value" and deal.amount is None:
                deal.amount, used = f.money, True
        if used:
            sents_of[k].add(i)
            taken.add(i)
            deal.evidence = sorted([*deal.evidence, Span.at(ctx.text, *ctx.sents[i])], key=lambda s: s.start)
