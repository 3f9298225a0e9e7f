"""The Python API: `depeche.load()` returns an Extractor; it turns texts into ArticleRecords."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from spacy.language import Language

from depeche import pipeline
from depeche import convert
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


# Where a long text may be cut, best first: a blank line, a line end, a sentence end (also
# "jeudi.Le", as scraped texts glue sentences), a space. The cut is made after the match.
_CUTS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?…][\"'»”)\]]*(?:\s+|(?=[A-ZÀ-Ý«\"]))"),
    re.compile(r"\s+"),
)


def split_text(text: str, size: int) -> list[int]:
    """Start offsets of pieces of `text` no longer than `size` characters, cut at the best boundary
    (paragraph, line, sentence, space) in the second half of each piece; `[0]` when it fits."""
    if size <= 0:
        raise ValueError("the piece size must be positive")
    starts = [0]
    start = 0
    while len(text) - start > size:
        end = start + size
        lower = start + size // 2
        cut = end
        for pattern in _CUTS:
            found = [m.end() for m in pattern.finditer(text, lower, end) if lower < m.end() <= end]
            if found:
                cut = found[-1]
                break
        starts.append(cut)
        start = cut
    return starts


class Extractor:
    """depeche's pipeline and the conversion of its Docs into records.

    An article longer than `chunk_chars` (by default the pipeline's `max_length`) is processed in
    pieces cut at paragraph or sentence boundaries (`split_text`), and its pieces' records are
    merged by `convert.merge_pieces`: every span is still an offset into the whole text.
    """

    def __init__(self, nlp: Language, *, chunk_chars: int | None = None):
        self.nlp = nlp
        self.chunk_chars = min(chunk_chars or nlp.max_length, nlp.max_length)

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

    def extract_many(self, articles: Iterable[Article | Mapping], *, batch_size: int = 16) -> Iterator[ArticleRecord]:
        """Records for `articles`, in order, streamed through `nlp.pipe` (long ones in pieces)."""
        plans: deque[tuple[Article, list[int]]] = deque()
        docs = self.nlp.pipe(self._docs(articles, plans), batch_size=batch_size)
        for doc in docs:
            article, starts = plans.popleft()
            if len(starts) == 1:
                yield to_record(doc)
                continue
            pieces = [(starts[0], to_record(doc))]
            for start in starts[1:]:
                pieces.append((start, to_record(next(docs))))
            yield convert.merge_pieces(article, pieces)

    def extract_each(self, articles: list[Article], *, batch_size: int = 16) -> list[ArticleRecord | Exception]:
        """A record or the exception it raised, for each article: one failing article fails alone.

        The batch goes through `nlp.pipe` at once; only when something raises are its articles
        run one by one, to find which. It runs inside `nlp.memory_zone()`: the strings its Docs
        added to the vocabulary are dropped when it ends (the records hold their own copies), so a
        long run's memory does not grow with the number of articles.
        """
        with self.nlp.memory_zone():
            try:
                return list(self.extract_many(articles, batch_size=batch_size))
            except Exception:  # noqa: BLE001 - isolate the article that raised
                pass
            results: list[ArticleRecord | Exception] = []
            for article in articles:
                try:
                    results.append(next(self.extract_many([article])))
                except Exception as err:  # noqa: BLE001
                    results.append(err)
            return results

    def _docs(self, articles: Iterable[Article | Mapping], plans: deque):
        for item in articles:
            article = as_article(item)
            starts = split_text(article.text, self.chunk_chars) if len(article.text) > self.chunk_chars else [0]
            plans.append((article, starts))
            if len(starts) == 1:
                doc = self.nlp.make_doc(article.text)
                doc._.article = article
                yield doc
                continue
            for start, end in zip(starts, [*starts[1:], len(article.text)]):
                piece = article.model_copy(update={"text": article.text[start:end]})
                doc = self.nlp.make_doc(piece.text)
                doc._.article = piece
                yield doc


def load(
    config_path: str | Path | None = None, *, overrides: dict | None = None, chunk_chars: int | None = None
) -> Extractor:
    """depeche's Extractor, its pipeline built from `models/config.cfg` (or `config_path`)."""
    return Extractor(pipeline.build(Path(config_path) if config_path else None, overrides=overrides), chunk_chars=chunk_chars)
