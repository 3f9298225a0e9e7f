"""depeche_organisations — SCAFFOLD: registered and wired, extraction not written yet (owned by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs


class OrganisationsComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docattrs.get(doc, "organisations")
        return doc


@Language.factory("depeche_organisations", default_config={})
def make_organisations(nlp: Language, name: str) -> OrganisationsComponent:
    return OrganisationsComponent(nlp, name)
