"""The names the Label Studio tasks, the labeling config and the import back share: the controls, the
labels and their colours, the relations, the per-region choices."""

from __future__ import annotations

from depeche.records import DeadlineKind, DealKind, DealStatus, OrganisationKind, PartyRole, TimeType

FROM_NAME = "label"  # the <Labels> control
TO_NAME = "text"  # the <Text> object
VALUE = "value"  # the per-region <TextArea>: the region's normalised value

# Label -> colour in Label Studio (the viewer's colours).
LABELS = {
    "Organisation": "#2563eb",
    "Person": "#db2777",
    "Role": "#9333ea",
    "Date": "#0d9488",
    "Deadline": "#dc2626",
    "Trigger": "#f87171",
    "Deal": "#ea580c",
    "Party": "#7c3aed",
    "Money": "#16a34a",
    "Stake": "#65a30d",
    "Asset": "#0891b2",
    "Source": "#64748b",
    "Condition": "#ca8a04",
    "New entity": "#0369a1",
}
# Relations from a deal's trigger to the region of each of its slots.
DEAL_SLOTS = ("amount", "price_per_share", "stake", "asset", "reported_by", "condition", "new_entity")
RELATIONS = list(PartyRole.__args__) + ["deadline", "role", "organisation", "trigger", "party", *DEAL_SLOTS]  # type: ignore[attr-defined]
QUALIFIERS = ("negated", "denied", "hypothetical", "rumoured", "reported")
# Per-region choices: control name -> (the label whose regions it is for, its values, several allowed).
CHOICES = {
    "org_kind": ("Organisation", OrganisationKind.__args__, False),  # type: ignore[attr-defined]
    "date_type": ("Date", TimeType.__args__, False),  # type: ignore[attr-defined]
    "deadline_kind": ("Deadline", DeadlineKind.__args__, False),  # type: ignore[attr-defined]
    "deadline_qualifiers": ("Deadline", QUALIFIERS, True),
    "deal_kind": ("Deal", DealKind.__args__, False),  # type: ignore[attr-defined]
    "deal_status": ("Deal", DealStatus.__args__, False),  # type: ignore[attr-defined]
    "deal_qualifiers": ("Deal", QUALIFIERS, True),
}
