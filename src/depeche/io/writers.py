"""JSONL writers and the reader of what they wrote (records files, plain or .gz)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from depeche.records import ArticleRecord


class RecordsFileError(Exception):
    """A records file that cannot be read: missing, not JSONL, not records."""


def open_text(path: Path, mode: str = "rt") -> IO[str]:
    """A text handle on `path`, gzip when it ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, mode, encoding="utf-8")
    return path.open(mode, encoding="utf-8")


def read_records(path: str | Path) -> Iterator[ArticleRecord]:
    """The records of a JSONL(.gz) file written by `depeche extract`; a bad line raises RecordsFileError naming it."""
    path = Path(path)
    if not path.is_file():
        raise RecordsFileError(f"{path}: no such file")
    try:
        with open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield ArticleRecord.model_validate_json(line)
                except ValidationError as err:
                    first = err.errors()[0]
                    where = ".".join(map(str, first["loc"])) or "(line)"
                    raise RecordsFileError(f"{path}:{number}: not a depeche record ({where}: {first['msg']})") from None
    except (UnicodeDecodeError, OSError, EOFError) as err:
        raise RecordsFileError(f"{path}: cannot be read as UTF-8 JSONL ({err})") from None
