"""depeche_deadlines — SCAFFOLD: registered and wired, extraction not written yet (owned by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs


class DeadlinesComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docattrs.get(doc, "deadlines")
        return doc


@Language.factory("depeche_deadlines", default_config={})
def make_deadlines(nlp: Language, name: str) -> DeadlinesComponent:
    return DeadlinesComponent(nlp, name)
