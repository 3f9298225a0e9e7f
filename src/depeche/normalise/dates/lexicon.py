"""The words of French dates (`DateLexicon`), the direction constants and the `Resolved` value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PAST, NEAREST, FUTURE = -1, 0, 1


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower().replace("’", "'")).strip()


@dataclass
class DateLexicon:
    """The words of French dates, keyed by lower-case text with straight apostrophes."""

    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, float | str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    seasons: dict[str, str] = field(default_factory=dict)
    day_words: dict[str, int] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    times_of_day: dict[str, str] = field(default_factory=dict)
    period_units: dict[str, str] = field(default_factory=dict)
    fixed_durations: dict[str, str] = field(default_factory=dict)
    holidays: dict[str, str] = field(default_factory=dict)  # « noël » -> "12-25"
    event_days: dict[str, int] = field(default_factory=dict)  # « le lendemain » -> 1 (from another date of the text)
    anchored_words: dict[str, int] = field(default_factory=dict)  # « l'année suivante » -> +1 (from another date of the text)
    duration_mods: dict[str, str] = field(default_factory=dict)  # « plus de » -> MORE_THAN
    halves: dict[str, float] = field(default_factory=dict)  # « et demi » -> 0.5
    past_words: set[str] = field(default_factory=set)
    future_words: set[str] = field(default_factory=set)

    @classmethod
    def from_dict(cls, data: dict) -> DateLexicon:
        def table(name):
            return {_key(k): v for k, v in (data.get(name) or {}).items()}

        months = table("months")
        months.update(table("month_abbreviations"))
        return cls(
            months=months,
            weekdays=table("weekdays"),
            numbers=table("numbers"),
            units=table("units"),
            ordinals=table("ordinals"),
            seasons=table("seasons"),
            day_words=table("day_words"),
            parts=table("parts"),
            times_of_day=table("times_of_day"),
            period_units=table("period_units"),
            fixed_durations=table("fixed_durations"),
            holidays=table("holidays"),
            event_days=table("event_day_words"),
            anchored_words=table("anchored_words"),
            duration_mods=table("duration_mods"),
            halves=table("halves"),
            past_words={_key(w) for w in data.get("past_words", [])},
            future_words={_key(w) for w in data.get("future_words", [])},
        )

    def direction(self, word: str | None) -> int:
        if not word:
            return NEAREST
        word = _key(word)
        if word in self.past_words:
            return PAST
        if word in self.future_words:
            return FUTURE
        return NEAREST

    def number(self, text: str | None) -> float | str | None:
        """A count: digits (`90`, `30,4`), a word (`douze`), or "X" for « quelques », « plusieurs »."""
        if text is None:
            return None
        text = _key(text)
        if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
            value = float(text.replace(",", "."))
            return int(value) if value.is_integer() else value
        return self.numbers.get(text)

    def month(self, text: str) -> int | None:
        text = _key(text).rstrip(".")
        if text.isdigit():
            value = int(text)
            return value if 1 <= value <= 12 else None
        return self.months.get(text)


@dataclass(frozen=True)
class Resolved:
    value: str
    type: str  # date | duration | time | set
    granularity: str
    relative: bool = False
    mod: str | None = None  # START | MID | END | APPROX (TimeML's mod)
