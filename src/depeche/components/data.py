"""What depeche's components share about their data: the shipped defaults and the serialisation.

Every component keeps its data (gazetteers, lexicons, patterns) as a few named, JSON-able *parts*
and describes them once, in `serializers()`: `{part: (get, set)}`. `DataComponent` derives
`to_bytes` / `from_bytes` / `to_disk` / `from_disk` from that one dict (spaCy's `util.to_bytes`,
`util.to_disk`…, one file `PART.json` or `PART.jsonl` per part), so `nlp.to_bytes()` and
`nlp.to_disk()` carry the data and `exclude=["PART"]` leaves one out.

`shipped(factory, names)` reads the data `models/config.cfg` gives a factory in its
`[initialize.components.FACTORY]` block, from the models folder `depeche.paths` finds (the checkout's
`models/`, or `depeche/models` in a wheel): what a component's `initialize()` loads for every part it
is not given, and what it loads on first use when nobody initialised it (a component added to the
user's own pipeline with `nlp.add_pipe("depeche_dates")`). So config.cfg stays the one place that
names the data files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable

import srsly
from spacy import util
from spacy.util import registry

from depeche.paths import models_dir


class MissingDataError(FileNotFoundError):
    """A component's shipped data cannot be found: the message names the component and the file."""


@lru_cache(maxsize=4)
def _sections(folder: str) -> dict:
    config = util.load_config(Path(folder) / "config.cfg", overrides={"paths.models": folder}, interpolate=True)
    return dict(config.get("initialize", {}).get("components", {}))


def shipped(factory: str, names: Iterable[str]) -> dict[str, Any]:
    """The values of `names` in config.cfg's `[initialize.components.FACTORY]`, each read from its file.

    Raises `MissingDataError` (one line: the component, the setting, the file) when the models folder,
    the block, the setting or its file is missing."""
    names = list(names)
    if not names:
        return {}
    try:
        folder = models_dir()
    except FileNotFoundError as err:
        raise MissingDataError(f"{factory}: no data given to initialize() and no shipped data: {err}") from None
    import depeche.components.organisations  # noqa: F401  (registers the depeche.lines.v1 reader)

    section = _sections(str(folder)).get(factory)
    if section is None:
        raise MissingDataError(f"{factory}: {folder / 'config.cfg'} has no [initialize.components.{factory}] block to read its data from")
    out = {}
    for name in names:
        block = section.get(name)
        if block is None:
            raise MissingDataError(f"{factory}: {folder / 'config.cfg'} gives no `{name}` in [initialize.components.{factory}]")
        path = block.get("path") if isinstance(block, dict) else None
        if path is not None and not Path(path).is_file():
            raise MissingDataError(f"{factory}: shipped data file {path} (initialize's `{name}`) is missing")
        value = registry.resolve({"value": block})["value"] if isinstance(block, dict) else block
        out[name] = list(value) if not isinstance(value, (dict, list, str)) else value  # readers may give generators
    return out


def fill(factory: str, given: dict[str, Any]) -> dict[str, Any]:
    """`given` ({initialize argument: value or None}) with every None replaced by the shipped data."""
    missing = [name for name, value in given.items() if value is None]
    return {**given, **shipped(factory, missing)}


class DataComponent:
    """A component whose data is the parts `serializers()` names; subclasses define:

    - `factory`: the factory name, which is also the config block its shipped data is read from;
    - `data_files`: `{part: "json" | "jsonl"}`, how each part is written by `to_disk`;
    - `serializers()`: `{part: (get, set)}`, reading and replacing each part (JSON-able values);
    - `initialize(...)`: loads the parts (None -> `shipped`), then calls `self._loaded()`;
    - `_rebuild()`: compiles the matchers from the parts, after any of them changed.

    `__call__` calls `self.ready()` first: a component nobody initialised or deserialised loads its
    shipped data then, once.
    """

    factory: ClassVar[str]
    data_files: ClassVar[dict[str, str]]
    _ready: bool = False

    def serializers(self) -> dict[str, tuple[Callable[[], Any], Callable[[Any], None]]]:
        raise NotImplementedError

    def _rebuild(self) -> None:
        raise NotImplementedError

    def initialize(self, get_examples=None, *, nlp=None, **data) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _loaded(self) -> None:
        self._rebuild()
        self._ready = True

    def ready(self) -> None:
        """Load the shipped data when neither `initialize` nor `from_bytes`/`from_disk` ran."""
        if not self._ready:
            self.initialize()

    # --- serialisation: all four from `serializers()` -------------------------------------

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        self.ready()
        return util.to_bytes({part: get for part, (get, _) in self.serializers().items()}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()):
        util.from_bytes(bytes_data, {part: put for part, (_, put) in self.serializers().items()}, exclude)
        self._loaded()
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = tuple()) -> None:
        self.ready()
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        writers = {}
        for part, (get, _) in self.serializers().items():
            kind = self.data_files[part]
            write = srsly.write_jsonl if kind == "jsonl" else srsly.write_json
            writers[f"{part}.{kind}"] = lambda p, get=get, write=write: write(p, get())
        util.to_disk(path, writers, exclude)

    def from_disk(self, path, *, exclude: Iterable[str] = tuple()):
        path = util.ensure_path(path)
        readers = {}
        for part, (_, put) in self.serializers().items():
            kind = self.data_files[part]
            readers[f"{part}.{kind}"] = lambda p, put=put, kind=kind: put(self._read(p, kind))
        util.from_disk(path, readers, exclude)
        self._loaded()
        return self

    def _read(self, path: Path, kind: str) -> Any:
        if not path.is_file():
            raise MissingDataError(f"{self.factory}: {path} is missing from the saved pipeline")
        return list(srsly.read_jsonl(path)) if kind == "jsonl" else srsly.read_json(path)
