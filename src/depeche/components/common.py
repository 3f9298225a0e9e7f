"""Document primitives several components share: sentences by punctuation, token -> sentence, a name key.

Pure functions of a text or a Doc (no state); the components import them from here rather than each
keeping its own copy.
"""

from __future__ import annotations

import re

import numpy
from spacy.tokens import Doc

from depeche.normalise.text import name_key  # noqa: F401 (the components' name key, here with the other primitives)

_CUT = re.compile(r"\n+|(?<=[.!?…])[\"»”)]*(?:\s+|(?=[A-ZÀ-Ý]))(?=[\"«“A-ZÀ-Ý0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of `text`: cut at line breaks and at . ! ? … followed by a
    space (or nothing) and an upper-case letter, a quote or a digit; spaces trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _CUT.finditer(text):
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


def token_sentences(doc: Doc, sents: list[tuple[int, int]]) -> list[int]:
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




# the elided articles and prepositions (a token of their own: « l' », « d' »), both apostrophes
ELISIONS = frozenset({"l'", "l’", "d'", "d’"})
