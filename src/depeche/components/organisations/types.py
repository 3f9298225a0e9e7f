"""The typed values the stages of depeche_organisations pass each other: a candidate, a group of mentions,
the per-document context, the compiled tables; and the token tests several stages share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from depeche.calibration import Calibration

from depeche.components.common import ELISIONS  # noqa: F401  (shared: re-exported for the stages)
from depeche.components.common import TokenRows, token_rows, where

KINDS = ("company", "regulator", "court", "media", "government", "other")
DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "au", "aux", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "d'", "d’", "de"})
OF = frozenset({"de", "du", "des", "d'", "d’", "la", "l'", "l’", "les"})
ARTICLES = frozenset({"le", "la", "les", "l'", "the"})
CONNECTORS = frozenset({"&", "-"})
CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w\-]{3,}\b")

# candidate sources, strongest first
GAZETTEER, RULE, MODEL, PROPAGATED = 0, 1, 2, 3


@dataclass
class Candidate:
    start: int  # token offsets
    end: int
    source: int
    entry: int | None = None  # gazetteer entry index
    kind: str | None = None
    link: tuple[int, int] | None = None  # token range of a name this one abbreviates / is abbreviated by
    via: str = ""  # the id of the generator or rule that found it (`organisations.gazetteer`, `ner.model`…)


@dataclass
class Group:
    """The mentions of one organisation, and the candidates they came from."""

    spans: list[Span] = field(default_factory=list)
    entry: int | None = None
    kinds: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    confidence: float | None = None  # set by a trained decision (`decision`); else the calibration's, by `via`


@dataclass
class Context:
    """What one document's run computes once and the stages read (nothing of it lives on the component)."""

    doc: Doc
    text: str  # Doc.text re-joins every token on each access: read it once
    furniture: list[tuple[int, int]]  # character ranges of page furniture (share bars)
    as_place: set[tuple[int, int]] = field(default_factory=set)  # model ORG entities voted LOC in the article
    as_person: set[tuple[int, int]] = field(default_factory=set)  # model ORG entities that open on a person's honorific
    declined: list[tuple[int, int]] = field(default_factory=list)  # token ranges of mentions the decision turned down
    portfolios: list[tuple[int, int]] = field(default_factory=list)  # token ranges of portfolios of a minister's title
    titles: list[tuple[int, int]] = field(default_factory=list)  # token ranges of ministers' titles (« secrétaire d'État »)
    _lexical: list[tuple[str, int, int]] | None = None
    _rows: TokenRows | None = None

    def rows(self) -> TokenRows:
        """The Doc's distinct words (`common.token_rows`), made once for every stage that tests words."""
        if self._rows is None:
            self._rows = token_rows(self.doc)
        return self._rows

    def in_furniture(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.furniture)


@dataclass
class Tables:
    """The component's compiled data and settings, what every generator reads."""

    entries: list[dict]
    matcher: PhraseMatcher  # gazetteer names, on LOWER
    forms: dict[int, tuple[int, tuple[str, ...]]]  # match id -> (entry, form's words)
    lex_matcher: PhraseMatcher  # trigger words of the lexicons, labelled by lexicon
    lex: dict[str, dict[str, str]]  # lexicon -> folded word -> value
    verbs: tuple[str, ...]
    not_names: frozenset[str]
    designators: frozenset[str]
    acronyms: Matcher
    max_adjectives: int
    max_name_tokens: int
    acronym_window: int
    calibration: Calibration | None  # via ids -> confidence (models/calibration/organisations.json)
    # the answers of the word tests of `common.where`, by test then ORTH hash: a memo of the data, read by any
    # Doc (the same words recur from one article to the next), never state of one document
    memo: dict[str, dict[int, bool]] = field(default_factory=dict)

    def words(self, ctx: Context, test: str, predicate: Callable[[str], bool]) -> list[int]:
        """The indices of the Doc's tokens whose text passes `predicate` (`common.where`, memoised as `test`)."""
        return where(ctx.doc, ctx.rows(), predicate, self.memo.setdefault(test, {}))

    def lexical(self, ctx: Context, label: str) -> list[tuple[str, int, int]]:
        """The lexicon matches labelled `label` (the one PhraseMatcher runs once per document)."""
        if ctx._lexical is None:
            strings = ctx.doc.vocab.strings
            ctx._lexical = [(strings[m], s, e) for m, s, e in self.lex_matcher(ctx.doc)]
        return [m for m in ctx._lexical if m[0] == label]


Generator = Callable[[Tables, Context, list[Candidate]], list[Candidate]]


def is_word(token) -> bool:
    """A capitalised word that can be part of a name (« Arlux-Visotec », « AT&T », « M6 »)."""
    return token.text[:1].isupper() and (token.is_alpha or "-" in token.text or "&" in token.text or token.text[-1:].isalnum())


def name_after(tables: Tables, doc: Doc, i: int, *, adjectives: bool) -> tuple[int, int] | None:
    """The capitalised name starting at token i (after up to `max_adjectives` lowercase adjectives; a lower-case
    word the tagger calls a proper noun is one: « la start-up nantaise Lengow »)."""
    skipped = 0
    n = len(doc)
    while adjectives and i < n and skipped < tables.max_adjectives and doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in OF and doc[i].pos_ in ("ADJ", "PROPN", ""):
        i += 1
        skipped += 1
    if i >= n or not is_word(doc[i]):
        return None
    if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha and doc[i - 1].text[-1].islower():
        return None  # « d'associationsCes moyens »: two sentences glued in the source, no name after the word
    j = i + 1
    while j < n and j - i < tables.max_name_tokens and (is_word(doc[j]) or (doc[j].text in CONNECTORS and j + 1 < n and is_word(doc[j + 1])) or _inner_adjective(doc, j)):
        if doc[j].is_sent_start or doc[j - 1].text[-2:] in (".-", "!-", "?-"):
            break  # « de l'AFP.- Succès sur-mesure »: a subheading glued on after a sentence's end
        j += 1
    return i, j


def _inner_adjective(doc: Doc, j: int) -> bool:
    """A lower-case adjective between two capitalised words of a name: « Santé publique France »."""
    return doc[j].is_lower and doc[j].pos_ == "ADJ" and j + 1 < len(doc) and is_word(doc[j + 1]) and not doc[j + 1].is_sent_start
