"""Folding and slugs shared by every normaliser."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-"})


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive key for comparing surface forms.

    Memoised (bounded): the components fold the same words and names over and over."""
    text = strip_accents(text.translate(_APOSTROPHES).translate(_DASHES)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    """A stable ASCII id: « Donald Trump » -> donald-trump, « Société Générale » -> societe-generale."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug or "x"


def unique_slug(text: str, taken: set[str]) -> str:
    """`slugify(text)`, suffixed -2, -3… when already in `taken`; adds the result to `taken`."""
    base = slugify(text)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def name_key(name: str) -> str:
    """A name key for entities without an id: folded, without spaces, doubled letters collapsed (« Wallmart »
    and « Walmart », « l'Oréal » and « L’Oréal » get the same one)."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z0-9]", "", fold(name)))
