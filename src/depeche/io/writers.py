"""JSONL writers and the reader of what they wrote (records files, plain or .gz)."""

from __future__ import annotations

import gzip
import zlib
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


# --- writing records files that survive a kill -----------------------------------------------


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _gzip_members(path: Path) -> Iterator[tuple[int, bytes]]:
    """(end offset, content) of every complete gzip member of `path`, in order; stops at a truncated or corrupt one."""
    offset = 0
    with path.open("rb") as handle:
        inflater = zlib.decompressobj(31)
        parts: list[bytes] = []
        while chunk := handle.read(1 << 20):
            data = chunk
            while data:
                try:
                    parts.append(inflater.decompress(data))
                except zlib.error:
                    return
                if not inflater.eof:
                    offset += len(data)
                    break
                used = len(data) - len(inflater.unused_data)
                offset += used
                yield offset, b"".join(parts)
                data = inflater.unused_data
                inflater, parts = zlib.decompressobj(31), []


def _valid_end(path: Path) -> int:
    """How many leading bytes of `path` are whole lines (plain) or whole gzip members (.gz)."""
    if not path.exists():
        return 0
    if _is_gzip(path):
        end = 0
        for end, _ in _gzip_members(path):
            pass
        return end
    size = path.stat().st_size
    with path.open("rb") as handle:
        position = size
        while position > 0:
            step = min(1 << 16, position)
            handle.seek(position - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                return position - step + newline + 1
            position -= step
    return 0


def complete_lines(path: Path) -> Iterator[str]:
    """The complete lines of a JSONL(.gz) file written by LineWriter, without a killed run's partial tail."""
    path = Path(path)
    if not path.exists():
        return
    if _is_gzip(path):
        for _, content in _gzip_members(path):
            for line in content.decode("utf-8").splitlines(keepends=True):
                if line.endswith("\n") and line.strip():
                    yield line
        return
    with path.open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n") and raw.strip():
                yield raw.decode("utf-8")


class LineWriter:
    """Appends whole lines to a JSONL file, flushed per call, so a killed run leaves only whole lines.

    For `.gz`, each call writes one gzip member (a file of several members is one valid gzip
    stream), so a kill leaves at worst a partial last member. `append=True` first truncates the
    file after its last whole line (member), then appends: the way `--resume` continues.
    """

    def __init__(self, path: str | Path, *, append: bool = False):
        self.path = Path(path)
        self.gzip = _is_gzip(self.path)
        if append and self.path.exists():
            end = _valid_end(self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(end)
            self.handle = self.path.open("ab")
        else:
            self.handle = self.path.open("wb")

    def write_lines(self, lines: list[str]) -> None:
        if not lines:
            return
        data = "".join(lines).encode("utf-8")
        if self.gzip:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.handle.write(data)
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
