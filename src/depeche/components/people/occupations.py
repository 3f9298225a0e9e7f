"""Titles the lexicon does not list: an occupation noun between a determiner and a person's name (« le climatologue
Christian Viel »), or in apposition beside it (« Valérie Foissey, aide-soignante, », « le trésorier du parti, X, »),
told from a thing named after the person (« la liste Rachida Dati ») by its static vector's nearness to the
lexicon's titles, and from a relation (« son père X ») by `models/lexicons/people_not_titles.txt`.
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
                     centroid: numpy.ndarray | None, min_similarity: float, min_apposition: float) -> list[tuple[int, int]]:
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
        if not _occupation(doc[j : j + 1], not_titles, centroid, min_similarity):
            continue
        if doc[j - 1].lower_ not in DETERMINERS or j - 1 in taken:
            continue
        out.append((j, j + 1))
    # in apposition, beside the name rather than between a determiner and it, a noun needs to be nearer the titles
    # (`min_apposition`: « Donald Trump, question … », « X, interview » are no titles)
    out += _after_the_name(doc, owner, taken | {s for s, _ in out}, not_titles, centroid, min_apposition)
    out += _before_the_name(doc, owner, taken | {i for s, e in out for i in range(s, e)}, not_titles, centroid, min_apposition)
    return out


def _after_the_name(doc: Doc, owner: dict[int, Hashable], taken: set[int], not_titles: frozenset[str],
                    centroid: numpy.ndarray, min_similarity: float) -> list[tuple[int, int]]:
    """An occupation in apposition right after a person's name, alone or coordinated with another title:
    « Valérie Foissey, aide-soignante, a expliqué », « Camille Gajria, médecin et enseignante à l'Imperial
    College »; the noun must end its apposition or open its complement (a comma, « et », « de », « à », « chez »,
    « pour », the sentence's end)."""
    out = []
    for k in sorted(owner):
        if k + 1 in owner and owner[k + 1] is owner[k]:
            continue  # not the last word of a mention
        if k + 2 >= len(doc) or doc[k + 1].text != ",":
            continue
        j = k + 2
        while j < len(doc) and j not in owner:
            if j in taken:  # a title of the lexicon (« médecin »): an occupation may be coordinated with it
                while j in taken:
                    j += 1
            else:
                end = _compound_end(doc, j)
                if not _occupation(doc[j:end], not_titles, centroid, min_similarity):
                    break
                if end < len(doc) and doc[end].lower_ not in _APPOSITION_ENDS and doc[end].pos_ != "ADJ":
                    break
                out.append((j, end))
                j = end
            if j + 1 < len(doc) and doc[j].lower_ == "et":
                j += 1  # « médecin et enseignante »
            else:
                break
    return out


def _before_the_name(doc: Doc, owner: dict[int, Hashable], taken: set[int], not_titles: frozenset[str],
                     centroid: numpy.ndarray, min_similarity: float) -> list[tuple[int, int]]:
    """An occupation with its complement in apposition before a person's name: « Le trésorier du parti, Wallerand
    de Saint-Just, a confirmé »: a determiner, the noun, « de / du / des » and up to four words, a comma, the name."""
    out = []
    for i in sorted(owner):
        if i - 1 in owner and owner[i - 1] is owner[i]:
            continue  # not the first word of a mention
        if i < 4 or doc[i - 1].text != ",":
            continue
        for j in range(i - 3, max(0, i - 8), -1):
            words = doc[j + 1 : i - 1]
            if any(t.is_punct or t.pos_ in ("VERB", "AUX") or t.i in owner for t in words):
                break
            if doc[j + 1].lower_ not in ("de", "du", "des", "d'", "d’"):
                continue
            if j >= 1 and j not in taken and doc[j - 1].lower_ in DETERMINERS and _occupation(doc[j : j + 1], not_titles, centroid, min_similarity):
                out.append((j, j + 1))
            break
    return out


def _compound_end(doc: Doc, j: int) -> int:
    """The end of a hyphenated compound the tokenizer split (« aide » « - » « soignante »), else j + 1."""
    end = j + 1
    while end + 1 < len(doc) and doc[end].text in ("-", "‑") and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return end


_APPOSITION_ENDS = frozenset({",", "et", "de", "du", "des", "d'", "d’", "à", "au", "aux", "chez", "pour", ".", ")", "-", "–"})


def _occupation(words, not_titles: frozenset[str], centroid: numpy.ndarray, min_similarity: float) -> bool:
    """Lower-case words of a common noun (« climatologue », « aide-soignante ») near the lexicon's titles, not a
    relation; a compound without a vector of its own counts by its last part's."""
    text = "".join(t.text_with_ws for t in words).strip()
    parts = [p for p in text.split("-") if p]
    head = words[0]
    if not (text.islower() and head.pos_ == "NOUN" and len(text) > 2 and parts and all(p.isalpha() for p in parts)):
        return False
    if fold(text) in not_titles:
        return False
    vocab = head.vocab
    if vocab.has_vector(text) or len(parts) == 1:
        return _near(vocab[text], centroid, min_similarity)
    return _near(vocab[parts[-1]], centroid, min_similarity)  # its head (« soignante », « amiral »), not « face-à-face »


def _near(token, centroid: numpy.ndarray, min_similarity: float) -> bool:
    if not token.has_vector:
        return False
    v = token.vector
    norm = float(numpy.linalg.norm(v))
    return bool(norm) and v.shape == centroid.shape and float(v @ centroid) / norm >= min_similarity
