"""Titles shared by several people, and titles in a chain of appositions (used by `roles.py`).

- `plural_phrases`: a plural title followed by its holders, « les ministres des Affaires étrangères X et de
  l'Intérieur Y »: one phrase per holder, its title in the singular (« ministre des Affaires étrangères »,
  « ministre de l'Intérieur »); a plural title no name follows is nobody's in particular.
- `respectively`: « X et Y, respectivement président exécutif et coprésident de Z »: the n-th title goes to the
  n-th person named.
- `chained_holder`: « le chef de l'opposition, le travailliste X », « le président de la Chambre, le "Speaker"
  X »: a title whose apposition is another title given to the person named right after it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Hashable

from spacy.tokens import Doc

if TYPE_CHECKING:
    from depeche.components.people.roles import TitlePhrase

_PREPOSITIONS = frozenset({"de", "du", "des", "d'", "d’", "à", "au", "aux", "chez", "auprès"})
_LINKS = frozenset({"et", ","})
_DETERMINERS = frozenset({"le", "la", "l'", "l’", "sa", "son", "leur", "ce", "cette", "cet"})
_QUOTES = frozenset({'"', "«", "»", "“", "”"})


def _mention_end(owner: dict[int, Hashable], i: int) -> int:
    person = owner[i]
    while owner.get(i) is person:
        i += 1
    return i


def _mention_start(owner: dict[int, Hashable], i: int) -> int:
    person = owner[i]
    while i > 0 and owner.get(i - 1) is person:
        i -= 1
    return i


def plural_phrases(doc: Doc, phrase: TitlePhrase, owner: dict[int, Hashable], complement: Callable) -> list[TitlePhrase]:
    """The phrases of a plural title (`phrase`, its core a plural), one per holder named after it."""
    if phrase.holder_after is None:
        return [replace(phrase, plural=True)]
    head = doc[phrase.core_start]
    singular = head.text[:-1] + (head.whitespace_ + doc[phrase.core_start + 1 : phrase.core_end].text if phrase.core_end > phrase.core_start + 1 else "")
    rest = doc[phrase.core_end : phrase.title_end].text
    out = [replace(phrase, plural=True, title_text=singular + (" " + rest if rest else ""))]
    e = _mention_end(owner, phrase.holder_after)
    while e + 1 < len(doc) and doc[e].lower_ in _LINKS and doc[e + 1].lower_ in _PREPOSITIONS:
        end, org, title_end, holder = complement(doc, e + 1, owner)
        if holder is None or title_end <= e + 1:
            break
        text = singular + " " + doc[e + 1 : title_end].text
        out.append(replace(phrase, start=e + 1, core_start=e + 1, core_end=e + 1, title_end=title_end, end=end, org=org, holder_after=holder, title_text=text))
        e = _mention_end(owner, holder)
    return out


def respectively(doc: Doc, phrases: list[TitlePhrase], owner: dict[int, Hashable]) -> dict[int, Hashable]:
    """Phrase index -> person for « X et Y, respectivement T1 et T2 » (as many titles as people, or fewer)."""
    out: dict[int, Hashable] = {}
    for n, phrase in enumerate(phrases):
        j = phrase.start - 1
        if n in out or j < 2 or doc[j].lower_ != "respectivement":
            continue
        j -= 1
        if doc[j].text == ",":
            j -= 1
        people: list[Hashable] = []
        while j >= 0 and j in owner:
            people.insert(0, owner[j])
            j = _mention_start(owner, j) - 1
            if j < 1 or doc[j].lower_ not in _LINKS:
                break
            j -= 1
        if len(people) < 2:
            continue
        out[n] = people[0]
        m = n + 1
        while m < len(phrases) and m - n < len(people) and phrases[m].start > phrases[m - 1].end:
            between = doc[phrases[m - 1].end : phrases[m].start]
            if not all(t.lower_ in _LINKS or t.lower_ in _DETERMINERS for t in between) or not len(between):
                break
            out[m] = people[m - n]
            m += 1
    return out


def chained_holder(doc: Doc, phrases: list[TitlePhrase], n: int, owner: dict[int, Hashable]) -> Hashable | None:
    """The person named right after the next title when phrase n is followed by « , [le] [\"]TITLE[\"] X »."""
    phrase = phrases[n]
    if n + 1 >= len(phrases) or phrase.end >= len(doc) or doc[phrase.end].text != ",":
        return None
    following = phrases[n + 1]
    between = doc[phrase.end + 1 : following.start]
    if following.holder_after is None or len(between) > 3 or not all(t.lower_ in _DETERMINERS or t.text in _QUOTES for t in between):
        return None
    return owner[following.holder_after]


_APPOINTED = frozenset({
    "nommé", "nommée", "nommer", "nomme", "désigné", "désignée", "désigner", "désigne", "élu", "élue", "élire", "élit",
    "réélu", "réélue", "promu", "promue", "promouvoir", "choisi", "choisie", "nommés", "désignés", "élus",
})
_POST = frozenset({"poste", "fonction", "fonctions"})


def appointed(doc: Doc, phrase: TitlePhrase, owner: dict[int, Hashable]) -> Hashable | None:
    """« X a été nommé au poste de directeur », « Y a nommé X au poste de directeur », « Y a désigné X
    directeur »: the person appointed, named with an appointment verb before the title."""
    j = phrase.start - 1
    if j >= 2 and doc[j].lower_ in ("de", "d'", "d’") and doc[j - 1].lower_ in _POST:
        j -= 2
        if j >= 0 and doc[j].lower_ in ("au", "aux", "à", "la", "les"):
            j -= 1
        if j >= 0 and doc[j].lower_ in ("à", "au"):
            j -= 1
        for k in range(j, max(-1, j - 6), -1):  # back over « a été nommé » to the person, no punctuation between
            if k in owner:
                verb = any(doc[i].lower_ in _APPOINTED for i in range(max(0, _mention_start(owner, k) - 4), phrase.start))
                return owner[k] if verb else None
            if not doc[k].is_alpha:
                return None
        return None
    if j >= 1 and j in owner:  # « a désigné X directeur »
        start = _mention_start(owner, j)
        if start > 0 and doc[start - 1].lower_ in _APPOINTED:
            return owner[j]
    return None
