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
            help="Files or folders: .txt (+ NAME.json), .jsonl[.gz], .csv, .html/.htm, .warc[.gz]; "
            "with --engine ray, JSONL or Parquet paths (local or object store)."
        ),
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="Records file (.jsonl or .jsonl.gz); with --engine ray, a folder.")
    ] = "out/records.jsonl",
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

    Exit code: 0 every article extracted; 1 finished, with some error lines; 2 unusable input or options.
    """
    from depeche.io.readers import FieldMap, InputError, check_inputs

    fields = FieldMap(
        text=text_field, id=id_field, title=title_field, published=date_field, url=url_field, source=source_field
    )
    lang = None if language == "any" else language
    if engine == "ray":
        from depeche import distributed

        if resume or workers != 1:
            fail("--resume and --workers are for --engine local; with Ray, --concurrency sets the actors")

        try:
            summary = distributed.run(
                inputs, output, format=format, fields=fields, address=address, concurrency=concurrency,
                batch_size=batch_size, max_chars=max_chars, chunk_chars=chunk_chars, language=lang,
            )
        except (InputError, distributed.RayUnavailable) as err:
            fail(str(err))
        typer.echo(_counts(summary))
        if summary.errors:
            raise typer.Exit(1)
        return
    if engine != "local":
        fail(f"unknown engine {engine!r} (local or ray)")
    if workers < 1 or batch_size < 1:
        fail("--workers and --batch-size must be at least 1")
    out = Path(output)
    try:
        paths = check_inputs(inputs, format)  # before the pipeline is loaded: a bad input fails in a moment
    except InputError as err:
        fail(str(err))

    from functools import partial

    from depeche import batch, load

    try:
        summary = batch.run(  # a loader, not a pipeline: with --workers only the workers load it
            partial(load, chunk_chars=chunk_chars), paths, out, format=format, fields=fields, batch_size=batch_size,
            workers=workers, max_chars=max_chars, language=lang, resume=resume, progress=progress,
        )
    except (InputError, batch.WorkerError) as err:
        fail(str(err))
    rate = (summary.articles + summary.errors) / summary.seconds if summary.seconds else 0.0
    typer.echo(
        _counts(summary)
        + (f"; {summary.skipped} already done (resume)" if summary.skipped else "")
        + f"; {summary.seconds:.1f} s ({rate:.1f} articles/s)"
    )
    if summary.errors:
        for reason in summary.reasons[:20]:
            typer.echo(f"depeche: skipped {reason}", err=True)
        fail(f"{summary.errors} input article(s) not extracted; see {summary.errors_output}", code=1)


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


@app.command()
def deals(
    records: Annotated[Path, typer.Argument(help="A records file written by `depeche extract`.")],
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the tracked deals as JSON to this file.")] = None,
    min_overlap: Annotated[float, typer.Option(help="Share of parties two deals must have in common to be one.")] = 0.5,
) -> None:
    """The same transaction seen in many articles as one deal, with its timeline (article, date, status)."""
    from rich.console import Console

    from depeche.aggregate import table, track_file
    from depeche.io.writers import RecordsFileError

    try:
        tracked = track_file(records, min_overlap=min_overlap)
    except RecordsFileError as err:
        fail(str(err))
    Console().print(table(tracked))
    if json_output is not None:
        json_output.parent.mkdir(parents=True, exist_ok=True)
        json_output.write_text(
            json.dumps([t.model_dump(mode="json") for t in tracked], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        typer.echo(f"{len(tracked)} tracked deals -> {json_output}")


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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
