"""depeche_organisations: the organisations an article names, as `doc._.organisations`, and ORG in `doc.ents`.

Candidates come from, strongest first:

1. the gazetteers (`models/gazetteers/organisations*.jsonl`: written by hand, harvested from WiNER-fr dev,
   mined from the OrangeSum dump — see models/gazetteers/README.md): a PhraseMatcher on LOWER, with accent-free
   variants, checked case-aware (a capitalised word of the name must be capitalised in the text, a short
   acronym must match exactly);
2. rules, with their trigger words in `models/lexicons/organisations_*`: appositions (« le groupe chinois
   ByteDance », « le régulateur X »), acronym definitions (« l'autorité britannique de la concurrence (CMA) »),
   portfolios (« le ministre de l'Intérieur », « le ministère de la Culture »), state bodies (« l'armée
   syrienne »), named institutions (« université de Lille », « hôpital Pasteur de Nice »), the model's LOC
   entities that begin with an organisation's head noun (« Cour d'appel de Douai »), MISC entities in an organisation's slot (subject of « racheter », « annoncer »…);
3. the base model's ORG entities (leading « l' » trimmed).

State bodies are off by default (`state_bodies`): on WiNER-fr dev only 0.32 of them were annotated.

Then, within the article: every other occurrence of a gazetteer name or defined acronym is a mention too (of a name
only the model found, when `propagate_model_names`: off by default, it lowered ORG F1 on WiNER dev), a MISC/LOC/PER entity
that is one of them becomes ORG, and a capitalised word one edit away from a name (« Wallmart ») is merged
into it. Mentions are grouped into one `Organisation` per entity (gazetteer entry, acronym and long name,
same key), with a canonical `name`, `aliases` (other surface forms), `kind` and a stable slug `id`.
`doc.ents` is rewritten: organisation mentions are ORG, the model's other entities are kept where they do
not overlap one. Page furniture (share bars) is relabelled MISC.

`entity_at(doc, start_char, end_char)` maps a character range to the organisation or person id it is a
mention of.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from depeche import docattrs, records
from depeche.components.data import DataComponent, fill
from depeche.docattrs import doc_text
from depeche.normalise import names
from depeche.normalise.text import fold, strip_accents, unique_slug

KINDS = ("company", "regulator", "court", "media", "government", "other")
_DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "au", "aux", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "d'", "d’", "de"})
_OF = frozenset({"de", "du", "des", "d'", "d’", "la", "l'", "l’", "les"})
_ELISIONS = frozenset({"l'", "l’", "d'", "d’"})
_ARTICLES = frozenset({"le", "la", "les", "l'", "the"})
_CONNECTORS = frozenset({"&", "-"})
_BREAK_POS = frozenset({"VERB", "AUX", "PUNCT", "ADP", "CCONJ", "SCONJ", "PRON", "DET"})
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w\-]{3,}\b")

# candidate sources, strongest first
GAZETTEER, RULE, MODEL, PROPAGATED = 0, 1, 2, 3


@dataclass
class _Candidate:
    start: int  # token offsets
    end: int
    source: int
    entry: int | None = None  # gazetteer entry index
    kind: str | None = None
    link: tuple[int, int] | None = None  # token range of a name this one abbreviates / is abbreviated by
    via: str = ""  # the rule that found it (for error analysis)


@dataclass
class _Group:
    spans: list[Span] = field(default_factory=list)
    entry: int | None = None
    kinds: list[str] = field(default_factory=list)


def _word(token) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "-" in token.text or "&" in token.text or token.text[-1:].isalnum())


class OrganisationsComponent(DataComponent):
    """Finds organisations; writes `doc._.organisations` and ORG entities."""

    def __init__(
        self,
        nlp: Language,
        name: str = "depeche_organisations",
        *,
        use_model_ents: bool,
        max_adjectives: int,
        max_name_tokens: int,
        acronym_window: int,
        fuzzy_merge: bool,
        relabel_to: str,
        propagate_model_names: bool,
        state_bodies: bool,
        head_entities: bool,
    ):
        self.nlp = nlp
        self.name = name
        self.use_model_ents = use_model_ents
        self.max_adjectives = max_adjectives
        self.max_name_tokens = max_name_tokens
        self.acronym_window = acronym_window
        self.fuzzy_merge = fuzzy_merge
        self.relabel_to = relabel_to
        self.propagate_model_names = propagate_model_names
        self.state_bodies = state_bodies
        self.head_entities = head_entities
        self.entries: list[dict] = []
        self.lexicons: dict[str, list] = {}
        self._build()

    # --- data ------------------------------------------------------------------------

    factory = "depeche_organisations"
    data_files = {"organisations": "jsonl", "lexicons": "json"}

    def initialize(
        self,
        get_examples=None,
        *,
        nlp: Language | None = None,
        gazetteer: Iterable[dict] | None = None,
        harvested: Iterable[dict] | None = None,
        mined: Iterable[dict] | None = None,
        triggers: Iterable[str] | None = None,
        heads: Iterable[str] | None = None,
        state: Iterable[str] | None = None,
        ministries: Iterable[str] | None = None,
        institutions: Iterable[str] | None = None,
        verbs: Iterable[str] | None = None,
        boilerplate: Iterable[str] | None = None,
        not_names: Iterable[str] | None = None,
        designators: Iterable[str] | None = None,
    ) -> None:
        """Load the gazetteers (JSONL: name, aliases, kind) and lexicons (text lines; TSV `word<TAB>value`).
        Each one not given is read from depeche's shipped data (`components.data.shipped`); give `[]`
        to leave one empty."""
        data = fill(
            self.factory,
            {
                "gazetteer": gazetteer,
                "harvested": harvested,
                "mined": mined,
                "triggers": triggers,
                "heads": heads,
                "state": state,
                "ministries": ministries,
                "institutions": institutions,
                "verbs": verbs,
                "boilerplate": boilerplate,
                "not_names": not_names,
                "designators": designators,
            },
        )
        self.entries = [dict(e) for e in data["gazetteer"]] + [dict(e) for e in data["harvested"]] + [dict(e) for e in data["mined"]]
        self.lexicons = {
            **{name: _pairs(data[name]) for name in ("triggers", "heads", "state", "ministries", "institutions")},
            **{name: _lines(data[name]) for name in ("verbs", "boilerplate", "not_names", "designators")},
        }
        self._loaded()

    def serializers(self):
        def put_entries(value):
            self.entries = list(value)

        def put_lexicons(value):
            self.lexicons = value

        return {"organisations": (lambda: self.entries, put_entries), "lexicons": (lambda: self.lexicons, put_lexicons)}

    def _rebuild(self) -> None:
        self._build()

    def _build(self) -> None:
        make = self.nlp.make_doc
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._forms: dict[int, tuple[int, str]] = {}  # match id -> (entry, form)
        seen: set[str] = set()
        for index, entry in enumerate(self.entries):
            for form in [entry["name"], *entry.get("aliases", [])]:
                for variant in {form, strip_accents(form)}:
                    label = f"ORG{index}:{variant}"
                    if label in seen:
                        continue
                    seen.add(label)
                    pattern = make(variant)
                    self.matcher.add(label, [pattern])
                    self._forms[self.nlp.vocab.strings[label]] = (index, tuple(t.text for t in pattern))
        self.lex_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._lex: dict[str, dict[str, str]] = {}
        for name in ("triggers", "heads", "state", "ministries", "institutions"):
            table = {fold(w): v for w, v in self.lexicons.get(name, [])}
            self._lex[name] = table
            if name != "heads":
                patterns = [make(w) for w, _ in self.lexicons.get(name, [])]
                if patterns:
                    self.lex_matcher.add(name.upper(), patterns)
        self._verbs = tuple(fold(v) for v in self.lexicons.get("verbs", []))
        self._not_names = frozenset(fold(v) for v in self.lexicons.get("not_names", []))
        self._designators = frozenset(fold(v) for v in self.lexicons.get("designators", []))
        self.acronyms = Matcher(self.nlp.vocab)
        self.acronyms.add("ACRONYM", [[{"ORTH": "("}, {"IS_UPPER": True, "LENGTH": {">=": 2}}, {"ORTH": ")"}]])
        self.acronyms.add("EXPANSION", [[{"IS_UPPER": True, "LENGTH": {">=": 2}}, {"ORTH": "("}, {"IS_TITLE": True}]])

    # --- the component ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        organisations = docattrs.get(doc, "organisations")
        organisations.clear()
        if not len(doc):
            return doc
        self._text = doc_text(doc)  # Doc.text re-joins every token on each access: read it once
        furniture = self._furniture(doc)
        self._as_place: set[tuple[int, int]] = set()
        cands: list[_Candidate] = []
        cands += self._gazetteer(doc)
        cands += self._lexical_rules(doc)
        cands += self._acronyms(doc, cands)
        if self.use_model_ents:
            cands += self._model(doc)
        cands = [c for c in cands if not any(s <= doc[c.start].idx < e for s, e in furniture) and fold(doc[c.start : c.end].text) not in self._not_names]
        cands = self._outside_people(doc, cands)
        cands = self._inside_longer_names(doc, cands)
        cands = [self._whole_words(doc, c) for c in cands]
        chosen = self._resolve(doc, cands)
        chosen += self._propagate(doc, chosen, furniture)
        chosen = self._resolve(doc, chosen)
        groups = self._group(doc, chosen)
        if self.fuzzy_merge:
            self._merge_misspellings(doc, groups, furniture)
        organisations.extend(self._records(doc, groups))
        self._set_ents(doc, [s for g in groups for s in g.spans], furniture)
        return doc

    def _furniture(self, doc: Doc) -> list[tuple[int, int]]:
        regions = []
        for prefix in self.lexicons.get("boilerplate", []):
            start = self._text.find(prefix)
            while start >= 0:
                end = self._text.find("\n\n", start)
                regions.append((start, len(self._text) if end < 0 else end))
                start = self._text.find(prefix, start + 1)
        return regions

    def _gazetteer(self, doc: Doc) -> list[_Candidate]:
        out = []
        for match_id, start, end in self.matcher(doc):
            index, form = self._forms[match_id]
            span = doc[start:end]
            if not self._case_fits(span, form):
                continue
            out.append(_Candidate(start, end, GAZETTEER, entry=index, kind=self.entries[index].get("kind"), via="gazetteer"))
        return out

    @staticmethod
    def _case_fits(span: Span, form: tuple[str, ...]) -> bool:
        """A capitalised word of the name is capitalised in the text; a short acronym matches exactly."""
        if len(form) == 1 and names.is_acronym(form[0]) and len(form[0]) <= 5:
            return strip_accents(span.text) == strip_accents(form[0])
        pairs = list(zip(form, span))
        if len(pairs) > 1 and fold(pairs[0][0]) in _ARTICLES:  # « l'Express » for « L'Express »
            pairs = pairs[1:]
        return all(not word[:1].isupper() or token.text[:1].isupper() for word, token in pairs)

    def _name_after(self, doc: Doc, i: int, *, adjectives: bool) -> tuple[int, int] | None:
        """The capitalised name starting at token i (after up to `max_adjectives` lowercase adjectives)."""
        skipped = 0
        n = len(doc)
        while adjectives and i < n and skipped < self.max_adjectives and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in _OF and doc[i].pos_ in ("ADJ", ""):
            i += 1
            skipped += 1
        if i >= n or not _word(doc[i]):
            return None
        j = i + 1
        while j < n and j - i < self.max_name_tokens and (_word(doc[j]) or (doc[j].text in _CONNECTORS and j + 1 < n and _word(doc[j + 1]))):
            if doc[j].is_sent_start:
                break
            j += 1
        return i, j

    def _lexical_rules(self, doc: Doc) -> list[_Candidate]:
        out = []
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.lex_matcher(doc):
            kind_of = strings[match_id]
            word = fold(doc[start:end].text)
            if kind_of == "TRIGGERS":
                if start > 0 and doc[start - 1].lower_ not in _DETERMINERS:
                    continue
                found = self._name_after(doc, end, adjectives=True)
                while found:
                    s, e = found
                    out.append(_Candidate(s, e, RULE, kind=self._lex["triggers"].get(word), via="trigger"))
                    # « les groupes américains Oracle et Walmart »
                    if e + 1 < len(doc) and doc[e].lower_ in ("et", ",") and _word(doc[e + 1]):
                        found = self._name_after(doc, e + 1, adjectives=False)
                    else:
                        found = None
            elif kind_of == "MINISTRIES":
                i = end
                if i < len(doc) and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in _OF and doc[i].pos_ in ("ADJ", ""):
                    i += 1  # « le ministre français de l'Intérieur »
                end_of_word = i
                while i < len(doc) and i - end < 3 and doc[i].lower_ in _OF:
                    i += 1
                if i == end_of_word or i >= len(doc) or not doc[i].text[:1].isupper():
                    continue
                j = i + 1
                while j < len(doc) and j - i < 6 and (doc[j].text[:1].isupper() or (doc[j].lower_ in ("et", "des", "de", "du") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())):
                    j += 1
                whole = self._lex["ministries"].get(word) == "whole"
                out.append(_Candidate(start if whole else i, j, RULE, kind="government", via="ministry"))
            elif kind_of == "INSTITUTIONS":
                i = end
                if i < len(doc) and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in _OF and doc[i].pos_ in ("ADJ", ""):
                    i += 1
                j = i
                while j < len(doc) and j - i < 2 and doc[j].lower_ in _OF:
                    j += 1
                found = self._name_after(doc, j, adjectives=False)
                if found and not (j == i and start > 0 and _word(doc[start - 1])):
                    out.append(_Candidate(start, found[1], RULE, kind=self._lex["institutions"].get(word, "other"), via="institution"))
            elif kind_of == "STATE" and self.state_bodies:
                if end < len(doc) and doc[end].is_lower and doc[end].is_alpha and (doc[end].pos_ == "ADJ" or not doc.has_annotation("POS")) and doc[end].lower_ not in _OF:
                    if doc.has_annotation("POS") or doc[end].lower_.endswith(("ien", "ienne", "ais", "aise", "ain", "aine", "ois", "oise", "an", "ane", "in", "ine", "que", "ol", "ole", "ec", "eque", "e")):
                        out.append(_Candidate(start, end + 1, RULE, kind=self._lex["state"].get(word, "government"), via="state"))
        # a place of the model's named by an organisation's head noun: « Cour d'appel de Douai », « Centre Athénas »
        # (on WiNER-fr dev: 0.75 of these were organisations; MISC entities so named only 0.33)
        if self.head_entities:
            for ent in doc.ents:
                if ent.label_ == "LOC" and len(ent) > 1 and ent[0].text[:1].isupper() and fold(ent[0].text) in self._lex["heads"]:
                    out.append(_Candidate(ent.start, ent.end, RULE, kind=self._lex["heads"][fold(ent[0].text)], via="head"))
        # MISC entities in an organisation's slot: subject of « racheter », « annoncer »…
        if self._verbs and doc.has_annotation("DEP"):
            for ent in doc.ents:
                if ent.label_ != "MISC":
                    continue
                root = ent.root
                if root.dep_.startswith("nsubj") and fold(root.head.text).startswith(self._verbs):
                    out.append(_Candidate(ent.start, ent.end, RULE, kind="company", via="verb"))
        return out

    def _acronyms(self, doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
        out = []
        ends = {c.end: c for c in cands}
        ents_by_end = {e.end: e for e in doc.ents}
        expansion = self.nlp.vocab.strings["EXPANSION"]
        for match_id, start, end in self.acronyms(doc):
            if match_id == expansion:
                out += self._expansion(doc, start)
                continue
            acronym = doc[start + 1]
            if not names.is_acronym(acronym.text):
                continue
            long_end = start
            before = ends.get(long_end)
            if before is not None:
                long_start = before.start
                kind = before.kind
            else:
                long_start, kind = None, None
                lower = max(0, long_end - self.acronym_window)
                for i in range(long_end - 1, lower - 1, -1):
                    token = doc[i]
                    if token.is_punct and token.text not in ("'", "’", "-"):
                        break
                    head = self._lex["heads"].get(fold(token.text))
                    if head is not None and (i == 0 or not _word(doc[i - 1]) or token.text[:1].isupper()):
                        long_start, kind = i, head
                ent = ents_by_end.get(long_end)
                if long_start is None and ent is not None and ent.label_ in ("ORG", "MISC") and len(ent) > 1:
                    long_start = ent.start
                if long_start is None and names.acronym_fits(acronym.text, doc[max(lower, 0):long_end].text):
                    # the name is the capitalised run that spells the acronym
                    i = long_end - 1
                    while i >= lower and (_word(doc[i]) or doc[i].lower_ in _OF):
                        i -= 1
                    i += 1
                    while i < long_end and doc[i].lower_ in _OF:
                        i += 1
                    if i < long_end - 1 and names.acronym_fits(acronym.text, doc[i:long_end].text):
                        long_start = i
                if long_start is None or long_start >= long_end:
                    continue
                out.append(_Candidate(long_start, long_end, RULE, kind=kind, link=(start + 1, start + 2), via="acronym"))
            out.append(_Candidate(start + 1, start + 2, RULE, kind=kind, link=(long_start, long_end), via="acronym"))
        return out

    def _expansion(self, doc: Doc, start: int) -> list[_Candidate]:
        """« l'ONUB (Opération des Nations unies au Burundi) »: an acronym, then its expansion in brackets."""
        acronym = doc[start]
        if not names.is_acronym(acronym.text):
            return []
        close = next((i for i in range(start + 2, min(len(doc), start + 2 + self.acronym_window)) if doc[i].text == ")"), None)
        if close is None or close - (start + 2) < 2:
            return []
        long_name = doc[start + 2 : close]
        if not names.acronym_fits(acronym.text, long_name.text) or len(names.initials(long_name.text)) != sum(c.isalpha() for c in acronym.text):
            return []
        kind = self._lex["heads"].get(fold(long_name[0].text))
        return [
            _Candidate(start + 2, close, RULE, kind=kind, link=(start, start + 1), via="acronym"),
            _Candidate(start, start + 1, RULE, kind=kind, link=(start + 2, close), via="acronym"),
        ]

    def _model(self, doc: Doc) -> list[_Candidate]:
        votes: dict[str, Counter] = {}
        for ent in doc.ents:
            votes.setdefault(ent.text, Counter())[ent.label_] += 1
        out = []
        for ent in doc.ents:
            if ent.label_ == "PER" and self._company_like(ent):
                out.append(_Candidate(ent.start, ent.end, MODEL, kind="company", via="company-like"))
                continue
            if ent.label_ != "ORG":
                continue
            # « Qatar » tagged ORG once and LOC elsewhere in the article: a place (a national team, a country's name)
            if votes[ent.text]["LOC"] >= votes[ent.text]["ORG"]:
                self._as_place.add((ent.start, ent.end))
                continue
            start = ent.start
            end = ent.end
            while start < end - 1 and doc[start].lower_ in _ELISIONS:
                start += 1
            # « compagnie Pakistan International Airlines », « éditions Gallimard »: the descriptor is no part of the name
            if start < end - 1 and doc[start].is_lower and (fold(doc[start].text) in self._lex["triggers"] or doc[start].lower_ == "éditions") and doc[start + 1].text[:1].isupper():
                start += 1
            while end > start + 1 and (doc[end - 1].lower_ in _OF or doc[end - 1].is_punct):
                end -= 1
            out.append(_Candidate(start, end, MODEL, via="model"))
        return out

    def _company_like(self, ent: Span) -> bool:
        """A « person » whose name holds « & » or a company designator (« Simon & Schuster », « Nordlys Electric »)."""
        return len(ent) > 1 and any(t.text == "&" or (t.text[:1].isupper() and fold(t.text) in self._designators) for t in ent[1:])

    @staticmethod
    def _whole_words(doc: Doc, c: _Candidate) -> _Candidate:
        """A name does not stop inside a hyphenated word: « Arlux-Visotec », « Université Panthéon-Assas »."""
        end = c.end
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
            end += 2
        if end != c.end and c.entry is None:
            c.end = end
        return c

    @staticmethod
    def _inside_longer_names(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
        """A gazetteer name inside a longer capitalised ORG name of the model, or inside a name an acronym
        defines, is part of that other organisation's name (« Sanofi Pasteur », « ONUB (Opération des Nations
        unies au Burundi) »): it gives way."""
        longer = [c for c in cands if (c.source == MODEL and doc[c.start].text[:1].isupper()) or (c.via == "acronym" and c.end - c.start > 1)]
        if not longer:
            return cands
        return [
            c
            for c in cands
            if c.source != GAZETTEER or not any(m.start <= c.start and c.end <= m.end and (m.end - m.start) > (c.end - c.start) for m in longer)
        ]

    @staticmethod
    def _outside_people(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
        """No organisation inside a longer person's name (« Ford » in « Henry Ford »)."""
        people = [e for e in doc.ents if e.label_ == "PER"]
        if not people:
            return cands
        return [c for c in cands if not any(p.start <= c.start and c.end <= p.end and (c.end - c.start) < len(p) for p in people)]

    def _resolve(self, doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
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

    def _propagate(self, doc: Doc, chosen: list[_Candidate], furniture) -> list[_Candidate]:
        """Every other occurrence of a name found is a mention too (same case, whole tokens)."""
        text = self._text
        forms = {}
        for c in chosen:
            span = doc[c.start : c.end]
            if span.text[:1].isupper() and len(span.text) >= 2 and (c.via in ("gazetteer", "acronym") or (c.source == MODEL and self.propagate_model_names)):
                forms.setdefault(span.text, c)
        out = []
        other_ents = bytearray(len(doc))
        longer_person = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ != "ORG":
                other_ents[ent.start : ent.end] = b"\x01" * len(ent)
            if ent.label_ == "PER" and len(ent) > 1:
                longer_person[ent.start : ent.end] = b"\x01" * len(ent)
        for form, c in forms.items():
            strong = c.source in (GAZETTEER, RULE)
            at = text.find(form)
            while at >= 0:
                span = doc.char_span(at, at + len(form))
                if span is not None and (strong or not any(other_ents[span.start : span.end])) and not any(s <= at < e for s, e in furniture) and not any(longer_person[span.start : span.end]):
                    out.append(_Candidate(span.start, span.end, c.source if c.source == GAZETTEER else PROPAGATED, entry=c.entry, kind=c.kind, via="propagated:" + c.via))
                at = text.find(form, at + len(form))
        return chosen + out

    def _group(self, doc: Doc, chosen: list[_Candidate]) -> list[_Group]:
        groups: list[_Group] = []
        by_key: dict[object, _Group] = {}
        by_range: dict[tuple[int, int], _Group] = {}
        pending_links = []
        for c in chosen:
            span = doc[c.start : c.end]
            k = ("entry", c.entry) if c.entry is not None else ("key", names.key(span.text))
            group = by_key.get(k)
            if group is None and c.entry is None:
                # a surface form that is a gazetteer entry's alias in this article
                for other_key, other in by_key.items():
                    if other.entry is not None and names.key(span.text) in {names.key(s.text) for s in other.spans}:
                        group = other
                        break
            if group is None:
                group = _Group(entry=c.entry)
                groups.append(group)
                by_key[k] = group
            group.spans.append(span)
            if c.kind:
                group.kinds.append(c.kind)
            by_range[(c.start, c.end)] = group
            if c.link:
                pending_links.append(((c.start, c.end), c.link))
        for here, there in pending_links:
            a, b = by_range.get(here), by_range.get(there)
            if a is not None and b is not None and a is not b:
                self._absorb(groups, a, b)
                for r, g in list(by_range.items()):
                    if g is b:
                        by_range[r] = a
        return groups

    @staticmethod
    def _absorb(groups: list[_Group], keep: _Group, gone: _Group) -> None:
        if keep.entry is None and gone.entry is not None:
            keep.entry = gone.entry
        keep.spans.extend(gone.spans)
        keep.kinds.extend(gone.kinds)
        groups.remove(gone)

    def _merge_misspellings(self, doc: Doc, groups: list[_Group], furniture) -> None:
        """« Wallmart » in an article about Walmart: a group or a capitalised word one edit from a name joins it."""
        for group in list(groups):
            if group.entry is not None or group not in groups:
                continue
            text = group.spans[0].text
            for other in groups:
                if other is not group and any(names.misspelling_of(text, s.text) for s in other.spans[:1]):
                    if other.entry is not None or len(other.spans) >= len(group.spans):
                        self._absorb(groups, other, group)
                        break
        covered = {(s.start_char, s.end_char) for g in groups for s in g.spans}
        taken = bytearray(len(self._text))
        for start, end in covered:
            taken[start:end] = b"\x01" * (end - start)
        group_keys = [(names.key(group.spans[0].text), group) for group in groups]
        for match in _CAPITALISED.finditer(self._text):
            start, end = match.span()
            if any(taken[start:end]) or any(s <= start < e for s, e in furniture):
                continue
            word = names.key(match.group())
            for group_key, group in group_keys:
                if names.keys_misspelt(word, group_key):
                    span = doc.char_span(start, end)
                    if span is not None:
                        group.spans.append(span)
                    break

    def _records(self, doc: Doc, groups: list[_Group]) -> list[records.Organisation]:
        taken: set[str] = set()
        out = []
        groups.sort(key=lambda g: min(s.start for s in g.spans))
        for group in groups:
            group.spans.sort(key=lambda s: s.start)
            if group.entry is not None:
                entry = self.entries[group.entry]
                name, kind = entry["name"], entry.get("kind") or "other"
            else:
                name = max((s.text for s in group.spans if not names.is_acronym(s.text)), key=len, default=group.spans[0].text)
                kind = group.kinds[0] if group.kinds else self._kind_of_name(name)
            kind = kind if kind in KINDS else "other"
            aliases = []
            for s in group.spans:
                if s.text != name and s.text not in aliases:
                    aliases.append(s.text)
            org = records.Organisation(
                id=unique_slug(name, taken),
                name=name,
                aliases=aliases,
                kind=kind,
                mentions=[records.Span.of(s) for s in group.spans],
            )
            out.append(org)
        return out

    def _kind_of_name(self, name: str) -> str:
        first = fold(names.strip_determiner(name)).split(" ")[0] if name else ""
        return self._lex["heads"].get(first, "other")

    def _set_ents(self, doc: Doc, spans: list[Span], furniture) -> None:
        ours = [Span(doc, s.start, s.end, label="ORG") for s in spans]
        kept = []
        for ent in doc.ents:
            if any(s <= ent.start_char < e for s, e in furniture):
                kept.append(Span(doc, ent.start, ent.end, label=self.relabel_to))
            elif ent.label_ != "ORG":
                kept.append(ent)
            elif (ent.start, ent.end) in self._as_place:
                kept.append(Span(doc, ent.start, ent.end, label="LOC"))
        taken = bytearray(len(doc))
        for s in ours:
            taken[s.start : s.end] = b"\x01" * (s.end - s.start)
        doc.ents = filter_spans(ours + [e for e in kept if not any(taken[e.start : e.end])])


def _lines(items: Iterable[str]) -> list[str]:
    out = []
    for line in items:
        line = line.rstrip("\n")
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def _pairs(items: Iterable[str]) -> list[list[str]]:
    out = []
    for line in _lines(items):
        word, _, value = line.partition("\t")
        out.append([word.strip(), value.strip()])
    return out


@registry.readers("depeche.lines.v1")
def read_lines(path: str | Path) -> list[str]:
    """A lexicon file's lines (for `[initialize.components.*]`: `{"@readers": "depeche.lines.v1", "path": ...}`)."""
    return Path(path).read_text(encoding="utf-8").splitlines()


def entity_at(doc: Doc, start_char: int, end_char: int | None = None) -> str | None:
    """The id of the organisation or person that has a mention covering [start_char, end_char) (or overlapping
    it, the tightest first), from `doc._.organisations` and `doc._.people`; None when there is none.
    Accepts a spaCy Span/Token as first argument's companion: `entity_at(doc, span.start_char, span.end_char)`."""
    end_char = start_char + 1 if end_char is None else end_char
    best, best_size = None, None
    for name in ("organisations", "people"):
        for item in docattrs.get(doc, name):
            for m in item.mentions:
                if m.start < end_char and start_char < m.end:
                    inside = m.start <= start_char and end_char <= m.end
                    size = (0 if inside else 1, m.end - m.start)
                    if best_size is None or size < best_size:
                        best, best_size = item.id, size
    return best


def entity_of(span) -> str | None:
    """`entity_at` for a spaCy Span or Token."""
    if hasattr(span, "start_char"):
        return entity_at(span.doc, span.start_char, span.end_char)
    return entity_at(span.doc, span.idx, span.idx + len(span.text))


@Language.factory(
    "depeche_organisations",
    default_config={
        "use_model_ents": True,
        "max_adjectives": 2,
        "max_name_tokens": 6,
        "acronym_window": 10,
        "fuzzy_merge": True,
        "relabel_to": "MISC",
        "propagate_model_names": False,
        "state_bodies": False,
        "head_entities": True,
    },
    assigns=["doc._.organisations", "doc.ents"],
)
def make_organisations(
    nlp: Language,
    name: str,
    use_model_ents: bool,
    max_adjectives: int,
    max_name_tokens: int,
    acronym_window: int,
    fuzzy_merge: bool,
    relabel_to: str,
    propagate_model_names: bool,
    state_bodies: bool,
    head_entities: bool,
) -> OrganisationsComponent:
    return OrganisationsComponent(
        nlp,
        name,
        use_model_ents=use_model_ents,
        max_adjectives=max_adjectives,
        max_name_tokens=max_name_tokens,
        acronym_window=acronym_window,
        fuzzy_merge=fuzzy_merge,
        relabel_to=relabel_to,
        propagate_model_names=propagate_model_names,
        state_bodies=state_bodies,
        head_entities=head_entities,
    )
