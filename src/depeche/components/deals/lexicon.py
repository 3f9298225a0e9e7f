"""The deals lexicons: each entry validated (pydantic), their Matchers (`validate=True`), and the `_Gate`
speed-up that runs a Matcher only where one of its patterns can match.

The entries stay the dicts read from the JSONL files (what `to_disk` writes back); the schemas only
check them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from depeche.components.common import TokenRows, token_rows
from depeche.records import DealKind, DealStatus

Sense = Literal["buy", "bid", "sell", "stake", "invest", "merge", "partner", "spin", "raise", "join"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: str
    pattern: list[dict]


class TriggerEntry(_Entry):
    """A mention of a transaction: its kind and its sense (which gives the roles, `parties._ROLES`)."""

    kind: DealKind
    sense: Sense
    pos: list[Literal["NOUN", "VERB", "AUX"]] | None = None  # the tagger's POS it must have (one-token patterns)
    strict: bool = False  # needs a target (buy, sell, bid) or two firms
    weak: bool = False  # no deal made of weak mentions only
    money_after: bool = False  # only when an amount follows at once
    state_role: Literal["seller", "buyer"] | None = None  # the State's role when the sentence names it (privatisation: it sells)


class NegativeEntry(_Entry):
    """Another sense of a trigger (« acquisition de stupéfiants »): triggers inside one are dropped."""


class CueEntry(_Entry):
    """A status cue, a source (« selon »), a state (« l'État »), or an anaphor (« l'opération »)."""

    class_: Literal["noun", "verb", "source", "state"] = Field(alias="class")
    status: DealStatus | None = None
    anaphor: bool = False
    definite: bool = False
    needs_regulator: bool = False


class AssetEntry(_Entry):
    """A noun for what changes hands when it is no company (`owner.py`): `business` (« la branche énergie
    d'Alstom », « l'imprimerie de L'Equipe »: its owner, named after « de », is the seller, the noun phrase the
    target; a `site` — « l'usine », « l'imprimerie » — likewise, wherever it is), `company` (« la société de X »: a description, its owner sells, no target of its own) or `shares`
    (« 51 % des parts de … »: transparent, the owner is read after the noun they are of); `region` is an
    adjective that makes the asset a company's arm in a place (« les activités américaines de TikTok »: TikTok
    stays the target)."""

    class_: Literal["business", "site", "company", "shares", "region"] = Field(alias="class")


class AmountEntry(_Entry):
    """A word before an amount (`amounts.py`): `value` says the money is a deal's (« le montant de la
    transaction s'élève à », « valorisant X à », « une opération de »), `other` that it is not (« un chiffre
    d'affaires de », « des synergies de », « une dette de »)."""

    class_: Literal["value", "other"] = Field(alias="class")


def validated(entries: list[dict], schema: type[_Entry], part: str) -> list[dict]:
    """`entries` themselves, once each passes `schema` (a ValueError naming the part and entry otherwise)."""
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"depeche_deals {part}[{k}]: not an object: {entry!r}")
        try:
            schema.model_validate(entry)
        except ValidationError as err:
            raise ValueError(f"depeche_deals {part}[{k}] ({entry.get('id')!r}): {err}") from err
    return entries


@dataclass(frozen=True)
class Lexicon:
    """The lexicons, one Matcher and one `_Gate` each; match ids are « T3 », « N0 », « C12 », « A1 », « M4 »:
    the entry's index in its list (A: assets, M: amount words)."""

    triggers: list[dict]
    negatives: list[dict]
    cues: list[dict]
    trigger_matcher: Matcher
    negative_matcher: Matcher
    cue_matcher: Matcher
    trigger_gate: "_Gate"
    negative_gate: "_Gate"
    cue_gate: "_Gate"
    assets: list[dict] = ()
    amounts: list[dict] = ()
    asset_matcher: Matcher | None = None
    amount_matcher: Matcher | None = None
    asset_gate: "_Gate | None" = None
    amount_gate: "_Gate | None" = None

    @classmethod
    def build(
        cls, vocab: Vocab, triggers: list[dict], negatives: list[dict], cues: list[dict],
        assets: list[dict] = (), amounts: list[dict] = (),
    ) -> "Lexicon":
        parts = {
            "triggers": (validated(triggers, TriggerEntry, "triggers"), "T"),
            "negatives": (validated(negatives, NegativeEntry, "negatives"), "N"),
            "cues": (validated(cues, CueEntry, "cues"), "C"),
            "assets": (validated(list(assets), AssetEntry, "assets"), "A"),
            "amounts": (validated(list(amounts), AmountEntry, "amounts"), "M"),
        }
        matchers, gates = {}, {}
        for part, (entries, prefix) in parts.items():
            matcher = Matcher(vocab, validate=True)
            for i, entry in enumerate(entries):
                matcher.add(f"{prefix}{i}", [entry["pattern"]])
            matchers[part] = matcher
            gates[part] = _Gate([entry["pattern"] for entry in entries])
        return cls(
            triggers, negatives, cues,
            matchers["triggers"], matchers["negatives"], matchers["cues"],
            gates["triggers"], gates["negatives"], gates["cues"],
            parts["assets"][0], parts["amounts"][0], matchers["assets"], matchers["amounts"], gates["assets"], gates["amounts"],
        )

    def entry(self, doc: Doc, match_id: int, entries: list[dict]) -> dict:
        """The entry of a match id (« T3 » -> entries[3])."""
        return entries[int(doc.vocab.strings[match_id][1:])]


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
        # the same tests, indexed: word -> the bits of the tests it passes, per attribute; the regex tests apart
        self._title_bits = 0
        self._word_bits: dict[str, dict[str, int]] = {"LOWER": {}, "TEXT": {}}
        self._regex_tests: dict[str, list[tuple[int, list[re.Pattern]]]] = {"LOWER": [], "TEXT": []}
        for k, (attr, words, regexes) in enumerate(self.tests):
            if attr == "IS_TITLE":
                self._title_bits |= 1 << k
                continue
            for word in words:
                self._word_bits[attr][word] = self._word_bits[attr].get(word, 0) | 1 << k
            if regexes:
                self._regex_tests[attr].append((1 << k, regexes))
        # whether every pattern needs a token that passes a test other than IS_TITLE (see `runs`)
        self._strong_needed = all(req & ~self._title_bits for req in self.required)

    def _test(self, text: str, lower: str) -> int:
        """The bits of the tests `text` (and its lower case `lower`) passes: one test per pattern token, as the
        Matcher reads them (IS_TITLE, LOWER / TEXT equal to or IN words, REGEX searched)."""
        bits = self._title_bits if self._title_bits and text.istitle() else 0
        for attr, value in (("LOWER", lower), ("TEXT", text)):
            bits |= self._word_bits[attr].get(value, 0)
            tests = self._regex_tests[attr]
            # the alternation of every regex of the attribute says at once when none matches
            if tests and self._any[attr][1].search(value):
                for bit, regexes in tests:
                    if not bits & bit and any(r.search(value) for r in regexes):
                        bits |= bit
        return bits

    def runs(self, doc: Doc, rows: TokenRows | None = None) -> list[tuple[int, int]]:
        """The runs of tokens where a match can lie, in order; `rows`: the Doc's `TokenRows`, when the caller
        has them (made once per Doc for every gate). Each distinct word is tested once (cached by ORTH hash),
        then only the tokens that pass are walked."""
        rows = rows if rows is not None else token_rows(doc)
        passes, strings = self._passes, doc.vocab.strings
        if len(passes) > self._MAX_CACHE:
            passes.clear()
        unique_bits = []
        for orth, lower in zip(rows.orths, rows.lowers):
            bits = passes.get(orth)
            if bits is None:
                bits = passes[orth] = self._test(strings[orth], strings[lower])
            unique_bits.append(bits)
        passing = [j for j, bits in enumerate(unique_bits) if bits]
        if not passing:
            return []
        flags = numpy.zeros(len(unique_bits), dtype=bool)
        flags[passing] = True
        positions = numpy.flatnonzero(flags[rows.inverse])
        if self._strong_needed:
            # every pattern needs a token passing a test other than IS_TITLE: the joined runs of capitalised
            # words alone (most of them) can hold no match, and are dropped before the walk below
            strong = [j for j in passing if unique_bits[j] & ~self._title_bits]
            if not strong:
                return []
            flags[:] = False
            flags[strong] = True
            group = numpy.concatenate(([0], numpy.cumsum(numpy.diff(positions) > self.gap + 1)))
            kept = numpy.zeros(int(group[-1]) + 1, dtype=bool)
            kept[group[flags[rows.inverse[positions]]]] = True
            positions = positions[kept[group]]
        runs: list[list[int]] = []  # [start, end, bits passed in it]
        start, last, seen = -1, -1, 0
        for i in positions.tolist():
            if i != last + 1 and start >= 0:
                self._close(runs, start, last + 1, seen)
                start = -1
            if start < 0:
                start, seen = i, 0
            seen |= unique_bits[rows.inverse[i]]
            last = i
        self._close(runs, start, last + 1, seen)
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


def _matches(matcher: Matcher, gate: _Gate, doc: Doc, rows: TokenRows | None = None) -> list[tuple[int, int, int]]:
    """`matcher(doc)`, run only over the runs of tokens `gate` lets through when it can (`rows`: `token_rows(doc)`,
    when the caller has it)."""
    if not gate.usable:
        return matcher(doc)
    found: list[tuple[int, int, int]] = []
    for start, end in gate.runs(doc, rows):
        # on a Span, the Matcher gives offsets in the Span
        found.extend((match_id, start + s, start + e) for match_id, s, e in matcher(doc[start:end]))
    return found
