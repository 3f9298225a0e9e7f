"""depeche_people: the people an article names, as `doc._.people`, and PER in `doc.ents`.

Runs after `depeche_organisations` and starts from the PER entities left in `doc.ents`:

1. clean each: drop honorifics and titles before the name (« M. Fillon », « Général de Gaulle » ->
   de Gaulle), keep a capitalised particle (« De Gendt ») or a « de X » continuation (« Marc Ladreit de
   Lacharrière »), drop what is no name (« président de la République ») or is an organisation's name;
   add the names of two words or more right after a person's title that the model left out (`titled.py`: « le
   Premier ministre britannique Boris Johnson », via people.title);
2. find every other occurrence in the article of a full name (two words or more) and of its surname forms
   (« Froome » after « Chris Froome »), where the model saw no entity;
3. one `Person` per individual: a short mention joins the one person whose full name it ends
   (« Trump » -> Donald Trump; when several could, the one named last before it), a given name alone the one
   person of the article who bears it (« Marin » -> Marin Sauvajon; with two of them, neither);
4. roles (`roles.py`): a title from `models/lexicons/people_titles.txt` widened to its phrase, next to a
   name (« Antoine Frérot, PDG de Veolia », « le ministre de l'Intérieur Bernard Cazeneuve »), coordinated
   with a title given, the predicate of a person (parse), or a definite description: « la porte-parole de
   la Maison-Blanche » taken up by the next person named, « le chef de l'État a assuré » by the last one
   named, within `orphan_window` characters; `lists.py`: a plural title shared by the names after it (« les
   ministres des Affaires étrangères X et de l'Intérieur Y »), « X et Y, respectivement T1 et T2 », a title in
   apposition to another (« le chef de l'opposition, le travailliste X »), « nommé X au poste de T »;
5. a person named by one word needs evidence of a person (`evidence.py`: honorific, role, kinship noun,
   « l'administration Trump », age, a reporting verb), recorded in `via`; « Tiffany », « Prague » are dropped.

Ids are slugs (`donald-trump`), unique against the organisations' ids too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from depeche import docattrs, records
from depeche.calibration import Calibration
from depeche.components.data import DataComponent, fill
from depeche.components.common import ELISIONS as _ELISIONS
from depeche.components.people import evidence, occupations, offices, roles, titled
from depeche.docattrs import doc_text
from depeche.components.organisations import _lines, entity_at, entity_of  # noqa: F401  (re-exported)
from depeche.normalise import names
from depeche.normalise.text import fold, unique_slug

_CAP_PARTICLES = frozenset({"De", "Di", "Da", "Del", "Della", "Van", "Von", "Le", "La", "Mc", "Mac", "Dos", "Das", "Du"})
_GLUED = re.compile(r"\w[.!?»\"”]+[A-ZÀ-Ý]")
_LEADING = frozenset({"de", "d'", "d’", "du", "des", "à", "au", "par", "pour", "avec", "et"})


@dataclass(eq=False)
class _Person:
    spans: list[Span] = field(default_factory=list)
    roles: list[tuple[str, Span, str | None, str]] = field(default_factory=list)  # (title, phrase, organisation id, via)
    via: set[str] = field(default_factory=set)

    @property
    def full(self) -> Span:
        return max(self.spans, key=lambda s: (len(s), len(s.text)))


class PeopleComponent(DataComponent):
    """Finds people and their roles; writes `doc._.people` and PER entities."""

    def __init__(self, nlp: Language, name: str = "depeche_people", *, propagate: bool, orphan_window: int, max_title_gap: int,
                 min_title_similarity: float, min_apposition_similarity: float):
        self.nlp = nlp
        self.name = name
        self.propagate = propagate
        self.orphan_window = orphan_window
        self.max_title_gap = max_title_gap
        self.min_title_similarity = min_title_similarity
        self.min_apposition_similarity = min_apposition_similarity
        self.titles: list[str] = []
        self.honorifics: list[str] = []
        self.not_person_heads: list[str] = []
        self.not_titles: list[str] = []
        self.office_holders: list[str] = []
        self.calibration_data: dict | None = None
        self._build()

    factory = "depeche_people"
    data_files = {"lexicons": "json", "calibration": "json"}

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        titles: Iterable[str] | None = None,
        honorifics: Iterable[str] | None = None,
        not_person_heads: Iterable[str] | None = None,
        not_titles: Iterable[str] | None = None,
        office_holders: Iterable[str] | None = None,
        calibration: dict | None = None,
    ) -> None:
        """Load the title lexicon, the honorifics, the nouns that make a name no person's, the nouns before a
        name that are no title (text files, one a line) and who held an office when (`offices.read_offices`); each
        one not given is read from depeche's shipped data (`components.data.shipped`)."""
        data = fill(self.factory, {"titles": titles, "honorifics": honorifics, "not_person_heads": not_person_heads,
                                   "not_titles": not_titles, "office_holders": office_holders, "calibration": calibration})
        self.titles = _lines(data["titles"])
        self.honorifics = _lines(data["honorifics"])
        self.not_person_heads = _lines(data["not_person_heads"])
        self.not_titles = _lines(data["not_titles"])
        self.office_holders = [line for line in data["office_holders"] if line.strip()]
        self.calibration_data = dict(data["calibration"])
        self._loaded()

    def serializers(self):
        def put_lexicons(value):
            self.titles, self.honorifics = value["titles"], value["honorifics"]
            self.not_person_heads = value.get("not_person_heads", [])
            self.not_titles = value.get("not_titles", [])
            self.office_holders = value.get("office_holders", [])

        def put_calibration(value):
            self.calibration_data = value

        return {
            "lexicons": (lambda: {"titles": self.titles, "honorifics": self.honorifics, "not_person_heads": self.not_person_heads,
                                  "not_titles": self.not_titles, "office_holders": self.office_holders}, put_lexicons),
            "calibration": (lambda: self.calibration_data, put_calibration),
        }

    def _rebuild(self) -> None:
        self._build()

    def _build(self) -> None:
        self.calibration = Calibration.from_dict(self.calibration_data) if self.calibration_data else None
        self._honorifics = frozenset(fold(h).rstrip(".") for h in self.honorifics)
        self._not_person_heads = frozenset(h.lower() for h in self.not_person_heads)
        self._not_titles = frozenset(fold(h) for h in self.not_titles)
        self._offices = offices.read_offices(self.office_holders) if self.office_holders else None
        self._title_centroid = occupations.title_centroid(self.nlp.vocab, self.titles)
        self.title_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        if self.titles:
            # « l'ex-ministre »: the tokenizer keeps « ex-TITLE » one token
            self.title_matcher.add("TITLE", [self.nlp.make_doc(t) for t in self.titles] + [self.nlp.make_doc("ex-" + t) for t in self.titles])
            # « les ministres des Affaires étrangères X et de l'Intérieur Y »: the plural of a one-word title
            plurals = {t + "s" for t in self.titles if " " not in t and t.isalpha() and not t.endswith(("s", "x")) and t + "s" not in self.titles}
            self.title_matcher.add("TITLES", [self.nlp.make_doc(t) for t in sorted(plurals)])

    # --- the component ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        people = docattrs.get(doc, "people")
        people.clear()
        if not len(doc):
            return doc
        organisations = docattrs.get(doc, "organisations")
        org_keys = {names.key(f) for o in organisations for f in (o.name, *o.aliases)}
        org_tokens = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ == "ORG":
                org_tokens[ent.start : ent.end] = b"\x01" * len(ent)
        spans = []
        for ent in doc.ents:
            if ent.label_ == "PER":
                span = self._clean(doc, ent)
                if span is not None and names.key(span.text) not in org_keys:
                    spans.append(span)
        spans = filter_spans(spans)
        via = {(s.start, s.end): "people.ner" for s in spans}
        # « le Premier ministre britannique Boris Johnson »: a name after a title that the model left out
        title_matches = self.title_matcher(doc)  # read again by `_roles`
        for span in titled.titled_names(doc, [(s, e) for _, s, e in title_matches], org_tokens):
            if names.key(span.text) not in org_keys and not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
                via[(span.start, span.end)] = "people.title"
        spans = filter_spans(spans)
        if self.propagate:
            found = self._occurrences(doc, spans, org_tokens)
            via |= {(s.start, s.end): "people.propagated" for s in found if (s.start, s.end) not in via}
            spans = filter_spans(spans + found)
        groups = self._group(spans)
        for person in groups:
            person.via = {via[(s.start, s.end)] for s in person.spans}
            if any(len(s) < len(person.full) for s in person.spans):
                person.via.add("people.short-form")
        self._roles(doc, groups, title_matches)
        groups = self._with_evidence(doc, groups)
        taken = {o.id for o in organisations}
        people.extend(self._records(groups, taken))
        self._set_ents(doc, [s for g in groups for s in g.spans])
        return doc

    def _clean(self, doc: Doc, ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        # « l'avocat de Neymar »: a lowercase preposition the model took in is no particle of the name
        while start < end - 1 and doc[start].lower_ in _LEADING:
            start += 1
        while start < end - 1 and (fold(doc[start].text).rstrip(".") in self._honorifics or doc[start].lower_ in _ELISIONS):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        # « masques FFP2.Agnès Buzyn »: two sentences glued in the source, the first word holds the end of the other
        if end - start > 1 and _GLUED.search(doc[start].text):
            start += 1
        if end <= start:
            return None
        first = doc[start]
        if not first.text[:1].isupper() and not (first.lower_ in names.PARTICLES and start + 1 < end and doc[start + 1].text[:1].isupper()):
            return None
        if fold(doc[start:end].text).rstrip(".") in self._honorifics:
            return None
        # « Premier ministre », « président de la République »: a lowercase word that is no particle
        if any(
            t.is_alpha and t.is_lower and len(t) >= 3 and t.lower_ not in names.PARTICLES and doc[t.i - 1].whitespace_
            for t in doc[start + 1 : end]
        ) or (doc[start].is_lower and doc[start].lower_ not in names.PARTICLES):
            return None
        # « De Gendt »: a capitalised particle just before the name
        if start == ent.start and start > 0 and doc[start - 1].text in _CAP_PARTICLES and end - start == 1:
            start -= 1
        # « Marc Ladreit de Lacharrière »: a « de X » continuation that is no other entity
        if end + 1 < len(doc) and doc[end].lower_ in ("de", "d'") and doc[end + 1].text[:1].isupper() and doc[end + 1].ent_type_ in ("", "MISC") and doc[end + 1].is_alpha:
            end += 2
        return Span(doc, start, end, label="PER")

    def _occurrences(self, doc: Doc, spans: list[Span], org_tokens: bytearray) -> list[Span]:
        """Other occurrences of the names found and of their surname forms, outside organisations."""
        forms = set()
        for span in spans:
            if len(span.text.split()) >= 2:  # a one-word name the model found once is not spread: it may be a product or a place
                forms.add(span.text)
                # « de Gaulle » groups with « Charles de Gaulle » but is not searched for: « de X » is mostly a preposition
                forms.update(f for f in names.surname_forms(span.text) if f[:1].isupper())
        text = doc_text(doc)
        other = {}
        for ent in doc.ents:
            if ent.label_ not in ("PER", "ORG"):
                for i in range(ent.start, ent.end):
                    other[i] = ent
        out = []
        for form in forms:
            if len(form) < 3:
                continue
            at = text.find(form)
            while at >= 0:
                span = doc.char_span(at, at + len(form), label="PER")
                if span is not None and not any(org_tokens[span.start : span.end]):
                    # only where the model saw no other entity: its LOC/MISC labels stand
                    if not any(i in other for i in range(span.start, span.end)):
                        out.append(span)
                at = text.find(form, at + len(form))
        return out

    @staticmethod
    def _group(spans: list[Span]) -> list[_Person]:
        groups: list[_Person] = []
        by_key: dict[str, _Person] = {}
        # full names first, so that short forms find them
        for span in sorted(spans, key=lambda s: (-len(s.text.split()), s.start)):
            k = names.key(span.text)
            person = by_key.get(k)
            if person is None:
                owners = [p for p in groups if names.is_short_form(span.text, p.full.text)]
                if len(owners) > 1:
                    before = [p for p in owners if min(s.start for s in p.spans) < span.start]
                    owners = [max(before or owners, key=lambda p: max((s.start for s in p.spans if s.start < span.start), default=-1))]
                person = owners[0] if owners else None
            if person is None and " " not in span.text.strip():
                # « Marin » after « Marin Sauvajon »: a given name alone is the one person of the article who bears it
                given = [p for p in groups if len(p.full) > 1 and names.key(p.full[0].text) == k]
                person = given[0] if len(given) == 1 else None
            if person is None:
                person = _Person()
                groups.append(person)
            person.spans.append(span)
            by_key[k] = person
        return groups

    def _roles(self, doc: Doc, groups: list[_Person], title_matches: list[tuple[int, int, int]]) -> None:
        """Title phrases (`roles.title_phrases`) given to people (`roles.attach`)."""
        if not groups:
            return
        owner = {}
        for person in groups:
            for span in person.spans:
                for i in range(span.start, span.end):
                    owner[i] = person
        matches = filter_spans([Span(doc, s, e, label=label) for label, s, e in title_matches])  # « directeur général », not « directeur »
        cores = [(s.start, s.end) for s in matches]
        cores += occupations.occupation_cores(doc, owner, cores, self._not_titles, self._title_centroid, self.min_title_similarity,
                                              self.min_apposition_similarity)
        plural = frozenset(s.start for s in matches if s.label_ == "TITLES")
        phrases = roles.title_phrases(doc, cores, owner, plural)
        for person, phrase, kind in roles.attach(doc, phrases, owner, self.orphan_window, self._offices, docattrs.published(doc)):
            title = phrase.text(doc)
            kinds = "people.role:anaphor+people.role:office" if kind == "office" else f"people.role:{kind}"  # an anaphor, calibrated as one
            via = kinds + ("+people.role:portfolio" if phrase.org is None and phrase.title_end > phrase.core_end else "")
            person.roles.append((title, doc[phrase.start : phrase.end], phrase.org, via))

    def _with_evidence(self, doc: Doc, groups: list[_Person]) -> list[_Person]:
        """No person introduced as a thing (`evidence.named_as_thing`); people named by one word need evidence
        (`evidence.of_person`), recorded in `via`."""
        kept = []
        for person in groups:
            if not person.roles and evidence.named_as_thing(doc, person.spans, self._not_person_heads):
                continue
            if evidence.one_word(person.full.text):
                found = evidence.of_person(doc, person.spans, bool(person.roles), self._honorifics)
                if found is None:
                    continue
                person.via.add(found)
            kept.append(person)
        return kept

    def _records(self, groups: list[_Person], taken: set[str]) -> list[records.Person]:
        out = []
        groups.sort(key=lambda p: min(s.start for s in p.spans))
        for person in groups:
            person.spans.sort(key=lambda s: s.start)
            name = person.full.text
            aliases = []
            for s in person.spans:
                if s.text != name and s.text not in aliases:
                    aliases.append(s.text)
            roles, seen = [], set()
            folded = [(fold(title), org) for title, _, org, _ in person.roles]
            for (title, phrase, org, role_via), (f, _) in zip(person.roles, folded):
                # once per (title, organisation); « ministre » not beside « ministre de l'Économie »
                if (f, org) in seen or any((f != g and f in g and org in (o, None)) or (f == g and org is None and o is not None) for g, o in folded):
                    continue
                seen.add((f, org))
                vias = role_via.split("+")
                roles.append(records.Role(title=title, organisation=org, span=records.Span.of(phrase), via=vias, confidence=self._confidence(vias)))
            person_via = sorted(person.via)
            out.append(
                records.Person(
                    id=unique_slug(name, taken),
                    name=name,
                    aliases=aliases,
                    roles=roles,
                    mentions=[records.Span.of(s) for s in person.spans],
                    via=person_via,
                    confidence=self._confidence(person_via),
                )
            )
        return out

    def _confidence(self, via: list[str]) -> float | None:
        """The calibrated confidence of what `via` made (models/calibration/people.json: people, and their roles
        keyed by their `people.role:*` ids); None without a table."""
        if self.calibration is None or (via[0].startswith("people.role") and not any(v in self.calibration.table for v in via)):
            return None  # a role's confidence only from a table that has its ids
        return self.calibration.confidence(via)

    def _set_ents(self, doc: Doc, spans: list[Span]) -> None:
        ours = [Span(doc, s.start, s.end, label="PER") for s in spans]
        taken = bytearray(len(doc))
        for s in ours:
            taken[s.start : s.end] = b"\x01" * (s.end - s.start)
        kept = [e for e in doc.ents if e.label_ != "PER" and not any(taken[e.start : e.end])]
        doc.ents = filter_spans(kept + ours)


@Language.factory(
    "depeche_people",
    default_config={"propagate": True, "orphan_window": 600, "max_title_gap": 1, "min_title_similarity": 0.35,
                    "min_apposition_similarity": 0.5},
    requires=["doc.ents"],
    assigns=["doc._.people", "doc.ents"],
)
def make_people(nlp: Language, name: str, propagate: bool, orphan_window: int, max_title_gap: int, min_title_similarity: float,
                min_apposition_similarity: float) -> PeopleComponent:
    return PeopleComponent(nlp, name, propagate=propagate, orphan_window=orphan_window, max_title_gap=max_title_gap,
                           min_title_similarity=min_title_similarity, min_apposition_similarity=min_apposition_similarity)
