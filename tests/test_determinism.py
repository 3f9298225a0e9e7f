"""The same articles give the same records in every process: nothing depends on Python's string hash seed (the
order of a set of names once decided where a name was cut: « Aston Martin DB5 Goldfinger »)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_file

# the dump articles read: the first ones that are not reserved, and one whose record followed the hash seed
_FIRST = 25
_KNOWN = {"orangesum-560"}


@pytest.mark.model
def test_records_do_not_depend_on_the_hash_seed(tmp_path):
    reserved = {line.strip() for line in shared_file("eval/reserved-ids.txt").read_text().splitlines() if line.strip() and not line.startswith("#")}
    rows = []
    with gzip.open(shared_file("data/orangesum/articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if str(row["id"]) in reserved:
                continue
            if len(rows) < _FIRST or row["id"] in _KNOWN:
                rows.append(row)
            if len(rows) >= _FIRST and _KNOWN <= {r["id"] for r in rows}:
                break
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
