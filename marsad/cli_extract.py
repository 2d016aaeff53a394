"""``marsad extract`` without typer: its body (:func:`run_extract`, which typer's command in
:mod:`marsad.cli_app` calls too) and the parser of a plain command line (:func:`plain_extract_args`)
that :func:`marsad.cli.main` runs it from. Importing typer (~0.02 s) and parsing through it (a
pydantic type adapter per option, ~0.08 s) is most of a one-article run's start-up."""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import Iterator, List, Optional


class OptionError(ValueError):
    """A usage error in an option's value (typer reports it as ``BadParameter``)."""

    def __init__(self, message: str, param_hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.param_hint = param_hint


class PlainStderr:
    """Standard error when it is not a terminal (a file, a pipe, a test runner): the lines rich's
    console writes there (no colour, no wrapping), written without importing rich, which costs a
    one-article run ~0.17 G instructions of start-up (about a tenth of it)."""

    is_terminal = False
    rich = None

    def line(self, text: str, label: str = "", colour: str = "") -> None:
        """One line: ``text``, after ``label: `` when given (``colour`` is for a terminal)."""
        stream = sys.stderr
        if stream is None:  # (pythonw, a service: no standard error to write to)
            return
        stream.write(f"{label}: {text}\n" if label else f"{text}\n")
        stream.flush()


class RichStderr:
    """Standard error through rich's console: a terminal gets coloured labels and a progress bar."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.markup import escape

        self.rich = Console(stderr=True, highlight=False)
        self.is_terminal = self.rich.is_terminal
        self._escape = escape

    def line(self, text: str, label: str = "", colour: str = "") -> None:
        """One line: ``text``, after ``label: `` in ``colour`` when given."""
        escape = self._escape
        self.rich.print(f"[{colour}]{label}[/{colour}]: {escape(text)}" if label else escape(text), soft_wrap=True)


#: environment variables that make rich treat any output as a terminal
_FORCE_TERMINAL = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def load_run_gazetteer(settings, *, flag_given: bool) -> None:
    """Load the run's gazetteer (setting ``gazetteer.path``, else the default) before any article is read:
    a file that cannot be used is one usage error (:class:`OptionError`), not an error per article of a
    batch that then "succeeds" empty. The pipeline finds it loaded (once per process)."""
    from .gazetteer import GazetteerError, load_gazetteer
    from .run.parallel import ParallelOptions, young_collections

    try:
        # (under the run's collector thresholds, as the first article would load it: at Python's own, the
        # collector runs over the gazetteer's objects as they are made, 50M instructions more)
        with young_collections(ParallelOptions.from_settings(settings).young_gc_threshold):
            load_gazetteer(settings["gazetteer"]["path"] or None)
        gc.freeze()  # (it lives as long as the process: no collection need walk its objects again)
    except GazetteerError as exc:
        raise OptionError(str(exc), param_hint="--gazetteer" if flag_given else "--config")


@contextlib.contextmanager
def saying_on_interrupt(message: str) -> Iterator[None]:
    """Say ``interrupted: message`` on standard error when Ctrl-C stops the block, then stop as before
    (exit 130): what a partial run left, so that no one takes it for a whole one."""
    try:
        yield
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted: {message}\n")
        sys.stderr.flush()
        raise


def stderr_console() -> "PlainStderr | RichStderr":
    """Where ``marsad extract`` reports: rich's console for a terminal (or when colour is forced),
    plain lines otherwise."""
    try:
        terminal = bool(sys.stderr.isatty())  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # no standard error, or a closed one
        terminal = False
    if terminal or any(name in os.environ for name in _FORCE_TERMINAL):
        return RichStderr()
    return PlainStderr()


def run_extract(inputs: List[Path], out: Path, *, gazetteer: Optional[Path], published: Optional[str],
             config: Optional[Path], errors: Optional[Path], quiet: bool, workers: Optional[int], dask: Optional[str],
             part_format: Optional[str], allow_errors: bool) -> int:
    """``marsad extract`` with its options parsed: codes the inputs, reports on stderr, returns the
    exit code; raises :class:`OptionError` for a usage error, before doing anything."""
    from .errors import ArticleError, MarsadError
    from .io.output import OutputFormatError, output_format
    from .run.runner import WarningTally, check_output_paths, count_items, exit_code, extract_to_file, resolve_published
    from .settings import SettingsError, load_settings

    if dask is not None:
        if workers is not None:
            raise OptionError("--workers is for this machine; a Dask cluster has its own workers", param_hint="--workers")
        if part_format is not None and part_format not in ("jsonl", "parquet"):
            raise OptionError(f"unknown part format {part_format!r}: use jsonl or parquet", param_hint="--part-format")
        if out.exists() and not out.is_dir():
            raise OptionError(f"{out} is a file: with --dask, --out is a folder of partitions", param_hint="--out")
        if not out.absolute().parent.is_dir():
            raise OptionError(f"cannot write {out}: folder {out.parent} does not exist", param_hint="--out")
    elif part_format is not None:
        raise OptionError("--part-format is for --dask runs; a single output file's format is its extension",
                                 param_hint="--part-format")
    else:
        try:
            output_format(out)
            check_output_paths(inputs, [out])
        except (OutputFormatError, MarsadError) as exc:
            raise OptionError(str(exc), param_hint="--out")
    if errors is not None:
        try:
            check_output_paths(inputs, [errors] if dask is not None else [out, errors])
        except MarsadError as exc:
            raise OptionError(str(exc), param_hint="--errors")
    try:
        resolve_published(published)
    except MarsadError as exc:
        raise OptionError(str(exc), param_hint="--published")
    overrides = {"gazetteer": {"path": str(gazetteer) if gazetteer else None}, "extract": {"published": published}}
    try:
        settings = load_settings(config, overrides)
        resolve_published(settings["extract"]["published"])
    except (SettingsError, MarsadError) as exc:
        raise OptionError(str(exc), param_hint="--config")
    if dask is None:  # (a cluster's workers load their own, from their own paths)
        load_run_gazetteer(settings, flag_given=gazetteer is not None)

    console = stderr_console()
    tally = WarningTally()

    def report(item) -> None:
        if isinstance(item, ArticleError):
            console.line(str(item), "error", "red")
        elif not quiet:
            for warning in dict.fromkeys(item.warnings):
                if tally.add(warning):
                    console.line(f"{item.id}: {warning}", "warning", "yellow")

    if dask is not None:
        from .run.cluster import extract_on_dask

        def report_partition(part) -> None:
            if not quiet:
                console.line(f"partition {part['index']}: {part['articles_coded']} coded, {part['events_written']} events, "
                              f"{sum(part['errors'].values())} errors ({part['seconds']:.1f} s)")

        try:
            with saying_on_interrupt(f"{out} holds the partitions written so far; the run is incomplete"):
                summary = extract_on_dask(inputs, out, scheduler=dask, settings=settings, fmt=part_format,
                                          errors_out=errors, on_partition=report_partition)
        except MarsadError as exc:
            console.line(str(exc), "error", "red")
            return 1
    elif quiet or not console.is_terminal:
        with saying_on_interrupt(_PARTIAL_EXTRACT.format(out=out)):
            summary = extract_to_file(inputs, out, settings=settings, errors_out=errors, on_item=report,
                                      workers=workers)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        columns = (TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                   TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console.rich, transient=False) as progress:
            task = progress.add_task("extract", total=count_items(inputs) or None)

            def report_and_advance(item) -> None:
                report(item)
                progress.advance(task)

            with saying_on_interrupt(_PARTIAL_EXTRACT.format(out=out)):
                summary = extract_to_file(inputs, out, settings=settings, errors_out=errors,
                                          on_item=report_and_advance, workers=workers)
    for line in tally.lines() + summary.lines():
        console.line(line)
    return exit_code(summary.articles_read, summary.error_count, allow_errors=allow_errors)


#: What an interrupted ``marsad extract`` left in its output.
_PARTIAL_EXTRACT = ("{out} holds the events of the articles coded so far, each record whole; the rest of "
                    "the input was not coded")


#: ``marsad extract``'s options (each spelling) -> its parameter; flags take no value.
_EXTRACT_OPTIONS = {"--out": "out", "-o": "out", "--gazetteer": "gazetteer", "-g": "gazetteer",
                    "--published": "published", "--config": "config", "--errors": "errors", "--quiet": "quiet",
                    "-q": "quiet", "--workers": "workers", "-w": "workers", "--dask": "dask",
                    "--part-format": "part_format", "--allow-errors": "allow_errors"}
_EXTRACT_FLAGS = ("quiet", "allow_errors")
_EXTRACT_PATHS = ("out", "gazetteer", "config", "errors")


def plain_extract_args(args: List[str]) -> Optional[dict]:
    """The arguments of ``marsad extract`` given on a plain command line (``extract``, inputs, and
    options each given once as ``--name value``, ``--name=value`` or ``-n value``), with the values
    typer would give them; None for any other command line (help, shell completion, another
    command, an unknown, repeated or short-joined option, a value starting with ``-``, a value
    typer would refuse, ...), which typer then parses (it builds a pydantic type adapter per
    option: ~0.1 s of a one-article run's start-up)."""
    if not args or args[0] != "extract" or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None
    kwargs: dict = {"inputs": []}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            kwargs["inputs"].append(Path(arg))
            continue
        name, eq, value = arg.partition("=")
        param = _EXTRACT_OPTIONS.get(name)
        if param is None or param in kwargs or (eq and not name.startswith("--")):
            return None
        if param in _EXTRACT_FLAGS:
            if eq:
                return None
            kwargs[param] = True
            continue
        if not eq:
            value = next(rest, None)
        if not value or value.startswith("-"):
            return None
        if param == "workers":
            if not (value.isascii() and value.isdigit() and int(value) >= 1):
                return None
            kwargs[param] = int(value)
        elif param in _EXTRACT_PATHS:
            kwargs[param] = Path(value)
        else:
            kwargs[param] = value
    if not kwargs["inputs"] or "out" not in kwargs:
        return None
    gazetteer = kwargs.get("gazetteer")
    if gazetteer is not None and (not gazetteer.exists() or gazetteer.is_dir()):
        return None
    for param in ("gazetteer", "published", "config", "errors", "workers", "dask", "part_format"):
        kwargs.setdefault(param, None)
    for param in _EXTRACT_FLAGS:
        kwargs.setdefault(param, False)
    return kwargs
