"""Fuzz: arbitrary JSON values and byte strings through every reader (jsonl, csv, txt folder, html,
warc). Whatever comes in, no exception escapes and every input item is exactly one Article (a
record-to-be) or one ErrorLine: Articles + ErrorLines == inputs. The one other outcome allowed is
the documented refusal of a whole file (`InputError` from `check_inputs`, naming it)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings, strategies as st

from depeche.io import readers
from depeche.records import Article, ErrorLine

TEXT = "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur les activités américaines de TikTok."
FUZZ = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(scalars, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3), max_leaves=8)
dates = st.sampled_from(["2020-11-25", "25/11/2020", "demain", "lundi", "2020-13-45", "", "1606296000", float("nan"), float("inf"), True, 1e300]) | st.text(max_size=40)
poison = st.sampled_from([b"[" * 5000 + b"]" * 5000, b'{"text": "%s", "published": NaN}' % TEXT.encode(), b"\xef\xbb\xbf{}"])
fields = st.sampled_from(["id", "text", "published", "title", "url", "source"])
articles = st.dictionaries(fields, json_values | dates | st.just(TEXT), max_size=6)
bad_bytes = st.binary(min_size=1, max_size=60).map(lambda b: b.replace(b"\n", b" ")).filter(lambda b: b.strip())
jsonl_lines = st.lists(
    st.one_of(json_values.map(lambda v: json.dumps(v).encode()), articles.map(lambda v: json.dumps(v, ensure_ascii=False).encode()), bad_bytes, poison),
    max_size=8,
)


def utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def outcome(paths: list[Path], expected: int | None, may_refuse: bool = False) -> list:
    """The reader's items for `paths` (asserting none is anything but an Article or an ErrorLine,
    and that there are `expected` of them), or None when `check_inputs` refuses an input — which
    only an input that `may_refuse` (bytes that are not UTF-8, no line at all) may be."""
    try:
        readers.check_inputs(paths)
    except readers.InputError as err:
        assert may_refuse, err
        assert any(str(p) in str(err) for p in paths), err
        return None
    items = list(readers.read(paths))
    assert all(isinstance(i, (Article, ErrorLine)) and i.id for i in items)
    assert all("\n" not in i.reason for i in items if isinstance(i, ErrorLine))
    if expected is not None:
        assert len(items) == expected, items
    return items


@FUZZ
@given(lines=jsonl_lines, bom=st.booleans(), packed=st.booleans())
def test_jsonl_every_line_is_one_item(lines, bom, packed):
    import gzip

    data = (b"\xef\xbb\xbf" if bom else b"") + b"".join(line + b"\n" for line in lines)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / ("d.jsonl.gz" if packed else "d.jsonl")
        path.write_bytes(gzip.compress(data) if packed else data)
        outcome([path], max(len(lines), 1), may_refuse=not lines or not utf8(data))


cells = st.text(max_size=30) | st.sampled_from(["2020-11-25", "demain", "1606296000"]) | st.just(TEXT) | st.text(max_size=10).map(lambda t: t + "\udcff")  # a non-UTF-8 byte


@FUZZ
@given(rows=st.lists(st.tuples(cells, cells, cells), max_size=8), bom=st.booleans())
def test_csv_every_row_is_one_item(rows, bom):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["id", "text", "published"])
    writer.writerows(rows)
    data = (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8", "surrogateescape")
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.csv"
        path.write_bytes(data)
        outcome([path], max(len(rows), 1), may_refuse=not utf8(data))


@FUZZ
@given(
    files=st.lists(st.binary(max_size=200) | st.text(max_size=200).map(str.encode) | st.just(TEXT.encode()), min_size=1, max_size=4),
    sidecars=st.lists(st.none() | json_values.map(lambda v: json.dumps(v).encode()) | articles.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=40), max_size=4),
)
def test_txt_folder_every_file_is_one_item(files, sidecars):
    with TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, data in enumerate(files):
            (folder / f"{n}.txt").write_bytes(data)
            if n < len(sidecars) and sidecars[n] is not None:
                (folder / f"{n}.json").write_bytes(sidecars[n])
        outcome([folder], len(files))


pages = st.binary(max_size=300) | st.text(max_size=200).map(lambda t: f"<html><body><article><p>{t}</p><p>{TEXT}</p></article></body></html>".encode())


@FUZZ
@given(files=st.lists(pages, min_size=1, max_size=3))
def test_html_every_page_is_one_item(files):
    with TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, data in enumerate(files):
            (folder / f"{n}.html").write_bytes(data)
        outcome([folder], len(files))


def warc_record(payload: bytes, content_type: str, n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(f"http://x/{n}", "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


def relength(record: bytes, delta: int) -> bytes:
    head, sep, rest = record.partition(b"Content-Length: ")
    number, eol, tail = rest.partition(b"\r\n")
    return head + sep + str(max(0, int(number) + delta)).encode() + eol + tail


@FUZZ
@given(
    records=st.lists(st.tuples(pages, st.sampled_from(["text/html; charset=utf-8", "application/pdf", ""])), min_size=1, max_size=4),
    damage=st.sampled_from(["none", "cut", "length"]),
    where=st.floats(min_value=0, max_value=1),
    delta=st.integers(min_value=-400, max_value=400).filter(bool),
)
def test_warc_every_response_is_one_item(records, damage, where, delta):
    raws = [warc_record(payload, kind, n) for n, (payload, kind) in enumerate(records)]
    starts = [sum(map(len, raws[:n])) for n in range(len(raws))]
    data = b"".join(raws)
    expected, bad = len(raws), None
    if damage == "cut":  # the file ends anywhere: every record begun is one item
        cut = max(1, int(len(data) * where))
        data = data[:cut]
        expected = sum(1 for start in starts if start < cut)
    elif damage == "length":  # one record lies about its length: it alone is an error line
        bad = min(int(len(raws) * where), len(raws) - 1)
        raws[bad] = relength(raws[bad], delta)
        data = b"".join(raws)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "crawl.warc"
        path.write_bytes(data)
        items = outcome([path], expected)
        trailer_cut = bad == len(raws) - 1 and 0 < delta <= 4  # the last record, its end "\r\n\r\n" cut: read whole
        if bad is not None and items is not None and not trailer_cut:
            assert isinstance(items[bad], ErrorLine) and "Content-Length" in items[bad].reason


@FUZZ
@given(data=st.binary(min_size=1, max_size=400), suffix=st.sampled_from([".jsonl", ".csv", ".txt", ".html", ".warc", ".warc.gz", ".jsonl.gz", ".csv.gz"]))
def test_arbitrary_bytes_through_every_reader_never_raise(data, suffix):
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(data)
        expected = None
        if suffix in (".txt", ".html"):
            expected = 1
        elif suffix == ".jsonl":
            expected = max(1, sum(1 for line in data.split(b"\n") if line.strip()))
        items = outcome([path], expected, may_refuse=True)
        assert items is None or items


def test_a_length_that_swallows_the_next_record_whole_loses_no_record():
    """Found by the fuzz test above: a Content-Length 399 bytes too large ends exactly on the next record's end;
    the next record still is one item of its own."""
    raws = [warc_record(b"", "text/html; charset=utf-8", 0), warc_record(b"\x00" * 50, "application/pdf", 1)]
    raws[0] = relength(raws[0], 399)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "crawl.warc"
        path.write_bytes(b"".join(raws))
        items = outcome([path], 2)
    assert isinstance(items[0], ErrorLine) and "where the next one starts" in items[0].reason
    assert isinstance(items[1], ErrorLine) and "application/pdf" in items[1].reason
