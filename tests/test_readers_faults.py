"""Issue 14, the input side: whatever comes in, every input article ends as exactly one Article or
one ErrorLine of the reader, with a clear reason naming where it is — never a traceback, a silent
partial article, a skipped file or a hang. One parametrised case per fault; fixtures made here."""

from __future__ import annotations

import gzip
import io
import json
import os
import threading
from pathlib import Path

import pytest

from depeche.io import readers
from depeche.records import Article, ErrorLine

TEXT = "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok."


def kinds(items) -> list[str]:
    return ["A" if isinstance(i, Article) else "E" for i in items]


def names(source: str, path: Path) -> bool:
    """Whether an error line's `source` is `path` (its folder may be spelled resolved; a link is
    named as itself, never as its target)."""
    return Path(source).name == path.name and os.path.realpath(Path(source).parent) == os.path.realpath(path.parent)


def jsonl_bytes(rows: list) -> bytes:
    return b"".join(r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


# --- D2: WARC records checked against their declared length ---------------------------------


def page(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Le groupe numéro {n} a annoncé mercredi un accord avec ByteDance sur les activités de TikTok, paragraphe {k}.</p>"
        for k in range(6)
    )
    return f"<html><head><title>Page {n}</title></head><body><article>{paragraphs}</article></body></html>".encode()


def warc_records(count: int = 3) -> list[bytes]:
    """`count` uncompressed WARC response records (each with its trailing blank lines), URLs http://x/0..."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = []
    for n in range(count):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://x/{n}", "response", payload=io.BytesIO(page(n)), http_headers=headers))
        records.append(buf.getvalue())
    return records


def relength(record: bytes, delta: int) -> bytes:
    """The record with its Content-Length header off by `delta` (a lying length)."""
    head, sep, rest = record.partition(b"Content-Length: ")
    number, eol, tail = rest.partition(b"\r\n")
    return head + sep + str(int(number) + delta).encode() + eol + tail


def _truncated_last(records):
    return b"".join(records[:2]) + records[2][: len(records[2]) - 300]


WARC_CASES = {
    # name: (how the file is made from 3 good records, expected kinds, the record with the error)
    "truncated last record": (_truncated_last, "AAE", 3),
    "Content-Length too large swallows the next record": (lambda r: relength(r[0], 250) + r[1] + r[2], "EAA", 1),
    "Content-Length too small": (lambda r: r[0] + relength(r[1], -250) + r[2], "AEA", 2),
    "Content-Length of the last record too large": (lambda r: r[0] + r[1] + relength(r[2], 500), "AAE", 3),
    "Content-Length not a number": (lambda r: r[0] + r[1].replace(b"Content-Length: ", b"Content-Length: x", 1) + r[2], "AEA", 2),
}


@pytest.mark.parametrize("packed", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("case", list(WARC_CASES))
def test_warc_record_that_does_not_match_its_length_is_an_error_line(tmp_path, case, packed):
    make, expected, bad = WARC_CASES[case]
    data = make(warc_records())
    if packed:  # one gzip member per record, as WARC writers do; the cut one cut in its member
        path = tmp_path / "crawl.warc.gz"
        if case == "truncated last record":
            whole = [gzip.compress(r) for r in warc_records()]
            path.write_bytes(whole[0] + whole[1] + whole[2][: len(whole[2]) // 2])
        else:
            path.write_bytes(gzip.compress(data))
    else:
        path = tmp_path / "crawl.warc"
        path.write_bytes(data)
    items = list(readers.read([path]))
    assert kinds(items) == list(expected), [getattr(i, "reason", i.url) for i in items]
    error = items[bad - 1]
    assert error.position == bad and names(error.source, path)
    assert f"http://x/{bad - 1}" in error.reason  # names the record
    assert "Content-Length" in error.reason or "truncated" in error.reason
    good = [i for i in items if isinstance(i, Article)]
    assert [a.url for a in good] == [f"http://x/{n}" for n in range(3) if n != bad - 1]
    for article in good:  # whole articles, never a partial one
        n = int(article.url.rsplit("/", 1)[1])
        assert f"Le groupe numéro {n} a annoncé" in article.text and "paragraphe 5" in article.text


# --- D3: a non-UTF-8 byte in a CSV row is that row's error line ------------------------------


@pytest.mark.parametrize("bad_row", [1, 5, 40])
def test_csv_row_with_a_non_utf8_byte_is_that_rows_error_and_later_rows_are_read(tmp_path, bad_row):
    rows = [f'{n},"{TEXT} Ligne {n}.",2020-11-25\r\n'.encode() for n in range(1, 41)]
    rows[bad_row - 1] = f'{bad_row},"L\'été à Paris, {TEXT}",2020-11-25\r\n'.encode("latin-1")
    path = tmp_path / "export.csv"
    path.write_bytes(b"id,text,published\r\n" + b"".join(rows))
    readers.check_inputs([path])  # one bad row does not make the file unusable
    items = list(readers.read([path]))
    assert len(items) == 40
    assert [i.position for i in items if isinstance(i, ErrorLine)] == [bad_row]
    error = items[bad_row - 1]
    assert error.id == str(bad_row) and "not UTF-8" in error.reason and "\\xe9" in error.reason
    assert [i.id for i in items if isinstance(i, Article)] == [str(n) for n in range(1, 41) if n != bad_row]


# --- D4: every entry of a folder is read or named --------------------------------------------


def _unreadable_subfolder(folder: Path, monkeypatch) -> tuple[Path, str]:
    sub = folder / "locked"
    sub.mkdir()
    (sub / "c.txt").write_text(TEXT, encoding="utf-8")
    sub.chmod(0)
    real = os.scandir

    def scandir(path="."):  # root reads a 000 folder anyway: refuse as the kernel would for a user
        if Path(path) == sub:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return sub, "Permission denied"


def _dangling_symlink(folder: Path, monkeypatch) -> tuple[Path, str]:
    link = folder / "gone.txt"
    link.symlink_to(folder / "nowhere.txt")
    return link, "broken symbolic link"


def _symlink_loop(folder: Path, monkeypatch) -> tuple[Path, str]:
    link = folder / "loop.txt"
    link.symlink_to(link)
    return link, "symbolic link"


def _fifo(folder: Path, monkeypatch) -> tuple[Path, str]:
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    return fifo, "not a regular file"


def _folder_loop(folder: Path, monkeypatch) -> tuple[Path, str]:
    sub = folder / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(folder, target_is_directory=True)
    return sub / "up", "loop"


FOLDER_CASES = {
    "unreadable subfolder": _unreadable_subfolder,
    "dangling symlink": _dangling_symlink,
    "symlink loop": _symlink_loop,
    "FIFO named .txt": _fifo,
    "symlinked folder loop": _folder_loop,
}


@pytest.mark.parametrize("case", list(FOLDER_CASES))
def test_folder_entry_that_cannot_be_read_is_an_error_line_never_skipped_never_a_hang(tmp_path, monkeypatch, case):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "z.txt").write_text(TEXT, encoding="utf-8")
    bad, reason = FOLDER_CASES[case](folder, monkeypatch)
    result: dict = {}

    def consume():
        try:
            result["items"] = list(readers.read([folder]))
        except BaseException as err:  # noqa: BLE001 - reported below
            result["error"] = err

    reader = threading.Thread(target=consume, daemon=True)
    reader.start()
    reader.join(timeout=60)  # generous: only a reader blocked on the FIFO comes near it
    if reader.is_alive() and case == "FIFO named .txt":  # unblock it so the process can end
        os.close(os.open(bad, os.O_WRONLY | os.O_NONBLOCK))
    assert not reader.is_alive(), "the reader hangs"
    assert "error" not in result, repr(result.get("error"))
    items = result["items"]
    errors = [i for i in items if isinstance(i, ErrorLine)]
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "z"]
    assert len(errors) == 1, errors
    assert names(errors[0].source, bad) and reason in errors[0].reason
    assert readers.count([folder]) == len(items)


def test_a_top_level_fifo_is_refused_not_read(tmp_path):
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(readers.InputError, match="not a regular file"):
        readers.check_inputs([fifo])


# --- D5: a poison line is that line's error; the reader loop guards each item -------------------


POISON = {
    "published NaN": b'{"id": "p", "text": "%s", "published": NaN}\n',
    "published Infinity": b'{"id": "p", "text": "%s", "published": Infinity}\n',
    "published -Infinity": b'{"id": "p", "text": "%s", "published": -Infinity}\n',
    "text nested 5000 deep": b'{"id": "p", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
    "line nested 100000 deep": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "id nested": b'{"id": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b', "text": "%s"}\n',
}


@pytest.mark.parametrize("case", list(POISON))
def test_poison_jsonl_line_is_that_lines_error_and_the_reader_goes_on(tmp_path, case):
    poison = POISON[case].replace(b"%s", TEXT.encode()) if b"%s" in POISON[case] else POISON[case]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl_bytes([{"id": "a", "text": TEXT}, poison, {"id": "b", "text": TEXT}]))
    items = list(readers.read([path]))
    assert kinds(items) == ["A", "E", "A"]
    assert [items[0].id, items[2].id] == ["a", "b"]
    assert items[1].position == 2 and names(items[1].source, path)
    assert "\n" not in items[1].reason and len(items[1].reason) < 300


@pytest.mark.parametrize("case", ["published NaN", "line nested 100000 deep"])
def test_poison_line_in_a_batch_run_costs_that_line_alone(tmp_path, case):
    import spacy

    from depeche import batch
    from depeche.extractor import Extractor

    poison = POISON[case].replace(b"%s", TEXT.encode())
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl_bytes([{"id": f"a{n}", "text": TEXT} for n in range(3)] + [poison] + [{"id": "z", "text": TEXT}]))
    out = tmp_path / "out.jsonl"
    summary = batch.run(Extractor(spacy.blank("fr")), [path], out, batch_size=2, language=None)
    assert (summary.articles, summary.errors) == (4, 1)
    (error,) = [json.loads(line) for line in batch.errors_path(out).read_text(encoding="utf-8").splitlines()]
    assert error["position"] == 4


@pytest.mark.parametrize("kind", ["jsonl", "csv", "txt", "html"])
def test_the_reader_loop_guards_each_item(tmp_path, monkeypatch, kind):
    """Whatever a format's item conversion raises becomes that item's error line (any format)."""
    folder = tmp_path / "in"
    folder.mkdir()
    if kind == "jsonl":
        (folder / "d.jsonl").write_bytes(jsonl_bytes([{"id": str(n), "text": f"{TEXT} {n}"} for n in range(1, 4)]))
    elif kind == "csv":
        (folder / "d.csv").write_text("id,text\n" + "".join(f'{n},"{TEXT} {n}"\n' for n in range(1, 4)), encoding="utf-8")
    else:
        for n in range(1, 4):
            body = f"{TEXT} {n}" if kind == "txt" else f"<html><body><article><p>{TEXT} {n}</p><p>{TEXT}</p></article></body></html>"
            (folder / f"{n}.{kind}").write_text(body, encoding="utf-8")
    real = readers.articles.make_article

    def poisoned(fields, **kwargs):
        if f"{TEXT} 2" in str(fields.get("text")):
            raise RuntimeError("poisoned item")
        return real(fields, **kwargs)

    monkeypatch.setattr(readers.articles, "make_article", poisoned)
    items = list(readers.read([folder]))
    assert kinds(items) == ["A", "E", "A"]
    assert "RuntimeError: poisoned item" in items[1].reason
    if kind in ("txt", "html"):  # a file's id is its stem, known before it is read
        assert items[1].id == "2"
    else:  # a line's or row's id is inside it: the error line's id derives from where it is
        from depeche.extractor import derive_id

        assert items[1].id == derive_id("", source=items[1].source, position=2) and items[1].position == 2


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_file_that_breaks_off_costs_the_rest_of_it_alone(tmp_path, monkeypatch, kind):
    """A read that fails mid-file (an I/O error, anything) ends that file with one error line; the
    next file is read all the same."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [{"id": f"a{n}", "text": f"{TEXT} {n}"} for n in range(3)]
    if kind == "jsonl":
        (folder / "a.jsonl").write_bytes(jsonl_bytes(rows))
    else:
        (folder / "a.csv").write_text("id,text\n" + "".join(f'{r["id"]},"{r["text"]}"\n' for r in rows), encoding="utf-8")
    (folder / "b.txt").write_text(TEXT, encoding="utf-8")
    real = readers.formats.open_binary

    class Failing(io.BufferedReader):
        """Gives its first line (and the header), then fails like a disk would."""

        def __init__(self, raw):
            super().__init__(raw)
            self.lines = 0

        def _fail(self):
            self.lines += 1
            if self.lines > 2:
                raise RuntimeError("the disk went away")

        def readline(self, *args):
            self._fail()
            return super().readline(*args)

        def __next__(self):
            self._fail()
            return super().__next__()

        def read1(self, *args):
            self._fail()
            return super().readline()

    monkeypatch.setattr(readers.formats, "open_binary", lambda path: Failing(real(path).detach()) if path.suffix != ".txt" else real(path))
    items = list(readers.read([folder]))
    assert [type(i).__name__ for i in items][-2:] == ["ErrorLine", "Article"]
    assert items[-1].id == "b"  # the next file
    broken = items[-2]
    assert "unreadable from here on" in broken.reason and "the disk went away" in broken.reason
    assert broken.position == len(items) - 1 and all(isinstance(i, Article) for i in items[:-2])


# --- D8: a UTF-8 byte-order mark is no part of the text -----------------------------------------

BOM = b"\xef\xbb\xbf"


def _bom_jsonl(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(BOM + jsonl_bytes([{"id": "first", "text": TEXT}, {"id": "second", "text": TEXT}]))
    return path


def _bom_jsonl_gz(tmp_path):
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(gzip.compress(BOM + jsonl_bytes([{"id": "first", "text": TEXT}, {"id": "second", "text": TEXT}])))
    return path


def _bom_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(BOM + f'id,text\r\nfirst,"{TEXT}"\r\nsecond,"{TEXT}"\r\n'.encode())
    return path


def _bom_txt_and_sidecar(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_bytes(BOM + TEXT.encode())
    (folder / "first.json").write_bytes(BOM + json.dumps({"title": "T", "published": "2020-11-25"}).encode())
    (folder / "second.txt").write_bytes(TEXT.encode())
    return folder


@pytest.mark.parametrize("make", [_bom_jsonl, _bom_jsonl_gz, _bom_csv, _bom_txt_and_sidecar], ids=["jsonl", "jsonl.gz", "csv", "txt+sidecar"])
def test_utf8_bom_is_read_as_no_part_of_the_first_article(tmp_path, make):
    path = make(tmp_path)
    items = list(readers.read([path]))
    assert kinds(items) == ["A", "A"], items
    assert [a.id for a in items] == ["first", "second"]
    assert items[0].text == TEXT


# --- D11: a publication date is an absolute date ------------------------------------------------


@pytest.mark.parametrize(
    "value, reason",
    [
        ("demain", "relative"),
        ("hier", "relative"),
        ("aujourd'hui", "relative"),
        ("il y a 3 jours", "relative"),
        ("dans deux semaines", "relative"),
        ("yesterday", "relative"),
        ("lundi", "absolute"),
        ("12", "absolute"),
        ("25 novembre", "absolute"),
        ("pas une date", "absolute"),
        (True, "not a date"),
        (False, "not a date"),
        ([2020, 11, 25], "not a date"),
        ({"y": 2020}, "not a date"),
        ("x" * 1_000_000, "too long"),
    ],
    ids=["demain", "hier", "aujourd-hui", "il-y-a", "dans", "yesterday", "lundi", "12", "no-year", "text", "true", "false", "list", "object", "1MB"],
)
def test_published_must_be_an_absolute_date_else_the_article_is_an_error_line(tmp_path, monkeypatch, value, reason):
    import dateparser

    lengths = []
    real = dateparser.parse

    def parse(text, *args, **kwargs):
        lengths.append(len(text))
        return real(text, *args, **kwargs) if len(text) < 1000 else None  # the 1 MB string stalls dateparser ~20 s

    monkeypatch.setattr(dateparser, "parse", parse)
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl_bytes([{"id": "x", "text": TEXT, "published": value}]))
    (item,) = readers.read([path])
    assert isinstance(item, ErrorLine), item
    assert item.id == "x" and "published" in item.reason and reason in item.reason
    assert len(item.reason) < 300
    assert all(n <= readers.MAX_DATE_CHARS for n in lengths)  # dateparser never sees a long string


@pytest.mark.parametrize(
    "value, day",
    [
        ("2020-11-25", "2020-11-25"),
        ("2020-11-25T10:00:00+01:00", "2020-11-25"),
        ("25/11/2020", "2020-11-25"),
        ("25 novembre 2020", "2020-11-25"),
        ("mercredi 25 novembre 2020 à 10h32", "2020-11-25"),
        (1606296000, "2020-11-25"),
        ("1606296000", "2020-11-25"),
        (None, None),
        ("  ", None),
    ],
)
def test_an_absolute_published_date_is_read(tmp_path, value, day):
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl_bytes([{"id": "x", "text": TEXT, "published": value}]))
    (item,) = readers.read([path])
    assert isinstance(item, Article), item
    assert (item.published.isoformat() if item.published else None) == day


# --- smaller: ids, duplicates, a truncated small .gz ---------------------------------------------


def test_numeric_ids_are_the_same_id_as_their_string_and_the_collision_is_warned(tmp_path, capsys):
    """The rule: a string id is taken as it is; a JSON number is written as an integer when it is one
    (12 and 12.0 are one JSON number), so 12, 12.0 and "12" are the same id — and are warned about."""
    path = tmp_path / "d.jsonl"
    path.write_bytes(
        jsonl_bytes([{"id": 12, "text": TEXT}, {"id": 12.0, "text": TEXT}, {"id": "12", "text": TEXT}, {"id": 1.5, "text": TEXT}])
    )
    items = list(readers.read([path]))
    assert [i.id for i in items] == ["12", "12", "12", "1.5"] and kinds(items) == ["A"] * 4
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "'12'" in err and f"{path}:2" in err


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), [1], {"a": 1}], ids=["true", "NaN", "Infinity", "list", "object"])
def test_an_id_that_is_not_a_string_or_a_number_is_refused(tmp_path, value):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": value, "text": TEXT}) + "\n", encoding="utf-8")
    (item,) = readers.read([path])
    assert isinstance(item, ErrorLine) and "id" in item.reason and item.id.startswith("a-")


@pytest.mark.parametrize("where", ["one file", "two files"])
def test_duplicate_ids_are_warned_once_per_id(tmp_path, capsys, where):
    rows = [{"id": "x", "text": TEXT}, {"id": "y", "text": TEXT}, {"id": "x", "text": TEXT}, {"id": "x", "text": TEXT}]
    if where == "one file":
        paths = [tmp_path / "d.jsonl"]
        paths[0].write_bytes(jsonl_bytes(rows))
    else:
        paths = [tmp_path / "d.jsonl", tmp_path / "e.jsonl"]
        paths[0].write_bytes(jsonl_bytes(rows[:2]))
        paths[1].write_bytes(jsonl_bytes(rows[2:]))
    items = list(readers.read(paths))
    assert [i.id for i in items] == ["x", "y", "x", "x"] and kinds(items) == ["A"] * 4  # both kept
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "'x'" in err and "repeated" in err and "Traceback" not in err
    assert f"{paths[-1]}:{1 if where == 'two files' else 3}" in err  # where it was seen again


@pytest.mark.parametrize("size", [2_000, 40_000, 200_000])
def test_truncated_gz_is_read_up_to_the_cut_whatever_its_size(tmp_path, size):
    rows, n = [], 0
    while sum(map(len, rows)) < size:
        rows.append(json.dumps({"id": f"a{n}", "text": f"{TEXT} {n}"}).encode() + b"\n")
        n += 1
    packed = gzip.compress(b"".join(rows))
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(packed[: len(packed) - 20])
    readers.check_inputs([path])
    items = list(readers.read([path]))
    assert kinds(items)[-1] == "E" and set(kinds(items)[:-1]) == {"A"}
    assert len(items) >= 2  # at least one article before the cut, then the error line
    assert [a.id for a in items[:-1]] == [f"a{k}" for k in range(len(items) - 1)]
    assert items[-1].position == len(items) and "truncated" in items[-1].reason
