"""The qualifier cue lexicon (`models/lexicons/qualifiers.jsonl`): its schema and its compiled Matcher.

One cue a line, validated by `CueEntry`: a spaCy Matcher token pattern (compiled with `validate=True`), the
qualifier it signals, and how far it reaches:

- `qualifier`: one of the record's qualifiers (negated, denied, hypothetical, rumoured, reported), or
  `pseudo` (a look-alike that is no cue: « pas encore », « même si », « sans doute »; it wins over the
  shorter cue it contains, then is dropped) or `termination` (« mais », « ; »: where a cue stops reaching,
  on a Doc without a parse);
- `chain` (with a parse): `clause` when the cue must attach to the clause of the span's head (the span's
  head up to its finite verb: « ne … pas », « si », « aucun »), `full` when it may attach anywhere on the
  way up to the root (a speech verb, « selon », a denial verb whose object holds the span), `sentence`
  anywhere in the sentence (an incise « …, rapporte Reuters », however the parser attached it);
- `also`: further qualifiers of the same cue; `pos`: with a parse, the POS the cue's last token must have;
- `scope` (without a parse): where the cue may stand in the span's clause segment, `preceding` (before the
  span, or around it: « ne rachètera pas »), `following` or `both`.
"""

from __future__ import annotations

from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from spacy.matcher import Matcher
from spacy.vocab import Vocab

QUALIFIERS = ("negated", "denied", "hypothetical", "rumoured", "reported")
CueLabel = Literal["negated", "denied", "hypothetical", "rumoured", "reported", "pseudo", "termination"]


class CueEntry(BaseModel):
    """One line of the qualifier lexicon."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="Unique within the lexicon.")
    qualifier: CueLabel
    pattern: list[dict] = Field(min_length=1, description="A spaCy Matcher token pattern.")
    scope: Literal["preceding", "following", "both"] = "both"
    chain: Literal["clause", "full", "sentence"] = "clause"
    also: list[Literal["negated", "denied", "hypothetical", "rumoured", "reported"]] = Field(
        default=[], description="Further qualifiers the same cue signals (« croit savoir »: rumoured and reported)."
    )
    pos: list[str] = Field(default=[], description="With a parse: the cue's last token must have one of these POS (a verb, not the noun « l'annonce »).")
    parse: Literal["any", "bare"] = Field(
        default="any", description="`bare`: used only on a Doc without morphology (a surface stand-in for what the parse says)."
    )
    note: str = ""


_ENTRIES = TypeAdapter(list[CueEntry])


def validate_lexicon(rows: Iterable[dict]) -> list[CueEntry]:
    """The validated entries; raises pydantic's ValidationError naming the bad line, ValueError on a repeated id."""
    entries = _ENTRIES.validate_python(list(rows))
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"qualifier lexicon: id {entry.id!r} is used twice")
        seen.add(entry.id)
    return entries


class CueMatcher:
    """The lexicon compiled into one Matcher (each pattern `greedy="LONGEST"`); `entries[key]` by match key."""

    def __init__(self, vocab: Vocab, entries: list[CueEntry]):
        self.entries = entries
        self.matcher = Matcher(vocab, validate=True)
        self.by_key: dict[int, CueEntry] = {}
        for entry in entries:
            self.matcher.add(entry.id, [entry.pattern], greedy="LONGEST")
            self.by_key[vocab.strings[entry.id]] = entry
