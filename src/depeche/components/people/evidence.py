"""Evidence that a name the ner calls PER is a person's. Any name introduced as a thing (`named_as_thing`: a
determiner and a noun of `models/lexicons/people_not_person_heads.txt` before it, « la famille Agnelli », « le
fonds américain Andreessen Horowitz ») is none unless a title is given to it. Evidence that a one-word name the ner calls PER is a person (« Tiffany », « Prague », « Covid », « Ségur »
are PER to the model as often as « Macron »).

A person named by one word (a particle may go with it: « de Gaulle ») is kept only with one of these, whose id
goes in its `via`:
- `people.evidence:honorific`: « M. », « Mme », « Dr »… before a mention;
- `people.evidence:role`: a title was given to it (`roles`);
- `people.evidence:kin`: a noun of kinship or acquaintance before it (« sa fille Eva », « mon ami Xavier »,
  « l'épouse de Mark »);
- `people.evidence:eponym`: named as the modifier of « administration », « gouvernement », « prime »… (« l'administration
  Trump », « la prime Macron »: corpus/ANNOTATING.md counts these as mentions of the person);
- `people.evidence:age`: « X, 49 ans »;
- `people.evidence:speech`: with a parse, the subject of a reporting or personal verb (« a souligné X »,
  « X raconte »);
and never when the ner labels the same word LOC, ORG or MISC elsewhere in the article (`_other_label`), or
when, parsed, every mention is a verb or an adjective (« Tombé en disgrâce » at a sentence start).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from depeche.normalise import names
from depeche.normalise.text import fold

KIN = frozenset({
    "fils", "fille", "frère", "sœur", "soeur", "père", "mère", "épouse", "époux", "mari", "femme", "veuve", "veuf",
    "ami", "amie", "compagnon", "compagne", "oncle", "tante", "cousin", "cousine", "neveu", "nièce", "petit-fils",
    "petite-fille", "grand-père", "grand-mère", "prénommé", "prénommée", "surnommé", "surnommée", "beau-père",
    "belle-mère", "gendre", "belle-fille",
})
SPEECH = frozenset({
    "dire", "déclarer", "expliquer", "ajouter", "souligner", "affirmer", "estimer", "raconter", "confier", "assurer",
    "préciser", "répondre", "juger", "lancer", "déplorer", "insister", "regretter", "reconnaître", "admettre",
    "plaider", "prévenir", "relater", "renchérir", "témoigner", "tweeter", "écrire", "avouer", "dénoncer", "rappeler",
    "poursuivre", "conclure", "s'exclamer", "confesser", "sourire", "naître", "mourir", "décéder", "épouser",
})
# « l'administration Trump », « la prime Macron », « le gouvernement Philippe »: a person named as a modifier
EPONYM_HEADS = frozenset({
    "administration", "gouvernement", "ère", "prime", "loi", "réforme", "camp", "clan", "entourage", "méthode",
    "doctrine", "présidence", "mandat", "quinquennat", "septennat", "régime", "équipe", "style", "années", "cabinet",
})
_DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "du", "des", "au", "aux", "un", "une", "son", "sa", "ses", "leur", "ce", "cette"})
_SKIP = frozenset({"le", "la", "l'", "l’", "sa", "son", "ses", "mon", "ma", "notre", "leur", "un", "une", "cher", "chère", "jeune", "petit", "petite", "vieil", "vieux", "meilleur", "meilleure", ","})


def one_word(name: str) -> bool:
    """« Tiffany », « de Gaulle », « el Islote »: one word, bar particles."""
    return sum(1 for w in name.split() if w.lower() not in names.PARTICLES) <= 1


def of_person(doc: Doc, spans: list[Span], has_role: bool, honorifics: frozenset[str]) -> str | None:
    """The evidence id that the one-word name of `spans` is a person's, or None."""
    if _other_label(doc, spans):
        return None
    if doc.has_annotation("POS") and all(t.pos_ in ("VERB", "AUX", "ADJ") for s in spans for t in s):
        return None  # « Tombé en disgrâce, … »: a participle at a sentence start
    if has_role:
        return "people.evidence:role"
    for span in spans:
        if span.start > 0 and fold(doc[span.start - 1].text).rstrip(".") in honorifics:
            return "people.evidence:honorific"
        j = span.start - 1
        while j >= 0 and span.start - j <= 3 and doc[j].lower_ in _SKIP:
            j -= 1
        if j >= 0 and doc[j].lower_ in KIN or j >= 1 and doc[j].lower_ in ("de", "d'", "d’") and doc[j - 1].lower_ in KIN:
            return "people.evidence:kin"  # « sa fille Eva », « l'épouse de Mark »
        if span.start > 0 and doc[span.start - 1].lower_ in EPONYM_HEADS:
            return "people.evidence:eponym"
        if span.end + 2 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].like_num and doc[span.end + 2].lower_ == "ans":
            return "people.evidence:age"
    for span in spans:
        if doc.has_annotation("DEP"):
            root = span.root
            if root.dep_ in ("nsubj", "nsubj:pass") and root.head.lemma_ in SPEECH:
                return "people.evidence:speech"
    return None


def named_as_thing(doc: Doc, spans: list[Span], heads: frozenset[str]) -> bool:
    """The first mention comes right after a determiner and a noun of `heads`, an adjective may come between:
    « le fonds américain Andreessen Horowitz », « la tempête Alex », « la famille Agnelli »."""
    first = min(spans, key=lambda s: s.start)
    j = first.start - 1
    if j >= 0 and doc[j].is_lower and doc[j].is_alpha and doc[j].lower_ not in heads:
        j -= 1  # « américain »
    return j >= 1 and doc[j].lower_ in heads and doc[j - 1].lower_ in _DETERMINERS


def _other_label(doc: Doc, spans: list[Span]) -> bool:
    """The ner gives the same word another label elsewhere (« Prague » LOC, « Tiffany & Co » ORG)."""
    forms = {fold(s.text) for s in spans}
    for ent in doc.ents:
        if ent.label_ in ("LOC", "ORG", "MISC") and (fold(ent.text) in forms or ent.label_ == "LOC" and forms & {fold(w) for w in ent.text.split()}):
            return True
    return False
