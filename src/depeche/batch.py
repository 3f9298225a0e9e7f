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

What goes wrong is contained: OUT (and OUT.errors.jsonl) may not be an input or lie inside an input
folder (`check_output`, before anything is opened); a batch whose processing raises outside the
pipeline is run again article by article, so only the article it raises on is an error line (in
a worker or not); when the reader itself raises, every article it gave before is processed and
written, then the error goes on; workers die with the parent (PR_SET_PDEATHSIG on Linux, else a
watchdog thread), and a run stopped by SIGINT/SIGTERM (`KeyboardInterrupt`) writes the batches
already finished, stops its workers and raises `Interrupted`, which says how far it got.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from threadpoolctl import threadpool_limits

from depeche.extractor import Extractor
from depeche.io import readers
from depeche.io.readers import FieldMap, InputError
from depeche.io.writers import LineWriter, OutputError, StreamWriter, complete_lines
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
            reason = screen(item, max_chars=settings.max_chars, language=settings.language)
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
        return process(extractor, batch, settings)
    except Exception:
        return _process_each(lambda one: process(extractor, one, settings), batch)


# Worker processes: forked after the pipeline is loaded, they find it here.
_WORKER_EXTRACTOR: Extractor | None = None


def _process_in_worker(batch, settings) -> list[Outcome]:
    assert _WORKER_EXTRACTOR is not None, "worker forked without a pipeline"
    return process(_WORKER_EXTRACTOR, batch, settings)


def _load_in_worker(loader: Callable[[], Extractor]) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = loader()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """End this process when `parent` dies, however it dies (SIGKILL too): PR_SET_PDEATHSIG on Linux,
    elsewhere a watchdog thread that checks the parent every second."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    except (OSError, AttributeError):

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="depeche-parent-watchdog", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _init_worker(parent: int, loader: Callable[[], Extractor] | None) -> None:
    """Every worker process, first: it dies with the parent, leaves SIGINT to it (Ctrl-C reaches the
    whole process group; the parent stops the run), takes SIGTERM plainly, then loads its pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    if loader is not None:
        _load_in_worker(loader)


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


STDOUT = "-"  # the output path that stands for standard output (and, for the errors, standard error)


def is_stream(path: str | Path | None) -> bool:
    """Whether an output path is `-`: standard output for the records, standard error for the errors."""
    return path is not None and str(path) == STDOUT


def errors_path(out: Path) -> Path:
    """OUT.jsonl -> OUT.errors.jsonl (OUT.jsonl.gz -> OUT.errors.jsonl); `-` (standard output) -> `-` (standard error)."""
    if is_stream(out):
        return Path(STDOUT)
    name = out.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return out.with_name(f"{name}.errors.jsonl")


def done_ids(out: Path, errors_out: Path) -> Counter[str]:
    """The ids already written to OUT and OUT.errors.jsonl (complete lines only), with repeats.

    Raises InputError when either file is not what `depeche extract` writes (so `--resume` would
    append to something else)."""
    done: Counter[str] = Counter()
    for path, kind in ((out, "record"), (errors_out, "error")):
        number = parsed = 0  # lines read, lines read and understood
        try:
            for line in complete_lines(path):
                number += 1
                value = json.loads(line)
                ident = value["article"]["id"] if kind == "record" else value["id"]
                if ident is not None:
                    done[str(ident)] += 1
                parsed = number
        except (ValueError, KeyError, TypeError, OSError, EOFError) as err:
            at = number if number > parsed else number + 1  # else the next line could not even be decoded
            raise InputError(
                f"{path}:{at}: not a depeche {kind} line ({type(err).__name__}: {err}), so --resume cannot "
                "continue it; write to another output, or leave out --resume to start afresh"
            ) from None
    return done


def _same_or_under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, inputs: Iterable[Path], errors_out: Path | None = None) -> None:
    """InputError when OUT or its errors file (OUT.errors.jsonl, or `errors_out`) is an input, or lies
    inside an input folder: the paths are resolved (relative, `..`, symlinks, hard links) and
    compared with every input. Standard output, standard error and standard input are not paths."""
    errors_out = errors_path(Path(out)) if errors_out is None else Path(errors_out)
    for target in (Path(out), errors_out):
        if is_stream(target):
            continue
        resolved = Path(os.path.realpath(target))
        for raw in inputs:
            if readers.is_stdin(raw):
                continue
            source = Path(os.path.realpath(raw))
            if resolved == source or (target.exists() and Path(raw).exists() and os.path.samefile(target, raw)):
                raise InputError(f"{target}: this output is also an input ({raw}); write it elsewhere")
            if source.is_dir() and _same_or_under(resolved, source):
                raise InputError(f"{target}: this output is inside the input folder {raw}; write it elsewhere")


Located = tuple["Article | ErrorLine", str, "int | None"]  # (item, its file, its position there)


def _batches(located: Iterator[Located], size: int, done: Counter[str], summary: Summary) -> Iterator[list[Located]]:
    """Lists of at most `size` located items, less those already done (by id, counting repeats).

    When the reader raises, the items it gave before are yielded first, then the error goes on."""
    batch: list[Located] = []
    try:
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
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


class Interrupted(KeyboardInterrupt):
    """The run was stopped (SIGINT, or SIGTERM when the caller turns it into a KeyboardInterrupt
    with a `signum`): `summary` counts what was written; `--resume` continues from there."""

    def __init__(self, summary: Summary, signum: int = signal.SIGINT):
        super().__init__(f"interrupted after {summary.articles + summary.errors} articles")
        self.summary, self.signum = summary, signum


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
    errors_out: str | Path | None = None,
    limit: int | None = None,
    loading: Callable[[], object] | None = None,
) -> Summary:
    """Extract every article of `inputs` into `out` (and its errors file); see the module's doc.

    `extractor`: a loaded Extractor, or a function that loads one (then with `workers > 1` only
    the worker processes load it). Raises `readers.InputError` (before writing anything) when an
    input cannot be read at all, when OUT (or its errors file) is an input or inside an input
    folder, or with `resume` when OUT is not a depeche output; `writers.OutputError` when writing
    fails (a full disk: what was written is whole lines, for `resume`); `Interrupted` (a
    KeyboardInterrupt) when stopped, with what was written by then.
    `progress`: a rich progress bar on stderr; None = only when stderr is a terminal.
    `out` `-` is standard output; `errors_out`: the errors file (default OUT.errors.jsonl, or
    standard error when `out` is `-`; `-` is standard error). An input `-` is standard input (JSONL).
    `limit`: read the first `limit` input articles only (records and error lines together).
    `loading`: a context manager factory (a spinner) around the loading of the pipeline.
    """
    out = Path(out)
    paths = readers.check_inputs(inputs, format)
    if out.is_dir():
        raise InputError(f"{out}: is a folder; the output is a file (.jsonl or .jsonl.gz)")
    errors_out = errors_path(out) if errors_out is None else Path(errors_out)
    if errors_out.is_dir():
        raise InputError(f"{errors_out}: is a folder; the errors output is a file (.jsonl)")
    if not is_stream(out) and not is_stream(errors_out) and os.path.realpath(out) == os.path.realpath(errors_out):
        raise InputError(f"{errors_out}: the errors file may not be the records file")
    check_output(out, paths, errors_out)  # before anything is opened: an output over an input would truncate it
    if resume and (is_stream(out) or is_stream(errors_out)):
        raise InputError("--resume continues files: standard output or error cannot be continued")
    if limit is not None and limit < 0:
        raise InputError(f"--limit {limit}: must be 0 or more")
    summary = Summary(output=Path("<stdout>") if is_stream(out) else out,
                      errors_output=Path("<stderr>") if is_stream(errors_out) else errors_out)
    settings = Settings(max_chars=max_chars, language=language, batch_size=batch_size)
    done = done_ids(out, errors_out) if resume else Counter()
    try:
        return _run(extractor, paths, out, errors_out, summary, settings, done, format, fields, workers, resume, progress, limit, loading)
    except KeyboardInterrupt as err:
        raise Interrupted(summary, getattr(err, "signum", signal.SIGINT)) from None


def _open_lines(path: Path, resume: bool, stream_name: str):
    """A LineWriter on `path`, or a StreamWriter when it is `-` (standard output for the records,
    standard error for the errors)."""
    if not is_stream(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return LineWriter(path, append=resume)
    if stream_name == "<stdout>":
        sys.stdout.flush()
        handle = getattr(sys.stdout, "buffer", sys.stdout)  # taken now: a progress bar may redirect sys.stdout later
        return StreamWriter(lambda: handle, stream_name)
    return StreamWriter(lambda: sys.stderr, stream_name)  # looked up at each write: a progress bar prints it above itself


def _run(extractor, paths, out, errors_out, summary, settings, done, format, fields, workers, resume, progress, limit, loading) -> Summary:
    loading = loading or nullcontext
    if workers <= 1 and not isinstance(extractor, Extractor):
        with loading():
            extractor = extractor()
    started = time.perf_counter()
    located = readers.read_located(paths, format=format, fields=fields)
    if limit is not None:
        located = itertools.islice(located, limit)
    batches = _batches(located, settings.batch_size, done, summary)
    show = sys.stderr.isatty() if progress is None else progress
    total = readers.count(paths, format=format) if show else None
    if total is not None and limit is not None:
        total = min(total, limit)
    try:
        records_file = _open_lines(out, resume, "<stdout>")
    except OSError as err:  # nothing written yet: an unusable output, like an unusable input
        raise InputError(str(err) if isinstance(err, OutputError) else f"{out}: cannot be written ({err})") from None
    try:
        errors_file = _open_lines(errors_out, resume, "<stderr>")
    except OSError as err:
        records_file.close()
        raise InputError(str(err) if isinstance(err, OutputError) else f"{errors_out}: cannot be written ({err})") from None

    # one BLAS thread per process: `workers` is the parallelism (pipeline.use_numpy_gemm); set
    # before the workers are forked, so they inherit it
    with threadpool_limits(limits=1, user_api="blas"), records_file, errors_file:

        def write(outcomes: list[Outcome]) -> None:
            records = [line for kind, line, _ in outcomes if kind == "record"]
            errors = [line for kind, line, _ in outcomes if kind == "error"]
            records_file.write_lines(records)
            errors_file.write_lines(errors)
            for outcome in outcomes:
                summary.add(outcome)

        # the worker processes are forked first, before the progress bar starts its thread
        pool_context = _Workers(extractor, workers, settings, loading) if workers > 1 else nullcontext()
        with pool_context as pool, _Progress(show, total) as bar:
            if pool is None:
                for batch in batches:
                    write(_process_safely(extractor, batch, settings))
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

    def __init__(self, extractor: Extractor | Callable[[], Extractor], workers: int, settings: Settings, loading=nullcontext):
        import multiprocessing

        global _WORKER_EXTRACTOR
        if isinstance(extractor, Extractor):
            _WORKER_EXTRACTOR, self.loader = extractor, None
        else:
            self.loader = extractor
        self.workers, self.settings = workers, settings
        self.context = multiprocessing.get_context("fork")
        self.unsafe = False
        self.pool = self.start(loading)

    def start(self, loading=nullcontext):
        """A pool of forked workers, once one is ready; `loading()` (a spinner) is held while the parent waits
        for it, after the fork (a thread running across a fork could leave a lock taken in the children)."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context, initializer=_init_worker, initargs=(os.getpid(), self.loader)
        )
        try:
            ready = pool.submit(_warm_up)  # forks every worker now
            with loading():
                ready.result()  # and waits for one to be ready
        except BrokenProcessPool as err:
            pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerError(f"the worker processes could not start or load the pipeline ({err}); see the messages above") from err
        return pool

    def _write_oldest(self, pending: deque, write) -> None:
        """Write the oldest batch in flight; when it failed, run it again one article at a time.

        A worker died (killed, out of memory) and took the pool and every batch in flight with it:
        which batch, which article it died on, is not known. Or the batch's processing raised outside
        the pipeline. Either way the oldest batch runs again one article at a time (in a fresh pool
        when the old one broke): an article a worker dies on again, or that raises again, is an error
        line, the others are extracted. When the pool was replaced, the batches still in flight are
        sent again, and go the same way if need be."""
        from concurrent.futures.process import BrokenProcessPool

        batch, future = pending[0]  # left in place while waiting: a stop then finds it still pending
        restarted = False
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            outcomes, restarted = None, True
        except Exception:
            outcomes = None
        self.unsafe = True  # from here until it is written, a stop leaves OUT as it is (in input order)
        pending.popleft()
        if outcomes is not None:
            write(outcomes)
            self.unsafe = False
            return
        if restarted:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self.start()
        outcomes = []
        for entry in batch:
            try:
                outcomes.extend(self.pool.submit(_process_in_worker, [entry], self.settings).result())
            except BrokenProcessPool as err:
                outcomes.append(_failed(entry, f"a worker process died on it ({err})"))
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self.start()
                restarted = True
            except Exception as err:
                outcomes.append(_failed(entry, f"processing failed on it: {_why(err)}"))
        write(outcomes)
        if restarted:
            for i, (again, _) in enumerate(list(pending)):
                pending[i] = (again, self.pool.submit(_process_in_worker, again, self.settings))
        self.unsafe = False

    def run(self, batches, write, tick) -> None:
        pending: deque = deque()  # (batch, future), oldest first
        batches = iter(batches)
        try:
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    break
                except Exception:
                    # the reader failed: what it gave before is still processed and written, then the error goes on
                    while pending:
                        self._write_oldest(pending, write)
                        tick()
                    raise
                pending.append((batch, self.pool.submit(_process_in_worker, batch, self.settings)))
                while len(pending) >= 2 * self.workers:
                    self._write_oldest(pending, write)
                    tick()
            while pending:
                self._write_oldest(pending, write)
                tick()
        except KeyboardInterrupt:
            # stopped: the batches already finished are written, in order (unless the stop came in
            # the middle of writing one: then nothing more, so that OUT stays in input order for --resume)
            if not self.unsafe:
                while pending and pending[0][1].done() and pending[0][1].exception() is None:
                    self.unsafe = True
                    write(pending.popleft()[1].result())
                    self.unsafe = False
            raise

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        global _WORKER_EXTRACTOR
        if exc_type is not None:  # stopped or failed: the workers go now, not after their batches
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                try:
                    process.kill()
                except (OSError, AttributeError):
                    pass
            self.pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_EXTRACTOR = None


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


__all__ = [
    "MAX_CHARS", "STDOUT", "Interrupted", "Settings", "Summary", "WorkerError", "check_output", "done_ids", "errors_path", "is_stream",
    "process", "run", "screen",
]
