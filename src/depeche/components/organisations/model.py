"""The `model` generator: the ner's ORG entities, made into names (`ner.model`), and the ner's people shaped like
companies (`organisations.company-like`).

A model's span is cut to the name it holds: a leading « l' » and a descriptor with its adjectives (« le
laboratoire allemand CureVac », « l'agence sanitaire Santé publique France ») go; it ends before a quote mark
(« TMC « Quotidien »), a conjugated verb or a determiner that no preposition introduces (« consortium Onepoint expire »,
« Sécurité sociale les autres »), « de » and an infinitive (« Groupe d'éviter »), « de 2013 », a number that more words follow (« Carrefour 20 MW »), a person of
the article at either end (« Rassemblement national Marine Le Pen »), and never on « de » or punctuation; a
court's or an institution's name runs over the place after it (« Cour de chancellerie du Delaware »). A span that
is a company's town (« le géant de Redmond ») is none, nor one that is a person of the article (her full
name, the surname of a longer one: « Ghosn » after « Carlos Ghosn », or a one-word name the ner calls a person
more often than an organisation); one that opens on a person's honorific
(« Me Arcadio », « M. Dupont ») is a person: PER in `doc.ents`, which `depeche_people` reads."""

from __future__ import annotations

from collections import Counter

from depeche.components.organisations.types import ELISIONS, GAZETTEER, MODEL, OF, Candidate, Context, Tables
from depeche.normalise.text import fold

_QUOTES = frozenset({"«", "»", '"', "“", "”"})
_PREPOSITIONS = OF | {"à", "au", "aux", "en", "pour", "sur", "et"}


def model(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    doc = ctx.doc
    votes: dict[str, Counter] = {}
    for ent in doc.ents:
        votes.setdefault(ent.text, Counter())[ent.label_] += 1
    people = [e for e in doc.ents if e.label_ == "PER"]
    # a one-word name the ner calls a person less often than an organisation is no person (« Legrand va acquérir »
    # PER once, « Legrand a annoncé » ORG twice): the surname of a longer person's name always is
    person_names = {e.text for e in people if len(e) > 1 or votes[e.text]["PER"] > votes[e.text]["ORG"]}
    person_names |= {e[-1].text for e in people if len(e) > 1}
    long_people = {tuple(t.text for t in e) for e in people if len(e) > 1}
    places = {e.start: e.end for e in doc.ents if e.label_ == "LOC"}
    out = []
    listed = [(c.start, c.end) for c in found if c.source == GAZETTEER]
    for ent in doc.ents:
        # « Rupert Murdoch News Corp »: a person and the listed company after her, not one company
        if ent.label_ == "PER" and company_like(tables, ent) and not any(ent.start <= s and e <= ent.end for s, e in listed):
            out.append(Candidate(ent.start, ent.end, MODEL, kind="company", via="organisations.company-like"))
            continue
        if ent.label_ != "ORG":
            continue
        # « Qatar » tagged ORG once and LOC elsewhere in the article: a place (a national team, a country's name)
        if votes[ent.text]["LOC"] >= votes[ent.text]["ORG"]:
            ctx.as_place.add((ent.start, ent.end))
            continue
        # « ajoute Me Arcadio », « selon M. Dupont »: a person's honorific and a name, tagged ORG, is a person
        if _honorific_name(tables, doc, ent.start, ent.end):
            ctx.as_person.add((ent.start, ent.end))
            continue
        start, end = _name_start(tables, doc, ent.start, ent.end), ent.end
        end = _name_end(doc, start, end)
        start, end = _without_people(doc, start, end, long_people)
        if end <= start or doc[start:end].text in person_names or _home_town(doc, start, end):
            continue
        out.append(Candidate(start, _with_place(tables, doc, start, end, places), MODEL, via="ner.model"))
    return out


def _honorific_name(tables: Tables, doc, start: int, end: int) -> bool:
    """A span that opens on a person's honorific (« M. », « Mme », « Me », « Dr »: `organisations_sources.tsv`'s
    « honorific » rows) followed by a capitalised word."""
    table = tables.lex.get("sources") or {}
    word = fold(doc[start].text).rstrip(".")
    if len(word) == 1 and not doc[start].text.endswith("."):
        return False  # « M Sport », « M6 »: a letter of a name; « M. Dupont » has its period
    return end - start > 1 and table.get(word) == "honorific" and doc[start + 1].text[:1].isupper()


_HOMES = frozenset({"géant", "firme", "constructeur", "groupe", "laboratoire", "entreprise", "société", "équipementier", "fabricant"})


def _home_town(doc, start: int, end: int) -> bool:
    """« le géant de Redmond », « la firme de Cupertino »: a company named by its town, which is no name of it."""
    return end - start == 1 and start >= 2 and doc[start - 1].lower_ in ("de", "d'", "d’") and doc[start - 2].lower_ in _HOMES


def _with_place(tables: Tables, doc, start: int, end: int, places: dict[int, int]) -> int:
    """« Cour de chancellerie » then « du Delaware » (a place of the model): a court's, a university's name holds its
    place (« Cour suprême du Japon », « tribunal de commerce de Rouen »)."""
    if fold(doc[start].text) in tables.lex["heads"] and end + 1 < len(doc) and doc[end].lower_ in ("de", "du", "d'", "d’") and end + 1 in places:
        return places[end + 1]
    return end


def _name_start(tables: Tables, doc, start: int, end: int) -> int:
    """After a leading elision, and after a descriptor with its adjectives (« compagnie Pakistan International
    Airlines », « éditions Gallimard », « le laboratoire allemand CureVac »)."""
    while start < end - 1 and doc[start].lower_ in ELISIONS:
        start += 1
    if start < end - 1 and doc[start].is_lower and (fold(doc[start].text) in tables.lex["triggers"] or doc[start].lower_ == "éditions"):
        i = start + 1
        while i < end - 1 and i - start <= tables.max_adjectives and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in OF and doc[i].pos_ in ("ADJ", ""):
            i += 1
        if doc[i].text[:1].isupper():
            start = i
    return start


def _name_end(doc, start: int, end: int) -> int:
    for i in range(start + 1, end):
        token = doc[i]
        previous = doc[i - 1].lower_
        if (
            token.text in _QUOTES
            or (token.like_num and len(token.text) == 4 and previous in OF)
            or (token.like_num and i + 1 < end)
            or (token.is_lower and token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm"))
            or (token.is_lower and token.pos_ == "DET" and previous not in _PREPOSITIONS)
            or (token.lower_ in OF and i + 1 < end and doc[i + 1].is_lower and "Inf" in doc[i + 1].morph.get("VerbForm"))
        ):
            end = i
            break
    while end > start + 1 and (doc[end - 1].lower_ in OF or doc[end - 1].is_punct):
        end -= 1
    return end


def _without_people(doc, start: int, end: int, long_people: set[tuple[str, ...]]) -> tuple[int, int]:
    """The span without a person of the article at its start or its end (« Rupert Murdoch News Corp »)."""
    words = tuple(t.text for t in doc[start:end])
    for person in sorted(long_people, key=lambda p: (-len(p), p)):  # the longest first, in one order whatever the hash seed
        k = len(person)
        if k < len(words) and words[-k:] == person:
            end -= k
            words = words[:-k]
        elif k < len(words) and words[:k] == person:
            start += k
            words = words[k:]
    while end > start + 1 and (doc[end - 1].lower_ in OF or doc[end - 1].is_punct):
        end -= 1
    return start, end


def company_like(tables: Tables, ent) -> bool:
    """A « person » whose name holds « & » or a company designator (« Simon & Schuster », « Nordlys Electric »)."""
    return len(ent) > 1 and any(t.text == "&" or (t.text[:1].isupper() and fold(t.text) in tables.designators) for t in ent[1:])
