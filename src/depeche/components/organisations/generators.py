"""The candidate generators of depeche_organisations, each `(tables, ctx, found) -> [Candidate]`
(`found`: what the generators before it in the config's `generators` list produced). `GENERATORS` maps
the ids the config names to them; a candidate's `via` is its generator's id (the model's is `ner.model`, in
`model`; the news sources' in `sources`; the acronym definitions' in `acronyms`)."""

from __future__ import annotations

from depeche.components.organisations.types import (
    DETERMINERS,
    GAZETTEER,
    OF,
    RULE,
    ARTICLES,
    Candidate,
    Context,
    Generator,
    Tables,
    is_word,
    name_after,
)
from depeche.components.organisations.acronyms import acronyms
from depeche.components.organisations.model import model
from depeche.components.organisations.objects import objects
from depeche.components.organisations.sources import sources
from depeche.components.common import language_word
from depeche.normalise import names
from depeche.normalise.text import fold, strip_accents


def gazetteer(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """The names of the gazetteers, checked case-aware."""
    doc = ctx.doc
    out = []
    for match_id, start, end in tables.matcher(doc):
        index, form = tables.forms[match_id]
        if not case_fits(doc[start:end], form):
            continue
        out.append(Candidate(start, end, GAZETTEER, entry=index, kind=tables.entries[index].get("kind"), via="organisations.gazetteer"))
    return out


def case_fits(span, form: tuple[str, ...]) -> bool:
    """A capitalised word of the name is capitalised in the text; a short acronym matches exactly."""
    if len(form) == 1 and names.is_acronym(form[0]) and len(form[0]) <= 5:
        return strip_accents(span.text) == strip_accents(form[0])
    if _shouted(span, form):
        return False
    pairs = list(zip(form, span))
    if len(pairs) > 1 and fold(pairs[0][0]) in ARTICLES:  # « l'Express » for « L'Express »
        pairs = pairs[1:]
    return all(not word[:1].isupper() or token.text[:1].isupper() for word, token in pairs)


def _shouted(span, form: tuple[str, ...]) -> bool:
    """« QUE TOUT LE MONDE PEUT LOUER »: a name written in lower case (« Le Monde ») met in capitals among other
    words in capitals, a headline in capitals, where the case tells no name."""
    if not all(t.is_upper for t in span if t.is_alpha) or all(w.isupper() for w in form if w.isalpha()):
        return False
    doc = span.doc
    around = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return any(t.is_alpha and t.is_upper and len(t) >= 3 for t in around)


def designators(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Appositions to a trigger noun: « le groupe chinois ByteDance », « les groupes Oracle et Walmart », « l'ONG
    Oxfam », past the trigger's complement (« le géant des cosmétiques Coty », « le spécialiste français des
    infrastructures électriques Legrand »); a trigger flagged `demonym` (« l'allemand Bertelsmann », « le
    chinois Dongfeng ») is a noun only lower-case after a determiner, and names no person nor place of the model."""
    doc = ctx.doc
    out = []
    people = {(e.start, e.end) for e in doc.ents if e.label_ == "PER" and len(e) > 1}
    for _, start, end in tables.lexical(ctx, "TRIGGERS"):
        if (start > 0 and doc[start - 1].lower_ not in DETERMINERS) or (doc[start].text[:1].isupper() and not doc[start].is_upper):
            continue  # a capitalised head starts the name itself (« l'Agence spatiale européenne », « la Société générale »)
        word = fold(doc[start:end].text)
        kind, *flags = tables.lex["triggers"].get(word, "other").split()
        demonym = "demonym" in flags
        if demonym and (start == 0 or not doc[start].is_lower):
            continue  # « Le Français Thomas Pesquet », « Chinois »: a person, or the sentence's first word
        span = name_after(tables, doc, end, adjectives=not demonym) or (None if demonym else _past_complement(tables, doc, end))
        while span:
            s, e = span
            if demonym and (any(t.ent_type_ == "LOC" for t in doc[s:e]) or any(t.ent_type_ == "PER" for t in doc[s:e]) and e - s > 1):
                break  # « la britannique Emma Raducanu », « le français Lyon »: a person or a place (a one-word PER
                # after a lower-case nationality is the model's guess: « l'allemand Bertelsmann »)
            if e < len(doc) and doc[e].is_sent_start and is_word(doc[e]) and doc[e - 1].whitespace_:
                break  # « British | Steel »: the parser cut the name, no punctuation between; the model's name stands
            if (s, e) not in people or not _complement(doc, start):  # « le secrétaire du parti Jean Dupont »: a person
                out.append(Candidate(s, e, RULE, kind=kind, via="organisations.designator"))
            if e + 1 < len(doc) and doc[e].lower_ in ("et", ",") and is_word(doc[e + 1]):
                span = name_after(tables, doc, e + 1, adjectives=False)
            else:
                span = None
    return out


_COMPLEMENT_WORDS = 3  # lower-case words of a trigger's complement: « des infrastructures électriques »


def _past_complement(tables: Tables, doc, end: int) -> tuple[int, int] | None:
    """The name after a trigger's complement (« le géant des cosmétiques Coty », « le concepteur britannique de
    puces Arm »): after up to `max_adjectives` adjectives, « de/des/du/d' », then 1 to 3 lower-case words."""
    n = len(doc)
    i = end
    while i < n and i - end < tables.max_adjectives and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in OF:
        i += 1
    if i >= n or doc[i].lower_ not in ("de", "des", "du", "d'", "d’"):
        return None
    j = i + 1
    while j < n and j - i <= _COMPLEMENT_WORDS and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ in ("NOUN", "ADJ", "") and not doc[j].is_sent_start:
        j += 1
    if j == i + 1 or j >= n or doc[j].is_sent_start:
        return None  # no complement, or a longer one (name_after wants a capitalised word at j)
    return name_after(tables, doc, j, adjectives=False)


def _complement(doc, start: int) -> bool:
    """Whether the trigger at `start` is a title's complement: « du parti », « de l'opérateur »."""
    det = start - 1
    if det < 0:
        return False
    if doc[det].lower_ in ("du", "des", "de", "d'", "d’"):
        return True
    return doc[det].lower_ in ("l'", "l’", "le", "la", "les") and det >= 1 and doc[det - 1].lower_ in ("de", "d'", "d’")


_TO = frozenset({"aux", "au", "à"})  # « le ministre délégué aux Transports », « secrétaire d'État à la Mer »


def _prefixed_title(table: dict[str, str], text: str) -> bool:
    """« vice-ministre », « ex-ministre »: a hyphenated word whose last part is a title of the ministries table."""
    prefix, dash, word = text.lower().rpartition("-")
    return bool(dash and prefix) and table.get(fold(word)) == "domain"


def ministries(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Portfolios: « le ministère de la Culture » (an organisation), « le ministre de l'Intérieur », « le
    vice-ministre russe des Affaires étrangères », « le secrétaire d'Etat aux Transports » (a person's title: its
    words and its portfolio are recorded in `ctx.titles` / `ctx.portfolios` and are no organisation)."""
    doc = ctx.doc
    table = tables.lex["ministries"]
    out = []
    matches = [(start, end, fold(doc[start:end].text)) for _, start, end in tables.lexical(ctx, "MINISTRIES")]
    for i in tables.words(ctx, "prefixed-title", lambda text: _prefixed_title(table, text)):  # « vice-ministre », « ex-ministre »: the title
        matches.append((i, i + 1, fold(doc[i].lower_.rpartition("-")[2])))
    for start, end, word in matches:
        whole = table.get(word) == "whole"
        if not whole:
            ctx.titles.append((start, end))
        span = _portfolio(doc, end)
        if span is None:
            continue
        if not whole and any(t.lower_ in _TO for t in doc[end:span[0]]) and _named_body(tables, doc, span, found):
            continue  # « a déclaré la ministre à l'AFP », « aux Échos »: who she spoke to, not her portfolio
        if whole:
            out.append(Candidate(start, span[1], RULE, kind="government", via="organisations.ministry"))
        else:
            ctx.portfolios.append(span)
    return out


def _named_body(tables: Tables, doc, span: tuple[int, int], found: list[Candidate]) -> bool:
    """A portfolio after « à / au / aux » that is a body's name — who the minister spoke to: an acronym (« a
    déclaré la ministre à l'AFP »: portfolios are words) or a name an earlier generator found (« au New York
    Times »), unless that name is a ministry's own or comes from a gazetteer harvested from annotations (an
    entry with a `source`, which holds portfolio words: « Outre-mer »)."""
    first = doc[span[0]]
    if first.is_upper and first.is_alpha and len(first) >= 2:
        return True
    return any(c.start < span[1] and span[0] < c.end and c.kind != "government"
               and not (c.entry is not None and "source" in tables.entries[c.entry]) for c in found)


def _noun_complement(doc, j: int) -> bool:
    """« d'urgence » after « Situations »: « de / d' / des » and one lower-case noun, right after a capitalised word of
    the portfolio and ending it (no other « de » after the noun)."""
    n = len(doc)
    if not (j + 1 < n and doc[j].lower_ in ("de", "des", "d'", "d’") and doc[j - 1].text[:1].isupper()):
        return False
    noun = doc[j + 1]
    return noun.is_lower and noun.is_alpha and noun.pos_ == "NOUN" and not (j + 2 < n and doc[j + 2].lower_ in OF)


def _portfolio(doc, end: int) -> tuple[int, int] | None:
    """The portfolio named after a title word ending at token `end`: « de l'Économie et des Finances », « des
    Affaires étrangères », « aux Transports »; it stops at a person's name and at a sentence glued on."""
    n = len(doc)
    i = end
    if i < n and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in OF and doc[i].lower_ not in _TO and doc[i].pos_ in ("ADJ", "VERB", ""):
        i += 1  # « le ministre français de l'Intérieur », « la ministre chargée des Sports »
    end_of_word = i
    while i < n and i - end_of_word < 2 and (doc[i].lower_ in OF or doc[i].lower_ in _TO):
        i += 1
    if i == end_of_word or i >= n or not doc[i].text[:1].isupper():
        return None
    j = kept = i + 1
    while j < n and j - i < 6 and doc[j].ent_type_ != "PER":
        word = doc[j]
        if word.is_sent_start or (word.idx == doc[j - 1].idx + len(doc[j - 1].text) and word.is_alpha and doc[j - 1].is_alpha):
            break  # « le ministère de la SantéUn »: two sentences glued
        if word.text[:1].isupper():
            j += 1
        elif word.lower_ in ("et", "des", "de", "du", "d'", "d’", "l'", "l’", "la") and j + 1 < n and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in ("de", "des", "la", "l'", "l’")):
            j += 1  # « de l'Économie et des Finances », « et de la Relance »
        elif word.is_lower and word.is_alpha and word.pos_ == "ADJ" and doc[j - 1].text[:1].isupper():
            j += 1  # « des Affaires étrangères », « de l'Éducation nationale », « de la Transition écologique »
        elif _noun_complement(doc, j):
            j += 2  # « des Situations d'urgence », « de la Cohésion des territoires »
            kept = j
            break
        else:
            break
    while j > max(i + 1, kept) and not doc[j - 1].text[:1].isupper() and doc[j - 1].pos_ != "ADJ":
        j -= 1  # no dangling « et de la »
    return i, j


def institutions(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Named institutions: « université de Lille », « hôpital Pasteur de Nice »; a head flagged `named` in the
    lexicon (« hôpital », « lycée ») needs a name of its own, not only its town's."""
    doc = ctx.doc
    out = []
    for _, start, end in tables.lexical(ctx, "INSTITUTIONS"):
        word = fold(doc[start:end].text)
        i = end
        if i < len(doc) and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in OF and doc[i].pos_ in ("ADJ", ""):
            i += 1
        j = i
        while j < len(doc) and j - i < 2 and doc[j].lower_ in OF:
            j += 1
        if j == i and i > end:
            continue  # « le laboratoire allemand CureVac »: an apposition (designators), the name is CureVac's
        span = name_after(tables, doc, j, adjectives=False)
        kind, *flags = tables.lex["institutions"].get(word, "other").split()
        if span and j > i and "named" in flags and all(t.ent_type_ == "LOC" for t in doc[span[0] : span[1]]):
            continue  # « l'hôpital de Fairfield », « le collège de Maisons-Alfort »: named by its town, no name of its own
        if span and not (j == i and start > 0 and is_word(doc[start - 1])):
            out.append(Candidate(start, span[1], RULE, kind=kind, via="organisations.institution"))
    return out


_DEMONYM_ENDINGS = ("ien", "ienne", "ais", "aise", "ain", "aine", "ois", "oise", "an", "ane", "in", "ine", "que", "ol", "ole", "ec", "eque", "e")


def state_bodies(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """« l'armée syrienne », « le gouvernement ukrainien » (not in the shipped list: on WiNER-fr dev only 0.32
    of them were annotated)."""
    doc = ctx.doc
    tagged = doc.has_annotation("POS")
    out = []
    for _, start, end in tables.lexical(ctx, "STATE"):
        word = fold(doc[start:end].text)
        if tables.lex["state"].get(word) == "territory":
            continue  # « l'État fédéral »: a place
        if end < len(doc) and doc[end].is_lower and doc[end].is_alpha and (doc[end].pos_ == "ADJ" or not tagged) and doc[end].lower_ not in OF:
            if tagged or doc[end].lower_.endswith(_DEMONYM_ENDINGS):
                out.append(Candidate(start, end + 1, RULE, kind=tables.lex["state"].get(word, "government"), via="organisations.state"))
    return out


def heads(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """A place of the model's named by an organisation's head noun: « Cour d'appel de Douai », « Centre Athénas »
    (on WiNER-fr dev: 0.75 of these were organisations; MISC entities so named only 0.33)."""
    table = tables.lex["heads"]
    return [
        Candidate(ent.start, ent.end, RULE, kind=table[fold(ent[0].text)], via="organisations.head")
        for ent in ctx.doc.ents
        if ent.label_ == "LOC" and len(ent) > 1 and ent[0].text[:1].isupper() and fold(ent[0].text) in table
    ]


def verbs(tables: Tables, ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """MISC entities in an organisation's slot: subject of « racheter », « acquérir »…; and bare names in a deal's
    object slot (« rachète Twitter », « le rachat d'Arm »: module `objects`)."""
    doc = ctx.doc
    if not tables.verbs or not doc.has_annotation("DEP"):
        return []
    out = []
    for ent in doc.ents:
        if ent.label_ != "MISC":
            continue
        root = ent.root
        if root.dep_.startswith("nsubj") and fold(root.head.text).startswith(tables.verbs):
            out.append(Candidate(ent.start, ent.end, RULE, kind="company", via="organisations.verb"))
    out += _unknown_subjects(tables, doc)
    held = {(c.start, c.end) for c in out}
    return out + [c for c in objects(tables, ctx) if (c.start, c.end) not in held]


def _unknown_subjects(tables: Tables, doc) -> list[Candidate]:
    """A capitalised word no model entity holds, subject of a deal verb, that is no word of the language
    (`common.language_word`): « Ynsect a racheté … », « Vestra a levé 20 millions » (a young company neither the
    model nor a gazetteer knows; the tagger reads a sentence's unknown first word as a noun); the run of
    capitalised proper nouns around it is the name."""
    out = []
    for tok in doc:
        if not (tok.dep_.startswith("nsubj") and tok.pos_ in ("PROPN", "NOUN") and not tok.ent_type_ and tok.text[:1].isupper()
                and fold(tok.head.text).startswith(tables.verbs)):
            continue
        if tok.pos_ == "NOUN" and language_word(doc.vocab, tok.lower_) is not False:
            continue  # a sentence's first word the tagger reads as a noun: a name only when it is no French word
        start, end = tok.i, tok.i + 1
        while start > 0 and (_bare_name_word(doc[start - 1]) or _glued(doc, start - 1)):
            start -= 1
        while end < tok.head.i and (_bare_name_word(doc[end]) or _glued(doc, end)):
            end += 1
        while doc[start].is_punct:
            start += 1
        while doc[end - 1].is_punct:
            end -= 1
        if all(language_word(doc.vocab, t.lower_) is not False for t in doc[start:end]):
            continue  # « Orange », « Action »: words of French, the case alone tells no name
        out.append(Candidate(start, end, RULE, kind="company", via="organisations.verb"))
    return out


def _bare_name_word(tok) -> bool:
    return tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text[:1].isupper() and not tok.is_punct


def _glued(doc, i: int) -> bool:
    """A hyphen inside a name, glued to capitalised words on both sides (« Rolls-Royce »)."""
    return (doc[i].text in ("-", "‑") and not doc[i].whitespace_ and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper())


GENERATORS: dict[str, Generator] = {
    "gazetteer": gazetteer,
    "designators": designators,
    "ministries": ministries,
    "institutions": institutions,
    "state": state_bodies,
    "heads": heads,
    "verbs": verbs,
    "acronyms": acronyms,
    "sources": sources,
    "model": model,
}
