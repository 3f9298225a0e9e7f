"""Shared fixtures, and the check every record a test produces goes through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from depeche import convert, extractor
from depeche.records import ArticleRecord
from depeche.verify import check_record

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DEPECHE_SHARED", ROOT.parent / "shared"))


def assert_record_valid(record: ArticleRecord) -> ArticleRecord:
    """Every Span's text is the article text at its offsets; every id reference resolves."""
    problems = check_record(record)
    assert not problems, f"record {record.article.id!r}:\n" + "\n".join(problems)
    return record


@pytest.fixture(autouse=True)
def _every_record_is_checked(monkeypatch):
    """Wrap the one Doc -> record conversion so every record made during a test is verified."""

    def checked(doc, article=None):
        return assert_record_valid(original(doc, article))

    original = convert.to_record
    monkeypatch.setattr(convert, "to_record", checked)
    monkeypatch.setattr(extractor, "to_record", checked)


def blank_dates_pipeline():
    """`spacy.blank("fr")` with depeche_dates and depeche_deadlines, their data from models/."""
    import spacy
    import srsly

    from depeche.paths import models_dir

    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_dates").initialize(
        lexicon=srsly.read_json(models_dir() / "lexicons" / "dates.json"),
        patterns=srsly.read_json(models_dir() / "patterns" / "dates" / "patterns.json"),
    )
    nlp.add_pipe("depeche_deadlines").initialize(lexicon=srsly.read_json(models_dir() / "lexicons" / "deadlines.json"))
    return nlp


def run_article(nlp, text: str, published: str | None = "2020-11-25"):
    """`nlp` over `text` as an article's (its `published` read by dates and deadlines); the Doc."""
    from depeche.records import Article

    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", text=text, published=published)
    return nlp(doc)


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a skip that says why."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the project)")
    return path


@pytest.fixture(scope="session")
def depeche_extractor():
    """The real pipeline (fr_core_news_md): for the few tests marked `model`."""
    import depeche

    return depeche.load()


@pytest.fixture(scope="session")
def seeds() -> dict[str, Path]:
    folder = ROOT / "corpus" / "dev" / "articles"
    return {p.name[:3]: p for p in sorted(folder.glob("00*_*.txt"))}
