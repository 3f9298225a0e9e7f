"""The tokenizer: spaCy's French one, which also splits where the dump glued two pieces of text.

The OrangeSum dump (and many scraped pages) lost the space or the line break between a headline, a
subheading or a video caption and the text after it: « 40 millions de masques.La France »,
« FFP2.Agnès Buzyn », « ?par franceinfo"Disneyland Paris », « d'ici fin avrilAlors que »,
« des EphadAlors ». spaCy's French tokenizer keeps each of those one token, so the parser, the ner
and every component after them read one word where there are two: an organisation « EphadAlors », a
person « FFP2.Agnès Buzyn », a name lost inside « franceinfo"Disneyland ». `depeche.glued_tokenizer.v1`
adds these infixes to the language's own (`[nlp.tokenizer]` in `models/config.cfg`):

- a sentence end glued to a capitalised word: a `.`, `!` or `?` after a lower-case letter, a digit, `%`,
  `)`, `]`, a closing quote or an acronym, before an upper-case letter and a lower-case one, maybe after an
  opening quote (« masques.La », « 5%.Les », « à l'AFP.Selon »; not « J.K. », « M.Dupont », « M6.fr », « 3.5 »);
- a quote glued between a word (or a sentence end) and a capitalised word (« franceinfo"Disneyland »,
  « a-t-il dit."Nous »), and a closing quote or bracket before a glued sentence end (« "Bonjour".Le »,
  « Roanne (Loire)."Son », « (OMS).Selon », where « Loire) », « OMS) » were one token);
- a sentence end glued to the dash of a subheading after it (« l'AFP.- Succès sur-mesure », where « AFP.- » was
  one token);
- a capitalised French function word glued to the lower-case end of a word (« avrilAlors »,
  « franceinfoLes »): only those words (`GLUED_STARTS`), so a name written in camel case
  (« DisneySea », « BlaBlaCar », « PlayStation ») stays one token.

Only token boundaries change: the text, and so every character offset of a record, is the same.
"""

from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, registry

_LOWER = "a-zà-öø-ÿœ"
_UPPER = "A-ZÀ-ÖØ-ÞŒ"

# capitalised words that start a sentence and are never the second half of a name
GLUED_STARTS = (
    "Les", "Le", "La", "L['’]", "Un", "Une", "Des", "Ce", "Cette", "Ces", "Cet", "Il", "Ils", "Elle", "Elles", "On",
    "Nous", "Je", "C['’]est", "Selon", "Pour", "Dans", "En", "Mais", "Alors", "Au", "Aux", "Après", "Avant", "Depuis",
    "Lors", "Si", "Et", "Par", "Sur", "Avec", "Sans", "Ainsi", "Enfin", "Pourtant", "Toutefois", "Outre", "Face",
    "Quant", "Interrogé", "Interrogée", "Du", "De", "D['’]", "Qu['’]", "Là", "Ici", "Mardi", "Lundi", "Mercredi",
    "Jeudi", "Vendredi", "Samedi", "Dimanche", "Né", "Née", "Nés", "Nées",
)

GLUED_INFIXES = (
    rf"(?<=[{_LOWER}0-9%)\]»\"”])[.!?](?=[\"“”«»]?[{_UPPER}][{_LOWER}])",
    rf"(?<=[{_UPPER}]{{2}})[.!?](?=[\"“”«»]?[{_UPPER}][{_LOWER}])",
    rf"(?<=[{_LOWER}.!?])[\"“”«»](?=[{_UPPER}])",
    rf"(?<=[{_LOWER}{_UPPER}0-9])[\"”»)\]](?=[.!?][\"“”«»]?[{_UPPER}][{_LOWER}])",
    rf"(?<=[{_LOWER}{_UPPER}0-9])[.!?](?=-$)",
    rf"(?<=[{_LOWER}]{{2}})(?=(?:{'|'.join(w for w in GLUED_STARTS if w.endswith(']'))})[{_LOWER}])",
    rf"(?<=[{_LOWER}]{{2}})(?=(?:{'|'.join(w for w in GLUED_STARTS if not w.endswith(']'))})(?![{_LOWER}]))",
)


@registry.tokenizers("depeche.glued_tokenizer.v1")
def glued_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language, with `GLUED_INFIXES` after the language's own infixes."""
    make_default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = make_default(nlp)
        infixes = list(nlp.Defaults.infixes or []) + list(GLUED_INFIXES)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return tokenizer

    return make
