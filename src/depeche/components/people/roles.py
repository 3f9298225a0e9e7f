"""Roles of people: title phrases found in the Doc, then the person each one is given to.

Stage 1, `title_phrases`: every title of the lexicon (`models/lexicons/people_titles.txt`, also as « ex-TITLE »)
and every occupation noun `occupations.occupation_cores` reads before a name (« le climatologue Christian Viel »)
outside a name, widened to its phrase: modifiers before it (« l'ancien PDG »), and after it an adjective, a party
label (« député LR », « élu CGT », « maire Les Républicains (LR) de Belfort »), « de/du/à/chez/auprès de » + an
organisation, a place, a portfolio (« ministre de l'Économie et des Finances ») or a lowercase complement
(« président du conseil d'administration »), a person as complement (« conseiller d'Emmanuel Macron »). It
ends at punctuation, a verb, a clause word, a sentence start, or the next person named (the holder).

Stage 2, `attach`: each phrase is given to one person, with the `via` that says how:
- `people.role:adjacent`: the person named right after it (« le PDG de Veolia, Antoine Frérot ») or right before
  it (« Antoine Frérot, PDG de Veolia », « X (LREM), député », « X, 49 ans, PDG », « X, alors ministre »);
  a title coordinated with one already given (« X, député du Vaucluse et secrétaire général adjoint ») goes to
  the same person (`people.role:coordinated`);
- plural titles, « respectivement », titles in apposition to a title and « nommé X au poste de »: `lists.py`
  (kinds coordinated, adjacent, predicate); « X son directeur général » without a comma is adjacent;
- `people.role:predicate` (with a parse): the title is the predicate or the apposition of a person (« X est
  l'ancien conseiller de Y », « X deviendra PDG », « X a été nommé directeur »);
- `people.role:orphan`: « la porte-parole de la Maison-Blanche » (determiner, organisation), no person named
  before it within the window: the next person named takes it;
- `people.role:anaphor`: a definite description « le chef de l'État a assuré », « a déclaré l'ancien Premier
  ministre » that no name follows: the one person the text gives that title elsewhere (« le président turc
  Recep Tayyip Erdogan … a déclaré le président turc », whoever was named since; the same description told
  again is the same person), else the person named last before it, within the window — unless the title is an
  office with one holder at a time and the article names whoever held it on its publication day (`offices.py`:
  « le chef de l'État » is Emmanuel Macron in 2020), whatever the description's place in the sentence (« le
  soutien du Premier ministre »): `people.role:office`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Hashable

from spacy.tokens import Doc

from depeche.components.organisations import entity_at
from depeche.components.people import lists
from depeche.components.people.offices import Offices, office_key, same_person
from depeche.normalise.text import fold

MODIFIERS = frozenset({"ancien", "ancienne", "ex", "nouveau", "nouvel", "nouvelle", "futur", "future", "actuel", "actuelle", "grand", "jeune", "toute", "premier", "première", "probable", "éphémère"})
DETERMINERS = frozenset({"le", "la", "l'", "l’", "sa", "son", "leur", "notre", "votre", "du", "au", "ce", "cette", "cet"})
_POSSESSIVE = frozenset({"son", "sa", "leur"})
_DEFINITE = frozenset({"le", "la", "l'", "l’"})
_GENDER = {"m.": "m", "monsieur": "m", "mme": "f", "mlle": "f", "madame": "f", "le": "m", "la": "f"}
_PARTICIPLES = frozenset({"élu", "élue"})
_HONORIFICS = frozenset({"me", "maître", "m.", "mme", "mlle", "dr", "pr"})  # between a title (or its comma) and the name
_AUXILIARIES = frozenset({"été", "est", "a", "être", "sera", "fut", "ont", "sont", "était", "avait", "bien", "réélu", "jamais"})
_VOCATIVE = frozenset({"monsieur", "madame", "m.", "mme"})
_OF = frozenset({"de", "du", "des", "d'", "d’", "chez", "à", "au", "aux", "auprès", "pour", "en", "la", "l'", "l’", "le", "les", "sur"})
_PREPOSITIONS = frozenset({"de", "du", "des", "d'", "d’", "chez", "à", "au", "aux", "auprès", "pour", "en", "sur"})
# words that end a title's complement (verbs the blank pipeline cannot tag, clause words)
_STOP = frozenset({
    "et", "ou", "mais", "qui", "que", "qu'", "qu’", "dont", "où", "a", "ont", "est", "sont", "était", "étaient", "avait",
    "avaient", "sera", "seront", "serait", "fut", "été", "avoir", "être", "se", "s'", "s’", "ne", "n'", "n’", "y", "il",
    "elle", "ils", "elles", "on", "lui", "leur", "dans", "par", "avec", "depuis", "lors", "selon", "après", "avant",
    "contre", "sans", "sous", "vers", "entre", "comme", "mardi", "lundi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "hier", "aujourd'hui", "déjà", "aussi", "encore", "alors", "ainsi", "également", "notamment", "donc",
    "lorsqu'", "quand", "si", "pas", "plus", "tous", "deux", "trois",
})
_QUOTES = frozenset({'"', "«", "»", "“", "”", "'"})
_BRIDGE = frozenset({"élu", "élue", "réélu", "réélue", "nommé", "nommée", "désigné", "désignée", "alors", "respectivement", "désormais", "aujourd'hui", "actuellement", "aussi", "également", "lui-même", "elle-même", "devenu", "devenue", "par", "ailleurs", "encore", "toujours", "déjà"})
_MAX_COMPLEMENT = 10
_PERSON_OF = frozenset({"de", "du", "des", "d'", "d’", "chez"})  # before a person that is a title's complement
_EN_TITLE = frozenset({"charge", "chef", "exercice", "poste", "fonction", "fonctions", "second", "titre", "mission"})


@dataclass(frozen=True)
class TitlePhrase:
    """A title in the text: the phrase [start, end), its lexicon title [core_start, core_end), the title's text
    [core_start, title_end) (before « de ORG »), the organisation id and where a person named right after it is."""

    start: int
    core_start: int
    core_end: int
    title_end: int
    end: int
    org: str | None
    holder_after: int | None
    title_text: str | None = None  # the title as a singular, for a plural title (« les ministres des X … »)
    plural: bool = False

    def text(self, doc: Doc) -> str:
        return self.title_text if self.title_text is not None else doc[self.core_start : self.title_end].text


def title_phrases(doc: Doc, cores: list[tuple[int, int]], owner: dict[int, Hashable], plural: frozenset[int] = frozenset()) -> list[TitlePhrase]:
    """The phrase of each lexicon title found at `cores` (non-overlapping token ranges), in text order; a core
    starting at an index of `plural` is a plural title (« les ministres »), kept only with the names that follow
    it (`lists.plural_phrases`)."""
    out = []
    taken_ends = -1
    for core_start, core_end in sorted(cores):
        if core_start < taken_ends or any(i in owner for i in range(core_start, core_end)):
            continue
        if doc[core_start].ent_type_ == "ORG":
            continue  # « Parti socialiste », « Conseil constitutionnel »: a name, no title
        if doc[core_start].lower_ in _PARTICIPLES and _participle(doc, core_start, core_end, cores):
            continue
        start = core_start
        while start > 0 and doc[start - 1].lower_ in MODIFIERS and not doc[start - 1].ent_type_:
            start -= 1
        end, org, title_end, holder = _complement(doc, core_end, owner)
        phrase = TitlePhrase(start, core_start, core_end, title_end, end, org, holder)
        if core_start in plural:
            out.extend(lists.plural_phrases(doc, phrase, owner, _complement))
        else:
            out.append(phrase)
        taken_ends = max(end, out[-1].end if out else end)
    return out


def _participle(doc: Doc, start: int, end: int, cores: list[tuple[int, int]]) -> bool:
    """« élu » is a verb in « X a été élu président », « élu samedi président de la collectivité »."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before in _AUXILIARIES or after in _STOP or any(s == end for s, _ in cores) or (end < len(doc) and doc[end].like_num)


def _complement(doc: Doc, i: int, owner: dict[int, Hashable]) -> tuple[int, str | None, int, int | None]:
    """Scan after a title: (phrase end, organisation id, title's text end, person named right after)."""
    end = i  # the phrase so far ends here (never on a preposition or a determiner)
    org, org_start = None, None
    parsed = doc.has_annotation("POS")
    k = i
    while k < len(doc) and k - i < _MAX_COMPLEMENT:
        tok = doc[k]
        if k > i and tok.is_sent_start:
            break
        if k in owner:
            if k > i and doc[k - 1].lower_ in _PERSON_OF:  # « conseiller d'Emmanuel Macron »: a complement (« à X » is whom one speaks to)
                complement = owner[k]
                while k < len(doc) and owner.get(k) is complement:
                    k += 1
                end = k
                continue
            if k == end or all(doc[j].text in _QUOTES or doc[j].text == "," or doc[j].lower_ in _HONORIFICS for j in range(end, k)):
                return end, org, org_start if org_start is not None else end, k
            break
        if tok.text in _QUOTES and k == i and i - 1 > 0 and doc[i - 1].text in _QUOTES or doc[i - 2].text in _QUOTES:
            k += 1  # le "Speaker" John Bercow
            continue
        if tok.text == "(" and k + 2 < len(doc) and doc[k + 2].text == ")" and _is_label(doc[k + 1]):
            k += 3  # « maire Les Républicains (LR) de Belfort »
            end = k
            continue
        if tok.text == "," and k + 1 < len(doc) and (k + 1) in owner:
            k += 1
            continue
        # « l'avocat de la famille, Me Jean Martin »: an honorific after the comma, for a singular title only
        # (« entendue par les députés, Mme Houlette ayant… » names no deputy)
        singular = not doc[i - 1].lower_.endswith(("s", "x"))
        if singular and tok.lower_ in _HONORIFICS and k > i and doc[k - 1].text == "," and k + 1 < len(doc) and (k + 1) in owner:
            k += 1
            continue
        if singular and tok.text == "," and k + 2 < len(doc) and doc[k + 1].lower_ in _HONORIFICS and (k + 2) in owner:
            k += 1
            continue
        if tok.lower_ in _HONORIFICS and k + 1 < len(doc) and (k + 1) in owner and doc[k - 1].text != ",":
            k += 1  # « son avocat Me Gilles-Jean Portejoie », « l'avocat de l'aubergiste Me Frédéric Bibal »
            continue
        if tok.lower_ == "en" and k + 1 < len(doc) and doc[k + 1].text[:1].islower() and doc[k + 1].lower_ not in _EN_TITLE:
            break  # « l'ancien ministre de l'Intérieur en réponse au député »: a clause, not the title (« rédacteur en chef » is)
        if tok.lower_ in _OF and tok.lower_ not in _STOP:
            k += 1
            continue
        if not (tok.is_alpha or _hyphenated(tok)):
            break
        if tok.ent_type_ in ("ORG", "LOC", "MISC") and tok.ent_iob_ == "B" and (k == i or doc[k - 1].lower_ in _OF or _is_label(tok)):
            ent_end = k + 1
            while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
                ent_end += 1
            if tok.ent_type_ == "ORG" and org_start is None:  # the title's text ends before an organisation's name
                org = entity_at(doc, tok.idx, doc[ent_end - 1].idx + len(doc[ent_end - 1]))
                org_start = _trim(doc, i, k)
            k = end = ent_end
            continue
        lower = tok.lower_
        if lower in _STOP or (parsed and tok.pos_ in ("VERB", "AUX", "PRON", "ADV", "NUM", "CCONJ", "SCONJ")):
            if lower == "et" and k + 2 < len(doc) and doc[k + 1].lower_ in _OF and doc[k + 2].text[:1].isupper() and doc[k - 1].text[:1].isupper():
                k += 2  # « de l'Économie et des Finances »
                continue
            break
        if tok.text[:1].isupper():
            if _is_label(tok) and (k == i or doc[k - 1].lower_ in _OF or _is_label(doc[k - 1])):
                k = end = k + 1  # « député LR », « élu CGT Loomis »
                continue
            if doc[k - 1].lower_ in _OF or doc[k - 1].text[:1].isupper() and k - 1 >= i:
                k = end = k + 1  # a portfolio « de l'Économie », « au Tourisme et au Commerce extérieur »
                continue
            break
        # a lowercase word: an adjective (« britannique »), or a noun after a preposition (« du directoire »)
        if parsed and tok.pos_ not in ("ADJ", "NOUN", "PROPN", "X", ""):
            break
        if k == i or doc[k - 1].lower_ in _OF or end == k:
            k = end = k + 1
            continue
        break
    if org_start is None:  # an organisation's token inside the complement ends the title's text before it
        org_start = next((_trim(doc, i, j) for j in range(i, end) if doc[j].ent_type_ == "ORG"), None)
    return end, org, org_start if org_start is not None else end, None


def _hyphenated(tok) -> bool:
    """« néo-zélandaise », « franco-allemand »: words joined by hyphens, a word of the phrase like any other."""
    parts = tok.text.split("-")
    return len(parts) > 1 and all(part.isalpha() for part in parts)


def _is_label(tok) -> bool:
    """A party's or union's label after a title: « LR », « LREM », « MoDem », « CGT »."""
    text = tok.text
    return len(text) >= 2 and text[:1].isupper() and sum(c.isupper() for c in text) >= 2 and text.isalpha()


def _trim(doc: Doc, lo: int, k: int) -> int:
    """Where the title's text ends before the organisation at k: back over prepositions and determiners."""
    while k > lo and doc[k - 1].lower_ in _OF:
        k -= 1
    return k


def attach(doc: Doc, phrases: list[TitlePhrase], owner: dict[int, Hashable], window: int, offices: Offices | None = None,
           published: dt.date | None = None) -> list[tuple[Hashable, TitlePhrase, str]]:
    """(person, phrase, kind) for each phrase given to a person; kind is one of adjacent, coordinated,
    predicate, orphan, anaphor, office (an anaphor that goes to the office's holder on `published`)."""
    out: list[tuple[Hashable, TitlePhrase, str]] = []
    given: dict[int, Hashable] = {}  # phrase end -> person, for coordinated titles
    mentions = sorted({(i, p) for i, p in owner.items() if i == 0 or owner.get(i - 1) is not p}, key=lambda x: x[0])
    gender = {p: _GENDER[doc[i - 1].lower_] for i, p in mentions if i > 0 and doc[i - 1].lower_ in _GENDER}  # « M. X », « Mme X »
    orgs: dict[Hashable, set[str]] = {}
    listed = lists.respectively(doc, phrases, owner)
    described: list[int] = []
    for n, phrase in enumerate(phrases):
        person, kind = (listed[n], "coordinated") if n in listed else (None, None)
        if person is None and phrase.plural and phrase.holder_after is None:
            continue  # « les ministres » with no name after it: nobody's in particular
        if person is None and phrase.holder_after is not None:
            person, kind = owner[phrase.holder_after], "adjacent"
        if person is None:
            person = _before(doc, phrase.start, owner)
            kind = "adjacent" if person is not None else None
        if person is None and phrase.start > 0 and doc[phrase.start - 1].lower_ == "et" and (phrase.start - 1) in given:
            person, kind = given[phrase.start - 1], "coordinated"
        if person is None:
            person = _named_after_comma(doc, phrase.end, owner)
            kind = "adjacent" if person is not None else None
        if person is None:
            person = lists.chained_holder(doc, phrases, n, owner)
            kind = "adjacent" if person is not None else None
        if person is None:
            person = lists.appointed(doc, phrase, owner)
            kind = "predicate" if person is not None else None
        if person is None:
            person = _predicate(doc, phrase, owner)
            kind = "predicate" if person is not None else None
        if person is None:
            described.append(n)  # given once every named holder of a title is known
            continue
        _give(doc, out, given, orgs, gender, person, phrase, kind)
    holders: dict[str, set[Hashable]] = {}
    for person, phrase, _ in out:
        holders.setdefault(_title_key(doc, phrase), set()).add(person)
    for n in described:
        phrase = phrases[n]
        key = _title_key(doc, phrase)
        person, kind = _described(doc, phrase, mentions, window, gender, orgs)
        if person is None and phrase.start > 0 and doc[phrase.start - 1].lower_ in _OFFICE_DETERMINERS:
            # an office needs no subject: « le soutien du Premier ministre », « la limousine du président américain »
            person = _office_holder(doc, phrase, key, mentions, owner, offices, published)
            kind = "office" if person is not None else None
        if person is not None:
            same = holders.get(key, set())
            if len(same) == 1 and person not in same:
                person = next(iter(same))  # « le président turc Recep Tayyip Erdogan … a déclaré le président turc »
            elif not same and kind != "office":
                holder = _office_holder(doc, phrase, key, mentions, owner, offices, published)
                if holder is not None:
                    person, kind = holder, "office"  # « le chef de l'État » on a day Emmanuel Macron was
            _give(doc, out, given, orgs, gender, person, phrase, kind)
            holders.setdefault(key, set()).add(person)  # the same description again: the same person
    return sorted(out, key=lambda item: item[1].start)


_OFFICE_DETERMINERS = frozenset({"le", "la", "l'", "l’", "du", "au"})
_NOT_IN_OFFICE = frozenset({"ancien", "ancienne", "ex", "futur", "future", "prochain", "prochaine", "nouveau", "nouvel", "nouvelle", "probable", "éphémère"})


def _office_holder(doc: Doc, phrase: TitlePhrase, key: str, mentions: list[tuple[int, Hashable]], owner: dict[int, Hashable],
                   offices: Offices | None, published: dt.date | None) -> Hashable | None:
    """The article's person who held the office the phrase names (its `_title_key`) on `published`
    (`offices.Offices`), unless the phrase says a past or future holder (« l'ancien Premier ministre », « ex-président »)."""
    if offices is None or published is None:
        return None
    words = fold(doc[phrase.start : phrase.core_start].text).split()
    if _NOT_IN_OFFICE & set(words) or doc[phrase.core_start].lower_.startswith("ex-"):
        return None
    holder = offices.holder(key, published)
    if holder is None:
        return None
    longest: dict[Hashable, str] = {}  # each person by their fullest name: « Robert S. Trump » is no « Donald Trump »
    for i, person in mentions:
        j = i
        while j < len(doc) and owner.get(j) is person:
            j += 1
        if len(doc[i:j].text) > len(longest.get(person, "")):
            longest[person] = doc[i:j].text
    return next((person for person, name in longest.items() if same_person(holder, name)), None)


def _give(doc: Doc, out: list, given: dict, orgs: dict, gender: dict, person: Hashable, phrase: TitlePhrase, kind: str) -> None:
    out.append((person, phrase, kind))
    given[phrase.end] = person
    if phrase.org is not None:
        orgs.setdefault(person, set()).add(phrase.org)
    said = _phrase_gender(doc, phrase)
    if said is not None:
        gender.setdefault(person, said)


def _title_key(doc: Doc, phrase: TitlePhrase) -> str:
    """The title with its complement, folded, without its modifiers: « l'ancien ministre de l'Intérieur » and
    « ministre de l'Intérieur » are one title."""
    return office_key(doc[phrase.core_start : phrase.end].text)


def _before(doc: Doc, start: int, owner: dict[int, Hashable]) -> Hashable | None:
    """The person named right before the phrase: « X, PDG », « X, le PDG », « X (LREM), député », « X, 49 ans,
    PDG », « X, alors ministre »."""
    j = start - 1
    while j >= 0 and (doc[j].lower_ in _BRIDGE or doc[j].lower_ in DETERMINERS or doc[j].text in _QUOTES):
        j -= 1
        if start - j > 4:
            return None
    if j >= 0 and j in owner and doc[j + 1].lower_ in _POSSESSIVE:
        return owner[j]  # « X son directeur général »: a possessive apposition without its comma
    if j < 0 or doc[j].text != ",":
        return None
    j -= 1
    if j >= 2 and doc[j].lower_ == "ans" and doc[j - 1].like_num and doc[j - 2].text == ",":
        j -= 3  # « X, 49 ans, PDG »
    if j >= 2 and doc[j].text == ")" and doc[j - 2].text == "(":
        j -= 3  # « X (LREM), député »
    return owner.get(j) if j >= 0 else None


def _named_after_comma(doc: Doc, end: int, owner: dict[int, Hashable]) -> Hashable | None:
    """« La ministre déléguée chargée de l'égalité entre les femmes et les hommes, Élisabeth Moreno »: a name
    after a comma closing a complement longer than the phrase scan, no verb between."""
    for k in range(end, min(len(doc), end + 12)):
        tok = doc[k]
        if tok.text == ",":
            return owner.get(k + 1)
        if k > end and tok.is_sent_start or k in owner or tok.pos_ in ("VERB", "AUX") or tok.lower_ in ("qui", "que", "a", "est", ".", ";", ":"):
            return None
    return None


def _predicate(doc: Doc, phrase: TitlePhrase, owner: dict[int, Hashable]) -> Hashable | None:
    """With a parse: the person whose predicate or apposition the title is."""
    if not doc.has_annotation("DEP"):
        return None
    core = doc[phrase.core_start]
    for tok in (core, doc[phrase.core_end - 1]):
        if tok.dep_ == "appos" and tok.head.i in owner and tok.head.i < tok.i:
            return owner[tok.head.i]
        cop = any(c.dep_ == "cop" for c in tok.children)
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubj:pass") and child.i in owner and (cop or child.i < tok.i):
                return owner[child.i]
        if tok.dep_ == "xcomp":
            for child in tok.head.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and child.i in owner:
                    return owner[child.i]
    return None


def _phrase_gender(doc: Doc, phrase: TitlePhrase) -> str | None:
    """« le PDG » m, « la ministre » f, « l'avocate » unknown."""
    return _GENDER.get(doc[phrase.start - 1].lower_) if phrase.start > 0 and doc[phrase.start - 1].lower_ in ("le", "la") else None


def _described(
    doc: Doc,
    phrase: TitlePhrase,
    mentions: list[tuple[int, Hashable]],
    window: int,
    gender: dict[Hashable, str],
    orgs: dict[Hashable, set[str]],
) -> tuple[Hashable | None, str | None]:
    """A definite description no name follows: the person of the same organisation named before it (« le
    directeur général de BlaBlaCar … le patron de BlaBlaCar »), else one named next when it has an organisation
    (orphan: « la porte-parole de la Maison-Blanche … Jen Psaki »), else the person named last before it
    (anaphor); within `window` characters, never a person whose gender (« M. », « Mme », « la ministre »)
    is not the description's."""
    det = doc[phrase.start - 1] if phrase.start > 0 else None
    if det is None or det.lower_ not in _DEFINITE or not _subject(doc, phrase, det.i):
        return None, None
    after = phrase.end + int(phrase.end < len(doc) and doc[phrase.end].text == ",")
    if after < len(doc) and doc[after].text[:1].isupper() and doc[after].is_alpha and not doc[after].is_sent_start:
        return None, None  # « la présidente du RN Marine Le Pen »: a name the model missed follows
    said = _phrase_gender(doc, phrase)
    fits = lambda p: said is None or gender.get(p, said) == said  # noqa: E731
    at, end_at = doc[phrase.start].idx, doc[phrase.end - 1].idx
    before = [p for i, p in mentions if i < phrase.start and at - doc[i].idx <= window and fits(p)]
    if phrase.org is not None:
        same = [p for p in before if phrase.org in orgs.get(p, ())]
        if same:
            return same[-1], "anaphor"
        following = next((p for i, p in mentions if i >= phrase.end and doc[i].idx - end_at <= window and fits(p)), None)
        if following is not None:
            return following, "orphan"  # « la porte-parole de la Maison-Blanche » introduces whom the text names next
    return (before[-1], "anaphor") if before else (None, None)


def _subject(doc: Doc, phrase: TitlePhrase, det: int) -> bool:
    """A description that stands for a person as a subject: « le chef de l'État a assuré », « a déclaré
    l'ancien Premier ministre »; not « par le juge », « monsieur le Premier ministre », « c'est lui le patron »."""
    before = doc[det - 1] if det > 0 else None
    if before is not None and (before.lower_ in _VOCATIVE or before.lower_ in ("lui", "elle", "c'", "c’")):
        return False
    if doc.has_annotation("DEP"):
        core = doc[phrase.core_start : phrase.core_end].root
        return core.dep_ in ("nsubj", "nsubj:pass") or _incise(doc, det)
    return before is None or doc[det].is_sent_start or before.text in (",", ".", "!", "?", ";", *_QUOTES)


def _incise(doc: Doc, det: int) -> bool:
    """« …", a précisé le secrétaire d'État »: the description is the inverted subject of a reporting clause."""
    j = det - 1
    while j >= 0 and det - j <= 4 and doc[j].pos_ in ("VERB", "AUX", "ADV"):
        j -= 1
    return j < det - 1 and (j < 0 or doc[j].text in (",", *_QUOTES))
