"""The Python API: `depeche.load()` returns an Extractor; it turns texts into ArticleRecords."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from spacy.language import Language

from depeche import pipeline
from depeche.convert import to_record
from depeche.records import Article, ArticleRecord


def derive_id(text: str, *, source: str | None = None, position: int | None = None) -> str:
    """A stable id for an article that came without one: from its source and position, else its text."""
    key = f"{source}#{position}" if source is not None and position is not None else text
    return "a-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def as_article(item: Article | Mapping) -> Article:
    """An Article from an Article or a dict with at least `text` (and optionally id, title, published, url, source)."""
    if isinstance(item, Article):
        return item
    if not isinstance(item, Mapping):
        raise TypeError(f"expected an Article or a dict with 'text', got {type(item).__name__}")
    if not isinstance(item.get("text"), str):
        raise ValueError("the article has no 'text' string")
    fields = {k: item.get(k) for k in ("id", "title", "published", "url", "source")}
    fields["id"] = str(fields["id"]) if fields["id"] not in (None, "") else derive_id(item["text"])
    return Article(text=item["text"], **fields)


class Extractor:
    """depeche's pipeline and the conversion of its Docs into records."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def extract(
        self,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        published=None,
        url: str | None = None,
        source: str | None = None,
    ) -> ArticleRecord:
        article = Article(
            id=id or derive_id(text), title=title, published=published, url=url, source=source, text=text
        )
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article | Mapping], *, batch_size: int = 32) -> Iterator[ArticleRecord]:
        """Records for `articles`, in order, streamed through `nlp.pipe`."""
        for doc in self.nlp.pipe(self._docs(articles), batch_size=batch_size):
            yield to_record(doc)

    def _docs(self, articles: Iterable[Article | Mapping]):
        for item in articles:
            article = as_article(item)
            doc = self.nlp.make_doc(article.text)
            doc._.article = article
            yield doc


def load(config_path: str | Path | None = None, *, overrides: dict | None = None) -> Extractor:
    """depeche's Extractor, its pipeline built from `models/config.cfg` (or `config_path`)."""
    return Extractor(pipeline.build(Path(config_path) if config_path else None, overrides=overrides))
