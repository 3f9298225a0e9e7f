"""The `depeche` command: parses options and calls library functions, nothing more."""

# the package's modules (`program` the app, its errors, exit codes and `main()`; `extraction` the extract
# command; `reading` the commands that read records); every name depeche.cli had as one module is still here.
# `extraction` then `reading`, as the commands were defined: `depeche --help` lists them in that order.
from depeche.cli.program import (
    BROKEN_PIPE, CRASH, EXIT_CODES, OneLineErrors, Terminated, _crash, _crash_log, _on_sigterm, _options,
    _print_version, _stdout_closed, app, fail, main, say, usage_line, version,
)
from depeche.cli.extraction import _counts, _loading_status, _stderr_is_terminal, extract
from depeche.cli.reading import DEALS_FORMATS, deals, evaluate, export, import_, schema, serve, verify, view
from depeche.cli.entities import entities

__all__ = [
    "BROKEN_PIPE", "CRASH", "DEALS_FORMATS", "EXIT_CODES", "OneLineErrors", "Terminated", "app", "deals", "entities", "evaluate",
    "export", "extract", "fail", "import_", "main", "say", "schema", "serve", "usage_line", "verify", "version", "view",
]
