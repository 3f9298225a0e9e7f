"""Streaming readers: each yields, in input order, an `Article` or an `ErrorLine` per input article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from depeche.extractor import derive_id
from depeche.records import Article, ErrorLine

Item = Article | ErrorLine


class InputError(Exception):
    """An input that cannot be read at all (missing path, unknown format)."""


def _article(fields: dict, *, source: str, position: int | None) -> Item:
    text = fields.get("text")
    given_id = fields.get("id")
    ident = str(given_id) if given_id not in (None, "") else None
    if not isinstance(text, str):
        return ErrorLine(source=source, position=position, id=ident, reason="no 'text' field (a string)")
    if not text.strip():
        return ErrorLine(source=source, position=position, id=ident, reason="empty text")
    try:
        return Article(
            id=ident or derive_id(text, source=source, position=position),
            title=fields.get("title"),
            published=fields.get("published"),
            url=fields.get("url"),
            source=fields.get("source"),
            text=text,
        )
    except ValidationError as err:
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        return ErrorLine(source=source, position=position, id=ident, reason=f"bad metadata: {reason}")


def read_text_dir(path: Path) -> Iterator[Item]:
    """Every `.txt` below `path` (sorted), with its metadata from a sidecar `NAME.json` if present."""
    for position, txt in enumerate(sorted(path.rglob("*.txt")), start=1):
        source = str(txt)
        try:
            text = txt.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            yield ErrorLine(source=source, position=None, id=txt.stem, reason=f"not UTF-8 ({err.reason} at byte {err.start})")
            continue
        fields: dict = {"id": txt.stem, "text": text}
        sidecar = txt.with_suffix(".json")
        if sidecar.is_file():
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as err:
                yield ErrorLine(source=str(sidecar), position=None, id=txt.stem, reason=f"sidecar is not JSON: {err}")
                continue
            if not isinstance(meta, dict):
                yield ErrorLine(source=str(sidecar), position=None, id=txt.stem, reason="sidecar is not a JSON object")
                continue
            fields.update({k: v for k, v in meta.items() if k != "text"})
        yield _article(fields, source=source, position=None)


def read_jsonl(path: Path) -> Iterator[Item]:
    """One article per line of a JSONL file."""
    source = str(path)
    with path.open("rb") as handle:
        empty = True
        for position, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            empty = False
            try:
                fields = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as err:
                yield ErrorLine(source=source, position=position, reason=f"not UTF-8 ({err.reason} at byte {err.start})")
                continue
            except ValueError as err:
                yield ErrorLine(source=source, position=position, reason=f"not JSON: {err}")
                continue
            if not isinstance(fields, dict):
                yield ErrorLine(source=source, position=position, reason="not a JSON object")
                continue
            yield _article(fields, source=source, position=position)
        if empty:
            yield ErrorLine(source=source, position=None, reason="empty file: no article in it")


def read(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Articles from files and folders, chosen by what each path is."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from read_text_dir(path)
        elif path.suffix == ".jsonl":
            yield from read_jsonl(path)
        elif path.suffix == ".txt":
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as err:
                yield ErrorLine(source=str(path), id=path.stem, reason=f"not UTF-8 ({err.reason} at byte {err.start})")
                continue
            yield _article({"id": path.stem, "text": text}, source=str(path), position=None)
        else:
            raise InputError(f"{path}: unknown input format (expected a folder, .txt or .jsonl)")
