"""Ingest and end-to-end speed on the shared corpus, as JSONL and as generated HTML pages.

    python benchmarks/bench_ingest.py [CORPUS.jsonl] [--repeat N]

Prints articles (or pages) per second for: reading the JSONL; extracting HTML pages with
trafilatura in several modes; and the whole ``marsad extract`` run (ingest + pipeline + writing)
from JSONL and from HTML. Single process, so the figures are per core. Project targets: 300
articles/s from JSONL and 100 pages/s from HTML, for the whole run.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_pages import news_page  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "unlabeled.jsonl"


def best_of(repeat: int, func) -> float:
    """Shortest wall time of ``repeat`` runs of ``func()`` (seconds)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(label: str, n: int, seconds: float) -> None:
    print(f"{label:58} {n / seconds:8.0f} /s  {1000 * seconds / n:7.2f} ms each")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")

    import trafilatura

    from marsad.io.ingest import IngestOptions, boilerplate_rules
    from marsad.io.sources import read_inputs
    from marsad.pipeline import Pipeline
    from marsad.run.runner import extract_to_file
    from marsad.settings import load_settings

    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    n = len(rows)
    boilerplate_rules()  # load once, as a long run would
    settings = load_settings()
    pipeline = Pipeline(settings)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        pages.mkdir()
        html_texts = []
        for i, row in enumerate(rows):
            html = news_page(row.get("title") or "", row["text"], row.get("published") or "")
            (pages / f"p{i:04d}.html").write_text(html, encoding="utf-8")
            html_texts.append(html)
        print(f"{n} articles from {args.corpus}; {n} generated pages, "
              f"{sum(map(len, html_texts)) / n / 1000:.1f} kB each on average\n")

        seconds = best_of(args.repeat, lambda: sum(1 for _ in read_inputs([args.corpus])))
        report("ingest .jsonl (decode, clean, check)", n, seconds)

        for label, kwargs in [
            ("trafilatura fast=True, metadata (marsad default)", dict(fast=True, with_metadata=True)),
            ("trafilatura fast=True, no metadata", dict(fast=True, with_metadata=False)),
            ("trafilatura fast=False (fallbacks), metadata", dict(fast=False, with_metadata=True)),
            ("trafilatura fast=False, metadata, extensive date search",
             dict(fast=False, with_metadata=True, date_extraction_params={"extensive_search": True})),
        ]:
            def extract_all(kwargs=kwargs):
                for html in html_texts:
                    trafilatura.bare_extraction(html, include_comments=False, **kwargs)
            report(label, n, best_of(args.repeat, extract_all))

        for fast in (True, False):
            opts = IngestOptions(html_fast=fast)
            seconds = best_of(args.repeat, lambda: sum(1 for _ in read_inputs([pages], options=opts)))
            report(f"ingest .html files (html_fast={fast})", n, seconds)

        out = tmp / "events.jsonl"
        for label, inputs in [("marsad extract, .jsonl (whole run)", [args.corpus]),
                              ("marsad extract, .html pages (whole run)", [pages])]:
            summary = None

            def run(inputs=inputs):
                nonlocal summary
                summary = extract_to_file(inputs, out, settings=settings, pipeline=pipeline)
            seconds = best_of(args.repeat, run)
            report(label, n, seconds)
            print(f"{'':58} ({summary.articles_coded} coded, {summary.events_written} events, "
                  f"{summary.error_count} errors)")


if __name__ == "__main__":
    main()
