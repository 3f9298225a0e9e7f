"""Rules propose, models decide: the trained decisions of depeche_deals (issue 11), as swappable callables.

Two decisions, each chosen in `models/config.cfg` by a registered function of spaCy's `misc` registry:

- `sense`: which trigger mentions are corporate transactions. `depeche.deal_sense.rules.v1` keeps the rule
  filters (POS, participles used as adjectives, the negative lexicon, a party on each side);
  `depeche.deal_sense.model.v1` scores every match of the trigger lexicon with a trained classifier
  (`learned.LinearClassifier` over `features.sense_features`) and keeps those at or above `threshold`.
- `roles`: which role each candidate party has. `depeche.deal_roles.rules.v1` keeps the role table of
  `parties.py`; `depeche.deal_roles.model.v1` scores every candidate of the trigger's sentence
  (`candidates.party_candidates`: organisations, people, states, the model's ORG/PER/MISC entities and proper
  nouns) with the rule's role as a feature, and keeps the best role at or above `threshold`.

The weights are component data (`models/deals/sense.json`, `models/deals/roles.json`, trained by
`benchmarks/train_deals.py`), loaded by `DealsComponent.initialize` and carried by `to_disk`/`to_bytes`. On a
bare `spacy.blank("fr")` Doc the models still run (no parse features, zero vectors); with the rule versions the
component is the rule engine it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.util import registry

from depeche.components.deals.candidates import party_candidates
from depeche.components.deals.context import DealContext, Entity, Mention
from depeche.components.deals.features import Candidate, role_features, sense_features
from depeche.components.deals.learned import LinearClassifier
from depeche.components.common import name_key
from depeche.normalise.money import find_money

SENSE_VIA = "deals.sense-model"
ROLE_VIA = "deals.role-model"


@dataclass
class SenseDecision:
    """How trigger mentions are kept: by the rules (model None) or by a trained model at `threshold`."""

    threshold: float = 0.5
    model: LinearClassifier | None = None
    trained: bool = False  # the rule version needs no weights

    @property
    def rules(self) -> bool:
        return not self.trained


@dataclass
class RoleDecision:
    """How parties get their roles: by the rule table (model None) or by a trained model at `threshold`."""

    threshold: float = 0.5
    model: LinearClassifier | None = None
    trained: bool = False

    @property
    def rules(self) -> bool:
        return not self.trained


@dataclass
class Decisions:
    """The two decisions a DealsComponent runs with (the rules by default)."""

    sense: SenseDecision = None  # type: ignore[assignment]
    roles: RoleDecision = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.sense = self.sense or SenseDecision()
        self.roles = self.roles or RoleDecision()

    def with_weights(self, sense_weights: dict | None, role_weights: dict | None) -> Decisions:
        """The same decisions with the trained models they need loaded from their weights (JSON dicts)."""
        def model(trained: bool, weights: dict | None, what: str) -> LinearClassifier | None:
            if not trained:
                return None
            if not weights:
                raise ValueError(f"depeche_deals: the {what} decision is a trained model but no weights were given")
            return LinearClassifier.from_dict(weights)

        return Decisions(
            SenseDecision(self.sense.threshold, model(self.sense.trained, sense_weights, "sense"), self.sense.trained),
            RoleDecision(self.roles.threshold, model(self.roles.trained, role_weights, "roles"), self.roles.trained),
        )


@registry.misc("depeche.deal_sense.rules.v1")
def sense_rules() -> SenseDecision:
    return SenseDecision(trained=False)


@registry.misc("depeche.deal_sense.model.v1")
def sense_model(threshold: float = 0.5) -> SenseDecision:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"depeche.deal_sense.model.v1: threshold {threshold} is not within [0, 1]")
    return SenseDecision(threshold=threshold, trained=True)


@registry.misc("depeche.deal_roles.rules.v1")
def roles_rules() -> RoleDecision:
    return RoleDecision(trained=False)


@registry.misc("depeche.deal_roles.model.v1")
def roles_model(threshold: float = 0.5) -> RoleDecision:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"depeche.deal_roles.model.v1: threshold {threshold} is not within [0, 1]")
    return RoleDecision(threshold=threshold, trained=True)


# --- what the models read -------------------------------------------------------------


def sentence_tokens(ctx: DealContext, sent: int) -> tuple[int, int]:
    """The token range of sentence `sent` (an index into ctx.sents)."""
    start, end = ctx.sents[sent]
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, len(ctx.doc))


def candidates_of(ctx: DealContext) -> tuple[list[Candidate], dict[tuple[int, int], Entity]]:
    """Every candidate party of the Doc, and the Entity each stands for (made for those no component named)."""
    known, entity_of = [], {}
    for e in ctx.entities:
        source = {"person": "person", "official": "person", "state": "state"}.get(e.kind or "", "organisation" if e.ref else "name")
        known.append(Candidate(e.tok_start, e.tok_end, source, e.kind))
        entity_of[(e.tok_start, e.tok_end)] = e
    cands = party_candidates(ctx.doc, known)
    new_spans = [(s, t) for s, t, _ in ctx.new_entities]
    out = []
    for c in cands:
        if (c.start, c.end) not in entity_of:
            span = ctx.doc[c.start : c.end]
            if any(s <= span.start_char < t for s, t in new_spans):
                continue  # a company the deal creates is no party to it
            entity_of[(c.start, c.end)] = Entity(span.start_char, span.end_char, span.text, name_key(span.text), None, c.kind, c.start, c.end)
        out.append(c)
    return out, entity_of


def sense_instances(ctx: DealContext, mentions: list[Mention], candidates: list[Candidate]) -> tuple[list[list[str]], numpy.ndarray]:
    """The sense model's input for each mention (`Mention.negative` read as a feature)."""
    feats, dense = [], []
    for m in mentions:
        s0, s1 = ctx.sents[m.sent]
        f, d = sense_features(ctx.doc, m.start_tok, m.end_tok, m.entry, sentence_tokens(ctx, m.sent), candidates,
                              bool(find_money(ctx.text[s0:s1])), m.negative)
        feats.append(f)
        dense.append(d)
    return feats, (numpy.stack(dense) if dense else numpy.zeros((0, 0), dtype="float32"))


def score_mentions(ctx: DealContext, mentions: list[Mention], candidates: list[Candidate], model: LinearClassifier) -> list[float]:
    """P(corporate transaction) of each mention."""
    if not mentions:
        return []
    feats, dense = sense_instances(ctx, mentions, candidates)
    probs = model.predict(feats, dense)
    return [float(p) for p in probs[:, model.labels.index("yes")]]


def role_instances(ctx: DealContext, m: Mention, candidates: list[Candidate]) -> tuple[list[Candidate], list[list[str]], numpy.ndarray]:
    """The candidates of the mention's sentence (not the trigger itself) and their features, the rule roles
    already in `m.parties` given as a feature."""
    sent = sentence_tokens(ctx, m.sent)
    rule_roles = [(e.tok_start, e.tok_end, role) for role, e in m.parties]
    chosen, feats, dense = [], [], []
    for c in candidates:
        if not (sent[0] <= c.start < sent[1]) or (c.start < m.end_tok and m.start_tok < c.end):
            continue
        rule = next((r for a, b, r in rule_roles if a < c.end and c.start < b), "none")
        f, d = role_features(ctx.doc, m.start_tok, m.end_tok, m.entry, c, sent, rule)
        chosen.append(c)
        feats.append(f)
        dense.append(d)
    width = 0 if not dense else dense[0].shape[0]
    return chosen, feats, (numpy.stack(dense) if dense else numpy.zeros((0, width), dtype="float32"))


def decide_roles(ctx: DealContext, m: Mention, candidates: list[Candidate], entity_of: dict, decision: RoleDecision) -> None:
    """Replace the rule parties of the mention's sentence by the model's; rule parties found outside the
    sentence (an antecedent subject) are kept. Each party's probability goes to `m.party_scores`."""
    chosen, feats, dense = role_instances(ctx, m, candidates)
    s0, s1 = ctx.sents[m.sent]
    outside = [(r, e) for r, e in m.parties if not (s0 <= e.start < s1)]
    kept: list[tuple[str, Entity]] = []
    scores: dict[str, float] = {}
    if chosen:
        probs = decision.model.predict(feats, dense)
        labels = decision.model.labels
        for c, p in zip(chosen, probs):
            order = numpy.argsort(-p)
            best = next(int(j) for j in order if labels[int(j)] != "none")
            if p[best] >= decision.threshold:
                e = entity_of[(c.start, c.end)]
                if e.ident in scores:
                    continue
                kept.append((labels[best], e))
                scores[e.ident] = float(p[best])
    m.parties = sorted(kept, key=lambda p: p[1].start) + [(r, e) for r, e in outside if e.ident not in scores]
    m.party_scores = scores
