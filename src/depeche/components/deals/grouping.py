"""Stage 6 of depeche_deals: one deal per transaction. Mentions sharing a clause, a party, or following one
another without a target of their own are merged; anaphors (« l'opération », « les négociations »)
add their sentence's evidence and cues to the deal whose parties they name (or to the last one when
definite); a sentence about an approval goes to the last current deal named before it."""

from __future__ import annotations

from depeche.components.deals.context import DealContext, Mention, clause, sides_enough
from depeche.components.deals.status import CueSpan, linked, regulator_in, weight_of
from depeche.normalise.money import find_money

_DEFINITE = {"le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces", "tel", "telle", "leur", "leurs", "son", "sa", "ses"}
_BEFORE_ANAPHORIC_NOUN = ("le", "la", "l'", "l’", "au", "du", "cette", "ce", "cet", "ce", "leur", "son", "sa")


def _complementary(a: Mention, b: Mention) -> bool:
    """One mention names only the target, the other only the other side."""
    roles_a = {r for r, _ in a.parties}
    roles_b = {r for r, _ in b.parties}
    return (roles_a == {"target"} and roles_b and "target" not in roles_b) or (
        roles_b == {"target"} and roles_a and "target" not in roles_a
    )


def names_meet(a: set[str], b: set[str]) -> bool:
    """« Tiffany » and « Tiffany & Co », « Bombardier » and « Bombardier Transport » may be the same target."""
    return any(x == y or x.startswith(y + " ") or y.startswith(x + " ") for x in a for y in b)


def link_anaphoric_nouns(ctx: DealContext, mentions: list[Mention]) -> None:
    """« le rachat » with no target after it, once the same kind of deal was named: that deal again
    (its parties dropped, `context` the start of the earlier mention, which `cluster_mentions` joins)."""
    doc = ctx.doc
    for k, m in enumerate(mentions):
        trig = doc[m.start_tok]
        if ctx.pos and trig.pos_ != "NOUN" or m.targets():
            continue
        before = doc[m.start_tok - 1].lower_ if m.start_tok else ""
        if before not in _BEFORE_ANAPHORIC_NOUN:
            continue
        if any(e.tok_start >= m.end_tok for _, e in m.parties):
            continue
        earlier = [p for p in mentions[:k] if p.sent < m.sent and not p.past and p.entry["kind"] == m.entry["kind"]]
        if earlier:
            m.parties = []
            m.context = {earlier[-1].start_tok}


def cluster_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    parent = list(range(len(mentions)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        parent[find(i)] = find(j)

    by_start = {m.start_tok: k for k, m in enumerate(mentions)}
    for j, b in enumerate(mentions):
        for start in b.context:  # an anaphoric noun trigger joins the mention it refers to
            if not b.anaphor and start in by_start:
                union(j, by_start[start])
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.past != b.past:
                continue
            if (a.rest or b.rest) and "stake" in (a.entry["kind"], b.entry["kind"]):
                continue  # the stake bought and the later offer for the rest of the capital are two deals
            kinds = {a.entry["kind"], b.entry["kind"]}
            if kinds == {"stake", "acquisition"} and a.sent != b.sent and not names_meet(a.target_names(), b.target_names()):
                continue  # a stake and a takeover told apart join only when they name the same company
            same_clause = a.sent == b.sent and a.clause == b.clause
            if same_clause:
                union(i, j)
                continue
            shared = a.idents() & b.idents()
            if a.past:
                if a.idents() == b.idents():
                    union(i, j)
                continue
            ta, tb = a.target_names(), b.target_names()
            if ta and tb and not names_meet(ta, tb):
                continue
            if shared:
                union(i, j)
            elif b.sent == a.sent + 1 and not tb:
                union(i, j)
            elif ta and tb and a.entry["kind"] == b.entry["kind"]:
                union(i, j)  # the same target, bought twice in one article, is one deal
            elif a.entry["kind"] == b.entry["kind"] and _complementary(a, b):
                union(i, j)  # « Mistral AI lève 385 millions » + « le tour de table est mené par X et Y »
    groups: dict[int, list[Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    # transitively merged groups may now hold two different targets; that is accepted (one story)
    return list(groups.values())


def find_anaphors(
    ctx: DealContext, cue_spans: list[CueSpan], trigger_tokens: set[int], mentions: list[Mention], negative_tokens: set[int]
) -> list[Mention]:
    """Sentences without a trigger that speak of a deal (« les négociations », « l'opération »)."""
    doc = ctx.doc
    trigger_sents = {m.sent for m in mentions}
    result = []
    seen_sents = set()
    for s, e, entry in cue_spans:
        if not entry.get("anaphor") or set(range(s, e)) & (trigger_tokens | negative_tokens):
            continue
        sent = ctx.tok_sent[s]
        if sent < 0 or sent in trigger_sents or sent in seen_sents:
            continue
        seen_sents.add(sent)
        start, end = ctx.sents[sent]
        context = {x.ident for x in ctx.entities if start <= x.start and x.end <= end}
        prev = doc[s - 1].lower_ if s > 0 else ""
        prev2 = doc[s - 2].lower_ if s > 1 else ""
        definite = prev in _DEFINITE or prev2 in _DEFINITE or bool(entry.get("definite"))
        m = Mention(s, e, {**entry, "sense": "anaphor", "kind": None, "definite": definite}, sent, clause(ctx, s, sent), anaphor=True)
        m.context = context
        m.cues = []
        for cs, ce, centry in cue_spans:
            status = centry.get("status")
            if centry.get("needs_regulator") and not regulator_in(ctx, sent):
                continue
            if status and ctx.tok_sent[cs] == sent and linked(ctx, ce - 1, s, sent):
                weight = weight_of(ctx, ce - 1, centry)
                m.cues.append(("rumoured" if weight == 1.0 else status, weight))
        result.append(m)
    return result


def deal_clusters(ctx: DealContext, clusters: list[list[Mention]]) -> list[list[Mention]]:
    """The clusters that can be deals: not only weak mentions, two sides (or one and a price)."""
    built = []
    for cluster in clusters:
        if all(m.weak for m in cluster):
            continue
        sides = {e.ident for m in cluster for r, e in m.parties if r != "regulator"}
        priced = any(find_money(ctx.text[slice(*ctx.sents[m.sent])]) for m in cluster)
        if not sides_enough(ctx, cluster, len(sides), priced):
            continue
        built.append(cluster)
    return built


def attach_anaphors(built: list[list[Mention]], anaphors: list[Mention]) -> None:
    """Anaphors join the deal whose parties they name, else the last current deal when definite."""
    for a in anaphors:
        best = None
        for cluster in built:
            if any(m.past for m in cluster):
                continue
            idents = set().union(*(m.idents() for m in cluster))
            first = min(m.sent for m in cluster)
            if first > a.sent:
                continue
            if a.context & idents:
                best = cluster
            elif a.entry.get("definite") and (best is None or not a.context & set().union(*(m.idents() for m in best))):
                best = cluster  # the last deal named before it
        if best is not None:
            best.append(a)


def approval_homes(ctx: DealContext, built: list[list[Mention]], cue_spans: list[CueSpan]) -> dict[int, set[int]]:
    """Deal index -> the sentences speaking of an approval that belong to it: the last current deal
    named before each (else the first)."""
    approval_sents = {ctx.tok_sent[s] for s, e, entry in cue_spans if entry.get("status") in ("approved", "blocked", "pending")}
    homes: dict[int, set[int]] = {}
    current = [k for k, c in enumerate(built) if not any(m.past for m in c)]
    for sent in approval_sents:
        before = [k for k in current if min(m.sent for m in built[k]) <= sent]
        home = before[-1] if before else (current[0] if current else None)
        if home is not None:
            homes.setdefault(home, set()).add(sent)
    return homes
