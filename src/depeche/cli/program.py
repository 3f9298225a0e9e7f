"""The `depeche` program: the Typer app, its one-line usage errors, the exit codes, `--version`, the messages
every command writes (`fail`, `say`, a closed stdout), and `main()`, what the installed command runs (a crash
as one line and a traceback log, SIGTERM as SIGINT)."""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

try:  # typer vendors click (typer._click): the exceptions its parser raises are that copy's
    from typer._click import exceptions as click
except ImportError:  # a typer that uses click itself
    from click import exceptions as click

CRASH = 3  # the exit code of a run that broke off: a disk full, an unexpected error (a traceback)
BROKEN_PIPE = 128 + signal.SIGPIPE  # what reads the records stopped reading (`| head`): as if killed by SIGPIPE

EXIT_CODES = (
    "Exit codes: 0 done, every article extracted; 1 finished, with error lines; 2 unusable input or options "
    "(said in one line; the output may not be an input, nor inside an input folder); 3 a crash: a disk full, "
    "an unexpected error (one line, and the path of the full traceback log in the temporary folder); "
    "130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM): rerun with --resume; "
    "141 what read the records (-o -) stopped reading."
)


def usage_line(err: click.ClickException) -> str:
    """A click usage error (a missing argument, a bad option) as one line: the reason, then where help is."""
    reason = " ".join(err.format_message().split()).rstrip(".")
    ctx = getattr(err, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if isinstance(err, click.UsageError) and ctx is not None else ""
    return f"depeche: {reason}{where}"


class OneLineErrors(TyperGroup):
    """The `depeche` group: click's usage errors (typer draws them as boxes of six lines) become one
    line `depeche: <reason> (see 'depeche CMD --help')` on stderr, exit 2; the rest is typer's own."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:  # the program is `depeche`, however it was started (python -m, a test runner)
            code = super().main(args, prog_name or "depeche", complete_var, standalone_mode=False, **extra)
        except click.NoArgsIsHelpError as err:  # `depeche` alone: the help, as before
            err.show()
            code = err.exit_code
        except click.ClickException as err:
            typer.echo(usage_line(err), err=True)
            code = err.exit_code
        except typer.Abort:
            typer.echo("depeche: aborted", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="depeche",
    help="French news articles to structured records, every value grounded in the source text.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def version() -> str:
    """The installed package's version (the source's when it is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("depeche")
    except PackageNotFoundError:
        from depeche import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"depeche {version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print depeche's version and exit.")
    ] = False,
) -> None:
    pass


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"depeche: {message}", err=True)
    raise typer.Exit(code)


def say(message: str, quiet: bool = False) -> None:
    """A line for the person at the terminal (a summary, where a file went): on stderr, never among the
    results on stdout; nothing with --quiet."""
    if not quiet:
        typer.echo(message, err=True)



def _stdout_closed() -> None:
    """What read stdout went away (`depeche extract ... -o - | head`): no message, the exit code of SIGPIPE.
    stdout is pointed at /dev/null so that Python's own flush at exit does not complain."""
    import os

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file descriptor (a test's runner)
        pass
    raise typer.Exit(BROKEN_PIPE)



class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like SIGINT (a run stops cleanly and says how far it got), with its own exit code."""

    signum = signal.SIGTERM


_stopped_by: int | None = None


def _on_sigterm(signum, frame) -> None:
    global _stopped_by
    _stopped_by = signum
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated()


def _crash_log(err: BaseException) -> str:
    """Write the full traceback to a log in the temporary folder; its path (or why there is none)."""
    import tempfile
    import traceback

    try:
        handle, path = tempfile.mkstemp(prefix="depeche-crash-", suffix=".log")
        with open(handle, "w", encoding="utf-8") as log:
            log.write(f"depeche {' '.join(sys.argv[1:])}\n\n")
            log.write("".join(traceback.format_exception(err)))
        return f"full traceback in {path}"
    except OSError as failure:
        return f"no traceback log either ({failure})"


def main() -> None:
    """`depeche`: the commands, with a crash as one line (exit 3, the traceback in a log), SIGTERM as
    SIGINT (exit 143 and 130)."""
    import errno

    from depeche.io.writers import OutputError

    global _stopped_by
    _stopped_by = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        previous = None
    try:
        app()
    except SystemExit as done:
        if _stopped_by == signal.SIGTERM and done.code == 130:  # typer turns any KeyboardInterrupt into 130
            sys.exit(143)
        raise
    except KeyboardInterrupt as err:
        sys.exit(128 + getattr(err, "signum", signal.SIGINT))
    except OSError as err:
        if not isinstance(err, OutputError) and err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS):
            _crash(err)
        typer.echo(f"depeche: {err}", err=True)  # a disk full: no traceback, it is not a bug
        sys.exit(CRASH)
    except Exception as err:  # noqa: BLE001 - a bug: one line, the traceback in a log, its own code
        _crash(err)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _crash(err: BaseException) -> None:
    first = (str(err).strip().splitlines() or [""])[0][:300]
    typer.echo(f"depeche: crashed ({type(err).__name__}: {first}); {_crash_log(err)}; please report it", err=True)
    sys.exit(CRASH)

