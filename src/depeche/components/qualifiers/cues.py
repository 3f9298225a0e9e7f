"""Stage 1: the cues of one sentence, matched once per sentence and kept for every span asked about in it.

`CueIndex(doc, matcher)` lives for one call (a component's `__call__`, or one `qualify`): nothing of a
Doc is kept on the component. `index.sentence(i)` gives the `SentenceCues` of the sentence holding
token `i`, matching the lexicon on that sentence only the first time (so a Doc with no span to qualify
costs nothing, and a long article only the sentences of its deals and deadlines).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from depeche.components.qualifiers.lexicon import CueEntry, CueMatcher
from depeche.docattrs import is_parsed

_SENT_END = {".", "!", "?", "…"}


@dataclass(frozen=True)
class Cue:
    """One cue in a Doc: tokens `[start, end)`, the qualifier it signals, the lexicon entry's id."""

    start: int
    end: int
    qualifier: str
    id: str
    chain: str = "clause"  # "clause" | "full" | "sentence" (see lexicon.py)
    scope: str = "both"  # "preceding" | "following" | "both"
    mood: bool = False  # read from the verb's morphology (Mood=Cnd / Mood=Sub), not from the lexicon


@dataclass
class SentenceCues:
    """A sentence's tokens `[start, end)`, its cues (pseudo-cues removed) and its termination tokens."""

    start: int
    end: int
    cues: list[Cue] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)
    has_morph: bool = False

    def segment(self, start: int, end: int) -> tuple[int, int]:
        """The part of the sentence around tokens `[start, end)` between two terminations (« mais », « ; »)."""
        left = max((c for c in self.cuts if c < start), default=self.start - 1) + 1
        right = min((c for c in self.cuts if c >= end), default=self.end)
        return left, right


class CueIndex:
    """The cues of a Doc's sentences, each sentence matched when first asked for."""

    def __init__(self, doc: Doc, matcher: CueMatcher):
        self.doc = doc
        self.matcher = matcher
        self.parsed = is_parsed(doc)
        self._by_start: dict[int, SentenceCues] = {}

    def bounds(self, i: int) -> tuple[int, int]:
        """The sentence of token `i`: the parser's, else up to sentence-final punctuation."""
        doc = self.doc
        if self.parsed:
            sent = doc[i].sent
            return sent.start, sent.end
        start = i
        while start > 0 and doc[start - 1].text not in _SENT_END:
            start -= 1
        end = i
        while end < len(doc) and doc[end].text not in _SENT_END:
            end += 1
        return start, min(end + 1, len(doc))

    def sentence(self, i: int) -> SentenceCues:
        start, end = self.bounds(i)
        cached = self._by_start.get(start)
        if cached is None:
            cached = self._match(start, end)
            self._by_start[start] = cached
        return cached

    def _match(self, start: int, end: int) -> SentenceCues:
        doc = self.doc
        has_morph = any(len(t.morph) for t in doc[start:end])
        found = []
        for key, s, e in self.matcher.matcher(doc[start:end]):
            entry: CueEntry = self.matcher.by_key[key]
            if entry.parse == "bare" and has_morph:
                continue
            if entry.pos and self.parsed and doc[e + start - 1].pos_ not in entry.pos:
                continue
            found.append((s + start, e + start, entry))
        # the longest cue wins where two overlap (a pseudo-cue over the cue it contains), as spaCy's filter_spans
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        out = SentenceCues(start, end, has_morph=has_morph)
        for s, e, entry in found:
            if taken.intersection(range(s, e)):
                continue
            taken.update(range(s, e))
            if entry.qualifier == "termination":
                out.cuts.append(s)
            elif entry.qualifier != "pseudo":
                for qualifier in (entry.qualifier, *entry.also):
                    out.cues.append(Cue(s, e, qualifier, entry.id, entry.chain, entry.scope))
        out.cues.sort(key=lambda c: c.start)
        out.cuts.sort()
        return out
