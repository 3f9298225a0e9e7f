"""Records as Label Studio pre-annotations, so a team can review and correct them there.

Label Studio's import format ("Basic Label Studio JSON format", labelstud.io/guide/predictions
and /guide/task_format): a JSON list of tasks, each `{"data": {"text": ...}, "predictions":
[{"model_version": ..., "result": [...]}]}`. A span is a result
`{"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start", "end",
"text", "labels": [LABEL]}}` with character offsets into `data.text` (end exclusive, as in
depeche); a deal party is tied to its deal's trigger by a result
`{"type": "relation", "from_id", "to_id", "direction": "right", "labels": [ROLE]}`, and a deal's
trigger to its deadlines by a `deadline` relation. `labeling_config()` is the matching
labeling configuration (XML), written by `depeche export --config`.

Offsets are code points, as in depeche's records and as Label Studio stores them since its fix for
text with emoji (label-studio PR #1559); its issue #4988 reports that some versions still *draw* a
region shifted after an emoji (the stored offsets stay right).

What a span's label cannot say rides on per-region controls (Label Studio's `perRegion` results: same `id`
as the region, `value` = the region's offsets plus `text: [...]` or `choices: [...]`): the `value` text area
holds the normalised value (an entity's or party's name, a role's title, a date's ISO value, « 3400000000 EUR »,
« 29.9 »), and choices give an organisation's kind, a date's type, a deadline's kind, a deal's kind, status and
qualifiers. Relations tie the rest: a person to a role (`role`), a role to its organisation (`organisation`),
a deadline to its trigger (`trigger`) and the parties it binds (`party`), a deal's trigger to its amount,
price per share, stake, asset, source, conditions and new entities.

`import_label_studio` reads the JSON export of a project back (`depeche import --format label-studio`):
each task's submitted annotation becomes gold (`depeche.evaluate.GoldArticle`, with spans) and the task's
article a corpus article, so `depeche evaluate` scores records against the corrected annotations.

Modules: `schema` (the controls, labels, relations and choices both ways share), `label_studio` (the tasks,
the labeling config, `export`), `annotation` (one annotation's regions and relations read back as gold
fields), `review_import` (`from_label_studio`, `import_label_studio`).
"""

from depeche.export.label_studio import FORMATS, ExportSummary, export, labeling_config, money_value, to_label_studio
from depeche.export.review_import import (
    IMPORT_FORMATS,
    SPLITS,
    ImportedArticle,
    ImportSummary,
    ReviewImportError,
    from_label_studio,
    import_label_studio,
)
from depeche.export.schema import CHOICES, DEAL_SLOTS, FROM_NAME, LABELS, QUALIFIERS, RELATIONS, TO_NAME, VALUE

__all__ = [
    "CHOICES", "DEAL_SLOTS", "FORMATS", "FROM_NAME", "IMPORT_FORMATS", "LABELS", "QUALIFIERS", "RELATIONS", "SPLITS",
    "TO_NAME", "VALUE", "ExportSummary", "ImportSummary", "ImportedArticle", "ReviewImportError", "export",
    "from_label_studio", "import_label_studio", "labeling_config", "money_value", "to_label_studio",
]
