"""Rules propose, models decide: the trained decisions of depeche_deals (issue 11), as swappable callables.

Three decisions, each chosen in `models/config.cfg` by a registered function of spaCy's `misc` registry:

- `sense`: which trigger mentions are corporate transactions. `depeche.deal_sense.rules.v1` keeps the rule
  filters (POS, participles used as adjectives, two sides or one and a price);
  `depeche.deal_sense.model.v1` scores every match of the trigger lexicon (the negative lexicon's fixed
  expressions apart) with a trained classifier (`learned.LinearClassifier` over `features.sense_features`) and
  keeps those at or above `threshold`.
- `roles`: which role each candidate party has. `depeche.deal_roles.rules.v1` keeps the role table of
  `parties.py`; `depeche.deal_roles.model.v1` scores every candidate of the trigger's sentence
  (`candidates.party_candidates`: organisations, people, states, the model's ORG/PER/MISC entities and proper
  nouns) with the rule's role as a feature, for the trigger senses it has data for (`decide_roles`: what stays
  a rule).
- `status`: `depeche.deal_status.model.v1` reads a mention's tense, mood, auxiliaries and cues
  (`decide_status`); the rules' stops and regulator steps stand (`status_of`).

The weights are component data (`models/deals/{sense,roles,status}.json`, trained by
`benchmarks/train_deals.py`, with the calibration of their probabilities in `info`), loaded by
`DealsComponent.initialize` and carried by `to_disk`/`to_bytes`. On a bare `spacy.blank("fr")` Doc the models
still run (no parse features, zero vectors); with the rule versions the component is the rule engine it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.util import registry

from depeche.components.deals.candidates import party_candidates
from depeche.components.deals.context import DealContext, Entity, Mention
from depeche.components.deals.features import (Candidate, answers_the_offer, head_token, passive, role_features, sense_features,
                                              status_features, trigger_token)
from depeche.components.deals.parties import fits
from depeche.components.deals.status import deal_status
from depeche.components.deals.learned import LinearClassifier
from depeche.calibration import Calibration
from depeche.components.common import name_key
from depeche.normalise.money import find_money

SENSE_VIA = "deals.sense-model"
ROLE_VIA = "deals.role-model"


@dataclass
class Decision:
    """One decision: made by the rules (`trained` False, no model) or by a trained model (its weights loaded by
    the component), keeping what scores at least `threshold`."""

    threshold: float = 0.5
    model: LinearClassifier | None = None
    trained: bool = False  # the rule version needs no weights

    @property
    def rules(self) -> bool:
        return not self.trained

    def confidence(self, raw: float | None) -> float | None:
        """The calibrated confidence of a raw model probability (None with the rules)."""
        return _calibrated(self.model, raw)


class SenseDecision(Decision):
    """How trigger mentions are kept: by the rule filters, or by the sense model at `threshold`."""


@dataclass
class RoleDecision(Decision):
    """How parties get their roles: by the rule table, or by the role model at `threshold` for the trigger senses
    in `senses` (those the training data holds enough of; the rules keep the others)."""

    senses: tuple[str, ...] = ()


class StatusDecision(Decision):
    """How a deal's status is read: by the cue rules, or by the status model (`status_of`; no threshold)."""


@dataclass
class Decisions:
    """The decisions a DealsComponent runs with (the rules by default)."""

    sense: SenseDecision = None  # type: ignore[assignment]
    roles: RoleDecision = None  # type: ignore[assignment]
    status: StatusDecision = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.sense = self.sense or SenseDecision()
        self.roles = self.roles or RoleDecision()
        self.status = self.status or StatusDecision()

    def with_weights(self, sense_weights: dict | None, role_weights: dict | None, status_weights: dict | None = None) -> Decisions:
        """The same decisions with the trained models they need loaded from their weights (JSON dicts)."""
        def model(trained: bool, weights: dict | None, what: str) -> LinearClassifier | None:
            if not trained:
                return None
            if not weights:
                raise ValueError(f"depeche_deals: the {what} decision is a trained model but no weights were given")
            return LinearClassifier.from_dict(weights)

        return Decisions(
            SenseDecision(self.sense.threshold, model(self.sense.trained, sense_weights, "sense"), self.sense.trained),
            RoleDecision(self.roles.threshold, model(self.roles.trained, role_weights, "roles"), self.roles.trained, self.roles.senses),
            StatusDecision(self.status.threshold, model(self.status.trained, status_weights, "status"), self.status.trained),
        )


def _calibrated(model: LinearClassifier | None, raw: float | None) -> float | None:
    """The model's probability mapped to a precision by the calibration fitted on dev out-of-fold predictions
    (`benchmarks/train_deals.py`, kept in the weights' `info`); the probability itself when there is none."""
    if model is None or raw is None:
        return None
    calibration = getattr(model, "_calibration", None)
    if calibration is None and model.info.get("calibration"):
        calibration = model._calibration = Calibration.from_dict(model.info["calibration"])
    return round(calibration.confidence(raw=raw) if calibration else raw, 4)


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
def roles_model(threshold: float = 0.5, senses: list[str] | None = None) -> RoleDecision:
    senses = ["buy", "sell", "bid", "stake", "merge"] if senses is None else senses
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"depeche.deal_roles.model.v1: threshold {threshold} is not within [0, 1]")
    return RoleDecision(threshold=threshold, trained=True, senses=tuple(senses))


@registry.misc("depeche.deal_status.rules.v1")
def status_rules() -> StatusDecision:
    return StatusDecision(trained=False)


@registry.misc("depeche.deal_status.model.v1")
def status_model() -> StatusDecision:
    return StatusDecision(trained=True)


def decide_status(ctx: DealContext, m: Mention, decision: StatusDecision) -> None:
    """The status model's reading of the mention (`m.status_model`, `m.status_p`), its cues given as features."""
    rule = deal_status(m.cues)
    f, d = status_features(ctx.doc, m.start_tok, m.end_tok, m.entry, sentence_tokens(ctx, m.sent), rule, [c for c, _ in m.cues])
    p = decision.model.predict([f], d.reshape(1, -1))[0]
    best = int(p.argmax())
    m.status_model, m.status_p = decision.model.labels[best], float(p[best])


# statuses the training data holds (almost) none of: when the rules read one, it stands
RULE_STATUSES = frozenset({"suspended", "blocked", "abandoned", "pending", "approved"})


def status_of(rule: str, model: str | None) -> str:
    """The deal's status: the model's, unless there is none or the rules read a stop or a regulator's step."""
    return rule if model is None or rule in RULE_STATUSES else model


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


_PLACE_PREPS = {"à", "au", "aux", "en", "dans", "vers", "depuis"}


def _place(ctx: DealContext, e: Entity) -> bool:
    """« aux États-Unis », « en France »: a State or a place named after a preposition of place is no party."""
    if e.tok_start == 0 or ctx.doc[e.tok_start - 1].lower_ not in _PLACE_PREPS:
        return False
    return e.kind in ("state", "government") or ctx.doc[e.tok_start].ent_type_ == "LOC"


def decide_roles(ctx: DealContext, m: Mention, candidates: list[Candidate], entity_of: dict, decision: RoleDecision) -> None:
    """Replace the rule parties of the mention's sentence by the model's; rule parties found outside the
    sentence (an antecedent subject) are kept. The model's role must fit the party (`parties.fits`: regulators,
    courts and officials are no parties, people are not bought…; a State named as a place is none), and a
    conjunct takes the role of the name it is coordinated with (« Oracle et Walmart »). Each party's
    probability goes to `m.party_scores`."""
    if m.entry.get("sense") not in decision.senses:
        return  # too few examples of this sense to learn from: the rule roles stand
    chosen, feats, dense = role_instances(ctx, m, candidates)
    s0, s1 = ctx.sents[m.sent]
    rule_roles = {}
    for role, e in m.parties:
        for c in chosen:
            if c.start < e.tok_end and e.tok_start < c.end:
                rule_roles.setdefault((c.start, c.end), role)
    trig = trigger_token(ctx.doc, m.start_tok, m.end_tok)
    is_passive = ctx.parsed and passive(trig)
    # before an active verb of buying or selling that heads no relative clause stands its subject (the buyer, the
    # seller), never what changes hands (« Suez, que Veolia a racheté » and « Suez a été racheté par Veolia » are not so)
    subject_side = (ctx.parsed and trig.pos_ == "VERB" and not is_passive and m.entry.get("sense") in ("buy", "bid", "stake", "sell")
                    and trig.dep_ != "acl:relcl" and not any(c.dep_ in ("obj", "nsubj") and c.pos_ == "PRON" and c.i < trig.i for c in trig.children))
    outside = [(r, e) for r, e in m.parties if not (s0 <= e.start < s1)]
    roles: dict[int, tuple[str, float]] = {}  # index in chosen -> (role, probability)
    if chosen:
        probs = decision.model.predict(feats, dense)
        labels = decision.model.labels
        for k, (c, p) in enumerate(zip(chosen, probs)):
            e = entity_of[(c.start, c.end)]
            if _place(ctx, e):
                continue
            # who answers an offer does not make it (« Engie a accepté l'offre de Veolia »): never its buyer
            answers = ctx.parsed and answers_the_offer(trig, head_token(ctx.doc, c.start, c.end))
            for j in numpy.argsort(-p):
                role = labels[int(j)]
                if p[j] < decision.threshold:
                    break
                # a « person » the model is sure is bought or merged is a company the ner called PER (« Genzyme »)
                fitting = fits(e, role, "") or (e.kind == "person" and p[j] >= 0.5)
                if role == "buyer" and answers:
                    continue
                if role != "none" and fitting and not (role == "target" and subject_side and c.end <= m.start_tok):
                    roles[k] = (role, float(p[j]))
                    break
            # the model says whether it is a party; the role the rules give it stands unless the model finds it
            # less than half as likely as its own choice, or the trigger is passive (the rule table reads no voice)
            rule = rule_roles.get((c.start, c.end))
            if (k in roles and rule and rule != roles[k][0] and rule in labels and not is_passive and fits(e, rule, "")
                    and p[labels.index(rule)] >= 0.5 * roles[k][1] and not (rule == "buyer" and answers)):
                roles[k] = (rule, roles[k][1])
        if ctx.parsed:
            _coordinated(ctx, chosen, roles)
    kept: list[tuple[str, Entity]] = []
    scores: dict[str, float] = {}
    for k, (role, p) in sorted(roles.items()):
        e = entity_of[(chosen[k].start, chosen[k].end)]
        if e.ident not in scores:
            kept.append((role, e))
            scores[e.ident] = decision.confidence(p)
    m.parties = kept + [(r, e) for r, e in outside if e.ident not in scores]
    m.party_scores = scores


def _coordinated(ctx: DealContext, chosen: list[Candidate], roles: dict[int, tuple[str, float]]) -> None:
    """A candidate coordinated (`conj`) with one that has a role takes that role, with the lower probability."""
    doc = ctx.doc
    index = {}
    for k, c in enumerate(chosen):
        for i in range(c.start, c.end):
            index[i] = k
    for k, c in enumerate(chosen):
        head = head_token(doc, c.start, c.end)
        if head.dep_ != "conj":
            continue
        other = index.get(head.head.i)
        if other is None or other == k or other not in roles:
            continue
        role, p = roles[other]
        mine = roles.get(k)
        roles[k] = (role, min(p, mine[1]) if mine else p)
