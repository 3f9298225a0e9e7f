"""depeche_dates: French time expressions (dates, relative dates, durations, times, sets).

Matching is one pass of one compiled regular expression over `doc.text`, built from the patterns
in `models/patterns/dates/patterns.json` whose `{PLACEHOLDERS}` are filled with the words of
`models/lexicons/dates.json`. Each match is normalised by `depeche.normalise.dates.normalise`
against the article's publication date (`docattrs.published(doc)`); the direction of a relative
expression (past or future) comes from its own words (« dernier », « prochain »), else from the
tense of the verb that governs it when the Doc is parsed, else from cue words near it.

Writes `doc._.dates`: list[records.TimeExpression], in text order, non-overlapping. Each one's `via` is
`dates.pattern:<name>` (the pattern of patterns.json that matched), plus `dates.relative` when its value
was resolved against the publication day; its `confidence` is the dev precision of that via
(`models/calibration/dates.json`, fitted by benchmarks/calibrate.py, `depeche.calibration`), for type
`date` only: durations, times and sets have no gold to calibrate on and get none.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from depeche import docattrs
from depeche.calibration import Calibration
from depeche.components.data import DataComponent, fill
from depeche.docattrs import doc_text, is_parsed
from depeche.normalise.dates import FUTURE, NEAREST, PAST, DateLexicon, Resolved, normalise
from depeche.normalise.dates.anchored import carry_years, resolve_event_days
from depeche.records import Span, TimeExpression

_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_WORD = re.compile(r"\w+")


def _alternation(words) -> str:
    """A regex alternation of `words`, longest first, any whitespace between words, both apostrophes."""
    out = []
    for word in sorted({w for w in words}, key=len, reverse=True):
        escaped = re.sub("['’]", "['’]", re.escape(word).replace(r"\ ", r"\s+"))
        out.append(escaped)
    return "(?:" + "|".join(out) + ")" if out else "(?!)"


def compile_patterns(patterns: dict, lexicon: dict) -> tuple[re.Pattern, list[dict]]:
    """One regex: the patterns as alternatives in priority order, each wrapped in a group `_k<i>`
    and its named groups prefixed `k<i>_`, so a match tells which pattern and which parts."""
    placeholders = {}
    for name, table in patterns.get("placeholders", {}).items():
        words = lexicon.get(table) or []
        placeholders[name] = _alternation(words.keys() if isinstance(words, dict) else words)
    alternatives, specs = [], []
    for i, spec in enumerate(patterns["patterns"]):
        body = re.sub(r"\{([A-Z_]+)\}", lambda m: placeholders[m[1]], spec["regex"])
        body = body.replace("(?P<", f"(?P<k{i}_")
        alternatives.append(f"(?P<_k{i}>{body})")
        names = re.findall(r"\(\?P<([a-z_]+)>", spec["regex"])
        specs.append({"name": spec["name"], "type": spec["type"], "groups": [(n, f"k{i}_{n}") for n in dict.fromkeys(names)]})
    flags = 0
    for flag in (patterns.get("flags") or "").split("|"):
        if flag:
            flags |= getattr(re, flag)
    # not inside a word; after a hyphen only as the second year of « 1998-1999 »
    regex = re.compile(r"(?:(?<![\w-])|(?<=(?:1[89]|20)\d\d-))(?:" + "|".join(alternatives) + r")(?:(?![\w-])|(?=-(?:1[89]|20)\d\d(?!\d)))", flags)
    return regex, specs


class DatesComponent(DataComponent):
    """Finds French time expressions in `doc.text` and normalises them against the publication date."""

    def __init__(
        self,
        nlp: Language,
        name: str = "depeche_dates",
        *,
        past_bias_days: int,
        year_window_days: int,
        cue_window_chars: int,
        keep_times: bool,
        keep_sets: bool,
        window_before: int,
        window_after: int,
    ):
        self.name = name
        self.past_bias_days = past_bias_days
        self.year_window_days = year_window_days
        self.cue_window_chars = cue_window_chars
        self.keep_times = keep_times
        self.keep_sets = keep_sets
        self.window_before = window_before
        self.window_after = window_after
        self.lexicon_data: dict = {}
        self.patterns_data: dict = {"patterns": []}
        self.calibration_data: dict | None = None
        self._setup()

    # --- data --------------------------------------------------------------------------

    factory = "depeche_dates"
    data_files = {"lexicon": "json", "patterns": "json", "calibration": "json"}

    def initialize(
        self, get_examples=None, *, nlp=None, lexicon: dict | None = None, patterns: dict | None = None, calibration: dict | None = None
    ) -> None:
        """Load the lexicon (models/lexicons/dates.json), patterns (models/patterns/dates/patterns.json) and
        calibration (models/calibration/dates.json, a `calibration.Calibration`); what is not given is read
        from depeche's shipped data (`components.data.shipped`)."""
        data = fill(self.factory, {"lexicon": lexicon, "patterns": patterns, "calibration": calibration})
        self.lexicon_data = dict(data["lexicon"])
        self.patterns_data = dict(data["patterns"])
        self.calibration_data = dict(data["calibration"])
        self._loaded()

    def serializers(self):
        def put_lexicon(value):
            self.lexicon_data = value

        def put_patterns(value):
            self.patterns_data = value

        def put_calibration(value):
            self.calibration_data = value

        return {
            "lexicon": (lambda: self.lexicon_data, put_lexicon),
            "patterns": (lambda: self.patterns_data, put_patterns),
            "calibration": (lambda: self.calibration_data, put_calibration),
        }

    def _rebuild(self):
        self._setup()

    def _setup(self):
        self.lexicon = DateLexicon.from_dict(self.lexicon_data)
        self.calibration = Calibration.from_dict(self.calibration_data) if self.calibration_data else None
        if self.patterns_data.get("patterns"):
            self.regex, self.specs = compile_patterns(self.patterns_data, self.lexicon_data)
        else:
            self.regex, self.specs = None, []
        keywords = set()
        for table in self.lexicon_data.get("keyword_tables", []):
            entries = self.lexicon_data.get(table) or []
            for entry in entries:
                keywords.update(w.lower() for w in _WORD.findall(entry) if not w[0].isdigit())
        keywords.update(w.lower() for w in self.lexicon_data.get("extra_keywords", []))
        self._keywords = keywords - set(self.lexicon_data.get("not_keywords", []))
        age = self.lexicon_data.get("age_context")
        self._age = re.compile(age, re.IGNORECASE) if age else None
        self._past_cues = {w.lower() for w in self.lexicon_data.get("past_cues", [])}
        self._future_cues = {w.lower() for w in self.lexicon_data.get("future_cues", [])}
        preps = [(w, PAST) for w in self.lexicon_data.get("past_preps", [])] + [(w, FUTURE) for w in self.lexicon_data.get("future_preps", [])]
        # the date may follow an elided article its span leaves out (« jusqu'à l'été »)
        self._preps = [(re.compile(r"(?<!\w)" + re.escape(w).replace("'", "['’]").replace(r"\ ", r"\s+") + r"\s+(?:l['’])?$", re.IGNORECASE), d)
                       for w, d in preps]
        cues = sorted(self._past_cues | self._future_cues, key=len, reverse=True)
        self._cue_regex = re.compile(r"(?<!\w)(" + "|".join(re.escape(c).replace("'", "['’]") for c in cues) + r")(?!\w)", re.IGNORECASE) if cues else None

    # --- matching ----------------------------------------------------------------------

    def windows(self, text: str):
        """Stretches of `text` around its date words and numbers, merged: the only places the patterns
        are tried (the whole regex at every character of a long article costs more than the rest)."""
        keywords, before, after = self._keywords, self.window_before, self.window_after
        lo = hi = None
        for word in _WORD.finditer(text):
            token = word.group()
            if not (token[0].isdigit() or token.lower() in keywords):
                continue
            start, end = max(0, word.start() - before), min(len(text), word.end() + after)
            if hi is not None and start <= hi:
                hi = end
                continue
            if hi is not None:
                yield lo, hi
            lo, hi = start, end
        if hi is not None:
            yield lo, hi

    def matches(self, text: str):
        """(start, end, pattern spec, groups) for every expression in `text`, in order."""
        if self.regex is None:
            return
        for lo, hi in self.windows(text):
            yield from self._matches(text, lo, hi)

    def _matches(self, text: str, lo: int, hi: int):
        for match in self.regex.finditer(text, lo, hi):
            key = match.lastgroup
            if not key:
                continue
            spec = self.specs[int(key[2:])]
            groups = {name: value for name, full in spec["groups"] if (value := match.group(full)) is not None}
            start, end = match.span()
            while end > start and text[end - 1] in " \t\n":
                end -= 1
            yield start, end, spec, groups

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        found = docattrs.get(doc, "dates")
        anchor = docattrs.published(doc)
        text = doc_text(doc)
        unanchored = 0
        parsed = is_parsed(doc)
        for start, end, spec, groups in self.matches(text):
            kind = spec["name"]
            if kind in ("duration", "recent_duration") and self._is_age(text, start, groups):
                continue
            tense = self._tense(doc, text, start, end, parsed)
            resolved: Resolved | None = normalise(
                kind,
                spec["type"],
                groups,
                self.lexicon,
                anchor,
                tense,
                past_bias=self.past_bias_days,
                window_days=self.year_window_days,
            )
            if resolved is None:
                continue
            if resolved.type == "time" and not self.keep_times or resolved.type == "set" and not self.keep_sets:
                continue
            if anchor is None and "X" in resolved.value and resolved.type in ("date", "time") and resolved.value != "XXXX-SU":
                unanchored += 1
            via = [f"dates.pattern:{kind}"] + (["dates.relative"] if resolved.relative else [])
            confidence = self.calibration.confidence(via) if self.calibration and resolved.type == "date" else None
            found.append(
                TimeExpression(
                    value=resolved.value,
                    type=resolved.type,
                    granularity=resolved.granularity,
                    span=Span.at(text, start, end),
                    relative=resolved.relative,
                    mod=resolved.mod,
                    confidence=confidence,
                    via=via,
                )
            )
        found[:] = resolve_event_days(found, self.lexicon, text=text, published=anchor)  # « le lendemain », « l'année suivante »: from another date
        found[:] = carry_years(found, text)  # « du 6 juin 1944 … jusqu'au 26 août »: the sentence's year
        if unanchored:
            docattrs.warn(doc, f"dates: no publication date; {unanchored} date value(s) keep unknown parts (X)")
        return doc

    def _is_age(self, text: str, start: int, groups: dict) -> bool:
        """« un homme de 38 ans », « Jean, 38 ans »: a count of years after « de », a comma or a bracket is an age."""
        if self._age is None or self.lexicon.units.get(groups.get("unit", "").lower()) != "Y":
            return False
        return bool(self._age.search(text[max(0, start - 12) : start]))

    # --- tense ---------------------------------------------------------------------------

    def _tense(self, doc: Doc, text: str, start: int, end: int, parsed: bool) -> int:
        """PAST, FUTURE or NEAREST for the expression at [start, end)."""
        if parsed:
            tense = self._parsed_tense(doc, start, end)
            if tense == PAST and self._prep_direction(text, start) == FUTURE:
                return NEAREST  # « a prolongé la mesure jusqu'au 20 août » (in May): the act is past, its term need not be
            if tense != NEAREST:
                return tense
        return self._cue_tense(text, start, end)

    @staticmethod
    def _parsed_tense(doc: Doc, start: int, end: int) -> int:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return NEAREST
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            return NEAREST
        auxes = [c for c in token.children if c.dep_.startswith("aux")]
        for _ in range(3):
            untensed = all("Tense" not in c.morph for c in auxes)  # « être » of « devra être remis »
            head = token.head
            if head.i == token.i or head.pos_ not in ("VERB", "AUX") or not untensed:
                break
            if token.dep_ == "conj" and not auxes and "Part" in token.morph.get("VerbForm"):
                # « qui devra être remis d'ici l'été et adressé avant septembre »: a participle with no
                # auxiliary of its own shares the tense of the verb it is coordinated with
                token, auxes = head, [c for c in head.children if c.dep_.startswith("aux")]
            elif token.dep_ == "xcomp" and (auxes or "Inf" in token.morph.get("VerbForm")):
                # « devra être remis avant septembre », « devra rendre avant septembre »: the verb it completes
                # tells the time, when that verb is in the future
                head_auxes = [c for c in head.children if c.dep_.startswith("aux")]
                if "Fut" in head.morph.get("Tense") or any("Fut" in c.morph.get("Tense") for c in head_auxes):
                    return FUTURE
                break
            else:
                break
        tenses = set(token.morph.get("Tense"))
        aux_tenses = {t for c in auxes for t in c.morph.get("Tense")}
        moods = set(token.morph.get("Mood")) | {m for c in auxes for m in c.morph.get("Mood")}
        if "Fut" in tenses or "Fut" in aux_tenses:
            return FUTURE
        if "Cnd" in moods:
            return NEAREST
        # a compound tense (« a prolongé », « avait été reporté ») or a passive in the past (« était reportée »);
        # a passive in the present or without tense (« est reportée », « doivent être envoyées ») is not past
        compound = any(c.dep_ != "aux:pass" for c in auxes)
        if auxes and ((compound and "Past" in tenses) or "Imp" in aux_tenses or "Past" in aux_tenses):
            return PAST
        if "Imp" in tenses or ("Past" in tenses and "Part" not in token.morph.get("VerbForm")):
            return PAST
        return NEAREST

    def _prep_direction(self, text: str, start: int) -> int | None:
        """PAST or FUTURE for a cue preposition right before the date (« jusqu'au 4 décembre », « depuis mars »), else None."""
        just_before = text[max(0, start - 20) : start]
        return next((direction for regex, direction in self._preps if regex.search(just_before)), None)

    def _cue_tense(self, text: str, start: int, end: int) -> int:
        """The nearest past or future cue word within the sentence around the expression."""
        direction = self._prep_direction(text, start)
        if direction is not None:
            return direction
        if self._cue_regex is None:
            return NEAREST
        lo = max(0, start - self.cue_window_chars)
        hi = min(len(text), end + self.cue_window_chars)
        before = text[lo:start]
        cut = [m.end() for m in _SENTENCE_END.finditer(before)]
        if cut:
            lo += cut[-1]
        after = _SENTENCE_END.search(text, end, hi)
        if after:
            hi = after.start()
        best, best_distance = NEAREST, None
        for m in self._cue_regex.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            word = m[1].lower().replace("’", "'")
            direction = FUTURE if word in self._future_cues else PAST
            if best_distance is None or distance < best_distance:
                best, best_distance = direction, distance
        return best


@Language.factory(
    "depeche_dates",
    default_config={
        "past_bias_days": 2,
        "year_window_days": 90,
        "cue_window_chars": 60,
        "keep_times": True,
        "keep_sets": True,
        "window_before": 32,
        "window_after": 40,
    },
    assigns=["doc._.dates", "doc._.depeche_warnings"],
)
def make_dates(
    nlp: Language,
    name: str,
    past_bias_days: int,
    year_window_days: int,
    cue_window_chars: int,
    keep_times: bool,
    keep_sets: bool,
    window_before: int,
    window_after: int,
) -> DatesComponent:
    return DatesComponent(
        nlp,
        name,
        past_bias_days=past_bias_days,
        year_window_days=year_window_days,
        cue_window_chars=cue_window_chars,
        keep_times=keep_times,
        keep_sets=keep_sets,
        window_before=window_before,
        window_after=window_after,
    )
