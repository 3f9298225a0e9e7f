"""The overview check of issue 12: on the first 300 non-reserved dump articles, the 50 organisations and the 50
people named in most articles hold no portfolio word, place or common noun (tests/data/not_entities.txt)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import dump_articles

NOT_ENTITIES = Path(__file__).parent / "data" / "not_entities.txt"


def not_entities() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"org": set(), "person": set()}
    for line in NOT_ENTITIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, name = line.split("\t")
            for k in (("org", "person") if kind == "any" else (kind,)):
                out[k].add(name)
    return out


def test_the_list_is_well_formed():
    names = not_entities()
    assert {"Intérieur", "Économie", "État"} <= names["org"] and "Washington" in names["person"]


@pytest.mark.model
def test_top_50_hold_no_listed_name(depeche_extractor):
    from depeche.records import Article

    articles = [Article(id=d["id"], text=d["text"], published=d.get("published")) for d in dump_articles(lambda taken: len(taken) < 300)]
    orgs, people = Counter(), Counter()
    for record in depeche_extractor.extract_many(articles):
        orgs.update({o.name for o in record.organisations})
        people.update({p.name for p in record.people})
    names = not_entities()
    assert {n for n, _ in orgs.most_common(50)} & names["org"] == set()
    assert {n for n, _ in people.most_common(50)} & names["person"] == set()
