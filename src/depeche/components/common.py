"""Document primitives several components share: sentences by punctuation, token -> sentence, a name key, and
the Doc's distinct words (`TokenRows`: a test of a word is made once per distinct word, not once per token).

Pure functions of a text or a Doc (no state); the components import them from here rather than each
keeping its own copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc

from depeche.dictionary import WORDS_TABLE
from depeche.normalise.text import name_key  # noqa: F401 (the components' name key, here with the other primitives)

_CUT = re.compile(r"\n+|(?<=[.!?…])[\"»”)]*(?:\s+|(?=[A-ZÀ-Ý]))(?=[\"«“A-ZÀ-Ý0-9])")


def language_word(vocab, lower: str) -> bool | None:
    """Whether `lower`, a lower-cased word, is a word of French (« action », « transition ») rather than a name
    (« vinci », « chronopost »): a form or lemma of the base model's dictionary where the vocab carries it (the
    pipeline's `depeche.language_words.v1`), else a word with a static vector. None when the vocab has neither
    (a bare `spacy.blank("fr")`)."""
    if vocab.lookups.has_table(WORDS_TABLE):
        table = vocab.lookups.get_table(WORDS_TABLE)
        # an unaccented plural: « Elections » (the table has « élections » and « election »)
        return lower in table or (lower[-1:] in ("s", "x") and lower[:-1] in table)
    if vocab.vectors.size:
        return vocab.strings.add(lower) in vocab.vectors
    return None


def common_word(doc: Doc, token) -> bool:
    """A capitalised word inside a sentence that the tagger reads as a common noun, adjective or verb and that is a
    word of the language (`language_word`, or no way to tell): « Action », « Transition », not « Exor », « Vinci »."""
    if not doc.has_annotation("POS") or token.pos_ not in ("NOUN", "ADJ", "VERB") or token.is_upper or token.is_sent_start:
        return False
    return language_word(doc.vocab, token.lower_) is not False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of `text`: cut at line breaks and at . ! ? … followed by a
    space (or nothing) and an upper-case letter, a quote or a digit; spaces trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _CUT.finditer(text):
        bounds.append((start, m.start() if m.group(0).startswith("\n") else m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return [r for r in (_trimmed(text, s, e) for s, e in bounds) if r is not None]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without the spaces at its ends; None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_ENDS = re.compile(r"[.!?…:;][\"»”)\]]*$")


def parsed_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the parse's sentences, mended: a piece the parser cut off mid-line is joined to the
    next one (a sentence that does not end in . ! ? … : ; with no line break before the next is the start of it:
    the parse makes « D'ici » a sentence of « D'ici le 23 mai, le conseil doit rendre un avis », « La start » one
    of « La start-up »), and a line break always ends a sentence (the parse runs a headline into the first line
    of the body)."""
    text = doc.text
    out: list[tuple[int, int]] = []
    carry: int | None = None
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    for k, (start, end) in enumerate(sents):
        start = start if carry is None else carry
        piece = text[start:end].rstrip()
        following = sents[k + 1][0] if k + 1 < len(sents) else None
        while following is not None and following < len(text) and text[following].isspace():
            following += 1  # the next sentence's first word: a line break before it may be counted in either
        if following is not None and not _ENDS.search(piece) and "\n" not in text[start + len(piece) : following]:
            carry = start
            continue
        carry = None
        out.append((start, end))
    return [piece for start, end in out for piece in split_sentences_at_breaks(text, start, end)]


_BREAK = re.compile(r"\n+")


def split_sentences_at_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at its line breaks, each piece trimmed of spaces (empty pieces dropped)."""
    cuts = [start, *(x for m in _BREAK.finditer(text, start, end) for x in (m.start(), m.end())), end]
    pieces = (_trimmed(text, cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2))
    return [piece for piece in pieces if piece is not None]


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


@dataclass(frozen=True)
class TokenRows:
    """A Doc's distinct words: `orths`/`lowers` the ORTH and LOWER hashes of each distinct ORTH, `inverse` (one
    per token) the index of the token's word in them."""

    orths: list[int]
    lowers: list[int]
    inverse: numpy.ndarray


def token_rows(doc: Doc) -> TokenRows:
    """The Doc's `TokenRows` (one `to_array` and one `numpy.unique`)."""
    array = doc.to_array(["ORTH", "LOWER"])
    if not len(array):
        return TokenRows([], [], numpy.zeros(0, dtype="int64"))
    orths, first, inverse = numpy.unique(array[:, 0], return_index=True, return_inverse=True)
    return TokenRows(orths.tolist(), array[first, 1].tolist(), inverse.reshape(-1))


_MAX_MEMO = 200_000  # words a `where` cache keeps before it starts again


def where(doc: Doc, rows: TokenRows, test: Callable[[str], bool], cache: dict[int, bool] | None = None) -> list[int]:
    """The indices, in order, of the tokens whose text passes `test` (called once per distinct word; `cache`, by
    ORTH hash, keeps its answers across Docs when the caller owns one): what `[t.i for t in doc if test(t.text)]`
    gives, without making a Token object for every token."""
    strings = doc.vocab.strings
    if cache is None:
        cache = {}
    elif len(cache) > _MAX_MEMO:
        cache.clear()
    passing = []
    for j, orth in enumerate(rows.orths):
        hit = cache.get(orth)
        if hit is None:
            hit = cache[orth] = bool(test(strings[orth]))
        if hit:
            passing.append(j)
    if not passing:
        return []
    flags = numpy.zeros(len(rows.orths), dtype=bool)
    flags[passing] = True
    return numpy.flatnonzero(flags[rows.inverse]).tolist()
