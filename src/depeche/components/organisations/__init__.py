"""depeche_organisations: the organisations an article names, as `doc._.organisations`, and ORG in `doc.ents`.

Stages, one module each (typed values between them in `types`):

1. `generators`: candidate generators, each `(tables, ctx, found) -> [Candidate]`, run in the order of the
   config's `generators` list (left out = off). Ids, and the `via` each gives its candidates:
   `gazetteer` (organisations.gazetteer: `models/gazetteers/organisations*.jsonl`, a PhraseMatcher on LOWER with
   accent-free variants, checked case-aware), `designators` (organisations.designator: « le groupe chinois ByteDance », past a complement « le géant des
   cosmétiques Coty », a lower-case nationality as a noun « l'allemand Bertelsmann » — triggers flagged `demonym`),
   `ministries` (organisations.ministry), `institutions` (organisations.institution: « université de Lille »), `state`
   (organisations.state: « l'armée syrienne »; not shipped: on WiNER-fr dev only 0.32 of them were annotated),
   `heads` (organisations.head: a LOC entity named by an organisation's head noun, « Cour d'appel de Douai »),
   `verbs` (organisations.verb: a MISC entity subject of « racheter », « acquérir »…, and a bare name object of
   those verbs or « de » complement of « rachat », « acquisition », « cession »: module `objects`), `acronyms` (organisations.acronym:
   « l'autorité britannique de la concurrence (CMA) »), `sources` (organisations.source: a name in a news source's
   slot, « selon Les Échos », « a indiqué X au Parisien », « sur Twitter », kind media; not a PER/LOC entity; slot
   words in `organisations_sources.tsv`), `model` (ner.model: the ner's ORG entities cut to the name they hold; module `model`).
   Trigger words are in `models/lexicons/organisations_*`.
2. `resolve`: candidates filtered — furniture, listed non-names, a minister's title and portfolio (« le
   ministre de l'Intérieur », « le secrétaire d'Etat américain »), territories (« l'Etat fédéral »), names inside a
   place's or introduced by a product's noun (`organisations_non_heads.tsv`), products and members after « un/une »,
   one-word common nouns of the model or of a harvested gazetteer, inside people's names, inside longer names —,
   cut before a sentence the dump glued on (« AFP.Armstrong »), acronym lists split (« CFDT-CGT-UNSA »), and made
   non-overlapping (strongest source, longest, first); every other occurrence of a gazetteer name, source name or
   defined acronym added where no chosen name holds it (of the model's names too when `propagate_model_names`:
   off, it lowered ORG F1 on WiNER dev).
3. `grouping`: one group per organisation (gazetteer entry, acronym and long name, same key); a short form made
   of a longer name's last words (« le Times ») and a ministry's metonym (gazetteer `portfolios`: « Bercy ») join
   it; a capitalised word one edit away from a name (« Wallmart ») joins it when the document agrees it is a name
   (ORG entity or proper noun: « Orage » is not Orange).
4. `decision` (the `decision` setting): which groups are organisations — every one with
   `depeche.organisation_decision.rules.v1` (the default, what runs on `spacy.blank("fr")`), those a trained
   classifier over the group's features scores at least its threshold with `depeche.organisation_decision.model.v1`
   (the shipped config; weights `models/organisations/decision.json`, trained by `benchmarks/train_organisations.py`);
   a group turned down leaves its mentions as MISC entities.
5. `build`: one `Organisation` per group (canonical `name`, `aliases`, `kind`, slug `id`); `doc.ents`
   rewritten: organisation mentions are ORG, the model's other entities kept where they do not overlap one,
   page furniture (share bars) relabelled MISC.

`entity_at(doc, start_char, end_char)` maps a character range to the organisation or person id it is a
mention of.
"""

from __future__ import annotations

from spacy.language import Language

from depeche.components.organisations.component import OrganisationsComponent
from depeche.components.organisations.decision import OrganisationDecision
from depeche.components.organisations.lookup import entity_at, entity_of, lines as _lines, pairs as _pairs, read_lines

__all__ = ["OrganisationsComponent", "entity_at", "entity_of", "read_lines", "_lines", "_pairs", "DEFAULT_GENERATORS"]

DEFAULT_GENERATORS = ["gazetteer", "designators", "ministries", "institutions", "heads", "verbs", "acronyms", "sources", "model"]


@Language.factory(
    "depeche_organisations",
    default_config={
        "generators": DEFAULT_GENERATORS,
        "max_adjectives": 2,
        "max_name_tokens": 6,
        "acronym_window": 10,
        "fuzzy_merge": True,
        "relabel_to": "MISC",
        "propagate_model_names": False,
        "decision": {"@misc": "depeche.organisation_decision.rules.v1"},
    },
    assigns=["doc._.organisations", "doc.ents"],
)
def make_organisations(
    nlp: Language,
    name: str,
    generators: list[str],
    max_adjectives: int,
    max_name_tokens: int,
    acronym_window: int,
    fuzzy_merge: bool,
    relabel_to: str,
    propagate_model_names: bool,
    decision: OrganisationDecision,
) -> OrganisationsComponent:
    return OrganisationsComponent(
        nlp,
        name,
        generators=generators,
        max_adjectives=max_adjectives,
        max_name_tokens=max_name_tokens,
        acronym_window=acronym_window,
        fuzzy_merge=fuzzy_merge,
        relabel_to=relabel_to,
        propagate_model_names=propagate_model_names,
        decision=decision,
    )
