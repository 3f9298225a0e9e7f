"""depeche.registry / aggregate.entities: one identity across articles; the `entities` command; the viewer overview."""

from __future__ import annotations

import csv
import json
import random

import pytest
from typer.testing import CliRunner

from depeche.aggregate import entities, track_deals
from depeche.cli import app
from depeche.records import Article, ArticleRecord, Deal, DealParty, Organisation, Person, Role, Span
from depeche.registry import registry
from depeche.viewer import model

_counter = iter(range(10**6))


def _record(orgs=(), people=(), *, article=None, published="2020-01-01", deals=()) -> ArticleRecord:
    """A record whose text is its names; `orgs` are names or (name, aliases[, kind]); `people` names or
    (name, aliases[, roles as (title, organisation name)]); `deals` (kind, [(role, organisation name)])."""
    orgs = [(o, []) if isinstance(o, str) else o for o in orgs]
    people = [(p, []) if isinstance(p, str) else p for p in people]
    text = " ; ".join([o[0] for o in orgs] + [p[0] for p in people]) + "."
    org_ids = {o[0]: f"o{i}" for i, o in enumerate(orgs)}

    def span(name):
        return Span.at(text, text.index(name), text.index(name) + len(name))

    made_orgs = [
        Organisation(id=org_ids[o[0]], name=o[0], aliases=list(o[1]), kind=o[2] if len(o) > 2 else "other", mentions=[span(o[0])])
        for o in orgs
    ]
    made_people = [
        Person(
            id=f"p{i}",
            name=p[0],
            aliases=list(p[1]),
            mentions=[span(p[0])],
            roles=[Role(title=t, organisation=org_ids.get(org), span=span(p[0])) for t, org in (p[2] if len(p) > 2 else [])],
        )
        for i, p in enumerate(people)
    ]
    made_deals = [
        Deal(id=f"deal{i}", kind=kind, status="agreed", parties=[DealParty(role=r, name=n, ref=org_ids[n], span=span(n)) for r, n in parties])
        for i, (kind, parties) in enumerate(deals, start=1)
    ]
    return ArticleRecord(
        article=Article(id=article or f"a{next(_counter)}", published=published, text=text),
        organisations=made_orgs,
        people=made_people,
        deals=made_deals,
    )


def _entity_of(rows, name):
    """The rows whose aliases hold `name`."""
    found = [e for e in rows if any(a.name == name for a in e.aliases)]
    assert found, f"no entity has the form {name!r}"
    return found


def _keys(built, records, name) -> set[str]:
    """The registry keys of the organisations and people records name `name` (as their name, not an alias)."""
    return {
        built.key_of(r.article.id, item.id)
        for r in records
        for item in [*r.organisations, *r.people]
        if item.name == name
    }


def _same(records, a, b) -> bool:
    built = registry(records)
    return bool(_keys(built, records, a) & _keys(built, records, b))


# Each case: records (orgs, people) per article, two forms, and whether they are one entity.
MERGES = [
    ("accents", [dict(people=["Édouard Philippe"]), dict(people=["Edouard Philippe"])], "Édouard Philippe", "Edouard Philippe", "fold"),
    ("case and punctuation", [dict(orgs=["BNP PARIBAS"]), dict(orgs=["BNP Paribas"]), dict(orgs=["bnp-paribas"])],
     "BNP PARIBAS", "bnp-paribas", "fold"),
    ("leading article", [dict(orgs=["Le Parisien"]), dict(orgs=["Parisien"])], "Parisien", "Le Parisien", "fold"),
    ("surname into the one full name", [dict(people=["Olivier Véran"]), dict(people=["Olivier Véran"]), dict(people=["Véran"])],
     "Véran", "Olivier Véran", "surname"),
    ("particle surname", [dict(people=["Marine Le Pen"]), dict(people=["Marine Le Pen"]), dict(people=["Le Pen"])],
     "Le Pen", "Marine Le Pen", "surname"),
    ("surname only where the full name is", [dict(people=["Yasser al-Nassiri", "Nassiri"])], "Nassiri", "Yasser al-Nassiri", "surname"),
    ("alias given by a record, used across articles",
     [dict(people=[("Donald Trump", ["Trump"])]), dict(people=["Mary Trump"]), dict(people=["Trump"])], "Trump", "Donald Trump", "alias"),
    ("acronym into its long name",
     [dict(orgs=["Confédération française démocratique du travail"]), dict(orgs=["CFDT"])],
     "CFDT", "Confédération française démocratique du travail", "acronym"),
    ("acronym over hyphenated words", [dict(orgs=["Agence France-Presse"]), dict(orgs=["Agence France-Presse"]), dict(orgs=["AFP"])],
     "AFP", "Agence France-Presse", "acronym"),
    ("short form beginning the one longer name",
     [dict(orgs=["Commission européenne"]), dict(orgs=["Commission européenne"]), dict(orgs=["Commission"])],
     "Commission", "Commission européenne", "short-form"),
    ("portfolio word ending the ministry",
     [dict(orgs=["ministère de la Santé"]), dict(orgs=["ministère de la Santé"]), dict(orgs=["Santé"])],
     "Santé", "ministère de la Santé", "short-form"),
]  # fmt: skip


@pytest.mark.parametrize("articles,short,full,rule", [c[1:] for c in MERGES], ids=[c[0] for c in MERGES])
def test_forms_of_one_entity_are_one_row_with_the_rule_that_joined_them(articles, short, full, rule):
    records = [_record(**a) for a in articles]
    assert _same(records, short, full)
    rows = entities(records)
    (row,) = {e.key: e for e in _entity_of(rows, full)}.values()
    assert rule in {v.rule for v in row.evidence}
    assert all(v.articles >= 1 and len(v.names) == 2 for v in row.evidence)


APART = [
    ("ambiguous surname", [dict(people=["Donald Trump"]), dict(people=["Mary Trump"]), dict(people=["Trump"])], "Trump", "Donald Trump"),
    ("ambiguous surname, other side", [dict(people=["Donald Trump"]), dict(people=["Mary Trump"]), dict(people=["Trump"])],
     "Trump", "Mary Trump"),
    ("an alias two names claim", [dict(people=[("Donald Trump", ["Trump"])]), dict(people=[("Mary Trump", ["Trump"])]),
                                  dict(people=["Trump"])], "Trump", "Donald Trump"),
    ("organisation and person of one name", [dict(orgs=["Ford"]), dict(people=["Ford"])], "Ford", "Ford"),
    ("organisation and the person it is named after", [dict(orgs=["Dior"]), dict(people=["Christian Dior"])], "Dior", "Christian Dior"),
    ("a company alias is no person's", [dict(orgs=[("Tesla", ["Musk"])]), dict(people=["Elon Musk"]), dict(people=["Musk"])],
     "Tesla", "Elon Musk"),
    ("short form two names could stand for",
     [dict(orgs=["Commission européenne"]), dict(orgs=["Commission électorale"]), dict(orgs=["Commission"])],
     "Commission", "Commission européenne"),
    ("a name more used than the longer one", [dict(orgs=["Renault"]), dict(orgs=["Renault"]), dict(orgs=["Renault Trucks"])],
     "Renault", "Renault Trucks"),
    ("acronym two long names explain",
     [dict(orgs=["Parti socialiste"]), dict(orgs=["Paris Saclay"]), dict(orgs=["PS"])], "PS", "Parti socialiste"),
    ("an ambiguous acronym chains no two names",
     [dict(orgs=[("Caisse des dépôts", ["CDC"])]), dict(orgs=[("Caisse des dépôts", ["CDC"])]),
      dict(orgs=[("CDC", ["Centres de prévention des maladies"])]), dict(orgs=[("Centres de prévention des maladies", ["CDC"])])],
     "Caisse des dépôts", "Centres de prévention des maladies"),
    ("a word others have as first name", [dict(people=["Charles Michel"]), dict(people=["Bénédicte Charles"]), dict(people=["Charles"])],
     "Charles", "Bénédicte Charles"),
    ("a lower-case complement is no short form",
     [dict(orgs=["Organisation mondiale de la santé"]), dict(orgs=["Organisation mondiale de la santé"]), dict(orgs=["Santé"])],
     "Santé", "Organisation mondiale de la santé"),
    ("an alias a short form has once, named alone more often",
     [dict(orgs=[("La République en marche", ["Assemblée"])]), dict(orgs=["Assemblée"]), dict(orgs=["Assemblée"])],
     "Assemblée", "La République en marche"),
    ("a complement that names another thing", [dict(orgs=["Conseil d'État"]), dict(orgs=["Conseil d'État"]), dict(orgs=["État"])],
     "État", "Conseil d'État"),
    ("an acronym known alone more than the one long name",
     [dict(orgs=["CGT"]), dict(orgs=["CGT"]), dict(orgs=["Commission générale de terminologie"])],
     "CGT", "Commission générale de terminologie"),
    ("a word after a surname particle", [dict(people=["Alexandra De Wael"]), dict(people=["Wael"])], "Wael", "Alexandra De Wael"),
    ("a word named alone more often than the one full name", [dict(people=["Jean Brutus"]), dict(people=["Brutus"]),
                                                             dict(people=["Brutus"])], "Brutus", "Jean Brutus"),
    ("a word as often without the full name as the full name", [dict(people=["Maximilian Missoni"]), dict(people=["Missoni"])],
     "Missoni", "Maximilian Missoni"),
    ("two full names sharing a surname", [dict(people=["Bill Clinton"]), dict(people=["Hillary Clinton"])], "Bill Clinton", "Hillary Clinton"),
]  # fmt: skip


@pytest.mark.parametrize("articles,a,b", [c[1:] for c in APART], ids=[c[0] for c in APART])
def test_names_that_may_be_others_stay_apart(articles, a, b):
    records = [_record(**x) for x in articles]
    if a == b:  # the same string for an organisation and a person
        assert sorted(e.kind == "person" for e in _entity_of(entities(records), a)) == [False, True]
    else:
        assert not _same(records, a, b)


def test_an_ambiguous_short_form_joins_the_one_candidate_its_own_article_names():
    records = [
        _record(orgs=["Commission européenne"], article="eu"),
        _record(orgs=["Commission électorale"], article="vote"),
        _record(orgs=["Commission électorale"], article="vote2"),
        _record(orgs=["Commission", "Commission électorale"], article="both"),
        _record(orgs=["Commission"], article="alone"),
    ]
    rows = entities(records)
    electoral = next(e for e in rows if e.name == "Commission électorale")
    assert electoral.article_ids == ["both", "vote", "vote2"]
    assert [v.rule for v in electoral.evidence] == ["same-article"]
    alone = next(e for e in rows if e.name == "Commission")
    assert alone.article_ids == ["alone"]


def test_a_short_form_more_used_than_the_longer_name_of_its_article_stays_itself():
    records = [_record(orgs=["Billboard"]), _record(orgs=["Billboard"]), _record(orgs=["Billboard Music Awards"]),
               _record(orgs=["Billboard", "Billboard Hot 100"], article="chart")]  # fmt: skip
    rows = entities(records)
    assert next(e for e in rows if e.name == "Billboard Hot 100").article_ids == ["chart"]
    assert next(e for e in rows if e.name == "Billboard").articles == 3


def test_a_row_counts_articles_keeps_every_alias_and_the_roles_over_time():
    records = [
        _record(orgs=["Veolia"], people=[("Antoine Frérot", ["Frérot"], [("PDG", "Veolia")])], published="2020-09-01", article="b"),
        _record(orgs=["Veolia Environnement"], people=[("Antoine Frerot", [], [("directeur général", "Veolia Environnement")])],
                published="2019-03-02", article="a"),
        _record(people=["Antoine Frérot"], published="2021-01-15", article="c"),
        _record(people=["Frérot"], published=None, article="d"),
    ]  # fmt: skip
    rows = entities(records)
    (person,) = [e for e in rows if e.kind == "person"]
    assert person.name == "Antoine Frérot" and person.key == "per:antoine-frerot"  # the most used full form
    assert person.articles == 4 and person.article_ids == ["a", "b", "c", "d"]
    assert person.first_published.isoformat() == "2019-03-02" and person.last_published.isoformat() == "2021-01-15"
    assert {a.name: a.articles for a in person.aliases} == {"Antoine Frérot": 2, "Antoine Frerot": 1, "Frérot": 2}
    assert [(r.published.isoformat(), r.title, r.organisation, r.article) for r in person.roles] == [
        ("2019-03-02", "directeur général", "Veolia Environnement", "a"),
        ("2020-09-01", "PDG", "Veolia", "b"),
    ]
    veolia = next(e for e in rows if e.name == "Veolia")
    assert person.roles[1].organisation_key == veolia.key and veolia.kind == "other"


def test_the_registry_does_not_depend_on_the_order_of_the_records():
    records = [
        _record(orgs=[("Agence France-Presse", ["AFP"], "media")], people=[("Donald Trump", ["Trump"])]),
        _record(orgs=["AFP", "Commission"], people=["Trump", "Mary Trump"]),
        _record(orgs=["Commission européenne", "ministère de la Santé"], people=["Edouard Philippe"]),
        _record(orgs=["Commission européenne", "Santé"], people=["Édouard Philippe", "Philippe"]),
        _record(orgs=["Commission européenne"], people=["Édouard Philippe"]),
    ]
    expected = [e.model_dump() for e in entities(records)]
    for seed in range(5):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert [e.model_dump() for e in entities(shuffled)] == expected


def test_keys_are_unique_and_say_the_kind():
    rows = entities([_record(orgs=["Orange"], people=["Orange"]), _record(orgs=["Orange SA"])])
    assert len({e.key for e in rows}) == len(rows)
    assert {e.key for e in rows if e.name == "Orange"} == {"org:orange", "per:orange"}


# --- deals tracked through the registry ----------------------------------------------------


def test_deals_meet_through_the_registry_and_name_parties_canonically():
    long_name = "LVMH Moët Hennessy Louis Vuitton"
    records = [
        _record(orgs=[(long_name, ["LVMH"])], article="alias"),
        _record(orgs=[long_name, "Tiffany"], deals=[("acquisition", [("buyer", long_name), ("target", "Tiffany")])],
                article="a", published="2020-01-01"),
        _record(orgs=["LVMH", "Tiffany"], deals=[("acquisition", [("buyer", "LVMH"), ("target", "Tiffany")])],
                article="b", published="2020-02-01"),
    ]  # fmt: skip
    (deal,) = track_deals(records)
    assert [s.article for s in deal.timeline] == ["a", "b"]
    assert {(p.role, p.name) for p in deal.parties} == {("buyer", long_name), ("target", "Tiffany")}


# --- the command -----------------------------------------------------------------------------


def test_entities_command_prints_a_table_and_writes_json_and_csv(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text(
        "".join(r.model_dump_json() + "\n" for r in [_record(people=["Édouard Philippe"]), _record(people=["Edouard Philippe"])]),
        encoding="utf-8",
    )
    out_json, out_csv = tmp_path / "e.json", tmp_path / "e.csv"
    result = CliRunner().invoke(app, ["entities", str(source), "--json", str(out_json), "--csv", str(out_csv)])
    assert result.exit_code == 0, result.output
    assert "Edouard Philippe" in result.stdout or "Édouard Philippe" in result.stdout
    (row,) = json.loads(out_json.read_text(encoding="utf-8"))
    assert row["key"] == "per:edouard-philippe" and row["articles"] == 2
    assert row["evidence"][0]["rule"] == "fold"
    lines = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert lines[0][:4] == ["key", "name", "kind", "articles"] and lines[1][0] == "per:edouard-philippe" and len(lines) == 2


@pytest.mark.parametrize("content", [None, "{not json\n", '{"article": 1}\n'], ids=["missing", "not json", "not a record"])
def test_entities_command_bad_input_is_one_line(tmp_path, content):
    source = tmp_path / "records.jsonl"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", str(source)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("depeche: ") and "Traceback" not in result.output


# --- the viewer's overview and search ------------------------------------------------------


def test_overview_counts_entities_and_search_finds_an_entity_by_its_canonical_name():
    records = [
        _record(people=["Edouard Philippe", ("Donald Trump", ["Trump"])], orgs=["Commission européenne"]),
        _record(people=["Édouard Philippe"], orgs=["Commission européenne"]),
        _record(people=["Trump"], orgs=["Commission"]),
    ]
    overview = model.Overview()
    entries = []
    for n, record in enumerate(records):
        overview.add(record, n)
        entries.append(model.index_entry(record, n))
    result = overview.result()
    assert dict(result["people"]) == {"Edouard Philippe": 2, "Donald Trump": 2}
    assert result["people_total"] == 2
    assert result["organisations"] == [["Commission européenne", 3, "other"]]
    overview.link(entries)
    for query, field, hits in [("Donald Trump", "person", [0, 2]), ("edouard", "person", [0, 1]), ("européenne", "organisation", [0, 1, 2])]:
        filters = model.parse_filters({"q": query, "field": field})
        assert [e["n"] for e in entries if model.matches(e, filters)] == hits, query


ALIAS_ONLY = [
    _record(people=[("Donald Trump", ["Trump"])], article="full"),
    _record(people=["Trump"], article="surname-only"),
    _record(people=["Édouard Philippe"], article="accent"),
    _record(people=["Edouard Philippe"], article="plain"),
]


def test_the_report_page_lists_entities_and_searches_their_canonical_names():
    from depeche.viewer.report import build_report

    html, _ = build_report(ALIAS_ONLY)
    start = html.index('id="depeche-index">') + len('id="depeche-index">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert sorted(data["overview"]["people"]) == [["Donald Trump", 2], ["Edouard Philippe", 2]]
    by_id = {e["id"]: e for e in data["index"]}
    assert by_id["surname-only"]["people"] == ["Trump"] and by_id["surname-only"]["people_entities"] == ["Donald Trump"]
    assert by_id["accent"]["people_entities"] == ["Edouard Philippe"] and by_id["plain"]["people_entities"] == []


def test_the_server_overview_and_search_use_the_registry(tmp_path):
    import urllib.parse
    import urllib.request

    from viewer_fixtures import serving

    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in ALIAS_ONLY), encoding="utf-8")
    with serving(path) as server:

        def get(route):
            with urllib.request.urlopen(server.url + route, timeout=10) as response:
                return json.loads(response.read())

        assert sorted(get("api/overview")["people"]) == [["Donald Trump", 2], ["Edouard Philippe", 2]]
        found = get("api/list?" + urllib.parse.urlencode({"q": "Donald Trump", "field": "person"}))
        assert [e["id"] for e in found["items"]] == ["full", "surname-only"]
