"""One batch, what a worker does: `process` (screened, then one `nlp.pipe` pass) and its outcomes
(`Outcome`: a record or an error line, as JSON, with its counts), the `Settings` it runs with, and the
`Summary` a run adds them up in."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from depeche.batch.screening import MAX_CHARS
from depeche.extractor import Extractor
from depeche.records import ArticleRecord, ErrorLine

# `screen` and `process` are looked up on the package, so that one replaced there (as tests do,
# `monkeypatch.setattr(batch, "screen", ...)`) is the one called, as when depeche.batch was one module.
from depeche import batch as _package  # (the package imports this module: looked up at call time)

# --- one batch: what a worker does -----------------------------------------------------------

Counts = tuple[int, int, int, int, int]  # organisations, people, dates, deadlines, deals
Outcome = tuple[str, str, Counts]  # ("record" | "error", the JSON line, counts)
NO_COUNTS: Counts = (0, 0, 0, 0, 0)


@dataclass(frozen=True)
class Settings:
    max_chars: int = MAX_CHARS
    language: str | None = "fr"
    batch_size: int = 16


def _record_outcome(record: ArticleRecord) -> Outcome:
    counts = (len(record.organisations), len(record.people), len(record.dates), len(record.deadlines), len(record.deals))
    return "record", record.model_dump_json() + "\n", counts


def _error_outcome(line: ErrorLine) -> Outcome:
    return "error", line.model_dump_json() + "\n", NO_COUNTS


def _failed(entry: tuple, reason: str) -> Outcome:
    """The error line of one (item, source, position) that could not be processed."""
    item, source, position = entry
    return _error_outcome(ErrorLine(source=source, position=position, id=getattr(item, "id", None), reason=reason[:2000]))


def _why(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def process(extractor: Extractor, batch: list[tuple], settings: Settings) -> list[Outcome]:
    """The outcome of each (item, source, position) of `batch`, in order: screened, then the
    articles left extracted in one `nlp.pipe` pass (an article the pipeline raises on is an error line,
    and so is one that screening or writing its record raises on)."""
    outcomes: list[Outcome | None] = [None] * len(batch)
    todo: list[int] = []
    for i, (item, source, position) in enumerate(batch):
        if isinstance(item, ErrorLine):
            outcomes[i] = _error_outcome(item)
            continue
        try:
            reason = _package.screen(item, max_chars=settings.max_chars, language=settings.language)
        except Exception as err:
            outcomes[i] = _failed(batch[i], f"processing failed on it: {_why(err)}")
            continue
        if reason:
            outcomes[i] = _error_outcome(ErrorLine(source=source, position=position, id=item.id, reason=reason))
        else:
            todo.append(i)
    results = extractor.extract_each([batch[i][0] for i in todo], batch_size=settings.batch_size, language=None)  # screened above
    for i, result in zip(todo, results):
        if isinstance(result, Exception):
            outcomes[i] = _failed(batch[i], f"the pipeline failed on it: {_why(result)}")
            continue
        try:
            outcomes[i] = _record_outcome(result)
        except Exception as err:
            outcomes[i] = _failed(batch[i], f"its record could not be written: {_why(err)}")
    return outcomes  # type: ignore[return-value]


def _process_each(run_one: Callable[[list[tuple]], list[Outcome]], batch: list[tuple]) -> list[Outcome]:
    """`batch` again one article at a time, after its processing raised: an article it raises on
    again is an error line, the others are extracted."""
    outcomes: list[Outcome] = []
    for entry in batch:
        try:
            outcomes.extend(run_one([entry]))
        except Exception as err:
            outcomes.append(_failed(entry, f"processing failed on it: {_why(err)}"))
    return outcomes


def _process_safely(extractor: Extractor, batch: list[tuple], settings: Settings) -> list[Outcome]:
    """`process`, and when it raises outside the pipeline, the batch article by article."""
    try:
        return _package.process(extractor, batch, settings)
    except Exception:
        return _process_each(lambda one: _package.process(extractor, one, settings), batch)


# --- the run's counts ------------------------------------------------------------------------


@dataclass
class Summary:
    articles: int = 0  # records written
    errors: int = 0  # error lines written
    skipped: int = 0  # already in OUT / OUT.errors.jsonl (resume)
    organisations: int = 0
    people: int = 0
    dates: int = 0
    deadlines: int = 0
    deals: int = 0
    seconds: float = 0.0
    output: Path | None = None
    errors_output: Path | None = None
    reasons: list[str] = field(default_factory=list)  # the first error reasons, for the console

    def add(self, outcome: Outcome) -> None:
        kind, line, counts = outcome
        if kind == "record":
            self.articles += 1
            self.organisations += counts[0]
            self.people += counts[1]
            self.dates += counts[2]
            self.deadlines += counts[3]
            self.deals += counts[4]
        else:
            self.errors += 1
            if len(self.reasons) < 20:
                error = json.loads(line)
                where = error["source"] + (f":{error['position']}" if error.get("position") else "")
                self.reasons.append(f"{where} ({error.get('id')}): {error['reason']}")
