"""The `depeche` command: parses options and calls library functions, nothing more."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

try:  # typer vendors click (typer._click): the exceptions its parser raises are that copy's
    from typer._click import exceptions as click
except ImportError:  # a typer that uses click itself
    from click import exceptions as click

CRASH = 3  # the exit code of a run that broke off: a disk full, an unexpected error (a traceback)
BROKEN_PIPE = 128 + signal.SIGPIPE  # what reads the records stopped reading (`| head`): as if killed by SIGPIPE

EXIT_CODES = (
    "Exit codes: 0 done, every article extracted; 1 finished, with error lines; 2 unusable input or options "
    "(said in one line; the output may not be an input, nor inside an input folder); 3 a crash: a disk full, "
    "an unexpected error (one line, and the path of the full traceback log in the temporary folder); "
    "130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM): rerun with --resume; "
    "141 what read the records (-o -) stopped reading."
)


def usage_line(err: click.ClickException) -> str:
    """A click usage error (a missing argument, a bad option) as one line: the reason, then where help is."""
    reason = " ".join(err.format_message().split()).rstrip(".")
    ctx = getattr(err, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if isinstance(err, click.UsageError) and ctx is not None else ""
    return f"depeche: {reason}{where}"


class OneLineErrors(TyperGroup):
    """The `depeche` group: click's usage errors (typer draws them as boxes of six lines) become one
    line `depeche: <reason> (see 'depeche CMD --help')` on stderr, exit 2; the rest is typer's own."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:  # the program is `depeche`, however it was started (python -m, a test runner)
            code = super().main(args, prog_name or "depeche", complete_var, standalone_mode=False, **extra)
        except click.NoArgsIsHelpError as err:  # `depeche` alone: the help, as before
            err.show()
            code = err.exit_code
        except click.ClickException as err:
            typer.echo(usage_line(err), err=True)
            code = err.exit_code
        except typer.Abort:
            typer.echo("depeche: aborted", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="depeche",
    help="French news articles to structured records, every value grounded in the source text.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def version() -> str:
    """The installed package's version (the source's when it is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("depeche")
    except PackageNotFoundError:
        from depeche import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"depeche {version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print depeche's version and exit.")
    ] = False,
) -> None:
    pass


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"depeche: {message}", err=True)
    raise typer.Exit(code)


def say(message: str, quiet: bool = False) -> None:
    """A line for the person at the terminal (a summary, where a file went): on stderr, never among the
    results on stdout; nothing with --quiet."""
    if not quiet:
        typer.echo(message, err=True)


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _loading_status():
    """A spinner on stderr while the pipeline loads (rich status; the caller shows it on a terminal only)."""
    from rich.console import Console

    return Console(stderr=True).status("depeche: loading the pipeline…", spinner="dots")


def _stdout_closed() -> None:
    """What read stdout went away (`depeche extract ... -o - | head`): no message, the exit code of SIGPIPE.
    stdout is pointed at /dev/null so that Python's own flush at exit does not complain."""
    import os

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file descriptor (a test's runner)
        pass
    raise typer.Exit(BROKEN_PIPE)


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
                loader=partial(load, chunk_chars=chunk_chars),
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
    loading = _loading_status if not quiet and _stderr_is_terminal() else None
    try:
        summary = batch.run(  # a loader, not a pipeline: with --workers only the workers load it
            partial(load, chunk_chars=chunk_chars), paths, out, format=format, fields=fields, batch_size=batch_size,
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    from depeche.records import ArticleRecord

    typer.echo(json.dumps(ArticleRecord.model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def verify(records: Annotated[Path, typer.Argument(help="A records file written by `depeche extract`.")]) -> None:
    """Check every span of every record against its article text, and every id reference."""
    from depeche.io.writers import RecordsFileError, read_records
    from depeche.verify import check_record

    count = failures = 0
    try:
        for record in read_records(records):
            count += 1
            for problem in check_record(record):
                failures += 1
                typer.echo(f"{record.article.id}: {problem}")
    except RecordsFileError as err:
        fail(str(err))
    if failures:
        fail(f"{failures} problem(s) in {count} record(s)", code=1)
    typer.echo(f"{count} records, every span and reference checks out")


# --- viewer and export (issue 6) ---------------------------------------------------------


@app.command()
def view(
    records: Annotated[Path, typer.Argument(help="A records file (JSONL or .jsonl.gz).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML report to write.")] = Path("out/report.html"),
    title: Annotated[str | None, typer.Option(help="Title shown in the page (default: the file's name).")] = None,
) -> None:
    """Write one self-contained HTML report (no network) of the records, to check them against their sources."""
    from depeche.io.writers import RecordsFileError
    from depeche.viewer import write_report

    try:
        summary = write_report(records, output, title=title)
    except RecordsFileError as err:
        fail(str(err))
    say(f"{summary.articles} articles, {summary.spans} spans -> {summary.output} ({summary.size / 1e6:.1f} MB)")


@app.command()
def serve(
    records: Annotated[Path, typer.Argument(help="A records file (JSONL or .jsonl.gz).")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 8765,
    title: Annotated[str | None, typer.Option(help="Title shown in the page.")] = None,
    verbose: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the viewer from 127.0.0.1 only, reading records lazily (for dumps too large for one file)."""
    from depeche.io.writers import RecordsFileError
    from depeche.viewer.server import serve as serve_records

    try:
        serve_records(records, port, title=title, verbose=verbose, ready=lambda url: typer.echo(f"depeche viewer on {url} (Ctrl-C stops it)"))
    except RecordsFileError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot listen on 127.0.0.1:{port}: {err}")


@app.command()
def export(
    records: Annotated[Path, typer.Argument(help="A records file (JSONL or .jsonl.gz).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output",
            help="label-studio: the tasks file (JSON; default out/tasks.json); csv, parquet: the folder of tables (default out/tables/).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Export format: label-studio, csv or parquet.")] = "label-studio",
    config: Annotated[Path | None, typer.Option("--config", help="Also write the matching labeling config (XML) here (label-studio).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing tasks file, config or tables.")] = False,
) -> None:
    """Write the records as pre-annotated tasks for Label Studio, or as one CSV or Parquet table per kind
    (articles, organisations, people, roles, mentions, dates, deadlines, deals, deal_parties)."""
    from depeche.export import FORMATS
    from depeche.export import export as export_records
    from depeche.io.writers import RecordsFileError

    if fmt not in FORMATS:
        fail(f"--format {fmt}: unknown export format (known: {', '.join(FORMATS)})")
    tables = fmt in ("csv", "parquet")
    if output is None:
        output = Path("out/tables") if tables else Path("out/tasks.json")
    if tables:
        from depeche.tables import TablesError

        errors: tuple[type[Exception], ...] = (RecordsFileError, ValueError, TablesError)
    else:
        errors = (RecordsFileError, ValueError)
    try:
        summary = export_records(records, output, fmt=fmt, config=config, force=force)
    except errors as err:
        fail(str(err))
    except OSError as err:
        fail(f"{output}: cannot be written ({err.strerror or err})")
    if tables:
        counts = ", ".join(f"{rows} {name}" for name, rows in summary.rows.items())
        typer.echo(f"{summary.records} records -> {len(summary.files)} {fmt} tables in {output}/: {counts}", err=True)
        return
    typer.echo(f"{summary.tasks} tasks, {summary.regions} regions, {summary.relations} relations -> {output}", err=True)
    if config is not None:
        typer.echo(f"labeling config -> {config}", err=True)


@app.command("import")
def import_(
    tasks: Annotated[Path, typer.Argument(help="A Label Studio JSON export of the project (Export -> JSON).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="A corpus split folder (corpus/dev/): gold into DIR/gold/, articles into DIR/articles/.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="Import format: label-studio.")] = "label-studio",
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing gold files.")] = False,
) -> None:
    """Turn corrected Label Studio annotations into gold files (with spans) that `depeche evaluate` reads: each
    task's submitted annotation (a ground-truth one first, else the last updated) becomes DIR/gold/<id>.json, and
    its article DIR/articles/<id>.txt + <id>.json when not there yet."""
    from depeche.export import IMPORT_FORMATS, ReviewImportError, import_label_studio

    if fmt not in IMPORT_FORMATS:
        fail(f"--format {fmt}: unknown import format (known: {', '.join(IMPORT_FORMATS)})")
    try:
        summary = import_label_studio(tasks, output, force=force)
    except ReviewImportError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{output}: cannot be written ({err.strerror or err})")
    for line in summary.skipped:
        typer.echo(f"depeche: skipped {line}", err=True)
    for line in summary.notes:
        typer.echo(f"depeche: note: {line}", err=True)
    typer.echo(
        f"{summary.tasks} tasks -> {len(summary.gold)} gold files in {output / 'gold'}/, "
        f"{len(summary.articles)} new articles in {output / 'articles'}/; {len(summary.skipped)} skipped",
        err=True,
    )
    if not summary.gold:
        fail(f"no annotated task in {tasks}", code=1)


DEALS_FORMATS = ("table", "json", "tsv")


@app.command()
def deals(
    records: Annotated[Path, typer.Argument(help="A records file written by `depeche extract`.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="To stdout: table (for reading; wraps at word boundaries), json (the tracked deals), "
            "tsv (one row per sighting, with a header).",
        ),
    ] = "table",
    min_articles: Annotated[int, typer.Option("--min-articles", min=1, help="Only deals seen in at least N articles.")] = 1,
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the tracked deals as JSON to this file.")] = None,
    min_overlap: Annotated[float, typer.Option(help="Share of parties two deals must have in common to be one.")] = 0.5,
) -> None:
    """The same transaction seen in many articles as one deal, with its timeline (article, date, status), to stdout."""
    from depeche.aggregate import table, track_file, tsv_rows
    from depeche.io.writers import RecordsFileError

    if fmt not in DEALS_FORMATS:
        fail(f"--format {fmt}: not one of {', '.join(DEALS_FORMATS)}")
    try:
        tracked = track_file(records, min_overlap=min_overlap)
    except RecordsFileError as err:
        fail(str(err))
    tracked = [deal for deal in tracked if len({s.article for s in deal.timeline}) >= min_articles]
    try:
        if fmt == "json":
            typer.echo(json.dumps([t.model_dump(mode="json") for t in tracked], indent=2, ensure_ascii=False))
        elif fmt == "tsv":
            import csv

            writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
            writer.writerows(tsv_rows(tracked))
            sys.stdout.flush()
        else:
            from rich.console import Console

            Console().print(table(tracked))
    except BrokenPipeError:
        _stdout_closed()
    if json_output is not None:
        json_output.parent.mkdir(parents=True, exist_ok=True)
        json_output.write_text(
            json.dumps([t.model_dump(mode="json") for t in tracked], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        say(f"{len(tracked)} tracked deals -> {json_output}")


@app.command()
def evaluate(
    records: Annotated[Path, typer.Argument(help="A records file written by `depeche extract`.")],
    corpus: Annotated[Path, typer.Option("--corpus", help="A corpus with <split>/gold/ folders (format: corpus/README.md).")] = Path(
        "corpus"
    ),
    split: Annotated[str, typer.Option("--split", help="dev, test, or both (side by side).")] = "both",
    sentences: Annotated[
        Path | None, typer.Option("--sentences", help="Score against the sentence bank of this folder (<split>.jsonl) instead.")
    ] = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Score against this one folder of gold files <id>.json instead.")] = None,
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the report (totals and per item) as JSON.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also print, per article or sentence, what was missed or spurious.")] = False,
) -> None:
    """Precision, recall and F1 per field of RECORDS against hand-written gold: each split of a corpus side by
    side (default), the sentence bank (--sentences), or one gold folder (--gold)."""
    from rich.console import Console

    from depeche import evaluate as evaluation
    from depeche.io.writers import RecordsFileError, read_records

    if split not in ("dev", "test", "both"):
        fail(f"--split {split}: not one of dev, test, both")
    splits = list(evaluation.SPLITS) if split == "both" else [split]
    try:
        if gold is not None:
            reports = {"gold": evaluation.evaluate(records, gold)}
            Console().print(evaluation.table(reports["gold"]))
            for aid in reports["gold"].records_without_gold:
                typer.echo(f"depeche: record {aid} has no gold file in {gold} (not scored)", err=True)
            for aid in reports["gold"].gold_without_record:
                typer.echo(f"depeche: gold {aid} has no record in {records} (not scored)", err=True)
        elif sentences is not None:
            loaded = list(read_records(records))
            reports = {
                name: evaluation.evaluate_sentences(loaded, evaluation.load_sentences(sentences / f"{name}.jsonl"))
                for name in splits
            }
            typer.echo(evaluation.sentence_table(reports))
        else:
            reports = evaluation.evaluate_corpus(records, corpus, splits)
            sizes = ", ".join(f"{name} {len(r.articles)} articles" for name, r in reports.items())
            typer.echo(evaluation.split_table(reports, f"depeche evaluate: {sizes} (micro-averaged; n = gold items)"))
    except (RecordsFileError, evaluation.GoldError, evaluation.MismatchError) as err:
        fail(str(err))
    if errors:
        for name, report in reports.items():
            for item, lines in sorted(report.errors.items()):
                for line in lines:
                    typer.echo(f"{item}: {line}" if gold is not None else f"{name} {item}: {line}")
    if json_output is not None:
        json_output.parent.mkdir(parents=True, exist_ok=True)
        json_output.write_text(evaluation.to_json(reports["gold"] if gold is not None else reports) + "\n", encoding="utf-8")
        typer.echo(f"report -> {json_output}")


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like SIGINT (a run stops cleanly and says how far it got), with its own exit code."""

    signum = signal.SIGTERM


_stopped_by: int | None = None


def _on_sigterm(signum, frame) -> None:
    global _stopped_by
    _stopped_by = signum
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated()


def _crash_log(err: BaseException) -> str:
    """Write the full traceback to a log in the temporary folder; its path (or why there is none)."""
    import tempfile
    import traceback

    try:
        handle, path = tempfile.mkstemp(prefix="depeche-crash-", suffix=".log")
        with open(handle, "w", encoding="utf-8") as log:
            log.write(f"depeche {' '.join(sys.argv[1:])}\n\n")
            log.write("".join(traceback.format_exception(err)))
        return f"full traceback in {path}"
    except OSError as failure:
        return f"no traceback log either ({failure})"


def main() -> None:
    """`depeche`: the commands, with a crash as one line (exit 3, the traceback in a log), SIGTERM as
    SIGINT (exit 143 and 130)."""
    import errno

    from depeche.io.writers import OutputError

    global _stopped_by
    _stopped_by = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        previous = None
    try:
        app()
    except SystemExit as done:
        if _stopped_by == signal.SIGTERM and done.code == 130:  # typer turns any KeyboardInterrupt into 130
            sys.exit(143)
        raise
    except KeyboardInterrupt as err:
        sys.exit(128 + getattr(err, "signum", signal.SIGINT))
    except OSError as err:
        if not isinstance(err, OutputError) and err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS):
            _crash(err)
        typer.echo(f"depeche: {err}", err=True)  # a disk full: no traceback, it is not a bug
        sys.exit(CRASH)
    except Exception as err:  # noqa: BLE001 - a bug: one line, the traceback in a log, its own code
        _crash(err)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _crash(err: BaseException) -> None:
    first = (str(err).strip().splitlines() or [""])[0][:300]
    typer.echo(f"depeche: crashed ({type(err).__name__}: {first}); {_crash_log(err)}; please report it", err=True)
    sys.exit(CRASH)


if __name__ == "__main__":
    main()
