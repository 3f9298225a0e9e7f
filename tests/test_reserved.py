"""No article reserved for the outside evaluation (../shared/eval/reserved-ids.txt) is anywhere in the project:
not in corpus/, not in the sentence bank, not in models/ (mined gazetteers), tests or benchmarks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]


def reserved_ids() -> set[str]:
    path = shared_file("eval/reserved-ids.txt")  # skips, saying why, where ../shared is absent
    ids = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    assert ids, f"{path} lists no id"
    return ids


def project_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "corpus", "models", "tests", "benchmarks", "src"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    return [ROOT / p for p in listed if (ROOT / p).is_file()]


def test_no_reserved_article_is_in_the_project():
    ids = reserved_ids()
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    hits = []
    for path in project_files():
        if path.suffix in (".gz", ".bin", ".npy") or path.name == "model":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits += [f"{path.relative_to(ROOT)}: {m.group(1)}" for m in pattern.finditer(text)]
    assert not hits, "reserved articles in the project:\n" + "\n".join(hits[:20])


def test_the_check_would_see_one():
    """The check above is not vacuous: a reserved id written the way the corpus writes ids is found."""
    some = sorted(reserved_ids())[0]
    pattern = re.compile(r"(?<![\w-])(" + re.escape(some) + r")(?![\w-])")
    assert pattern.search(f'{{"id": "{some}@120", "article": "{some}"}}')
    assert not pattern.search(f'{{"id": "{some}0"}}')


@pytest.mark.parametrize("folder", ["corpus/dev/articles", "corpus/test/articles"])
def test_no_reserved_article_file(folder):
    ids = reserved_ids()
    assert not [p.name for p in (ROOT / folder).glob("*.txt") if p.stem in ids]
