"""Features of a deadline candidate, read off the pipeline's own values (issue 15: rules propose, models decide).

A candidate is a `found.Found` the rule stage proposed (kept or turned down). Its features are strings
(hashed by `deals.learned.LinearClassifier`) and a dense vector:

- what the rules saw: the trigger's role and words, the kind they gave, the rule that turned it down, the
  sentence's obligation / goal / prescription / passive / reported-future cues (`rules.Rules`), the
  lexicon's `model_cues` (« aura lieu », « depuis », « objectif », « prévoit »…) in the sentence and near
  the date;
- the date: type, granularity, modifier, whether the text gives its year, how far it lies from `published`
  (past, this week, this month, this year, later);
- the words before the trigger, between the trigger and the date, and after the date (not the sentence's bag of
  words: it lowered the cross-validated F1);
- the parse: the date's dependency relation and head, the tense, mood, form and voice of the verb governing
  it, a negation on that verb; the qualifiers `depeche_qualifiers` gives the trigger (negated,
  hypothetical…: `qualifiers.qualify_chars`, the shipped cue lexicon);
- dense: the tok2vec rows (`doc.tensor`) of the trigger's and the date's heads.

On a bare `spacy.blank("fr")` Doc the parse features are absent and the dense part is zeros. A function
of the Doc and offsets: no state.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy
from spacy.tokens import Doc

from depeche.components.deadlines.found import Found
from depeche.components.deadlines.rules import Rules
from depeche.components.deals.features import TENSOR_WIDTH, _tensor_row
from depeche.normalise.dates import as_day
from depeche.normalise.dates.calendar import last_day

DENSE_WIDTH = 2 * TENSOR_WIDTH
_NEGATIONS = {"pas", "jamais", "plus", "guère", "ne", "n'", "n’"}
_YEAR = re.compile(r"\d{4}")
_CUE_NEAR = 40  # characters around the date where a model cue is « near »


def compile_cues(data: dict) -> list[tuple[str, re.Pattern]]:
    """The lexicon's `model_cues` ({id, regex}), compiled as whole words."""
    return [(c["id"], re.compile(rf"(?<!\w)(?:{c['regex']})(?!\w)", re.IGNORECASE)) for c in data.get("model_cues", [])]


def _morph(token, name: str) -> str:
    values = token.morph.get(name)
    return values[0] if values else ""


def _span_root(doc: Doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _governing_verb(token):
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token


def _distance(item: Found, published: dt.date | None) -> str:
    if published is None:
        return "nopub"
    day = as_day(item.date) or as_day(last_day(item.date) or "")
    if day is None:
        return "undated"
    days = (day - published).days
    for limit, name in ((-1, "past"), (7, "week"), (31, "month"), (366, "year")):
        if days <= limit:
            return name
    return "later"


def _words(doc: Doc, lo: int, hi: int) -> list[str]:
    span = doc.char_span(lo, hi, alignment_mode="expand") if hi > lo else None
    return [t.lower_ for t in span] if span is not None else []


def candidate_features(doc: Doc, text: str, item: Found, rules: Rules, cues: list[tuple[str, re.Pattern]],
                       published: dt.date | None, qualifiers: list[str]) -> tuple[list[str], numpy.ndarray]:
    """String features and the dense vector of one candidate (`qualifiers`: its trigger's, given by the caller)."""
    expression, sentence = item.expression, item.sentence
    start, end = expression.span.start, expression.span.end
    trigger = item.trigger or (start, end)
    role = item.via.split(":")[0].split(".")[-1]
    words = " ".join(text[trigger[0] : trigger[1]].lower().replace("’", "'").split())
    rejected = item.rejected or "kept"
    f = [f"role={role}", f"kind={item.kind}", f"rej={rejected}", f"trig={words}", f"role|rej={role}|{rejected}",
         f"trig|rej={words}|{rejected}", f"trig|kind={words}|{item.kind}", f"type={expression.type}",
         f"gran={expression.granularity}", f"mod={expression.mod}", f"year_in_text={_YEAR.search(expression.span.text) is not None}",
         f"when={_distance(item, published)}", f"role|when={role}|{_distance(item, published)}", f"date_before_trigger={end <= trigger[0]}"]
    if item.extension:
        f.append("extension_term")
    if item.own:
        f.append("own_term")
    if item.anchor is not None:
        f.append("anchored")
    for name, found in (("obligation", rules.obligation_in(text, sentence)), ("prescribed", rules.prescribed_in(text, sentence)),
                        ("passive", rules.passive_in(text, sentence)), ("future_ending", rules.future_in(text, sentence)),
                        ("goal", rules.goal is not None and rules.goal.search(text, sentence[0], sentence[1]) is not None),
                        ("reported_future", rules.reported_future is not None and rules.reported_future.search(text, sentence[0], sentence[1]) is not None)):
        if found:
            f.append(f"s:{name}")
            f.append(f"s:{name}|{role}")
    for ident, regex in cues:
        for m in regex.finditer(text, sentence[0], sentence[1]):
            f.append(f"cue={ident}")
            if m.end() >= start - _CUE_NEAR and m.start() <= end + _CUE_NEAR:
                f.append(f"cue_near={ident}")
                f.append(f"cue_near|role={ident}|{role}")
            break
    lo, hi = min(trigger[0], start), max(trigger[1], end)
    before = _words(doc, max(sentence[0], lo - 30), lo)[-3:]
    f += [f"b{k - len(before)}={w}" for k, w in enumerate(before)]
    f += [f"a+{k}={w}" for k, w in enumerate(_words(doc, hi, min(sentence[1], hi + 30))[:3])]
    gap = (trigger[1], start) if trigger[1] <= start else (end, trigger[0])
    f += [f"gap={w}" for w in _words(doc, *gap)[:6]]
    f += [f"q={q}" for q in qualifiers]
    date_tok, trig_tok = _span_root(doc, start, end), _span_root(doc, *trigger)
    if doc.has_annotation("DEP") and date_tok is not None:
        verb = _governing_verb(date_tok)
        aux = [c for c in verb.children if c.dep_.startswith(("aux", "cop"))]
        f += [f"dep={date_tok.dep_}", f"head={date_tok.head.lower_}", f"headpos={date_tok.head.pos_}", f"dep|role={date_tok.dep_}|{role}",
              f"verb={verb.lower_}", f"vtense={_morph(verb, 'Tense')}", f"vmood={_morph(verb, 'Mood')}", f"vform={_morph(verb, 'VerbForm')}",
              f"vdep={verb.dep_}"]
        f += [f"aux={a.lower_}|{_morph(a, 'Tense')}|{_morph(a, 'Mood')}" for a in aux]
        if any(c.dep_ == "aux:pass" or c.dep_ == "nsubj:pass" for c in verb.children):
            f.append("voice=pass")
        if any(c.lower_ in _NEGATIONS and c.dep_ in ("advmod", "neg") for c in verb.children):
            f.append("negated_verb")
        if trig_tok is not None:
            f.append(f"tdep={trig_tok.dep_}|{trig_tok.pos_}")
    dense = numpy.concatenate([
        _tensor_row(doc, trig_tok.i) if trig_tok is not None else numpy.zeros(TENSOR_WIDTH, dtype="float32"),
        _tensor_row(doc, date_tok.i) if date_tok is not None else numpy.zeros(TENSOR_WIDTH, dtype="float32"),
    ])
    return f, dense
