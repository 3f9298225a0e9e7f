"""depeche: French news articles to structured records, every value grounded in the source text.

`depeche.load()` gives an `Extractor` (its `extract`, `extract_many`, `extract_each` make
`ArticleRecord`s); the record models are in `depeche.records`. spaCy is imported only when `load`
or `Extractor` is first used: `import depeche.records` (and `depeche.verify`, `depeche.viewer`,
`depeche.evaluate`, `depeche.aggregate`) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from depeche.records import Article, ArticleRecord, ErrorLine, Span

if TYPE_CHECKING:  # for type checkers and IDEs; at run time they are imported on first use (__getattr__)
    from depeche.extractor import Extractor, load

__all__ = ["Article", "ArticleRecord", "ErrorLine", "Extractor", "Span", "load", "to_frames"]
__version__ = "0.1.0"

_LAZY = {"Extractor": "depeche.extractor", "load": "depeche.extractor"}  # name -> the module that imports spaCy


def __getattr__(name: str):
    """`depeche.load` and `depeche.Extractor`, imported (with spaCy) the first time they are asked for (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'depeche' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def to_frames(records):
    """One pandas DataFrame per kind of item (articles, organisations, people, roles, mentions, dates, deadlines,
    deals, deal_parties) from records or a records file: `depeche.tables.to_frames` (`pip install 'depeche[tables]'`;
    pandas and pyarrow are imported only when it is called)."""
    from depeche.tables import to_frames as _to_frames

    return _to_frames(records)
