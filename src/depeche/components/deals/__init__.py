"""depeche_deals: deal terms (who buys what from whom, for how much, how far along), with offsets.

A component in the manner of spaCy's SpanRuler: `__call__(doc)` matches, then sets `doc._.deals`.

1. **Triggers** (`models/lexicons/deals_triggers.jsonl`, spaCy Matcher patterns on inflected forms,
   since the pipeline has no lemmatizer) give a *mention* of a transaction with its kind and its
   *sense* (buy, sell, bid, stake, invest, merge, partner, spin). Triggers inside a *negative*
   pattern (`deals_negatives.jsonl`: « acquisition de stupéfiants », « vente au détail », « fusion
   des régions »…) are dropped, and so are mentions with no organisation or person around them.
2. **Parties** are the organisations and people already on the Doc (`doc._.organisations`,
   `doc._.people`; the base model's ORG/PER/MISC entities when those are empty), placed around the
   trigger: their side (before/after) and the preposition before them (« à », « par »,
   « auprès de », « de »…) give the role for the trigger's sense. A verbal trigger without an
   explicit subject takes the last entity of the previous sentences (« Le géant … »).
3. **Status cues** (`deals_cues.jsonl`: « mis en suspens », « finalisé », « négociations »…) linked
   to a mention by the parse (same clause, or the clause the mention is subject or object of),
   weighed by the verb's tense and mood from the morphologizer (indicative > noun > pluperfect >
   conditional, « seraient devenus » is reported, not fact); the strongest wins, ties going to the
   later stage. A past attempt (« avait déjà tenté de racheter ») is a separate, abandoned deal.
4. **One deal per transaction**: mentions sharing a clause, a party, or following one another
   without a target of their own are merged; anaphors (« l'opération », « les négociations »,
   « le projet ») add their sentence's evidence and status cues to the deal whose parties they
   mention (or to the last deal when definite).

Money and percentages come from `depeche.normalise.money` (pure functions). Every Span is made with
`records.Span.at` on the Doc's text. On a bare `spacy.blank("fr")` Doc (no parse, no morphology)
the same rules run on sentences split by punctuation, with the whole sentence as the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from depeche import docattrs
from depeche.components.data import DataComponent, fill
from depeche.docattrs import doc_text
from depeche.normalise.money import find_money, find_percents
from depeche.normalise.text import fold
from depeche.records import (
    Asset,
    Condition,
    Deal,
    DealParty,
    Money,
    NewEntity,
    Source,
    Span,
    Stake,
)

# Later stages win ties between cues of equal weight.
STATUS_ORDER = [
    "rumoured",
    "proposed",
    "negotiating",
    "agreed",
    "pending",
    "approved",
    "completed",
    "abandoned",
    "blocked",
    "suspended",
]
KIND_ORDER = ["acquisition", "merger", "joint-venture", "stake", "investment", "spin-off", "partnership"]
_SPECIFIC_ROLES = {"buyer", "seller", "target", "regulator"}
_SUBJECT_ROLE = {
    "buy": "buyer",
    "bid": "buyer",
    "sell": "seller",
    "stake": "investor",
    "invest": "investor",
    "merge": "merging",
    "partner": "partner",
    "spin": "seller",
    "raise": "target",
    "join": "investor",
}
# role of an entity by (sense, side, preposition); None: not a party
_ROLES: dict[str, dict[tuple[str, str], str]] = {
    "buy": {("before", ""): "buyer", ("before", "a"): "buyer", ("before", "avec"): "buyer",
            ("after", ""): "target", ("after", "de"): "target", ("after", "dans"): "target",
            ("after", "a"): "seller", ("after", "aupres"): "seller", ("after", "par"): "buyer", ("after", "avec"): "buyer"},
    "bid": {("before", ""): "buyer", ("before", "avec"): "buyer", ("after", ""): "target", ("after", "de"): "buyer",
            ("after", "sur"): "target", ("after", "pour"): "target", ("after", "par"): "buyer", ("after", "dans"): "target"},
    "sell": {("before", ""): "seller", ("before", "avec"): "seller", ("after", ""): "target", ("after", "de"): "target",
             ("after", "a"): "buyer", ("after", "aupres"): "buyer", ("after", "par"): "seller"},
    "stake": {("before", ""): "investor", ("before", "avec"): "investor", ("after", ""): "target",
              ("after", "de"): "target", ("after", "dans"): "target", ("after", "par"): "investor", ("after", "aupres"): "seller"},
    "invest": {("before", ""): "investor", ("before", "avec"): "investor", ("after", ""): "target",
               ("after", "de"): "target", ("after", "dans"): "target", ("after", "par"): "investor"},
    "merge": {("before", ""): "merging", ("before", "avec"): "merging", ("after", ""): "merging",
              ("after", "de"): "merging", ("after", "avec"): "merging", ("after", "a"): "merging",
              ("after", "entre"): "merging"},
    "partner": {("before", ""): "partner", ("before", "a"): "partner", ("before", "avec"): "partner",
                ("after", ""): "partner", ("after", "a"): "partner", ("after", "avec"): "partner",
                ("after", "entre"): "partner", ("after", "de"): "partner"},
    "spin": {("before", ""): "seller", ("after", ""): "target", ("after", "de"): "target"},
    # « Y participent également BNP Paribas, Salesforce … »: joining the round just named
    "join": {("before", ""): "investor", ("after", ""): "investor", ("after", "coord"): "investor"},
    # « Mistral AI lève 385 millions d'euros auprès de … »: the subject is the company invested in
    "raise": {("before", ""): "target", ("after", "aupres"): "investor", ("after", "par"): "investor",
              ("after", "de"): "target", ("after", "avec"): "investor"},
}
_PREPS = [
    ("aupres", ("auprès de", "auprès d'", "auprès du", "auprès des")),
    ("source", ("selon", "d'après", "citant", "cité par", "rapporte", "révèle", "affirme")),
    ("dans", ("dans", "au capital de", "au capital d'", "au capital du", "capital de", "capital d'")),
    ("a", ("à", "au", "aux")),
    ("avec", ("avec", "aux côtés de", "aux côtés d'", "allié à", "associé à")),
    ("par", ("par",)),
    ("sur", ("sur",)),
    ("pour", ("pour",)),
    ("entre", ("entre",)),
    ("chez", ("chez", "contre", "face à", "comme")),
    ("de", ("de", "d'", "du", "des")),
]
_ATTEMPT_PAST = re.compile(r"\b(?:avai(?:t|ent)|avions|aviez|a|ont)\s+(?:déjà\s+|alors\s+|auparavant\s+)*(?:tenté|essayé|cherché)\b", re.I)
_CND_FORMS = re.compile(r"^(?:\w+rai(?:t|ent)|serai(?:t|ent)|aurai(?:t|ent))$", re.I)
_PARENT = re.compile(
    r"(?:maison|soci[ée]t[ée]|groupe|entreprise)[\s-]+m[èe]re(?:\s+[\w-]+){0,2}?\s+(?:de\s+|d['’]\s*|du\s+)|"
    r"(?:propriétaire|actionnaire\s+majoritaire|actionnaire\s+principal)\s+(?:de\s+|d['’]\s*|du\s+)",
    re.I,
)
_PERCENT_AFTER = re.compile(r"^\s*(?:de\s+|d['’]\s*)?(?:environ\s+|près\s+de\s+)?\d+(?:,\d+)?\s*(?:%|pour\s*cent)", re.I)
_UNIT_OF = re.compile(
    r"\s*,\s*(?:la\s+|l['’]\s*|une\s+|sa\s+|son\s+)?(?:filiale|branche|division|pôle|unité|activité)\b", re.I
)
_ASSET_NOUNS = (
    r"activités|activité|actifs|murs|magasins|branche|division|filiales?|pôle|opérations|parts|usines?|sites?|"
    r"portefeuille|marques?|partie|réseau|hôtels?|boutiques|restaurants|agences|licences?|brevets?|titres|"
    r"participation|catalogue|flotte|terminaux|mines?|champs?|gisements?"
)
_ASSET_WORD = re.compile(rf"^(?:{_ASSET_NOUNS})$", re.I)
_SHARE_WORDS = {"capital", "contrôle", "totalité", "reste", "majorité", "%", "pourcent", "actions", "action", "parts",
                "part", "intérêts", "groupe", "société", "entreprise", "concurrent", "rival", "spécialiste", "fabricant",
                "éditeur", "opérateur", "constructeur", "distributeur", "fonds", "start-up", "startup", "pépite", "leader",
                "numéro", "géant", "champion", "compatriote", "américain", "britannique", "français", "allemand"}
_ASSET = re.compile(
    rf"^\s*(?:de\s+|d['’]\s*|des\s+|du\s+)?"
    rf"((?:l['’]\s*|la\s+|le\s+|les\s+|ses\s+|son\s+|sa\s+|leurs?\s+|\d[\d\s,]*\s+)?(?:[\w-]+\s+)?(?:{_ASSET_NOUNS})\b"
    rf"[^,.;:()«»\"]{{0,80}}?)(?=\s+(?:à|au|aux|pour|par|auprès|en|dans|sous|avec|afin)\s|\s*[,.;:()«»\"]|\s*$)",
    re.I,
)
_NEW_ENTITY = re.compile(
    r"\b(?:une?|la|le|l['’])\s+(?:nouvel(?:le)?\s+)?(?:entité|société|structure|co-?entreprise|filiale|holding|"
    r"compagnie|entreprise|groupe|coentreprise|joint-venture|marque)\s+(?:(?:baptisée?|nommée?|appelée?|dénommée?)\s+)?"
    r"«?\s*((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|\d+))*)"
)
_NAMED_ENTITY = re.compile(
    r"\b(?:baptisée?s?|nommée?s?|dénommée?s?|sous\s+le\s+nom\s+de|naissance\s+à)\s+«?\s*"
    r"((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|\d+))*)"
    r"|((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)\s+(?:voit|verra|a\s+vu|vient\s+de\s+voir)\s+le\s+jour"
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
# verbs whose subject receives a deal rather than makes it (« accepter / rejeter l'offre »)
# (stems: the pipeline has no lemmatizer)
_RECEIVING_VERBS = re.compile(r"^(?:accept|rejet|rejett|refus|repouss|déclin|examin|étudi|reçu|recev|reçoi|approuv|valid)", re.I)
# « une offre publique d'achat sur le reste du capital »: a later deal for the shares a first one left
_REST_OF_CAPITAL = re.compile(
    r"^\s*(?:d['’]\s*(?:achat|échange)\s+|de\s+rachat\s+)?(?:sur|de|pour|du|d['’])\s*(?:le\s+reste|le\s+solde|la\s+totalité|l['’]\s*intégralité|les\s+\d+(?:,\d+)?\s*%\s+restants)\s+(?:du\s+capital|des\s+actions|des\s+titres)",
    re.I,
)
# « l'offre améliorée de Veolia portant sur 29,9 % du capital »: a bid for a stake
_BID_ON_PERCENT = re.compile(r"^(?:\s+[\w'’-]+){0,5}?\s+(?:portant\s+sur|pour|visant)\s+(?:environ\s+)?\d+(?:,\d+)?\s*(?:%|pour\s*cent)\s+(?:du\s+capital|des\s+actions|des\s+parts)", re.I)
_HELD_BY = re.compile(r"\bdétenu(?:e|s|es)?\s+(?:jusqu['’]\s*(?:ici|alors)\s+|jusque-là\s+)?par\s+(?:\S+\s+){0,3}$", re.I)
# « le rachat, en décembre, de la participation de … »: buying a stake
_OF_STAKE = re.compile(r"^\s*(?:,[^,.;]{0,40},\s*)?(?:(?:de|d['’])\s*)?(?:la|sa|leur|une|cette)\s+participation\b", re.I)
_NOT_STATE_AFTER = {"islamique", "civil", "major", "providence", "hébreu", "membre", "membres", "fédéré", "fédérés"}
_PER_SHARE = re.compile(r"^\s*(?:par|l['’])\s*(?:action|titre)", re.I)
_PREP_WORDS = {form for _, forms in _PREPS for form in forms if " " not in form}
_OFFICIAL_TITLES = ("ministre", "president de la republique", "porte-parole", "juge", "depute", "senateur", "maire",
                    "commissaire", "secretaire d'etat", "gouverneur", "premier ministre", "chancelier")
_BOUNDARIES = {"que", "qu'", "qu’", "qui", "alors", "tandis", "lorsque", "quand", "car", "mais", ";", ":", "dont", "puisque"}
_NEGATIONS = {"pas", "jamais", "plus", "guère", "nullement"}
_SOURCE_NOUNS = {"agence", "quotidien", "journal", "hebdomadaire", "magazine", "site", "révélé", "rapporté", "selon"}
_NAME_AFTER = re.compile(r"\s+(?:de\s+|d['’]\s*|du\s+)?(?:l['’]\s*)?((?:[A-Z][\w&'’.-]*)(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*)*)")
_DESCRIPTION = re.compile(r"en\s+tant\s+que\s+(respectivement\s+)?«?\s*([^,.;:»()]{3,80})", re.I)
_DETERMINERS = {"son", "sa", "ses", "leur", "leurs", "une", "un", "l'", "l’", "la", "le", "les", "cette", "cet", "ce", "nouvelle", "nouvel"}
_DEFINITE = {"le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces", "tel", "telle", "leur", "leurs", "son", "sa", "ses"}


@dataclass
class _Entity:
    start: int  # char offsets
    end: int
    name: str
    ident: str
    ref: str | None
    kind: str | None
    tok_start: int = 0
    tok_end: int = 0


@dataclass
class _Mention:
    start_tok: int
    end_tok: int
    entry: dict
    sent: int
    clause: int
    parties: list[tuple[str, _Entity]] = field(default_factory=list)
    past: bool = False
    cues: list[tuple[str, float]] = field(default_factory=list)
    asset: tuple[int, int] | None = None
    anaphor: bool = False
    context: set[str] = field(default_factory=set)
    rest: bool = False  # bids for the rest of the capital (a later deal than the stake before it)

    @property
    def weak(self) -> bool:
        return bool(self.entry.get("weak"))

    def idents(self) -> set[str]:
        return {e.ident for _, e in self.parties}

    def targets(self) -> set[str]:
        return {e.ident for r, e in self.parties if r == "target"}

    def target_names(self) -> set[str]:
        return {fold(e.name) for r, e in self.parties if r == "target"}


def _complementary(a: _Mention, b: _Mention) -> bool:
    """One mention names only the target, the other only the other side."""
    roles_a = {r for r, _ in a.parties}
    roles_b = {r for r, _ in b.parties}
    return (roles_a == {"target"} and roles_b and "target" not in roles_b) or (
        roles_b == {"target"} and roles_a and "target" not in roles_a
    )


def _names_meet(a: set[str], b: set[str]) -> bool:
    """« Tiffany » and « Tiffany & Co », « Bombardier » and « Bombardier Transport » may be the same target."""
    return any(x == y or x.startswith(y + " ") or y.startswith(x + " ") for x in a for y in b)


def _key(name: str) -> str:
    """A name key for entities without an id: folded, without spaces, doubled letters collapsed."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z0-9]", "", fold(name)))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of `text`: cut at line breaks and at . ! ? … followed by a
    space (or nothing) and an upper-case letter, a quote or a digit; spaces trimmed."""
    bounds: list[tuple[int, int]] = []
    cut = re.compile(r"\n+|(?<=[.!?…])[\"»”)]*(?:\s+|(?=[A-ZÀ-Ý]))(?=[\"«“A-ZÀ-Ý0-9])")
    start = 0
    for m in cut.finditer(text):
        bounds.append((start, m.start() if m.group(0).startswith("\n") else m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    result = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


_ALWAYS = re.compile("")  # matches every string: no shortcut


class _Gate:
    """Where in a Doc a match of a Matcher can lie, when its pattern tokens test only LOWER or TEXT
    (a string, IN or REGEX) or IS_TITLE (any OP but "!"), or are wildcards `{}` that match one token
    at most: each token of a match passes one of those tests, or is one of the at most `gap`
    tokens a wildcard takes, so the matches lie within the runs of consecutive tokens that pass one
    (runs `gap` tokens apart or less joined); and a run holds a match of a pattern only if it has,
    for each token of the pattern that is not optional, a token that passes its test. The Matcher
    then runs on those runs only (offsets stay the Doc's), not on every token with every REGEX of
    every pattern: the same matches, a fraction of the work. `usable` is False when a pattern tests
    anything else (the Matcher then runs on the whole Doc)."""

    _MAX_CACHE = 200_000

    def __init__(self, patterns: list[list[dict]]):
        # one test per pattern token: (attr, words, regexes) for LOWER / TEXT, ("IS_TITLE", ...) for IS_TITLE
        self.tests: list[tuple[str, set[str], list[re.Pattern]]] = []
        self.required: list[int] = []  # per pattern: the bits of the tests of its tokens that are not optional
        self.gap = 0
        self.usable = True
        for pattern in patterns:
            wildcards, required = 0, 0
            for spec in pattern:
                op = spec.get("OP")
                keys = set(spec) - {"OP"}
                if op == "!" or keys - {"LOWER", "TEXT", "IS_TITLE"}:
                    self.usable = False
                    continue
                if not keys:
                    if op not in (None, "?"):
                        self.usable = False  # « {} * »: a match may span anything
                    wildcards += 1
                    continue
                bits = 0
                for attr in sorted(keys):
                    value = spec[attr]
                    words: set[str] = set()
                    regexes: list[re.Pattern] = []
                    if attr == "IS_TITLE":
                        if value is not True:
                            self.usable = False
                    elif isinstance(value, str):
                        words.add(value)
                    elif isinstance(value, dict):
                        for pred, arg in value.items():
                            if pred == "REGEX" and isinstance(arg, str):
                                regexes.append(re.compile(arg))  # as spaCy's _RegexPredicate: re.search
                            elif pred == "IN" and all(isinstance(a, str) for a in arg):
                                words.update(arg)
                            else:
                                self.usable = False
                    else:
                        self.usable = False
                    bits |= 1 << len(self.tests)
                    self.tests.append((attr, words, regexes))
                if op in (None, "+"):
                    # a token the match must have: one of its tests passes on it (they are ANDed: any will do)
                    required |= bits & -bits
            self.gap = max(self.gap, wildcards)
            self.required.append(required)
        self._passes: dict[int, int] = {}  # ORTH hash -> bits of the tests it passes
        self._completes: dict[int, bool] = {}  # bits seen in a run -> _complete (few distinct values)
        # most words pass no test: one set and one alternation of all the REGEXes per attribute tell so at once
        self._any: dict[str, tuple[set[str], re.Pattern | None]] = {}
        for attr in ("LOWER", "TEXT"):
            words = set().union(*(w for a, w, _ in self.tests if a == attr))
            sources = [r.pattern for a, _, rs in self.tests if a == attr for r in rs]
            joined = None
            if sources and not any(re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", r) for r in sources):
                try:
                    joined = re.compile("|".join(f"(?:{r})" for r in sources))
                except re.error:
                    joined = None
            self._any[attr] = (words, joined if joined is not None or not sources else _ALWAYS)
        self._title = any(attr == "IS_TITLE" for attr, _, _ in self.tests)

    def _test(self, text: str, lower: str) -> int:
        if not (self._title and text.istitle()):
            words, joined = self._any["LOWER"]
            if lower not in words and (joined is None or not joined.search(lower)):
                words, joined = self._any["TEXT"]
                if text not in words and (joined is None or not joined.search(text)):
                    return 0
        bits = 0
        for k, (attr, words, regexes) in enumerate(self.tests):
            value = lower if attr == "LOWER" else text
            if attr == "IS_TITLE" and text.istitle() or value in words or any(r.search(value) for r in regexes):
                bits |= 1 << k
        return bits

    def runs(self, doc: Doc) -> list[tuple[int, int]]:
        """The runs of tokens where a match can lie, in order."""
        passes, strings = self._passes, doc.vocab.strings
        if len(passes) > self._MAX_CACHE:
            passes.clear()
        runs: list[list[int]] = []  # [start, end, bits passed in it]
        start, seen = -1, 0
        for i, (orth, lower) in enumerate(doc.to_array(["ORTH", "LOWER"]).tolist()):
            bits = passes.get(orth)
            if bits is None:
                bits = passes[orth] = self._test(strings[orth], strings[lower])
            if bits:
                if start < 0:
                    start, seen = i, 0
                seen |= bits
            elif start >= 0:
                self._close(runs, start, i, seen)
                start = -1
        if start >= 0:
            self._close(runs, start, len(doc), seen)
        return [(s, e) for s, e, seen in runs if self._complete(seen)]

    def _complete(self, seen: int) -> bool:
        """Whether tokens passing the tests in `seen` can hold every required token of some pattern."""
        known = self._completes.get(seen)
        if known is None:
            known = self._completes[seen] = any(req & seen == req for req in self.required)
        return known

    def _close(self, runs: list[list[int]], start: int, end: int, seen: int) -> None:
        if runs and start - runs[-1][1] <= self.gap:
            runs[-1][1] = end
            runs[-1][2] |= seen
        else:
            runs.append([start, end, seen])


def _matches(matcher: Matcher, gate: _Gate, doc: Doc) -> list[tuple[int, int, int]]:
    """`matcher(doc)`, run only over the runs of tokens `gate` lets through when it can."""
    if not gate.usable:
        return matcher(doc)
    found: list[tuple[int, int, int]] = []
    for start, end in gate.runs(doc):
        # on a Span, the Matcher gives offsets in the Span
        found.extend((match_id, start + s, start + e) for match_id, s, e in matcher(doc[start:end]))
    return found


class DealsComponent(DataComponent):
    """Finds deals in a Doc and stores them, as `records.Deal`, in `doc._.deals`."""

    def __init__(self, nlp: Language, name: str = "depeche_deals", *, max_gap: int, antecedent_sentences: int):
        self.nlp = nlp
        self.name = name
        self.max_gap = max_gap
        self.antecedent_sentences = antecedent_sentences
        self.triggers: list[dict] = []
        self.negatives: list[dict] = []
        self.cues: list[dict] = []
        self._build()

    # --- data ---------------------------------------------------------------------

    factory = "depeche_deals"
    data_files = {"triggers": "jsonl", "negatives": "jsonl", "cues": "jsonl"}

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        triggers: Iterable[dict] | None = None,
        negatives: Iterable[dict] | None = None,
        cues: Iterable[dict] | None = None,
    ) -> None:
        """Load the lexicons (lists of dicts, e.g. from `srsly.read_jsonl`); each one not given is read
        from depeche's shipped data (`components.data.shipped`)."""
        data = fill(self.factory, {"triggers": triggers, "negatives": negatives, "cues": cues})
        self.triggers = list(data["triggers"])
        self.negatives = list(data["negatives"])
        self.cues = list(data["cues"])
        self._loaded()

    def serializers(self):
        def put(part):
            def put_part(value):
                setattr(self, part, list(value))

            return put_part

        return {part: (lambda part=part: getattr(self, part), put(part)) for part in ("triggers", "negatives", "cues")}

    def _rebuild(self) -> None:
        self._build()

    def _build(self) -> None:
        vocab = self.nlp.vocab
        self._trigger_matcher = Matcher(vocab)
        self._negative_matcher = Matcher(vocab)
        self._cue_matcher = Matcher(vocab)
        for i, entry in enumerate(self.triggers):
            self._trigger_matcher.add(f"T{i}", [entry["pattern"]])
        for i, entry in enumerate(self.negatives):
            self._negative_matcher.add(f"N{i}", [entry["pattern"]])
        for i, entry in enumerate(self.cues):
            self._cue_matcher.add(f"C{i}", [entry["pattern"]])
        self._trigger_gate = _Gate([entry["pattern"] for entry in self.triggers])
        self._negative_gate = _Gate([entry["pattern"] for entry in self.negatives])
        self._cue_gate = _Gate([entry["pattern"] for entry in self.cues])

    # --- the work -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        deals = docattrs.get(doc, "deals")
        if not self.triggers or not len(doc):
            return doc
        try:
            deals.extend(self.find(doc))
        except Exception as err:  # a bad article must not stop a batch
            docattrs.warn(doc, f"depeche_deals: {type(err).__name__}: {err}")
        return doc

    def find(self, doc: Doc) -> list[Deal]:
        text = self._text = doc_text(doc)  # Doc.text re-joins every token on each access: read it once
        self._parsed = doc.has_annotation("DEP")
        self._morph = doc.has_annotation("MORPH")
        self._pos = doc.has_annotation("POS")
        sents = split_sentences(text)
        self._sents = sents
        self._tok_sent = self._token_sentences(doc, sents)
        self._cue_matches = _matches(self._cue_matcher, self._cue_gate, doc)  # once: for states and cues
        entities = self._entities(doc)
        new_entities = self._new_entities(text, sents)
        new_names = {fold(name) for _, _, name in new_entities}
        # a company the deal creates (« Stellantis voit le jour ») is no party to it
        entities = [e for e in entities if not any(s <= e.start < t for s, t, _ in new_entities) and fold(e.name) not in new_names]
        self._entities_list = entities

        negative_tokens = set()
        for _, s, e in _matches(self._negative_matcher, self._negative_gate, doc):
            negative_tokens.update(range(s, e))
        entity_tokens = {i for ent in entities for i in range(ent.tok_start, ent.tok_end)}
        entity_tokens |= {tok.i for s, t, _ in new_entities for tok in doc.char_span(s, t, alignment_mode="expand") or []}

        mentions: list[_Mention] = []
        taken: set[int] = set()
        matches = sorted(_matches(self._trigger_matcher, self._trigger_gate, doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, s, e in matches:
            entry = self.triggers[int(doc.vocab.strings[match_id][1:])]
            toks = set(range(s, e))
            if toks & taken or toks & negative_tokens or toks & entity_tokens:
                continue
            if self._pos and entry.get("pos") and e - s == 1 and doc[s].pos_ not in entry["pos"]:
                # a noun the tagger took for a verb after a determiner (« prépare son offre »)
                if not ("NOUN" in entry["pos"] and s > 0 and doc[s - 1].lower_ in _DETERMINERS):
                    continue
            if entry.get("money_after"):
                # « propose 3,2 milliards de livres », not « propose une revalorisation de 183 euros »
                money = find_money(text[doc[s + 1].idx : doc[s + 1].idx + 80])
                if not money or money[0].start != 0:
                    continue
            if self._pos and doc[s].pos_ in ("VERB", "ADJ") and doc[s].dep_ == "acl" and "Part" in doc[s].morph.get("VerbForm"):
                continue  # a participle used as an adjective: « 20 000 exemplaires vendus », « l'expertise acquise »
            taken |= toks
            sent = self._tok_sent[s]
            if sent < 0:
                continue
            mentions.append(_Mention(s, e, entry, sent, self._clause(doc, s, sent)))

        # cues
        cue_spans = []
        for match_id, s, e in self._cue_matches:
            entry = self.cues[int(doc.vocab.strings[match_id][1:])]
            cue_spans.append((s, e, entry))
        cue_spans.sort(key=lambda c: (c[0], -(c[1] - c[0])))

        multi = {}
        for m in mentions:
            multi.setdefault(m.sent, set()).add(m.clause)
        for m in mentions:
            # the trigger's own clause when its sentence has triggers in several clauses
            restrict = self._parsed and len(multi[m.sent]) > 1
            self._assign_parties(doc, m, entities, restrict)
            m.past = self._is_past(doc, m, restrict)
        for m in mentions:
            after = text[doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text) :][:40]
            if m.entry["kind"] == "acquisition" and (
                (m.entry["sense"] == "buy" and (_PERCENT_AFTER.match(after) or _OF_STAKE.match(text[doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text) :][:80])))
                or (m.entry["sense"] == "bid" and _BID_ON_PERCENT.match(text[doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text) :][:80]))
            ):
                m.entry = {**m.entry, "kind": "stake"}  # « acquiert 29,9 % du capital de Suez »
            m.rest = m.entry["kind"] == "acquisition" and bool(_REST_OF_CAPITAL.match(text[doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text) :][:90]))
            self._name_target(doc, m)
            self._antecedent(doc, m, entities)
        mentions = [m for m in mentions if self._enough(m)]
        for m in mentions:
            m.cues = self._mention_cues(doc, m, cue_spans, negative_tokens, taken)
            m.asset = self._asset(doc, m)

        for k, m in enumerate(mentions):
            trig = doc[m.start_tok]
            if self._pos and trig.pos_ != "NOUN" or m.targets():
                continue
            before = doc[m.start_tok - 1].lower_ if m.start_tok else ""
            if before not in ("le", "la", "l'", "l’", "au", "du", "cette", "ce", "cet", "ce", "leur", "son", "sa"):
                continue
            if any(e.tok_start >= m.end_tok for _, e in m.parties):
                continue
            earlier = [p for p in mentions[:k] if p.sent < m.sent and not p.past and p.entry["kind"] == m.entry["kind"]]
            if earlier:
                m.parties = []
                m.context = {earlier[-1].start_tok}
        clusters = self._cluster(mentions)
        anaphors = self._anaphors(doc, cue_spans, taken, mentions, entities, negative_tokens)
        deals: list[Deal] = []
        built = []
        for cluster in clusters:
            if all(m.weak for m in cluster):
                continue
            sides = {e.ident for m in cluster for r, e in m.parties if r != "regulator"}
            priced = any(find_money(text[slice(*self._sents[m.sent])]) for m in cluster)
            if len(sides) < 2 and not (sides and priced):
                continue
            built.append(cluster)
        # anaphors join the deal whose parties they name, else the last current deal when definite
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
        built.sort(key=lambda c: min(m.sent for m in c))
        parents = self._parents(text, entities)
        # a sentence speaking of approval belongs to the last current deal named before it (else the first)
        approval_sents = {self._tok_sent[s] for s, e, entry in cue_spans if entry.get("status") in ("approved", "blocked", "pending")}
        homes: dict[int, set[int]] = {}
        current = [k for k, c in enumerate(built) if not any(m.past for m in c)]
        for sent in approval_sents:
            before = [k for k in current if min(m.sent for m in built[k]) <= sent]
            home = before[-1] if before else (current[0] if current else None)
            if home is not None:
                homes.setdefault(home, set()).add(sent)
        for k, cluster in enumerate(built):
            deal = self._deal(doc, cluster, len(deals) + 1, parents, new_entities, cue_spans, homes.get(k, set()))
            if deal is not None:
                deals.append(deal)
        return deals

    # --- pieces -------------------------------------------------------------------

    def _token_sentences(self, doc: Doc, sents: list[tuple[int, int]]) -> list[int]:
        """The index in `sents` (sorted, disjoint char ranges) of the one holding each token's start, or -1."""
        if not sents:
            return [-1] * len(doc)
        idx = doc.to_array("IDX")
        starts = numpy.fromiter((s for s, _ in sents), dtype=idx.dtype, count=len(sents))
        ends = numpy.fromiter((e for _, e in sents), dtype=idx.dtype, count=len(sents))
        j = numpy.searchsorted(ends, idx, side="right")  # the first sentence ending after the token's start
        inside = j < len(sents)
        inside[inside] &= starts[j[inside]] <= idx[inside]
        return numpy.where(inside, j, -1).tolist()

    def _entities(self, doc: Doc) -> list[_Entity]:
        found: list[_Entity] = []
        for org in docattrs.get(doc, "organisations"):
            for m in org.mentions:
                found.append(_Entity(m.start, m.end, org.name, org.id, org.id, org.kind))
        org_kinds = {org.id: org.kind for org in docattrs.get(doc, "organisations")}
        officials = set()
        for person in docattrs.get(doc, "people"):
            for role in person.roles:
                title = fold(role.title)
                if org_kinds.get(role.organisation or "") in ("government", "regulator", "court") or any(
                    word in title for word in _OFFICIAL_TITLES
                ):
                    officials.add(person.id)
        for person in docattrs.get(doc, "people"):
            kind = "official" if person.id in officials else "person"
            for m in person.mentions:
                found.append(_Entity(m.start, m.end, person.name, person.id, person.id, kind))
        if not found:
            for ent in doc.ents:
                if ent.label_ in ("ORG", "PER", "MISC") and ent.text[:1].isupper():
                    found.append(_Entity(ent.start_char, ent.end_char, ent.text, _key(ent.text), None,
                                         "person" if ent.label_ == "PER" else None))
        # names (and aliases) the earlier components know, wherever else they occur in the text
        known: dict[str, _Entity] = {}
        for org in docattrs.get(doc, "organisations"):
            for name in (org.name, *org.aliases):
                known.setdefault(name, _Entity(0, 0, org.name, org.id, org.id, org.kind))
        for person in docattrs.get(doc, "people"):
            kind = "official" if person.id in officials else "person"
            for name in (person.name, *person.aliases):
                known.setdefault(name, _Entity(0, 0, person.name, person.id, person.id, kind))
        for name, proto in known.items():
            if len(name) < 2 or not name[:1].isupper():
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", self._text):
                found.append(_Entity(match.start(), match.end(), proto.name, proto.ident, proto.ref, proto.kind))
        found.extend(self._states(doc))
        found.sort(key=lambda e: (e.start, -(e.end - e.start)))
        result: list[_Entity] = []
        for ent in found:
            if result and ent.start < result[-1].end:
                continue
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            ent.tok_start, ent.tok_end = span.start, span.end
            result.append(ent)
        return result

    def _states(self, doc: Doc) -> list[_Entity]:
        """States as parties (« l'État », « le gouvernement français », « le royaume de Bahreïn »), from the
        cue lexicon's `state` entries: no component names them, yet states buy, sell and invest. ref null."""
        found = []
        for match_id, s, e in self._cue_matches:
            if self.cues[int(doc.vocab.strings[match_id][1:])].get("class") != "state":
                continue
            nxt = doc[e].lower_ if e < len(doc) else ""
            if nxt in _NOT_STATE_AFTER or (nxt in ("de", "d'", "d’") and e + 1 < len(doc) and doc[e + 1].lower_ in ("droit", "urgence", "siège")):
                continue  # « l'État islamique », « l'État de droit », « l'état d'urgence »
            span = doc[s + 1 : e]  # without its determiner
            found.append(_Entity(span.start_char, span.end_char, span.text, _key(span.text), None, "state"))
        return found

    def _new_entities(self, text: str, sents) -> list[tuple[int, int, str]]:
        found = []
        for pattern in (_NEW_ENTITY, _NAMED_ENTITY):
            for m in pattern.finditer(text):
                group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g))
                if not any(a <= m.start(group) < b for a, b, _ in found):
                    found.append((m.start(group), m.end(group), m.group(group)))
        return sorted(found)

    def _clause(self, doc: Doc, i: int, sent: int) -> int:
        """The clause head of token i (its nearest finite or coordinated verb ancestor in its sentence)."""
        if not self._parsed:
            return -1
        tok = doc[i]
        for _ in range(50):
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "acl:relcl", "parataxis", "csubj"):
                return tok.i
            head = tok.head
            if head.i == tok.i or self._tok_sent[head.i] != sent:
                return tok.i
            tok = head
        return tok.i

    def _prep(self, doc: Doc, start_tok: int, lower_bound: int, first_in_gap: bool) -> str:
        """The preposition class before token `start_tok`, looking back to `lower_bound`."""
        words = [t.lower_.replace("’", "'") for t in doc[max(lower_bound, start_tok - self.max_gap) : start_tok]]
        if not words:
            return "coord"  # right after the previous name (« Google DeepMind »): its preposition still holds
        gap = " ".join(words)
        if all(w in (",", "et", "ou", "ainsi", "que") for w in words):
            return "coord"
        joined = " " + gap.replace("d' ", "d'").replace("' ", "'") + " "
        if first_in_gap and _HELD_BY.search(joined):
            return "aupres"  # « la participation de 17,9 % détenue par le fonds X »: the holder sells
        if first_in_gap:
            # a preposition right before the entity (past determiners and adjectives) wins:
            # « le rachat d'Arm par l'américain Nvidia »
            k, skipped = start_tok - 1, 0
            while k >= max(lower_bound, 0) and (
                doc[k].pos_ in ("DET", "ADJ")
                or doc[k].lower_ in _DETERMINERS
                # no tagger: one lower-case word that is no preposition may be an adjective (« l'américain »)
                or (not self._pos and skipped < 1 and doc[k].is_alpha and doc[k].is_lower and doc[k].lower_ not in _PREP_WORDS)
            ):
                skipped += 0 if doc[k].lower_ in _DETERMINERS else 1
                k -= 1
            if k >= max(lower_bound, 0):
                word = doc[k].lower_.replace("’", "'")
                if word in ("de", "d'", "du", "des") and k > 0 and doc[k - 1].lower_ == "auprès":
                    return "aupres"
                if word in ("de", "d'", "du", "des") and k > 1 and doc[k - 1].lower_ == "part" and doc[k - 2].lower_ == "la" and k > 2 and doc[k - 3].lower_ == "de":
                    return "par"  # « un investissement … de la part de l'État du Golfe »
                if word in ("de", "d'", "du", "des") and k > 0 and doc[k - 1].lower_ == "capital":
                    return "dans"  # « portant sur 29,9 % du capital de Suez »: the company whose shares change hands
                for cls, forms in _PREPS:
                    if word in forms or (cls == "source" and word in _SOURCE_NOUNS):
                        return cls
            if " auprès " in joined:
                return "aupres"
            # else the first preposition after the trigger
            best = None
            for cls, forms in _PREPS:
                for form in forms:
                    pos = joined.find(" " + form + " ") if not form.endswith("'") else joined.find(" " + form)
                    if pos >= 0 and (best is None or pos < best[0] or (pos == best[0] and len(form) > best[2])):
                        best = (pos, cls, len(form))
            return best[1] if best else ""
        tail = " ".join(words[-3:])
        tail = " " + tail.replace("d' ", "d'").replace("' ", "'") + " "
        best = None
        for cls, forms in _PREPS:
            for form in forms:
                pos = tail.rfind(" " + form + " ") if not form.endswith("'") else tail.rfind(" " + form)
                if pos >= 0 and (best is None or pos > best[0]):
                    best = (pos, cls)
        return best[1] if best else ""

    def _assign_parties(self, doc: Doc, m: _Mention, entities: list[_Entity], restrict: bool) -> None:
        sense = m.entry["sense"]
        roles = _ROLES[sense]
        sent_start, sent_end = self._sents[m.sent]
        in_sent = [e for e in entities if sent_start <= e.start and e.end <= sent_end]
        if restrict:
            in_sent = [e for e in in_sent if self._clause(doc, e.tok_end - 1, m.sent) == m.clause]
        sent_tok0 = next((t.i for t in doc if self._tok_sent[t.i] == m.sent), m.start_tok)
        # on the subject side, only what follows the last clause boundary (« alors que », « qui », « ; »)
        boundary = max((t.i for t in doc[sent_tok0 : m.start_tok] if t.lower_ in _BOUNDARIES), default=-1)
        before = [e for e in in_sent if e.tok_end <= m.start_tok and e.tok_start > boundary]
        after = [e for e in in_sent if e.tok_start >= m.end_tok]
        prev_prep = ""
        prev_end = sent_tok0
        for e in before:
            prep = self._prep(doc, e.tok_start, prev_end, False)
            if prep == "coord":
                # « de X, Y et Z seraient devenus … »: a comma ends a complement on the subject side
                comma = any(t.text == "," for t in doc[prev_end : e.tok_start])
                prep = "" if comma else prev_prep
            prev_prep, prev_end = prep, e.tok_end
            role = roles.get(("before", prep))
            if role and prep != "source" and self._fits(e, role, prep):
                m.parties.append((role, e))
        prev_prep = ""
        prev_end = m.end_tok
        for k, e in enumerate(after):
            if e.tok_start - prev_end > self.max_gap:
                break
            prep = self._prep(doc, e.tok_start, prev_end, True)
            if prep == "coord":
                prep = prev_prep
            prev_prep, prev_end = prep, e.tok_end
            role = roles.get(("after", prep))
            if m.entry["sense"] == "join" and prep not in ("source", "de"):
                role = "investor"  # « Y participent BNP Paribas, l'éditeur Salesforce, ainsi que Bpifrance »
            if role == "target" and k == 0 and self._object_noun_between(doc, m, e):
                continue  # « acquérir des esquisses de l'Abarth 595 »: the thing bought is the noun
            if role and self._fits(e, role, prep):
                m.parties.append((role, e))
        # the same entity twice in one mention: keep its first role
        seen, kept = set(), []
        for role, e in m.parties:
            if e.ident not in seen:
                seen.add(e.ident)
                kept.append((role, e))
        m.parties = kept

    def _object_noun_between(self, doc: Doc, m: _Mention, e: _Entity) -> bool:
        """A verbal trigger whose object is a common noun that is no share or business of the entity after it."""
        if not self._pos or doc[m.end_tok - 1].pos_ not in ("VERB", "AUX") or m.entry["sense"] not in ("buy", "sell", "bid"):
            return False
        for tok in doc[m.end_tok : e.tok_start]:
            if tok.pos_ == "NOUN" and not _ASSET_WORD.match(tok.lower_) and tok.lower_ not in _SHARE_WORDS:
                return True
        return False

    @staticmethod
    def _fits(e: _Entity, role: str, prep: str) -> bool:
        if e.kind in ("regulator", "court", "official"):
            return False  # they approve or block deals (regulators are added in `_deal`); ministers, judges comment
        if e.kind == "government" and role in ("buyer", "investor") and prep:
            return False  # « aux États-Unis », « à Bruxelles »: a place, not a buyer
        if e.kind == "person" and role not in ("buyer", "investor", "seller"):
            return False  # people buy and sell; they are not bought, merged or partnered
        return True

    def _name_target(self, doc: Doc, m: _Mention) -> None:
        """« rachète Twitter », « le rachat d'Arm »: a capitalised name right after the trigger that no
        earlier component took for an organisation is the target (with no ref)."""
        if m.entry["sense"] not in ("buy", "sell", "bid") or m.targets():
            return
        end = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text)
        match = _NAME_AFTER.match(self._text, end, self._sents[m.sent][1])
        if not match:
            return
        start, stop = match.start(1), match.end(1)
        if any(e.start < stop and start < e.end for e in self._entities_list):
            return
        span = doc.char_span(start, stop, alignment_mode="expand")
        if span is None:
            return
        name = match.group(1)
        m.parties.append(("target", _Entity(start, stop, name, _key(name), None, None, span.start, span.end)))

    def _enough(self, m: _Mention) -> bool:
        if not m.parties:
            return False
        if m.entry.get("strict"):
            if m.entry["sense"] in ("buy", "sell", "bid"):
                return bool(m.targets())  # « vendre des produits », « reprendre une politique »: nothing changes hands
            firms = {e.ident for _, e in m.parties if e.kind != "person"}
            return len(firms) >= 2 or bool(m.targets())
        return True

    def _antecedent(self, doc: Doc, m: _Mention, entities: list[_Entity]) -> None:
        """A verbal trigger whose subject is not a named entity (« Le géant … avait tenté de racheter »)
        takes the last entity named in the previous sentences."""
        span = doc[m.start_tok : m.end_tok]
        # the verb of the trigger, else the noun phrase's own head (« offre » in « offre publique »)
        trigger = next((t for t in span if t.pos_ in ("VERB", "AUX")), None)
        if trigger is None:
            trigger = next((t for t in span if not m.start_tok <= t.head.i < m.end_tok or t.head.i == t.i), doc[m.end_tok - 1]) if self._parsed else doc[m.end_tok - 1]
        noun = self._pos and trigger.pos_ not in ("VERB", "AUX")
        if noun and not self._parsed:
            return
        if noun and not (trigger.dep_ in ("obj", "nsubj:pass") and trigger.head.pos_ in ("VERB", "AUX")):
            return  # a noun takes the subject of the verb it is the object of (« a bouclé une levée de fonds »), only
        if noun and _RECEIVING_VERBS.match(trigger.head.lower_):
            return  # « le conseil d'Engie a accepté l'offre de Veolia »: who accepts or rejects an offer does not make it
        subject_role = _SUBJECT_ROLE[m.entry["sense"]]
        if m.entry["sense"] == "join":
            return  # « Y participent X, Y »: the subject follows the verb
        bare = [e for r, e in m.parties if e.tok_end <= m.start_tok and r == subject_role]
        if bare and any(self._prep(doc, e.tok_start, e.tok_start - 3, False) in ("", "coord") for e in bare):
            return
        idents = m.idents()
        if self._parsed:
            if noun:  # only the subject of the verb the noun is the object of (« a annoncé avoir bouclé une levée »)
                verb = trigger.head
                while verb.dep_ == "xcomp" and not any(c.dep_.startswith("nsubj") for c in verb.children) and verb.head.i != verb.i:
                    verb = verb.head
                subject = [t.i for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") for t in c.subtree]
                if not subject:
                    return
            else:
                subject = self._subject(doc, m.start_tok, m.sent)
            named = [e for e in entities if subject and e.tok_start <= max(subject) and min(subject) < e.tok_end]
            named = [e for e in named if e.ident not in idents and self._fits(e, subject_role, "")]
            if subject and not named and not any(e.tok_start <= max(subject) and min(subject) < e.tok_end for e in entities):
                propn = [i for i in subject if doc[i].pos_ == "PROPN" or (doc[i].text[:1].isupper() and i > min(subject) and doc[i].pos_ != "DET")]
                if propn and max(propn) - min(propn) < 5:
                    span = doc[min(propn) : max(propn) + 1]
                    named = [_Entity(span.start_char, span.end_char, span.text, _key(span.text), None, None, span.start, span.end)]
            if not named and len(subject) == 1 and doc[subject[0]].lower_ in ("il", "elle"):
                # « Vivendi a fait savoir qu'il était prêt à céder Editis »: « il » is the subject said before it
                sent_tok0 = next((t.i for t in doc if self._tok_sent[t.i] == m.sent), subject[0])
                named = [
                    e for e in entities
                    if sent_tok0 <= e.tok_start and e.tok_end <= subject[0] and e.ident not in idents
                    and any(doc[k].dep_ == "nsubj" for k in range(e.tok_start, e.tok_end)) and self._fits(e, subject_role, "")
                ][-1:]
            if named:
                for e in reversed(named):
                    m.parties.insert(0, (subject_role, e))
                return
        sent_start = self._sents[m.sent][0]
        window_start = self._sents[max(0, m.sent - self.antecedent_sentences)][0]
        for e in reversed(entities):
            if e.end <= sent_start and e.start >= window_start and e.ident not in idents and e.kind not in ("media", "person"):
                m.parties.insert(0, (subject_role, e))
                return

    def _subject(self, doc: Doc, i: int, sent: int) -> list[int]:
        """The token indices of the subject of the verb governing token i (through infinitives,
        gerunds and coordinated verbs), or [] when there is none in the sentence."""
        tok = doc[i]
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "cop" for c in tok.children):
                # a verb, or an adjective with its copula (« il était prêt à céder »)
                for child in tok.children:
                    if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
                        return [t.i for t in child.subtree if self._tok_sent[t.i] == sent]
            head = tok.head
            if head.i == tok.i or self._tok_sent[head.i] != sent:
                return []
            tok = head
        return []

    def _is_past(self, doc: Doc, m: _Mention, restrict: bool) -> bool:
        """A past attempt: « avait déjà tenté de … racheter » in the mention's clause."""
        sent_start = self._sents[m.sent][0]
        start = sent_start
        if restrict:
            clause_toks = [t.i for t in doc if self._tok_sent[t.i] == m.sent and self._clause(doc, t.i, m.sent) == m.clause]
            start = doc[min(clause_toks)].idx if clause_toks else sent_start
        else:
            start = max(sent_start, doc[max(0, m.start_tok - 10)].idx)
        before = self._text[start : doc[m.start_tok].idx]
        return bool(_ATTEMPT_PAST.search(before))

    def _governor(self, doc: Doc, i: int):
        tok = doc[i]
        if not self._parsed:
            return tok
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX"):
                return tok
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return tok if tok.pos_ in ("VERB", "AUX") else None

    def _mood(self, doc: Doc, i: int) -> str:
        """cnd (conditional), past (pluperfect or imperfect: background), pc (passé composé or passé
        simple), pres, inf, or '' for the verb governing token i."""
        if not self._morph:
            window = doc[max(0, i - 2) : i + 2]
            return "cnd" if any(_CND_FORMS.match(t.text) for t in window) else ""
        own = [c for c in doc[i].children if c.dep_.startswith(("aux", "cop"))]
        if any("Cnd" in c.morph.get("Mood") for c in own):
            return "cnd"  # « serait en discussions »
        verb = self._governor(doc, i)
        if verb is None:
            tok = doc[i]
            helpers = [c for c in (*tok.children, *tok.head.children) if c.dep_.startswith(("aux", "cop"))]
            if any("Cnd" in c.morph.get("Mood") for c in helpers):
                return "cnd"
            return ""
        auxes = [c for c in verb.children if c.dep_.startswith("aux")]
        forms = [verb, *auxes]
        if any("Cnd" in t.morph.get("Mood") for t in forms):
            return "cnd"
        tenses = [t for a in auxes for t in a.morph.get("Tense")]
        if "Imp" in tenses or "Imp" in verb.morph.get("Tense"):
            return "past"
        if "Inf" in verb.morph.get("VerbForm") or any("Inf" in a.morph.get("VerbForm") for a in auxes):
            return "inf"  # « doit encore être approuvée », « prévoit de finaliser »
        if auxes and "Pres" in tenses and "Part" in verb.morph.get("VerbForm"):
            return "pc"
        if "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
            return "pc"
        if "Fut" in verb.morph.get("Tense") or "Fut" in tenses:
            return "fut"
        if "Pres" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
            return "pres"
        if "Inf" in verb.morph.get("VerbForm"):
            return "inf"
        return ""

    def _linked(self, doc: Doc, cue_tok: int, m_tok: int, sent: int) -> bool:
        """A cue applies to a mention in the same clause, or in the clause the mention is (in) the subject or object of."""
        if self._tok_sent[cue_tok] != sent:
            return False
        if not self._parsed:
            return True
        cue_clause = self._clause(doc, cue_tok, sent)
        if self._clause(doc, m_tok, sent) == cue_clause:
            return True
        tok = doc[m_tok]
        for _ in range(50):
            head = tok.head
            if head.i == tok.i or self._tok_sent[head.i] != sent:
                return False
            if head.i == cue_clause:
                return tok.dep_ in ("nsubj", "nsubj:pass", "obj", "obl:arg", "csubj", "xcomp", "iobj")
            tok = head
        return False

    def _mention_cues(self, doc: Doc, m: _Mention, cue_spans, negative_tokens, trigger_tokens) -> list[tuple[str, float]]:
        cues: list[tuple[str, float]] = []
        if m.past:
            cues.append(("abandoned", 3.5))
        for s, e, entry in cue_spans:
            status = entry.get("status")
            if not status or set(range(s, e)) & negative_tokens:
                continue
            if m.start_tok <= s < m.end_tok:
                continue
            if entry.get("id") == "annoncer" and any(
                s < s2 < m.start_tok and entry2.get("status") and entry2.get("id") != "annoncer"
                and self._parsed and doc[e2 - 1].head.i == e - 1 and doc[e2 - 1].dep_ in ("xcomp", "ccomp")
                for s2, e2, entry2 in cue_spans
            ):
                continue  # « a annoncé avoir bouclé une levée »: what is announced says the status
            if not self._linked(doc, e - 1, m.start_tok, m.sent) or self._negated(doc, s, e):
                continue
            if entry.get("needs_regulator") and not self._regulator_in(self._tok_sent[s]):
                continue  # « examiner » is a regulator's review only when one is named
            weight = self._weight(doc, e - 1, entry)
            if weight == 1.5 and status in ("blocked", "abandoned", "completed"):
                m.past = True  # « le précédent projet … avait été bloqué »: a deal of the past
                cues.append((status, 3.5))
                continue
            # the conditional reports, it does not assert: « serait en discussions » is a rumour
            cues.append(("rumoured" if weight == 1.0 else status, weight))
        trig = next((t for t in doc[m.start_tok : m.end_tok] if t.pos_ in ("VERB", "AUX")), doc[m.end_tok - 1])
        mood = self._mood(doc, trig.i)
        verbal = (trig.pos_ in ("VERB", "AUX")) if self._pos else False
        if verbal and mood == "past" and m.entry["sense"] in ("buy", "sell", "stake", "invest", "raise") and trig.morph.get("VerbForm") == ["Part"]:
            m.past = True  # « EQT, qui avait racheté Nordlys en 2017 »
            cues.append(("completed", 3.5))
        elif mood == "cnd":
            cues.append(("rumoured", 1.0))
        elif verbal and mood == "pc" and m.entry["sense"] not in ("partner",):
            cues.append(("completed", 2.5))
        elif verbal and mood == "pres" and m.entry["sense"] == "raise":
            cues.append(("completed", 2.0))  # « Mistral AI lève 385 millions d'euros »: raised
        elif verbal and mood == "pres" and m.entry["sense"] not in ("partner", "bid"):
            cues.append(("agreed", 2.0))
        else:
            cues.append(("proposed", 0.5))
        return cues

    def _regulator_in(self, sent: int) -> bool:
        a, b = self._sents[sent]
        return any(a <= e.start < b and e.kind in ("regulator", "court", "government") for e in self._entities_list)

    def _negated(self, doc: Doc, s: int, e: int) -> bool:
        """« n'a pas encore été acceptée », « ne sera jamais finalisé »: a negated cue says nothing."""
        window = doc[max(0, s - 4) : min(len(doc), e + 2)]
        return any(t.lower_ in _NEGATIONS for t in window) and any(t.lower_ in ("ne", "n'", "n’") for t in window)

    def _weight(self, doc: Doc, i: int, entry: dict) -> float:
        mood = self._mood(doc, i)
        if mood == "cnd":
            return 1.0
        if mood in ("past", "inf", "fut"):
            return 1.5 if mood == "past" else 0.5  # background, or planned (« prévoit de finaliser »)
        return 3.0 if entry.get("class") == "verb" else 2.0

    def _asset(self, doc: Doc, m: _Mention) -> tuple[int, int] | None:
        if m.entry["sense"] not in ("buy", "sell", "spin", "bid"):
            return None
        start = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text)
        sent_end = self._sents[m.sent][1]
        match = _ASSET.match(self._text[start:sent_end])
        if not match:
            return None
        return start + match.start(1), start + match.end(1)

    def _cluster(self, mentions: list[_Mention]) -> list[list[_Mention]]:
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
                if kinds == {"stake", "acquisition"} and a.sent != b.sent and not _names_meet(a.target_names(), b.target_names()):
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
                if ta and tb and not _names_meet(ta, tb):
                    continue
                if shared:
                    union(i, j)
                elif b.sent == a.sent + 1 and not tb:
                    union(i, j)
                elif ta and tb and a.entry["kind"] == b.entry["kind"]:
                    union(i, j)  # the same target, bought twice in one article, is one deal
                elif a.entry["kind"] == b.entry["kind"] and _complementary(a, b):
                    union(i, j)  # « Mistral AI lève 385 millions » + « le tour de table est mené par X et Y »
        groups: dict[int, list[_Mention]] = {}
        for i, m in enumerate(mentions):
            groups.setdefault(find(i), []).append(m)
        # transitively merged groups may now hold two different targets; that is accepted (one story)
        return list(groups.values())

    def _anaphors(self, doc, cue_spans, trigger_tokens, mentions, entities, negative_tokens) -> list[_Mention]:
        """Sentences without a trigger that speak of a deal (« les négociations », « l'opération »)."""
        trigger_sents = {m.sent for m in mentions}
        result = []
        seen_sents = set()
        for s, e, entry in cue_spans:
            if not entry.get("anaphor") or set(range(s, e)) & (trigger_tokens | negative_tokens):
                continue
            sent = self._tok_sent[s]
            if sent < 0 or sent in trigger_sents or sent in seen_sents:
                continue
            seen_sents.add(sent)
            start, end = self._sents[sent]
            context = {x.ident for x in entities if start <= x.start and x.end <= end}
            prev = doc[s - 1].lower_ if s > 0 else ""
            prev2 = doc[s - 2].lower_ if s > 1 else ""
            definite = prev in _DEFINITE or prev2 in _DEFINITE or bool(entry.get("definite"))
            m = _Mention(s, e, {**entry, "sense": "anaphor", "kind": None, "definite": definite}, sent, self._clause(doc, s, sent), anaphor=True)
            m.context = context
            m.cues = []
            for cs, ce, centry in cue_spans:
                status = centry.get("status")
                if centry.get("needs_regulator") and not self._regulator_in(sent):
                    continue
                if status and self._tok_sent[cs] == sent and self._linked(doc, ce - 1, s, sent):
                    weight = self._weight(doc, ce - 1, centry)
                    m.cues.append(("rumoured" if weight == 1.0 else status, weight))
            result.append(m)
        return result

    def _parents(self, text: str, entities: list[_Entity]) -> list[tuple[_Entity, _Entity]]:
        """(parent, child) pairs from « ByteDance, la société mère de TikTok », « X (maison-mère de Y) »."""
        pairs = []
        for match in _PARENT.finditer(text):
            child = next((e for e in entities if e.start == match.end() or (0 <= e.start - match.end() <= 1)), None)
            if child is None:
                continue
            parent = None
            for e in entities:
                if e.end <= match.start() and match.start() - e.end <= 60 and e.ident != child.ident:
                    parent = e
            if parent is not None:
                pairs.append((parent, child))
        # « Bombardier Transport, la branche ferroviaire du groupe canadien Bombardier »
        for child in entities:
            match = _UNIT_OF.match(text, child.end)
            if not match:
                continue
            parent = next((e for e in entities if match.end() <= e.start <= match.end() + 60 and e.ident != child.ident), None)
            if parent is not None and not re.search(r"[,.;:()]", text[match.end() : parent.start]):
                pairs.append((parent, child))
        return pairs

    def _deal(self, doc: Doc, cluster: list[_Mention], n: int, parents, new_entities, cue_spans, approval_sents: set[int]) -> Deal | None:
        text = self._text
        triggers = [m for m in cluster if not m.anaphor]
        triggers.sort(key=lambda m: m.start_tok)
        kinds = [m.entry["kind"] for m in triggers if m.entry.get("kind")]
        if not kinds:
            return None
        counts = {k: kinds.count(k) for k in kinds}
        kind = min(counts, key=lambda k: (-counts[k], KIND_ORDER.index(k)))
        # parties
        parties: dict[str, tuple[str, _Entity]] = {}
        for m in triggers:
            for role, e in m.parties:
                known = parties.get(e.ident)
                if known is None or (known[0] not in _SPECIFIC_ROLES and role in _SPECIFIC_ROLES):
                    parties[e.ident] = (role, e)
        targets = {i for i, (r, _) in parties.items() if r == "target"}
        evidence_sents = sorted({m.sent for m in cluster})
        spans = [self._sents[i] for i in evidence_sents]
        amount_hint = any(find_money(text[a:b]) for a, b in spans)
        if kind == "acquisition":
            for parent, child in parents:
                # the parent of the target sells, when the deal's own sentences name it
                named = [e for e in self._entities_list if e.ident == parent.ident and any(a <= e.start < b for a, b in spans)]
                if not named:
                    continue
                parent = named[0]
                if child.ident in targets and parent.ident != child.ident:
                    if not any(r == "seller" for r, _ in parties.values()) or parent.ident in parties:
                        parties[parent.ident] = ("seller", parent)
        mapping = {
            "acquisition": {"investor": "buyer", "partner": "buyer", "merging": "buyer"},
            "stake": {"investor": "buyer", "partner": "buyer"},
            "investment": {"buyer": "investor", "partner": "investor"},
            "merger": {"buyer": "merging", "target": "merging", "partner": "merging", "seller": "merging"},
            "partnership": {"buyer": "partner", "investor": "partner", "merging": "partner"},
            "joint-venture": {"buyer": "partner", "investor": "partner", "merging": "partner"},
        }.get(kind, {})
        evidence_sents = sorted({m.sent for m in cluster})
        # regulators named in its own sentences or where its approval, refusal or conditions are spoken of
        for e in self._entities_list:
            if e.kind in ("regulator", "court") and e.ident not in parties:
                sent = next((i for i, (a, b) in enumerate(self._sents) if a <= e.start < b), -1)
                if sent in evidence_sents or sent in approval_sents:
                    parties[e.ident] = ("regulator", e)
        target_names = {i: fold(e.name) for i, (r, e) in parties.items() if r == "target"}
        for i, name in target_names.items():
            if any(j != i and other.startswith(name + " ") for j, other in target_names.items()):
                del parties[i]
        sides = [i for i, (r, _) in parties.items() if r != "regulator"]
        if len(sides) < 2 and not (sides and amount_hint):
            return None  # a transaction has two sides (or one and a price)
        idents = set(parties)
        descriptions = self._descriptions(text, evidence_sents, [e for e in self._entities_list if e.ident in idents])
        deal_parties = []
        for ident, (role, e) in sorted(parties.items(), key=lambda p: p[1][1].start):
            role = mapping.get(role, role)
            deal_parties.append(
                DealParty(role=role, name=e.name, ref=e.ref, description=descriptions.get(ident), span=Span.at(text, e.start, e.end))
            )
        # status
        cues = [c for m in cluster for c in m.cues]
        status = max(cues, key=lambda c: (c[1], STATUS_ORDER.index(c[0])))[0] if cues else "proposed"
        if status == "agreed" and any(c[0] == "pending" for c in cues):
            status = "pending"  # agreed, and awaiting an approval (« sous réserve de l'accord de Bruxelles »)
        # money, stake
        trigger_sents = sorted({m.sent for m in triggers})
        amount = price = stake = None
        for i in trigger_sents + [s for s in evidence_sents if s not in trigger_sents]:
            s0, s1 = self._sents[i]
            for found in find_money(text[s0:s1]):
                span = Span.at(text, s0 + found.start, s0 + found.end)
                money = Money(value=found.value, currency=found.currency, span=span)
                if _PER_SHARE.match(text[s0 + found.end : s1]):
                    price = price or money
                elif amount is None:
                    amount = money
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
        # reported by
        reported = self._source(doc, evidence_sents, cue_spans)
        # conditions, new entities, deadlines
        conditions, news, seen_new = [], [], set()
        for i in evidence_sents:
            s0, s1 = self._sents[i]
            for c in _CONDITION.finditer(text, s0, s1):
                conditions.append(Condition(text=c.group(0).strip(), span=Span.at(text, c.start(), c.start() + len(c.group(0).rstrip()))))
            for start, end, name in new_entities:
                if s0 <= start < s1 and fold(name) not in seen_new:
                    seen_new.add(fold(name))
                    news.append(NewEntity(name=name, span=Span.at(text, start, end)))
        deadline_ids = [
            d.id for d in docattrs.get(doc, "deadlines")
            if any(self._sents[i][0] <= d.span.start < self._sents[i][1] for i in evidence_sents)
        ]
        asset_m = next((m for m in triggers if m.asset), None)
        asset = Asset(text=text[asset_m.asset[0]:asset_m.asset[1]], span=Span.at(text, *asset_m.asset)) if asset_m else None
        trigger = next(
            (m for m in triggers if not m.weak and m.entry["kind"] == kind), next((m for m in triggers if not m.weak), triggers[0])
        )
        trigger_span = Span.at(text, doc[trigger.start_tok].idx, doc[trigger.end_tok - 1].idx + len(doc[trigger.end_tok - 1].text))
        return Deal(
            id=f"deal{n}",
            kind=kind,
            trigger=trigger_span,
            parties=deal_parties,
            asset=asset,
            amount=amount,
            price_per_share=price,
            stake=stake,
            status=status,
            reported_by=reported,
            conditions=conditions,
            new_entities=news,
            deadlines=deadline_ids,
            evidence=[Span.at(text, *self._sents[i]) for i in evidence_sents],
        )

    def _source(self, doc: Doc, evidence_sents: list[int], cue_spans) -> Source | None:
        text = self._text
        for s, e, entry in cue_spans:
            if entry.get("class") != "source" or self._tok_sent[s] not in evidence_sents:
                continue
            end_char = doc[e - 1].idx + len(doc[e - 1].text)
            for ent in self._entities_list:
                if 0 <= ent.start - end_char <= 5:
                    return Source(name=ent.name, ref=ent.ref, span=Span.at(text, ent.start, ent.end))
            named = re.match(r"\s*(?:le\s+|la\s+|les\s+|l['’]\s*)?((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)", text[end_char:])
            if named:
                start = end_char + named.start(1)
                return Source(name=named.group(1), ref=None, span=Span.at(text, start, end_char + named.end(1)))
        return None

    def _descriptions(self, text: str, evidence_sents: list[int], entities: list[_Entity]) -> dict[str, str]:
        """« Oracle et Walmart en tant que respectivement partenaire technologique et commercial »."""
        result: dict[str, str] = {}
        for i in evidence_sents:
            s0, s1 = self._sents[i]
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


@Language.factory(
    "depeche_deals",
    default_config={"max_gap": 20, "antecedent_sentences": 2},
    requires=["doc._.organisations", "doc._.people", "doc._.deadlines"],
    assigns=["doc._.deals", "doc._.depeche_warnings"],
)
def make_deals(nlp: Language, name: str, max_gap: int, antecedent_sentences: int) -> DealsComponent:
    return DealsComponent(nlp, name, max_gap=max_gap, antecedent_sentences=antecedent_sentences)


def lexicon_paths(models: Path) -> dict[str, Path]:
    """The lexicon files of this component under a models folder."""
    folder = Path(models) / "lexicons"
    return {"triggers": folder / "deals_triggers.jsonl", "negatives": folder / "deals_negatives.jsonl", "cues": folder / "deals_cues.jsonl"}
