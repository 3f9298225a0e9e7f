"""Where the pipeline's data lives (`models/` in a checkout, `depeche/models` in a wheel), and where its
built form is cached."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def models_dir() -> Path:
    """The folder holding `config.cfg`, gazetteers and lexicons."""
    for candidate in (_PACKAGE / "models", _PACKAGE.parents[1] / "models"):
        if (candidate / "config.cfg").is_file():
            return candidate
    raise FileNotFoundError(
        f"depeche's models/ folder (config.cfg) was found neither in {_PACKAGE / 'models'} "
        f"nor in {_PACKAGE.parents[1] / 'models'}"
    )


def package_dir() -> Path:
    """The installed `depeche` package folder (its sources)."""
    return _PACKAGE


def cache_dir() -> Path:
    """Where the built pipeline is kept between processes (`depeche.pipeline.load`).

    `$DEPECHE_CACHE_DIR` when set, else `depeche/` under `$XDG_CACHE_HOME` (default `~/.cache`).
    The folder is created by whoever writes to it first, not here."""
    explicit = os.environ.get("DEPECHE_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "depeche"


def cache_enabled() -> bool:
    """False when `$DEPECHE_CACHE` is `0`, `off`, `no` or `false`: then every load builds the pipeline."""
    return os.environ.get("DEPECHE_CACHE", "1").strip().lower() not in {"0", "off", "no", "false"}
