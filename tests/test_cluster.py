"""--dask: partitions of the inputs coded on a (Local)Cluster give the single-process output."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.evaluate import load_pred
from marsad.io.output import is_partitioned_output, iter_partitioned_documents, read_events
from marsad.io.sources import jsonl_range_items, load_item, read_inputs
from marsad.run.cluster import extract_on_dask, plan_partitions
from marsad.run.runner import extract_to_file
from marsad.settings import load_settings

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "io"
GOLD = HERE.resolve().parents[1] / "shared" / "eval" / "dev" / "gold.jsonl"
PARTITION_LINES = 10  # small_partitions(): the dev set is cut into several parts


def gold_lines():
    """Lines (articles) of the dev gold set: what the partition counts below derive from."""
    return len(GOLD.read_text(encoding="utf-8").splitlines())


def identity(item):
    return (type(item).__name__, getattr(item, "id", None) or item.article_id, item.source,
            getattr(item, "text", None), getattr(item, "reason", None))


# --------------------------------------------------------------------------- partitions


def write_lines(path: Path, lines: list[str], final_newline: bool = True) -> Path:
    path.write_text("\n".join(lines) + ("\n" if final_newline else ""), encoding="utf-8")
    return path


@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("per_part", [1, 2, 3, 7, 100])
def test_jsonl_ranges_cover_every_line_once_with_the_same_numbers(tmp_path, per_part, final_newline):
    source = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines = source + ["", "   "] + source[:2]  # blank lines in the middle, broken ones from the fixture
    path = write_lines(tmp_path / "news.jsonl", lines, final_newline)
    parts = list(plan_partitions([path], partition_lines=per_part))
    assert len(parts) == -(-len(lines) // per_part)
    assert [p.index for p in parts] == list(range(len(parts)))
    assert parts[0].start == 0 and parts[-1].stop == path.stat().st_size
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:]))
    from_parts = [x for p in parts for t in jsonl_range_items(p.path, p.start, p.stop, p.first_line) for x in load_item(t)]
    assert [identity(x) for x in from_parts] == [identity(x) for x in read_inputs([path])]


def test_files_are_grouped_in_order_and_warc_and_big_jsonl_get_their_own(tmp_path):
    from test_sources import write_warc

    warc = write_warc(tmp_path / "crawl.warc.gz", True)
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-00000.jsonl").write_text("{}\n", encoding="utf-8")  # the run's own output: never an input
    inputs = [FIXTURES / "article.txt", FIXTURES / "page.html", FIXTURES / "crlf.txt", warc,
              FIXTURES / "articles.jsonl", FIXTURES / "bom.txt", tmp_path]
    parts = list(plan_partitions(inputs, partition_lines=1000, partition_files=2, exclude_dir=out))
    described = [[Path(f).name for f in p.files] if p.files else Path(p.path).name for p in parts]
    # the folder (tmp_path) holds the WARC again and the output folder, which is left out
    assert described == [["article.txt", "page.html"], ["crlf.txt"], ["crawl.warc.gz"], "articles.jsonl",
                         ["bom.txt"], ["crawl.warc.gz"]]
    assert all(Path(f).is_absolute() for p in parts for f in p.files)
    assert not any("part-00000" in f for p in parts for f in p.files)


def test_standard_input_cannot_go_to_a_cluster():
    with pytest.raises(MarsadError, match="standard input"):
        list(plan_partitions(["-"]))


def test_an_incomplete_output_folder_is_not_read(tmp_path):
    (tmp_path / "part-00000.jsonl").write_text("", encoding="utf-8")
    assert not is_partitioned_output(tmp_path)
    with pytest.raises(MarsadError, match="no manifest.json"):
        read_events(tmp_path)


# --------------------------------------------------------------------------- on a LocalCluster


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


def small_partitions(**extra):
    return load_settings(overrides={"cluster": {"partition_lines": PARTITION_LINES, "partition_files": 3, **extra}})


@pytest.mark.skipif(not GOLD.exists(), reason=f"dev gold set not found at {GOLD}")
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_dask_output_equals_the_single_process_output_on_the_dev_gold_set(tmp_path, client, fmt):
    single = tmp_path / "single.jsonl"
    one = extract_to_file([GOLD], single)
    folder = tmp_path / "parts"
    summary = extract_on_dask([GOLD], folder, settings=small_partitions(), fmt=fmt, client=client)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    expected = -(-gold_lines() // PARTITION_LINES)  # ceiling division
    assert expected > 1 and len(manifest["partitions"]) == expected and manifest["format"] == fmt
    assert sorted(p.name for p in folder.glob(f"part-*.{fmt}")) == [f"part-{i:05d}.{fmt}" for i in range(expected)]
    if fmt == "jsonl":  # the parts, concatenated in partition order, are the single-process file
        parts = "".join((folder / p["events_file"]).read_text(encoding="utf-8") for p in manifest["partitions"])
        assert parts == single.read_text(encoding="utf-8")
    assert read_events(folder) == read_events(single) and len(read_events(single)) > 100
    extras = ("note_en", "source", "suspect")  # written to JSONL, not record fields: read back from a folder's records
    assert load_pred(folder) == {a: [{k: v for k, v in e.items() if k not in extras} for e in evs]
                                 for a, evs in load_pred(single).items()}
    for key in ("articles_read", "articles_coded", "articles_with_events", "events_written", "errors"):
        assert getattr(summary, key) == getattr(one, key), key


@pytest.mark.skipif(not GOLD.exists(), reason=f"dev gold set not found at {GOLD}")
def test_ingest_of_a_dask_output_stores_what_coding_here_stores(tmp_path, client):
    from marsad.run.store_ingest import ingest_files
    from marsad.store import Store

    folder = tmp_path / "parts"
    extract_on_dask([GOLD], folder, settings=small_partitions(), client=client)
    with Store(tmp_path / "m.db") as store:
        first = ingest_files(store, [folder])
        articles = gold_lines()
        assert first.added == articles and first.events > 100
        again = ingest_files(store, [GOLD])  # coded here: the same articles and events
        assert (again.unchanged, again.added, again.replaced) == (articles, 0, 0)


def test_every_input_kind_and_its_errors_on_the_cluster(tmp_path, client):
    from test_parallel import mixed_inputs

    inputs = mixed_inputs(tmp_path)
    one = extract_to_file(inputs, tmp_path / "single.jsonl", published="2023-01-25", errors_out=tmp_path / "e1.jsonl")
    folder = tmp_path / "parts"
    seen = []
    dask = extract_on_dask(inputs, folder, settings=small_partitions(), published="2023-01-25", client=client,
                           errors_out=tmp_path / "e2.jsonl", on_partition=seen.append)
    assert read_events(folder) == read_events(tmp_path / "single.jsonl")
    assert dask.errors == one.errors and dask.articles_coded == one.articles_coded
    assert sorted(p["index"] for p in seen) == list(range(len(seen)))
    # errors in partition order: the order of a single process
    assert (tmp_path / "e2.jsonl").read_text(encoding="utf-8") == (tmp_path / "e1.jsonl").read_text(encoding="utf-8")
    docs = list(iter_partitioned_documents(folder))
    assert sum(1 for d in docs if hasattr(d, "events")) == one.articles_coded


def test_a_second_run_replaces_the_first_runs_parts(tmp_path, client):
    folder = tmp_path / "parts"
    extract_on_dask([FIXTURES / "articles.jsonl"], folder, settings=small_partitions(partition_lines=1), client=client)
    many = len(list(folder.glob("part-*")))
    extract_on_dask([FIXTURES / "article.txt"], folder, published="2023-01-25", client=client)
    assert many > 1 and len(list(folder.glob("part-*"))) == 1
    assert {e.article_id for e in read_events(folder)} <= {"article"}


def test_cli_dask_local(tmp_path):
    """The command line starts its own LocalCluster (--dask local) and writes a folder."""
    from typer.testing import CliRunner

    from marsad.cli import app

    folder = tmp_path / "parts"
    result = CliRunner().invoke(app, ["extract", str(FIXTURES / "articles.jsonl"), "--out", str(folder), "-q",
                                      "--dask", "local", "--part-format", "parquet", "--allow-errors"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (folder / "manifest.json").exists() and list(folder.glob("part-*.parquet"))
    bad = CliRunner().invoke(app, ["extract", str(FIXTURES / "articles.jsonl"), "--out", str(folder), "--dask",
                                   "local", "--workers", "2"])
    assert bad.exit_code == 2


def test_a_failed_partition_stops_the_run_naming_it(tmp_path, client, monkeypatch):
    """A task that fails as a whole (here: its output folder vanished on the worker) is not a
    per-article error: the run stops and says which partition."""
    folder = tmp_path / "parts"
    settings = small_partitions(partition_lines=2)
    real_plan = plan_partitions

    def plan_then_remove(*args, **kwargs):
        for part in real_plan(*args, **kwargs):
            if part.index == 1:
                import shutil

                shutil.rmtree(folder)
            yield part

    monkeypatch.setattr("marsad.run.cluster.plan_partitions", plan_then_remove)
    with pytest.raises(MarsadError, match=r"partition \d+ .*articles.jsonl.* failed"):
        extract_on_dask([FIXTURES / "articles.jsonl"], folder, settings=settings, client=client)


# --------------------------------------------------------------------------- damaged output folders


@pytest.fixture(scope="module")
def coded_seed_folder(tmp_path_factory, client):
    """An output folder of 'extract --dask' for the seed article three times (ids s1, s2, s4: 5 events each)
    and, third, an article with no events (q3)."""
    base = tmp_path_factory.mktemp("coded")
    text = (HERE.parent / "samples" / "seed-article.txt").read_text(encoding="utf-8")
    quiet = "عقد المجلس المحلي اجتماعا لبحث الخدمات في المدينة. " * 5
    rows = [{"id": "s1", "text": text}, {"id": "s2", "text": text}, {"id": "q3", "text": quiet}, {"id": "s4", "text": text}]
    source = write_lines(base / "seed.jsonl", [json.dumps({**r, "published": "2023-01-25"}, ensure_ascii=False)
                                               for r in rows])
    extract_on_dask([source], base / "coded", client=client)
    return base / "coded"


def _edit_part(folder: Path, key: str, edit) -> None:
    from marsad.io.output import read_manifest

    (part,) = read_manifest(folder)["partitions"]
    path = folder / part[key]
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _field(index: int, name: str, value):
    def edit(lines):
        row = json.loads(lines[index])
        row[name] = value
        lines[index] = json.dumps(row, ensure_ascii=True)  # (a lone surrogate as its escape, "\ud800")
        return lines
    return edit


def _cut(index: int, keep: int = 200):
    return lambda lines: lines[:index] + [lines[index][:keep]] + lines[index + 1:]


@pytest.mark.parametrize("key, edit, errors, events, left_out", [
    # an article line cut short, or with a field of the wrong type: that article's error, and its events are
    # told as left out; the articles after it (q3 with none, s4) keep theirs (regression: s4 lost them)
    ("articles_file", _cut(1), 2, 10, 0),
    ("articles_file", _field(1, "warnings", None), 2, 10, 0),
    ("articles_file", lambda lines: [lines[0], lines[2], lines[3]], 1, 10, 0),  # s2's line removed
    # a count edited down: the article keeps that many, the rest are left out with a warning (regression: every
    # later article lost its events)
    ("articles_file", _field(0, "events", 3), 0, 13, 1),
    ("articles_file", _field(0, "events", 7), 0, 15, 1),  # two more than the events file holds
    # a lone surrogate in an article's text: mended, with a warning (regression: a traceback)
    ("articles_file", _field(0, "title", "a\ud800b"), 0, 15, 1),
    # an event that cannot be read, or holds a value no record may hold: left out, with a warning
    ("events_file", _field(1, "fatalities", "abc"), 0, 14, 1),
    ("events_file", _field(1, "latitude", "NaN"), 0, 14, 1),
    ("events_file", _field(1, "evidence_spans", [5]), 0, 14, 1),
    ("events_file", _field(1, "evidence_spans", [[10 ** 12, 10 ** 12 + 5]]), 0, 14, 1),
    ("events_file", _field(1, "event_type", "Garbage"), 0, 14, 1),
    ("events_file", _field(1, "geo_precision", 7), 0, 14, 1),
    ("events_file", _field(1, "notes", "a\ud800b"), 0, 14, 1),
    ("events_file", _cut(1, 30), 0, 14, 1),
])
def test_a_damaged_output_folder_is_stored_line_by_line(tmp_path, coded_seed_folder, key, edit, errors, events,
                                                        left_out):
    # regression: the first bad line stopped 'marsad ingest FOLDER' (ValueError, JSONDecodeError, TypeError,
    # IntegrityError), and values the review API refuses were stored unchecked
    import shutil

    from marsad.run.store_ingest import ingest_files
    from marsad.store import Store

    folder = tmp_path / "coded"
    shutil.copytree(coded_seed_folder, folder)
    _edit_part(folder, key, edit)
    items = list(iter_partitioned_documents(folder))  # (no exception escapes)
    with Store(tmp_path / "m.db") as store:
        summary = ingest_files(store, [folder])
        assert summary.error_count == errors and summary.events == events
        assert store.count() == events
        stored = dict(store._conn.execute("SELECT article_id, COUNT(*) FROM events GROUP BY article_id"))
        assert stored.get("s4") == 5  # (the last article keeps its events whatever came before)
    docs = [i for i in items if hasattr(i, "events")]
    assert sum(w.startswith(("event left out", "events left out", "lone surrogates")) for d in docs
               for w in d.warnings) == left_out


def test_a_missing_part_file_is_that_partitions_error(tmp_path, coded_seed_folder):
    import shutil

    from marsad.io.output import read_manifest

    folder = tmp_path / "coded"
    shutil.copytree(coded_seed_folder, folder)
    (part,) = read_manifest(folder)["partitions"]
    (folder / part["events_file"]).unlink()
    (error,) = list(iter_partitioned_documents(folder))
    assert error.reason.startswith("unreadable file: the partition's events")
