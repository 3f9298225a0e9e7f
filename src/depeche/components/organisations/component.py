"""The depeche_organisations component: its data, its compiled tables, and the run of its stages."""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from depeche import docattrs
from depeche.calibration import Calibration
from depeche.components.data import DataComponent, fill
from depeche.components.organisations import build, grouping, resolve
from depeche.components.organisations.decision import MODEL_VIA, OrganisationDecision
from depeche.components.organisations.generators import GENERATORS
from depeche.components.organisations.lookup import lines, pairs
from depeche.components.organisations.types import Candidate, Context, Group, Tables
from depeche.docattrs import doc_text
from depeche.normalise.names import key
from depeche.normalise.text import fold, strip_accents

_PAIRS = ("triggers", "heads", "state", "ministries", "institutions", "sources", "non_heads")
_LINES = ("verbs", "boilerplate", "not_names", "designators")



def merged_entries(parts: Iterable[list[dict]]) -> list[dict]:
    """The gazetteers' entries, the hand-written one first: an entry of a later gazetteer with the id, name or an
    alias of an earlier one (« Météo France » of WiNER-fr's, « Météo-France » of the hand-written) is that entry,
    its other forms added to its aliases, rather than a second organisation of the same name."""
    out: list[dict] = []
    by_form: dict[str, dict] = {}
    by_id: dict[str, dict] = {}
    for number, part in enumerate(parts):
        for entry in part:
            forms = [entry["name"], *entry.get("aliases", [])]
            known = next((by_form[key(f)] for f in forms if key(f) in by_form), None) or (by_id.get(entry["id"]) if entry.get("id") else None)
            if known is not None and known["_part"] != number:
                have = {f.lower() for f in [known["name"], *known.get("aliases", [])]}  # the matcher reads forms as written
                known["aliases"] = [*known.get("aliases", []), *(f for f in forms if f.lower() not in have)]
                for f in forms:
                    by_form.setdefault(key(f), known)
                continue
            entry = {**entry, "_part": number}
            out.append(entry)
            for f in forms:
                by_form.setdefault(key(f), entry)
            if entry.get("id"):
                by_id.setdefault(entry["id"], entry)
    for entry in out:
        del entry["_part"]
    return out

class OrganisationsComponent(DataComponent):
    """Finds organisations; writes `doc._.organisations` and ORG entities."""

    factory = "depeche_organisations"
    data_files = {"organisations": "jsonl", "lexicons": "json", "calibration": "json", "decision_weights": "json"}

    def __init__(
        self,
        nlp: Language,
        name: str = "depeche_organisations",
        *,
        generators: list[str],
        max_adjectives: int,
        max_name_tokens: int,
        acronym_window: int,
        fuzzy_merge: bool,
        relabel_to: str,
        propagate_model_names: bool,
        decision: OrganisationDecision | None = None,
    ):
        unknown = [g for g in generators if g not in GENERATORS]
        if unknown:
            raise ValueError(f"{name}: unknown generators {unknown}; known: {sorted(GENERATORS)}")
        self.nlp = nlp
        self.name = name
        self.generators = list(generators)
        self.max_adjectives = max_adjectives
        self.max_name_tokens = max_name_tokens
        self.acronym_window = acronym_window
        self.fuzzy_merge = fuzzy_merge
        self.relabel_to = relabel_to
        self.propagate_model_names = propagate_model_names
        self.decision = decision or OrganisationDecision()
        self.decision_weights: dict = {}
        self.entries: list[dict] = []
        self.lexicons: dict[str, list] = {}
        self.calibration_data: dict | None = None
        self._build()

    # --- data ------------------------------------------------------------------------

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        gazetteer: Iterable[dict] | None = None,
        harvested: Iterable[dict] | None = None,
        mined: Iterable[dict] | None = None,
        triggers: Iterable[str] | None = None,
        heads: Iterable[str] | None = None,
        state: Iterable[str] | None = None,
        ministries: Iterable[str] | None = None,
        institutions: Iterable[str] | None = None,
        verbs: Iterable[str] | None = None,
        boilerplate: Iterable[str] | None = None,
        not_names: Iterable[str] | None = None,
        designators: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
        non_heads: Iterable[str] | None = None,
        calibration: dict | None = None,
        decision_weights: dict | None = None,
    ) -> None:
        """Load the gazetteers (JSONL: name, aliases, kind) and lexicons (text lines; TSV `word<TAB>value`).
        Each one not given is read from depeche's shipped data (`components.data.shipped`); give `[]`
        to leave one empty. A trained decision's weights (models/organisations/decision.json) are read only
        when the decision is the model."""
        given = dict(gazetteer=gazetteer, harvested=harvested, mined=mined, triggers=triggers, heads=heads, state=state)
        given |= dict(ministries=ministries, institutions=institutions, verbs=verbs, boilerplate=boilerplate)
        given |= dict(not_names=not_names, designators=designators, sources=sources, non_heads=non_heads, calibration=calibration)
        if self.decision.trained or decision_weights is not None:
            given["decision_weights"] = decision_weights
        data = {"decision_weights": {}, **fill(self.factory, given)}
        self.decision_weights = dict(data["decision_weights"] or {})
        self.entries = merged_entries([dict(e) for e in data[part]] for part in ("gazetteer", "harvested", "mined"))
        self.lexicons = {**{n: pairs(data[n]) for n in _PAIRS}, **{n: lines(data[n]) for n in _LINES}}
        self.calibration_data = dict(data["calibration"])
        self._loaded()

    def serializers(self):
        def put_entries(value):
            self.entries = list(value)

        def put_lexicons(value):
            self.lexicons = value

        def put_calibration(value):
            self.calibration_data = value

        def put_weights(value):
            self.decision_weights = value or {}

        return {
            "organisations": (lambda: self.entries, put_entries),
            "lexicons": (lambda: self.lexicons, put_lexicons),
            "calibration": (lambda: self.calibration_data, put_calibration),
            "decision_weights": (lambda: self.decision_weights, put_weights),
        }

    def _rebuild(self) -> None:
        self._build()

    def _build(self) -> None:
        make = self.nlp.make_doc
        vocab = self.nlp.vocab
        matcher = PhraseMatcher(vocab, attr="LOWER")
        forms: dict[int, tuple[int, tuple[str, ...]]] = {}
        seen: set[str] = set()
        for index, entry in enumerate(self.entries):
            for form in [entry["name"], *entry.get("aliases", [])]:
                for variant in {form, strip_accents(form)}:
                    label = f"ORG{index}:{variant}"
                    if label in seen:
                        continue
                    seen.add(label)
                    pattern = make(variant)
                    matcher.add(label, [pattern])
                    forms[vocab.strings[label]] = (index, tuple(t.text for t in pattern))
        lex_matcher = PhraseMatcher(vocab, attr="LOWER")
        lex: dict[str, dict[str, str]] = {}
        for part in _PAIRS:
            lex[part] = {fold(w): v for w, v in self.lexicons.get(part, [])}
            if part not in ("heads", "sources", "non_heads"):
                patterns = [make(w) for w, _ in self.lexicons.get(part, [])]
                if patterns:
                    lex_matcher.add(part.upper(), patterns)
        # each pattern holds « ( » as its first or second token: acronyms._acronym_matches runs them only there
        acronyms = Matcher(vocab)
        acronyms.add("ACRONYM", [[{"ORTH": "("}, {"IS_UPPER": True, "LENGTH": {">=": 2}}, {"ORTH": ")"}]])
        acronyms.add("WORD_ACRONYM", [[{"ORTH": "("}, {"IS_TITLE": True, "LENGTH": {">=": 3, "<=": 8}}, {"ORTH": ")"}]])
        acronyms.add("EXPANSION", [[{"IS_UPPER": True, "LENGTH": {">=": 2}}, {"ORTH": "("}, {"IS_TITLE": True}]])
        self.tables = Tables(
            entries=self.entries,
            matcher=matcher,
            forms=forms,
            lex_matcher=lex_matcher,
            lex=lex,
            verbs=tuple(fold(v) for v in self.lexicons.get("verbs", [])),
            not_names=frozenset(fold(v) for v in self.lexicons.get("not_names", [])),
            designators=frozenset(fold(v) for v in self.lexicons.get("designators", [])),
            acronyms=acronyms,
            max_adjectives=self.max_adjectives,
            max_name_tokens=self.max_name_tokens,
            acronym_window=self.acronym_window,
            calibration=Calibration.from_dict(self.calibration_data) if self.calibration_data else None,
        )
        ready = not self.decision.trained or self.decision_weights
        self._decider = self.decision.with_weights(self.decision_weights) if ready else None

    # --- the component ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        organisations = docattrs.get(doc, "organisations")
        organisations.clear()
        if not len(doc):
            return doc
        if self._decider is None:
            raise ValueError(f"{self.name}: the decision is a trained model and its weights are not loaded (initialize)")
        ctx, groups = self.propose(doc)
        groups = self.decide(ctx, groups)
        organisations.extend(build.build(self.tables, ctx, groups))
        build.set_ents(ctx, groups, self.relabel_to)
        return doc

    def propose(self, doc: Doc) -> tuple[Context, list[Group]]:
        """The stages before building: candidates generated, resolved, grouped and merged (one group per
        organisation the rules find)."""
        text = doc_text(doc)
        ctx = Context(doc=doc, text=text, furniture=self._furniture(text))
        tables = self.tables
        cands: list[Candidate] = []
        for name in self.generators:
            cands += GENERATORS[name](tables, ctx, cands)
        cands = resolve.admissible(tables, ctx, cands)
        chosen = resolve.resolve(doc, cands)
        chosen = resolve.resolve(doc, resolve.propagate(tables, ctx, chosen, model_names=self.propagate_model_names))
        groups = grouping.group(ctx, chosen)
        grouping.merge_short_forms(ctx, groups)
        grouping.merge_metonyms(tables.entries, groups)
        if self.fuzzy_merge:
            grouping.merge_misspellings(ctx, groups)
        return ctx, groups

    def decide(self, ctx: Context, groups: list[Group]) -> list[Group]:
        """The groups the decision keeps: all with the rules; with the model those whose P(organisation) is at
        least its threshold, each with that probability calibrated as its confidence and the model in its `via`."""
        probs = self._decider.probabilities(self.tables, ctx, groups)
        if probs is None:
            return groups
        kept = []
        for g, p in zip(groups, probs):
            if p >= self._decider.threshold:
                g.confidence = self._decider.confidence(p)
                g.via.append(MODEL_VIA)
                kept.append(g)
            else:
                ctx.declined.extend((s.start, s.end) for s in g.spans)
        return kept

    def _furniture(self, text: str) -> list[tuple[int, int]]:
        regions = []
        for prefix in self.lexicons.get("boilerplate", []):
            start = text.find(prefix)
            while start >= 0:
                end = text.find("\n\n", start)
                regions.append((start, len(text) if end < 0 else end))
                start = text.find(prefix, start + 1)
        return regions
