"""depeche_dates — SCAFFOLD: registered and wired, extraction not written yet (owned by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs


class DatesComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docattrs.get(doc, "dates")
        return doc


@Language.factory("depeche_dates", default_config={})
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp, name)
