"""Compare records with hand-written gold: precision, recall, F1 per field, per split.

- `gold`: the gold formats (articles: corpus/<split>/gold/<id>.json; the sentence bank:
  corpus/sentences/<split>.jsonl), `split_of` (the dev/test split of a document id), `load_gold`,
  `span_problems`.
- `articles`: `score_article`, `evaluate` (one gold folder), `evaluate_corpus` (each split of a corpus).
- `sentences`: `evaluate_sentences` (deal detection, parties by role on spans, amount, stake, kind, status,
  qualifiers).
- `tables`: the reports as rich tables (splits side by side) and JSON.

How each field is matched is in the docstrings of `articles` and `sentences`.
"""

from depeche.evaluate.articles import (
    FIELDS,
    OUTCOME_KINDS,
    SPAN_FIELDS,
    SPLITS,
    MismatchError,
    Report,
    evaluate,
    evaluate_corpus,
    score_article,
)
from depeche.evaluate.gold import (
    GoldArticle,
    GoldDate,
    GoldDeadline,
    GoldDeal,
    GoldError,
    GoldMoney,
    GoldOrganisation,
    GoldParty,
    GoldPerson,
    GoldRole,
    GoldSentence,
    GoldSentenceDeal,
    GoldSpan,
    GoldStake,
    load_gold,
    span_problems,
    split_of,
)
from depeche.evaluate.scores import AMOUNT_TOLERANCE, STAKE_TOLERANCE, Score
from depeche.evaluate.sentences import SentenceReport, evaluate_sentences, load_sentences
from depeche.evaluate.tables import reliability_tables, sentence_table, split_table, table, to_json

__all__ = [
    "AMOUNT_TOLERANCE", "FIELDS", "OUTCOME_KINDS", "SPAN_FIELDS", "SPLITS", "STAKE_TOLERANCE", "GoldArticle", "GoldDate",
    "GoldDeadline", "GoldDeal", "GoldError", "GoldMoney", "GoldOrganisation", "GoldParty", "GoldPerson",
    "GoldRole", "GoldSentence", "GoldSentenceDeal", "GoldSpan", "GoldStake", "MismatchError", "Report", "Score",
    "SentenceReport", "evaluate", "evaluate_corpus", "evaluate_sentences", "load_gold", "load_sentences",
    "reliability_tables", "score_article", "sentence_table", "span_problems", "split_of", "split_table", "table", "to_json",
]
