"""Names the model left out, found after a person's title: « le Premier ministre britannique Boris Johnson »,
« le président chinois Xi Jinping » (via people.title).

A title of `models/lexicons/people_titles.txt` (the component's title matches), then up to `max_adjectives`
lower-case adjectives (« britannique », « néo-zélandaise »), then a name of two to four capitalised words
(particles inside: « Ursula von der Leyen ») in which the model saw no entity, that no organisation holds and
whose words are no determiner or acronym (the parser's sentence starts are not read: it cuts « le Premier
ministre Boris | Johnson a démissionné »): the person the title introduces. One capitalised
word is not enough (« le leader Total », « l'actionnaire Bpifrance »: a company as often as a person).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from depeche.normalise import names

_NOT_NAME_WORDS = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "d’", "et", "ou", "à", "au", "aux", "en"})
MAX_WORDS = 4


def _name_word(token) -> bool:
    text = token.text
    return (token.ent_type_ == "" and text[:1].isupper() and not token.is_upper and token.lower_ not in _NOT_NAME_WORDS
            and (token.is_alpha or ("-" in text and text.replace("-", "").isalpha())))


def titled_names(doc: Doc, titles: list[tuple[int, int]], taken: bytearray, *, max_adjectives: int = 2) -> list[Span]:
    """PER spans of the names right after the title matches `titles` (token ranges); `taken`: tokens of
    organisations (one byte per token)."""
    out: list[Span] = []
    n = len(doc)
    for _, end in titles:
        i, skipped = end, 0
        while i < n and skipped < max_adjectives and doc[i].is_lower and doc[i].pos_ == "ADJ" and doc[i].lower_ not in names.PARTICLES:
            i += 1
            skipped += 1
        j, words = i, 0
        while j < n and words < MAX_WORDS and not taken[j]:
            if _name_word(doc[j]):
                words += 1
                j += 1
            else:
                # « von der Leyen », « de Gaulle »: particles (one or two) inside the name, before a name word
                k = j
                while k < n and k - j < 2 and doc[k].lower_ in names.PARTICLES and not taken[k]:
                    k += 1
                if not (words and k > j and k < n and _name_word(doc[k]) and not taken[k]):
                    break
                j = k
        while j > i and not _name_word(doc[j - 1]):
            j -= 1
        if words >= 2 and (j >= n or not _name_word(doc[j])):
            out.append(Span(doc, i, j, label="PER"))
    return out
