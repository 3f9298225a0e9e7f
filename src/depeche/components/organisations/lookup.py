"""Lexicon file reading, and which organisation or person a character range is a mention of."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc
from spacy.util import registry

from depeche import docattrs


def lines(items: Iterable[str]) -> list[str]:
    """The non-blank, non-comment lines, stripped."""
    out = []
    for line in items:
        line = line.rstrip("\n")
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def pairs(items: Iterable[str]) -> list[list[str]]:
    """TSV lines `word<TAB>value` as [word, value]."""
    out = []
    for line in lines(items):
        word, _, value = line.partition("\t")
        out.append([word.strip(), value.strip()])
    return out


@registry.readers("depeche.lines.v1")
def read_lines(path: str | Path) -> list[str]:
    """A lexicon file's lines (for `[initialize.components.*]`: `{"@readers": "depeche.lines.v1", "path": ...}`)."""
    return Path(path).read_text(encoding="utf-8").splitlines()


def entity_at(doc: Doc, start_char: int, end_char: int | None = None) -> str | None:
    """The id of the organisation or person that has a mention covering [start_char, end_char) (or overlapping
    it, the tightest first), from `doc._.organisations` and `doc._.people`; None when there is none.
    Accepts a spaCy Span/Token as first argument's companion: `entity_at(doc, span.start_char, span.end_char)`."""
    end_char = start_char + 1 if end_char is None else end_char
    best, best_size = None, None
    for name in ("organisations", "people"):
        for item in docattrs.get(doc, name):
            for m in item.mentions:
                if m.start < end_char and start_char < m.end:
                    inside = m.start <= start_char and end_char <= m.end
                    size = (0 if inside else 1, m.end - m.start)
                    if best_size is None or size < best_size:
                        best, best_size = item.id, size
    return best


def entity_of(span) -> str | None:
    """`entity_at` for a spaCy Span or Token."""
    if hasattr(span, "start_char"):
        return entity_at(span.doc, span.start_char, span.end_char)
    return entity_at(span.doc, span.idx, span.idx + len(span.text))
