"""The library API under bad input (issue 14): an input iterator that raises (D9), long articles in
bounded batches (C5), texts that are not str or not valid Unicode — on spacy.blank("fr")."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.util import minibatch

from depeche import docattrs
from depeche.extractor import Extractor
from depeche.records import Article, Organisation, Span

SENTENCE = "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur TikTok. "


class _Orgs:
    """Every capitalised word but « Le » is an organisation. Like the trained components, its `pipe`
    takes the Docs in minibatches of `batch_size`; it notes the characters of each batch in `batches`."""

    def __init__(self):
        self.batches: list[int] = []

    def __call__(self, doc):
        found: dict[str, Organisation] = {}
        for token in doc:
            if token.text[:1].isupper() and token.is_alpha and token.text != "Le":
                org = found.setdefault(token.text, Organisation(id=token.text.lower(), name=token.text))
                org.mentions.append(Span.of(token))
        docattrs.get(doc, "organisations").extend(found.values())
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for batch in minibatch(docs, size=batch_size):
            self.batches.append(sum(len(doc.text) for doc in batch))
            yield from map(self, batch)


@Language.factory("test_faults_orgs")
def _orgs(nlp, name):
    return _Orgs()


def blank(**options) -> Extractor:
    nlp = spacy.blank("fr")
    nlp.add_pipe("test_faults_orgs")
    return Extractor(nlp, **options)


def batches(extractor: Extractor) -> list[int]:
    """The characters of each batch the pipeline's component was given."""
    return extractor.nlp.get_pipe("test_faults_orgs").batches


class ReaderBroke(Exception):
    pass


def article(n: int, text: str = SENTENCE) -> dict:
    return {"id": f"a{n}", "text": text}


# --- D9: the input iterator raises ------------------------------------------------------------


def _raises_after(items: list, error: Exception):
    yield from items
    raise error


@pytest.mark.parametrize(
    "items, error, batch_size",
    [
        pytest.param([article(n) for n in range(3)], ReaderBroke("disk gone"), 16, id="raises-inside-the-first-batch"),
        pytest.param([article(n) for n in range(18)], ReaderBroke("disk gone"), 16, id="raises-inside-the-second-batch"),
        pytest.param([article(n) for n in range(4)], ReaderBroke("disk gone"), 4, id="raises-right-after-a-full-batch"),
        pytest.param(
            [article(0), article(1, SENTENCE * 30), article(2)], ReaderBroke("disk gone"), 16, id="a-long-article-in-pieces-before-it"
        ),
    ],
)
def test_records_read_before_an_input_error_are_yielded_then_it_propagates(items, error, batch_size):
    extractor = blank(chunk_chars=200)
    got = []
    with pytest.raises(ReaderBroke, match="disk gone"):
        for record in extractor.extract_many(_raises_after(items, error), batch_size=batch_size):
            got.append(record)
    assert [r.article.id for r in got] == [item["id"] for item in items]
    assert [r.article.text for r in got] == [item["text"] for item in items]
    assert all(r.organisations for r in got)  # really extracted, not placeholders


@pytest.mark.parametrize(
    "bad, error, message",
    [
        pytest.param(42, TypeError, r"an Article or a dict with 'text', got int", id="not-a-dict"),
        pytest.param({"id": "x", "text": None}, ValueError, r"article 'x' has no 'text' string \(none\)", id="dict-without-text"),
        pytest.param({"id": "x", "text": b"Oracle"}, ValueError, r"article 'x' has no 'text' string \(a bytes\)", id="dict-with-bytes-text"),
    ],
)
def test_a_bad_item_fails_after_the_records_of_the_items_before_it(bad, error, message):
    got = []
    with pytest.raises(error, match=message):
        for record in blank().extract_many([article(0), article(1), bad, article(3)]):
            got.append(record.article.id)
    assert got == ["a0", "a1"]


# --- C5: a long article's pieces go through the pipeline in bounded batches ----------------------


LONG = "\n\n".join(f"Paragraphe {n} : Oracle et ByteDance discutent encore de TikTok." for n in range(60))  # ~4,000 chars


@pytest.mark.parametrize(
    "options, articles, batch_size, most_chars",
    [
        # one long article: its pieces are never all in one batch (before: 16 pieces, 16 x 200 chars at once)
        pytest.param({"chunk_chars": 200}, [LONG], 16, 200, id="pieces-one-chunk-at-a-time-by-default"),
        pytest.param({"chunk_chars": 200, "batch_chars": 600}, [LONG], 16, 600, id="pieces-within-batch-chars"),
        pytest.param({"chunk_chars": 200, "batch_chars": 600}, [SENTENCE, LONG, SENTENCE], 16, 600, id="long-among-short"),
        pytest.param({"chunk_chars": 200, "batch_chars": 10_000}, [LONG], 4, 4 * 200, id="batch-size-still-bounds-pieces"),
    ],
)
def test_long_articles_go_through_the_pipeline_in_bounded_batches(options, articles, batch_size, most_chars):
    extractor = blank(**options)
    items = [{"id": f"a{n}", "text": text} for n, text in enumerate(articles)]
    records = list(extractor.extract_many(items, batch_size=batch_size))
    assert max(batches(extractor)) <= most_chars
    whole = Extractor(extractor.nlp, chunk_chars=200, batch_chars=10**9)  # the same pieces, all at once
    assert [r.model_dump() for r in records] == [r.model_dump() for r in whole.extract_many(items, batch_size=10**6)]
    assert [r.article.text for r in records] == articles


def test_short_articles_are_still_batched_together():
    extractor = blank()
    list(extractor.extract_many([article(n) for n in range(40)], batch_size=16))
    assert batches(extractor) == [16 * len(SENTENCE), 16 * len(SENTENCE), 8 * len(SENTENCE)]


# --- smaller: arguments that are not text ------------------------------------------------------


@pytest.mark.parametrize(
    "text, error, message",
    [
        pytest.param(None, TypeError, r"text must be a str, not NoneType", id="None"),
        pytest.param(b"Oracle rach\xc3\xa8te", TypeError, r"text must be a str, not bytes.*decode", id="bytes"),
        pytest.param(12, TypeError, r"text must be a str, not int", id="int"),
    ],
)
def test_extract_names_a_text_argument_that_is_not_a_str(text, error, message):
    with pytest.raises(error, match=message):
        blank().extract(text)


@pytest.mark.parametrize(
    "text, position",
    [
        pytest.param("Le groupe Ora\ud800cle a annoncé un accord.", 13, id="inside-a-word"),
        pytest.param("\udc80" + SENTENCE, 0, id="first-character"),
        pytest.param(SENTENCE * 10 + "Byte\udfffDance", len(SENTENCE) * 10 + 4, id="in-a-later-piece"),
    ],
)
def test_a_lone_surrogate_is_named_with_its_position_in_the_article(text, position):
    with pytest.raises(ValueError, match=rf"'s1'.*lone surrogate U\+D[89A-F][0-9A-F]{{2}} at character {position}\b") as caught:
        blank(chunk_chars=200).extract(text, id="s1")
    assert not isinstance(caught.value, UnicodeError)


def test_a_lone_surrogate_is_one_failing_article_in_a_batch():
    results = blank().extract_each([Article(id="ok", text=SENTENCE), Article(id="bad", text="x\ud800" + SENTENCE)])
    assert results[0].article.id == "ok"
    assert isinstance(results[1], ValueError) and "at character 1" in str(results[1])
