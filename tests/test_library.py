"""depeche as a typed, documented library (issue 13, point 5): `py.typed`, a described JSON Schema with
`$schema` and `$id`, a package root that imports spaCy only when the pipeline is asked for, and an API that
reads articles as the CLI does (`published`, ids, the language check) and can yield an `ErrorLine` for a bad
item instead of stopping. Everything on `spacy.blank("fr")`; nothing here loads fr_core_news_md."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import spacy
from pydantic import BaseModel
from spacy.language import Language
from typer.testing import CliRunner

import depeche
from depeche import batch, docattrs, records
from depeche.cli import app
from depeche.extractor import BadArticle, Extractor, as_article, split_text
from depeche.io import readers
from depeche.records import Article, ArticleRecord, ErrorLine, Organisation, Span

ROOT = Path(__file__).resolve().parents[1]

FRENCH = "Veolia a finalisé l'acquisition de 29,9 % du capital de Suez auprès d'Engie pour 3,4 milliards d'euros."
ENGLISH = (
    "The company announced on Tuesday that it had agreed to buy its rival for three billion dollars, subject to the "
    "approval of the regulators in Brussels and Washington, and the deal should close next year after a long review."
)
GERMAN = (
    "Der Konzern hat am Dienstag mitgeteilt, dass er seinen Konkurrenten für drei Milliarden Euro übernehmen will; "
    "die Behörden in Brüssel müssen dem Geschäft noch zustimmen, das im nächsten Jahr abgeschlossen werden soll."
)


class _Orgs:
    """Capitalised words are organisations; a text with « BOOM » makes it raise (a pipeline that fails on one article)."""

    def __call__(self, doc):
        if "BOOM" in doc.text:
            raise RuntimeError("boom")
        for token in doc:
            if token.text[:1].isupper() and token.is_alpha:
                docattrs.get(doc, "organisations").append(
                    Organisation(id=f"{token.text.lower()}-{token.idx}", name=token.text, mentions=[Span.of(token)])
                )
        return doc


@Language.factory("test_library_orgs")
def _orgs(nlp, name):
    return _Orgs()


def blank(**options) -> Extractor:
    nlp = spacy.blank("fr")
    nlp.add_pipe("test_library_orgs")
    return Extractor(nlp, **options)


# --- py.typed -------------------------------------------------------------------------------------


def test_the_package_is_marked_typed_and_the_wheel_ships_the_marker():
    marker = Path(depeche.__file__).parent / "py.typed"
    assert marker.is_file()
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "src/depeche" in wheel["packages"]  # hatch ships every file of the package folder...
    assert not any("typed" in pattern for pattern in wheel.get("exclude", []))  # ...unless excluded


# --- the package root imports spaCy lazily -------------------------------------------------------


def _imports_spacy(code: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('spacy' in sys.modules, 'thinc' in sys.modules)"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    spacy_in, thinc_in = out.stdout.split()
    return spacy_in == "True" or thinc_in == "True"


@pytest.mark.parametrize(
    "module",
    ["depeche", "depeche.records", "depeche.verify", "depeche.viewer", "depeche.evaluate", "depeche.aggregate", "depeche.io.writers"],
)
def test_reading_modules_do_not_import_spacy(module):
    assert not _imports_spacy(f"import {module}")


def test_the_pipeline_api_still_imports_spacy_when_asked_for():
    assert _imports_spacy("import depeche; depeche.Extractor")  # and so the check above can fail


def test_the_lazy_names_are_the_extractors_own():
    assert depeche.load is __import__("depeche.extractor").extractor.load
    assert depeche.Extractor is Extractor
    assert {"load", "Extractor", "ErrorLine", "to_frames"} <= set(dir(depeche)) and set(depeche.__all__) <= set(dir(depeche))
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        depeche.lod  # noqa: B018


# --- documented: docstrings and a described JSON Schema ---------------------------------------------


@pytest.mark.parametrize(
    "obj",
    [
        depeche.load, Extractor, Extractor.extract, Extractor.extract_many, Extractor.extract_each, as_article,
        depeche.to_frames, depeche,
    ],
    ids=lambda o: getattr(o, "__qualname__", getattr(o, "__name__", "?")),
)
def test_the_api_has_docstrings(obj):
    assert len(inspect.getdoc(obj) or "") >= 80


MODELS = sorted(
    (m for m in vars(records).values() if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == records.__name__ and m.__name__ != "_Model"),
    key=lambda m: m.__name__,
)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_record_model_and_field_is_described(model):
    assert (model.__dict__.get("__doc__") or "").strip(), f"{model.__name__} has no docstring"
    undescribed = [name for name, field in model.model_fields.items() if not (field.description or "").strip()]
    assert not undescribed
    schema = model.model_json_schema()
    assert schema["description"] and all(prop.get("description") for prop in schema["properties"].values())


def _schema() -> dict:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_depeche_schema_has_schema_id_and_a_description_everywhere():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:depeche:schema:article-record:{records.SCHEMA_VERSION}"
    definitions = [schema, *schema["$defs"].values()]
    assert len(definitions) == 16  # ArticleRecord and the 15 models it is made of
    assert all(d["description"] for d in definitions)
    assert all(p["description"] for d in definitions for p in d["properties"].values())


def _full_record() -> ArticleRecord:
    text = "Veolia rachète 29,9 % de Suez à Engie pour 3,4 milliards d'euros, selon l'AFP, avant le 31 mars."
    at = lambda fragment: Span.at(text, text.index(fragment), text.index(fragment) + len(fragment))  # noqa: E731
    return ArticleRecord(
        article=Article(id="a1", title="T", published="2020-10-05", url="https://example.org/a1", source="AFP", text=text),
        organisations=[Organisation(id="veolia", name="Veolia", kind="company", mentions=[at("Veolia")])],
        people=[records.Person(id="p", name="P", roles=[records.Role(title="PDG", organisation="veolia", span=at("Veolia"))])],
        dates=[records.TimeExpression(value="2021-03-31", type="date", granularity="day", span=at("31 mars"), mod="END")],
        deadlines=[records.Deadline(id="deadline-1", date="2021-03-31", span=at("31 mars"), trigger=at("avant"), parties=["veolia"], evidence=at(text))],
        deals=[
            records.Deal(
                id="deal1", kind="stake", status="agreed", trigger=at("rachète"),
                parties=[records.DealParty(role="buyer", name="Veolia", ref="veolia", span=at("Veolia"))],
                amount=records.Money(value=3.4e9, currency="EUR", span=at("3,4 milliards d'euros")),
                stake=records.Stake(percent=29.9, span=at("29,9 %")), reported_by=records.Source(name="AFP", span=at("AFP")),
                conditions=[records.Condition(text="avant le 31 mars", span=at("avant le 31 mars"))],
                new_entities=[records.NewEntity(name="Suez", span=at("Suez"))], asset=records.Asset(text="Suez", span=at("Suez")),
                deadlines=["deadline-1"], evidence=[at(text)],
            )
        ],
        warnings=["w"],
    )


def test_a_record_is_valid_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(_full_record().model_dump_json()))
    broken = json.loads(_full_record().model_dump_json())
    broken["deals"][0]["status"] = "done"
    assert [e.validator for e in validator.iter_errors(broken)] == ["enum"]


def test_the_record_json_is_unchanged_by_the_descriptions():
    """The contract, byte for byte: descriptions and `$id` are in the schema only, never in a record."""
    assert _full_record().model_dump_json() == (
        '{"schema_version":"2","article":{"id":"a1","title":"T","published":"2020-10-05","url":"https://example.org/a1",'
        '"source":"AFP","text":"Veolia rachète 29,9 % de Suez à Engie pour 3,4 milliards d\'euros, selon l\'AFP, avant le 31 mars."},'
        '"organisations":[{"id":"veolia","name":"Veolia","aliases":[],"kind":"company","mentions":[{"start":0,"end":6,"text":"Veolia"}],"confidence":null,"via":[]}],'
        '"people":[{"id":"p","name":"P","aliases":[],"roles":[{"title":"PDG","organisation":"veolia","span":{"start":0,"end":6,"text":"Veolia"},"confidence":null,"via":[]}],"mentions":[],"confidence":null,"via":[]}],'
        '"dates":[{"value":"2021-03-31","type":"date","granularity":"day","span":{"start":88,"end":95,"text":"31 mars"},"relative":false,"mod":"END","confidence":null,"via":[]}],'
        '"deadlines":[{"id":"deadline-1","date":"2021-03-31","span":{"start":88,"end":95,"text":"31 mars"},"trigger":{"start":79,"end":84,"text":"avant"},'
        '"description":"","parties":["veolia"],"kind":"deadline","evidence":{"start":0,"end":96,"text":"Veolia rachète 29,9 % de Suez à Engie pour 3,4 milliards d\'euros, selon l\'AFP, avant le 31 mars."},"qualifiers":[],"confidence":null,"via":[]}],'
        '"deals":[{"id":"deal1","kind":"stake","trigger":{"start":7,"end":14,"text":"rachète"},"parties":[{"role":"buyer","name":"Veolia","ref":"veolia","description":null,'
        '"span":{"start":0,"end":6,"text":"Veolia"},"confidence":null,"via":[]}],"asset":{"text":"Suez","span":{"start":25,"end":29,"text":"Suez"}},'
        '"amount":{"value":3400000000.0,"currency":"EUR","span":{"start":43,"end":64,"text":"3,4 milliards d\'euros"},"confidence":null,"via":[]},"price_per_share":null,'
        '"stake":{"percent":29.9,"span":{"start":15,"end":21,"text":"29,9 %"}},"status":"agreed","reported_by":{"name":"AFP","ref":null,"span":{"start":74,"end":77,"text":"AFP"}},'
        '"conditions":[{"text":"avant le 31 mars","span":{"start":79,"end":95,"text":"avant le 31 mars"}}],"new_entities":[{"name":"Suez","span":{"start":25,"end":29,"text":"Suez"}}],'
        '"deadlines":["deadline-1"],"evidence":[{"start":0,"end":96,"text":"Veolia rachète 29,9 % de Suez à Engie pour 3,4 milliards d\'euros, selon l\'AFP, avant le 31 mars."}],"qualifiers":[],"confidence":null,"via":[],"status_confidence":null,"status_via":[]}],'
        '"warnings":["w"]}'
    )


# --- the API reads an article as the CLI does --------------------------------------------------------


def _read_as_the_cli(tmp_path: Path, row: dict) -> Article | ErrorLine:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (item,) = readers.read([path])
    return item


def _read_as_the_api(row: dict) -> Article | str:
    try:
        return as_article(row)
    except BadArticle as err:
        return err.reason


@pytest.mark.parametrize(
    "published",
    [
        pytest.param("2020-11-25", id="iso"),
        pytest.param("2020-11-25T08:30:00+01:00", id="iso-timestamp"),
        pytest.param("20201125", id="iso-basic"),
        pytest.param("25 novembre 2020", id="french-words"),
        pytest.param("25/11/2020", id="day-month-year"),
        pytest.param(1606262400, id="unix-timestamp"),
        pytest.param("  ", id="blank-is-none"),
        pytest.param(None, id="none"),
        pytest.param("demain", id="relative-demain"),
        pytest.param("il y a 3 jours", id="relative-ago"),
        pytest.param("25 novembre", id="no-year"),
        pytest.param("pas une date", id="not-a-date"),
        pytest.param(True, id="true"),
        pytest.param([2020, 11, 25], id="a-list"),
        pytest.param("2020-11-25" + " " * 95, id="too-long"),
        pytest.param("x" * 101, id="over-100-characters"),
    ],
)
def test_published_is_read_as_the_cli_reads_it(tmp_path, published):
    row = {"id": "a1", "text": FRENCH, "published": published}
    cli, api = _read_as_the_cli(tmp_path, row), _read_as_the_api(row)
    if isinstance(cli, ErrorLine):
        assert api == cli.reason and cli.reason.startswith("bad metadata: published:")
    else:
        assert isinstance(api, Article) and api.published == cli.published


@pytest.mark.parametrize(
    "ident, expected",
    [("a1", "a1"), (12, "12"), (12.0, "12"), (1.5, "1.5"), ("", None), (None, None), (True, "bad metadata: id:"), ([1], "bad metadata: id:")],
)
def test_ids_are_read_as_the_cli_reads_them(tmp_path, ident, expected):
    row = {"id": ident, "text": FRENCH}
    cli, api = _read_as_the_cli(tmp_path, row), _read_as_the_api(row)
    if isinstance(cli, ErrorLine):
        assert isinstance(api, str) and api == cli.reason and api.startswith(expected)
    else:
        assert api.id == cli.id if expected is not None else api.id.startswith("a-")
        if expected is not None:
            assert api.id == expected


@pytest.mark.parametrize(
    "published, expected",
    [("25 novembre 2020", dt.date(2020, 11, 25)), ("20201125", dt.date(2020, 11, 25)), (1606262400, dt.date(2020, 11, 25)), (dt.date(2020, 11, 25), dt.date(2020, 11, 25))],
)
def test_extract_takes_the_dates_the_cli_takes(published, expected):
    assert blank().extract(FRENCH, id="a1", published=published).article.published == expected


@pytest.mark.parametrize("published", ["demain", "lundi prochain", "25 novembre"])
def test_extract_refuses_a_relative_date_in_one_line_naming_the_article(published):
    with pytest.raises(ValueError, match=rf"^the article 'a1': bad metadata: published: '{published}' is ") as caught:
        blank().extract(FRENCH, id="a1", published=published)
    assert "\n" not in str(caught.value)


# --- the language warning ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, warned",
    [
        pytest.param(ENGLISH, "not French: py3langid says 'en' (p=", id="english"),
        pytest.param(GERMAN, "not French: py3langid says 'de' (p=", id="german"),
        pytest.param(FRENCH, None, id="french"),
        pytest.param("Emmanuel Macron est à Paris aujourd'hui.", None, id="short-french"),
        pytest.param("Oracle, TikTok.", None, id="too-short-to-tell"),
    ],
)
def test_a_record_says_when_its_text_does_not_look_french(text, warned):
    record = blank().extract(text, id="t")
    cli_reason = batch.screen(Article(id="t", text=text))  # what `depeche extract` says of it
    if warned is None:
        assert record.warnings == []
        assert cli_reason is None or not cli_reason.startswith("not French")
    else:
        (warning,) = record.warnings
        assert warning.startswith(warned) and warning == cli_reason
    assert blank().extract(text, id="t", language=None).warnings == []
    assert [r.warnings for r in blank().extract_many([{"id": "t", "text": text}] * 2)] == [record.warnings] * 2


def test_the_cli_path_screens_once_and_leaves_its_records_unchanged():
    """`depeche extract` refuses what is not French before the pipeline; with `--language any` it extracts
    anything, and its records carry no warning, as before (the Extractor's check is not run twice)."""
    entries = [(Article(id="en", text=ENGLISH), "in.jsonl", 1), (Article(id="fr", text=FRENCH), "in.jsonl", 2)]
    refused, kept = batch.process(blank(), entries, batch.Settings())
    assert refused[0] == "error" and "not French" in json.loads(refused[1])["reason"] and kept[0] == "record"
    anything = batch.process(blank(), entries, batch.Settings(language=None))
    assert [json.loads(line)["warnings"] for kind, line, _ in anything] == [[], []]


# --- extract_many(errors="yield") -----------------------------------------------------------------


def good(n: int) -> dict:
    return {"id": f"a{n}", "text": f"Le groupe Oracle et ByteDance signent l'accord numéro {n}."}


@pytest.mark.parametrize(
    "bad, reason, ident",
    [
        pytest.param(42, "expected an Article or a dict with 'text', got int", None, id="not-a-dict"),
        pytest.param({"id": "x"}, "no text", "x", id="no-text"),
        pytest.param({"id": "x", "text": ["a"]}, "the text is a list, not a string", "x", id="text-not-a-string"),
        pytest.param({"id": "x", "text": FRENCH, "published": "demain"}, "bad metadata: published: 'demain' is a relative date", "x", id="relative-date"),
        pytest.param({"id": True, "text": FRENCH}, "bad metadata: id: true is not an id", None, id="bad-id"),
        pytest.param({"id": "x", "text": FRENCH, "title": 3}, "bad metadata: title: Input should be a valid string", "x", id="bad-title"),
        pytest.param({"id": "x", "text": "Ora\ud800cle"}, "the text of article 'x' has a lone surrogate U+D800 at character 3", "x", id="lone-surrogate"),
        pytest.param({"id": "x", "text": "BOOM " + FRENCH}, "the pipeline failed on it: RuntimeError: boom", "x", id="the-pipeline-raises"),
    ],
)
@pytest.mark.parametrize("where", [0, 2, 4], ids=["first", "middle", "last"])
def test_a_bad_item_is_an_error_line_in_its_place_and_the_rest_goes_on(bad, reason, ident, where):
    items = [good(n) for n in range(4)]
    items.insert(where, bad)
    got = list(blank().extract_many(items, errors="yield", batch_size=2))
    assert [type(g).__name__ for g in got] == ["ErrorLine" if n == where else "ArticleRecord" for n in range(5)]
    error = got[where]
    assert error.reason.startswith(reason) and error.id == ident
    assert (error.source, error.position) == ("<articles>", where + 1)
    records = [g for g in got if isinstance(g, ArticleRecord)]
    assert [r.model_dump() for r in records] == [r.model_dump() for r in blank().extract_many([good(n) for n in range(4)])]
    assert all(r.organisations for r in records)  # really extracted


@pytest.mark.parametrize(
    "options, batch_size",
    [
        pytest.param({"chunk_chars": 300}, 16, id="one-piece-a-batch"),
        pytest.param({"chunk_chars": 300, "batch_chars": 100_000}, 16, id="all-pieces-in-one-batch"),
        pytest.param({"chunk_chars": 300, "batch_chars": 100_000}, 3, id="three-pieces-a-batch"),
    ],
)
def test_a_long_article_with_a_failing_piece_is_one_error_line(options, batch_size):
    long = " ".join(f"Phrase {n} : Oracle discute avec ByteDance." for n in range(40))  # 7 pieces of at most 300
    failing = long[:900] + " BOOM " + long[900:]
    got = list(blank(**options).extract_many([{"id": "a", "text": long}, {"id": "b", "text": failing}, good(1)], errors="yield", batch_size=batch_size))
    assert [type(g).__name__ for g in got] == ["ArticleRecord", "ErrorLine", "ArticleRecord"]
    assert got[1].id == "b" and got[1].position == 2 and got[1].reason == "the pipeline failed on it: RuntimeError: boom"
    assert got[0].model_dump() == blank(chunk_chars=300).extract(long, id="a").model_dump()
    assert len(split_text(failing, 300)) == 7 and split_text(failing, 300)[2] < 900 < split_text(failing, 300)[4]  # a middle piece fails


def test_the_default_still_raises_at_the_bad_item():
    got = []
    with pytest.raises(RuntimeError, match="boom"):
        for record in blank().extract_many([good(0), {"id": "x", "text": "BOOM"}, good(1)], batch_size=1):
            got.append(record.article.id)
    assert got == ["a0"]


def test_an_input_that_raises_still_propagates_after_what_it_gave():
    def items():
        yield good(0)
        yield 42
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for item in blank().extract_many(items(), errors="yield"):
            got.append(type(item).__name__)
    assert got == ["ArticleRecord", "ErrorLine"]


@pytest.mark.parametrize("errors", ["ignore", "Yield", None])
def test_an_unknown_errors_mode_is_refused(errors):
    with pytest.raises(ValueError, match=r"errors must be 'raise' or 'yield'"):
        next(blank().extract_many([good(0)], errors=errors))
