"""Features of deal decisions, read off the pipeline's own annotations (issue 11: rules propose, models decide).

Two decisions are made by the trained models of `depeche.components.deals.learned`:

- **trigger sense**: is this trigger mention (a match of `deals_triggers.jsonl`) a corporate transaction?
  « Veolia rachète Suez » is, « racheter une voiture », « s'offrir un bain de foule » are not;
- **party role**: for a (trigger, candidate) pair of the same sentence, which role has the candidate —
  buyer, seller, target, merging, partner, investor, regulator — or none.

Each instance is a list of string features (hashed into a sparse linear model) and a dense vector: the
tok2vec rows (`doc.tensor`, the contextual vectors the tagger, parser and ner read) of the trigger and of the
candidate's head, and the static vector of the trigger's object. On a Doc without a tensor or a parse (a bare
`spacy.blank("fr")`), the parse features are absent and the dense part is zeros: the models still answer, from
the words.

Everything here is a function of the Doc and token offsets: no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy

TENSOR_WIDTH = 96  # fr_core_news_md's tok2vec width
VECTOR_WIDTH = 300  # fr_core_news_md's static vectors
SENSE_DENSE = TENSOR_WIDTH + VECTOR_WIDTH
ROLE_DENSE = 2 * TENSOR_WIDTH

_CASES = {"de", "d'", "du", "des", "par", "à", "au", "aux", "auprès", "avec", "sur", "pour", "dans", "entre", "chez",
          "contre", "selon", "en", "sous", "vers", "face"}


@dataclass(frozen=True)
class Candidate:
    """A possible party: tokens [start, end) of the Doc, where it comes from, and what is known of it."""

    start: int
    end: int
    source: str  # "organisation", "person", "state", "ent:ORG", "ent:PER", "ent:MISC", "ent:LOC", "propn"
    kind: str | None = None  # the organisation's kind, "person", "official", "state"


def _morph(token, name: str) -> str:
    values = token.morph.get(name)
    return values[0] if values else ""


def _vector(token) -> numpy.ndarray:
    if token is None or not token.has_vector:
        return numpy.zeros(VECTOR_WIDTH, dtype="float32")
    v = numpy.asarray(token.vector, dtype="float32")
    if v.shape[0] != VECTOR_WIDTH:
        return numpy.zeros(VECTOR_WIDTH, dtype="float32")
    n = float(numpy.linalg.norm(v))
    return v / n if n else v


def _tensor_row(doc, i: int) -> numpy.ndarray:
    tensor = doc.tensor
    if tensor is None or not hasattr(tensor, "shape") or len(tensor.shape) != 2 or tensor.shape[0] != len(doc) or tensor.shape[1] != TENSOR_WIDTH:
        return numpy.zeros(TENSOR_WIDTH, dtype="float32")
    row = numpy.asarray(tensor[i], dtype="float32")
    n = float(numpy.linalg.norm(row))
    return row / n if n else row


def head_token(doc, start: int, end: int):
    """The syntactic head of tokens [start, end): the one whose head lies outside (the last token without a parse)."""
    if not doc.has_annotation("DEP"):
        return doc[end - 1]
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def trigger_token(doc, start: int, end: int):
    """The word of a trigger mention that carries it: its verb if it has one, else its head."""
    span = doc[start:end]
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else head_token(doc, start, end)


def _case(token) -> str:
    """The preposition of a nominal (« par Veolia » → par), from the parse or the word before."""
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.i < token.i:
            word = child.lower_.replace("’", "'")
            if word == "de" and child.i > 0 and token.doc[child.i - 1].lower_ == "auprès":
                return "auprès"
            return word
    return ""


def _prev_word(doc, i: int, floor: int) -> str:
    """The nearest preposition-like word before token i (past determiners and adjectives), no parse needed."""
    k = i - 1
    while k >= floor and (doc[k].pos_ in ("DET", "ADJ") or doc[k].lower_ in ("l'", "l’", "le", "la", "les", "un", "une", "son", "sa", "ses")):
        k -= 1
    if k < floor:
        return ""
    word = doc[k].lower_.replace("’", "'")
    return word if word in _CASES else ""


# participles of the verbs conjugated with « être » (« sont devenus », « est entrée au capital »): the parser
# marks their auxiliary aux:pass, yet they are active
_ETRE_VERBS = re.compile(r"^(?:re)?(?:devenu|entré|monté|venu|arrivé|parti|resté|tombé|sorti|descendu|retourné|parvenu|allé|passé)(?:e|s|es)?$")


def passive(token) -> bool:
    """« a été racheté », « racheté par » (a participle with its agent), « Rachetée par Y, X … »."""
    if _ETRE_VERBS.match(token.lower_):
        return False
    if any(c.dep_ == "nsubj:pass" for c in token.children) or _morph(token, "Voice") == "Pass":
        return True
    return _morph(token, "VerbForm") == "Part" and any(_case(c) == "par" for c in token.children)


def _path(doc, a, b, limit: int = 4) -> str:
    """The dependency path from token a up to the lowest common ancestor and down to b, as labels."""
    up_a, seen = [a], {a.i: 0}
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 12:
        up_a.append(up_a[-1].head)
        seen[up_a[-1].i] = len(up_a) - 1
    down, cur = [], b
    for _ in range(12):
        if cur.i in seen:
            break
        down.append(cur)
        if cur.head.i == cur.i:
            return "far"
        cur = cur.head
    else:
        return "far"
    ups = [t.dep_ for t in up_a[: seen[cur.i]]]
    downs = [t.dep_ for t in reversed(down)]
    if len(ups) + len(downs) > limit:
        return "far"
    return "^".join(ups) + "|" + "v".join(downs)


_GOVERNING = ("xcomp", "ccomp", "obj", "obl", "obl:arg", "nmod", "advcl")


def _nominal(trig) -> bool:
    """A trigger noun, also where the tagger took it for a verb after its determiner (« l'offre de Veolia »)."""
    return trig.pos_ == "NOUN" or (trig.i > 0 and trig.doc[trig.i - 1].pos_ == "DET")


def _relation(trig, tok, pas: bool) -> str:
    """How `tok` (a candidate's head, a child of the trigger) stands to the trigger, voice undone."""
    dep, case = tok.dep_, _case(tok)
    if _nominal(trig) and case in ("de", "d'", "du", "des"):
        return "genitive"  # « le rachat de X » (what is bought), « l'offre de Y » (who bids): the sense decides
    if dep == "nsubj:pass" or (dep == "nsubj" and pas):
        return "patient"
    if dep in ("nsubj", "csubj"):
        return "agent"
    if dep == "obj":
        return "patient"
    if dep == "obl:agent" or case == "par":
        return "agent" if pas or _nominal(trig) else "par"
    if case in ("de", "d'", "du", "des"):
        return "de"
    if case in ("à", "au", "aux"):
        return "to"
    if case in ("auprès", "dans", "avec", "entre", "sur", "pour"):
        return case
    if dep in ("appos", "amod", "nmod") and _nominal(trig):
        return "patient"
    return "other:" + dep


def designated(tok):
    """The noun a name designates from behind: « le fonds américain KKR » → fonds, « le géant des cosmétiques
    Coty » → géant, « le gestionnaire d'autoroutes Sanef » → gestionnaire (a name with no preposition of its own
    hanging from a common noun before it); else the name."""
    climbed = False
    for _ in range(3):
        case = _case(tok)
        if tok.dep_ not in ("appos", "nmod", "flat:name") or tok.head.pos_ != "NOUN" or tok.head.i >= tok.i:
            break
        if case and not (climbed and case in ("de", "d'", "du", "des")):
            break  # the name's own preposition (« la société de Kylie Jenner »); past it, the designator's complement
        tok, climbed = tok.head, True  # (« l'éditeur de logiciels Talend » → éditeur)
    return tok


def deep_relation(trig, head, pas: bool) -> str:
    """The candidate's relation to the trigger read through the parse, voice undone: « agent » (who acts: the
    active subject, « par » of a passive or of a nominal trigger, the antecedent of « qui »), « patient » (what is
    acted on: the object, the passive subject, the antecedent of « que » or of a participle « X, racheté par Y »),
    « genitive » (« de » of a nominal trigger: « le rachat de X », « l'offre de Y »), « to » (« à »), a preposition,
    « governor-subject » (the subject of the verb that governs the trigger: « X veut racheter Y », « X a annoncé le
    rachat de Y »; « inside-governor-subject » for a name inside that subject), or « far ». A conjunct takes its
    first conjunct's relation (« Oracle et Walmart »)."""
    tok = designated(head)
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.i != trig.i:
        tok = tok.head
    if tok.head.i == trig.i and tok.i != trig.i:
        return _relation(trig, tok, pas)
    if trig.head.i == tok.i and tok.i != trig.i:
        if trig.dep_ == "acl:relcl":
            rel = next((c for c in trig.children if _morph(c, "PronType") == "Rel"), None)
            if rel is None:
                return "antecedent"
            if rel.lower_ == "dont":
                return "de"
            return _relation(trig, rel, pas)
        if trig.dep_ == "acl":
            return "patient" if _morph(trig, "VerbForm") == "Part" and _morph(trig, "Tense") != "Pres" else "agent"
        if trig.dep_ in ("nmod", "appos"):
            return "owner"
    # the subject of the verb the trigger depends on (« X mène des négociations en vue de racheter Y »)
    # (also a name inside that subject: « le conseil d'administration d'Engie a accepté l'offre »)
    subject, steps = tok, 0
    while subject.dep_ == "nmod" and subject.head.i != subject.i and steps < 3:
        subject, steps = subject.head, steps + 1
    gov, hops = trig, 0
    while gov.dep_ in _GOVERNING and gov.head.i != gov.i and hops < 3:
        gov, hops = gov.head, hops + 1
        if subject.head.i == gov.i and subject.dep_ in ("nsubj", "nsubj:pass"):
            return "governor-subject" if subject is tok else "inside-governor-subject"
    return "far"


# verbs by which a party answers an offer it did not make (« Engie a accepté l'offre de Veolia »), by their stems:
# the pipeline has no lemmatizer
_ANSWERS = re.compile(r"^(?:accept|refus|rejet|rejett|repouss|déclin|étudi|examin|reç|recev|salu)")


def answers_the_offer(trig, head) -> bool:
    """The candidate is (inside) the subject of a verb that answers the nominal trigger it governs: « le conseil
    d'administration d'Engie a accepté l'offre de Veolia » — who answers an offer does not make it."""
    if not _nominal(trig) or trig.dep_ not in ("obj", "nsubj:pass") or trig.head.i == trig.i or not _ANSWERS.match(trig.head.lower_):
        return False
    return deep_relation(trig, head, False) in ("governor-subject", "inside-governor-subject")


def sentence_of(doc, i: int, sentences: list[tuple[int, int]]) -> tuple[int, int]:
    """The token range of the sentence (given as token ranges) holding token i."""
    for s, e in sentences:
        if s <= i < e:
            return s, e
    return 0, len(doc)


def sense_features(doc, start: int, end: int, entry: dict, sent: tuple[int, int], candidates: list[Candidate],
                   has_money: bool, negative: bool = False) -> tuple[list[str], numpy.ndarray]:
    """String features and a dense vector for the trigger mention [start, end) of lexicon entry `entry`;
    `negative`: the mention lies in a match of the negative lexicon (« acquisition de stupéfiants »)."""
    trig = trigger_token(doc, start, end)
    s0, s1 = sent
    f = [f"id={entry.get('id')}", f"sense={entry.get('sense')}", f"kind={entry.get('kind')}", f"low={trig.lower_}",
         f"pos={trig.pos_}", f"dep={trig.dep_}", f"head={trig.head.lower_}", f"headpos={trig.head.pos_}",
         f"vf={_morph(trig, 'VerbForm')}", f"mood={_morph(trig, 'Mood')}", f"tense={_morph(trig, 'Tense')}",
         f"id|pos={entry.get('id')}|{trig.pos_}", f"id|dep={entry.get('id')}|{trig.dep_}", f"money={has_money}",
         f"cap={doc[start].text[:1].isupper()}"]
    if negative:
        f.append("negative")
        f.append(f"negative|{entry.get('id')}")
    if passive(trig):
        f.append("passive")
    for k in (-3, -2, -1):
        j = start + k
        f.append(f"w{k}={doc[j].lower_ if j >= s0 else '<s>'}")
    for k in (0, 1, 2):
        j = end + k
        f.append(f"w+{k}={doc[j].lower_ if j < s1 else '</s>'}")
    obj = None
    for child in trig.children:
        f.append(f"child={child.dep_}")
        if child.dep_ in ("obj", "nmod", "obl:arg", "obl:mod", "nsubj:pass", "nsubj") and child.i > trig.i and obj is None and child.pos_ in ("NOUN", "PROPN"):
            obj = child
            f.append(f"obj={child.lower_}")
            f.append(f"objpos={child.pos_}|{_case(child)}")
    kinds = {}
    for c in candidates:
        if not (s0 <= c.start < s1):
            continue
        side = "b" if c.end <= start else "a"
        dist = min(abs(c.start - end), abs(start - c.end))
        near = "n" if dist <= 3 else ("m" if dist <= 8 else "f")
        f.append(f"cand={side}{near}|{c.source}")
        f.append(f"candk={side}|{c.kind}")
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    n_org = sum(v for k, v in kinds.items() if k not in ("person", "official", None))
    f.append(f"norg={min(n_org, 3)}")
    f.append(f"id|norg={entry.get('id')}|{min(n_org, 2)}")
    for tok in doc[s0:s1]:
        if tok.is_alpha and len(tok) > 3 and not tok.is_stop and tok.i not in range(start, end):
            f.append(f"bow={tok.lower_}")
    dense = numpy.concatenate([_tensor_row(doc, trig.i), _vector(obj)])
    return f, dense


def role_features(doc, start: int, end: int, entry: dict, cand: Candidate, sent: tuple[int, int], rule: str = "none") -> tuple[list[str], numpy.ndarray]:
    """String features and a dense vector for candidate `cand` of the trigger mention [start, end); `rule` is the
    role the rule stage gave it (or "none"): rules propose, the model decides."""
    parsed = doc.has_annotation("DEP")
    trig = trigger_token(doc, start, end)
    head = head_token(doc, cand.start, cand.end)
    sense = entry.get("sense")
    side = "before" if cand.end <= start else ("after" if cand.start >= end else "inside")
    dist = min(abs(cand.start - end), abs(start - cand.end))
    bucket = "0" if dist <= 1 else ("1" if dist <= 3 else ("2" if dist <= 8 else "3"))
    case = _case(designated(head)) if parsed else ""
    prev = _prev_word(doc, cand.start, max(sent[0], cand.start - 4))
    pas = passive(trig) if parsed else False
    path = _path(doc, head, trig) if parsed else "none"
    deep = deep_relation(trig, head, pas) if parsed else "none"
    f = [f"deep={deep}", f"sense|deep={sense}|{deep}", f"sense|deep|side={sense}|{deep}|{side}",
         f"sense={sense}", f"kind={entry.get('kind')}", f"id={entry.get('id')}", f"src={cand.source}", f"ck={cand.kind}",
         f"side={side}", f"dist={bucket}", f"case={case}", f"prev={prev}", f"path={path}", f"dep={head.dep_}",
         f"tpos={trig.pos_}", f"sense|side={sense}|{side}", f"sense|case={sense}|{case}|{side}",
         f"sense|prev={sense}|{prev}|{side}", f"sense|path={sense}|{path}", f"sense|dep={sense}|{head.dep_}",
         f"sense|ck={sense}|{cand.kind}", f"pas={pas}", f"sense|pas|side={sense}|{pas}|{side}",
         f"sense|pas|case={sense}|{pas}|{case}", f"sense|pas|dep={sense}|{pas}|{head.dep_}",
         f"rule={rule}", f"rule|sense={rule}|{sense}", f"rule|pas={rule}|{pas}", f"rule|src={rule}|{cand.source}",
         f"headlow={head.head.lower_ if parsed else ''}", f"tdep={trig.dep_}", f"sense|tdep|side={sense}|{trig.dep_}|{side}"]
    if parsed:
        if head.head.i == trig.i:
            f.append(f"child_of_trigger|{head.dep_}|{case}")
        if trig.head.i == head.i:
            f.append(f"trigger_child_of|{trig.dep_}")
        # the candidate is the subject of the verb the trigger noun is the object of (« X a annoncé le rachat de Y »)
        if trig.pos_ == "NOUN" and head.head.i == trig.head.i and head.dep_.startswith("nsubj"):
            f.append(f"subject_of_governor|{trig.dep_}|{trig.head.pos_}")
    # other candidates between the pair: a party far behind others is seldom one
    between = doc[min(end, cand.end):max(start, cand.start)]
    f.append(f"comma_between={any(t.text == ',' for t in between)}")
    f.append(f"verb_between={any(t.pos_ == 'VERB' for t in between)}")
    dense = numpy.concatenate([_tensor_row(doc, trig.i), _tensor_row(doc, head.i)])
    return f, dense


STATUS_DENSE = 2 * TENSOR_WIDTH


def status_features(doc, start: int, end: int, entry: dict, sent: tuple[int, int], rule: str, cues: list[str]) -> tuple[list[str], numpy.ndarray]:
    """String features and a dense vector for the status of the deal told by the trigger mention [start, end):
    the rules' status and cue statuses, the tense, mood and auxiliaries of the trigger and of the verb governing
    it, the words around it and in its sentence."""
    trig = trigger_token(doc, start, end)
    verb = trig
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    s0, s1 = sent
    f = [f"rule={rule}", f"kind={entry.get('kind')}", f"id={entry.get('id')}", f"tpos={trig.pos_}", f"tdep={trig.dep_}",
         f"vlow={verb.lower_}", f"vtense={_morph(verb, 'Tense')}", f"vmood={_morph(verb, 'Mood')}", f"vform={_morph(verb, 'VerbForm')}",
         f"rule|tpos={rule}|{trig.pos_}"]
    f.extend(f"cue={c}" for c in cues)
    for child in verb.children:
        if child.dep_.startswith(("aux", "cop", "advmod", "mark")):
            f.append(f"aux={child.lower_}")
            f.append(f"auxmood={_morph(child, 'Mood')}|{_morph(child, 'Tense')}")
    for k in (-3, -2, -1):
        j = start + k
        f.append(f"w{k}={doc[j].lower_ if j >= s0 else '<s>'}")
    for tok in doc[s0:s1]:
        if tok.is_alpha and len(tok) > 3 and not tok.is_stop:
            f.append(f"bow={tok.lower_}")
    dense = numpy.concatenate([_tensor_row(doc, trig.i), _tensor_row(doc, verb.i)])
    return f, dense
