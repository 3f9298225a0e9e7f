"""Stage 8 of depeche_deals: the `records.Deal` of a cluster of mentions: its kind (the most frequent),
its parties (a parent company sells its child, regulators of its sentences), status and slots."""

from __future__ import annotations

from depeche import docattrs
from depeche.components.deals.amounts import AmountWords
from depeche.components.deals.context import DealContext, Entity, Mention, sides_enough
from depeche.components.deals.entities import NewEntities
from depeche.components.deals.slots import asset_span, conditions_and_new_entities, describe, money_and_stake, source_of
from depeche.components.deals.status import CueSpan, deal_status
from depeche.components.deals.sense import ROLE_VIA, SENSE_VIA, status_of
from depeche.normalise.money import find_money
from depeche.normalise.text import fold
from depeche.records import Deal, DealParty, Span

KIND_ORDER = ["acquisition", "merger", "joint-venture", "stake", "investment", "spin-off", "partnership"]
_SPECIFIC_ROLES = {"buyer", "seller", "target", "regulator"}
# the roles a deal's kind renames (« investor » in a takeover is its buyer)
_ROLE_BY_KIND = {
    "acquisition": {"investor": "buyer", "partner": "buyer", "merging": "buyer"},
    "stake": {"investor": "buyer", "partner": "buyer"},
    "investment": {"buyer": "investor", "partner": "investor"},
    "merger": {"buyer": "merging", "target": "merging", "partner": "merging", "seller": "merging"},
    "partnership": {"buyer": "partner", "investor": "partner", "merging": "partner"},
    "joint-venture": {"buyer": "partner", "investor": "partner", "merging": "partner"},
}

Parties = dict[str, tuple[str, Entity]]  # ident -> (role, entity)


def build_deal(
    ctx: DealContext,
    cluster: list[Mention],
    n: int,
    parents: list[tuple[Entity, Entity]],
    new_entities: NewEntities,
    cue_spans: list[CueSpan],
    approval_sents: set[int],
    words: AmountWords,
    foreign: dict[int, list[tuple[int, int]]] | None = None,
) -> Deal | None:
    """Deal `deal{n}`, or None when it has fewer than two sides (and no price). `words`: the Doc's amount words,
    `foreign`: the other deals' trigger tokens by sentence (`amounts.sentence_money`)."""
    doc, text = ctx.doc, ctx.text
    triggers = [m for m in cluster if not m.anaphor]
    triggers.sort(key=lambda m: m.start_tok)
    kinds = [m.entry["kind"] for m in triggers if m.entry.get("kind")]
    if not kinds:
        return None
    counts = {k: kinds.count(k) for k in kinds}
    kind = min(counts, key=lambda k: (-counts[k], KIND_ORDER.index(k)))
    evidence_sents = sorted({m.sent for m in cluster})
    parties = _parties(ctx, triggers, kind, evidence_sents, parents, approval_sents)
    sides = [i for i, (r, _) in parties.items() if r != "regulator"]
    amount_hint = any(find_money(text[a:b]) for a, b in (ctx.sents[i] for i in evidence_sents))
    if not sides_enough(ctx, cluster, len(sides), amount_hint):
        return None  # a transaction has two sides (or one and a price; see context.sides_enough)
    idents = set(parties)
    descriptions = describe(ctx, evidence_sents, [e for e in ctx.entities if e.ident in idents])
    mapping = _ROLE_BY_KIND.get(kind, {})
    deal_parties = []
    scores: dict[str, float] = {}
    stage_via: dict[str, str] = {}  # parties a stage after the role decision gave (owner.py)
    for m in triggers:
        stage_via.update(m.stage_via)
        for ident, p in m.party_scores.items():
            if ident not in m.stage_via:
                scores[ident] = max(p, scores.get(ident, 0.0))
    for ident, (role, e) in sorted(parties.items(), key=lambda p: p[1][1].start):
        role = mapping.get(role, role)
        if ident in stage_via:
            via = [stage_via[ident]]  # « la branche énergie d'Alstom »: its owner sells (owner.py)
        elif ident in scores:
            via = [ROLE_VIA]
        elif role == "regulator" and e.kind in ("regulator", "court"):
            via = ["deals.regulator"]
        elif e.kind == "state" and any(m.entry.get("state_role") == role for m in triggers):
            via = ["deals.state-role"]  # parties.state_party: the State of a privatisation sells
        else:
            via = ["deals.rules"]
        deal_parties.append(
            DealParty(role=role, name=e.name, ref=e.ref, description=descriptions.get(ident), span=Span.at(text, e.start, e.end),
                      confidence=scores.get(ident), via=via)
        )
    cues = [c for m in cluster for c in m.cues]
    status = deal_status(cues)
    # the status model reads one mention: it decides when the deal's cues are that mention's own; when other
    # sentences of the deal add theirs (an article tells the story), the rules weigh them all
    read = next((m for m in triggers if m.status_model), None)
    if read is not None and all(c in read.cues for c in cues):
        status = status_of(status, read.status_model)
    else:
        read = None
    amount, price, stake = money_and_stake(ctx, kind, triggers, evidence_sents, words, foreign)
    reported = source_of(ctx, evidence_sents, cue_spans)
    conditions, news = conditions_and_new_entities(ctx, evidence_sents, new_entities)
    deadline_ids = [
        d.id for d in docattrs.get(doc, "deadlines")
        if any(ctx.sents[i][0] <= d.span.start < ctx.sents[i][1] for i in evidence_sents)
    ]
    trigger = next(
        (m for m in triggers if not m.weak and m.entry["kind"] == kind), next((m for m in triggers if not m.weak), triggers[0])
    )
    trigger_span = Span.at(text, doc[trigger.start_tok].idx, ctx.end_char(trigger.end_tok - 1))
    confidences = [m.calibrated for m in triggers if m.calibrated is not None]
    return Deal(
        confidence=max(confidences) if confidences else None,
        via=[f"deals.trigger:{trigger.entry.get('id')}", SENSE_VIA if confidences else "deals.rules"],
        status_via=(["deals.status-model"] if read is not None and status == read.status_model else []) + (["deals.cues"] if cues else ["deals.default"]),
        status_confidence=round(read.status_p, 4) if read is not None and status == read.status_model else None,
        id=f"deal{n}",
        kind=kind,
        trigger=trigger_span,
        parties=deal_parties,
        asset=asset_span(ctx, triggers),
        amount=amount,
        price_per_share=price,
        stake=stake,
        status=status,
        reported_by=reported,
        conditions=conditions,
        new_entities=news,
        deadlines=deadline_ids,
        evidence=[Span.at(text, *ctx.sents[i]) for i in evidence_sents],
    )


def _parties(
    ctx: DealContext,
    triggers: list[Mention],
    kind: str,
    evidence_sents: list[int],
    parents: list[tuple[Entity, Entity]],
    approval_sents: set[int],
) -> Parties:
    """The parties of the triggers (a specific role wins over a general one), the seller a parent company
    is, the regulators of the deal's sentences; a target named within a longer target's name dropped."""
    parties: Parties = {}
    for m in triggers:
        for role, e in m.parties:
            known = parties.get(e.ident)
            if known is None or (known[0] not in _SPECIFIC_ROLES and role in _SPECIFIC_ROLES) or e.ident in m.stage_via:
                parties[e.ident] = (role, e)  # the role a stage after the decision gave wins (owner.py)
    targets = {i for i, (r, _) in parties.items() if r == "target"}
    spans = [ctx.sents[i] for i in evidence_sents]
    if kind == "acquisition":
        for parent, child in parents:
            # the parent of the target sells, when the deal's own sentences name it
            named = [e for e in ctx.entities if e.ident == parent.ident and any(a <= e.start < b for a, b in spans)]
            if not named:
                continue
            parent = named[0]
            if child.ident in targets and parent.ident != child.ident:
                if not any(r == "seller" for r, _ in parties.values()) or parent.ident in parties:
                    parties[parent.ident] = ("seller", parent)
    # regulators named in its own sentences or where its approval, refusal or conditions are spoken of
    for e in ctx.entities:
        if e.kind in ("regulator", "court") and e.ident not in parties:
            sent = next((i for i, (a, b) in enumerate(ctx.sents) if a <= e.start < b), -1)
            if sent in evidence_sents or sent in approval_sents:
                parties[e.ident] = ("regulator", e)
    target_names = {i: fold(e.name) for i, (r, e) in parties.items() if r == "target"}
    for i, name in target_names.items():
        if any(j != i and other.startswith(name + " ") for j, other in target_names.items()):
            del parties[i]
    return parties
