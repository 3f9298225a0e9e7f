"""Scale-out on Ray Data: the same extraction as `depeche.batch`, on a Ray cluster (`pip install depeche[ray]`).

    import ray, depeche.distributed as dd
    ray.init(address="auto")
    ds = ray.data.read_parquet("s3://bucket/articles/")          # or any Dataset with a text column
    outcomes = dd.extract_dataset(ds, concurrency=8)            # lazy: rows {kind, id, line, ...}
    dd.write(outcomes, "s3://bucket/records/")                  # records/*.jsonl + errors/*.jsonl

`extract_dataset` runs `batch.process` (screening, then `nlp.pipe`, one failing article failing
alone) in a callable class under `map_batches(..., compute=ActorPoolStrategy(size=N))`: each actor
loads the pipeline once. Every input row becomes exactly one output row, of kind "record" or
"error", whose `line` is the very JSON line the local path writes; `write` sends records to
OUTDIR/records/ and error lines to OUTDIR/errors/ as JSONL shards, in one pass.

JSONL inputs are read as lines (`ray.data.read_text`), so a line that is not JSON becomes an
error line, as locally; Ray does not number lines, so an article without an id gets one derived
from its text (locally: from its file and line number). Parquet is read with
`ray.data.read_parquet`; its columns are mapped with the same `FieldMap`.

Resume (`run(..., resume=True)`, `depeche extract --engine ray --resume`): the ids of every shard
already under OUTDIR/records/ and OUTDIR/errors/ (`done_ids`) go to the actors, which skip those
articles (an outcome row of kind "skipped", counted, not written); the new shards are added beside
the old ones. Ray does not keep input order, so an id repeated in the input is skipped whole once
it is done (locally, repeats are counted). A local shard is written under a temporary name and
renamed once whole (an object store writes an object only when it is closed), so a killed run
leaves whole shards only.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from depeche.batch import MAX_CHARS, Settings, Summary, process
from depeche.io.readers import DEFAULT_FIELDS, FieldMap, InputError, json_line_article, make_article

COUNTS = ("organisations", "people", "dates", "deadlines", "deals")

TEXT_LINE, TEXT_PATH = "text", "path"  # the columns of ray.data.read_text(..., include_paths=True)
# Reading lines and writing shards are light: they take a quarter of a CPU, so that actors
# holding one CPU each on every core do not starve them (with 2 CPUs and 2 actors, a read task
# asking a whole CPU would never be scheduled).
IO_CPUS = 0.25


class RayUnavailable(Exception):
    """Ray (the `ray` extra) is not installed, or the cluster cannot be reached."""


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as err:
        raise RayUnavailable(f"--engine ray needs Ray Data: pip install 'depeche[ray]' ({err})") from None
    return ray


def _value(value):
    """A plain Python value from what Ray gives in a numpy batch."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and value != value:  # NaN: a missing Parquet/pandas value
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


class ExtractBatch:
    """The map_batches callable: loads depeche once per actor, then turns batches of rows into outcomes.

    `loader` (a picklable function returning an Extractor) replaces `depeche.load`; `done` holds the
    ids to skip (resume)."""

    def __init__(
        self,
        *,
        settings: Settings,
        fields: FieldMap = DEFAULT_FIELDS,
        chunk_chars: int | None = None,
        jsonl_lines: bool = False,
        loader: Callable | None = None,
        done: frozenset[str] = frozenset(),
    ):
        from threadpoolctl import threadpool_limits

        import depeche

        threadpool_limits(limits=1, user_api="blas")  # one BLAS thread per actor, as in batch.run
        self.extractor = loader() if loader is not None else depeche.load(chunk_chars=chunk_chars)
        self.settings = settings
        self.fields = fields
        self.jsonl_lines = jsonl_lines
        self.done = done

    def _items(self, batch: dict) -> list[tuple]:
        columns = list(batch)
        size = len(batch[columns[0]]) if columns else 0
        items = []
        for i in range(size):
            if self.jsonl_lines:
                source = str(_value(batch[TEXT_PATH][i])) if TEXT_PATH in batch else "dataset"
                items.append((json_line_article(str(batch[TEXT_LINE][i]), self.fields, source=source, position=None), source, None))
            else:
                row = {name: _value(batch[name][i]) for name in columns}
                items.append((make_article(self.fields.take(row), source="dataset", position=None), "dataset", None))
        return items

    def __call__(self, batch: dict) -> dict:
        items = self._items(batch)
        todo = [entry for entry in items if entry[0].id not in self.done]
        processed = iter(process(self.extractor, todo, self.settings) if todo else [])
        skipped = ("skipped", "", (0, 0, 0, 0, 0))
        outcomes = [skipped if entry[0].id in self.done else next(processed) for entry in items]
        return {
            "kind": [kind for kind, _, _ in outcomes],
            "line": [line for _, line, _ in outcomes],
            "organisations": [c[0] for _, _, c in outcomes],
            "people": [c[1] for _, _, c in outcomes],
            "dates": [c[2] for _, _, c in outcomes],
            "deadlines": [c[3] for _, _, c in outcomes],
            "deals": [c[4] for _, _, c in outcomes],
        }


def extract_dataset(
    ds,
    *,
    fields: FieldMap = DEFAULT_FIELDS,
    concurrency: int = 2,
    batch_size: int = 64,
    max_chars: int = MAX_CHARS,
    chunk_chars: int | None = None,
    language: str | None = "fr",
    num_cpus: float = 1,
    jsonl_lines: bool = False,
    loader: Callable | None = None,
    done: frozenset[str] | set[str] = frozenset(),
):
    """A lazy Dataset of one outcome row per row of `ds` (columns kind, line and the counts).

    `ds` holds articles (columns named by `fields`: text, id, title, published, url, source), or
    with `jsonl_lines=True` the rows of `ray.data.read_text(..., include_paths=True)` on JSONL
    files. `concurrency` actors each load the pipeline once (`loader()`, default `depeche.load`)
    and ask `num_cpus` CPUs. An article whose id is in `done` is a row of kind "skipped".
    """
    from ray.data import ActorPoolStrategy

    settings = Settings(max_chars=max_chars, language=language, batch_size=batch_size)
    return ds.map_batches(
        ExtractBatch,
        fn_constructor_kwargs={
            "settings": settings, "fields": fields, "chunk_chars": chunk_chars, "jsonl_lines": jsonl_lines,
            "loader": loader, "done": frozenset(done),
        },
        compute=ActorPoolStrategy(size=concurrency),
        batch_size=batch_size,
        batch_format="numpy",
        num_cpus=num_cpus,
    )


def read(paths: list[str], *, format: str | None = None):
    """(a Dataset of the inputs, whether its rows are JSONL lines): JSONL(.gz) is read as lines
    (parsed by the actors, so a bad line is an error line), Parquet as columns."""
    ray = _ray()
    kinds = {format} if format else {_kind(p) for p in paths}
    if None in kinds or len(kinds) != 1 or not kinds <= {"jsonl", "json", "parquet"}:
        raise InputError(
            f"--engine ray reads JSONL or Parquet, one kind at a time (or --format jsonl|parquet): {', '.join(paths)}"
        )
    if kinds == {"parquet"}:
        return ray.data.read_parquet(paths, num_cpus=IO_CPUS), False
    return ray.data.read_text(paths, include_paths=True, drop_empty_lines=True, num_cpus=IO_CPUS), True


def _kind(path: str) -> str | None:
    name = path.lower().rstrip("/")
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")):
        return "jsonl"
    if name.endswith(".parquet") or (("://" not in name) and Path(path).is_dir() and any(Path(path).glob("*.parquet"))):
        return "parquet"
    if "://" not in name and Path(path).is_dir() and any(Path(path).glob("*.jsonl*")):
        return "jsonl"
    return None


def _filesystem(path: str):
    """(a pyarrow filesystem, the root path in it) for a local folder or an object-store URI."""
    from pyarrow import fs

    path = path.rstrip("/")
    if "://" in path:
        return fs.FileSystem.from_uri(path)
    return fs.LocalFileSystem(), str(Path(path).resolve())


def done_ids(path: str) -> set[str]:
    """The ids of every record and error line already written under `path` (records/ and errors/
    shards, complete lines only): what `--resume` skips."""
    from pyarrow import fs

    filesystem, root = _filesystem(path)
    done: set[str] = set()
    for part in ("records", "errors"):
        selector = fs.FileSelector(f"{root}/{part}", allow_not_found=True)
        for info in filesystem.get_file_info(selector):
            if info.type != fs.FileType.File or not info.base_name.endswith(".jsonl") or info.base_name.startswith("."):
                continue
            with filesystem.open_input_stream(info.path) as stream:
                data = stream.read()
            for number, raw in enumerate(data.split(b"\n")[:-1], start=1):  # a line without its newline is cut
                if not raw.strip():
                    continue
                try:
                    value = json.loads(raw)
                    ident = value["article"]["id"] if part == "records" else value["id"]
                except (ValueError, KeyError, TypeError) as err:
                    raise InputError(
                        f"{info.path}:{number}: not a depeche {part[:-1]} line ({type(err).__name__}: {err}), "
                        "so --resume cannot continue it"
                    ) from None
                if ident is not None:
                    done.add(str(ident))
    return done


class OutcomeDatasink:
    """Writes outcome rows in one pass: records to PATH/records/, error lines to PATH/errors/ (a JSONL shard each per write task)."""

    def __new__(cls, path: str):
        from ray.data import Datasink

        class _Sink(Datasink):
            def __init__(self, path: str):
                self.path = path.rstrip("/")
                self.run = uuid.uuid4().hex[:8]

            def on_write_start(self, schema=None) -> None:
                filesystem, root = _filesystem(self.path)
                for part in ("records", "errors"):
                    filesystem.create_dir(f"{root}/{part}", recursive=True)

            def write(self, blocks, ctx) -> dict:
                from ray.data.block import BlockAccessor

                filesystem, root = _filesystem(self.path)
                records: list[str] = []
                errors: list[str] = []
                skipped = 0
                counts = dict.fromkeys(COUNTS, 0)
                for block in blocks:
                    table = BlockAccessor.for_block(block).to_arrow().to_pydict()
                    for i, (kind, line) in enumerate(zip(table["kind"], table["line"])):
                        if kind == "skipped":
                            skipped += 1
                            continue
                        (records if kind == "record" else errors).append(line)
                        for name in counts:
                            counts[name] += int(table[name][i])
                name = f"{self.run}-{ctx.task_idx:06d}.jsonl"
                local = "://" not in self.path
                for part, lines in (("records", records), ("errors", errors)):
                    if lines:
                        final = f"{root}/{part}/{name}"
                        # locally a temporary name renamed once whole; an object store shows an object once closed
                        target = f"{root}/{part}/.{name}.{os.getpid()}.tmp" if local else final
                        with filesystem.open_output_stream(target) as stream:
                            stream.write("".join(lines).encode("utf-8"))
                        if local:
                            filesystem.move(target, final)
                return {"articles": len(records), "errors": len(errors), "skipped": skipped, **counts}

            def on_write_complete(self, write_result) -> None:
                self.totals = dict.fromkeys(("articles", "errors", "skipped", *COUNTS), 0)
                for part in write_result.write_returns:
                    for key, value in part.items():
                        self.totals[key] += value

        return _Sink(path)


def write(outcomes, path: str) -> Summary:
    """Run the lazy `outcomes` and write them under `path` (records/ and errors/); the counts."""
    sink = OutcomeDatasink(path)
    outcomes.write_datasink(sink, ray_remote_args={"num_cpus": IO_CPUS})
    totals = getattr(sink, "totals", None) or {}
    summary = Summary(**{k: totals.get(k, 0) for k in ("articles", "errors", "skipped", *COUNTS)})
    summary.output = Path(path) / "records" if "://" not in path else None
    summary.errors_output = Path(path) / "errors" if "://" not in path else None
    return summary


def actor_cpus(concurrency: int) -> float:
    """CPUs each actor asks for: one, or less when `concurrency` actors would leave nothing for
    the read and write tasks (Ray would then never schedule them: a 2-CPU machine, 2 actors)."""
    import ray

    total = float(ray.cluster_resources().get("CPU", 1))
    return round(min(1.0, (total - 2 * IO_CPUS) / max(concurrency, 1)), 2)


def run(
    inputs: list[str],
    output: str,
    *,
    format: str | None = None,
    fields: FieldMap = DEFAULT_FIELDS,
    address: str | None = None,
    concurrency: int = 2,
    batch_size: int = 64,
    max_chars: int = MAX_CHARS,
    chunk_chars: int | None = None,
    language: str | None = "fr",
    resume: bool = False,
    loader: Callable | None = None,
) -> Summary:
    """`depeche extract --engine ray`: read, extract on `concurrency` actors, write shards under `output`.

    `resume`: skip the ids already under `output`/records/ and `output`/errors/. `loader`: what each
    actor loads its pipeline with (default `depeche.load(chunk_chars=...)`)."""
    import time

    ray = _ray()
    for path in inputs:
        if "://" not in path and not Path(path).exists():
            raise InputError(f"{path}: no such file or directory")
    _check_output(output, inputs)
    if format is None and None in {_kind(p) for p in inputs}:
        read(list(inputs), format=format)  # raises InputError naming the inputs, before Ray starts
    done = done_ids(output) if resume else set()
    if not ray.is_initialized():
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise RayUnavailable(f"cannot reach the Ray cluster at {address or 'a new local instance'}: {err}") from None
    ds, lines = read(list(inputs), format=format)
    started = time.perf_counter()
    summary = write(
        extract_dataset(
            ds, fields=fields, concurrency=concurrency, batch_size=batch_size, max_chars=max_chars,
            chunk_chars=chunk_chars, language=language, num_cpus=actor_cpus(concurrency), jsonl_lines=lines,
            loader=loader, done=done,
        ),
        output,
    )
    summary.seconds = time.perf_counter() - started
    return summary


def _check_output(output: str, inputs: list[str]) -> None:
    """InputError when the output folder is an input, lies inside an input folder, or holds an
    input (its shards would be read back): local paths, resolved."""
    if "://" in output:
        return
    out = Path(os.path.realpath(output))
    for raw in inputs:
        if "://" in raw:
            continue
        source = Path(os.path.realpath(raw))
        if out == source or out in source.parents or (source.is_dir() and source in out.parents):
            raise InputError(f"{output}: the output folder overlaps the input {raw}; write it elsewhere")
