"""JSONL writers and the reader of what they wrote (records files, plain or .gz).

A write that fails (a full disk, a file-size limit, a vanished mount) raises `OutputError`, an
OSError that names the file: `depeche` turns it into one line and its crash exit code.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
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


class OutputError(OSError):
    """An output file that cannot be written (disk full, no permission...): names the file and why."""

    def __init__(self, path: str | Path, err: OSError):
        super().__init__(err.errno, f"cannot write {path}: {err.strerror or err}")
        self.path = Path(path)

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def write_atomic(path: str | Path, text: str) -> int:
    """Write `text` to `path` through a temporary file beside it, renamed over `path` once whole: a
    full disk or a kill leaves the previous file (or none), never a truncated one. Its size in bytes."""
    path = Path(path)
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(path, err) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as a plain open() would have made it, not mkstemp's 0600
        os.replace(temporary, path)
    except OSError as err:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise OutputError(path, err) from None
    return len(data)


# --- what depeche wrote: not to be read back as input ------------------------------------------

# How the lines of a records file and of an errors file begin: `model_dump_json` writes the fields
# in their declared order (records.ArticleRecord, records.ErrorLine).
_RECORD_START = b'{"schema_version":'
_ERROR_START = b'{"source":'


def is_output_file(path: str | Path) -> bool:
    """Whether `path` is a records file (OUT.jsonl[.gz]) or an errors file (OUT.errors.jsonl) that
    `depeche extract` wrote: its first line starts as a record, or as an error line and the file is
    named *.errors.jsonl. Such files found in an input folder are output, not articles."""
    path = Path(path)
    name = path.name.lower()
    if not name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return False
    try:
        with (gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb")) as handle:
            head = handle.read(len(_RECORD_START))
    except (OSError, EOFError, zlib.error):
        return False
    return head.startswith(_RECORD_START) or (name.endswith(".errors.jsonl") and head.startswith(_ERROR_START))


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
        self.failed = False
        try:
            if append and self.path.exists():
                end = _valid_end(self.path)
                with self.path.open("r+b") as handle:
                    handle.truncate(end)
                self.handle = self.path.open("ab")
            else:
                self.handle = self.path.open("wb")
        except OSError as err:
            raise OutputError(self.path, err) from None

    def write_lines(self, lines: list[str]) -> None:
        """Write `lines` (each ending in a newline) and flush; OutputError when the file cannot take them."""
        if not lines:
            return
        data = "".join(lines).encode("utf-8")
        if self.gzip:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        try:
            self.handle.write(data)
            self.handle.flush()
        except OSError as err:
            self.failed = True  # what is left in the buffer is dropped at close: --resume cuts the partial tail
            raise OutputError(self.path, err) from None

    def close(self) -> None:
        try:
            self.handle.close()
        except OSError as err:
            if not self.failed:
                raise OutputError(self.path, err) from None

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class StreamWriter:
    """`LineWriter`'s calls on a stream that depeche does not own (standard output or error): each
    call writes whole lines and flushes; closing it leaves the stream open. `stream()` gives the
    stream at each write (so a progress bar's redirection of stderr is followed); a binary stream
    gets the lines as UTF-8. A write that fails raises OutputError naming `name`."""

    def __init__(self, stream, name: str):
        self.stream, self.path, self.gzip, self.failed = stream, Path(name), False, False

    def write_lines(self, lines: list[str]) -> None:
        if not lines:
            return
        text = "".join(lines)
        try:
            handle = self.stream()
            handle.write(text.encode("utf-8") if isinstance(handle, (io.BufferedIOBase, io.RawIOBase)) else text)
            handle.flush()
        except OSError as err:
            self.failed = True
            raise OutputError(self.path, err) from None

    def close(self) -> None:
        pass

    def __enter__(self) -> StreamWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
