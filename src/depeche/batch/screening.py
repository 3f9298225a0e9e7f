"""Which articles are extracted: `screen` (too long, too short, not French by py3langid)."""

from __future__ import annotations

from depeche.records import Article

# --- which articles are extracted --------------------------------------------------------

MAX_CHARS = 1_000_000  # longer articles are error lines; shorter ones beyond chunk_chars are cut in pieces
MIN_LETTERS = 20  # below this, a text is not an article
SHORT_LETTERS = 200  # below this, py3langid is unreliable: only a confident "not French" rejects
SHORT_CONFIDENCE = 0.8
LANGUAGE_SAMPLE = 3000  # characters given to py3langid

_identifier = None


def _language(text: str) -> tuple[str, float]:
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    lang, prob = _identifier.classify(text[:LANGUAGE_SAMPLE])
    return lang, float(prob)


def screen(article: Article, *, max_chars: int = MAX_CHARS, language: str | None = "fr") -> str | None:
    """Why `article` is not extracted, or None when it is.

    Too long (over `max_chars`); too short to be an article (fewer than 20 letters); not in
    `language` as py3langid says. A text of 200 letters or more must be identified as `language`;
    a shorter one is refused only when py3langid is confident (p >= 0.8) it is another language,
    since on a line or two it often hesitates (« Emmanuel Macron à Paris. » is fr at p = 0.15).
    """
    text = article.text
    if len(text) > max_chars:
        return f"too long: {len(text)} characters (max-chars is {max_chars})"
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LETTERS:
        return f"too short to be an article: {letters} letters"
    if language is None:
        return None
    lang, prob = _language(text)
    if lang == language:
        return None
    if letters >= SHORT_LETTERS or prob >= SHORT_CONFIDENCE:
        return f"not French: py3langid says {lang!r} (p={prob:.2f})"
    return None
