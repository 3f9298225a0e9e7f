"""`depeche entities`: the registry of a records file (one row per organisation or person across articles)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer

from depeche.cli.program import _stdout_closed, app, fail, say


@app.command()
def entities(
    records: Annotated[Path, typer.Argument(help="A records file written by `depeche extract`.")],
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write every entity as JSON to this file.")] = None,
    csv_output: Annotated[Path | None, typer.Option("--csv", help="Also write every entity as CSV (one line each) to this file.")] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Rows of the table on stdout (0: all of them).")] = 50,
) -> None:
    """One row per real organisation or person across all the articles (merged by folded names, aliases, surnames,
    acronyms and short forms, with the evidence of each merge), as a table on stdout."""
    from rich.console import Console

    from depeche.io.writers import OutputError, RecordsFileError, write_atomic
    from depeche.registry import csv_rows, entities_file, table

    try:
        rows = entities_file(records)
    except RecordsFileError as err:
        fail(str(err))
    try:
        if json_output is not None:
            text = json.dumps([e.model_dump(mode="json") for e in rows], indent=1, ensure_ascii=False) + "\n"
            write_atomic(json_output, text)
            say(f"{len(rows)} entities -> {json_output}")
        if csv_output is not None:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(csv_rows(rows))
            write_atomic(csv_output, buffer.getvalue())
            say(f"{len(rows)} entities -> {csv_output}")
    except OutputError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write the output ({err.strerror or err})")
    try:
        Console().print(table(rows, limit=top or None))
    except BrokenPipeError:
        _stdout_closed()
