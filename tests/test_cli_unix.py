"""Issue 13, point 2: depeche as a Unix command. `-` for stdin and `-o -` for stdout (error lines to
`--errors FILE` or stderr), `--quiet`, `--version`, `--limit`, the summary on stderr, a spinner while the
pipeline loads (on a terminal only), no silent overwrite, usage errors in one line, `depeche deals
--format table|json|tsv` and `--min-articles`. Every run uses spacy.blank("fr") in place of fr_core_news_md."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from rich.console import Console
from typer.testing import CliRunner

import depeche
from depeche import aggregate, batch, cli
from depeche.extractor import Extractor
from depeche.records import Article, ArticleRecord, Deal, DealParty, Money, Organisation, Span

runner = CliRunner()
FRENCH = (
    "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok, "
    "selon un communiqué publié à Paris."
)
ENGLISH = (
    "The company announced on Wednesday an agreement with its partners about the American business, "
    "according to a statement released in New York by the board of directors."
)


@pytest.fixture()
def blank_pipeline(monkeypatch):
    """`depeche.load` gives a blank French pipeline, and counts how often it was called."""
    calls = []

    def load(**_):
        calls.append(1)
        return Extractor(spacy.blank("fr"))

    monkeypatch.setattr(depeche, "load", load)
    return calls


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def articles(n: int, *, english: tuple[int, ...] = ()) -> list[dict]:
    return [{"id": f"a{i}", "text": (ENGLISH if i in english else f"{FRENCH} Numéro {i}.")} for i in range(n)]


def extract(*args: str, stdin: str | None = None):
    return runner.invoke(cli.app, ["extract", *args, "--no-progress"], input=stdin)


def records_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- `-` for stdin, `-o -` for stdout -------------------------------------------------------------


@pytest.mark.parametrize("english", [(), (1,)], ids=["clean", "one-error"])
def test_stdin_to_stdout_gives_records_on_stdout_and_errors_on_stderr(blank_pipeline, tmp_path, monkeypatch, english):
    monkeypatch.chdir(tmp_path)
    result = extract("-", "-o", "-", stdin=jsonl(articles(3, english=english)))
    assert result.exit_code == (1 if english else 0), result.output
    records = records_of(result.stdout)
    expected = [f"a{i}" for i in range(3) if i not in english]
    assert [r["article"]["id"] for r in records] == expected  # stdout: records only, nothing else
    assert all(r["article"]["text"].startswith(FRENCH) for r in records)
    errors = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(e["id"], e["source"]) for e in errors] == [(f"a{i}", "<stdin>") for i in english]
    assert f"{len(expected)} articles -> <stdout>" in result.stderr  # the summary: stderr
    assert list(tmp_path.iterdir()) == []  # no file named `-`, no `-.errors.jsonl`


@pytest.mark.parametrize("to", ["file", "stderr"])
def test_errors_option_takes_the_error_lines(blank_pipeline, tmp_path, to):
    errors = tmp_path / "lost.jsonl"
    result = extract("-", "-o", "-", "--errors", str(errors) if to == "file" else "-", stdin=jsonl(articles(3, english=(2,))))
    assert result.exit_code == 1, result.output
    assert [r["article"]["id"] for r in records_of(result.stdout)] == ["a0", "a1"]
    error_lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    if to == "file":
        assert [e["id"] for e in records_of(errors.read_text(encoding="utf-8"))] == ["a2"]
        assert error_lines == [] and f"see {errors}" in result.stderr
    else:
        assert [e["id"] for e in error_lines] == ["a2"]


def test_dev_stdout_is_standard_output_and_makes_no_errors_file_beside_it(blank_pipeline, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = extract("-", "-o", "/dev/stdout", stdin=jsonl(articles(2, english=(1,))))
    assert result.exit_code == 1, result.output
    assert [r["article"]["id"] for r in records_of(result.stdout)] == ["a0"]
    assert '"id":"a1"' in result.stderr and not Path("/dev/stdout.errors.jsonl").exists()


def test_stdin_into_a_file_and_derived_ids_are_the_same_on_every_run(blank_pipeline, tmp_path):
    rows = [{"text": f"{FRENCH} Numéro {i}."} for i in range(2)]  # no ids: derived from <stdin> and the line
    ids = []
    for n in range(2):
        out = tmp_path / f"run{n}.jsonl"
        result = extract("-", "-o", str(out), stdin=jsonl(rows))
        assert result.exit_code == 0, result.output
        ids.append([r["article"]["id"] for r in records_of(out.read_text(encoding="utf-8"))])
    assert len(ids[0]) == 2 and ids[0] == ids[1]


@pytest.mark.parametrize(
    "args, reason",
    [
        (["-", "-", "-o", "-"], "standard input given twice"),
        (["-", "--format", "csv", "-o", "-"], "standard input is read as JSONL"),
        (["-", "-o", "-", "--resume"], "standard output or error cannot be continued"),
        (["-", "-o", "-", "--engine", "ray"], "are for --engine local"),
        (["-", "-o", "out.jsonl", "--errors", "out.jsonl"], "may not be the records file"),
        (["-", "-o", "out.jsonl", "--force", "--resume"], "one or the other"),
    ],
)
def test_bad_stream_options_are_one_line_exit_2(tmp_path, monkeypatch, args, reason):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(depeche, "load", lambda **_: pytest.fail("the pipeline was loaded for unusable options"))
    result = extract(*args, stdin=jsonl(articles(1)))
    assert result.exit_code == 2, result.output
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == "" and "Traceback" not in result.output


def test_a_closed_stdout_ends_the_run_quietly_with_the_sigpipe_code(tmp_path):
    """`depeche extract - -o - | head -1`: what reads stopped; no traceback, no « make room », exit 141."""
    script = (
        "import sys, spacy, depeche\n"
        "from depeche import cli\n"
        "from depeche.extractor import Extractor\n"
        "depeche.load = lambda **_: Extractor(spacy.blank('fr'))\n"
        "sys.argv = ['depeche', 'extract', '-', '-o', '-', '--batch-size', '1', '--no-progress']\n"
        "cli.main()\n"
    )
    rows = jsonl(articles(200)).encode()
    command = f"{sys.executable} -c {_quote(script)} < {tmp_path / 'in.jsonl'} | head -n 1; echo \"${{PIPESTATUS[0]}}\" >&2"
    (tmp_path / "in.jsonl").write_bytes(rows)
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert json.loads(done.stdout)["article"]["id"] == "a0"
    assert done.stderr.strip().splitlines()[-1] == str(cli.BROKEN_PIPE)
    assert "Traceback" not in done.stderr and "make room" not in done.stderr


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


# --- --limit, --quiet, --version -----------------------------------------------------------------


@pytest.mark.parametrize("limit, expected", [(0, 0), (2, 2), (5, 4)])
def test_limit_reads_the_first_n_articles_only(blank_pipeline, tmp_path, limit, expected):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(4)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = extract(str(source), "-o", str(out), "--limit", str(limit))
    assert result.exit_code == 0, result.output
    assert [r["article"]["id"] for r in records_of(out.read_text(encoding="utf-8"))] == [f"a{i}" for i in range(expected)]
    assert f"{expected} articles -> {out}" in result.stderr


def test_limit_counts_error_lines_too_and_stops_reading_stdin(blank_pipeline, tmp_path):
    result = extract("-", "-o", "-", "--errors", str(tmp_path / "e.jsonl"), "--limit", "2",
                     stdin=jsonl(articles(5, english=(0,))))
    assert result.exit_code == 1, result.output
    assert [r["article"]["id"] for r in records_of(result.stdout)] == ["a1"]
    assert [e["id"] for e in records_of((tmp_path / "e.jsonl").read_text(encoding="utf-8"))] == ["a0"]


@pytest.mark.parametrize("english, code", [((), 0), ((1,), 1)])
def test_quiet_prints_nothing_and_the_exit_code_tells(blank_pipeline, tmp_path, english, code):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(3, english=english)), encoding="utf-8")
    result = runner.invoke(cli.app, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "--quiet"])
    assert result.exit_code == code, result.output
    assert result.stdout == "" and result.stderr == ""
    assert len(records_of((tmp_path / "out.jsonl").read_text(encoding="utf-8"))) == 3 - len(english)


def test_quiet_still_says_what_stops_the_run(tmp_path):
    result = runner.invoke(cli.app, ["extract", str(tmp_path / "missing.jsonl"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"depeche: {tmp_path / 'missing.jsonl'}: no such file or directory"


@pytest.mark.parametrize("args", [["--version"], ["--version", "extract"]])
def test_version(args):
    from importlib.metadata import version

    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"depeche {version('depeche')}\n"


def test_version_through_the_installed_command():
    done = subprocess.run([str(Path(sys.executable).parent / "depeche"), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and re.fullmatch(r"depeche \d+\.\d+\.\d+\S*\n", done.stdout), done


# --- summary on stderr, the spinner --------------------------------------------------------------


def test_summary_goes_to_stderr_and_stdout_stays_empty(blank_pipeline, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(2)), encoding="utf-8")
    result = extract(str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.search(r"2 articles -> .*out\.jsonl: .*0 errors -> .*out\.errors\.jsonl", result.stderr)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_spinner_is_shown_while_the_pipeline_loads(tmp_path, monkeypatch, workers):
    """batch.run holds `loading()` open around the loading itself (in the parent, or while it waits for a worker)."""
    events = []

    class Spinner:
        def __enter__(self):
            events.append("spinner on")

        def __exit__(self, *exc):
            events.append("spinner off")

    def load():
        events.append("loaded")
        return Extractor(spacy.blank("fr"))

    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(2)), encoding="utf-8")
    summary = batch.run(load, [source], tmp_path / "out.jsonl", workers=workers, progress=False, loading=Spinner)
    assert summary.articles == 2
    if workers == 1:
        assert events == ["spinner on", "loaded", "spinner off"]
    else:  # the workers load (in other processes); the parent shows the spinner until one is ready
        assert events == ["spinner on", "spinner off"]


def test_the_spinner_renders_on_a_terminal():
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    with console.status("depeche: loading the pipeline…") as status:
        status.update("depeche: loading the pipeline…")
    assert "loading the pipeline" in console.file.getvalue()
    assert cli._loading_status().status == "depeche: loading the pipeline…"


@pytest.mark.parametrize("tty, quiet, shown", [(True, False, True), (False, False, False), (True, True, False)])
def test_the_cli_asks_for_the_spinner_on_a_terminal_only(blank_pipeline, tmp_path, monkeypatch, tty, quiet, shown):
    seen = {}
    real_run = batch.run

    def run(*args, **kwargs):
        seen["loading"] = kwargs.get("loading")
        return real_run(*args, **kwargs)

    monkeypatch.setattr(batch, "run", run)
    monkeypatch.setattr(cli, "_stderr_is_terminal", lambda: tty)
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(1)), encoding="utf-8")
    args = [str(source), "-o", str(tmp_path / "out.jsonl")] + (["-q"] if quiet else [])
    result = extract(*args)
    assert result.exit_code == 0, result.output
    assert (seen["loading"] is cli._loading_status) == shown


# --- no silent overwrite -------------------------------------------------------------------------


@pytest.mark.parametrize("existing", ["records", "errors"])
def test_an_existing_output_is_refused_without_force(tmp_path, monkeypatch, existing):
    monkeypatch.setattr(depeche, "load", lambda **_: pytest.fail("the pipeline was loaded for a refused output"))
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(1)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    target = out if existing == "records" else batch.errors_path(out)
    target.write_text("earlier run\n", encoding="utf-8")
    result = extract(str(source), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"depeche: {target}: already exists; --force overwrites it, --resume continues it"
    assert target.read_text(encoding="utf-8") == "earlier run\n"


def test_force_overwrites_and_an_empty_file_is_no_earlier_output(blank_pipeline, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(2)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.touch()  # an empty file (mktemp) holds nothing to lose
    assert extract(str(source), "-o", str(out)).exit_code == 0
    again = extract(str(source), "-o", str(out), "--force")
    assert again.exit_code == 0, again.output
    assert [r["article"]["id"] for r in records_of(out.read_text(encoding="utf-8"))] == ["a0", "a1"]


def test_resume_is_allowed_on_an_existing_output(blank_pipeline, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(articles(3)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert extract(str(source), "-o", str(out), "--limit", "1").exit_code == 0
    resumed = extract(str(source), "-o", str(out), "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "1 already done" in resumed.stderr
    assert [r["article"]["id"] for r in records_of(out.read_text(encoding="utf-8"))] == ["a0", "a1", "a2"]


# --- usage errors in one line --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, reason",
    [
        (["extract"], "Missing argument"),
        (["extract", "x.jsonl", "--bogus"], "No such option: --bogus"),
        (["extract", "x.jsonl", "--limit", "-1"], "Invalid value for '--limit'"),
        (["extract", "x.jsonl", "--workers", "many"], "Invalid value for '--workers'"),
        (["extrct"], "No such command 'extrct'"),
        (["deals", "r.jsonl", "--min-articles", "0"], "Invalid value for '--min-articles'"),
        (["view"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(monkeypatch, capsys, args, reason):
    """Through `cli.main()`, what the installed command runs, and through the app (CliRunner) alike."""
    monkeypatch.setattr(sys, "argv", ["depeche", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    assert exited.value.code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("depeche: ") and reason in err, err
    assert "╭" not in err and "Usage:" not in err
    assert f"see 'depeche {args[0] if args[0] != 'extrct' else ''}".rstrip() in err
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2 and result.stderr == err


def test_no_arguments_still_prints_the_help():
    result = runner.invoke(cli.app, [])
    assert "Usage:" in result.output and "extract" in result.output


# --- depeche deals ------------------------------------------------------------------------------

TEXT = (
    "Le fonds Blackstone négocie le rachat du groupe hôtelier Belmond auprès de ses actionnaires historiques "
    "pour 2,6 milliards de dollars, selon des sources proches du dossier citées mercredi."
)


def _span(name: str) -> Span:
    start = TEXT.index(name)
    return Span.at(TEXT, start, start + len(name))


def _record(article_id: str, published: str, status: str, parties=(("buyer", "Blackstone"), ("target", "Belmond")),
            kind: str = "acquisition") -> ArticleRecord:
    orgs = [Organisation(id=n.lower(), name=n, mentions=[_span(n)]) for _, n in parties]
    deal = Deal(
        id="deal1", kind=kind, status=status,
        parties=[DealParty(role=r, name=n, ref=n.lower(), span=_span(n)) for r, n in parties],
        amount=Money(value=2.6e9, currency="USD", span=_span("2,6 milliards de dollars")),
        evidence=[Span.at(TEXT, 0, len(TEXT))],
    )
    return ArticleRecord(article=Article(id=article_id, published=published, text=TEXT), organisations=orgs, deals=[deal])


@pytest.fixture()
def deals_file(tmp_path) -> Path:
    records = [
        _record("2018-12-01_blackstone-belmond-negociations-exclusives", "2018-12-01", "negotiating"),
        _record("2018-12-14_blackstone-belmond-accord", "2018-12-14", "agreed"),
        _record("2019-01-05_autre", "2019-01-05", "rumoured", kind="merger"),  # another kind: another deal
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


def _words_of_table(text: str) -> set[str]:
    return set(re.findall(r"[\w'’…-]+", text))


@pytest.mark.parametrize("width", [60, 80, 120])
def test_deals_table_wraps_at_words_never_inside_one(deals_file, width):
    result = runner.invoke(cli.app, ["deals", str(deals_file)], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    words = _words_of_table(result.stdout)
    whole = set(re.findall(r"\w[\w'’-]*", TEXT)) | {"negotiating", "agreed", "acquisition", "buyer", "target",
                                                      "Blackstone", "Belmond", "tracked1", "tracked2", "merger", "rumoured", "deal", "kind", "parties",
                                                      "article", "date", "status", "evidence", "sighting", "Deals", "across", "articles"}
    for word in words:  # every word shown is a whole word, or a whole word's start cut with « … »
        plain = word.rstrip("…")
        assert word in whole or re.fullmatch(r"[\d-]+", word) or (word.endswith("…") and any(w.startswith(plain) for w in whole)) \
            or any(plain in w for w in _article_ids()), (width, word)
    if width >= 80:  # from 80 columns on, every status and kind is whole
        assert {"negotiating", "agreed", "acquisition", "rumoured", "merger"} <= words
    else:  # narrower: cut with « … », never broken across lines
        assert "negotiating" in words or any(w.endswith("…") and "negotiating".startswith(w[:-1]) for w in words)


def _article_ids() -> list[str]:
    return ["2018-12-01_blackstone-belmond-negociations-exclusives", "2018-12-14_blackstone-belmond-accord", "2019-01-05_autre"]


def test_table_cells_cut_with_an_ellipsis_or_wrap_between_words():
    deal = aggregate.track_deals([_record("x" * 60, "2018-12-01", "negotiating")])
    console = Console(file=io.StringIO(), width=70, color_system=None)
    console.print(aggregate.table(deal))
    shown = console.file.getvalue()
    assert "negotiating" in shown  # the status column is never narrower than its longest word
    assert "xxxx…" in shown and "x" * 60 not in shown  # an id wider than its column: cut, with an ellipsis
    assert "2018-12-01" in shown


@pytest.mark.parametrize("text, limit, expected", [
    ("court", 160, "court"),
    ("un deux trois quatre", 12, "un deux…"),
    ("anticonstitutionnellement", 12, "anticonstit…"),
])
def test_evidence_is_clipped_at_a_word(text, limit, expected):
    assert aggregate._clip(text, limit) == expected


@pytest.mark.parametrize("min_articles, deals", [(1, 2), (2, 1), (3, 0)])
def test_deals_json_to_stdout_with_min_articles(deals_file, min_articles, deals):
    result = runner.invoke(cli.app, ["deals", str(deals_file), "--format", "json", "--min-articles", str(min_articles)])
    assert result.exit_code == 0, result.output
    tracked = json.loads(result.stdout)
    assert len(tracked) == deals
    assert all(len(t["timeline"]) >= min_articles for t in tracked)
    if min_articles == 2:
        assert [s["status"] for s in tracked[0]["timeline"]] == ["negotiating", "agreed"]


def test_deals_tsv_one_row_per_sighting(deals_file):
    result = runner.invoke(cli.app, ["deals", str(deals_file), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    assert list(rows[0]) == list(aggregate.TSV_COLUMNS)
    merged = [r for r in rows if r["deal"] == "tracked1"]
    assert [(r["article"], r["status"], r["deal_status"]) for r in merged] == [
        ("2018-12-01_blackstone-belmond-negociations-exclusives", "negotiating", "agreed"),
        ("2018-12-14_blackstone-belmond-accord", "agreed", "agreed"),
    ]
    assert merged[0]["parties"] == "buyer: Blackstone; target: Belmond"
    assert (merged[0]["amount_value"], merged[0]["amount_currency"]) == ("2600000000.0", "USD")
    assert merged[0]["evidence"] == TEXT and merged[0]["published"] == "2018-12-01"
    assert len(rows) == 3


def test_deals_json_file_message_goes_to_stderr(deals_file, tmp_path):
    out = tmp_path / "tracked.json"
    result = runner.invoke(cli.app, ["deals", str(deals_file), "--format", "tsv", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert f"2 tracked deals -> {out}" in result.stderr and "tracked deals ->" not in result.stdout
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


@pytest.mark.parametrize("args, reason", [(["--format", "xml"], "--format xml: not one of table, json, tsv")])
def test_deals_bad_format(deals_file, args, reason):
    result = runner.invoke(cli.app, ["deals", str(deals_file), *args])
    assert result.exit_code == 2 and result.stderr.strip() == f"depeche: {reason}"
