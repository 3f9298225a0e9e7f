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


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text, *, what: str = "text") -> str:
    """`text` if it is a str of valid Unicode; else a TypeError (not a str) or a ValueError naming
    the first lone surrogate and its character position (spaCy cannot encode one)."""
    if not isinstance(text, str):
        hint = "; decode it first, e.g. text.decode('utf-8')" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"{what} must be a str, not {type(text).__name__}{hint}")
    found = _SURROGATE.search(text)
    if found:
        raise ValueError(
            f"{what} has a lone surrogate U+{ord(found.group()):04X} at character {found.start()}: it is not valid Unicode "
            "(text decoded with errors='surrogateescape', or a JSON \\uD800-\\uDFFF escape without its pair)"
        )
    return text


def as_article(item: Article | Mapping) -> Article:
    """An Article from an Article or a dict with at least `text` (and optionally id, title, published, url, source)."""
    if isinstance(item, Article):
        return item
    if not isinstance(item, Mapping):
        raise TypeError(f"expected an Article or a dict with 'text', got {type(item).__name__}")
    text = item.get("text")
    if not isinstance(text, str):
        got = "none" if text is None else f"a {type(text).__name__}"
        raise ValueError(f"the article {item.get('id')!r} has no 'text' string ({got})")
    fields = {k: item.get(k) for k in ("id", "title", "published", "url", "source")}
    fields["id"] = str(fields["id"]) if fields["id"] not in (None, "") else derive_id(text)
    return Article(text=text, **fields)


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


class _Plan:
    """One article on its way through the pipeline: its pieces' offsets and the records made so far."""

    __slots__ = ("article", "starts", "records", "missing")

    def __init__(self, article: Article, starts: list[int]):
        self.article = article
        self.starts = starts
        self.records: list[ArticleRecord | None] = [None] * len(starts)
        self.missing = len(starts)

    def piece(self, index: int) -> Article:
        if len(self.starts) == 1:
            return self.article
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.article.text)
        return self.article.model_copy(update={"text": self.article.text[self.starts[index] : end]})

    def size(self, index: int) -> int:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.article.text)
        return end - self.starts[index]

    def record(self) -> ArticleRecord:
        if len(self.starts) == 1:
            return self.records[0]  # type: ignore[return-value]
        return convert.merge_pieces(self.article, list(zip(self.starts, self.records)))  # type: ignore[arg-type]


class Extractor:
    """depeche's pipeline and the conversion of its Docs into records.

    An article longer than `chunk_chars` (by default the pipeline's `max_length`) is processed in
    pieces cut at paragraph or sentence boundaries (`split_text`), and its pieces' records are
    merged by `convert.merge_pieces`: every span is still an offset into the whole text.

    Docs go through `nlp.pipe` in batches of at most `batch_size` Docs and `batch_chars`
    characters (by default `chunk_chars`; a single longer Doc is a batch of its own), so the
    pieces of a long article go through a few at a time: the memory a batch takes is bounded by
    the characters in it, whatever the length of the article.
    """

    def __init__(self, nlp: Language, *, chunk_chars: int | None = None, batch_chars: int | None = None):
        self.nlp = nlp
        self.chunk_chars = min(chunk_chars or nlp.max_length, nlp.max_length)
        self.batch_chars = batch_chars or self.chunk_chars

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
        if not isinstance(text, str):
            check_text(text)  # a TypeError naming the argument (a lone surrogate is named with the article's id below)
        article = Article(
            id=id or derive_id(text), title=title, published=published, url=url, source=source, text=text
        )
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article | Mapping], *, batch_size: int = 16) -> Iterator[ArticleRecord]:
        """Records for `articles`, in order, streamed through `nlp.pipe` (long ones in pieces).

        When iterating `articles` raises, or an item is not an article (a TypeError or
        ValueError naming it), the records of every article read before it are yielded first,
        then that exception propagates: nothing already read is lost, and the caller sees the
        error at the item where it happened (continue with a new call on the rest, if it can).
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        items = iter(articles)
        pending: deque[_Plan] = deque()  # articles read whose records are not all made, in order
        batch: list[tuple[_Plan, int]] = []  # (article, piece) to go through the pipeline next
        chars = 0
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception:
                yield from self._run(batch, pending)
                raise
            try:
                plan = self._plan(item)
            except Exception:
                yield from self._run(batch, pending)
                raise
            pending.append(plan)
            for index in range(len(plan.starts)):
                size = plan.size(index)
                if batch and (len(batch) >= batch_size or chars + size > self.batch_chars):
                    yield from self._run(batch, pending)
                    batch, chars = [], 0
                batch.append((plan, index))
                chars += size
        yield from self._run(batch, pending)

    def _plan(self, item: Article | Mapping) -> _Plan:
        article = as_article(item)
        check_text(article.text, what=f"the text of article {article.id!r}")
        starts = split_text(article.text, self.chunk_chars) if len(article.text) > self.chunk_chars else [0]
        return _Plan(article, starts)

    def _run(self, batch: list[tuple[_Plan, int]], pending: deque[_Plan]) -> Iterator[ArticleRecord]:
        """`batch` through the pipeline (it is emptied), then the records of the articles now complete."""
        if batch:
            docs = []
            for plan, index in batch:
                piece = plan.piece(index)
                doc = self.nlp.make_doc(piece.text)
                doc._.article = piece
                docs.append(doc)
            for (plan, index), record in zip(batch, map(to_record, self.nlp.pipe(docs, batch_size=len(docs)))):
                plan.records[index] = record
                plan.missing -= 1
            docs.clear()  # the Docs go now; only their records are kept
            batch.clear()
        while pending and not pending[0].missing:
            yield pending.popleft().record()

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
                    results.append(next(self.extract_many([article], batch_size=batch_size)))
                except Exception as err:  # noqa: BLE001
                    results.append(err)
            return results


def load(
    config_path: str | Path | None = None,
    *,
    overrides: dict | None = None,
    chunk_chars: int | None = None,
    batch_chars: int | None = None,
    cache: bool | None = None,
) -> Extractor:
    """depeche's Extractor, its pipeline built from `models/config.cfg` (or `config_path`, with `overrides`).

    The built pipeline is cached (`depeche.pipeline.load`): the first process builds it, every later one
    reads it back, with the same records. `cache=False` (or `DEPECHE_CACHE=0`) builds it every time."""
    nlp = pipeline.load(Path(config_path) if config_path else None, overrides=overrides, cache=cache)
    return Extractor(nlp, chunk_chars=chunk_chars, batch_chars=batch_chars)
