"""depeche_deals — SCAFFOLD: registered and wired, extraction not written yet (owned by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs


class DealsComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docattrs.get(doc, "deals")
        return doc


@Language.factory("depeche_deals", default_config={})
def make_deals(nlp: Language, name: str) -> DealsComponent:
    return DealsComponent(nlp, name)
