"""Party candidates of a deal: every name a party could be, so that a deal survives an upstream miss.

The organisations and people the earlier components found come first (with their kind); then the base model's
ORG / PER / MISC entities that overlap none of them; then runs of proper nouns (« Saipa S.r. », « Éditis ») the
model left unlabelled (a run stops at « et »: « Sapient et Epsilon » are two names), with the capitalised words the
tagger took for common nouns (`_name_word`: « Figma », « Couche-Tard »). Each is a `features.Candidate` over Doc tokens; the role model decides which are parties.
"""

from __future__ import annotations

from depeche.components.deals.features import Candidate

_ENT_LABELS = ("ORG", "PER", "MISC")
_NAME_PARTICLES = {"de", "du", "des", "d'", "d’", "&", "-"}


def _free(taken: list[bool], start: int, end: int) -> bool:
    return not any(taken[start:end])


def _take(taken: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        taken[i] = True


_SENTENCE_ENDS = {".", "!", "?", "…", ":", "«", "»", '"', "“", "”", "(", "-", "—"}


def _name_word(doc, i: int) -> bool:
    """A word of a proper-noun run: a capitalised proper noun, an acronym, a capitalised word joined by a hyphen to
    another (« Couche-Tard »), or a capitalised word inside a sentence that the tagger took for a common noun
    although it is no word of the language (no vector for its lower case: « Figma »)."""
    tok = doc[i]
    if not tok.text[:1].isupper():
        return False
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ not in ("NOUN", "X", "ADJ") or not tok.is_alpha:
        return False
    if tok.is_upper:
        return len(tok) >= 2  # an acronym (« PPR », which the tagger calls a noun and the model a place)
    joined = (i + 2 < len(doc) and doc[i + 1].text == "-" and not tok.whitespace_ and not doc[i + 1].whitespace_ and doc[i + 2].text[:1].isupper()) or (
        i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ and doc[i - 2].text[:1].isupper())
    if joined:
        return True
    if i == 0 or doc[i - 1].text in _SENTENCE_ENDS:
        return False  # a sentence's first word is capitalised whatever it is
    vectors = doc.vocab.vectors
    return vectors.size > 0 and doc.vocab.strings.add(tok.lower_) not in vectors


def party_candidates(doc, known: list[Candidate]) -> list[Candidate]:
    """`known` (organisation, person and state mentions, in token offsets) plus the model's entities and proper-noun
    runs that overlap none of them, in text order."""
    taken = [False] * len(doc)
    out: list[Candidate] = []
    for c in sorted(known, key=lambda c: (c.start, -(c.end - c.start))):
        if c.end > c.start and _free(taken, c.start, c.end):
            out.append(c)
            _take(taken, c.start, c.end)
    for ent in doc.ents:
        if ent.label_ in _ENT_LABELS and ent.text[:1].isupper() and _free(taken, ent.start, ent.end):
            kind = "person" if ent.label_ == "PER" else None
            out.append(Candidate(ent.start, ent.end, f"ent:{ent.label_}", kind))
            _take(taken, ent.start, ent.end)
    if doc.has_annotation("POS"):
        i = 0
        while i < len(doc):
            tok = doc[i]
            if _name_word(doc, i) and not taken[i]:
                j = i + 1
                while j < len(doc) and not taken[j] and (
                    _name_word(doc, j)
                    or (doc[j].lower_ in _NAME_PARTICLES and j + 1 < len(doc) and _name_word(doc, j + 1))
                ):
                    j += 1
                out.append(Candidate(i, j, "propn", None))
                _take(taken, i, j)
                i = j
            else:
                i += 1
    return sorted(out, key=lambda c: c.start)
