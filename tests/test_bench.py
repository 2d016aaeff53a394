"""marsad bench: the measurements run and report what they measured (no speed is asserted here:
speed and memory targets live in the benchmark, not in timed tests)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.bench import BenchResults, RunResult, measure, news_page, render, write_pages
from marsad.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "io"


def small_corpus(tmp_path: Path, n: int = 4) -> Path:
    rows = [json.loads((FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])]  # a valid article
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({**rows[0], "id": f"a{i}"}, ensure_ascii=False) + "\n" for i in range(n)),
                      encoding="utf-8")
    return corpus


def test_pages_made_from_the_corpus_are_read_back_as_the_articles(tmp_path):
    from marsad.io.sources import read_inputs

    corpus = small_corpus(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    assert write_pages(corpus, pages) == 4
    articles = list(read_inputs([pages]))
    original = next(read_inputs([corpus]))
    assert [a.id for a in articles] == ["a0", "a1", "a2", "a3"]
    assert articles[0].text.split() == original.text.split()  # the words; blank lines between paragraphs go
    assert articles[0].published == original.published
    assert "<p>" in news_page("t", "سطر\nسطر آخر") and "سطر آخر" in news_page("t", "سطر\nسطر آخر")


def test_a_measured_run_reports_items_time_and_memory_of_its_process_tree(tmp_path):
    corpus = small_corpus(tmp_path)
    one = measure("jsonl", 1, [str(corpus)])
    two = measure("jsonl", 2, [str(corpus)])
    assert one.items == two.items == 4 and one.events == two.events > 0
    assert one.seconds > 0 and one.rate > 0 and one.wall > one.seconds
    assert one.peak_total_mb > 20 and one.peak_main_mb > 20
    assert one.peak_worker_mb == 0 < two.peak_worker_mb  # one process has no workers
    streamed = measure("stdin x3", 1, ["-"], stdin_repeat=3, corpus=corpus)
    assert streamed.items == 12


def test_bench_command_prints_the_tables_and_writes_json(tmp_path):
    corpus = small_corpus(tmp_path)
    out, md = tmp_path / "bench.json", tmp_path / "bench.md"
    result = CliRunner().invoke(app, ["bench", "--corpus", str(corpus), "--workers", "1", "--repeat", "1",
                                      "--flat-repeat", "2", "--json-out", str(out), "--markdown", str(md)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for heading in ("Whole runs", "Memory flatness", "Time per article", "startup"):
        assert heading in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {r["label"] for r in data["runs"]} == {"jsonl", "html"}
    assert [r["label"] for r in data["flat"]] == ["stdin x1", "stdin x2"]
    assert {"normalize", "events", "read jsonl", "read html", "write jsonl"} <= set(data["stages_ms_per_article"])
    assert len(data["startup_s"]) == 3 and data["machine"]["nproc"] >= 1
    assert data["startup_first_s"] > 0  # the first run, which compiled the bytecode the timed runs read
    assert data["runs"][0]["cpu_seconds"] > 0 and data["runs"][0]["per_cpu_second"] > 0
    tables = md.read_text(encoding="utf-8")
    assert "| jsonl | 1 |" in tables and "| html | 1 |" in tables and "| stdin x2 | 1 | 8 |" in tables
    from marsad.bench import markdown, results_from_json

    assert markdown(results_from_json(data)) == tables  # the JSON holds everything the tables show
    bad = CliRunner().invoke(app, ["bench", "--corpus", str(corpus), "--workers", "one"])
    assert bad.exit_code == 2


def test_render_shows_per_core_rate_against_the_target():
    from rich.console import Console

    results = BenchResults(machine={"nproc": 2, "cores_usable": 2, "cpu": "x", "ram_gb": 1, "python": "3", "marsad": "0"},
                           corpus="c", articles=10)
    results.runs = [RunResult("jsonl", 2, items=600, seconds=1.0), RunResult("jsonl", 2, items=600, seconds=2.0)]
    console = Console(record=True, width=250)
    render(results, console)
    text = console.export_text()
    assert "600" in text and "300" in text  # best rate, and per core (2 workers on 2 cores)


def test_render_fits_an_80_column_terminal_and_says_which_targets_are_met():
    from rich.console import Console

    from marsad.bench import TARGET_JSONL_PER_CORE

    results = BenchResults(machine={"nproc": 2, "cores_usable": 2, "cpu": "x", "ram_gb": 1, "python": "3", "marsad": "0"},
                           corpus="c", articles=10)
    results.runs = [RunResult(label, w, items=699, seconds=s, first_item=0.2, cpu_seconds=s * w, peak_total_mb=70,
                              peak_main_mb=60, peak_worker_mb=50 if w > 1 else 0)
                    for label, s in (("jsonl", 0.5), ("html", 3.0)) for w in (1, 2)]
    results.flat = [RunResult(f"stdin x{n}", w, items=699 * n, seconds=n, peak_total_mb=65) for w in (1, 2) for n in (1, 5)]
    results.stages_ms = {"normalize": 0.1, "events": 0.7, "read jsonl": 0.2}
    results.startup_s = [0.4, 0.41, 0.42]
    console = Console(record=True, width=80)
    render(results, console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Whole runs" in text and "jsonl x2" in text and "stdin x5 w2" in text
    assert f"JSONL: 1398 articles/s per core, 1398 per CPU-s (target >= {TARGET_JSONL_PER_CORE}): met" in text
    assert "HTML: 233 pages/s per core" in text and "NOT met" in text
    assert "first coded article: median 0.20 s" in text
    assert "startup, one article, whole process: median 0.41 s (target < 0.3 s): NOT met" in text


def test_measured_runs_read_the_bytecode_one_run_compiled(tmp_path, monkeypatch):
    """The measured processes read compiled bytecode, as an installed package's runs do: with
    PYTHONDONTWRITEBYTECODE set (an editable install's developer setting), each run would compile
    every module again and count that time as marsad's."""
    from marsad.bench import bytecode_env, compile_bytecode

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    pycache = tmp_path / "pycache"
    env = bytecode_env(pycache)
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PYTHONPYCACHEPREFIX"] == str(pycache)
    compile_bytecode(pycache, workers=2)
    compiled = {p.name.split(".")[0] for p in pycache.rglob("*.pyc") if "marsad" in p.parts}
    assert {"runner", "dates", "places", "context"} <= compiled  # the run path and the stages it imported
    others = {part for p in pycache.rglob("*.pyc") for part in p.parts}
    assert {"trafilatura", "multiprocessing"} <= others  # (the HTML readers; workers)
    run = measure("jsonl", 1, [str(small_corpus(tmp_path))], pycache=pycache)
    assert run.items == 4 and run.first_item > 0


@pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH is Python 3.11+")
def test_a_measured_process_imports_the_benchs_marsad_not_the_working_folders(tmp_path):
    """Regression: the measured processes run ``python -m marsad…``, and ``-m`` puts the working folder
    first on the path, so a bench of an installed marsad started in a source checkout measured the
    checkout's sources. A child started in a folder holding another marsad imports the bench's own."""
    from marsad.bench import package_root, this_marsad_env

    decoy = tmp_path / "marsad"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the decoy marsad of the working folder was imported')\n")
    (decoy / "__main__.py").write_text("")
    code = "import marsad; print(marsad.__file__)"
    plain = subprocess.run([sys.executable, "-m", "marsad"], cwd=tmp_path, capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k not in ("PYTHONSAFEPATH", "PYTHONPATH")})
    assert "the decoy marsad of the working folder was imported" in plain.stderr  # (what -m does without it)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env=this_marsad_env(dict(os.environ)))
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).resolve() == (package_root() / "marsad" / "__init__.py").resolve()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH is Python 3.11+ (3.10: the bench stops, tested below)")
def test_the_measured_runs_import_the_benchs_marsad_when_started_beside_another(tmp_path, monkeypatch):
    """The runs the bench makes (extract runs and the startup runs) in a working folder that holds a
    marsad package which cannot be imported: they run this marsad."""
    from marsad.bench import startup_times

    corpus = small_corpus(tmp_path)
    decoy = tmp_path / "elsewhere" / "marsad"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise SystemExit('the decoy marsad of the working folder was imported')\n")
    monkeypatch.chdir(decoy.parent)
    run = measure("jsonl", 1, [str(corpus)])
    assert run.items == 4 and run.errors == 0
    times, first = startup_times(repeat=1)
    assert len(times) == 1 and first > 0


@pytest.mark.parametrize("found, pythonpath, expected", [
    (["ROOT"], "", ""),  # found as it is (an editable or a site-packages install): the path is left alone
    (["ROOT"], "/a", "/a"),
    (["/other", "ROOT"], "", "ROOT"),  # the bench got marsad from its working folder: that folder goes first
    (["/other", "ROOT"], "/a", "ROOT" + os.pathsep + "/a"),
    (["/other", "/other"], "", "error"),  # found elsewhere even then: the bench stops and says where
])
def test_this_marsads_folder_goes_first_on_the_path_only_when_a_child_would_not_find_it(
        found, pythonpath, expected, tmp_path, monkeypatch):
    from marsad import bench

    root = str(bench.package_root())
    answers = iter([root if f == "ROOT" else f for f in found])
    asked = []
    monkeypatch.setattr(bench, "imported_root", lambda env: asked.append(env["PYTHONPATH"]) or next(answers))
    monkeypatch.setattr(bench, "_checked_paths", {})
    monkeypatch.chdir(tmp_path)
    env = {"PYTHONPATH": pythonpath} if pythonpath else {}
    if expected == "error":
        with pytest.raises(bench.BenchError, match="would import marsad from /other, the bench runs"):
            bench.this_marsad_env(env)
        return
    got = bench.this_marsad_env(dict(env))
    assert got.get("PYTHONPATH", "") == expected.replace("ROOT", root) and got["PYTHONSAFEPATH"] == "1"
    assert len(asked) == len(found)
    bench.this_marsad_env(dict(env))  # asked once per working folder and path
    assert len(asked) == len(found)


def test_on_python_3_10_the_bench_says_the_working_folder_is_in_the_way(tmp_path, monkeypatch):
    from marsad import bench

    monkeypatch.setattr(bench, "imported_root", lambda env: "/other")
    monkeypatch.setattr(bench, "_checked_paths", {})
    monkeypatch.setattr(bench, "_SAFEPATH_PYTHON", False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(bench.BenchError, match="puts the working folder .* first; start the bench from a folder"):
        bench.this_marsad_env({})


def test_a_measured_run_that_imports_another_marsad_stops():
    from marsad.bench import _child

    with pytest.raises(SystemExit, match="imported marsad from .*, the bench runs /elsewhere"):
        _child(json.dumps({"inputs": [], "workers": 1, "published": "", "marsad": "/elsewhere"}))


def test_a_bench_that_cannot_run_its_processes_says_why_without_a_traceback(tmp_path, monkeypatch):
    from marsad import bench

    def cannot(*args, **kwargs):
        raise bench.BenchError("the measured runs would import marsad from /other, the bench runs /here")

    monkeypatch.setattr(bench, "run_benchmark", cannot)
    result = CliRunner().invoke(app, ["bench", "--corpus", str(small_corpus(tmp_path)), "--workers", "1"])
    assert result.exit_code == 1 and "error: the measured runs would import marsad from /other" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_default_corpus_is_found_from_any_folder(tmp_path, monkeypatch):
    # regression: the default was relative to the working folder: 'marsad bench' failed (exit 2) elsewhere
    import marsad.bench as bench
    from marsad.bench import default_corpus

    checkout = tmp_path / "work" / "marsad-checkout"
    shared = tmp_path / "work" / "shared" / "corpus" / "unlabeled.jsonl"
    shared.parent.mkdir(parents=True)
    shared.write_text("{}\n", encoding="utf-8")
    (checkout / "marsad").mkdir(parents=True)
    monkeypatch.setattr(bench, "__file__", str(checkout / "marsad" / "bench.py"))
    monkeypatch.chdir(tmp_path)
    assert default_corpus() == shared  # beside the checkout this runs from
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "shared" / "corpus" / "unlabeled.jsonl").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    assert default_corpus() == Path("../shared/corpus/unlabeled.jsonl")  # from the working folder first
