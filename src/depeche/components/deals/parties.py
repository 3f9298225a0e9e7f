"""Stage 3 of depeche_deals: the parties of a trigger mention, from their side of it (before/after) and the
preposition before them, by the role table `_ROLES` of the trigger's sense; and a capitalised name right
after a trigger that no component took for an organisation (« rachète Twitter »)."""

from __future__ import annotations

import re

from depeche.components.common import name_key
from depeche.components.deals.context import DealContext, Entity, Mention, clause
from depeche.components.deals.features import passive, trigger_token

SUBJECT_ROLE = {
    "buy": "buyer",
    "bid": "buyer",
    "sell": "seller",
    "stake": "investor",
    "invest": "investor",
    "merge": "merging",
    "partner": "partner",
    "spin": "seller",
    "raise": "target",
    "join": "investor",
}
# role of an entity by (sense, side, preposition); None: not a party
_ROLES: dict[str, dict[tuple[str, str], str]] = {
    "buy": {("before", ""): "buyer", ("before", "a"): "buyer", ("before", "avec"): "buyer",
            ("after", ""): "target", ("after", "de"): "target", ("after", "dans"): "target",
            ("after", "a"): "seller", ("after", "aupres"): "seller", ("after", "par"): "buyer", ("after", "avec"): "buyer"},
    "bid": {("before", ""): "buyer", ("before", "avec"): "buyer", ("after", ""): "target", ("after", "de"): "buyer",
            ("after", "sur"): "target", ("after", "pour"): "target", ("after", "par"): "buyer", ("after", "dans"): "target"},
    "sell": {("before", ""): "seller", ("before", "avec"): "seller", ("after", ""): "target", ("after", "de"): "target",
             ("after", "a"): "buyer", ("after", "aupres"): "buyer", ("after", "par"): "seller"},
    "stake": {("before", ""): "investor", ("before", "avec"): "investor", ("after", ""): "target",
              ("after", "de"): "target", ("after", "dans"): "target", ("after", "par"): "investor", ("after", "aupres"): "seller"},
    "invest": {("before", ""): "investor", ("before", "avec"): "investor", ("after", ""): "target",
               ("after", "de"): "target", ("after", "dans"): "target", ("after", "par"): "investor"},
    "merge": {("before", ""): "merging", ("before", "avec"): "merging", ("after", ""): "merging",
              ("after", "de"): "merging", ("after", "avec"): "merging", ("after", "a"): "merging",
              ("after", "entre"): "merging"},
    "partner": {("before", ""): "partner", ("before", "a"): "partner", ("before", "avec"): "partner",
                ("after", ""): "partner", ("after", "a"): "partner", ("after", "avec"): "partner",
                ("after", "entre"): "partner", ("after", "de"): "partner"},
    "spin": {("before", ""): "seller", ("after", ""): "target", ("after", "de"): "target"},
    # « Y participent également BNP Paribas, Salesforce … »: joining the round just named
    "join": {("before", ""): "investor", ("after", ""): "investor", ("after", "coord"): "investor"},
    # « Mistral AI lève 385 millions d'euros auprès de … »: the subject is the company invested in
    "raise": {("before", ""): "target", ("after", "aupres"): "investor", ("after", "par"): "investor",
              ("after", "de"): "target", ("after", "avec"): "investor"},
}
_PREPS = [
    ("aupres", ("auprès de", "auprès d'", "auprès du", "auprès des")),
    ("source", ("selon", "d'après", "citant", "cité par", "rapporte", "révèle", "affirme")),
    ("dans", ("dans", "au capital de", "au capital d'", "au capital du", "capital de", "capital d'")),
    ("a", ("à", "au", "aux")),
    ("avec", ("avec", "aux côtés de", "aux côtés d'", "allié à", "associé à")),
    ("par", ("par",)),
    ("sur", ("sur",)),
    ("pour", ("pour",)),
    ("entre", ("entre",)),
    ("chez", ("chez", "contre", "face à", "comme")),
    ("de", ("de", "d'", "du", "des")),
]
_PREP_WORDS = {form for _, forms in _PREPS for form in forms if " " not in form}
_HELD_BY = re.compile(r"\bdétenu(?:e|s|es)?\s+(?:jusqu['’]\s*(?:ici|alors)\s+|jusque-là\s+)?par\s+(?:\S+\s+){0,3}$", re.I)
_BOUNDARIES = {"que", "qu'", "qu’", "qui", "alors", "tandis", "lorsque", "quand", "car", "mais", ";", ":", "dont", "puisque"}
_SOURCE_NOUNS = {"agence", "quotidien", "journal", "hebdomadaire", "magazine", "site", "révélé", "rapporté", "selon"}
DETERMINERS = {"son", "sa", "ses", "leur", "leurs", "une", "un", "l'", "l’", "la", "le", "les", "cette", "cet", "ce", "nouvelle", "nouvel"}
_NAME_AFTER = re.compile(r"\s+(?:de\s+|d['’]\s*|du\s+)?(?:l['’]\s*)?((?:[A-Z][\w&'’.-]*)(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*)*)")
ASSET_NOUNS = (
    r"activités|activité|actifs|murs|magasins|branche|division|filiales?|pôle|opérations|parts|usines?|sites?|"
    r"portefeuille|marques?|partie|réseau|hôtels?|boutiques|restaurants|agences|licences?|brevets?|titres|"
    r"participation|catalogue|flotte|terminaux|mines?|champs?|gisements?"
)
_ASSET_WORD = re.compile(rf"^(?:{ASSET_NOUNS})$", re.I)
_SHARE_WORDS = {"capital", "contrôle", "totalité", "reste", "majorité", "%", "pourcent", "actions", "action", "parts",
                "part", "intérêts", "groupe", "société", "entreprise", "concurrent", "rival", "spécialiste", "fabricant",
                "éditeur", "opérateur", "constructeur", "distributeur", "fonds", "start-up", "startup", "pépite", "leader",
                "numéro", "géant", "champion", "compatriote", "américain", "britannique", "français", "allemand"}


def preposition(ctx: DealContext, start_tok: int, lower_bound: int, first_in_gap: bool) -> str:
    """The preposition class before token `start_tok`, looking back to `lower_bound`."""
    doc = ctx.doc
    words = [t.lower_.replace("’", "'") for t in doc[max(lower_bound, start_tok - ctx.settings.max_gap) : start_tok]]
    if not words:
        return "coord"  # right after the previous name (« Google DeepMind »): its preposition still holds
    gap = " ".join(words)
    if all(w in (",", "et", "ou", "ainsi", "que") for w in words):
        return "coord"
    joined = " " + gap.replace("d' ", "d'").replace("' ", "'") + " "
    if first_in_gap and _HELD_BY.search(joined):
        return "aupres"  # « la participation de 17,9 % détenue par le fonds X »: the holder sells
    if first_in_gap:
        # a preposition right before the entity (past determiners and adjectives) wins:
        # « le rachat d'Arm par l'américain Nvidia »
        k, skipped = start_tok - 1, 0
        while k >= max(lower_bound, 0) and (
            doc[k].pos_ in ("DET", "ADJ")
            or doc[k].lower_ in DETERMINERS
            # no tagger: one lower-case word that is no preposition may be an adjective (« l'américain »)
            or (not ctx.pos and skipped < 1 and doc[k].is_alpha and doc[k].is_lower and doc[k].lower_ not in _PREP_WORDS)
        ):
            skipped += 0 if doc[k].lower_ in DETERMINERS else 1
            k -= 1
        if k >= max(lower_bound, 0):
            word = doc[k].lower_.replace("’", "'")
            if word in ("de", "d'", "du", "des") and k > 0 and doc[k - 1].lower_ == "auprès":
                return "aupres"
            if word in ("de", "d'", "du", "des") and k > 1 and doc[k - 1].lower_ == "part" and doc[k - 2].lower_ == "la" and k > 2 and doc[k - 3].lower_ == "de":
                return "par"  # « un investissement … de la part de l'État du Golfe »
            if word in ("de", "d'", "du", "des") and k > 0 and doc[k - 1].lower_ == "capital":
                return "dans"  # « portant sur 29,9 % du capital de Suez »: the company whose shares change hands
            for cls, forms in _PREPS:
                if word in forms or (cls == "source" and word in _SOURCE_NOUNS):
                    return cls
        if " auprès " in joined:
            return "aupres"
        # else the first preposition after the trigger
        best = None
        for cls, forms in _PREPS:
            for form in forms:
                pos = joined.find(" " + form + " ") if not form.endswith("'") else joined.find(" " + form)
                if pos >= 0 and (best is None or pos < best[0] or (pos == best[0] and len(form) > best[2])):
                    best = (pos, cls, len(form))
        return best[1] if best else ""
    tail = " ".join(words[-3:])
    tail = " " + tail.replace("d' ", "d'").replace("' ", "'") + " "
    best = None
    for cls, forms in _PREPS:
        for form in forms:
            pos = tail.rfind(" " + form + " ") if not form.endswith("'") else tail.rfind(" " + form)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, cls)
    return best[1] if best else ""


def assign_parties(ctx: DealContext, m: Mention, entities: list[Entity], restrict: bool) -> None:
    doc = ctx.doc
    sense = m.entry["sense"]
    roles = _ROLES[sense]
    sent_start, sent_end = ctx.sents[m.sent]
    in_sent = [e for e in entities if sent_start <= e.start and e.end <= sent_end]
    if restrict:
        in_sent = [e for e in in_sent if clause(ctx, e.tok_end - 1, m.sent) == m.clause]
    sent_tok0 = ctx.first_token(m.start_tok)
    # on the subject side, only what follows the last clause boundary (« alors que », « qui », « ; »)
    boundary = max((t.i for t in doc[sent_tok0 : m.start_tok] if t.lower_ in _BOUNDARIES), default=-1)
    before = [e for e in in_sent if e.tok_end <= m.start_tok and e.tok_start > boundary]
    after = [e for e in in_sent if e.tok_start >= m.end_tok]
    # « Suez a été racheté par Veolia », « Smoby est repris par Simba »: before a passive verb stands what changes
    # hands, not who buys or sells (the agent, « par », is read on the other side)
    subject_role = _PASSIVE_SUBJECT.get(sense) if ctx.parsed and _passive_verb(doc, m) else None
    prev_prep = ""
    prev_end = sent_tok0
    for e in before:
        prep = preposition(ctx, e.tok_start, prev_end, False)
        if prep == "coord":
            # « de X, Y et Z seraient devenus … »: a comma ends a complement on the subject side
            comma = any(t.text == "," for t in doc[prev_end : e.tok_start])
            prep = "" if comma else prev_prep
        prev_prep, prev_end = prep, e.tok_end
        role = roles.get(("before", prep))
        if subject_role and prep == "" and role:
            role = subject_role
        if role and prep != "source" and fits(e, role, prep):
            m.parties.append((role, e))
    prev_prep = ""
    prev_end = m.end_tok
    for k, e in enumerate(after):
        if e.tok_start - prev_end > ctx.settings.max_gap:
            break
        prep = preposition(ctx, e.tok_start, prev_end, True)
        if prep == "coord":
            prep = prev_prep
        prev_prep, prev_end = prep, e.tok_end
        role = roles.get(("after", prep))
        if m.entry["sense"] == "join" and prep not in ("source", "de"):
            role = "investor"  # « Y participent BNP Paribas, l'éditeur Salesforce, ainsi que Bpifrance »
        if role == "target" and k == 0 and _object_noun_between(ctx, m, e):
            continue  # « acquérir des esquisses de l'Abarth 595 »: the thing bought is the noun
        if role and fits(e, role, prep):
            m.parties.append((role, e))
    # the same entity twice in one mention: keep its first role
    seen, kept = set(), []
    for role, e in m.parties:
        if e.ident not in seen:
            seen.add(e.ident)
            kept.append((role, e))
    m.parties = kept


_PASSIVE_SUBJECT = {"buy": "target", "sell": "target", "bid": "target", "stake": "target", "invest": "target"}


def _passive_verb(doc, m: Mention) -> bool:
    """Whether the mention's trigger is a verb in the passive voice (`features.passive`)."""
    trig = trigger_token(doc, m.start_tok, m.end_tok)
    return trig.pos_ in ("VERB", "AUX") and passive(trig)


def _object_noun_between(ctx: DealContext, m: Mention, e: Entity) -> bool:
    """A verbal trigger whose object is a common noun that is no share or business of the entity after it."""
    doc = ctx.doc
    if not ctx.pos or doc[m.end_tok - 1].pos_ not in ("VERB", "AUX") or m.entry["sense"] not in ("buy", "sell", "bid"):
        return False
    for tok in doc[m.end_tok : e.tok_start]:
        if tok.pos_ == "NOUN" and not _ASSET_WORD.match(tok.lower_) and tok.lower_ not in _SHARE_WORDS:
            return True
    return False


def fits(e: Entity, role: str, prep: str) -> bool:
    if e.kind in ("regulator", "court", "official"):
        return False  # they approve or block deals (regulators are added in `_deal`); ministers, judges comment
    if e.kind == "government" and role in ("buyer", "investor") and prep:
        return False  # « aux États-Unis », « à Bruxelles »: a place, not a buyer
    if e.kind == "person" and role not in ("buyer", "investor", "seller"):
        return False  # people buy and sell; they are not bought, merged or partnered
    return True


def name_target(ctx: DealContext, m: Mention) -> None:
    """« rachète Twitter », « le rachat d'Arm »: a capitalised name right after the trigger that no
    earlier component took for an organisation is the target (with no ref)."""
    doc = ctx.doc
    if m.entry["sense"] not in ("buy", "sell", "bid") or m.targets():
        return
    end = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text)
    match = _NAME_AFTER.match(ctx.text, end, ctx.sents[m.sent][1])
    if not match:
        return
    start, stop = match.start(1), match.end(1)
    if any(e.start < stop and start < e.end for e in ctx.entities):
        return
    span = doc.char_span(start, stop, alignment_mode="expand")
    if span is None:
        return
    name = match.group(1)
    m.parties.append(("target", Entity(start, stop, name, name_key(name), None, None, span.start, span.end)))


def enough(ctx: DealContext, m: Mention) -> bool:
    if not m.parties:
        return False
    if m.entry.get("strict"):
        if m.entry["sense"] in ("buy", "sell", "bid"):
            return bool(m.targets())  # « vendre des produits », « reprendre une politique »: nothing changes hands
        firms = {e.ident for _, e in m.parties if e.kind != "person"}
        return len(firms) >= 2 or bool(m.targets())
    return True


def state_party(ctx: DealContext, m: Mention) -> None:
    """The State's implicit role in the deals its triggers tell (`state_role` of the trigger entry: a
    privatisation is the State selling, a nationalisation the State buying): the State named in the mention's
    sentence (« la privatisation de la FDJ, dont l'État détient 72 % ») takes that role, in place of a party
    that is no State nor government (« la loi Pacte prévoit la privatisation » makes no seller of the law)."""
    role = m.entry.get("state_role")
    if not role or any(r == role and e.kind in ("state", "government") for r, e in m.parties):
        return
    s0, s1 = ctx.sents[m.sent]
    taken = m.idents()
    state = next((e for e in ctx.entities if e.kind == "state" and s0 <= e.start and e.end <= s1 and e.ident not in taken), None)
    if state is not None:
        m.parties = [(r, e) for r, e in m.parties if r != role] + [(role, state)]
