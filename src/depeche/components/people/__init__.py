"""depeche_people — SCAFFOLD: registered and wired, extraction not written yet (owned by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs


class PeopleComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docattrs.get(doc, "people")
        return doc


@Language.factory("depeche_people", default_config={})
def make_people(nlp: Language, name: str) -> PeopleComponent:
    return PeopleComponent(nlp, name)
