"""depeche_deals: deal terms (who buys what from whom, for how much, how far along), with offsets.

A component in the manner of spaCy's SpanRuler: `__call__(doc)` matches, then sets `doc._.deals`.
It runs stages, each a function of a per-Doc `context.DealContext` (text, sentences, token -> sentence,
parse / morphology / POS flags, cue matches, entities: built once per Doc, passed explicitly, nothing
kept on the component) and of the lexicons (`lexicon.Lexicon`), with typed values between them:

1. **Entities** (`entities.py`): the organisations and people already on the Doc (`doc._.organisations`,
   `doc._.people`; the base model's ORG/PER/MISC entities when those are empty), their names wherever
   else they occur, and states (« l'État »); the companies a deal creates (« baptisée X ») are no party.
2. **Triggers** (`triggers.py`; `models/lexicons/deals_triggers.jsonl`, spaCy Matcher patterns on
   inflected forms, since the pipeline has no lemmatizer) give a *mention* of a transaction with its
   kind and its *sense* (buy, sell, bid, stake, invest, merge, partner, spin, raise, join). Triggers inside
   a *negative* pattern (`deals_negatives.jsonl`: « acquisition de stupéfiants », « vente au détail »,
   « fusion des régions »…) are dropped.
3. **Parties** (`parties.py`): entities placed around the trigger: their side (before/after) and the
   preposition before them (« à », « par », « auprès de », « de »…) give the role for the trigger's
   sense (`_ROLES`); mentions with no party are dropped. **Antecedents** (`antecedent.py`): a verbal
   trigger without an explicit subject takes the last entity of the previous sentences (« Le géant … »).
4. **Status cues** (`status.py`; `deals_cues.jsonl`: « mis en suspens », « finalisé », « négociations »…)
   linked to a mention by the parse (same clause, or the clause the mention is subject or object of),
   weighed by the verb's tense and mood from the morphologizer (indicative > noun > pluperfect >
   conditional, « seraient devenus » is reported, not fact); the strongest wins, ties going to the
   later stage. A past attempt (« avait déjà tenté de racheter ») is a separate, abandoned deal.
5. **One deal per transaction** (`grouping.py`): mentions sharing a clause, a party, or following one
   another without a target of their own are merged; anaphors (« l'opération », « les négociations »,
   « le projet ») add their sentence's evidence and status cues to the deal whose parties they
   mention (or to the last deal when definite).
6. **The Deal** (`build.py`, its slots from `slots.py`: amount, price per share, stake, asset,
   conditions, new entities, source, descriptions).

Money and percentages come from `depeche.normalise.money` (pure functions). Every Span is made with
`records.Span.at` on the Doc's text. On a bare `spacy.blank("fr")` Doc (no parse, no morphology)
the same rules run on sentences split by punctuation (`components.common.split_sentences`), with the
whole sentence as the clause. Errors propagate (spaCy's error handler decides, as for any component).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs
from depeche.components.common import split_sentences, token_sentences
from depeche.components.data import DataComponent, fill
from depeche.components.deals.amounts import amount_words, attach_amounts
from depeche.components.deals.antecedent import antecedent
from depeche.components.deals.build import KIND_ORDER, build_deal
from depeche.components.deals.clauses import participial_party, relative_party
from depeche.components.deals.context import DealContext, Mention, Settings
from depeche.components.deals.entities import find_entities, find_parents
from depeche.components.deals.grouping import (
    approval_homes,
    attach_anaphors,
    cluster_mentions,
    deal_clusters,
    find_anaphors,
    link_anaphoric_nouns,
)
from depeche.components.deals.lexicon import Lexicon, _Gate, _matches, token_rows
from depeche.components.deals.owner import asset_nouns, owner_party
from depeche.components.deals.parties import assign_parties, enough, name_target, state_party
from depeche.components.deals.sense import (
    Decisions,
    RoleDecision,
    SenseDecision,
    StatusDecision,
    candidates_of,
    decide_roles,
    decide_status,
    score_mentions,
)
from depeche.components.deals.slots import asset_of
from depeche.components.deals.status import STATUS_ORDER, find_cues, is_past, mention_cues
from depeche.components.deals.triggers import find_mentions, negative_tokens, refine_kind
from depeche.docattrs import doc_text
from depeche.records import Deal

__all__ = [
    "DealsComponent", "make_deals", "lexicon_paths", "split_sentences", "find_deals", "STATUS_ORDER", "KIND_ORDER",
    "_Gate", "_matches",
]


def context_of(doc: Doc, lexicon: Lexicon, settings: Settings) -> DealContext:
    """The per-Doc values every stage reads, computed once."""
    text = doc_text(doc)  # Doc.text re-joins every token on each access: read it once
    sents = split_sentences(text)
    rows = token_rows(doc)
    return DealContext(
        doc=doc,
        text=text,
        parsed=doc.has_annotation("DEP"),
        morph=doc.has_annotation("MORPH"),
        pos=doc.has_annotation("POS"),
        sents=sents,
        tok_sent=token_sentences(doc, sents),
        cue_matches=_matches(lexicon.cue_matcher, lexicon.cue_gate, doc, rows),  # once: for states and cues
        settings=settings,
        token_rows=rows,
    )


def proposed_mentions(ctx: DealContext, lexicon: Lexicon, negatives: set[int], *, keep_all: bool) -> tuple[list[Mention], set[int]]:
    """Stages 2–3: the trigger mentions with the parties the rules give them (the models' proposals)."""
    mentions, taken = find_mentions(ctx, lexicon, ctx.entities, ctx.new_entities, negatives, keep_all=keep_all)
    clauses: dict[int, set[int]] = {}
    for m in mentions:
        clauses.setdefault(m.sent, set()).add(m.clause)
    for m in mentions:
        # the trigger's own clause when its sentence has triggers in several clauses
        restrict = ctx.parsed and len(clauses[m.sent]) > 1
        assign_parties(ctx, m, ctx.entities, restrict)
        m.past = is_past(ctx, m, restrict)
    for m in mentions:
        refine_kind(ctx, m)
        name_target(ctx, m)
        antecedent(ctx, m, ctx.entities)
    return mentions, taken


def find_deals(doc: Doc, lexicon: Lexicon, settings: Settings, decisions: Decisions | None = None) -> list[Deal]:
    """The deals of `doc`, stage after stage; `decisions` (sense.py) says whether rules or trained models decide
    which mentions are deals and which role each party has (the rules when None)."""
    decisions = decisions or Decisions()
    learned_sense, learned_roles = decisions.sense.model is not None, decisions.roles.model is not None
    ctx = context_of(doc, lexicon, settings if not learned_sense else replace(settings, learned=True))
    ctx.entities, ctx.new_entities = find_entities(ctx, lexicon)
    negatives = negative_tokens(ctx, lexicon)
    mentions, taken = proposed_mentions(ctx, lexicon, negatives, keep_all=learned_sense)
    cue_spans = find_cues(ctx, lexicon)
    candidates, entity_of = [], {}
    if mentions and (learned_sense or learned_roles):  # most articles have no trigger: no candidates to gather
        candidates, entity_of = candidates_of(ctx)
    if learned_sense:
        scores = score_mentions(ctx, mentions, candidates, decisions.sense.model)
        for m, p in zip(mentions, scores):
            m.confidence = p
            m.calibrated = decisions.sense.confidence(p)
        mentions = [m for m in mentions if m.confidence >= decisions.sense.threshold]
    if learned_roles:
        for m in mentions:
            decide_roles(ctx, m, candidates, entity_of, decisions.roles)
    pool = list({(e.tok_start, e.tok_end): e for e in [*ctx.entities, *entity_of.values()]}.values())
    for m in mentions:
        participial_party(ctx, m, pool)
        relative_party(ctx, m, pool)
        state_party(ctx, m)
    assets = asset_nouns(ctx, lexicon) if mentions else {}
    for m in mentions:
        owner_party(ctx, m, assets, pool)  # « le rachat de la branche énergie d'Alstom »: Alstom sells
    if learned_sense:
        mentions = [m for m in mentions if m.parties or m.confidence >= settings.alone]
    else:
        mentions = [m for m in mentions if enough(ctx, m)]
    for m in mentions:
        m.cues = mention_cues(ctx, m, cue_spans, negatives)
        m.asset = asset_of(ctx, m)
        if decisions.status.model is not None:
            decide_status(ctx, m, decisions.status)
    link_anaphoric_nouns(ctx, mentions)
    clusters = cluster_mentions(mentions)
    anaphors = find_anaphors(ctx, cue_spans, taken, mentions, negatives)
    built = deal_clusters(ctx, clusters)
    attach_anaphors(built, anaphors)
    built.sort(key=lambda c: min(m.sent for m in c))
    parents = find_parents(ctx.text, ctx.entities)
    homes = approval_homes(ctx, built, cue_spans)
    words = amount_words(ctx, lexicon) if built else None
    deals: list[Deal] = []
    for k, cluster in enumerate(built):
        foreign: dict[int, list[tuple[int, int]]] = {}  # the other deals' triggers: their money is not this one's
        for j, other in enumerate(built):
            for m in other if j != k else ():
                if not m.anaphor:
                    foreign.setdefault(m.sent, []).append((m.start_tok, m.end_tok))
        deal = build_deal(ctx, cluster, len(deals) + 1, parents, ctx.new_entities, cue_spans, homes.get(k, set()), words, foreign)
        if deal is not None:
            deals.append(deal)
    if words is not None:
        attach_amounts(ctx, deals, words)  # « Le montant de la transaction s'élève à … » in a sentence after
    return deals


class DealsComponent(DataComponent):
    """Finds deals in a Doc and stores them, as `records.Deal`, in `doc._.deals`."""

    def __init__(
        self,
        nlp: Language,
        name: str = "depeche_deals",
        *,
        max_gap: int,
        antecedent_sentences: int,
        alone: float,
        sense: SenseDecision,
        roles: RoleDecision,
        status: StatusDecision,
    ):
        self.nlp = nlp
        self.name = name
        self.max_gap = max_gap
        self.antecedent_sentences = antecedent_sentences
        self.alone = alone
        self.sense = sense
        self.roles = roles
        self.status = status
        self.triggers: list[dict] = []
        self.negatives: list[dict] = []
        self.cues: list[dict] = []
        self.assets: list[dict] = []
        self.amounts: list[dict] = []
        self.sense_weights: dict = {}
        self.role_weights: dict = {}
        self.status_weights: dict = {}
        self._build()

    # --- data ---------------------------------------------------------------------

    factory = "depeche_deals"
    data_files = {"triggers": "jsonl", "negatives": "jsonl", "cues": "jsonl", "assets": "jsonl", "amounts": "jsonl", "sense_weights": "json", "role_weights": "json",
                  "status_weights": "json"}
    _PARTS = ("triggers", "negatives", "cues", "assets", "amounts", "sense_weights", "role_weights", "status_weights")

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        triggers: Iterable[dict] | None = None,
        negatives: Iterable[dict] | None = None,
        cues: Iterable[dict] | None = None,
        assets: Iterable[dict] | None = None,
        amounts: Iterable[dict] | None = None,
        sense_weights: dict | None = None,
        role_weights: dict | None = None,
        status_weights: dict | None = None,
    ) -> None:
        """Load the lexicons (lists of dicts, e.g. from `srsly.read_jsonl`) and the trained decisions' weights
        (`models/deals/*.json`, `learned.LinearClassifier.to_dict`); each one not given is read from depeche's
        shipped data (`components.data.shipped`). Each lexicon entry is validated (`lexicon.TriggerEntry`,
        `NegativeEntry`, `CueEntry`, `AssetEntry`, `AmountEntry`): a bad one is a ValueError naming it."""
        given = {"triggers": triggers, "negatives": negatives, "cues": cues, "assets": assets, "amounts": amounts}
        # the weights of a decision the rules make are not read (they may not exist yet: train_deals.py)
        if self.sense.trained or sense_weights is not None:
            given["sense_weights"] = sense_weights
        if self.roles.trained or role_weights is not None:
            given["role_weights"] = role_weights
        if self.status.trained or status_weights is not None:
            given["status_weights"] = status_weights
        data = {"sense_weights": {}, "role_weights": {}, "status_weights": {}, **fill(self.factory, given)}
        self.triggers = list(data["triggers"])
        self.negatives = list(data["negatives"])
        self.cues = list(data["cues"])
        self.assets = list(data["assets"])
        self.amounts = list(data["amounts"])
        self.sense_weights = dict(data["sense_weights"])
        self.role_weights = dict(data["role_weights"])
        self.status_weights = dict(data["status_weights"])
        self._loaded()

    def serializers(self):
        def put(part):
            def put_part(value):
                setattr(self, part, dict(value) if part.endswith("_weights") else list(value))

            return put_part

        return {part: (lambda part=part: getattr(self, part), put(part)) for part in self._PARTS}

    def _rebuild(self) -> None:
        self._build()

    def _build(self) -> None:
        self._lexicon = Lexicon.build(self.nlp.vocab, self.triggers, self.negatives, self.cues, self.assets, self.amounts)
        self._settings = Settings(max_gap=self.max_gap, antecedent_sentences=self.antecedent_sentences, alone=self.alone)
        ready = ((not self.sense.trained or self.sense_weights) and (not self.roles.trained or self.role_weights)
                 and (not self.status.trained or self.status_weights))
        self._decisions = (
            Decisions(self.sense, self.roles, self.status).with_weights(self.sense_weights, self.role_weights, self.status_weights)
            if ready else None
        )

    # --- the work -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        deals = docattrs.get(doc, "deals")
        if not self.triggers or not len(doc):
            return doc
        deals.extend(self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Deal]:
        """The deals of `doc` (without storing them)."""
        if self._decisions is None:
            raise ValueError(f"{self.name}: a decision is a trained model and its weights are not loaded (initialize)")
        return find_deals(doc, self._lexicon, self._settings, self._decisions)


@Language.factory(
    "depeche_deals",
    default_config={
        "max_gap": 20,
        "antecedent_sentences": 2,
        "alone": 0.8,
        "sense": {"@misc": "depeche.deal_sense.rules.v1"},
        "roles": {"@misc": "depeche.deal_roles.rules.v1"},
        "status": {"@misc": "depeche.deal_status.rules.v1"},
    },
    requires=["doc._.organisations", "doc._.people", "doc._.deadlines"],
    assigns=["doc._.deals", "doc._.depeche_warnings"],
)
def make_deals(
    nlp: Language, name: str, max_gap: int, antecedent_sentences: int, alone: float, sense: SenseDecision, roles: RoleDecision,
    status: StatusDecision,
) -> DealsComponent:
    return DealsComponent(nlp, name, max_gap=max_gap, antecedent_sentences=antecedent_sentences, alone=alone, sense=sense, roles=roles,
                          status=status)


def lexicon_paths(models: Path) -> dict[str, Path]:
    """The lexicon files of this component under a models folder."""
    folder = Path(models) / "lexicons"
    return {"triggers": folder / "deals_triggers.jsonl", "negatives": folder / "deals_negatives.jsonl", "cues": folder / "deals_cues.jsonl",
            "assets": folder / "deals_assets.jsonl", "amounts": folder / "deals_amounts.jsonl"}
