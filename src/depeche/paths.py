"""Where the pipeline's data lives: `models/` in a checkout, `depeche/models` in a wheel."""

from __future__ import annotations

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
