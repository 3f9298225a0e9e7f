"""The built pipeline is cached between processes (issue 13, point 4: depeche.pipeline.load).

A fresh process reads the pipeline the first one built from the cache folder instead of building
it again; the records are the same; anything the build depends on (data, config, overrides,
versions, sources) gives another entry; processes racing, a damaged entry and a cache folder that
cannot be written never fail a load. Fast: a small config of depeche's own components on a blank
French pipeline, written in the test; one `model` test compares depeche's full pipeline built and
cached. The time it saves is a benchmark (benchmarks/load_time.py, docs/benchmarks.md).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import depeche
from depeche import pipeline
from depeche.extractor import Extractor
from depeche.paths import cache_dir, cache_enabled, models_dir

CONFIG = """
[paths]
models = null

[nlp]
lang = "fr"
pipeline = ["depeche_dates","depeche_deadlines","depeche_spans"]

[components]

[components.depeche_dates]
factory = "depeche_dates"
past_bias_days = 2

[components.depeche_deadlines]
factory = "depeche_deadlines"

[components.depeche_spans]
factory = "depeche_spans"

[initialize]

[initialize.components]

[initialize.components.depeche_dates]
lexicon = {"@readers":"srsly.read_json.v1","path":"${paths.models}/dates.json"}
patterns = {"@readers":"srsly.read_json.v1","path":"${paths.models}/patterns.json"}

[initialize.components.depeche_deadlines]
lexicon = {"@readers":"srsly.read_json.v1","path":"${paths.models}/deadlines.json"}
"""

TEXTS = [
    ("a1", "L'Autorité de la concurrence a jusqu'au 31 mars pour se prononcer, a-t-on appris mardi.", "2020-10-07"),
    ("a2", "L'offre court du 3 au 17 novembre 2020 ; le conseil se réunira le 25 novembre.", "2020-11-02"),
    ("a3", "Rien de daté ici.", None),
]


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A config of three depeche components on `spacy.blank("fr")`, its data copied beside it; the cache in tmp."""
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "config.cfg").write_text(CONFIG, encoding="utf-8")
    shutil.copy(models_dir() / "lexicons" / "dates.json", folder / "dates.json")
    shutil.copy(models_dir() / "patterns" / "dates" / "patterns.json", folder / "patterns.json")
    shutil.copy(models_dir() / "lexicons" / "deadlines.json", folder / "deadlines.json")
    monkeypatch.setenv("DEPECHE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DEPECHE_CACHE", raising=False)
    freeze_sources(tmp_path, monkeypatch)
    return folder / "config.cfg"


def freeze_sources(tmp_path: Path, monkeypatch) -> Path:
    """depeche's sources, which the fingerprint hashes, as a copy made now: a checkout edited while the tests
    run (by its author, or anyone sharing it) must not make one load's entry another's."""
    package = tmp_path / "package"
    shutil.copytree(Path(pipeline.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__", "models"))
    monkeypatch.setattr(pipeline, "package_dir", lambda: package)
    return package


@pytest.fixture
def builds(monkeypatch):
    """Counts the builds (`pipeline.build` calls) a load makes."""
    calls = []
    original = pipeline.build

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build", counted)
    return calls


def entries(folder: Path | None = None) -> list[str]:
    folder = folder or cache_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def records(nlp) -> list[dict]:
    extractor = Extractor(nlp)
    return [extractor.extract(text, id=id, published=published).model_dump() for id, text, published in TEXTS]


# --- a second load reads what the first built -------------------------------------------------


def test_the_second_load_reads_the_cache_and_gives_the_same_records(small, builds):
    built = pipeline.load(small)
    assert len(builds) == 1
    (entry,) = entries()
    assert entry.startswith("pipeline-") and (cache_dir() / entry / pipeline.MARKER).is_file()
    cached = pipeline.load(small)
    assert len(builds) == 1, "the second load built the pipeline again"
    assert cached is not built and cached.pipe_names == built.pipe_names
    got = records(cached)
    assert got == records(built)
    assert [d["span"]["text"] for d in got[0]["dates"]] == ["31 mars", "mardi"]  # the records are not empty ones
    assert got[0]["deadlines"][0]["date"] == "2021-03-31"
    assert entries() == [entry]


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_without_the_cache_every_load_builds_and_nothing_is_written(small, builds, monkeypatch, how):
    if how == "environment":
        monkeypatch.setenv("DEPECHE_CACHE", "0")
    options = {"cache": False} if how == "argument" else {}
    pipeline.load(small, **options)
    pipeline.load(small, **options)
    assert len(builds) == 2
    assert entries() == []


def test_disabled_components_are_disabled_whether_built_or_cached(small):
    for _ in range(2):  # built, then cached
        nlp = pipeline.load(small, disable=["depeche_spans"])
        assert nlp.pipe_names == ["depeche_dates", "depeche_deadlines"]
        assert nlp.disabled == ["depeche_spans"]
    assert pipeline.load(small).pipe_names == ["depeche_dates", "depeche_deadlines", "depeche_spans"]


# --- anything the build depends on gives another entry ----------------------------------------


def _edit_data(config: Path, monkeypatch) -> None:
    path = config.parent / "deadlines.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["__test__"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")


def _edit_config(config: Path, monkeypatch) -> None:
    config.write_text(config.read_text(encoding="utf-8").replace("past_bias_days = 2", "past_bias_days = 3"), encoding="utf-8")


def _new_version(config: Path, monkeypatch) -> None:
    original = pipeline._version
    monkeypatch.setattr(pipeline, "_version", lambda name: "9.9.9" if name == "depeche" else original(name))


def _edit_sources(config: Path, monkeypatch) -> None:
    package = pipeline.package_dir()
    assert package == config.parent.parent / "package"  # the copy `small` made
    (package / "pipeline.py").write_text((package / "pipeline.py").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_data, _edit_config, _new_version, _edit_sources], ids=lambda f: f.__name__.strip("_"))
def test_a_change_to_what_the_build_depends_on_makes_a_new_entry(small, builds, monkeypatch, change):
    pipeline.load(small)
    before = pipeline.fingerprint(small)
    change(small, monkeypatch)
    assert pipeline.fingerprint(small) != before
    pipeline.load(small)
    assert len(builds) == 2, "a stale entry was read"
    assert len(entries()) == 2


def test_overrides_are_part_of_the_key(small, builds):
    late = {"components.depeche_dates.past_bias_days": 7}
    assert pipeline.fingerprint(small, late) != pipeline.fingerprint(small)
    assert pipeline.load(small, overrides=late).get_pipe("depeche_dates").past_bias_days == 7
    assert pipeline.load(small).get_pipe("depeche_dates").past_bias_days == 2
    assert pipeline.load(small, overrides=late).get_pipe("depeche_dates").past_bias_days == 7  # from its own entry
    assert len(builds) == 2


def test_the_fingerprint_is_the_files_contents_not_their_times(small):
    before = pipeline.fingerprint(small)
    later = time.time() + 100
    for path in small.parent.iterdir():
        os.utime(path, (later, later))
    assert pipeline.fingerprint(small) == before


# --- racing, damage, a folder that cannot be written ------------------------------------------

RACER = """
import json, sys
from pathlib import Path
from depeche import pipeline
from depeche.extractor import Extractor
pipeline.package_dir = lambda: Path(sys.argv[2])  # the sources frozen by `small`, as in this process
nlp = pipeline.load(sys.argv[1])
print(json.dumps(Extractor(nlp).extract("Le vote aura lieu le 31 mars.", id="r", published="2020-10-07").model_dump()))
"""


def test_processes_racing_on_an_empty_cache_all_load_and_leave_one_entry(small):
    racers = [
        subprocess.Popen([sys.executable, "-c", RACER, str(small), str(pipeline.package_dir())], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=300) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert json.loads(outputs[0][0])["dates"][0]["value"] == "2021-03-31"
    (entry,) = entries()
    assert entry.startswith("pipeline-") and ".tmp-" not in entry


def test_a_process_that_loses_the_race_keeps_the_winners_entry(small, builds):
    nlp = pipeline.load(small)
    entry = cache_dir() / entries()[0]
    marker = (entry / pipeline.MARKER).read_text(encoding="utf-8")
    pipeline._store(nlp, entry, config_path=small, overrides=None)  # a second process, done building after the first
    assert entries() == [entry.name]
    assert (entry / pipeline.MARKER).read_text(encoding="utf-8") == marker
    assert records(pipeline.load(small)) == records(nlp)
    assert len(builds) == 1


@pytest.mark.parametrize("damage", ["a component's file is gone", "the marker is gone", "the config is not a config"])
def test_a_damaged_entry_is_built_again_and_replaced(small, builds, caplog, damage):
    built = pipeline.load(small)
    entry = cache_dir() / entries()[0]
    if damage == "a component's file is gone":
        next((entry / "depeche_deadlines").iterdir()).unlink()
    elif damage == "the marker is gone":
        (entry / pipeline.MARKER).unlink()
    else:
        (entry / "config.cfg").write_text("[nlp\nthis is not a config", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="depeche"):
        again = pipeline.load(small)
    assert len(builds) == 2
    assert records(again) == records(built)
    if damage != "the marker is gone":  # without its marker an entry is not one: nothing to say
        (message,) = [r.getMessage() for r in caplog.records]
        assert str(entry) in message and "building it again" in message and "\n" not in message
    assert entries() == [entry.name] and (entry / pipeline.MARKER).is_file()
    assert records(pipeline.load(small)) == records(built)
    assert len(builds) == 2, "the replaced entry was not read"


def test_a_cache_folder_that_cannot_be_written_costs_a_build_not_the_load(small, builds, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DEPECHE_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="depeche"):
        nlp = pipeline.load(small)
    assert nlp.pipe_names == ["depeche_dates", "depeche_deadlines", "depeche_spans"]
    assert records(nlp)[0]["deadlines"]
    (message,) = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"depeche: cannot cache the built pipeline in {blocker / 'cache'}") and "\n" not in message
    pipeline.load(small)
    assert len(builds) == 2


def test_old_entries_and_dead_processes_leftovers_are_pruned(small):
    folder = cache_dir()
    folder.mkdir(parents=True)
    old = time.time() - 2 * 3600
    names = [f"pipeline-old{i}" for i in range(5)] + ["pipeline-x.tmp-dead", "pipeline-y.tmp-alive", "pipeline-z.old-1-2"]
    for i, name in enumerate(names):
        (folder / name).mkdir()
        when = old + i if name != "pipeline-y.tmp-alive" else time.time()  # a process writing right now
        os.utime(folder / name, (when, when))
    pipeline.load(small)
    current = f"pipeline-{pipeline.fingerprint(small)}"
    kept = [f"pipeline-old{i}" for i in range(5)][-(pipeline.CACHE_KEEP - 1) :]
    assert entries() == sorted([current, *kept, "pipeline-y.tmp-alive"])


@pytest.mark.parametrize("cache", [True, False])
def test_a_config_that_is_not_there_is_named_in_one_line(tmp_path, cache):
    missing = tmp_path / "nowhere" / "config.cfg"
    with pytest.raises(FileNotFoundError) as raised:
        pipeline.load(missing, cache=cache)
    assert str(raised.value) == f"depeche's pipeline config {missing} is not a file"


# --- where the cache is -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"DEPECHE_CACHE_DIR": "/somewhere/depeche-cache", "XDG_CACHE_HOME": "/xdg"}, "/somewhere/depeche-cache"),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/depeche"),
        ({"HOME": "/home/someone"}, "/home/someone/.cache/depeche"),
    ],
)
def test_the_cache_folder(monkeypatch, env, expected):
    for name in ("DEPECHE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == Path(expected)


@pytest.mark.parametrize("value, enabled", [(None, True), ("1", True), ("0", False), ("off", False), ("No", False), ("false", False)])
def test_the_cache_switch(monkeypatch, value, enabled):
    if value is None:
        monkeypatch.delenv("DEPECHE_CACHE", raising=False)
    else:
        monkeypatch.setenv("DEPECHE_CACHE", value)
    assert cache_enabled() is enabled


# --- depeche's own pipeline -------------------------------------------------------------------


@pytest.mark.model
def test_depeches_pipeline_gives_the_same_records_built_and_cached(tmp_path, monkeypatch, builds):
    monkeypatch.setenv("DEPECHE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DEPECHE_CACHE", raising=False)
    freeze_sources(tmp_path, monkeypatch)
    built = depeche.load()
    cached = depeche.load()
    assert len(builds) == 1, "the second load built the pipeline again"
    articles = sorted((Path(__file__).resolve().parents[1] / "corpus" / "dev" / "articles").glob("*.txt"))[:4]
    assert len(articles) == 4
    texts = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": "2020-11-25"} for p in articles]
    got = [r.model_dump() for r in cached.extract_many(texts)]
    assert got == [r.model_dump() for r in built.extract_many(texts)]
    assert sum(len(r["organisations"]) for r in got) > 0 and sum(len(r["deals"]) for r in got) > 0
    assert [n for n, _ in cached.nlp.components] == [n for n, _ in built.nlp.components]
    ops = {type(node.ops).__name__ + str(getattr(node.ops, "use_blis", None)) for _, c in cached.nlp.components if hasattr(getattr(c, "model", None), "walk") for node in c.model.walk()}
    assert ops == {"NumpyOpsFalse"}  # numpy's BLAS, as built (pipeline.use_numpy_gemm)
