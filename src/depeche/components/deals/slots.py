"""Stage 7 of depeche_deals: a deal's slots from its sentences: amount and price per share, stake, asset,
conditions, new entities, source (« selon le Wall Street Journal »), the parties' descriptions
(« en tant que partenaire technologique »). Money and percents come from `depeche.normalise.money`."""

from __future__ import annotations

import re

from depeche.components.deals.amounts import AmountWords, sentence_money
from depeche.components.deals.context import DealContext, Entity, Mention
from depeche.components.deals.entities import NewEntities
from depeche.components.deals.parties import ASSET_NOUNS
from depeche.components.deals.status import CueSpan
from depeche.normalise.money import find_percents
from depeche.normalise.text import fold
from depeche.records import Asset, Condition, Money, NewEntity, Source, Span, Stake

_ASSET = re.compile(
    rf"^\s*(?:de\s+|d['’]\s*|des\s+|du\s+)?"
    rf"((?:l['’]\s*|la\s+|le\s+|les\s+|ses\s+|son\s+|sa\s+|leurs?\s+|\d[\d\s,]*\s+)?(?:[\w-]+\s+)?(?:{ASSET_NOUNS})\b"
    rf"[^,.;:()«»\"]{{0,80}}?)(?=\s+(?:à|au|aux|pour|par|auprès|en|dans|sous|avec|afin)\s|\s*[,.;:()«»\"]|\s*$)",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:sous\s+réserve\s+(?:de\s+|d['’]\s*|du\s+|des\s+)|(?:soumise?s?|conditionnée?s?|subordonnée?s?)\s+(?:à|au|aux)\s+)"
    r"[^,.;:]{3,120}",
    re.I,
)
_STAKE_CONTEXT = re.compile(
    r"^\s*(?:du|de\s+son|de\s+leur|de\s+sa)\s+capital|^\s*(?:des|de\s+ses)\s+(?:parts|actions|titres|droits)|"
    r"^\s*de\s+(?:la\s+)?(?:participation|part)|^\s*d['’]\s*(?:une\s+)?participation",
    re.I,
)
_STAKE_BEFORE = re.compile(r"(?:participation|part|stake|prise de participation|hauteur)\s+(?:de\s+|d['’]\s*|à\s+)?$", re.I)
_DESCRIPTION = re.compile(r"en\s+tant\s+que\s+(respectivement\s+)?«?\s*([^,.;:»()]{3,80})", re.I)


def money_and_stake(
    ctx: DealContext, kind: str, triggers: list[Mention], evidence_sents: list[int], words: AmountWords,
    foreign: dict[int, list[tuple[int, int]]] | None = None,
) -> tuple[Money | None, Money | None, Stake | None]:
    """(amount, price per share, stake): the first found in the triggers' sentences, then the others; in a
    trigger's sentence the money nearest its triggers and nearer none of `foreign` (sentence -> the (start, end)
    tokens of other deals' triggers there; `amounts.sentence_money`)."""
    doc, text = ctx.doc, ctx.text
    trigger_sents = sorted({m.sent for m in triggers})
    amount = price = stake = None
    for i in trigger_sents + [s for s in evidence_sents if s not in trigger_sents]:
        s0, s1 = ctx.sents[i]
        own = [(m.start_tok, m.end_tok) for m in triggers if m.sent == i]
        found_amount, found_price = sentence_money(ctx, i, own, (foreign or {}).get(i, []), words)
        amount, price = amount or found_amount, price or found_price
        if stake is None and kind not in ("merger", "partnership", "joint-venture"):
            # the percent after the trigger first (« détient 57 % … depuis le rachat de la participation de 17,9 % »)
            first = min((doc[m.start_tok].idx for m in triggers if m.sent == i), default=s0)
            percents = find_percents(text[s0:s1])
            # in a takeover, a percent before the trigger is a holding already there (« premier actionnaire avec 23,6 % »)
            for p in [p for p in percents if s0 + p.start >= first] + ([p for p in percents if s0 + p.start < first] if kind != "acquisition" else []):
                after = text[s0 + p.end : s1]
                before = text[s0:s0 + p.start]
                if _STAKE_CONTEXT.match(after) or _STAKE_BEFORE.search(before):
                    stake = Stake(percent=p.value, span=Span.at(text, s0 + p.start, s0 + p.end))
                    break
    return amount, price, stake


def conditions_and_new_entities(
    ctx: DealContext, evidence_sents: list[int], new_entities: NewEntities
) -> tuple[list[Condition], list[NewEntity]]:
    """« sous réserve de … », « soumise à … »; the companies the deal creates, in its sentences."""
    text = ctx.text
    conditions, news, seen_new = [], [], set()
    for i in evidence_sents:
        s0, s1 = ctx.sents[i]
        for c in _CONDITION.finditer(text, s0, s1):
            conditions.append(Condition(text=c.group(0).strip(), span=Span.at(text, c.start(), c.start() + len(c.group(0).rstrip()))))
        for start, end, name in new_entities:
            if s0 <= start < s1 and fold(name) not in seen_new:
                seen_new.add(fold(name))
                news.append(NewEntity(name=name, span=Span.at(text, start, end)))
    return conditions, news


def asset_of(ctx: DealContext, m: Mention) -> tuple[int, int] | None:
    doc = ctx.doc
    if m.entry["sense"] not in ("buy", "sell", "spin", "bid"):
        return None
    start = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text)
    sent_end = ctx.sents[m.sent][1]
    match = _ASSET.match(ctx.text[start:sent_end])
    if not match:
        return None
    return start + match.start(1), start + match.end(1)


def source_of(ctx: DealContext, evidence_sents: list[int], cue_spans: list[CueSpan]) -> Source | None:
    """Who reports the deal: the name right after a source cue (« selon », « rapporte ») in its sentences."""
    doc = ctx.doc
    text = ctx.text
    for s, e, entry in cue_spans:
        if entry.get("class") != "source" or ctx.tok_sent[s] not in evidence_sents:
            continue
        end_char = doc[e - 1].idx + len(doc[e - 1].text)
        for ent in ctx.entities:
            if 0 <= ent.start - end_char <= 5:
                return Source(name=ent.name, ref=ent.ref, span=Span.at(text, ent.start, ent.end))
        named = re.match(r"\s*(?:le\s+|la\s+|les\s+|l['’]\s*)?((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)", text[end_char:])
        if named:
            start = end_char + named.start(1)
            return Source(name=named.group(1), ref=None, span=Span.at(text, start, end_char + named.end(1)))
    return None


def describe(ctx: DealContext, evidence_sents: list[int], entities: list[Entity]) -> dict[str, str]:
    """« Oracle et Walmart en tant que respectivement partenaire technologique et commercial »."""
    text = ctx.text
    result: dict[str, str] = {}
    for i in evidence_sents:
        s0, s1 = ctx.sents[i]
        for match in _DESCRIPTION.finditer(text, s0, s1):
            before = [e for e in entities if s0 <= e.end <= match.start() and match.start() - e.end <= 60]
            if not before:
                continue
            parts = [p.strip(" «»\"") for p in re.split(r"\s+et\s+", match.group(2).strip())]
            parts = [p for p in parts if p]
            if match.group(1) and len(parts) > 1:
                head = parts[0].split()[0]
                named = before[-len(parts):]
                for e, part in zip(named, parts):
                    desc = part if len(part.split()) > 1 or part == parts[0] else f"{head} {part}"
                    result.setdefault(e.ident, desc)
            else:
                result.setdefault(before[-1].ident, match.group(2).strip(" «»\""))
    return result


def asset_span(ctx: DealContext, triggers: list[Mention]) -> Asset | None:
    """The `Asset` of the first trigger that names one (« les activités américaines de TikTok »), or None."""
    asset_m = next((m for m in triggers if m.asset), None)
    if asset_m is None:
        return None
    return Asset(text=ctx.text[asset_m.asset[0] : asset_m.asset[1]], span=Span.at(ctx.text, *asset_m.asset))
