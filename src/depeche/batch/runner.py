"""The run loop: `run` checks its arguments and outputs, reads the inputs batch by batch (less what
`--resume` skips), processes them in this process or in the worker pool, writes each batch's lines
and shows the progress; a stop raises `Interrupted` with what was written."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from collections import Counter
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from threadpoolctl import threadpool_limits

from depeche.batch.outcomes import Outcome, Settings, Summary, _process_safely
from depeche.batch.output import _open_lines, check_output, done_ids, errors_path, is_stream
from depeche.batch.screening import MAX_CHARS
from depeche.batch.workers import _Workers
from depeche.extractor import Extractor
from depeche.io import readers
from depeche.io.readers import FieldMap, InputError
from depeche.io.writers import OutputError
from depeche.records import Article, ErrorLine  # noqa: F401  (named in `Located`)

# --- the run ----------------------------------------------------------------------------------

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
    """Extract every article of `inputs` into `out` (and its errors file); see the package's doc (`depeche.batch`).

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
