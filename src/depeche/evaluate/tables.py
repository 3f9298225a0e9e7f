"""Reports as text: rich tables (one split, or splits side by side) and JSON."""

from __future__ import annotations

import json

from depeche.evaluate.articles import Report
from depeche.evaluate.sentences import SentenceReport


def to_json(report: Report | SentenceReport | dict) -> str:
    """A report, or a dict of them by split, as JSON."""
    if isinstance(report, dict):
        return json.dumps({k: v.to_dict() for k, v in report.items()}, ensure_ascii=False, indent=2)
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def table(report: Report):
    """A rich Table of the micro-averaged figures, one row per field."""
    from rich.table import Table

    out = Table(title=f"depeche evaluate: {len(report.articles)} articles scored (micro-averaged)")
    for column in ("field", "TP", "FP", "FN", "P %", "R %", "F1 %"):
        out.add_column(column, justify="left" if column == "field" else "right")
    for name, score in report.fields.items():
        out.add_row(name, str(score.tp), str(score.fp), str(score.fn), pct(score.precision), pct(score.recall), pct(score.f1))
    return out


def split_rows(reports: dict[str, Report | SentenceReport]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the splits side by side: per field, P/R/F1 (n = gold items) of each split; for the
    sentence bank, then the accuracies and the false-deal rate."""
    header = ["field"] + [f"{split} {m}" for split in reports for m in ("P %", "R %", "F1 %", "n")]
    names: list[str] = []
    for report in reports.values():
        names += [n for n in report.fields if n not in names]
    rows = []
    for name in names:
        row = [name]
        for report in reports.values():
            score = report.fields.get(name)
            row += ["-"] * 4 if score is None else [pct(score.precision), pct(score.recall), pct(score.f1), str(score.tp + score.fn)]
        rows.append(row)
    if all(isinstance(r, SentenceReport) for r in reports.values()):
        for name in next(iter(reports.values())).accuracy:
            row = [f"accuracy.{name}"]
            for report in reports.values():
                accuracy = report.accuracy[name]
                row += ["", "", pct(accuracy.value), str(accuracy.total)]
            rows.append(row)
        row = ["false deals on non-deals"]
        for report in reports.values():
            row += ["", "", pct(report.false_deal_rate), str(report.non_deals)]
        rows.append(row)
    return header, rows


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded: as readable in a terminal as in docs/benchmarks.md."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def split_table(reports: dict[str, Report | SentenceReport], title: str) -> str:
    """`split_rows` as a titled Markdown table, one line per field."""
    return f"{title}\n\n{markdown(*split_rows(reports))}"


def sentence_table(reports: dict[str, SentenceReport]) -> str:
    sizes = ", ".join(f"{split} {r.sentences} sentences ({r.non_deals} non-deals)" for split, r in reports.items())
    return split_table(reports, f"depeche evaluate, sentence bank: {sizes}")


def reliability_tables(reports: dict[str, Report | SentenceReport]) -> str:
    """The reliability table (calibration.format_reliability) of every kind of item given a confidence, per
    split, with the precision of the items at 0.8 or above; empty when no item has a confidence."""
    from depeche.calibration import format_reliability, reliability

    blocks = []
    for split, report in reports.items():
        for kind, data in report.reliability().items():
            top = data["at_least"]
            at = "-" if top["precision"] is None else f"{100 * top['precision']:.1f} %"
            title = (f"reliability, {split}, {kind}: {top['count']} items with confidence >= {top['threshold']}, "
                     f"precision {at}; {data['unscored']} without confidence")
            blocks.append(format_reliability(reliability(report.outcomes[kind]), title))
    return "\n\n".join(blocks)
