"""Peak memory of `depeche extract` on a whole dump (a benchmark, not a test).

    .venv/bin/python benchmarks/memory.py [--workers 2] [--out /tmp/depeche-dump/out.jsonl] [INPUT]

Runs `depeche extract INPUT -o OUT --workers N --no-progress` (INPUT defaults to
../shared/data/orangesum/articles.jsonl.gz, 36,152 articles) and samples, every `--every` seconds,
the memory of the command's whole process tree from /proc: the sum of RSS (shared copy-on-write
pages of forked workers counted in each), the sum of PSS (shared pages split between the
processes that share them: the machine's real cost) and the largest single RSS, together with how
many lines OUT and OUT.errors.jsonl hold. Every sample is appended to `--log` (CSV), so a run that
is stopped still says how memory grew with the articles done; at the end it prints the peaks and
the count of every article accounted for. Works with `--resume` (passed on).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT.parent / "shared" / "data" / "orangesum" / "articles.jsonl.gz"


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _kib(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int, int, int]:
    """(sum RSS, sum PSS, max RSS, processes) of `pid` and its descendants, in MiB."""
    tree = _children()
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(tree.get(p, []))
    rss = [_kib(f"/proc/{p}/status", "VmRSS") for p in seen]
    pss = [_kib(f"/proc/{p}/smaps_rollup", "Pss") for p in seen]
    return sum(rss) // 1024, sum(pss) // 1024, max(rss, default=0) // 1024, len([r for r in rss if r])


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?", default=str(DUMP))
    parser.add_argument("--out", default="/tmp/depeche-dump/out.jsonl")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--log", default=None, help="CSV of the samples (default: OUT's folder/memory.csv)")
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args()

    if not Path(args.input).exists():
        sys.exit(f"memory: {args.input} is absent (../shared is not beside the project); nothing measured")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    errors = out.with_name(out.name.removesuffix(".gz").removesuffix(".jsonl") + ".errors.jsonl")
    log = Path(args.log) if args.log else out.parent / "memory.csv"
    command = [
        str(ROOT / ".venv" / "bin" / "depeche"), "extract", args.input, "-o", str(out),
        "--workers", str(args.workers), "--batch-size", str(args.batch_size), "--no-progress",
    ] + (["--resume"] if args.resume else ["--force"])  # a rerun replaces OUT (depeche refuses it without --force)
    started = time.monotonic()
    peak = {"rss_sum_mib": 0, "pss_sum_mib": 0, "rss_max_mib": 0}
    with log.open("a", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["seconds", "records", "error_lines", "rss_sum_mib", "pss_sum_mib", "rss_max_mib", "processes"])
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while run.poll() is None:
            rss, pss, largest, processes = tree_memory(run.pid)
            peak = {k: max(peak[k], v) for k, v in zip(peak, (rss, pss, largest))}
            writer.writerow([round(time.monotonic() - started), count_lines(out), count_lines(errors), rss, pss, largest, processes])
            handle.flush()
            time.sleep(args.every)
        stdout, stderr = run.communicate()
    result = {
        "command": " ".join(command),
        "exit_code": run.returncode,
        "seconds": round(time.monotonic() - started),
        "records": count_lines(out),
        "error_lines": count_lines(errors),
        **peak,
        "summary": [line for line in stderr.splitlines() if " articles -> " in line][-1:],  # the summary is on stderr
        "stderr_tail": stderr.strip().splitlines()[-3:],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
