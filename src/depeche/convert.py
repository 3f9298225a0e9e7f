"""The one place a processed Doc becomes an ArticleRecord."""

from __future__ import annotations

from spacy.tokens import Doc

from depeche import docattrs
from depeche.records import Article, ArticleRecord


def to_record(doc: Doc, article: Article | None = None) -> ArticleRecord:
    """The record of a Doc that went through depeche's pipeline.

    `article` defaults to the one the Extractor put on the Doc; its text must be the Doc's text,
    since every span in the record is an offset into it.
    """
    article = article or doc._.article or Article(id="doc", text=doc.text)
    if article.text != doc.text:
        raise ValueError(f"article {article.id!r}: its text is not the text of the Doc")
    return ArticleRecord(
        article=article,
        organisations=docattrs.get(doc, "organisations"),
        people=docattrs.get(doc, "people"),
        dates=docattrs.get(doc, "dates"),
        deadlines=docattrs.get(doc, "deadlines"),
        deals=docattrs.get(doc, "deals"),
        warnings=docattrs.get(doc, "depeche_warnings"),
    )
