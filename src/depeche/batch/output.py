"""Where a run writes: OUT and OUT.errors.jsonl (or standard output and error), the checks before
anything is opened (`check_output`: no output over or inside an input), what `--resume` skips
(`done_ids`), and the line writers."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from depeche.io import readers
from depeche.io.readers import InputError
from depeche.io.writers import LineWriter, StreamWriter, complete_lines


STDOUT = "-"  # the output path that stands for standard output (and, for the errors, standard error)


def is_stream(path: str | Path | None) -> bool:
    """Whether an output path is `-`: standard output for the records, standard error for the errors."""
    return path is not None and str(path) == STDOUT


def errors_path(out: Path) -> Path:
    """OUT.jsonl -> OUT.errors.jsonl (OUT.jsonl.gz -> OUT.errors.jsonl); `-` (standard output) -> `-` (standard error)."""
    if is_stream(out):
        return Path(STDOUT)
    name = out.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return out.with_name(f"{name}.errors.jsonl")


def done_ids(out: Path, errors_out: Path) -> Counter[str]:
    """The ids already written to OUT and OUT.errors.jsonl (complete lines only), with repeats.

    Raises InputError when either file is not what `depeche extract` writes (so `--resume` would
    append to something else)."""
    done: Counter[str] = Counter()
    for path, kind in ((out, "record"), (errors_out, "error")):
        number = parsed = 0  # lines read, lines read and understood
        try:
            for line in complete_lines(path):
                number += 1
                value = json.loads(line)
                ident = value["article"]["id"] if kind == "record" else value["id"]
                if ident is not None:
                    done[str(ident)] += 1
                parsed = number
        except (ValueError, KeyError, TypeError, OSError, EOFError) as err:
            at = number if number > parsed else number + 1  # else the next line could not even be decoded
            raise InputError(
                f"{path}:{at}: not a depeche {kind} line ({type(err).__name__}: {err}), so --resume cannot "
                "continue it; write to another output, or leave out --resume to start afresh"
            ) from None
    return done


def _same_or_under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, inputs: Iterable[Path], errors_out: Path | None = None) -> None:
    """InputError when OUT or its errors file (OUT.errors.jsonl, or `errors_out`) is an input, or lies
    inside an input folder: the paths are resolved (relative, `..`, symlinks, hard links) and
    compared with every input. Standard output, standard error and standard input are not paths."""
    errors_out = errors_path(Path(out)) if errors_out is None else Path(errors_out)
    for target in (Path(out), errors_out):
        if is_stream(target):
            continue
        resolved = Path(os.path.realpath(target))
        for raw in inputs:
            if readers.is_stdin(raw):
                continue
            source = Path(os.path.realpath(raw))
            if resolved == source or (target.exists() and Path(raw).exists() and os.path.samefile(target, raw)):
                raise InputError(f"{target}: this output is also an input ({raw}); write it elsewhere")
            if source.is_dir() and _same_or_under(resolved, source):
                raise InputError(f"{target}: this output is inside the input folder {raw}; write it elsewhere")


def _open_lines(path: Path, resume: bool, stream_name: str):
    """A LineWriter on `path`, or a StreamWriter when it is `-` (standard output for the records,
    standard error for the errors)."""
    if not is_stream(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return LineWriter(path, append=resume)
    if stream_name == "<stdout>":
        sys.stdout.flush()
        handle = getattr(sys.stdout, "buffer", sys.stdout)  # taken now: a progress bar may redirect sys.stdout later
        return StreamWriter(lambda: handle, stream_name)
    return StreamWriter(lambda: sys.stderr, stream_name)  # looked up at each write: a progress bar prints it above itself
