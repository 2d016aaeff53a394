"""--workers N: the output of one process, in input order, with bounded work in flight."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.document import Article, Document, EventRecord
from marsad.errors import ArticleError, MarsadError
from marsad.run.parallel import ParallelOptions, code_parallel, slim
from marsad.run.runner import extract_to_file
from marsad.settings import load_settings

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "io"
GOLD = HERE.resolve().parents[1] / "shared" / "eval" / "dev" / "gold.jsonl"


def settings_with(**parallel):
    settings = load_settings(overrides={"parallel": parallel} if parallel else None)
    return settings


def mixed_inputs(tmp_path: Path) -> list[Path]:
    """Every kind of input, with bad items among them: the fixture folder (texts, pages, a JSONL
    with broken lines, binary and empty files), a feed, a WARC, a file that does not exist."""
    from test_sources import write_rss, write_warc

    return [FIXTURES, write_rss(tmp_path / "feed.rss"), write_warc(tmp_path / "crawl.warc.gz", True),
            tmp_path / "absent.txt", FIXTURES / "articles.jsonl"]  # read twice: duplicate ids


def run(inputs, tmp_path: Path, name: str, **kwargs):
    out, errors = tmp_path / f"{name}.jsonl", tmp_path / f"{name}-errors.jsonl"
    seen = []
    summary = extract_to_file(inputs, out, errors_out=errors, published="2023-01-25",
                              on_item=lambda item: seen.append(item), **kwargs)
    warnings = [(i.id, list(i.warnings)) for i in seen if not isinstance(i, ArticleError)]
    return out.read_text(encoding="utf-8"), errors.read_text(encoding="utf-8"), summary, warnings


def comparable(summary):
    row = summary.to_dict()
    row.pop("seconds"), row.pop("out")
    return row


@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_two_workers_write_what_one_writes_for_every_input_kind(tmp_path, start_method):
    inputs = mixed_inputs(tmp_path)
    one = run(inputs, tmp_path, "one", workers=1)
    settings = settings_with(chunk_size=2, start_method=start_method)  # many chunks: order is tested
    two = run(inputs, tmp_path, "two", workers=2, settings=settings)
    assert one[0] and one[0] == two[0], "events"
    assert one[1] and one[1] == two[1], "errors, in order"
    assert comparable(one[2]) == comparable(two[2])
    assert {"file not found", "not html", "http status", "not JSON", "binary content", "unsupported file type"} \
        <= set(two[2].errors)
    assert one[3] == two[3], "warnings (duplicate ids included), in order"
    assert any("duplicate article id" in w for _, ws in two[3] for w in ws)


@pytest.mark.skipif(not GOLD.exists(), reason=f"dev gold set not found at {GOLD}")
def test_two_workers_equal_one_on_the_dev_gold_set(tmp_path):
    one = run([GOLD], tmp_path, "one", workers=1)
    two = run([GOLD], tmp_path, "two", workers=2)
    assert one[0].count("\n") > 100 and one[0] == two[0]
    assert comparable(one[2]) == comparable(two[2])


def counting(items, pulled):
    for item in items:
        pulled.append(item)
        yield item


class OneEventPipeline:
    """Codes anything fast: one event per article (the pool's logic, not the stages, is tested)."""

    timings = False

    def __init__(self, settings=None):
        self.settings = settings

    def pipe(self, items):
        for item in items:
            if isinstance(item, ArticleError):
                yield item
                continue
            if item.id == "die":
                os._exit(3)  # a worker that crashes (killed, out of memory)
            doc = Document.from_article(item)
            doc.norm = item.text
            doc.events = [EventRecord(event_date="2023-01-01", time_precision=1, event_type="Battles",
                                      sub_event_type="Armed clash", actor1="X", article_id=item.id)]
            yield doc


def articles(n, prefix="a"):
    return [Article(id=f"{prefix}{i}", text="نص") for i in range(n)]


def test_work_in_flight_is_bounded_so_memory_stays_flat():
    pulled: list = []
    options = ParallelOptions(workers=2, chunk_size=5, prefetch=2, start_method="fork")
    stream = code_parallel(counting(articles(1000), pulled), settings={}, options=options, pipeline=OneEventPipeline())
    first = next(stream)
    assert first.id == "a0"
    # 2 workers x 2 chunks x 5 items in flight, plus the chunk being cut: never the whole input
    assert len(pulled) <= 2 * 2 * 5 + 5
    rest = list(stream)
    assert [d.id for d in [first, *rest]] == [f"a{i}" for i in range(1000)]


def test_results_are_slim_unless_the_analysis_is_asked_for():
    options = ParallelOptions(workers=2, chunk_size=3, start_method="fork")
    docs = list(code_parallel(articles(7), settings={}, options=options, pipeline=OneEventPipeline()))
    assert [d.norm for d in docs] == [""] * 7 and all(len(d.events) == 1 for d in docs)
    full = list(code_parallel(articles(7), settings={}, options=options, pipeline=OneEventPipeline(), keep_analysis=True))
    assert [d.norm for d in full] == ["نص"] * 7
    assert slim(full[0]).events == full[0].events and slim(full[0]).text == "نص"


def test_a_worker_that_dies_stops_the_run_with_a_clear_error():
    options = ParallelOptions(workers=2, chunk_size=2, start_method="fork")
    items = articles(3) + [Article(id="die", text="نص")] + articles(3, "b")
    with pytest.raises(MarsadError, match="worker process died"):
        list(code_parallel(items, settings={}, options=options, pipeline=OneEventPipeline()))


def test_bad_worker_settings_are_errors():
    with pytest.raises(MarsadError, match="workers must be 1 or more"):
        ParallelOptions.from_settings({}, workers=0)
    with pytest.raises(MarsadError, match="unknown start method"):
        ParallelOptions.from_settings({"parallel": {"start_method": "threads"}})


def test_a_custom_pipeline_cannot_be_rebuilt_in_a_fresh_worker():
    options = ParallelOptions(workers=2, start_method="spawn")
    with pytest.raises(MarsadError, match="cannot be rebuilt"):
        list(code_parallel(articles(2), settings={}, options=options, pipeline=OneEventPipeline()))


def test_ingest_with_two_workers_stores_what_one_stores(tmp_path):
    from marsad.run.store_ingest import ingest_files
    from marsad.store import Store

    inputs = mixed_inputs(tmp_path)
    results = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            summary = ingest_files(store, inputs, published="2023-01-25", workers=workers)
            rows = [(e.record.article_id, e.record.event_id, e.record.event_date, e.record.sub_event_type)
                    for e in store.events(limit=100000)]
            results.append((summary, rows, store.article_count()))
    (s1, rows1, n1), (s2, rows2, n2) = results
    assert rows1 and rows1 == rows2 and n1 == n2
    assert (s1.added, s1.events, s1.errors) == (s2.added, s2.events, s2.errors)


def test_cli_workers_option(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    inputs = [str(FIXTURES / "articles.jsonl"), str(FIXTURES / "page.html")]
    r1 = CliRunner().invoke(app, ["extract", *inputs, "--out", str(out1), "-q"], catch_exceptions=False)
    r2 = CliRunner().invoke(app, ["extract", *inputs, "--out", str(out2), "-q", "--workers", "2"], catch_exceptions=False)
    assert r1.exit_code == 3 and r2.exit_code == 3, r2.output  # (articles.jsonl has bad lines)
    assert out1.read_text(encoding="utf-8") == out2.read_text(encoding="utf-8") != ""
    assert CliRunner().invoke(app, ["extract", *inputs, "--out", str(out2), "--workers", "0"]).exit_code == 2
