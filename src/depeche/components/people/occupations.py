"""Titles the lexicon does not list: an occupation noun between a determiner and a person's name (« le climatologue
Christian Viel »), told from a thing named after the person (« la liste Rachida Dati ») by its static vector's
nearness to the lexicon's titles, and from a relation (« son père X ») by `models/lexicons/people_not_titles.txt`.
The cores it gives are read like the lexicon's (`roles.title_phrases`)."""

from __future__ import annotations

from typing import Hashable

import numpy
from spacy.tokens import Doc

from depeche.components.people.roles import DETERMINERS
from depeche.normalise.text import fold


def title_centroid(vocab, titles: list[str]) -> numpy.ndarray | None:
    """The mean of the unit static vectors of the lexicon's one-word titles (None without vectors)."""
    rows = []
    for title in titles:
        if " " in title or not vocab.has_vector(title):
            continue
        v = vocab.get_vector(title)
        norm = float(numpy.linalg.norm(v))
        if norm:
            rows.append(v / norm)
    if not rows:
        return None
    mean = numpy.mean(rows, axis=0)
    return mean / float(numpy.linalg.norm(mean))


def occupation_cores(doc: Doc, owner: dict[int, Hashable], cores: list[tuple[int, int]], not_titles: frozenset[str],
                     centroid: numpy.ndarray | None, min_similarity: float) -> list[tuple[int, int]]:
    """Titles the lexicon does not list: a lower-case common noun (the tagger's NOUN) between a determiner and a
    person's name, an adjective after it or not — « le climatologue Christian Viel », « la championne Sarah
    Abitbol », « le réalisateur irakien X » —, when its static vector is at least `min_similarity` close to the
    lexicon's titles (`title_centroid`: « la liste Rachida Dati », « le parc Christophe Colomb » are no titles) and
    it tells no relation or thing named after the person (`not_titles`: « son père X », « l'administration
    Trump »). Needs the tagger and vectors: none on a Doc without them."""
    if centroid is None or not doc.has_annotation("POS"):
        return []
    taken = {i for s, e in cores for i in range(s, e)}
    out = []
    for i in sorted(owner):
        if i - 1 in owner and owner[i - 1] is owner[i]:
            continue  # not the first word of a mention
        j = i - 1
        if j >= 1 and doc[j].is_lower and doc[j].pos_ == "ADJ" and doc[j - 1].pos_ == "NOUN":
            j -= 1  # « le réalisateur irakien X »
        if j < 1 or j in taken or j in owner:
            continue
        noun = doc[j]
        if not (noun.is_lower and noun.is_alpha and noun.pos_ == "NOUN" and len(noun) > 2) or fold(noun.text) in not_titles:
            continue
        if doc[j - 1].lower_ not in DETERMINERS or j - 1 in taken or not _near(noun, centroid, min_similarity):
            continue
        out.append((j, j + 1))
    return out


def _near(token, centroid: numpy.ndarray, min_similarity: float) -> bool:
    if not token.has_vector:
        return False
    v = token.vector
    norm = float(numpy.linalg.norm(v))
    return bool(norm) and v.shape == centroid.shape and float(v @ centroid) / norm >= min_similarity
