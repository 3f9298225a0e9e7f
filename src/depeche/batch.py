"""Batch extraction: inputs -> records in OUT.jsonl, and one error line per lost article in OUT.errors.jsonl."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from depeche.extractor import Extractor
from depeche.io import readers
from depeche.io.writers import open_text
from depeche.records import Article, ErrorLine


@dataclass
class Summary:
    articles: int = 0
    errors: int = 0
    organisations: int = 0
    people: int = 0
    dates: int = 0
    deadlines: int = 0
    deals: int = 0
    output: Path | None = None
    errors_output: Path | None = None
    reasons: list[str] = field(default_factory=list)


def errors_path(out: Path) -> Path:
    """OUT.jsonl -> OUT.errors.jsonl (OUT.jsonl.gz -> OUT.errors.jsonl)."""
    name = out.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return out.with_name(f"{name}.errors.jsonl")


def run(extractor: Extractor, inputs: Iterable[str | Path], out: Path, *, batch_size: int = 32) -> Summary:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary(output=out, errors_output=errors_path(out))
    items = readers.read(list(inputs))  # raises InputError before anything is written
    with open_text(out, "wt") as records_file, summary.errors_output.open("w", encoding="utf-8") as errors_file:

        def articles():
            for item in items:
                if isinstance(item, ErrorLine):
                    errors_file.write(item.model_dump_json() + "\n")
                    summary.errors += 1
                    summary.reasons.append(f"{item.source}{':' + str(item.position) if item.position else ''}: {item.reason}")
                else:
                    yield item

        for record in extractor.extract_many(articles(), batch_size=batch_size):
            records_file.write(record.model_dump_json() + "\n")
            summary.articles += 1
            summary.organisations += len(record.organisations)
            summary.people += len(record.people)
            summary.dates += len(record.dates)
            summary.deadlines += len(record.deadlines)
            summary.deals += len(record.deals)
    return summary


__all__ = ["Article", "Summary", "errors_path", "run"]
