"""`depeche serve` under faults (issue 14): a records file that changes or vanishes while served
(D10, C7), idle connections (C7), SIGTERM and the unpacked spool (C7). Loopback only, ephemeral ports."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from viewer_fixtures import plain_record, serving

from depeche.viewer import server as server_module
from depeche.viewer.server import MAX_THREADS

# Records whose JSON lines all have the same length: a rewrite keeps every offset.
OLD = [
    plain_record("a-0001", "Danone rachète une start-up lyonnaise.", "2019-03-02", ("Danone",)),
    plain_record("a-0002", "Veolia rachète une start-up nantaise.", "2019-03-03", ("Veolia",)),
]
NEW = [
    plain_record("a-0003", "Orange rachète une start-up lyonnaise.", "2019-03-04", ("Orange",)),
    plain_record("a-0004", "Thales rachète une start-up nantaise.", "2019-03-05", ("Thales",)),
]
MORE = [plain_record("a-0005", "Engie rachète une start-up rennaise.", "2019-03-06", ("Engie",))]


def lines(records) -> bytes:
    return "".join(r.model_dump_json() + "\n" for r in records).encode("utf-8")


def write(path: Path, data: bytes) -> None:
    """`data` into `path` in place (same inode), gzip-packed for a `.gz` path."""
    with path.open("r+b" if path.exists() else "wb") as handle:
        handle.write(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
        handle.truncate()


def ask(server, path: str) -> tuple[int, dict]:
    """Status and JSON body of a GET; an HTTP error is an answer too (a dropped connection raises)."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def ids(server, query: str = "") -> list[str]:
    status, body = ask(server, "api/list?" + query)
    assert status == 200, body
    return [e["id"] for e in body["items"]]


def article_id(server, n: int) -> str:
    status, body = ask(server, f"api/article?n={n}")
    assert status == 200, body
    return body["id"]


def bump_mtime(path: Path, old: os.stat_result) -> None:
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns + 2_000_000_000))


def keep_mtime(path: Path, old: os.stat_result) -> None:
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))


def rewrite_in_place(path: Path, old: os.stat_result) -> None:
    write(path, lines(NEW))
    bump_mtime(path, old)


def rewrite_in_place_same_mtime(path: Path, old: os.stat_result) -> None:
    write(path, lines(NEW))
    keep_mtime(path, old)


def replace_by_rename(path: Path, old: os.stat_result) -> None:
    other = path.with_name("next-" + path.name)
    write(other, lines(NEW))
    keep_mtime(other, old)
    os.replace(other, path)


assert len(lines(OLD)) == len(lines(NEW))


@pytest.mark.parametrize("name", ["records.jsonl", "records.jsonl.gz"])
@pytest.mark.parametrize(
    "change, viewed_before",
    [
        pytest.param(rewrite_in_place, True, id="rewritten-in-place-same-length"),
        pytest.param(replace_by_rename, True, id="replaced-by-rename-same-size-and-mtime"),
        pytest.param(rewrite_in_place_same_mtime, False, id="rewritten-in-place-same-size-and-mtime"),
    ],
)
def test_a_changed_records_file_is_indexed_again(tmp_path, name, change, viewed_before):
    path = tmp_path / name
    write(path, lines(OLD))
    with serving(path) as server:
        assert ids(server) == ["a-0001", "a-0002"]
        if viewed_before:
            assert article_id(server, 0) == "a-0001"  # now in the server's cache
        change(path, path.stat())
        assert article_id(server, 0) == "a-0003"  # the new article 0, never the old one
        assert article_id(server, 1) == "a-0004"
        assert ids(server) == ["a-0003", "a-0004"]
        assert ids(server, "q=orange&field=organisation") == ["a-0003"]
        assert ids(server, "q=nantaise&field=text") == ["a-0004"]
        assert ids(server, "q=danone") == []
        assert ask(server, "api/meta")[1]["count"] == 2
        assert ask(server, "api/overview")[1]["articles"] == 2


@pytest.mark.parametrize("name", ["records.jsonl", "records.jsonl.gz"])
def test_records_appended_while_serving_are_counted_and_found(tmp_path, name):
    path = tmp_path / name
    write(path, lines(OLD))
    with serving(path) as server:
        assert ask(server, "api/meta")[1]["count"] == 2
        old = path.stat()
        write(path, lines(OLD + MORE))
        bump_mtime(path, old)
        assert ask(server, "api/meta")[1]["count"] == 3
        assert ids(server, "q=engie") == ["a-0005"]
        assert article_id(server, 2) == "a-0005"


@pytest.mark.parametrize(
    "damage, reason",
    [
        pytest.param(lambda path: write(path, lines(OLD)[:-30]), "not a depeche record", id="cut-in-the-middle-of-a-line"),
        pytest.param(lambda path: write(path, lines(OLD[:1]) + b"\xff\xfe not json\n"), "not a depeche record", id="garbage-line"),
        pytest.param(lambda path: path.unlink(), "no such file", id="deleted"),
    ],
)
@pytest.mark.parametrize("request_path", ["api/article?n=1", "api/list?q=nantaise&field=text", "api/meta"])
def test_a_records_file_that_became_unusable_gives_one_clear_http_error(tmp_path, damage, reason, request_path):
    path = tmp_path / "records.jsonl"
    write(path, lines(OLD))
    with serving(path) as server:
        assert ask(server, "api/meta")[1]["count"] == 2
        old = path.stat()
        damage(path)
        if path.exists():
            bump_mtime(path, old)
        status, body = ask(server, request_path)
        assert status == 503
        message = body["error"]
        assert "records.jsonl" in message and "while serving" in message and reason in message
        assert "\n" not in message and len(message) < 300 and "start-up" not in message  # one line, no raw record
        assert urllib.request.urlopen(server.url, timeout=15).status == 200  # the page itself still loads
        write(path, lines(NEW))  # a usable file again: served again
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns + 4_000_000_000))
        assert article_id(server, 1) == "a-0004"


def test_a_deleted_gz_records_file_gives_a_clear_http_error(tmp_path):
    path = tmp_path / "records.jsonl.gz"
    write(path, lines(OLD))
    with serving(path) as server:
        path.unlink()
        status, body = ask(server, "api/article?n=1")
        assert status == 503 and "records.jsonl.gz" in body["error"] and "no such file" in body["error"]


# --- C7: idle connections, SIGTERM --------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [pytest.param(b"", id="nothing-sent"), pytest.param(b"GET /api/meta HTTP/1.1\r\nHost: x\r\n", id="headers-never-finished")],
)
def test_idle_connections_time_out_and_do_not_freeze_the_server(tmp_path, monkeypatch, opening):
    monkeypatch.setattr(server_module, "IDLE_TIMEOUT", 0.5, raising=False)
    path = tmp_path / "records.jsonl"
    write(path, lines(OLD))
    with serving(path) as server:
        idle = [socket.create_connection(server.server_address[:2], timeout=15) for _ in range(MAX_THREADS + 2)]
        try:
            for sock in idle:
                if opening:
                    sock.sendall(opening)
            status, body = ask(server, "api/meta")  # answered once the idle ones have timed out
            assert status == 200 and body["count"] == 2
            for sock in idle:  # and the server closed them (an error answer or nothing, then EOF)
                while sock.recv(65536):
                    pass
        finally:
            for sock in idle:
                sock.close()


def _wait_for_line(stream, deadline: float) -> str:
    line = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(max(0.0, deadline - time.monotonic()))
    return line[0].decode("utf-8", "replace") if line else ""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_server_removes_its_unpacked_spool(tmp_path, sig):
    spool_dir = tmp_path / "tmp"
    spool_dir.mkdir()
    path = tmp_path / "records.jsonl.gz"
    write(path, lines(OLD))
    depeche = Path(sys.executable).with_name("depeche")
    env = {**os.environ, "TMPDIR": str(spool_dir)}
    process = subprocess.Popen(
        [str(depeche), "serve", str(path), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        first = _wait_for_line(process.stdout, time.monotonic() + 60)
        assert first.startswith("depeche viewer on http://127.0.0.1:"), first
        assert [p.name.startswith("depeche-serve-") for p in spool_dir.iterdir()] == [True]
        process.send_signal(sig)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    stderr = process.stderr.read().decode("utf-8", "replace")
    assert list(spool_dir.iterdir()) == []
    assert "Traceback" not in stderr
