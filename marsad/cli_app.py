"""The ``marsad`` command line as a typer application: every command, its options and help
(:mod:`marsad.cli` runs it; a plain ``marsad extract`` runs without it, :mod:`marsad.cli_extract`)."""
from __future__ import annotations

import inspect
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ._version import __version__
from .cli_extract import OptionError, load_run_gazetteer, run_extract, saying_on_interrupt
from .store.records import MAX_FATALITIES_FILTER
from .text import has_lone_surrogates

app = typer.Typer(help="marsad: Arabic conflict news to coded, dated, geocoded events.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="Build and inspect gazetteers.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
user_app = typer.Typer(help="Accounts of the review page and API (a store without any is single-user).",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the marsad version and exit.")) -> None:
    """marsad: Arabic conflict news to coded, dated, geocoded events."""


# Options that many commands share, declared once (typer reads the Annotated metadata).
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="User settings file (TOML).")]
DbOption = Annotated[Optional[Path], typer.Option("--db", help="Database file (default: setting store.db, marsad.db).")]
GazetteerOption = Annotated[Optional[Path], typer.Option(
    "--gazetteer", "-g", exists=True, dir_okay=False, help="Gazetteer built by 'marsad gazetteer build'.")]


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(
        ..., help="Article files, folders or quoted glob patterns: .txt, .html/.htm, .jsonl[.gz] (one article a line: "
                  "id, text, published, ...), RSS/Atom feeds (.xml/.rss/.atom), web archives (.warc[.gz]); - reads "
                  "standard input (JSONL, or one plain-text article)."),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Output file; format from extension: .jsonl, .csv, .geojson. With --dask: a folder."),
    gazetteer: GazetteerOption = None,
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for articles without one."),
    config: ConfigOption = None,
    errors: Optional[Path] = typer.Option(None, "--errors", help="Also write per-article errors to this JSONL file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no warnings (errors and the summary still print)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Processes that code articles on this machine (default: setting parallel.workers, 1); same output, same order."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="SCHEDULER_ADDRESS|local",
        help="Run on a Dask cluster (a scheduler address, or 'local' for a LocalCluster here); OUT is then a folder "
             "of partitions with a manifest, which 'marsad ingest', 'marsad eval' and read_events read."),
    part_format: Optional[str] = typer.Option(
        None, "--part-format", help="With --dask: jsonl or parquet parts (default: setting cluster.format, jsonl)."),
    allow_errors: bool = typer.Option(
        False, "--allow-errors", help="Exit 0 even when some items could not be read or coded (not when none was read)."),
) -> None:
    """Extract events from articles and write them to OUT as they are coded.

    Every per-article error (unreadable, empty, not Arabic, ...) and warning (no publication
    date, fallback encoding, ...) is reported on stderr and the batch goes on; a warning repeated
    more than 3 times is counted, not shown, and the counts end the run with its summary. Exit
    codes: 0 every item read; 3 some items failed (--allow-errors: 0); 1 no article could be read;
    2 usage errors (unknown output format, a --published that is not YYYY-MM-DD, bad settings).
    """
    try:
        code = run_extract(inputs, out, gazetteer=gazetteer, published=published, config=config, errors=errors,
                           quiet=quiet, workers=workers, dask=dask, part_format=part_format, allow_errors=allow_errors)
    except OptionError as exc:
        raise typer.BadParameter(exc.message, param_hint=exc.param_hint)
    if code:
        raise typer.Exit(code)


@app.command("eval")
def eval_command(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold JSONL: one article a line with 'id' and 'events'."),
    pred: Path = typer.Argument(
        ..., exists=True,
        help="Predictions: JSONL (one event a line with 'article_id', or one article a line with 'events'), marsad's "
             ".csv/.geojson, or the output folder of 'marsad extract --dask'."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
) -> None:
    """Score predicted events against a gold set: same matching rules and keys as the shared eval/score.py."""
    import json

    from .errors import MarsadError
    from .evaluate import evaluate_files, format_scores

    try:
        result = evaluate_files(gold, pred)
    except MarsadError as exc:  # (EvalError, and a folder that is no output of 'extract --dask')
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(result) if as_json else format_scores(result))


# --------------------------------------------------------------------------- store: ingest, export, serve


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"
    xlsx = "xlsx"
    plover = "plover"


class SuspectFilter(str, Enum):
    only = "only"
    exclude = "exclude"


class ExportRows(str, Enum):
    record = "record"
    incident = "incident"


def _store_settings(config: Optional[Path], overrides: dict):
    """Layered settings for the store commands; a bad file or flag is a usage error."""
    from .settings import SettingsError, load_settings

    try:
        return load_settings(config, overrides)
    except SettingsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--config")


def _open_store(settings, db: Optional[Path], *, must_exist: bool = False, can_create: bool = False):
    """The store at --db (else the store.db setting); ``must_exist``: a file that does not exist
    is a usage error (a mistyped --db must not silently create an empty database), whose advice names
    the command's --create flag when it has one (``can_create``)."""
    from .store import Store, StoreError

    path = Path(db if db is not None else settings["store"]["db"]).expanduser()
    if must_exist and not path.exists():
        advice = ("give --create to make a new, empty one" if can_create else
                  "check --db, or make one with 'marsad ingest' or 'marsad serve --create'")
        raise typer.BadParameter(f"no database at {path}; {advice}", param_hint="--db")
    try:
        return Store.from_settings(settings, db)
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db")


def _check_output(out) -> None:
    """An --out file that cannot be written (a folder, in a folder that does not exist) is a usage error."""
    from .errors import MarsadError
    from .run.runner import check_output_paths

    try:
        check_output_paths([], [out])
    except MarsadError as exc:
        raise typer.BadParameter(str(exc), param_hint="--out")


def _check_run_gazetteer(settings, flag: Optional[Path]) -> None:
    """The run's gazetteer, loaded now: one that cannot be used is a usage error, not an error per article."""
    try:
        load_run_gazetteer(settings, flag_given=flag is not None)
    except OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.param_hint)


def _cli_date(value: Optional[str], flag: str) -> Optional[str]:
    """A command-line date flag: exactly YYYY-MM-DD, else a usage error."""
    from .bounds import BoundsError, strict_iso_date

    try:
        day = strict_iso_date(value, flag)
    except BoundsError as exc:
        raise typer.BadParameter(str(exc), param_hint=flag)
    return day.isoformat() if day else None


@app.command()
def ingest(
    inputs: List[Path] = typer.Argument(
        ..., help="Article files, folders or quoted glob patterns, as 'marsad extract' reads them (- is standard "
                  "input); or the output folder of 'marsad extract --dask', stored without coding again."),
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for articles without one."),
    config: ConfigOption = None,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the summary."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Processes that code articles (default: setting parallel.workers, 1); stored in input order."),
    allow_errors: bool = typer.Option(
        False, "--allow-errors", help="Exit 0 even when some items could not be read or coded (not when none was read)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also a line per article: its id, what was done, its events."),
) -> None:
    """Extract events from articles and store articles and events in the database.

    Ingesting an unchanged article again changes nothing; a changed one has its machine events
    replaced, and reviews are kept. Per-article errors and warnings are reported on stderr (a
    warning repeated more than 3 times is counted, not shown) and the batch goes on; a progress
    bar shows on a terminal and a summary ends the run. Exit codes as for 'marsad extract': 0,
    3 some items failed (--allow-errors: 0), 1 no article stored, 2 usage errors.
    """
    from rich.console import Console
    from rich.markup import escape

    from .errors import MarsadError
    from .run.runner import WarningTally, count_items, exit_code, resolve_published
    from .io.output import is_partitioned_output
    from .run.store_ingest import ingest_files

    try:
        resolve_published(published)
    except MarsadError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published")
    settings = _store_settings(config, {"gazetteer": {"path": str(gazetteer) if gazetteer else None},
                                        "extract": {"published": published}})
    try:
        resolve_published(settings["extract"]["published"])
    except MarsadError as exc:
        raise typer.BadParameter(str(exc), param_hint="--config")
    if not all(map(is_partitioned_output, inputs)):  # (a coded folder is stored without coding again)
        _check_run_gazetteer(settings, gazetteer)
    store = _open_store(settings, db)
    console = Console(stderr=True, highlight=False)
    tally = WarningTally()
    advance = lambda: None  # noqa: E731 (the progress bar's, when there is one)

    def report(item, result) -> None:
        if result is None:
            console.print(f"[red]error[/red]: {escape(str(item))}", soft_wrap=True)
        elif not quiet:
            for warning in dict.fromkeys(item.warnings):
                if tally.add(warning):
                    console.print(f"[yellow]warning[/yellow]: {escape(item.id)}: {escape(warning)}", soft_wrap=True)
            if verbose:
                console.print(f"{escape(item.id)}: {result.status}, {result.events} events", soft_wrap=True)
        advance()

    import sqlite3

    with store, saying_on_interrupt(_PARTIAL_INGEST):
        try:
            if quiet or not console.is_terminal:
                summary = ingest_files(store, inputs, settings=settings, on_item=report, workers=workers)
            else:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

                columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                           TimeElapsedColumn(), TimeRemainingColumn())
                with Progress(*columns, console=console, transient=False) as progress:
                    task = progress.add_task("ingest", total=count_items(inputs) or None)
                    advance = lambda: progress.advance(task)  # noqa: E731
                    summary = ingest_files(store, inputs, settings=settings, on_item=report, workers=workers)
        except sqlite3.OperationalError as exc:  # (a full disk, a database made read-only): no article can go on
            console.print(f"[red]error[/red]: {escape(str(store.path))} cannot be written: {escape(str(exc))}; "
                          f"{escape(_PARTIAL_INGEST)}", soft_wrap=True)
            raise typer.Exit(1)
    for line in tally.lines():
        console.print(escape(line), soft_wrap=True)
    console.print(escape(f"{summary.line()} -> {store.path}"), soft_wrap=True)
    code = exit_code(summary.added + summary.replaced + summary.unchanged, summary.error_count, allow_errors=allow_errors)
    if code:
        raise typer.Exit(code)


#: What an interrupted ``marsad ingest`` left in the store.
_PARTIAL_INGEST = ("the articles stored so far are kept, each with its events; the same ingest again goes on "
                   "(the articles already stored are then unchanged)")


@app.command()
def recode(
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
    article: Optional[List[str]] = typer.Option(None, "--article", help="Only this stored article (repeat for several)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Processes that code articles (default: setting parallel.workers, 1)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the summary."),
) -> None:
    """Code every stored article again with this marsad (a newer coder) and store its records.

    Reviews stay on their records: a record whose id changed (a new actor, date or place) gets
    the reviews of the record it replaces when exactly one matches (same article, type, day and
    place; see README, Store). Reviews that cannot be placed are kept and counted in the summary;
    'marsad reviews --orphaned' lists them. Exit 3 when some article could not be coded.
    """
    from rich.console import Console
    from rich.markup import escape

    from .run.store_ingest import recode_store
    from .store import NotFoundError

    settings = _store_settings(config, {"gazetteer": {"path": str(gazetteer) if gazetteer else None}})
    console = Console(stderr=True, highlight=False)

    def report(item, result) -> None:
        if result is None:
            console.print(f"[red]error[/red]: {escape(str(item))}", soft_wrap=True)
        elif not quiet and result.status != "unchanged":
            moved = f", {result.reattached} review(s) moved" if result.reattached else ""
            left = f", {result.orphaned_reviews} review(s) without their record" if result.orphaned_reviews else ""
            console.print(f"{escape(item.id)}: {result.status}, {result.events} events{moved}{left}", soft_wrap=True)

    _check_run_gazetteer(settings, gazetteer)
    with _open_store(settings, db, must_exist=True) as store:
        try:
            summary = recode_store(store, settings=settings, article_ids=article or None, on_item=report, workers=workers)
        except NotFoundError as exc:
            raise typer.BadParameter(str(exc), param_hint="--article")
        orphans = len(store.reviews(orphaned=True))
    console.print(escape(f"{summary.line()}; reviews without their record in all: {orphans} -> {store.path}"),
                  soft_wrap=True)
    if summary.error_count:
        raise typer.Exit(3)


@app.command()
def reviews(
    db: DbOption = None,
    config: ConfigOption = None,
    orphaned: bool = typer.Option(False, "--orphaned", help="Only reviews whose record is no longer extracted and "
                                                            "could not be placed on a record coded again."),
    moved: bool = typer.Option(False, "--moved", help="Only reviews moved to a record coded again."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
) -> None:
    """List the review log, oldest first: id, time, reviewer, action, record (and the record it
    was made on, for a review moved to the same record coded again), article."""
    import dataclasses
    import json

    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        rows = store.reviews(orphaned=True if orphaned else None)
    if moved:
        rows = [r for r in rows if r.moved_from]
    for r in rows:
        if as_json:
            typer.echo(json.dumps(dataclasses.asdict(r), ensure_ascii=False))
            continue
        where = f"{r.event_id} (moved from {r.moved_from})" if r.moved_from else r.event_id
        state = " ORPHANED" if r.orphaned else ""
        fields = f" {json.dumps(r.fields, ensure_ascii=False)}" if r.fields else ""
        typer.echo(f"{r.id}\t{r.created_at}\t{r.reviewer}\t{r.action}{fields}\t{where}\t{r.article_id}{state}")
    if not as_json:
        typer.echo(f"{len(rows)} review(s)", err=True)


@app.command()
def export(
    out: str = typer.Option("-", "--out", "-o", help="Output file, or - for standard output."),
    fmt: Optional[ExportFormat] = typer.Option(
        None, "--format", "-f", help="Default: from the extension of --out (.csv, .jsonl, .geojson, .xlsx, .plover.json)."),
    per: ExportRows = typer.Option(ExportRows.record, "--per", help="One row per event record (ACLED style) or per incident."),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 byte order mark, so that Excel shows Arabic."),
    db: DbOption = None,
    config: ConfigOption = None,
    date_from: Optional[str] = typer.Option(None, "--date-from", help="First event date, YYYY-MM-DD."),
    date_to: Optional[str] = typer.Option(None, "--date-to", help="Last event date, YYYY-MM-DD."),
    country: Optional[List[str]] = typer.Option(None, "--country", help="Country, exact name (any case): Syria. Repeat for several."),
    admin1: Optional[List[str]] = typer.Option(
        None, "--admin1", help="First-level region, any spelling of admin1_aliases.tsv: Raqqa. Repeat for several."),
    event_type: Optional[List[str]] = typer.Option(None, "--event-type", help="Event type of the codebook: Battles. Repeat for several."),
    sub_event_type: Optional[List[str]] = typer.Option(
        None, "--sub-event-type", help="Sub-event type of the codebook: Armed clash. Repeat for several."),
    actor_name: Optional[List[str]] = typer.Option(
        None, "--actor-name", help="Canonical actor, in any actor field: 'Islamic State (Syria)'. Repeat for several."),
    outlet: Optional[List[str]] = typer.Option(None, "--outlet", help="Outlet of the article: Hawar. Repeat for several."),
    actor: Optional[str] = typer.Option(
        None, "--actor", help="Part of any actor's name, or an English alias, Arabic name or loaded term: ISIS, داعش."),
    text: Optional[str] = typer.Option(
        None, "--text", help="Text in evidence, places, actors, notes, outlet or title, Arabic folded (الرقه finds الرقة)."),
    location: Optional[str] = typer.Option(None, "--location", help="Part of the place name, English or Arabic."),
    fatalities_min: Optional[int] = typer.Option(None, "--fatalities-min", min=0, max=MAX_FATALITIES_FILTER, help="Fewest deaths in a record."),
    fatalities_max: Optional[int] = typer.Option(None, "--fatalities-max", min=0, max=MAX_FATALITIES_FILTER, help="Most deaths in a record."),
    suspect: Optional[SuspectFilter] = typer.Option(
        None, "--suspect", help="only: implausible records alone; exclude: leave them out (default: kept, flagged)."),
    status: Optional[str] = typer.Option(None, "--status", help="machine, confirmed, corrected, rejected or all (default: all but rejected)."),
    create: bool = typer.Option(False, "--create", help="Make the database if it does not exist (else: a usage error)."),
) -> None:
    """Write the stored events, reviews applied, as CSV (ACLED columns), XLSX, JSONL, GeoJSON or PLOVER JSON
    (default: from the extension of --out; CSV to standard output).

    The filters are those of the page and of /api/export (marsad.store.EventFilter).
    """
    import sys

    from .io.output import OutputFormatError, output_format
    from .store import EventFilter, FilterError

    date_from, date_to = _cli_date(date_from, "--date-from"), _cli_date(date_to, "--date-to")
    try:
        flt = EventFilter(
            date_from=date_from, date_to=date_to, country=country, admin1=admin1, event_type=event_type,
            sub_event_type=sub_event_type, actor=actor, q=text, status=status, actor_name=actor_name, outlet=outlet,
            location=location, fatalities_min=fatalities_min, fatalities_max=fatalities_max,
            suspect=suspect.value if suspect else None,
        )
    except FilterError as exc:
        raise typer.BadParameter(str(exc))
    to_stdout = out == "-"
    if to_stdout and fmt is None:
        fmt = ExportFormat.csv
    xlsx = fmt is ExportFormat.xlsx or (fmt is None and out.lower().endswith(".xlsx"))
    if xlsx and to_stdout:
        raise typer.BadParameter("an .xlsx workbook needs a file: --out FILE.xlsx", param_hint="--out")
    try:
        chosen = "xlsx" if xlsx else output_format(None if to_stdout else out, fmt.value if fmt else None)
    except OutputFormatError as exc:
        raise typer.BadParameter(str(exc), param_hint="--out")
    if bom and chosen != "csv":
        raise typer.BadParameter(f"--bom is for CSV only, not {chosen}", param_hint="--bom")
    if fmt is not None and not to_stdout:
        try:
            named = "xlsx" if out.lower().endswith(".xlsx") else output_format(out)
        except OutputFormatError:
            named = chosen  # (an extension of no format: --format decides)
        if named != chosen:
            raise typer.BadParameter(f"--format {chosen} writes {chosen}, but {out} is named as {named}",
                                     param_hint="--format")
    if not to_stdout:
        _check_output(out)
    with _open_store(_store_settings(config, {}), db, must_exist=not create, can_create=True) as store, \
            saying_on_interrupt(f"{'the output' if to_stdout else out} is incomplete: export again"):
        try:
            n = store.export(sys.stdout if to_stdout else out, chosen, flt, per=per.value, bom=bom)
        except OSError as exc:  # (a full disk): no partial file is left to be taken for the export
            if not to_stdout:
                Path(out).unlink(missing_ok=True)
            typer.echo(f"error: cannot write {'the export' if to_stdout else out}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1)
    typer.echo(f"{n} {'incidents' if per is ExportRows.incident else 'events'} -> {'stdout' if to_stdout else out}", err=True)


@app.command()
def backup(
    out: Path = typer.Argument(..., help="Backup file to write (never overwritten)."),
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Copy the database to OUT while it is in use (SQLite's online backup: ingests and reviews
    may go on). Restore it with 'marsad restore'."""
    from .store import StoreError

    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        try:
            store.backup(out)
        except StoreError as exc:
            raise typer.BadParameter(str(exc), param_hint="OUT")
        typer.echo(f"{store.path} -> {out} ({store.count(None)} events, {store.article_count()} articles)", err=True)


@app.command()
def restore(
    backup_file: Path = typer.Argument(..., help="A backup written by 'marsad backup'."),
    db: Optional[Path] = typer.Option(None, "--db", help="Database file to restore into (default: setting store.db)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing database (stop 'marsad serve' and 'watch' first)."),
    config: ConfigOption = None,
) -> None:
    """Put a backup in place of the database (checked first: it must open as a marsad database)."""
    from .store import Store, StoreError
    from .store import restore_backup

    settings = _store_settings(config, {})
    target = Path(db if db is not None else settings["store"]["db"])
    try:
        version = restore_backup(backup_file, target, force=force)
    except StoreError as exc:
        raise typer.BadParameter(str(exc))
    with Store(target) as store:  # (upgrades an older backup's schema)
        typer.echo(f"{backup_file} -> {target} (schema {version}; {store.count(None)} events)", err=True)


@app.command()
def serve(
    db: DbOption = None,
    host: Optional[str] = typer.Option(None, "--host", help="Address to listen on (default: setting serve.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", "-p", min=1, max=65535,
                                       help="Port (default: setting serve.port, 8765)."),
    config: ConfigOption = None,
    watch_feeds: Optional[str] = typer.Option(
        None, "--watch", metavar="FEEDS", help="Also watch these feeds (a feeds.toml/.yaml, or one URL or folder) in this process."),
    alerts: Optional[Path] = typer.Option(None, "--alerts", help="With --watch: alert rules (TOML or YAML)."),
    alert_log: Optional[Path] = typer.Option(None, "--alert-log", help="With --watch: JSONL alert log (default: next to the database)."),
    create: bool = typer.Option(False, "--create", help="Make the database if it does not exist (else: a usage error)."),
) -> None:
    """Serve the review page (map, filters, table, timeline, evidence, review form) and the REST API.

    With --watch, the feeds are watched in this process too (as 'marsad watch' does). Ctrl-C or
    SIGTERM stops the server and the watcher cleanly (open pages are told to stop listening).
    """
    import threading

    import uvicorn

    from .store.history import marking_use
    from .web.api import create_app

    from .web.api import LOOPBACK, serve_hosts

    if watch_feeds is None and (alerts is not None or alert_log is not None):
        raise typer.BadParameter("alert rules need feeds to watch: add --watch FEEDS (or run 'marsad watch')",
                                 param_hint="--alerts" if alerts is not None else "--alert-log")
    settings = _store_settings(config, {"serve": {"host": host, "port": port}})
    if not 1 <= settings["serve"]["port"] <= 65535:  # (a port beyond 65535 is bound modulo 65536)
        raise typer.BadParameter(f"serve.port {settings['serve']['port']} is not a port (1-65535)",
                                 param_hint="--config")
    store = _open_store(settings, db, must_exist=not create, can_create=True)
    bound = settings["serve"]["host"]
    if bound not in LOOPBACK and store.user_count() == 0:
        store.close()
        raise typer.BadParameter(
            f"serving on {bound} (beyond this machine) needs accounts: add one with "
            f"'marsad user add NAME --role admin --db {store.path}'", param_hint="--host")
    hosts = serve_hosts(bound, settings["serve"].get("trusted_hosts", []))
    if bound not in LOOPBACK:
        typer.echo(f"marsad: answering Host names {', '.join(hosts)}; add the names clients use to the "
                   f"serve.trusted_hosts setting (others get 400)", err=True)
    watcher = None
    if watch_feeds:
        # The watcher has its own connection to the store; the page learns of its events from the store.
        watcher = _make_watcher([watch_feeds], settings, _open_store(settings, Path(store.path)), alerts, alert_log,
                                quiet=False, param_hint="--watch")
    web = create_app(store, settings, trusted_hosts=hosts)
    stop: threading.Event = web.state.stopping  # set on Ctrl-C/SIGTERM: ends the event streams and the watcher
    address = f"http://{settings['serve']['host']}:{settings['serve']['port']}/"
    typer.echo(f"marsad: {store.count()} events in {store.path}; page {address}, API docs {address}api/docs", err=True)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            stop.set()
            super().handle_exit(sig, frame)
            # A stop asked for is a clean exit: no signal raised again once the server is down
            # (uvicorn would, and the watcher would die with the process before it closes).
            captured = getattr(self, "_captured_signals", None)
            if isinstance(captured, list):
                captured.clear()

    thread = None
    if watcher is not None:
        typer.echo(f"marsad serve: watching {len(watcher.config.feeds)} feed(s); alert log {watcher.engine.log_path}",
                   err=True)
        thread = threading.Thread(target=watcher.run, args=(stop,), name="marsad-watch", daemon=True)
        thread.start()
    server = Server(uvicorn.Config(web, host=settings["serve"]["host"], port=settings["serve"]["port"],
                                   log_level="info", timeout_graceful_shutdown=5))
    try:
        with marking_use(store.path, "marsad serve"):  # ('marsad restore' refuses a database in use)
            server.run()
    finally:
        stop.set()
        if watcher is not None:
            thread.join(timeout=30)
            if watcher.engine.sender is not None:
                watcher.engine.sender.flush(5)
            watcher.close()
            watcher.store.close()
            typer.echo(f"marsad serve: watcher stopped after {watcher.polls} poll(s); {store.path} keeps the state",
                       err=True)
        store.close()


def _make_watcher(sources, settings, store, alerts: Optional[Path], alert_log: Optional[Path], *, quiet: bool,
                  interval: Optional[float] = None, param_hint: str = "FEEDS"):
    """A Watcher over a feeds file or feeds given directly (URLs, folders); usage errors as such."""
    from .run.alerts import AlertRules, RulesError, load_rules
    from .run.watch import Watcher, WatchConfigError, config_from_sources, load_watch_config

    try:
        first = str(sources[0])
        if len(sources) == 1 and "://" not in first and Path(first).suffix.lower() in (".toml", ".yaml", ".yml"):
            config = load_watch_config(first)
            if interval is not None:
                import dataclasses

                config = dataclasses.replace(config, feeds=tuple(dataclasses.replace(f, interval=interval) for f in config.feeds))
        else:
            config = config_from_sources([str(s) for s in sources], interval=interval)
    except WatchConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint=param_hint)
    try:
        rules = load_rules(alerts) if alerts else AlertRules()
    except RulesError as exc:
        raise typer.BadParameter(str(exc), param_hint="--alerts")
    log = alert_log or Path(store.path).with_name(Path(store.path).stem + "-alerts.jsonl")

    def status(s) -> None:
        if not quiet or s.state.errors or s.state.new_items or s.alerts:
            typer.echo(s.line(), err=True)
        for alert in s.alerts:
            typer.echo(f"ALERT {alert.rule.name} [{alert.stored.kind}] {alert.stored.alert_key}: {alert.stored.note}", err=True)

    return Watcher(config, store, settings=settings, rules=rules, alert_log=log, on_status=status)


@app.command()
def watch(
    feeds: List[str] = typer.Argument(
        ..., metavar="FEEDS", help="A feeds file (feeds.toml or .yaml: feeds with their interval, outlet, languages), "
                                      "or feed/sitemap URLs and folders of dropped files, watched with default settings."),
    db: DbOption = None,
    alerts: Optional[Path] = typer.Option(None, "--alerts", help="Alert rules (TOML or YAML; samples/watch/alerts.toml)."),
    alert_log: Optional[Path] = typer.Option(None, "--alert-log", help="JSONL alert log (default: DB-alerts.jsonl next to the database)."),
    once: bool = typer.Option(False, "--once", help="Poll every feed one time and exit (for cron)."),
    interval: Optional[float] = typer.Option(None, "--interval", min=0, help="Seconds between polls of every feed (overrides the file)."),
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Status lines only for feeds with news or errors."),
) -> None:
    """Watch feeds: code new items as they appear, store them as 'marsad ingest' does, fire alerts.

    Runs until Ctrl-C or SIGTERM, then stops cleanly; started again, it resumes where it stopped (the store keeps what each feed has shown). Every poll prints a status line per feed: time, new items, events, alerts, or the error and the next try.

    --once polls every feed one time and exits (for cron): exit code 0 when every feed was read and every webhook delivered, 1 when a feed could not be read (its error is printed; the next run tries it again) or a webhook was not delivered, 2 for usage errors.
    """
    import signal
    import threading

    from .store.history import marking_use

    settings = _store_settings(config, {"gazetteer": {"path": str(gazetteer) if gazetteer else None}})
    _check_run_gazetteer(settings, gazetteer)
    store = _open_store(settings, db)
    watcher = _make_watcher(feeds, settings, store, alerts, alert_log, quiet=quiet, interval=interval)
    stop = threading.Event()
    failed: list = []

    def on_signal(signum, frame) -> None:
        typer.echo(f"marsad watch: {signal.Signals(signum).name}, stopping", err=True)
        stop.set()

    with store, watcher, marking_use(store.path, "marsad watch"):
        typer.echo(f"marsad watch: {len(watcher.config.feeds)} feed(s) -> {store.path}; alert log {watcher.engine.log_path}",
                   err=True)
        if once:
            failed = [s.state.feed for s in watcher.poll_all() if s.state.errors]
        else:
            previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                watcher.run(stop)
            finally:
                for s, handler in previous.items():
                    signal.signal(s, handler)
        if watcher.engine.sender is not None:
            watcher.engine.sender.flush(10 if once else 5)
    typer.echo(f"marsad watch: stopped after {watcher.polls} poll(s); {store.path} keeps the state", err=True)
    sender = watcher.engine.sender
    if sender is not None and (sender.delivered or sender.failed):
        # (counted once the sender is closed: posts still retrying were cut short and count as failed)
        typer.echo(f"marsad watch: webhooks: {sender.delivered} delivered, {sender.failed} not delivered"
                   + (" (each alert's delivery: GET /api/alerts)" if sender.failed else ""), err=True)
    if once and failed:
        typer.echo(f"marsad watch: {len(failed)} of {len(watcher.config.feeds)} feed(s) failed: {', '.join(failed)}",
                   err=True)
    if once and (failed or (sender is not None and sender.failed)):
        raise typer.Exit(1)


def _password(password_stdin: bool) -> str:
    import sys

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if has_lone_surrogates(password):  # (bytes that are no UTF-8: the terminal's encoding is another)
            raise typer.BadParameter("the password read from standard input is not UTF-8 text",
                                     param_hint="--password-stdin")
        return password
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="User name: letters, digits, '.', '@', '_' or '-'."),
    role: str = typer.Option(..., "--role", help="viewer (read), reviewer (also review) or admin (everything)."),
    db: DbOption = None,
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input's first line."),
    config: ConfigOption = None,
    create: bool = typer.Option(False, "--create", help="Make the database if it does not exist (else: a usage error)."),
) -> None:
    """Add an account (its password hashed with argon2). The first account ends single-user mode:
    from then on the page and API need a login."""
    from .store import AccountError

    with _open_store(_store_settings(config, {}), db, must_exist=not create, can_create=True) as store:
        first = store.user_count() == 0
        try:
            store.add_user(name, role, _password(password_stdin))
        except AccountError as exc:
            raise typer.BadParameter(str(exc))
        typer.echo(f"user {name} ({role}) added to {store.path}"
                   + ("; the first account: the page and API now need a login" if first else ""), err=True)


@user_app.command("list")
def user_list(
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List the accounts and their roles."""
    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        users = store.users()
        for user in users:
            typer.echo(f"{user.name}\t{user.role}\t{user.created_at}")
        if not users:
            typer.echo("no accounts: single-user mode (the page works without a login on this machine)", err=True)


@user_app.command("remove")
def user_remove(
    name: str = typer.Argument(..., help="User name."),
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove an account and end its sessions and tokens (its reviews and history stay)."""
    from .store import NotFoundError

    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        try:
            store.remove_user(name)
        except NotFoundError as exc:
            raise typer.BadParameter(str(exc))
        typer.echo(f"user {name} removed", err=True)


@user_app.command("password")
def user_password(
    name: str = typer.Argument(..., help="User name."),
    db: DbOption = None,
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input's first line."),
    config: ConfigOption = None,
) -> None:
    """Set an account's password (its sessions and tokens end)."""
    from .store import AccountError, NotFoundError

    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        try:
            store.set_password(name, _password(password_stdin))
        except (AccountError, NotFoundError) as exc:
            raise typer.BadParameter(str(exc))
        typer.echo(f"password of {name} set", err=True)


@user_app.command("token")
def user_token(
    name: str = typer.Argument(..., help="User name."),
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Print a new API token for NAME (90 days; send it as 'Authorization: Bearer TOKEN')."""
    with _open_store(_store_settings(config, {}), db, must_exist=True) as store:
        user = next((u for u in store.users() if u.name == name), None)
        if user is None:
            raise typer.BadParameter(f"no user {name!r}")
        token, session = store.start_session(user, kind="token")
        typer.echo(token)
        typer.echo(f"API token of {name} ({user.role}) until {session.expires_at}", err=True)


@gazetteer_app.command("build")
def gazetteer_build(
    source_dir: Path = typer.Argument(..., help="Folder of upstream place files (OCHA, Open-Syria, GeoNames)."),
    out: Path = typer.Option(..., "--out", "-o", help="Gazetteer file to write."),
    curated: bool = typer.Option(True, "--curated/--no-curated", help="Add marsad's curated places and aliases."),
) -> None:
    """Build a gazetteer from upstream files plus marsad's curated places."""
    from .gazetteer import ATTRIBUTION, build_gazetteer
    from .gazetteer.sources import SourceError

    _check_output(out)
    try:
        stats = build_gazetteer(source_dir, out, curated=curated)
    except SourceError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(stats.summary(), err=True)
    typer.echo(f"  {ATTRIBUTION}", err=True)


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str = typer.Argument(..., help="A place name in any language (Arabic folded, with or without ال)."),
    gazetteer: Optional[Path] = typer.Option(
        None, "--gazetteer", "-g", exists=True, dir_okay=False, help="Gazetteer file; default: the bundled one."),
) -> None:
    """Print the places called NAME, most important first."""
    from .gazetteer import GazetteerError, load_gazetteer

    try:
        gaz = load_gazetteer(gazetteer)
    except GazetteerError as exc:
        raise typer.BadParameter(str(exc), param_hint="--gazetteer")
    places = gaz.lookup(name)
    if not places:
        typer.echo(f"no place called {name!r} in {gaz.path}", err=True)
        raise typer.Exit(1)
    for p in places:
        parent = gaz.parent_of(p)
        typer.echo(f"{p.id}\t{p.name}\t{p.name_ar}\t{p.kind}\t{p.latitude:.5f},{p.longitude:.5f}\t"
                   f"{p.country_code}\t{p.admin1}\t{p.admin2}\tpop {p.population}"
                   + (f"\tin {parent.name}" if parent else "") + f"\t[{p.source}]")


@app.command()
def bench(
    corpus: Optional[Path] = typer.Option(
        None, "--corpus", exists=True, dir_okay=False, show_default=False,
        help="JSONL corpus, one article a line (id, text, title, published); default: "
             "../shared/corpus/unlabeled.jsonl from here, else beside the marsad checkout."),
    workers: str = typer.Option("1,2", "--workers", help="Worker counts to measure, comma-separated."),
    html: bool = typer.Option(True, "--html/--no-html", help="Also measure HTML pages made from the corpus."),
    repeat: int = typer.Option(2, "--repeat", min=1, help="Runs of each throughput measurement (the best is shown)."),
    flat_repeat: int = typer.Option(
        5, "--flat-repeat", min=0, help="Memory flatness: compare the corpus x1 and xN through stdin (0: skip)."),
    stages: bool = typer.Option(True, "--stages/--no-stages", help="Measure the time per article of each stage."),
    startup: bool = typer.Option(True, "--startup/--no-startup", help="Measure startup on one short article."),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="Also write the results as JSON to this file."),
    markdown_out: Optional[Path] = typer.Option(
        None, "--markdown", help="Also write the results as Markdown tables (for the README) to this file."),
    profile: Optional[Path] = typer.Option(
        None, "--profile", file_okay=False, help="Write pyinstrument profiles of one-process runs to this folder."),
) -> None:
    """Measure articles per second, peak memory, per-stage time and startup, and print a table."""
    import json

    from rich.console import Console

    from .bench import BenchError, default_corpus, markdown, profile_runs, render, run_benchmark

    if corpus is None:
        corpus = default_corpus()
        if not corpus.is_file():
            raise typer.BadParameter(f"no corpus at {corpus}: give one with --corpus", param_hint="--corpus")
    try:
        counts = sorted({int(w) for w in workers.split(",") if w.strip()})
    except ValueError:
        raise typer.BadParameter(f"{workers!r} is not a list of numbers like 1,2", param_hint="--workers")
    if not counts or min(counts) < 1:
        raise typer.BadParameter("worker counts must be 1 or more", param_hint="--workers")
    console = Console(stderr=True, highlight=False)
    try:
        results = run_benchmark(corpus, counts, html=html, repeat=repeat, flat_repeat=flat_repeat, stages=stages,
                                startup=startup, progress=lambda message: console.print(f"[dim]{message}[/dim]"))
    except BenchError as exc:  # (a measured process that cannot run: what went wrong, not a traceback)
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    render(results, Console(highlight=False))
    if json_out is not None:
        json_out.write_text(json.dumps(results.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
        console.print(f"results -> {json_out}")
    if markdown_out is not None:
        markdown_out.write_text(markdown(results), encoding="utf-8")
        console.print(f"tables -> {markdown_out}")
    if profile is not None:
        for report in profile_runs(corpus.resolve(), profile, html=html):
            console.print(f"profile -> {report}")


@app.command()
def explain(
    article: Path = typer.Argument(..., help="One article: .txt, .html/.htm, or a .jsonl file (its first article, "
                                               "or the one --id names)."),
    article_id: Optional[str] = typer.Option(None, "--id", help="The id of the article to explain, in a file of several."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD if the article has none."),
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Show how one article is coded: each sentence with its triggers, places, actors, dates and
    death counts, then the records and the words that made each."""
    from .errors import ArticleError
    from .pipeline.explain import explain as explain_doc
    from .io.sources import read_inputs
    from .pipeline import Pipeline
    from .run.runner import resolve_published
    from .settings import SettingsError, load_settings

    try:
        settings = load_settings(config, {"gazetteer": {"path": str(gazetteer) if gazetteer else None}})
        day = resolve_published(published)
    except (SettingsError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    _check_run_gazetteer(settings, gazetteer)
    items = iter(read_inputs([article], published=day, settings=settings))
    if article_id is None:
        item = next(items, None)
        others = next(items, None) is not None  # (said, so that no one takes the first for the only one)
    else:
        item = next((i for i in items if getattr(i, "id", None) == article_id
                     or (isinstance(i, ArticleError) and i.article_id == article_id)), None)
        others = 0
        if item is None:
            typer.echo(f"error: no article with id {article_id!r} in {article}", err=True)
            raise typer.Exit(1)
    if item is None or isinstance(item, ArticleError):
        typer.echo(f"error: {item if item is not None else 'no article in ' + str(article)}", err=True)
        raise typer.Exit(1)
    if others:
        typer.echo(f"{article} holds more than one item: this is the first, {item.id}; choose another with --id",
                   err=True)
    typer.echo(explain_doc(Pipeline(settings)(item)))


@app.command("train-filter")
def train_filter_command(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold JSONL: articles with 'text', 'published' and 'events'."),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (the packaged one is marsad/data/event_filter.json)."),
    gazetteer: GazetteerOption = None,
    folds: int = typer.Option(5, "--folds", min=2, help="Article-level cross-validation folds."),
    c: float = typer.Option(0.3, "--c", min=1e-6, help="Inverse strength of the L2 penalty."),
    hold_out_every: int = typer.Option(
        5, "--hold-out-every", min=0, help="Hold out every Nth article by sorted id (never trained on; 0: none)."),
    config: ConfigOption = None,
) -> None:
    """Train the events stage's filter (which candidate records to keep) from a gold set; print its
    cross-validated and held-out scores."""
    import json

    from .errors import MarsadError
    from .pipeline import Pipeline
    from .settings import SettingsError, load_settings
    from .training import train_filter

    try:
        settings = load_settings(config, {"gazetteer": {"path": str(gazetteer) if gazetteer else None},
                                          "extract": {"event_filter": False, "candidate_features": True}})
        model, report = train_filter(gold, Pipeline(settings), folds=folds, c=c, hold_out_every=hold_out_every)
    except (SettingsError, MarsadError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    typer.echo(json.dumps(report, indent=1))
    typer.echo(f"threshold {model.threshold}; {len(model.weights)} weights -> {out}", err=True)


@app.command()
def version() -> None:
    """Print the marsad version."""
    typer.echo(__version__)


def _unwrapped(doc: str) -> str:
    """A command's docstring as its help: paragraphs kept, the lines of each joined (the source wraps at
    its own width; the terminal's width is rich's to wrap at, or an 80-column help breaks mid-sentence)."""
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(doc))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _reflow_help(*typers: typer.Typer) -> None:
    """Give every command of ``typers`` without a ``help=`` of its own its docstring, unwrapped."""
    for group in typers:
        for info in group.registered_commands:
            if info.help is None and info.callback is not None and info.callback.__doc__:
                info.help = _unwrapped(info.callback.__doc__)


_reflow_help(app, gazetteer_app, user_app)
