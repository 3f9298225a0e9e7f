"""Resolution: the candidates of every generator filtered and made non-overlapping, then every other
occurrence of a name found added (propagation)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from depeche.components.common import common_word
from depeche.components.organisations.model import company_like
from depeche.components.organisations.types import ELISIONS, GAZETTEER, MODEL, OF, PROPAGATED, RULE, Candidate, Context, Tables
from depeche.normalise import names
from depeche.normalise.text import fold


def admissible(tables: Tables, ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """The candidates outside page furniture and people's names, that are no listed non-name and no `blocked` one,
    cut before a glued sentence, acronym lists split, widened to whole hyphenated words, giving way to longer names
    that hold them."""
    doc = ctx.doc
    cands = [c for c in cands if not ctx.in_furniture(doc[c.start].idx) and not listed_non_name(tables, doc, c)]
    cands = [c for c in cands if not blocked(tables, ctx, c) and not common_noun(tables, doc, c) and not inside_a_word(doc, c)]
    cands = [part for c in (unglued(doc, c) for c in cands) if c is not None for part in acronym_list(doc, c)]
    cands = outside_people(tables, doc, [whole_words(doc, c) for c in cands])
    return defined_acronyms(tables, doc, inside_longer_names(doc, cands))


def defined_acronyms(tables: Tables, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """An acronym the article defines is that name's through the whole article: where a gazetteer entry for
    another organisation has the same letters, its candidates over them give way — when the defined name is listed
    itself (« le constructeur Fiat Chrysler (FCA) », not the Financial Conduct Authority), or spells the acronym
    and shares no word with any of that entry's forms (« les Centres de prévention et de lutte contre les maladies
    (CDC) », not the Caisse des dépôts; « l'Agence nationale de sécurité du médicament et des produits de santé
    (ANSM) » is the listed ANSM)."""
    entries = {(c.start, c.end): c.entry for c in cands if c.source == GAZETTEER}
    defined: dict[str, tuple[int | None, frozenset[str]]] = {}  # acronym -> (the defining name's entry, its words)
    for c in cands:
        if c.via != "organisations.acronym" or c.link is None or c.end - c.start != 1:
            continue
        acronym, long_entry = doc[c.start].text, entries.get(c.link)
        long_name = doc[c.link[0] : c.link[1]].text
        if long_entry is not None or names.acronym_fits(acronym, long_name):
            defined.setdefault(acronym, (long_entry, _content_words(long_name)))
    if not defined:
        return cands

    def gives_way(c: Candidate) -> bool:
        if c.source != GAZETTEER or c.end - c.start != 1 or doc[c.start].text not in defined:
            return False
        long_entry, words = defined[doc[c.start].text]
        if long_entry is not None:
            return c.entry != long_entry
        entry = tables.entries[c.entry]
        return not any(words & _content_words(form) for form in [entry["name"], *entry.get("aliases", [])])

    return [c for c in cands if not gives_way(c)]


def _content_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[\s\-'’]+", fold(name)) if len(w) > 3)


def listed_non_name(tables: Tables, doc: Doc, c: Candidate) -> bool:
    """A listed non-name (`organisations_not_names.txt`), alone or with its complement (« l'assemblée générale du
    groupe », « le conseil d'administration de Renault »)."""
    if fold(doc[c.start : c.end].text) in tables.not_names:
        return True
    return any(doc[i].lower_ in OF and fold(doc[c.start : i].text).replace("' ", "'") in tables.not_names for i in range(c.start + 1, c.end))


def blocked(tables: Tables, ctx: Context, c: Candidate) -> bool:
    """A portfolio (« Intérieur » of « le ministre de l'Intérieur »), what overlaps a minister's title (« Ministre
    de la Défense », « Etat américain » of « le secrétaire d'Etat américain »), and what `not_a_body` rejects: no
    organisation, whichever generator proposed it or propagated it."""
    if any(s <= c.start < e for s, e in ctx.portfolios) or any(s < c.end and c.start < e for s, e in ctx.titles):
        return True
    return not_a_body(tables, ctx.doc, c)


def common_noun(tables: Tables, doc: Doc, c: Candidate) -> bool:
    """A one-word name of the model or of a gazetteer harvested from annotations (an entry with a `source`: WiNER-fr
    dev, the dump) that the tagger reads as a common noun inside a sentence (« Transition », « Action »,
    « Agriculture », « Outre-mer »): no organisation. Acronyms and the hand-written gazetteer's names stand."""
    harvested = c.entry is not None and "source" in tables.entries[c.entry]
    if (c.source != MODEL and not harvested) or c.end - c.start != 1 or not doc.has_annotation("POS"):
        return False
    # a word of the language, not a brand the tagger does not know (« Exor »)
    return common_word(doc, doc[c.start])


_INDEFINITE = frozenset({"un", "une"})
_STATE_VIA = "organisations.state"


def _complement_of(doc: Doc, k: int) -> bool:
    """Whether « de » (after at most two lower-case words: « Convention européenne des droits de l'homme ») is token
    `k` of `doc` or follows it, inside the name or after it (the name may have been cut to its capitalised words)."""
    for _ in range(3):
        if k >= len(doc):
            return False
        if doc[k].lower_ in OF:
            return True
        if not doc[k].is_lower:
            return False
        k += 1
    return False


def not_a_body(tables: Tables, doc: Doc, c: Candidate) -> bool:
    """Names that are no organisation whatever proposed them: a territory named by a common noun and an adjective
    or « de » (« l'Etat américain », « l'État de New York »; the gazetteer's « État islamique » stands); a name inside a place's name (« place de la République », « l'aéroport de Dubaï ») or a product's
    (« la fonctionnalité Stories »; `organisations_non_heads.tsv`); a legal text named by its head and a « de »
    complement (« la Convention de Londres », « le Pacte de stabilité »: « text » in that table); a family named after
    its company (« la famille Peugeot »: « family »);
    a product or a member after « un/une » (« une Renault », « un jeune CRS ») or before a model's name (« la
    Peugeot e-208 », « le bloc Ford V8 »); an acronym with a number (« la RN 79 », « le CAC 40 »)."""
    words = doc[c.start : c.end]
    first = 1 if len(words) > 1 and words[0].lower_ in ELISIONS else 0
    head = fold(words[first].text)
    if c.entry is None and c.via != _STATE_VIA and len(words) > first + 1 and tables.lex["state"].get(head) == "territory":
        return True
    non_heads = tables.lex["non_heads"]
    if words[first].is_lower and head in non_heads:
        return True
    if non_heads.get(head) == "text" and _complement_of(doc, c.start + first + 1):
        return True  # « la Convention de Londres », « le Traité de Lisbonne »: a legal text, whatever its case
    if c.start > 0 and doc[c.start - 1].is_lower and non_heads.get(fold(doc[c.start - 1].text)) == "family":
        return True  # « la famille Peugeot », « le clan Mulliez »: a family, its people, whatever proposed the name
    before = c.start - 1
    while before >= 0 and c.start - before <= 2 and doc[before].lower_ in OF:
        before -= 1
    if before >= 0 and doc[before].is_lower and non_heads.get(fold(doc[before].text)) == "place" and not _instead_of(doc, before):
        if before < c.start - 1 or c.entry is None:  # « place de la République »; « place Jean-Jaurès »
            return True
    before = c.start - 1
    while before >= 1 and c.start - before <= tables.max_adjectives and doc[before].is_lower and doc[before].pos_ == "ADJ":
        before -= 1  # « la foire internationale Art & Antiquités »
    if c.entry is None and before >= 0 and doc[before].is_lower and non_heads.get(fold(doc[before].text)) == "product":
        return True
    i = c.start - 1
    if i >= 1 and doc[i].is_lower and doc[i].pos_ == "ADJ":
        i -= 1  # « un jeune CRS »
    if i >= 0 and doc[i].lower_ in _INDEFINITE:
        return True
    if c.end < len(doc) and not doc[c.end].is_sent_start and _MODEL_NAME.match(doc[c.end].text):
        return True  # « la Peugeot e-208 », « une Audi e-tron », « un bloc Ford V8 »: a product
    return len(words) == 1 and words[0].is_upper and c.end < len(doc) and doc[c.end].is_digit and not doc[c.end].is_sent_start


_MODEL_NAME = re.compile(r"^(?:[a-z]{1,2}-?[A-Z0-9]|[A-Z]{1,2}\d|[a-z]{1,2}-[a-z])[\w-]*$")  # e-208, iOn, e-tron, V8, i3


def _instead_of(doc: Doc, i: int) -> bool:
    """« à la place de », « en place de »: no place's name follows."""
    return doc[i].lower_ == "place" and i >= 1 and (doc[i - 1].lower_ == "en" or (i >= 2 and doc[i - 1].lower_ == "la" and doc[i - 2].lower_ == "à"))


_GLUED = re.compile(r"[^\W\d_]{2}[.!?)\"»”]*[.!?][.!?)\"»”]*[A-ZÀ-Ý]")  # « AFP.Armstrong », « SRPJ).L' »: sentences glued


def unglued(doc: Doc, c: Candidate) -> Candidate | None:
    """A name ends before a token that glues two sentences (the dump drops the space after a full stop: « selon
    RTL.Le fourgon »); one that starts on such a token is none (the token holds the name and the next sentence)."""
    for i in range(c.start, c.end):
        if _GLUED.search(doc[i].text):
            if i == c.start:
                return None
            c.end = i
            while c.end > c.start + 1 and (doc[c.end - 1].lower_ in OF or doc[c.end - 1].is_punct):
                c.end -= 1
            break
    return c


def inside_a_word(doc: Doc, c: Candidate) -> bool:
    """A gazetteer name that starts inside a hyphenated word (« PCR » of « RT-PCR »): no mention."""
    i = c.start
    return c.entry is not None and i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha


def whole_words(doc: Doc, c: Candidate) -> Candidate:
    """A name does not stop inside a hyphenated word: « Arlux-Visotec », « Université Panthéon-Assas », « Europe
    Écologie-Les Verts » (acronyms joined by hyphens are a list: `acronym_list`), nor before the « s » of an English
    genitive the tokenizer cut off (« RM Sotheby's »)."""
    end = c.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha and not (doc[end - 1].is_upper and doc[end + 1].is_upper):
        end += 2
    if end != c.end and doc[end - 1].lower_ in ("les", "la", "le") and end < len(doc) and doc[end].is_title and doc[end].is_alpha:
        end += 1  # « Europe Écologie-Les Verts »: an article joined by its hyphen is followed by the rest of the name
    if end != c.end and c.entry is None:
        c.end = end
    last = doc[c.end - 1]
    if c.end < len(doc) and last.text[-1:] in ("'", "’") and not last.whitespace_ and doc[c.end].lower_ == "s" and (
            c.end + 1 == len(doc) or not doc[c.end + 1].is_alpha or doc[c.end].whitespace_):
        c.end += 1  # « RM Sotheby's », « McDonald's »: the tokenizer cut the English genitive off at its apostrophe
    return c


def acronym_list(doc: Doc, c: Candidate) -> list[Candidate]:
    """« l'intersyndicale (CFDT-CFTC-CGT-SNJ-UNSA) »: three acronyms or more joined by hyphens are one organisation
    each."""
    words = doc[c.start : c.end]
    if c.entry is not None or len(words) < 5 or len(words) % 2 == 0:  # two (« CNDD-FDD ») may be one party's name
        return [c]
    if not all((t.text == "-") if k % 2 else (t.is_upper and len(t.text) >= 2 and t.is_alpha) for k, t in enumerate(words)):
        return [c]
    return [Candidate(i, i + 1, c.source, kind=c.kind, via=c.via) for i in range(c.start, c.end, 2)]


_LONG_VIA = ("organisations.acronym", "organisations.ministry", "organisations.institution")


def inside_longer_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A gazetteer name inside a longer capitalised ORG name of the model, or inside a name an acronym
    defines, a ministry's or an institution's name, is part of that other organisation's name (« Sanofi Pasteur »,
    « ONUB (Opération des Nations unies au Burundi) », « ministère de l'Agriculture »): it gives way."""
    longer = [c for c in cands if (c.source == MODEL and doc[c.start].text[:1].isupper()) or (c.via in _LONG_VIA and c.end - c.start > 1)]
    if not longer:
        return cands
    return [
        c
        for c in cands
        if c.source != GAZETTEER or not any(m.start <= c.start and c.end <= m.end and (m.end - m.start) > (c.end - c.start) and not _runs_on(doc, c, m) for m in longer)
    ]


_PARTICLES = frozenset({"de", "du", "des", "d'", "d’", "et", "&", "-"})


def _runs_on(doc: Doc, c: Candidate, m: Candidate) -> bool:
    """Whether the model's span `m` runs past the listed name `c` into lower-case words that are no particle of a
    name (« AstraZeneca pour des dizaines de pays »), into another name it is coordinated with (« Renault et
    Nissan »), or, after « de », into a person's name (« la présidente du Rassemblement national Marine Le Pen »):
    then it is the listed name that stands."""
    if m.source != MODEL:
        return False
    before = c.start - 1
    if before > m.start and doc[before].lower_ in ("et", ",") and doc[before - 1].text[:1].isupper():
        return True
    if c.end >= m.end:
        return False
    tail = doc[c.end : m.end]
    if len(tail) >= 2 and m.start > 0 and doc[m.start - 1].lower_ in OF and all(t.text[:1].isupper() and t.is_alpha for t in tail):
        return True  # « la présidente du Rassemblement national Marine Le Pen »: the name, then a person's
    after = doc[c.end]
    if after.lower_ in ("et", "&", ",") and c.end + 1 < m.end and doc[c.end + 1].text[:1].isupper() and doc[c.end + 1].lower_ not in _PARTICLES:
        return True  # « Renault et Nissan »: two names coordinated
    return after.is_lower and after.lower_ not in _PARTICLES and after.pos_ != "ADJ"  # « Parlement européen » runs on


def outside_people(tables: Tables, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """No organisation inside a longer person's name (« Ford » in « Henry Ford »), unless the model's « person » is
    shaped like a company (« Rupert Murdoch News Corp »: the listed News Corp stands)."""
    people = [e for e in doc.ents if e.label_ == "PER" and not company_like(tables, e)]
    if not people:
        return cands
    return [c for c in cands if not any(p.start <= c.start and c.end <= p.end and (c.end - c.start) < len(p) for p in people)]


def resolve(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the strongest source, then the longest, then the first."""
    ranked = sorted(cands, key=lambda c: (c.source, -(c.end - c.start), c.start))
    taken = bytearray(len(doc))
    chosen = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def propagate(tables: Tables, ctx: Context, chosen: list[Candidate], *, model_names: bool) -> list[Candidate]:
    """Every other occurrence of a name found is a mention too (same case, whole tokens): of the gazetteers'
    acronyms' names, and of the model's when `model_names` (a name found as a source is not: « Twitter » told as a
    source, then named as a platform, is no organisation everywhere)."""
    doc, text = ctx.doc, ctx.text
    forms = {}
    for c in chosen:
        span = doc[c.start : c.end]
        if span.text[:1].isupper() and len(span.text) >= 2 and (c.via in ("organisations.gazetteer", "organisations.acronym") or (c.source == MODEL and model_names)):
            forms.setdefault(span.text, c)
    out = []
    chosen_tokens = bytearray(len(doc))  # propagation fills gaps: « Outre-mer » of « ministère des Outre-mer » stays inside it
    for c in chosen:
        chosen_tokens[c.start : c.end] = b"\x01" * (c.end - c.start)
    other_ents = bytearray(len(doc))
    longer_person = bytearray(len(doc))
    for ent in doc.ents:
        if ent.label_ != "ORG":
            other_ents[ent.start : ent.end] = b"\x01" * len(ent)
        if ent.label_ == "PER" and len(ent) > 1:
            longer_person[ent.start : ent.end] = b"\x01" * len(ent)
    spans = {(c.start, c.end) for c in chosen}
    for form, c in forms.items():
        strong = c.source in (GAZETTEER, RULE)
        at = text.find(form)
        while at >= 0:
            span = doc.char_span(at, at + len(form))
            if span is not None and (strong or not any(other_ents[span.start : span.end])) and not ctx.in_furniture(at) and not any(longer_person[span.start : span.end]):
                found = Candidate(span.start, span.end, c.source if c.source == GAZETTEER else PROPAGATED, entry=c.entry, kind=c.kind, via="organisations.propagated")
                if not blocked(tables, ctx, found) and not (any(chosen_tokens[span.start : span.end]) and (span.start, span.end) not in spans):
                    out.append(found)
            at = text.find(form, at + len(form))
    return chosen + out
