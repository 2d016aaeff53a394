"""The ``marsad`` command line: a thin layer over the library."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(help="marsad: Arabic conflict news to coded, dated, geocoded events.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="Build and inspect gazetteers.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Article files: .txt, .html/.htm, .jsonl."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file; format from extension: .jsonl, .csv, .geojson."),
    gazetteer: Optional[Path] = typer.Option(None, "--gazetteer", "-g", help="Gazetteer built by 'marsad gazetteer build'."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for articles without one."),
    config: Optional[Path] = typer.Option(None, "--config", help="User settings file (TOML)."),
) -> None:
    """Extract events from articles and write them to OUT."""
    from .ingest import parse_date, read_inputs
    from .output import write_events
    from .pipeline import Pipeline
    from .settings import load_settings
    from .errors import ArticleError

    overrides = {"gazetteer": {"path": str(gazetteer) if gazetteer else None}, "extract": {"published": published}}
    settings = load_settings(config, overrides)
    nlp = Pipeline(settings)
    default_published = parse_date(settings["extract"]["published"])
    events = []
    for item in nlp.pipe(read_inputs(inputs, published=default_published)):
        if isinstance(item, ArticleError):
            typer.echo(f"error: {item}", err=True)
            continue
        events.extend(item.events)
    n = write_events(events, out)
    typer.echo(f"{n} events -> {out}", err=True)


@gazetteer_app.command("build")
def gazetteer_build(
    source_dir: Path = typer.Argument(..., help="Folder of upstream place files (OCHA, Open-Syria, GeoNames)."),
    out: Path = typer.Option(..., "--out", "-o", help="Gazetteer file to write."),
) -> None:
    """Build a gazetteer from upstream files plus marsad's curated places."""
    typer.echo("gazetteer build: not yet implemented", err=True)
    out.write_text("")


@app.command()
def version() -> None:
    """Print the marsad version."""
    typer.echo(__version__)


def main() -> None:
    app()
