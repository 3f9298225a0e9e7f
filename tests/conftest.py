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


def deadlines_of(nlp, text: str, published: str | None = "2020-11-25") -> list[tuple[str, str]]:
    """(date, kind) of every deadline `nlp` finds in `text` as an article's (2020-11-25 is a Wednesday)."""
    return [(d.date, d.kind) for d in run_article(nlp, text, published)._.deadlines]


def blank_organisations(gazetteer: list[dict], harvested: list[dict] = (), *, config: dict | None = None, decision_weights: dict | None = None):
    """`spacy.blank("fr")` with depeche_organisations (its `config`, by default the factory's), its lexicons from
    models/lexicons, the given gazetteers (and a trained decision's weights)."""
    import spacy

    from depeche.components.organisations import read_lines
    from depeche.paths import models_dir

    parts = dict(triggers="organisations_triggers.tsv", heads="organisations_heads.tsv", state="organisations_state.tsv",
                 ministries="organisations_ministries.tsv", institutions="organisations_institutions.tsv",
                 verbs="organisations_verbs.txt", boilerplate="organisations_boilerplate.txt",
                 not_names="organisations_not_names.txt", designators="organisations_designators.txt",
                 sources="organisations_sources.tsv", non_heads="organisations_non_heads.tsv")
    nlp = spacy.blank("fr")
    lexicons = models_dir() / "lexicons"
    nlp.add_pipe("depeche_organisations", config=config or {}).initialize(
        gazetteer=list(gazetteer), harvested=list(harvested), mined=[], decision_weights=decision_weights,
        **{k: read_lines(lexicons / v) for k, v in parts.items()},
    )
    return nlp


def run_organisations(nlp, words, ents=(), pos=None, verb_forms=None, glued=()):
    """`words` (a string is split on spaces) with POS tags, conjugated verbs (indices), the model's entities
    (label, first word, end word) and the indices of words glued to the next one (no space after them), through
    depeche_organisations; the Doc."""
    from spacy.tokens import Doc, Span

    words = words.split(" ") if isinstance(words, str) else list(words)
    pos = pos or [""] * len(words)
    morphs = ["VerbForm=Fin" if verb_forms and i in verb_forms else "" for i in range(len(words))]
    spaces = [i not in glued for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=[p or "X" for p in pos], morphs=morphs, sent_starts=[True] + [False] * (len(words) - 1))
    if not any(pos):
        for token in doc:
            token.pos_ = ""
    doc.ents = [Span(doc, s, e, label=label) for label, s, e in ents]
    return nlp.get_pipe("depeche_organisations")(doc)


def organisation_names(doc) -> list[str]:
    return [o.name for o in doc._.organisations]


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a skip that says why."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the project)")
    return path


def dump_articles(wanted):
    """The dump's articles that are not reserved (`../shared/eval/reserved-ids.txt`), as dicts, in the dump's order,
    while `wanted(taken)` (the list kept so far) says more are wanted; a skip that says why when ../shared is absent."""
    import gzip
    import json

    reserved = {line.strip() for line in shared_file("eval/reserved-ids.txt").read_text().splitlines() if line.strip() and not line.startswith("#")}
    taken: list[dict] = []
    with gzip.open(shared_file("data/orangesum/articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if not wanted(taken):
                break
            row = json.loads(line)
            if str(row["id"]) not in reserved:
                taken.append(row)
    return taken


@pytest.fixture(scope="session")
def depeche_extractor():
    """The real pipeline (fr_core_news_md): for the few tests marked `model`."""
    import depeche

    return depeche.load()


@pytest.fixture(scope="session")
def seeds() -> dict[str, Path]:
    folder = ROOT / "corpus" / "dev" / "articles"
    return {p.name[:3]: p for p in sorted(folder.glob("00*_*.txt"))}
