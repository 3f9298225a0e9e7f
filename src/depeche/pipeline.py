"""Build depeche's spaCy Language from `models/config.cfg`.

The config sources the base model's trained components (`source = "fr_core_news_md"`) and
adds ours by factory name (`depeche_*`: spaCy rejects '.' in factory names). Only our components
are initialised here — that is where they load their gazetteers and lexicons from `models/` — so
the base model's weights are kept as trained, except where `[initialize.after_init]` loads
depeche's retrained weights over a sourced component (the ner, see `depeche.weights`). The
result round-trips with `nlp.to_disk` / `spacy.load`.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

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
    return nlp
