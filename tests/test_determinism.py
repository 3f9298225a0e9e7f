"""The same articles give the same records in every process: nothing depends on Python's string hash seed (the
order of a set of names once decided where a name was cut: « Aston Martin DB5 Goldfinger »)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import dump_articles

# the dump articles read: the first ones that are not reserved, and one whose record followed the hash seed
_FIRST = 25
_KNOWN = {"orangesum-560"}


@pytest.mark.model
def test_records_do_not_depend_on_the_hash_seed(tmp_path):
    rows = dump_articles(lambda taken: len(taken) < _FIRST or not _KNOWN <= {r["id"] for r in taken})
    rows = rows[:_FIRST] + [r for r in rows[_FIRST:] if r["id"] in _KNOWN]
    articles = tmp_path / "in.jsonl"
    articles.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    depeche = str(Path(sys.executable).parent / "depeche")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([depeche, "extract", str(articles), "-o", str(out), "--quiet"], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_text(encoding="utf-8").splitlines())
    assert len(outputs[0]) == len(rows)
    for first, second in zip(*outputs):
        assert first == second, json.loads(first)["article"]["id"]
