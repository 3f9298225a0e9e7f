"""Issue 14, the CLI / batch / writers side: the output may not be an input (D1), ids that do not
depend on how a path is spelled (D6), outputs in an input folder are not read back (D7), finished
batches are kept when an article poisons a worker or the reader (D5), a full disk (C3/C8), a crash
exit code with a traceback log, and `--resume` on Ray. Every run here uses spacy.blank("fr") (or a
tiny test component) in place of fr_core_news_md; the kill tests are in test_kill.py."""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

import depeche
from depeche import batch, cli
from depeche.extractor import Extractor
from depeche.io import readers
from depeche.io.writers import complete_lines
from depeche.records import Article

runner = CliRunner()
FRENCH = (
    "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok, "
    "selon un communiqué publié à Paris."
)


def blank() -> Extractor:
    return Extractor(spacy.blank("fr"))


@pytest.fixture()
def blank_pipeline(monkeypatch):
    monkeypatch.setattr(depeche, "load", lambda **_: blank())


def extract(*args: str):
    return runner.invoke(cli.app, ["extract", *args, "--no-progress"])


def write_jsonl(path: Path, rows: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows).encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in complete_lines(path)]


def articles(n: int, *, ids: bool = True) -> list[dict]:
    return [({"id": f"a{i}"} if ids else {}) | {"text": f"{FRENCH} Numéro {i}."} for i in range(n)]


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """`depeche ARGS` through `cli.main()` (what the installed command runs): exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["depeche", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else (0 if code is None else 1)), out, err


# --- D1: the output may not be an input ---------------------------------------------------


@pytest.mark.parametrize(
    "layout, resume",
    [
        ("same-file", False),
        ("same-file", True),
        ("other-spelling", False),
        ("other-spelling", True),
        ("symlink-to-input", False),
        ("inside-input-folder", False),
        ("inside-input-folder", True),
        ("errors-file-is-input", False),
        ("errors-file-is-input", True),
        ("ray-output-in-input-folder", False),
        ("ray-output-in-input-folder", True),
    ],
)
def test_d1_an_output_that_is_an_input_is_refused_before_anything_is_opened(tmp_path, monkeypatch, layout, resume):
    monkeypatch.setattr(depeche, "load", lambda **_: pytest.fail("the pipeline was loaded although the output is an input"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "crawl"
    dump = write_jsonl(folder / "in.jsonl", articles(3))
    if layout == "same-file":
        inputs, output = [str(dump)], str(dump)
    elif layout == "other-spelling":
        inputs, output = ["crawl/in.jsonl"], str(tmp_path / "crawl" / ".." / "crawl" / "in.jsonl")
    elif layout == "symlink-to-input":
        (tmp_path / "link.jsonl").symlink_to(dump)
        inputs, output = [str(dump)], str(tmp_path / "link.jsonl")
    elif layout == "inside-input-folder":
        inputs, output = ["crawl"], str(folder / "sub" / "out.jsonl")
    elif layout == "ray-output-in-input-folder":
        pytest.importorskip("ray.data", reason="Ray Data is not installed")
        inputs, output = ["crawl", "--engine", "ray"], str(folder / "ray-out")
    else:  # OUT.errors.jsonl would be written over an input
        dump = write_jsonl(tmp_path / "out.errors.jsonl", articles(3))
        inputs, output = [str(dump)], str(tmp_path / "out.jsonl")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = extract(*inputs, "-o", output, *(["--resume"] if resume else []))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("depeche: ") and "input" in message, message
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # nothing truncated, nothing created


@pytest.mark.parametrize(
    "existing",
    [
        json.dumps({"id": "x", "text": FRENCH}) + "\n",  # articles, not records: was a KeyError traceback
        '{"schema_version": "1", "article": 3}\n',
        "not json at all\n",
    ],
)
def test_d1_resume_onto_a_file_that_is_not_a_depeche_output_is_refused(tmp_path, monkeypatch, existing):
    monkeypatch.setattr(depeche, "load", lambda **_: pytest.fail("the pipeline was loaded for an unusable output"))
    dump = write_jsonl(tmp_path / "in.jsonl", articles(2))
    out = tmp_path / "notes.jsonl"
    out.write_text(existing, encoding="utf-8")
    result = extract(str(dump), "-o", str(out), "--resume")
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and f"depeche: {out}:1: not a depeche record line" in message, message
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == existing and not batch.errors_path(out).exists()


# --- D6: ids do not depend on how the input path is spelled ----------------------------------


@pytest.mark.parametrize("first, second", [("relative", "absolute"), ("absolute", "dotted"), ("relative", "symlink")])
def test_d6_resume_with_another_spelling_of_the_input_does_not_duplicate(tmp_path, monkeypatch, blank_pipeline, first, second):
    monkeypatch.chdir(tmp_path)
    dump = write_jsonl(tmp_path / "data" / "dump.jsonl", articles(4, ids=False) + ["{not json"])
    (tmp_path / "alias").symlink_to(tmp_path / "data", target_is_directory=True)
    spelling = {
        "relative": "data/dump.jsonl",
        "absolute": str(dump),
        "dotted": "./data/../data/dump.jsonl",
        "symlink": "alias/dump.jsonl",
    }
    out = tmp_path / "out.jsonl"
    done = extract(spelling[first], "-o", str(out))
    assert done.exit_code == 1, done.output  # the broken line is an error line
    records, errors = out.read_bytes(), batch.errors_path(out).read_bytes()
    assert len(lines(out)) == 4 and len(lines(batch.errors_path(out))) == 1

    again = extract(spelling[second], "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert "5 already done" in again.stderr  # the summary: stderr (issue 13)
    assert out.read_bytes() == records and batch.errors_path(out).read_bytes() == errors


# --- D7: an output file in an input folder is not read back as input -------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_d7_outputs_inside_an_input_folder_are_not_read_back(tmp_path, blank_pipeline, suffix):
    crawl = tmp_path / "crawl"
    write_jsonl(crawl / "articles.jsonl", [{"id": "c1", "text": FRENCH}, {"id": "c2", "text": FRENCH + " Suite."}])
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": "o1", "text": FRENCH}, "{not json"])
    first = extract(str(other), "-o", str(crawl / f"out{suffix}"))  # writes crawl/out.jsonl and crawl/out.errors.jsonl
    assert first.exit_code == 1, first.output
    assert (crawl / f"out{suffix}").exists() and (crawl / "out.errors.jsonl").exists()

    out = tmp_path / "second.jsonl"
    second = extract(str(crawl), "-o", str(out))
    assert second.exit_code == 0, second.output + second.stderr
    assert [r["article"]["id"] for r in lines(out)] == ["c1", "c2"]
    assert not batch.errors_path(out).exists() or lines(batch.errors_path(out)) == []


# --- D5, batch side: finished batches are kept when an article poisons a worker or the reader -----


def _poisoned_reader(paths, **_):
    for i in range(9):
        yield Article(id=f"a{i}", text=f"{FRENCH} Numéro {i}."), "dump.jsonl", i + 1
    raise RuntimeError("poison in the reader")


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("poison", ["reader", "screen", "batch"])
def test_d5_finished_batches_are_kept_when_an_article_poisons_a_worker_or_the_reader(tmp_path, monkeypatch, workers, poison):
    dump = write_jsonl(tmp_path / "dump.jsonl", articles(9))
    out = tmp_path / "out.jsonl"
    if poison == "reader":
        monkeypatch.setattr(readers, "read_located", _poisoned_reader)
        with pytest.raises(RuntimeError, match="poison in the reader"):
            batch.run(blank(), [dump], out, batch_size=2, workers=workers, language=None)
        # every article the reader gave before it raised is written (4 whole batches and the partial one)
        assert [r["article"]["id"] for r in lines(out)] == [f"a{i}" for i in range(9)]
        return
    rows = articles(9)
    rows[4]["text"] += " POISON"
    write_jsonl(dump, rows)
    if poison == "screen":  # raises outside the pipeline, on one article
        screen = batch.screen

        def poisoned_screen(article, **kwargs):
            if "POISON" in article.text:
                raise ValueError("poisoned article")
            return screen(article, **kwargs)

        monkeypatch.setattr(batch, "screen", poisoned_screen)
    else:  # the whole batch's processing raises (in the worker, or in the parent with one process)
        process = batch.process

        def poisoned_process(extractor, items, settings):
            if any(isinstance(item, Article) and "POISON" in item.text for item, _, _ in items):
                raise ValueError("poisoned batch")
            return process(extractor, items, settings)

        monkeypatch.setattr(batch, "process", poisoned_process)
    summary = batch.run(blank(), [dump], out, batch_size=2, workers=workers, language=None)
    errors = lines(batch.errors_path(out))
    assert (summary.articles, summary.errors) == (8, 1)
    assert [r["article"]["id"] for r in lines(out)] == [f"a{i}" for i in range(9) if i != 4]
    assert [(e["id"], e["position"]) for e in errors] == [("a4", 5)] and "poisoned" in errors[0]["reason"]


# --- C3/C8: a full disk ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_c3_extract_onto_a_full_disk_says_so_in_one_line_and_exits_3(tmp_path, monkeypatch, capsys, blank_pipeline, suffix):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    dump = write_jsonl(tmp_path / "dump.jsonl", articles(3))
    out = tmp_path / f"out{suffix}"
    out.symlink_to("/dev/full")  # every write to it fails with ENOSPC
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    code, _, err = run_main(monkeypatch, capsys, "extract", str(dump), "-o", str(out), "--no-progress")
    assert code == 3, err
    assert len(err.strip().splitlines()) == 1 and "No space left on device" in err and str(out) in err, err
    assert "Traceback" not in err
    assert "--resume" in err


VIEW_UNDER_A_FILE_SIZE_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))  # writing past 8 KiB fails (EFBIG), as on a full disk
from depeche.cli import main
sys.argv = ["depeche", "view", sys.argv[1], "-o", sys.argv[2]]
main()
"""


def test_c8_view_onto_a_full_disk_leaves_the_old_report_whole(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(blank().extract(FRENCH, id="a").model_dump_json() + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("<p>the previous report</p>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", VIEW_UNDER_A_FILE_SIZE_LIMIT, str(records), str(report)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 3, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(report) in done.stderr
    assert report.read_text(encoding="utf-8") == "<p>the previous report</p>"  # never a truncated report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl", "report.html"]  # no temporary left


# --- a crash: its own exit code, one line, a traceback log --------------------------------------


def _crashing_load(**_):
    raise RuntimeError("the pipeline exploded")


@pytest.mark.parametrize("where", ["pipeline", "reader"])
def test_a_crash_exits_3_with_one_line_and_the_path_of_a_traceback_log(tmp_path, monkeypatch, capsys, where):
    dump = write_jsonl(tmp_path / "dump.jsonl", articles(3))
    logs = tmp_path / "tmp"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))
    if where == "pipeline":
        monkeypatch.setattr(depeche, "load", _crashing_load)
        expected = "the pipeline exploded"
    else:
        monkeypatch.setattr(depeche, "load", lambda **_: blank())
        monkeypatch.setattr(readers, "read_located", _poisoned_reader)
        expected = "poison in the reader"
    code, _, err = run_main(monkeypatch, capsys, "extract", str(dump), "-o", str(tmp_path / "out.jsonl"), "--no-progress")
    assert code == 3, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert expected in err
    [log] = logs.glob("depeche-crash-*.log")
    assert str(log) in err
    assert "Traceback" in log.read_text(encoding="utf-8") and expected in log.read_text(encoding="utf-8")


def test_help_documents_the_exit_codes():
    for args in (["--help"], ["extract", "--help"]):
        result = runner.invoke(cli.app, args, terminal_width=200)
        assert result.exit_code == 0
        text = " ".join(result.output.split())
        for code in ("0", "1", "2", "3", "130", "143"):
            assert f"{code} " in text, (args, code)
        assert "crash" in text and "traceback" in text


# --- Ray: --resume skips what OUT/records/ and OUT/errors/ hold ----------------------------------


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'depeche[ray]')")
    pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'depeche[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def _shards(folder: Path) -> list[dict]:
    return [json.loads(line) for f in sorted(folder.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]


@pytest.mark.ray
def test_ray_resume_skips_the_ids_already_written(local_ray, tmp_path, monkeypatch):
    # the actors unpickle their loader: a partial of an importable class (not a function of this module)
    monkeypatch.setattr(depeche, "load", functools.partial(Extractor, spacy.blank("xx")))
    rows = articles(6, ids=False) + [{"id": "short", "text": "Oracle."}, "{not json"]
    first = write_jsonl(tmp_path / "part" / "dump.jsonl", rows[:3] + rows[6:7])  # a run that stopped half-way
    full = write_jsonl(tmp_path / "full" / "dump.jsonl", rows)
    out = tmp_path / "ray"
    ray_args = ["--engine", "ray", "--concurrency", "1", "--batch-size", "2"]
    assert extract(str(first), "-o", str(out), *ray_args).exit_code == 1
    assert len(_shards(out / "records")) == 3 and len(_shards(out / "errors")) == 1

    resumed = extract(str(full), "-o", str(out), *ray_args, "--resume")
    assert resumed.exit_code == 1, resumed.output  # the line that is not JSON is new
    assert "4 already done" in resumed.stderr  # the summary: stderr (issue 13)
    records, errors = _shards(out / "records"), _shards(out / "errors")
    assert sorted(r["article"]["text"] for r in records) == sorted(row["text"] for row in rows[:6])  # each once
    assert len({r["article"]["id"] for r in records}) == 6
    assert sorted(e["id"] == "short" for e in errors) == [False, True] and any("not JSON" in e["reason"] for e in errors)
    assert not list(out.rglob(".*.tmp"))  # shards are renamed once whole
