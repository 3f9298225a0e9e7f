"""Batch extraction on one machine: inputs -> OUT.jsonl[.gz], and OUT.errors.jsonl for what was lost.

Nothing is lost: every input article ends as exactly one line of OUT (its record) or one line of
OUT.errors.jsonl (a `records.ErrorLine`: source, position, id, reason). An article becomes an
error line when its input cannot be read (a reader's ErrorLine), when it is not a French article
(`screen`: too short, not French by py3langid, longer than `max_chars`) or when the pipeline raised
on it (the others of its batch are still extracted: `Extractor.extract_each`).

Streaming, memory flat: the reader is consumed batch by batch; with `workers > 1` the batches go to
worker processes, at most `2 * workers` batches in flight, and the results are written in input
order. Given a loader (`depeche.load`, or any function returning an Extractor) rather than a loaded
Extractor, each worker loads its own pipeline and the parent, which only reads and writes, never
does: a forked copy-on-write pipeline does not stay shared (Python's reference counts and garbage
collector write into its pages), so a parent holding one only adds its size to the run's memory.
Each batch is written as whole lines and flushed (for .gz, as one gzip member), so a killed run
leaves a valid file up to its last batch; `resume=True` truncates a partial tail, skips the articles already in OUT or
OUT.errors.jsonl (by id, counting repeats), and appends.

What goes wrong is contained: OUT (and OUT.errors.jsonl) may not be an input or lie inside an input
folder (`check_output`, before anything is opened); a batch whose processing raises outside the
pipeline is run again article by article, so only the article it raises on is an error line (in
a worker or not); when the reader itself raises, every article it gave before is processed and
written, then the error goes on; workers die with the parent (PR_SET_PDEATHSIG on Linux, else a
watchdog thread), and a run stopped by SIGINT/SIGTERM (`KeyboardInterrupt`) writes the batches
already finished, stops its workers and raises `Interrupted`, which says how far it got.
"""

# the package's modules; every name depeche.batch had as one module is still here (`__all__`: the API)
from depeche.batch.screening import (
    LANGUAGE_SAMPLE, MAX_CHARS, MIN_LETTERS, SHORT_CONFIDENCE, SHORT_LETTERS, screen,
)
from depeche.batch.outcomes import NO_COUNTS, Counts, Outcome, Settings, Summary, process
from depeche.batch.output import STDOUT, check_output, done_ids, errors_path, is_stream
from depeche.batch.workers import PR_SET_PDEATHSIG, WorkerError
from depeche.batch.runner import Interrupted, Located, run

__all__ = [
    "MAX_CHARS", "STDOUT", "Interrupted", "Settings", "Summary", "WorkerError", "check_output", "done_ids", "errors_path", "is_stream",
    "process", "run", "screen",
]
