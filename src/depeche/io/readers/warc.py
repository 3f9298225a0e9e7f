"""WARC records framed by hand, each checked against its declared `Content-Length`.

warcio trusts `Content-Length`: a truncated record reads as a shorter one (a partial article, rc 0)
and a lying length reads into the next record (which is swallowed) or stops short of the end of
this one. `frames(handle)` reads the records of a (decompressed) WARC stream and yields one `Frame`
per record: its WARC headers and either its exact bytes — the headers, `Content-Length` bytes of
block, then the blank line that must end it — or the reason it is broken. A broken record is
skipped up to the next line that starts a record (`WARC/1.x` after a blank line, looked for inside
its block too when the length is too large), so a lying length costs that record alone.

Nothing beyond one record is held in memory; a record declared larger than `MAX_BLOCK` is skipped
line by line. `units` makes the HTML responses of the sound records articles (through warcio, for
the HTTP headers and transfer encodings) and the broken ones error lines.
"""

from __future__ import annotations

import functools
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from depeche.io.readers import articles
from depeche.io.readers.articles import FieldMap, Item, error
from depeche.io.readers.formats import Unit, fixed, open_binary

MAX_HEADER = 1 << 20  # bytes of WARC headers one record may have
MAX_BLOCK = 256 << 20  # bytes of block one record may have (far more than any page)
_CHUNK = 1 << 16
_RECORD_START = re.compile(rb"\r?\n\r?\n(WARC/1\.\d\r?\n)")  # end of a record, then the first line of the next
_VERSION_LINE = re.compile(rb"WARC/1\.\d\r?\n\Z")


@dataclass
class Frame:
    """One record of the file: its headers (names lower-cased) and its bytes, or why it is broken."""

    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    problem: str | None = None

    @property
    def type(self) -> str | None:
        return self.headers.get("warc-type")

    @property
    def name(self) -> str:
        """How an error line names the record: its target URI and record id, as far as known."""
        known = [self.headers[k] for k in ("warc-target-uri", "warc-record-id") if self.headers.get(k)]
        return f"the WARC record {' '.join(known)}" if known else "a WARC record"


class _Stream:
    """A binary stream read in chunks, with look-ahead and push-back; a read error ends it (kept in `error`)."""

    def __init__(self, handle):
        self.handle = handle
        self.pending = bytearray()
        self.eof = False
        self.error: BaseException | None = None

    def _fill(self, size: int) -> None:
        while len(self.pending) < size and not self.eof:
            try:
                chunk = self.handle.read1(_CHUNK) if hasattr(self.handle, "read1") else self.handle.read(_CHUNK)
            except (EOFError, OSError, zlib.error) as err:  # a truncated or corrupt .gz: what came before is kept
                self.eof, self.error = True, err
                return
            if not chunk:
                self.eof = True
            self.pending += chunk

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return bytes(self.pending[:size])

    def read(self, size: int) -> bytes:
        self._fill(size)
        data = bytes(self.pending[:size])
        del self.pending[:size]
        return data

    def readline(self, limit: int = _CHUNK) -> bytes:
        """A line with its end, or at most `limit` bytes of it; b"" at the end of the stream."""
        start = 0
        while True:
            end = self.pending.find(b"\n", start)
            if end >= 0 and end < limit:
                return self.read(end + 1)
            if len(self.pending) >= limit or self.eof:
                return self.read(limit)
            start = len(self.pending)
            self._fill(len(self.pending) + _CHUNK)

    def unread(self, data: bytes) -> None:
        self.pending[:0] = data


def _skip_to_next_record(stream: _Stream) -> None:
    """Read on until a `WARC/1.x` line that follows a blank line (left unread), or the end; the
    stream's position counts as just after a blank line."""
    previous_blank = at_line_start = True
    while True:
        line = stream.readline()
        if not line:
            return
        if at_line_start and previous_blank and _VERSION_LINE.match(line):
            stream.unread(line)
            return
        if at_line_start:
            previous_blank = not line.strip()
        at_line_start = line.endswith(b"\n")


def _next_is_a_record(stream: _Stream) -> bool:
    """Whether what follows (after blank lines, which are consumed) is a record's first line, or the end."""
    while True:
        ahead = stream.peek(2)
        if ahead.startswith(b"\r\n"):
            stream.read(2)
        elif ahead.startswith(b"\n"):
            stream.read(1)
        else:
            break
    ahead = stream.peek(8)
    return ahead.startswith(b"WARC/1.") or (stream.eof and b"WARC/1.".startswith(ahead))  # or the end, maybe mid-line


def _why_truncated(stream: _Stream) -> str:
    return f" ({stream.error})" if stream.error else ""


def frames(handle) -> Iterator[Frame]:
    """Every record of a WARC stream, in order (see the module's doc)."""
    stream = _Stream(handle)
    while True:
        line = stream.readline()
        while line and not line.strip():
            line = stream.readline()
        if not line:
            if stream.error is not None:
                yield Frame(problem=f"unreadable from here on: {stream.error}")
            return
        if not _VERSION_LINE.match(line):
            if not line.endswith(b"\n") and b"WARC/1.".startswith(line[:7]):
                yield Frame(problem=f"truncated: the file ends in the first line of a record{_why_truncated(stream)}")
                return
            _skip_to_next_record(stream)
            yield Frame(problem=f"no WARC record starts where one should (found {line[:40]!r}); skipped up to the next record")
            continue
        head = bytearray(line)
        headers: dict[str, str] = {}
        while True:
            line = stream.readline()
            head += line
            if not line or not line.endswith(b"\n"):
                ended = False
                break
            if not line.strip():
                ended = True
                break
            name, colon, value = line.decode("utf-8", "replace").partition(":")
            if colon:
                headers.setdefault(name.strip().lower(), value.strip())
            if len(head) > MAX_HEADER:
                ended = False
                break
        frame = Frame(headers=headers)
        if not ended:
            if len(head) > MAX_HEADER:
                _skip_to_next_record(stream)
                frame.problem = f"headers longer than {MAX_HEADER} bytes; skipped"
                yield frame
                continue
            frame.problem = f"truncated: the file ends in its headers{_why_truncated(stream)}"
            yield frame
            return
        declared = headers.get("content-length", "")
        if not (declared.isascii() and declared.isdigit()):
            _skip_to_next_record(stream)
            frame.problem = f"no valid Content-Length ({declared!r}); skipped up to the next record"
            yield frame
            continue
        length = int(declared)
        if length > MAX_BLOCK:
            _skip_to_next_record(stream)
            frame.problem = f"Content-Length {length} is more than the {MAX_BLOCK} bytes a record may have; skipped"
            yield frame
            continue
        block = stream.read(length)
        after = stream.peek(4)
        # a record that starts inside the block: the length is too large, even where the block happens to end on
        # a record's end (it swallowed the next record whole)
        inside = _RECORD_START.search(block) is not None
        if not inside and len(block) == length and (after.startswith((b"\r\n\r\n", b"\n\n")) or (stream.eof and b"\r\n\r\n".startswith(after))):
            stream.read(4 if after.startswith(b"\r\n\r\n") else 2 if after.startswith(b"\n\n") else len(after))
            if _next_is_a_record(stream):
                frame.raw = bytes(head) + block + b"\r\n\r\n"
                yield frame
                continue
            # what follows is no record: this one goes on past its Content-Length (too small)
            _skip_to_next_record(stream)
            frame.problem = f"Content-Length says {length} bytes but the record goes on past them; skipped"
            yield frame
            continue
        # the block is not where Content-Length says it ends: another record starts inside it (the
        # length is too large), or the record goes on past it (too small), or the file ends (truncated)
        window = block + stream.peek(16)
        found = _RECORD_START.search(window)
        if found is not None:
            start = found.start(1)
            if start < len(block):
                stream.unread(block[start:])
            else:
                stream.read(start - len(block))
            frame.problem = f"Content-Length says {length} bytes but the record ends after {found.start()}, where the next one starts; skipped"
        elif len(block) < length:
            frame.problem = f"truncated: Content-Length says {length} bytes, the file ends after {len(block)}{_why_truncated(stream)}"
            yield frame
            return
        else:
            _skip_to_next_record(stream)
            frame.problem = f"Content-Length says {length} bytes but the record goes on past them; skipped"
        yield frame


# --- the WARC format: its response records as units ------------------------------------------


def units(path: Path, fields: FieldMap, source: str) -> Iterator[Unit]:
    """Every HTML `response` record of a WARC(.gz), through the HTML path; positions count responses from 1.

    Each record is checked against its Content-Length (`frames`): a truncated one, or one whose
    length lies, is that record's error line, and the next record is read all the same. A broken
    record whose type cannot be read counts as a response.
    """
    position = 0
    with open_binary(path) as handle:
        for frame in frames(handle):
            if frame.type not in (None, "response"):
                continue
            position += 1
            if frame.problem:
                yield position, None, fixed(error(source, position, f"{frame.name}: {frame.problem}"))
            else:
                yield position, None, functools.partial(_warc_response, frame, source=source, position=position)
    if position == 0:
        yield None, None, fixed(error(source, None, "no response record in the WARC file"))


def _warc_response(frame, *, source: str, position: int) -> Item:
    """The article of one sound WARC response record (its bytes parsed by warcio)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        record = next(iter(ArchiveIterator(io.BytesIO(frame.raw))))
        content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
        url = record.rec_headers.get_header("WARC-Target-URI")
        date = record.rec_headers.get_header("WARC-Date")
        body = record.content_stream().read() if not content_type or "html" in content_type.lower() else b""
    except Exception as err:  # noqa: BLE001 - warcio on a malformed HTTP block, a bad transfer encoding...
        return error(source, position, f"{frame.name}: could not be parsed ({type(err).__name__}: {err})")
    if content_type and "html" not in content_type.lower():
        return error(source, position, f"{frame.name}: not an HTML response ({content_type})")
    if not body.strip():
        return error(source, position, f"{frame.name}: empty response body")
    return articles.html_article(body, source=source, position=position, url=url, published=date)
