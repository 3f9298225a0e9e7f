"""Offices with one holder at a time: who a definite description of the office stands for on a given day.

« Le chef de l'État a assuré », « a déclaré le Premier ministre » with no name beside them: on the article's
publication day the office had one holder (`models/lexicons/people_office_holders.tsv`: the French president and
prime minister, the American president); when the article names that person, the description is theirs, not the
last person named before it. An office of another country or body (« le Premier ministre britannique ») is another
title, and a past or future holder (« l'ancien Premier ministre ») is not the one in office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from depeche.normalise.text import fold, name_key


@dataclass(frozen=True)
class Term:
    holder: str
    first: dt.date
    last: dt.date | None  # None: still in office


@dataclass(frozen=True)
class Offices:
    titles: dict[str, str]  # folded title -> office
    terms: dict[str, tuple[Term, ...]]  # office -> its terms

    def holder(self, title_key: str, day: dt.date | None) -> str | None:
        """The name of whoever held the office `title_key` (a folded title) on `day`."""
        office = self.titles.get(title_key)
        if office is None or day is None:
            return None
        for term in self.terms.get(office, ()):
            if term.first <= day and (term.last is None or day < term.last):
                return term.holder
        return None


def read_offices(lines: list[str]) -> Offices:
    """The lexicon's lines: `office<TAB>title[<TAB>holder<TAB>first day[<TAB>last day]]`, `#` comments; a line
    that does not fit says where."""
    titles: dict[str, str] = {}
    terms: dict[str, list[Term]] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) not in (2, 4, 5) or not all(cells[:2]):
            raise ValueError(f"people_office_holders line {n}: expected office, title[, holder, first day[, last day]], got {line!r}")
        office, title = cells[0], cells[1]
        titles[office_key(title)] = office
        if len(cells) >= 4:
            try:
                first = dt.date.fromisoformat(cells[3])
                last = dt.date.fromisoformat(cells[4]) if len(cells) == 5 and cells[4] else None
            except ValueError as error:
                raise ValueError(f"people_office_holders line {n}: {error}") from None
            terms.setdefault(office, []).append(Term(cells[2], first, last))
    return Offices(titles, {office: tuple(sorted(ts, key=lambda t: t.first)) for office, ts in terms.items()})


def office_key(title: str) -> str:
    """A title, folded: the key of a title in the lexicon and of a title phrase (`roles._title_key`)."""
    return fold(title).lower().strip(" ,")


def same_person(holder: str, name: str) -> bool:
    """Whether an article's person named `name` is `holder`: the same full name, or the holder's surname alone."""
    return name_key(name) == name_key(holder) or (" " not in name.strip() and name_key(name) == name_key(holder.split()[-1]))
