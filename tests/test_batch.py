"""Batch extraction: nothing lost, order kept, resume, long articles in pieces — on spacy.blank("fr")
with two tiny test components (one finds capitalised names, one raises on « BOOM »)."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from conftest import assert_record_valid
from depeche import batch, convert, docattrs
from depeche.extractor import Extractor, split_text
from depeche.io.writers import LineWriter, complete_lines
from depeche.records import Article, ArticleRecord, Deadline, Organisation, Span

FRENCH = (
    "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok. "
    "Walmart prendra une participation de 7,5 % dans la nouvelle société, selon le communiqué publié à Paris. "
)
ENGLISH = (
    "The company said on Monday that profits rose sharply in the third quarter, beating analysts expectations "
    "by a wide margin, and that it would raise its dividend for the second time this year. "
)


@Language.component("test_capitalised_orgs")
def capitalised_orgs(doc):
    """Every capitalised word (not sentence-initial 'Le') is an organisation, id from its name."""
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    if "KILLS-ITS-WORKER" in doc.text and multiprocessing.parent_process() is not None:
        os._exit(9)  # a worker process dying on an article (killed, out of memory)
    found: dict[str, Organisation] = {}
    for token in doc:
        if token.text[:1].isupper() and token.is_alpha and token.text not in {"Le", "The", "Walmart"}:
            org = found.setdefault(token.text, Organisation(id=f"org-{token.text.lower()}", name=token.text))
            org.mentions.append(Span.of(token))
    docattrs.get(doc, "organisations").extend(found.values())
    for i, token in enumerate(t for t in doc if t.text == "mercredi"):
        docattrs.get(doc, "deadlines").append(
            Deadline(id=f"d{i + 1}", date="XXXX-XX-XX", span=Span.of(token), evidence=Span.of(token))
        )
    return doc


def blank_extractor() -> Extractor:
    nlp = spacy.blank("fr")
    nlp.add_pipe("test_capitalised_orgs")
    return Extractor(nlp)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return blank_extractor()


def jsonl(path: Path, rows: list) -> Path:
    with path.open("wb") as handle:
        for row in rows:
            handle.write(row if isinstance(row, bytes) else (json.dumps(row, ensure_ascii=False) + "\n").encode())
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in complete_lines(path)]


# --- screening ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (FRENCH, None),
        ("Emmanuel Macron reçoit Oracle à Paris.", None),  # short and hesitant: kept
        (ENGLISH, "not French"),
        ("Hello world, this is a test of the system.", "not French"),  # short but confident
        ("Oracle.", "too short"),
        ("12 345 678 - 9 / 10", "too short"),
        (FRENCH * 100, "too long"),
    ],
)
def test_screen(text, expected):
    reason = batch.screen(Article(id="x", text=text), max_chars=10_000)
    assert (reason is None) if expected is None else (expected in reason)


# --- nothing lost ------------------------------------------------------------------------


@pytest.fixture()
def bad_dump(tmp_path) -> Path:
    return jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": "good-1", "text": FRENCH},
            b"{broken json\n",
            {"id": "no-text", "title": "sans texte"},
            {"id": "empty", "text": "  \n "},
            '{"id": "latin", "text": "\xe9t\xe9 \xe0 Paris"}\n'.encode("latin-1"),
            {"id": "english", "text": ENGLISH},
            {"id": "too-long", "text": FRENCH * 40},
            {"id": "boom", "text": FRENCH + " BOOM"},
            {"id": "bad-date", "text": FRENCH, "published": "le jour d'après"},
            {"id": "short", "text": "Oracle."},
            {"id": "good-2", "text": FRENCH.replace("Oracle", "Microsoft")},
            {"text": FRENCH},
        ],
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_every_bad_record_is_an_error_line_and_the_run_goes_on(extractor, bad_dump, tmp_path, workers):
    out = tmp_path / "out.jsonl"
    summary = batch.run(extractor, [bad_dump], out, batch_size=4, workers=workers, max_chars=5_000)
    records, errors = lines(out), lines(batch.errors_path(out))
    assert [r["article"]["id"] for r in records][:2] == ["good-1", "good-2"]
    assert len(records) == 3 and summary.articles == 3
    assert {e["id"] for e in errors} >= {"no-text", "empty", "english", "too-long", "boom", "bad-date", "short"}
    assert len(errors) == 9 and summary.errors == 9  # + the broken JSON line and the latin-1 line
    assert len(records) + len(errors) == 12  # every input line accounted for, once
    assert {e["position"] for e in errors} == {2, 3, 4, 5, 6, 7, 8, 9, 10}
    boom = next(e for e in errors if e["id"] == "boom")
    assert "pipeline failed" in boom["reason"] and "boom" in boom["reason"]
    for record in records:
        assert_record_valid(ArticleRecord.model_validate(record))


def test_workers_write_in_input_order(extractor, tmp_path):
    rows = [{"id": f"a{n}", "text": FRENCH + f" Numéro {n}."} for n in range(23)]
    dump = jsonl(tmp_path / "d.jsonl", rows)
    one = batch.run(extractor, [dump], tmp_path / "one.jsonl", batch_size=3)
    two = batch.run(extractor, [dump], tmp_path / "two.jsonl.gz", batch_size=3, workers=2)
    assert one.articles == two.articles == 23
    assert (tmp_path / "one.jsonl").read_text(encoding="utf-8") == gzip.decompress((tmp_path / "two.jsonl.gz").read_bytes()).decode()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_loader_gives_what_a_loaded_extractor_gives(extractor, tmp_path, workers):
    """Given a loader, the workers load their own pipeline (the parent never does): same lines."""
    rows = [{"id": f"a{n}", "text": FRENCH + f" Numéro {n}."} for n in range(11)]
    dump = jsonl(tmp_path / "d.jsonl", rows)
    batch.run(extractor, [dump], tmp_path / "loaded.jsonl", batch_size=3)
    loaded = batch.run(blank_extractor, [dump], tmp_path / "loader.jsonl", batch_size=3, workers=workers)
    assert loaded.articles == 11
    assert (tmp_path / "loader.jsonl").read_text(encoding="utf-8") == (tmp_path / "loaded.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("use_loader", [False, True])
def test_a_worker_dying_on_an_article_costs_that_article_alone_and_the_run_goes_on(extractor, tmp_path, use_loader):
    rows = [{"id": f"a{n}", "text": FRENCH + f" Numéro {n}."} for n in range(12)]
    rows[4]["text"] += " KILLS-ITS-WORKER"
    dump = jsonl(tmp_path / "d.jsonl", rows)
    out = tmp_path / "out.jsonl"
    summary = batch.run(blank_extractor if use_loader else extractor, [dump], out, batch_size=3, workers=2)
    records, errors = lines(out), lines(batch.errors_path(out))
    assert (summary.articles, summary.errors) == (11, 1) == (len(records), len(errors))
    assert errors[0]["id"] == "a4" and errors[0]["position"] == 5 and "worker process died" in errors[0]["reason"]
    assert [r["article"]["id"] for r in records] == [f"a{n}" for n in range(12) if n != 4]  # in input order


def test_workers_that_cannot_load_the_pipeline_stop_the_run_with_a_message(tmp_path):
    def broken() -> Extractor:
        raise RuntimeError("no model here")

    dump = jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": FRENCH}])
    with pytest.raises(batch.WorkerError, match="could not start or load the pipeline"):
        batch.run(broken, [dump], tmp_path / "out.jsonl", workers=2)


# --- resume ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_resume_after_a_cut_gives_the_clean_run(extractor, bad_dump, tmp_path, suffix):
    clean = tmp_path / f"clean{suffix}"
    batch.run(extractor, [bad_dump], clean, batch_size=2, max_chars=5_000)
    cut = tmp_path / f"cut{suffix}"
    batch.run(extractor, [bad_dump], cut, batch_size=2, max_chars=5_000)
    # a killed run: the records file ends in a partial line (member), the errors file lost its tail
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    errors = batch.errors_path(cut)
    errors.write_bytes(errors.read_bytes()[:150])
    summary = batch.run(extractor, [bad_dump], cut, batch_size=2, max_chars=5_000, resume=True)
    assert summary.skipped > 0
    assert lines(cut) == lines(clean)
    assert sorted(map(json.dumps, lines(errors))) == sorted(map(json.dumps, lines(batch.errors_path(clean))))
    # a second resume finds nothing left to do
    again = batch.run(extractor, [bad_dump], cut, batch_size=2, max_chars=5_000, resume=True)
    assert again.articles == again.errors == 0 and again.skipped == 12


def test_line_writer_leaves_whole_gzip_members(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    with LineWriter(path) as writer:
        writer.write_lines(["1\n", "2\n"])
        writer.write_lines(["3\n"])
    whole = path.read_bytes()
    path.write_bytes(whole + gzip.compress(b"4\n5\n")[:-6])  # a member cut short
    assert list(complete_lines(path)) == ["1\n", "2\n", "3\n"]
    with LineWriter(path, append=True) as writer:
        writer.write_lines(["4\n"])
    assert gzip.decompress(path.read_bytes()) == b"1\n2\n3\n4\n"


# --- long articles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, size, pieces",
    [
        ("court", 100, ["court"]),
        ("Un. Deux. Trois. Quatre.", 12, ["Un. Deux. ", "Trois. ", "Quatre."]),
        ("Premier paragraphe. Suite.\n\nSecond paragraphe.", 30, ["Premier paragraphe. Suite.\n\n", "Second paragraphe."]),
        ("Il a dit jeudi.Le gouvernement a répondu.", 27, ["Il a dit jeudi.", "Le gouvernement a répondu."]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ],
)
def test_split_text(text, size, pieces):
    starts = split_text(text, size)
    assert [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])] == pieces


def test_long_article_in_pieces_has_offsets_into_the_whole_text(extractor):
    text = "\n\n".join(f"{FRENCH}Paragraphe {n} : Oracle et ByteDance, mercredi." for n in range(6))
    whole = extractor.extract(text, id="long")
    pieced = Extractor(extractor.nlp, chunk_chars=500).extract(text, id="long")
    assert_record_valid(pieced)
    assert pieced.article.text == text
    assert [o.id for o in pieced.organisations] == [o.id for o in whole.organisations]
    assert [o.mentions for o in pieced.organisations] == [o.mentions for o in whole.organisations]
    assert [d.id for d in pieced.deadlines] == [f"d{n}" for n in range(1, len(whole.deadlines) + 1)]
    assert [d.span for d in pieced.deadlines] == [d.span for d in whole.deadlines]


def test_merge_pieces_renames_an_id_two_pieces_give_to_different_names():
    text = "Oracle. Walmart."
    article = Article(id="a", text=text)
    first = ArticleRecord(article=Article(id="a", text="Oracle. "), organisations=[Organisation(id="o1", name="Oracle", mentions=[Span.at("Oracle. ", 0, 6)])])
    second = ArticleRecord(article=Article(id="a", text="Walmart."), organisations=[Organisation(id="o1", name="Walmart", mentions=[Span.at("Walmart.", 0, 7)])])
    merged = assert_record_valid(convert.merge_pieces(article, [(0, first), (8, second)]))
    assert [(o.id, o.name, o.mentions[0].text) for o in merged.organisations] == [("o1", "Oracle", "Oracle"), ("o1~1", "Walmart", "Walmart")]


# --- the real pipeline, killed and resumed -----------------------------------------------


@pytest.mark.model
def test_killed_cli_run_resumed_gives_the_clean_run(depeche_extractor, tmp_path):
    from conftest import shared_file

    source = shared_file("data/orangesum/articles.jsonl.gz")
    dump = tmp_path / "d.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as handle, dump.open("w", encoding="utf-8") as out:
        for n, line in zip(range(24), handle):
            out.write(line)
    clean = tmp_path / "clean.jsonl"
    batch.run(depeche_extractor, [dump], clean, batch_size=3)

    out = tmp_path / "killed.jsonl"
    command = [sys.executable, "-m", "depeche.cli", "extract", str(dump), "-o", str(out), "--batch-size", "3", "--no-progress"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if out.exists() and len(out.read_bytes().splitlines()) >= 6:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    killed_at = len(lines(out))
    assert 6 <= killed_at < 24

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "already done" in resumed.stderr  # the summary: stderr (issue 13)
    assert lines(out) == lines(clean)


def test_progress_bar_on_request_and_quiet_in_a_pipe(extractor, tmp_path, capsys):
    dump = jsonl(tmp_path / "d.jsonl", [{"id": f"p{n}", "text": FRENCH} for n in range(5)])
    batch.run(extractor, [dump], tmp_path / "quiet.jsonl", batch_size=2)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    summary = batch.run(extractor, [dump], tmp_path / "shown.jsonl", batch_size=2, progress=True)
    assert summary.articles == 5
    assert "5/5" in capsys.readouterr().err
