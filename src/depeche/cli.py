"""The `depeche` command: parses options and calls library functions, nothing more."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="French news articles to structured records, every value grounded in the source text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"depeche: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="Folders of .txt (with optional NAME.json metadata) or .jsonl files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Records file (JSONL).")] = Path("out/records.jsonl"),
    batch_size: Annotated[int, typer.Option(help="Articles per nlp.pipe batch.")] = 32,
) -> None:
    """Extract records from articles into OUTPUT; articles that cannot be read go to OUTPUT's .errors.jsonl."""
    from depeche import batch, load
    from depeche.io.readers import InputError

    try:
        for path in inputs:
            if not path.exists():
                raise InputError(f"{path}: no such file or directory")
        summary = batch.run(load(), inputs, output, batch_size=batch_size)
    except InputError as err:
        fail(str(err))
    typer.echo(
        f"{summary.articles} articles -> {summary.output}: {summary.organisations} organisations, "
        f"{summary.people} people, {summary.dates} dates, {summary.deadlines} deadlines, {summary.deals} deals"
    )
    if summary.errors:
        for reason in summary.reasons[:20]:
            typer.echo(f"depeche: skipped {reason}", err=True)
        fail(f"{summary.errors} input article(s) could not be read; see {summary.errors_output}", code=1)


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
    typer.echo(f"{summary.articles} articles, {summary.spans} spans -> {summary.output} ({summary.size / 1e6:.1f} MB)")


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
    output: Annotated[Path, typer.Option("-o", "--output", help="The tasks file (JSON) to write.")] = Path("out/tasks.json"),
    fmt: Annotated[str, typer.Option("--format", help="Export format: label-studio.")] = "label-studio",
    config: Annotated[Path | None, typer.Option("--config", help="Also write the matching labeling config (XML) here.")] = None,
) -> None:
    """Write the records as pre-annotated tasks for a labeling tool (Label Studio)."""
    from depeche.export import export as export_records
    from depeche.io.writers import RecordsFileError

    try:
        summary = export_records(records, output, fmt=fmt, config=config)
    except (RecordsFileError, ValueError) as err:
        fail(str(err))
    typer.echo(f"{summary.tasks} tasks, {summary.regions} regions, {summary.relations} relations -> {output}")
    if config is not None:
        typer.echo(f"labeling config -> {config}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
