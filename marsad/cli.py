"""The ``marsad`` command line: a thin layer over the library.

:func:`main` is the ``marsad`` command. The typer application (every command, its help and
errors) is :mod:`marsad.cli_app`, imported when needed: a plain ``marsad extract`` command line
(:func:`marsad.cli_extract.plain_extract_args`) runs without it, which saves most of a
one-article run's start-up. ``marsad.cli.app`` (and every other name of :mod:`marsad.cli_app`)
is still here, as before."""
from __future__ import annotations

import errno
import os
import sys
from typing import Any

from .cli_extract import OptionError, plain_extract_args, run_extract

__all__ = ["main", "plain_extract_args", "run_extract"]


def _app():
    from .cli_app import app

    return app


def __getattr__(name: str) -> Any:
    """``marsad.cli.app`` and the other names of :mod:`marsad.cli_app`, imported on first use."""
    if name.startswith("__"):
        raise AttributeError(name)
    from . import cli_app

    try:
        return getattr(cli_app, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def main() -> None:
    """``marsad``: a plain ``marsad extract`` command line (:func:`plain_extract_args`) runs the
    command without typer's parsing, with the same exits; a usage error found by the command
    itself is left to typer, which runs the command again to report it as it always does; any
    other command line goes to typer."""
    kwargs = plain_extract_args(sys.argv[1:])
    if kwargs is None:
        app = _app()
        app()
        return
    try:
        code = run_extract(**kwargs)
    except OptionError:
        _app()()  # found before the command did anything: typer reports it with the usage line
        return
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise _developer_exception(exc)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away: nothing more to say
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        sys.exit(1)
    except Exception as exc:
        raise _developer_exception(exc)
    sys.exit(code)


def _developer_exception(exc: BaseException) -> BaseException:
    """``exc`` marked the way typer marks a command's exception, so that it is shown the same
    (typer's pretty traceback) whichever path ran the command."""
    import typer.main as typer_main

    app = _app()

    sys.excepthook = typer_main.except_hook
    setattr(exc, typer_main._typer_developer_exception_attr_name,
            typer_main.DeveloperExceptionConfig(pretty_exceptions_enable=app.pretty_exceptions_enable,
                                                pretty_exceptions_show_locals=app.pretty_exceptions_show_locals,
                                                pretty_exceptions_short=app.pretty_exceptions_short))
    return exc
