"""The commands that read records or gold rather than extract: schema, verify, view, serve, export, import,
deals, evaluate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from depeche.cli.program import _stdout_closed, app, fail, say


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
    timex: Annotated[
        Path | None, typer.Option("--timex", help="Score deadlines against the time-expression set of this folder (<split>.jsonl) instead.")
    ] = None,
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the report (totals and per item) as JSON.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also print, per article or sentence, what was missed or spurious.")] = False,
) -> None:
    """Precision, recall and F1 per field of RECORDS against hand-written gold: each split of a corpus side by
    side (default), the sentence bank (--sentences), the time-expression set (--timex: false deadlines), or one gold
    folder (--gold)."""
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
        elif timex is not None:
            from depeche.evaluate.timex import evaluate_timex, load_timex, timex_table

            loaded = list(read_records(records))
            reports = {name: evaluate_timex(loaded, load_timex(timex / f"{name}.jsonl")) for name in splits}
            typer.echo(timex_table(reports))
        else:
            reports = evaluation.evaluate_corpus(records, corpus, splits)
            sizes = ", ".join(f"{name} {len(r.articles)} articles" for name, r in reports.items())
            typer.echo(evaluation.split_table(reports, f"depeche evaluate: {sizes} (micro-averaged; n = gold items)"))
    except (RecordsFileError, evaluation.GoldError, evaluation.MismatchError) as err:
        fail(str(err))
    if timex is None and (calibrated := evaluation.reliability_tables(reports)):
        typer.echo("\n" + calibrated)
    if errors:
        for name, report in reports.items():
            for item, lines in sorted(report.errors.items()):
                for line in lines:
                    typer.echo(f"{item}: {line}" if gold is not None else f"{name} {item}: {line}")
    if json_output is not None:
        json_output.parent.mkdir(parents=True, exist_ok=True)
        json_output.write_text(evaluation.to_json(reports["gold"] if gold is not None else reports) + "\n", encoding="utf-8")
        typer.echo(f"report -> {json_output}")

