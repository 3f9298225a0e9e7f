"""depeche: French news articles to structured records, every value grounded in the source text."""

from depeche.extractor import Extractor, load
from depeche.records import ArticleRecord, Article, Span

__all__ = ["Article", "ArticleRecord", "Extractor", "Span", "load"]
__version__ = "0.1.0"
