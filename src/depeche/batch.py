"""Batch extraction on one machine: inputs -> OUT.jsonl[.gz], and OUT.errors.jsonl for what was lost.

Nothing is lost: every input article ends as exactly one line of OUT (its record) or one line of
OUT.errors.jsonl (a `records.ErrorLine`: source, position, id, reason). An article becomes an
error line when its input cannot be read (a reader's ErrorLine), when it is not a French article
(`screen`: too short, not French by py3langid, longer than `max_chars`) or when the pipeline raised
on it (the others of its batch are still extracted: `Extractor.extract_each`).

Streaming, memory flat: the reader is consumed batch by batch; with `workers > 1` the batches go to
worker processes, at most `2 * workers` batches in flight, and the results are written in input
order. Given a loader (`depeche.load`, or any function returning an Extractor) rather than a loaded
Extractor, each worker loads its own pipeline and the parent, which only reads and writes, never
does: a forked copy-on-write pipeline does not stay shared (Python's reference counts and garbage
collector write into its pages), so a parent holding one only adds its size to the run's memory.
Each batch is written as whole lines and flushed (for .gz, as one gzip member), so a killed run
leaves a valid file up to its last batch; `resume=True` truncates a partial tail, skips the articles already in OUT or
OUT.errors.jsonl (by id, counting repeats), and appends.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, deque
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from threadpoolctl import threadpool_limits

from depeche.extractor import Extractor
from depeche.io import readers
from depeche.io.readers import FieldMap
from depeche.io.writers import LineWriter, complete_lines
from depeche.records import Article, ArticleRecord, ErrorLine

# --- which articles are extracted --------------------------------------------------------

MAX_CHARS = 1_000_000  # longer articles are error lines; shorter ones beyond chunk_chars are cut in pieces
MIN_LETTERS = 20  # below this, a text is not an article
SHORT_LETTERS = 200  # below this, py3langid is unreliable: only a confident "not French" rejects
SHORT_CONFIDENCE = 0.8
LANGUAGE_SAMPLE = 3000  # characters given to py3langid

_identifier = None


def _language(text: str) -> tuple[str, float]:
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    lang, prob = _identifier.classify(text[:LANGUAGE_SAMPLE])
    return lang, float(prob)


def screen(article: Article, *, max_chars: int = MAX_CHARS, language: str | None = "fr") -> str | None:
    """Why `article` is not extracted, or None when it is.

    Too long (over `max_chars`); too short to be an article (fewer than 20 letters); not in
    `language` as py3langid says. A text of 200 letters or more must be identified as `language`;
    a shorter one is refused only when py3langid is confident (p >= 0.8) it is another language,
    since on a line or two it often hesitates (« Emmanuel Macron à Paris. » is fr at p = 0.15).
    """
    text = article.text
    if len(text) > max_chars:
        return f"too long: {len(text)} characters (max-chars is {max_chars})"
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LETTERS:
        return f"too short to be an article: {letters} letters"
    if language is None:
        return None
    lang, prob = _language(text)
    if lang == language:
        return None
    if letters >= SHORT_LETTERS or prob >= SHORT_CONFIDENCE:
        return f"not French: py3langid says {lang!r} (p={prob:.2f})"
    return None


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


def process(extractor: Extractor, batch: list[tuple], settings: Settings) -> list[Outcome]:
    """The outcome of each (item, source, position) of `batch`, in order: screened, then the
    articles left extracted in one `nlp.pipe` pass (an article the pipeline raises on is an error line)."""
    outcomes: list[Outcome | None] = [None] * len(batch)
    todo: list[int] = []
    for i, (item, source, position) in enumerate(batch):
        if isinstance(item, ErrorLine):
            outcomes[i] = _error_outcome(item)
            continue
        reason = screen(item, max_chars=settings.max_chars, language=settings.language)
        if reason:
            outcomes[i] = _error_outcome(ErrorLine(source=source, position=position, id=item.id, reason=reason))
        else:
            todo.append(i)
    results = extractor.extract_each([batch[i][0] for i in todo], batch_size=settings.batch_size)
    for i, result in zip(todo, results):
        if isinstance(result, Exception):
            item, source, position = batch[i]
            reason = f"the pipeline failed on it: {type(result).__name__}: {result}"
            outcomes[i] = _error_outcome(ErrorLine(source=source, position=position, id=item.id, reason=reason[:2000]))
        else:
            outcomes[i] = _record_outcome(result)
    return outcomes  # type: ignore[return-value]


# Worker processes: forked after the pipeline is loaded, they find it here.
_WORKER_EXTRACTOR: Extractor | None = None


def _process_in_worker(batch, settings) -> list[Outcome]:
    assert _WORKER_EXTRACTOR is not None, "worker forked without a pipeline"
    return process(_WORKER_EXTRACTOR, batch, settings)


def _load_in_worker(loader: Callable[[], Extractor]) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = loader()


def _warm_up() -> int:
    return os.getpid()


# --- the run ----------------------------------------------------------------------------------


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


def errors_path(out: Path) -> Path:
    """OUT.jsonl -> OUT.errors.jsonl (OUT.jsonl.gz -> OUT.errors.jsonl)."""
    name = out.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return out.with_name(f"{name}.errors.jsonl")


def done_ids(out: Path, errors_out: Path) -> Counter[str]:
    """The ids already written to OUT and OUT.errors.jsonl (complete lines only), with repeats."""
    done: Counter[str] = Counter()
    for line in complete_lines(out):
        done[json.loads(line)["article"]["id"]] += 1
    for line in complete_lines(errors_out):
        ident = json.loads(line).get("id")
        if ident is not None:
            done[ident] += 1
    return done


Located = tuple["Article | ErrorLine", str, "int | None"]  # (item, its file, its position there)


def _batches(located: Iterator[Located], size: int, done: Counter[str], summary: Summary) -> Iterator[list[Located]]:
    """Lists of at most `size` located items, less those already done (by id, counting repeats)."""
    batch: list[Located] = []
    for entry in located:
        ident = entry[0].id
        if done and done.get(ident, 0) > 0:
            done[ident] -= 1
            summary.skipped += 1
            continue
        batch.append(entry)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    extractor: Extractor | Callable[[], Extractor],
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    format: str | None = None,
    fields: FieldMap = readers.DEFAULT_FIELDS,
    batch_size: int = 16,
    workers: int = 1,
    max_chars: int = MAX_CHARS,
    language: str | None = "fr",
    resume: bool = False,
    progress: bool | None = None,
) -> Summary:
    """Extract every article of `inputs` into `out` (and its errors file); see the module's doc.

    `extractor`: a loaded Extractor, or a function that loads one (then with `workers > 1` only
    the worker processes load it). Raises `readers.InputError` (before writing anything) when an
    input cannot be read at all.
    `progress`: a rich progress bar on stderr; None = only when stderr is a terminal.
    """
    out = Path(out)
    paths = readers.check_inputs(inputs, format)
    if workers <= 1 and not isinstance(extractor, Extractor):
        extractor = extractor()
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary(output=out, errors_output=errors_path(out))
    settings = Settings(max_chars=max_chars, language=language, batch_size=batch_size)
    done = done_ids(out, summary.errors_output) if resume else Counter()
    started = time.perf_counter()
    batches = _batches(readers.read_located(paths, format=format, fields=fields), batch_size, done, summary)
    show = sys.stderr.isatty() if progress is None else progress
    total = readers.count(paths, format=format) if show else None

    # one BLAS thread per process: `workers` is the parallelism (pipeline.use_numpy_gemm); set
    # before the workers are forked, so they inherit it
    with threadpool_limits(limits=1, user_api="blas"), LineWriter(out, append=resume) as records_file, LineWriter(
        summary.errors_output, append=resume
    ) as errors_file:

        def write(outcomes: list[Outcome]) -> None:
            records = [line for kind, line, _ in outcomes if kind == "record"]
            errors = [line for kind, line, _ in outcomes if kind == "error"]
            records_file.write_lines(records)
            errors_file.write_lines(errors)
            for outcome in outcomes:
                summary.add(outcome)

        # the worker processes are forked first, before the progress bar starts its thread
        with _Workers(extractor, workers, settings) if workers > 1 else nullcontext() as pool, _Progress(show, total) as bar:
            if pool is None:
                for batch in batches:
                    write(process(extractor, batch, settings))
                    bar.update(summary)
            else:
                pool.run(batches, write, lambda: bar.update(summary))
    summary.seconds = time.perf_counter() - started
    return summary


class WorkerError(RuntimeError):
    """The worker processes could not start or load the pipeline."""


class _Workers:
    """`workers` forked processes, each with a pipeline (the parent's, or loaded by the worker when
    given a loader); batches in, outcomes written in input order, at most 2 batches per worker in flight."""

    def __init__(self, extractor: Extractor | Callable[[], Extractor], workers: int, settings: Settings):
        import multiprocessing

        global _WORKER_EXTRACTOR
        if isinstance(extractor, Extractor):
            _WORKER_EXTRACTOR, self.loader = extractor, None
        else:
            self.loader = extractor
        self.workers, self.settings = workers, settings
        self.context = multiprocessing.get_context("fork")
        self.pool = self.start()

    def start(self):
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        init = {"initializer": _load_in_worker, "initargs": (self.loader,)} if self.loader else {}
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, **init)
        try:
            pool.submit(_warm_up).result()  # forks every worker now (and waits for one to be ready)
        except BrokenProcessPool as err:
            pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerError(f"the worker processes could not start or load the pipeline ({err}); see the messages above") from err
        return pool

    def run(self, batches, write, tick) -> None:
        pending: deque = deque()  # (batch, future), oldest first
        for batch in batches:
            pending.append((batch, self.pool.submit(_process_in_worker, batch, self.settings)))
            while len(pending) >= 2 * self.workers:
                self.pool = _write_oldest(pending, self.pool, self.start, write, self.settings)
                tick()
        while pending:
            self.pool = _write_oldest(pending, self.pool, self.start, write, self.settings)
            tick()

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc) -> None:
        global _WORKER_EXTRACTOR
        self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_EXTRACTOR = None


def _write_oldest(pending: deque, pool, start, write, settings):
    from concurrent.futures.process import BrokenProcessPool

    batch, future = pending.popleft()
    try:
        write(future.result())
        return pool
    except BrokenProcessPool:
        pass
    # A worker died (killed, out of memory) and took the pool and every batch in flight with it:
    # which batch, which article it died on, is not known. So the oldest batch runs again in a fresh
    # pool one article at a time: an article a worker dies on again is an error line, the others are
    # extracted. The batches still in flight are then sent again, and go the same way if need be.
    pool.shutdown(wait=False, cancel_futures=True)
    pool = start()
    outcomes: list[Outcome] = []
    for item, source, position in batch:
        try:
            outcomes.extend(pool.submit(_process_in_worker, [(item, source, position)], settings).result())
        except BrokenProcessPool as err:
            reason = f"a worker process died on it ({err})"
            outcomes.append(_error_outcome(ErrorLine(source=source, position=position, id=item.id, reason=reason)))
            pool.shutdown(wait=False, cancel_futures=True)
            pool = start()
    write(outcomes)
    for i, (again, _) in enumerate(list(pending)):
        pending[i] = (again, pool.submit(_process_in_worker, again, settings))
    return pool


class _Progress:
    """A rich progress bar (articles, articles/s, ETA when the total is known) on a terminal; nothing otherwise."""

    def __init__(self, show: bool, total: int | None):
        self.show, self.total = show, total
        self.progress = None

    def __enter__(self):
        if self.show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("[bold]extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]} articles/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self.progress.start()
            self.task = self.progress.add_task("extract", total=self.total, rate="-")
            self.started = time.perf_counter()
        return self

    def update(self, summary: Summary) -> None:
        if self.progress is None:
            return
        done = summary.articles + summary.errors
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        self.progress.update(self.task, completed=summary.skipped + done, rate=f"{rate:.1f}")

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False


__all__ = ["MAX_CHARS", "Settings", "Summary", "done_ids", "errors_path", "process", "run", "screen"]
