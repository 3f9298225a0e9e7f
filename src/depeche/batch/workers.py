"""The worker pool: `workers` forked processes, each with a pipeline, batches in and outcomes written
in input order; a worker that dies takes only the article it died on (run again one by one), and
every worker dies with the parent (PR_SET_PDEATHSIG on Linux, else a watchdog thread)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from contextlib import nullcontext
from collections.abc import Callable

from depeche.batch.outcomes import Outcome, Settings, _failed, _why
from depeche.extractor import Extractor

# `process` is looked up on the package, so that one replaced there (as tests do,
# `monkeypatch.setattr(batch, "process", ...)`) is the one called, as when depeche.batch was one module.
from depeche import batch as _package  # (the package imports this module: looked up at call time)

# Worker processes: forked after the pipeline is loaded, they find it here.
_WORKER_EXTRACTOR: Extractor | None = None


def _process_in_worker(batch, settings) -> list[Outcome]:
    assert _WORKER_EXTRACTOR is not None, "worker forked without a pipeline"
    return _package.process(_WORKER_EXTRACTOR, batch, settings)


def _load_in_worker(loader: Callable[[], Extractor]) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = loader()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """End this process when `parent` dies, however it dies (SIGKILL too): PR_SET_PDEATHSIG on Linux,
    elsewhere a watchdog thread that checks the parent every second."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    except (OSError, AttributeError):

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="depeche-parent-watchdog", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _init_worker(parent: int, loader: Callable[[], Extractor] | None) -> None:
    """Every worker process, first: it dies with the parent, leaves SIGINT to it (Ctrl-C reaches the
    whole process group; the parent stops the run), takes SIGTERM plainly, then loads its pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    if loader is not None:
        _load_in_worker(loader)


def _warm_up() -> int:
    return os.getpid()


class WorkerError(RuntimeError):
    """The worker processes could not start or load the pipeline."""


class _Workers:
    """`workers` forked processes, each with a pipeline (the parent's, or loaded by the worker when
    given a loader); batches in, outcomes written in input order, at most 2 batches per worker in flight."""

    def __init__(self, extractor: Extractor | Callable[[], Extractor], workers: int, settings: Settings, loading=nullcontext):
        import multiprocessing

        global _WORKER_EXTRACTOR
        if isinstance(extractor, Extractor):
            _WORKER_EXTRACTOR, self.loader = extractor, None
        else:
            self.loader = extractor
        self.workers, self.settings = workers, settings
        self.context = multiprocessing.get_context("fork")
        self.unsafe = False
        self.pool = self.start(loading)

    def start(self, loading=nullcontext):
        """A pool of forked workers, once one is ready; `loading()` (a spinner) is held while the parent waits
        for it, after the fork (a thread running across a fork could leave a lock taken in the children)."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context, initializer=_init_worker, initargs=(os.getpid(), self.loader)
        )
        try:
            ready = pool.submit(_warm_up)  # forks every worker now
            with loading():
                ready.result()  # and waits for one to be ready
        except BrokenProcessPool as err:
            pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerError(f"the worker processes could not start or load the pipeline ({err}); see the messages above") from err
        return pool

    def _write_oldest(self, pending: deque, write) -> None:
        """Write the oldest batch in flight; when it failed, run it again one article at a time.

        A worker died (killed, out of memory) and took the pool and every batch in flight with it:
        which batch, which article it died on, is not known. Or the batch's processing raised outside
        the pipeline. Either way the oldest batch runs again one article at a time (in a fresh pool
        when the old one broke): an article a worker dies on again, or that raises again, is an error
        line, the others are extracted. When the pool was replaced, the batches still in flight are
        sent again, and go the same way if need be."""
        from concurrent.futures.process import BrokenProcessPool

        batch, future = pending[0]  # left in place while waiting: a stop then finds it still pending
        restarted = False
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            outcomes, restarted = None, True
        except Exception:
            outcomes = None
        self.unsafe = True  # from here until it is written, a stop leaves OUT as it is (in input order)
        pending.popleft()
        if outcomes is not None:
            write(outcomes)
            self.unsafe = False
            return
        if restarted:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self.start()
        outcomes = []
        for entry in batch:
            try:
                outcomes.extend(self.pool.submit(_process_in_worker, [entry], self.settings).result())
            except BrokenProcessPool as err:
                outcomes.append(_failed(entry, f"a worker process died on it ({err})"))
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self.start()
                restarted = True
            except Exception as err:
                outcomes.append(_failed(entry, f"processing failed on it: {_why(err)}"))
        write(outcomes)
        if restarted:
            for i, (again, _) in enumerate(list(pending)):
                pending[i] = (again, self.pool.submit(_process_in_worker, again, self.settings))
        self.unsafe = False

    def run(self, batches, write, tick) -> None:
        pending: deque = deque()  # (batch, future), oldest first
        batches = iter(batches)
        try:
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    break
                except Exception:
                    # the reader failed: what it gave before is still processed and written, then the error goes on
                    while pending:
                        self._write_oldest(pending, write)
                        tick()
                    raise
                pending.append((batch, self.pool.submit(_process_in_worker, batch, self.settings)))
                while len(pending) >= 2 * self.workers:
                    self._write_oldest(pending, write)
                    tick()
            while pending:
                self._write_oldest(pending, write)
                tick()
        except KeyboardInterrupt:
            # stopped: the batches already finished are written, in order (unless the stop came in
            # the middle of writing one: then nothing more, so that OUT stays in input order for --resume)
            if not self.unsafe:
                while pending and pending[0][1].done() and pending[0][1].exception() is None:
                    self.unsafe = True
                    write(pending.popleft()[1].result())
                    self.unsafe = False
            raise

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        global _WORKER_EXTRACTOR
        if exc_type is not None:  # stopped or failed: the workers go now, not after their batches
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                try:
                    process.kill()
                except (OSError, AttributeError):
                    pass
            self.pool.shutdown(wait=False, cancel_futures=True)
            # let the pool's manager thread see its dead workers and close its wake-up pipe now: left running, it
            # races the interpreter's exit, whose hook then writes to that pipe and prints a traceback
            manager = getattr(self.pool, "_executor_manager_thread", None)
            if manager is not None:
                manager.join(timeout=10)
        else:
            self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_EXTRACTOR = None
