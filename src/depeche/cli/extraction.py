"""`depeche extract`: its options (inputs, the output and error streams, the fields, the engine), the spinner
while the pipeline loads, and the end-of-run summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from depeche.cli.program import CRASH, _stdout_closed, app, fail, say


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _loading_status():
    """A spinner on stderr while the pipeline loads (rich status; the caller shows it on a terminal only)."""
    from rich.console import Console

    return Console(stderr=True).status("depeche: loading the pipeline…", spinner="dots")



def _counts(summary) -> str:
    """The end-of-run line both engines print: what was extracted and where the error lines went."""
    return (
        f"{summary.articles} articles -> {summary.output}: {summary.organisations} organisations, "
        f"{summary.people} people, {summary.dates} dates, {summary.deadlines} deadlines, {summary.deals} deals; "
        f"{summary.errors} errors -> {summary.errors_output}"
    )


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders: .txt (+ NAME.json), .jsonl[.gz], .csv, .html/.htm, .warc[.gz]; - for standard "
            "input (JSONL); with --engine ray, JSONL or Parquet paths (local or object store)."
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output",
            help="Records file (.jsonl or .jsonl.gz), - for standard output (the error lines then go to --errors, "
            "or to stderr); with --engine ray, a folder.",
        ),
    ] = "out/records.jsonl",
    errors_output: Annotated[
        str | None,
        typer.Option("--errors", help="Error lines file (default OUTPUT's .errors.jsonl; stderr with -o -); - for stderr."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Read the first N input articles only.")] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence", min=0.0, max=1.0,
            help="Leave out the items whose confidence is under X (0-1; items without a confidence stay); references follow.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing OUTPUT (and errors file).")] = False,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="No summary, progress or spinner: only a message that stops the run.")
    ] = False,
    format: Annotated[
        str | None, typer.Option("--format", help="Read every input as this format: txt, jsonl, csv, html, warc (ray: json, parquet).")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Input field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Input field holding the article id.")] = "id",
    title_field: Annotated[str, typer.Option(help="Input field holding the title.")] = "title",
    date_field: Annotated[str, typer.Option(help="Input field holding the publication date.")] = "published",
    url_field: Annotated[str, typer.Option(help="Input field holding the URL.")] = "url",
    source_field: Annotated[str, typer.Option(help="Input field holding the source (publication).")] = "source",
    batch_size: Annotated[int, typer.Option(help="Articles per nlp.pipe batch (and per write; 16 is faster and smaller than 64, docs/benchmarks.md).")] = 16,
    workers: Annotated[int, typer.Option(help="Worker processes (each holds the pipeline once).")] = 1,
    max_chars: Annotated[int, typer.Option(help="Longer articles become error lines.")] = 1_000_000,
    chunk_chars: Annotated[
        int | None, typer.Option(help="Longer articles are processed in pieces (default: spaCy's max_length).")
    ] = None,
    language: Annotated[str, typer.Option(help="Language articles must be in (py3langid code), or 'any'.")] = "fr",
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run: skip what OUTPUT and its errors file hold.")] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
    ] = None,
    engine: Annotated[str, typer.Option(help="local (this machine) or ray (Ray Data).")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address (--engine ray); default: a local Ray.")] = None,
    concurrency: Annotated[int, typer.Option(help="Ray actors, each holding the pipeline (--engine ray).")] = 2,
) -> None:
    """Extract records from articles into OUTPUT; every article not extracted is a line of OUTPUT's .errors.jsonl.

    Exit codes: 0 every article extracted; 1 finished, with some error lines; 2 unusable input or options (the output may not be an input, nor inside an input folder; an existing OUTPUT without --force or --resume); 3 a crash: a disk full, an unexpected error (one line, and the path of the full traceback log in the temporary folder); 130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM); 141 the reader of -o - stopped reading. After 3, 130 or 143, rerun with --resume.

    The summary, the progress bar (on a terminal) and the spinner while the pipeline loads go to stderr.
    """
    from functools import partial

    from depeche.io.readers import FieldMap, InputError, check_inputs
    from depeche.io.writers import OutputError

    fields = FieldMap(
        text=text_field, id=id_field, title=title_field, published=date_field, url=url_field, source=source_field
    )
    lang = None if language == "any" else language
    if force and resume:
        fail("--force and --resume: one or the other (start afresh, or continue OUTPUT)")
    if engine == "ray":
        from depeche import distributed

        from depeche import load

        if workers != 1:
            fail("--workers is for --engine local; with Ray, --concurrency sets the actors")
        if "-" in inputs or output == "-" or errors_output is not None or limit is not None:
            fail("-, -o -, --errors and --limit are for --engine local; with Ray, OUTPUT is a folder")

        try:
            summary = distributed.run(
                inputs, output, format=format, fields=fields, address=address, concurrency=concurrency,
                batch_size=batch_size, max_chars=max_chars, chunk_chars=chunk_chars, language=lang, resume=resume,
                loader=partial(load, chunk_chars=chunk_chars, min_confidence=min_confidence),
            )
        except (InputError, distributed.RayUnavailable) as err:
            fail(str(err))
        say(_counts(summary) + (f"; {summary.skipped} already done (resume)" if summary.skipped else ""), quiet)
        if summary.errors:
            raise typer.Exit(1)
        return
    if engine != "local":
        fail(f"unknown engine {engine!r} (local or ray)")
    if workers < 1 or batch_size < 1:
        fail("--workers and --batch-size must be at least 1")
    if output in ("/dev/stdout", "/dev/fd/1"):  # standard output by its path: the same as -, errors to stderr
        output = "-"
    out = Path(output)
    try:
        paths = check_inputs(inputs, format)  # before the pipeline is loaded: a bad input fails in a moment
    except InputError as err:
        fail(str(err))

    import errno

    from depeche import batch, load

    errors_out = batch.errors_path(out) if errors_output is None else Path(errors_output)
    try:
        batch.check_output(out, paths, errors_out)
    except InputError as err:
        fail(str(err))
    if not force and not resume:
        for target in (out, errors_out):  # what a finished run left is not overwritten without a word
            if not batch.is_stream(target) and target.is_file() and target.stat().st_size > 0:
                fail(f"{target}: already exists; --force overwrites it, --resume continues it")
    if quiet:
        progress = False
    from depeche import cli  # looked up on the package, where they were before the split (and tests patch them)

    loading = cli._loading_status if not quiet and cli._stderr_is_terminal() else None
    try:
        summary = batch.run(  # a loader, not a pipeline: with --workers only the workers load it
            partial(load, chunk_chars=chunk_chars, min_confidence=min_confidence), paths, out, format=format, fields=fields, batch_size=batch_size,
            workers=workers, max_chars=max_chars, language=lang, resume=resume, progress=progress,
            errors_out=errors_out, limit=limit, loading=loading,
        )
    except (InputError, batch.WorkerError) as err:  # the output an input, --resume on another file, no workers
        fail(str(err))
    except OutputError as err:  # a disk full: what was written is whole lines, --resume goes on from there
        if err.errno == errno.EPIPE and batch.is_stream(out):
            _stdout_closed()
        fail(f"{err}; make room, then rerun with --resume", code=CRASH)
    except batch.Interrupted as stop:
        done = stop.summary.articles + stop.summary.errors
        fail(f"interrupted after {done} articles; rerun with --resume", code=128 + stop.signum)
    rate = (summary.articles + summary.errors) / summary.seconds if summary.seconds else 0.0
    say(
        _counts(summary)
        + (f"; {summary.skipped} already done (resume)" if summary.skipped else "")
        + f"; {summary.seconds:.1f} s ({rate:.1f} articles/s)",
        quiet,
    )
    if summary.errors:
        if quiet:
            raise typer.Exit(1)
        if not batch.is_stream(errors_out):  # on stderr, the error lines themselves are already there
            for reason in summary.reasons[:20]:
                typer.echo(f"depeche: skipped {reason}", err=True)
        where = "their error lines are above, on stderr" if batch.is_stream(errors_out) else f"see {summary.errors_output}"
        fail(f"{summary.errors} input article(s) not extracted; {where}", code=1)

