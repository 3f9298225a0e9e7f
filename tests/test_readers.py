"""Readers: every format streams Articles or ErrorLines, each with an id, in input order."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from depeche.io import readers
from depeche.io.readers import FieldMap, InputError
from depeche.records import Article, ErrorLine

TEXT = "Le groupe Oracle a annoncé mercredi un accord avec ByteDance sur TikTok."


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_txt_folder_with_sidecar_metadata(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Walmart discute avec Oracle.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "published": "2020-11-25", "url": "http://x"}), encoding="utf-8")
    items = list(readers.read([tmp_path]))
    assert [i.id for i in items] == ["a", "b"]
    assert items[0].title == "T" and str(items[0].published) == "2020-11-25" and items[0].url == "http://x"
    assert items[1].text == TEXT and items[1].published is None


def test_jsonl_every_line_is_an_article_or_an_error(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        b"".join(
            [
                json.dumps({"id": "ok", "text": TEXT, "published": "2020-11-25T10:00:00"}).encode() + b"\n",
                b"{not json\n",
                b"\n",
                b"[1, 2]\n",
                json.dumps({"id": "nt", "title": "no text"}).encode() + b"\n",
                json.dumps({"id": "blank", "text": "   "}).encode() + b"\n",
                '{"id": "latin", "text": "\xe9t\xe9"}\n'.encode("latin-1"),
                json.dumps({"text": TEXT, "published": "pas une date"}).encode() + b"\n",
                json.dumps({"text": TEXT}).encode() + b"\n",
            ]
        )
    )
    items = list(readers.read([path]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ErrorLine", "ErrorLine", "ErrorLine", "ErrorLine", "ErrorLine", "ErrorLine", "Article"]
    errors = [i for i in items if isinstance(i, ErrorLine)]
    assert [e.position for e in errors] == [2, 4, 5, 6, 7, 8]
    assert "not JSON" in errors[0].reason and "not a JSON object" in errors[1].reason
    assert errors[2].reason == "no text" and errors[2].id == "nt"
    assert errors[3].reason == "empty text" and "not UTF-8" in errors[4].reason
    assert "bad metadata" in errors[5].reason
    assert all(i.id for i in items)
    assert str(items[0].published) == "2020-11-25"
    # an id derived from source and position is the same on every run
    assert [i.id for i in readers.read([path])] == [i.id for i in items]


def test_jsonl_gz_reads_as_jsonl(tmp_path):
    rows = [{"id": str(n), "text": f"{TEXT} ({n})"} for n in range(5)]
    plain = write_jsonl(tmp_path / "d.jsonl", rows)
    packed = tmp_path / "d.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert [a.text for a in readers.read([packed])] == [a.text for a in readers.read([plain])]


def test_field_names_are_mapped(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"uid": 7, "body": TEXT, "date": "25/11/2020", "headline": "H", "link": "u"}])
    fields = FieldMap(text="body", id="uid", published="date", title="headline", url="link")
    (article,) = readers.read([path], fields=fields)
    assert (article.id, article.title, article.url, str(article.published)) == ("7", "H", "u", "2020-11-25")


def test_csv_rows(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text,published\n1,"Oracle, Walmart\net TikTok.",2020-11-25\n2,,\n3,"Un, deux",2021-02-11\n', encoding="utf-8")
    items = list(readers.read([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ErrorLine", "Article"]
    assert items[0].text == "Oracle, Walmart\net TikTok." and items[1].position == 2


def test_html_page_gives_main_text_title_date_url():
    from conftest import shared_file

    path = shared_file("data/orangesum/html/orangesum-1000.html")
    (article,) = readers.read([path])
    assert article.id == "orangesum-1000"
    assert article.title.startswith("Sécurité routière")
    assert str(article.published) == "2020-06-15"
    assert article.url.startswith("https://actu.orange.fr/")
    assert "205 personnes sont décédées" in article.text
    assert "<" not in article.text


def _warc(pages: list[Path], target: Path, urls: list[str]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page, url in zip(pages, urls):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()), http_headers=headers)
            writer.write_record(record)
        request = writer.create_warc_record("https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
    return target


def test_warc_gives_the_articles_of_its_pages(tmp_path):
    from conftest import shared_file

    folder = shared_file("data/orangesum/html")
    pages = sorted(folder.glob("*.html"))[:3]
    from_pages = [a for p in pages for a in readers.read([p])]
    warc = _warc(pages, tmp_path / "crawl.warc.gz", [a.url for a in from_pages])
    from_warc = list(readers.read([warc]))
    assert len(from_warc) == 3
    for page, record in zip(from_pages, from_warc):
        assert isinstance(record, Article)
        assert record.model_dump(exclude={"id"}) == page.model_dump(exclude={"id"})
    assert len({a.id for a in from_warc}) == 3


def test_folder_may_mix_formats(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [{"id": "b1", "text": TEXT}, {"id": "b2", "text": TEXT}])
    (tmp_path / "c.html").write_text(f"<html><head><title>C</title></head><body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>", encoding="utf-8")
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    items = list(readers.read([tmp_path]))
    assert [i.id for i in items] == ["a", "b1", "b2", "c"]
    assert all(isinstance(i, Article) for i in items)
    assert readers.count([tmp_path]) == 4


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.jsonl", None, "no such file"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.jsonl", b"\n \n", "empty file"),
        ("data.xml", b"<a/>", "unknown input format"),
        ("latin.jsonl", '{"text": "\xe9t\xe9"}\n'.encode("latin-1"), "not UTF-8"),
        ("latin.txt", "Le comité a décidé.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unusable_inputs_are_refused_before_reading(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        readers.check_inputs([path])
    assert str(path) in str(caught.value)


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="no readable file"):
        readers.check_inputs([tmp_path])


def test_format_can_be_forced(tmp_path):
    path = write_jsonl(tmp_path / "export.data", [{"id": "x", "text": TEXT}])
    with pytest.raises(InputError):
        readers.check_inputs([path])
    assert [a.id for a in readers.read([path], format="jsonl")] == ["x"]
