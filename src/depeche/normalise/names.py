"""Names of organisations and people: keys for comparing them, acronyms, short forms, misspellings.

Plain functions on strings (no spaCy), used by `depeche_organisations` and `depeche_people`.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from depeche.normalise.text import fold

_DETERMINER = re.compile(r"^(?:l'|l’|le |la |les |the )", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&\-\.]{1,9}$")
# Name particles that belong to a surname: « De Gendt », « de Gaulle », « Van Gogh », « Al-Assad ».
PARTICLES = frozenset({"de", "d'", "du", "des", "di", "da", "del", "della", "van", "von", "der", "den", "le", "la", "mc", "al", "el", "ben", "bin", "ibn", "dos", "das"})
_SMALL = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "of", "the", "and", "for", "en", "au", "aux", "sur", "à", "a"})


def strip_determiner(text: str) -> str:
    """« l'ONU » -> ONU, « Le Monde » -> Monde (only for comparison keys; never applied to a source span)."""
    return _DETERMINER.sub("", text.strip(), count=1)


def key(name: str) -> str:
    """The comparison key of a name: folded (case, accents, apostrophes, dashes, spaces), leading article dropped."""
    return fold(strip_determiner(name)).replace("-", " ")


def is_acronym(text: str) -> bool:
    """« CMA », « NOAA », « AT&T », « S.N.C.F. »: 2 to 10 capitals (digits, &, - and dots allowed), at least 2 letters."""
    return bool(_ACRONYM.match(text)) and sum(c.isalpha() for c in text) >= 2 and text.upper() == text


_WORD_ACRONYM = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]{2,7}$")


def is_word_acronym(text: str) -> bool:
    """« Ofpra », « Anses », « Insee », « Unédic »: an acronym written as a word (a capital, then 2 to 7
    lower-case letters) — only ever read as one where the text defines it (« … des apatrides (Ofpra) »)."""
    return bool(_WORD_ACRONYM.match(text))


def initials(name: str) -> str:
    """Capitalised initials of the content words: « Comité international olympique » -> CIO."""
    words = re.split(r"[\s\-'’]+", name)
    return "".join(w[0] for w in words if w and w.lower() not in _SMALL).upper()


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether `acronym` could abbreviate `name`: its letters are the initials of `name`'s words, in order
    (small words optional), or each of its letters starts a word of `name` in order."""
    letters = "".join(c for c in acronym.upper() if c.isalpha())
    if not letters:
        return False
    init = fold(initials(name)).upper()
    if fold(letters).upper() == init:
        return True
    words = [fold(w).upper() for w in re.split(r"[\s\-'’]+", name) if w]
    position = 0
    for letter in fold(letters).upper():
        while position < len(words) and not words[position].startswith(letter):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def misspelling_of(variant: str, name: str) -> bool:
    """Whether `variant` looks like a misspelling of `name` (« Wallmart » / Walmart), with guards: both at
    least 5 characters, same first letter, one edit apart (two when both are 10 or more characters long), the
    same digits, and not merely different words (a different number of words)."""
    return keys_misspelt(key(variant), key(name))


def keys_misspelt(a: str, b: str) -> bool:
    """`misspelling_of` on two names' `key`s (for callers that compare one name with many)."""
    if a == b or min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 2 or a.count(" ") != b.count(" "):
        return False
    if [c for c in a if c.isdigit()] != [c for c in b if c.isdigit()]:
        return False  # « Ligue 1 » / « Ligue 2 », « M6 » / « M7 »: another number is another name, no misspelling
    allowed = 2 if min(len(a), len(b)) >= 10 else 1
    return Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def surname_forms(full_name: str) -> list[str]:
    """The short forms a person's full name is referred to by, longest first: « Donald Trump » -> [Trump];
    « Thomas De Gendt » -> [De Gendt, Gendt]; « Marc Ladreit de Lacharrière » -> [Ladreit de Lacharrière,
    de Lacharrière, Lacharrière]. Empty for a one-word name."""
    words = full_name.split()
    if len(words) < 2:
        return []
    forms = []
    for i in range(1, len(words)):
        rest = words[i:]
        # the short form cannot start with a particle unless it is capitalised (« De Gendt ») or « de Gaulle »-style
        forms.append(" ".join(rest))
    return [f for f in forms if f.split()[-1][:1].isupper() and fold(f) not in PARTICLES]


def is_short_form(short: str, full_name: str) -> bool:
    """Whether `short` is a surname form of `full_name` (compared folded): « Trump » of « Donald Trump »."""
    k = key(short)
    return any(key(form) == k for form in surname_forms(full_name))
