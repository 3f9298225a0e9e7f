"""The Doc extensions our components read and write: the hand-over between them and `convert`.

Every component stores record objects from `depeche.records` (offsets into `doc.text`):

- `doc._.article`        the `Article` being processed (set by the Extractor; None on a bare Doc)
- `doc._.organisations`  list[Organisation]   (depeche.organisations)
- `doc._.people`         list[Person]         (depeche.people)
- `doc._.dates`          list[TimeExpression] (depeche.dates)
- `doc._.deadlines`      list[Deadline]       (depeche.deadlines)
- `doc._.deals`          list[Deal]           (depeche.deals)
- `doc._.depeche_warnings` list[str]

and, for spaCy's own tools (displaCy, `Doc.to_json`, span categorisers), `depeche_spans` copies every span of
those records into `doc.spans[SPANS_KEY]` (`doc.spans["depeche"]`), labelled by kind.

Also the cheap readers every component uses: `doc_text(doc)` (the text without re-joining every
token, as `Doc.text` does on each access) and `is_parsed(doc)`.

The defaults are None (a shared mutable default would leak between Docs): read them with `get`.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

LISTS = ("organisations", "people", "dates", "deadlines", "deals", "depeche_warnings")
SPANS_KEY = "depeche"  # doc.spans[SPANS_KEY]: the SpanGroup depeche_spans writes

for _name in ("article", *LISTS):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def get(doc: Doc, name: str) -> list:
    """The list stored under `name`, created empty on first use."""
    value = getattr(doc._, name)
    if value is None:
        value = []
        setattr(doc._, name, value)
    return value


def published(doc: Doc) -> dt.date | None:
    """The article's publication date, when the Doc carries an article that has one."""
    article = doc._.article
    return article.published if article is not None else None


def warn(doc: Doc, message: str) -> None:
    get(doc, "depeche_warnings").append(message)


def doc_text(doc: Doc) -> str:
    """`doc.text`, from the Doc's article when it has one: the same string (convert.to_record checks
    it), without re-joining every token as `Doc.text` does on each access."""
    article = doc._.article
    if article is not None and len(doc) and len(article.text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return article.text
    return doc.text


def is_parsed(doc: Doc) -> bool:
    """Whether the parser ran on `doc` (its first token has a dependency label). `Doc.has_annotation`
    walks every token, which here cost more than the matching itself."""
    return len(doc) > 0 and doc[0].dep != 0
