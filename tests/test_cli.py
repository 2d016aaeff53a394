"""The command line: `marsad extract`, `marsad eval`, help texts, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import re

import pytest
import typer.main
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import EventRecord
from marsad.run.runner import RunSummary, count_items, extract_to_file

FIXTURES = Path(__file__).parent / "fixtures" / "io"
SHARED = Path(__file__).resolve().parents[2] / "shared"
runner = CliRunner()


def flat(text: str) -> str:
    """Text without rich's box drawing and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


# --------------------------------------------------------------------------- help


def all_commands(command, path=()):
    # (typer may vendor its own click: groups are recognised by their sub-commands, not by class)
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from all_commands(sub, path + (name,))


COMMANDS = list(all_commands(typer.main.get_command(app)))


def test_the_commands_are_found():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "extract", "eval", "version", "gazetteer"} <= names


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) or "marsad" for path, _ in COMMANDS])
def test_every_command_and_parameter_has_help(path, command):
    assert (command.help or "").strip(), f"marsad {' '.join(path)} has no help text"
    for param in command.params:
        if param.name in ("help", "install_completion", "show_completion"):
            continue
        assert (getattr(param, "help", None) or "").strip(), f"marsad {' '.join(path)}: {param.name} has no help"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) or "marsad" for path, _ in COMMANDS])
def test_help_paragraphs_are_wrapped_by_the_terminal_not_the_source(path, command):
    # regression: docstrings wrapped at 100 characters broke mid-sentence in an 80-column help ("no
    # publication / date, ...")
    for paragraph in (command.help or "").split("\n\n"):
        assert "\n" not in paragraph.strip(), f"marsad {' '.join(path)}: {paragraph[:60]!r}"


def test_version_flag():
    from marsad import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == __version__


def test_python_dash_m_is_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "marsad", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("extract", "eval", "version"):
        assert command in result.stdout


# --------------------------------------------------------------------------- extract


class FakePipeline:
    """Gives every article one event, so that reading, reporting and writing are tested whatever
    the real stages (tested elsewhere) do."""

    def __init__(self, settings=None, **kwargs):
        self.settings = settings

    def pipe(self, items):
        from marsad.document import Document
        from marsad.errors import ArticleError

        for item in items:
            if isinstance(item, ArticleError):
                yield item
                continue
            doc = Document.from_article(item)
            doc.events.append(EventRecord(event_date=str(item.published or ""), time_precision=1, event_type="Battles",
                                          sub_event_type="Armed clash", actor1="Military Forces of Syria (2000-2024)",
                                          latitude=35.6, longitude=36.6, country="Syria"))
            yield doc


@pytest.fixture
def fake_pipeline(monkeypatch):
    import marsad.pipeline

    monkeypatch.setattr(marsad.pipeline, "Pipeline", FakePipeline)


def test_extract_writes_events_and_reports_errors(tmp_path, fake_pipeline):
    out, errors = tmp_path / "events.jsonl", tmp_path / "errors.jsonl"
    result = invoke("extract", FIXTURES / "article.txt", FIXTURES / "empty.txt", FIXTURES / "binary.txt",
                    FIXTURES / "articles.jsonl", FIXTURES / "page.html", "--out", out, "--errors", errors,
                    "--published", "2023-01-25")
    assert result.exit_code == 3, result.output  # some items failed
    assert out.exists()
    stderr = result.stderr
    assert "error: empty (" in stderr and "binary content" in stderr and "not JSON" in stderr
    assert "warning: articles-2: no 'id'" in stderr
    assert "articles read 6" in stderr  # article.txt, page.html, and 4 good jsonl lines
    assert "events written 6" in stderr and len(out.read_text(encoding="utf-8").splitlines()) == 6
    assert "errors 7:" in stderr
    lines = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 7
    assert {line["kind"] for line in lines} == {"empty", "binary content", "not JSON", "not a JSON object",
                                                "no text", "no Arabic text"}
    assert result.stdout == ""  # everything human goes to stderr


def test_extract_quiet_drops_warnings_keeps_errors_and_summary(tmp_path, fake_pipeline):
    result = invoke("extract", FIXTURES / "articles.jsonl", "--out", tmp_path / "e.csv", "--quiet", "--allow-errors")
    assert result.exit_code == 0
    assert "warning:" not in result.stderr
    assert "error: broken" in result.stderr and "articles read 4" in result.stderr
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")


def test_extract_walks_folders(tmp_path, fake_pipeline):
    result = invoke("extract", FIXTURES, "--out", tmp_path / "e.geojson")
    assert result.exit_code == 3, result.output
    assert "unsupported file type" in result.stderr  # make_fixtures.py is reported, not skipped silently
    data = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    "args, message",
    [
        (["extract", "--out", "x.jsonl"], "Missing argument"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.txt"], "unknown output format"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--published", "25.01.2023"], "YYYY-MM-DD"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--published", "01/02/2023"], "YYYY-MM-DD"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--published", "9999-12-31"], "outside"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--gazetteer", "no-such-file.db"], "does not exist"),
        (["extract", str(FIXTURES / "article.txt")], "Missing option"),
        (["eval", "no-such-gold.jsonl", "no-such-pred.jsonl"], "does not exist"),
        # regressions: the errors written over the events; a traceback (IsADirectoryError)
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--errors", "x.jsonl"], "given twice"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "d.jsonl"], "it is a folder"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--errors", "d.jsonl"], "it is a folder"),
        # regression: a gazetteer that cannot be used failed every article (exit 3; 0 with --allow-errors)
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--gazetteer", str(FIXTURES / "article.txt"),
          "--allow-errors"], "not a marsad gazetteer file"),
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--config", "bad-gazetteer.toml"],
         "gazetteer file not found: /no/such/gaz.sqlite"),
        (["ingest", str(FIXTURES / "article.txt"), "--db", "x.db", "--gazetteer", str(FIXTURES / "article.txt")],
         "not a marsad gazetteer file"),
        (["explain", str(FIXTURES / "article.txt"), "--gazetteer", str(FIXTURES / "article.txt")],
         "not a marsad gazetteer file"),
        (["gazetteer", "lookup", "الرقة", "--gazetteer", str(FIXTURES / "article.txt")], "not a marsad gazetteer file"),
        (["recode", "--db", "x.db", "--gazetteer", str(FIXTURES / "article.txt")], "not a marsad gazetteer file"),
        (["watch", str(FIXTURES), "--once", "--db", "x.db", "--gazetteer", str(FIXTURES / "article.txt")],
         "not a marsad gazetteer file"),
        # regressions: tracebacks (IsADirectoryError, FileNotFoundError)
        (["extract", str(FIXTURES / "article.txt"), "--out", "x.jsonl", "--config", "d.jsonl"], "is a folder"),
        (["export", "--db", "x.db", "--create", "--out", "nodir/x.csv"], "folder nodir does not exist"),
        (["export", "--db", "x.db", "--create", "--out", "d.jsonl"], "it is a folder"),
        (["gazetteer", "build", str(FIXTURES), "--out", "d.jsonl"], "it is a folder"),
        # regression: JSONL written silently into a file named .csv
        (["export", "--db", "x.db", "--create", "--format", "jsonl", "--out", "x.csv"], "named as csv"),
    ],
)
def test_usage_errors_exit_2(tmp_path, monkeypatch, args, message):
    (tmp_path / "d.jsonl").mkdir()
    (tmp_path / "bad-gazetteer.toml").write_text('[gazetteer]\npath = "/no/such/gaz.sqlite"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in flat(result.output) or message in flat(result.stderr)
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "x.txt").exists() and not (tmp_path / "x.db").exists()


def test_bad_config_file_is_a_usage_error(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[ingest]\nmax_bytes = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(FIXTURES / "article.txt"), "--out", str(tmp_path / "e.jsonl"),
                                 "--config", str(config)])
    assert result.exit_code == 2 and "unknown setting ingest.max_bytes" in flat(result.stderr)


def test_config_file_sets_ingest_limits(tmp_path, fake_pipeline):
    config = tmp_path / "c.toml"
    config.write_text("[ingest]\nmax_article_bytes = 100\n", encoding="utf-8")
    result = invoke("extract", FIXTURES / "article.txt", "--out", tmp_path / "e.jsonl", "--config", config)
    assert result.exit_code == 1 and "too large" in result.stderr  # nothing could be read


def test_only_missing_inputs_still_runs(tmp_path):
    result = invoke("extract", tmp_path / "nothing.jsonl", "--out", tmp_path / "e.jsonl")
    assert result.exit_code == 1  # the run completes, but no input was read
    assert "file not found" in result.stderr and "articles read 0" in result.stderr


# --------------------------------------------------------------------------- runner (the library behind extract)


def test_extract_to_file_streams_events_and_counts(tmp_path):
    from marsad.settings import load_settings

    seen = []
    out = tmp_path / "e.jsonl"
    summary = extract_to_file([FIXTURES / "articles.jsonl", FIXTURES / "page.html"], out, settings=load_settings(),
                              pipeline=FakePipeline(), published="2023-01-20", on_item=seen.append)
    assert isinstance(summary, RunSummary)
    assert (summary.articles_read, summary.articles_coded, summary.articles_with_events, summary.events_written) == (5, 5, 5, 5)
    assert summary.error_count == 5 and summary.items == 10 and len(seen) == 10
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in rows] == ["a1", "articles-2", "bad-date", "7", "page"]
    assert [r["event_date"] for r in rows] == ["2023-01-25", "2023-01-24", "2023-01-20", "2023-01-20", "2023-01-25"]


def test_extract_to_file_keep_undated_false_skips_and_counts(tmp_path):
    from marsad.settings import load_settings

    settings = load_settings(overrides={"output": {"keep_undated": False}})
    summary = extract_to_file([FIXTURES / "article.txt"], tmp_path / "e.jsonl", settings=settings, pipeline=FakePipeline())
    assert summary.events_written == 0 and summary.events_skipped_undated == 1
    assert any("keep_undated" in line for line in summary.lines())


def test_count_items():
    assert count_items([FIXTURES / "articles.jsonl", FIXTURES / "page.html"]) == 11  # 10 lines + 1 page


# --------------------------------------------------------------------------- end to end on the shared sets


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.jsonl").exists(), reason="needs ../shared")
def test_extract_then_eval_on_the_dev_set(tmp_path):
    gold = SHARED / "eval" / "dev" / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path / "pred.jsonl"
    result = invoke("extract", gold, "--out", out, "--quiet")
    assert result.exit_code == 0 and f"articles read {len(rows)}, coded {len(rows)}" in result.stderr
    assert "errors 0" in result.stderr
    result = invoke("eval", SHARED / "eval" / "dev" / "gold.jsonl", out, "--json")
    assert result.exit_code == 0
    scores = json.loads(result.stdout)
    assert scores["articles"] == len(rows) and scores["gold_events"] == sum(len(r["events"]) for r in rows)
    assert scores["invalid_pred_events"] == 0  # whatever the stages code, it is well-formed


def test_eval_prints_aligned_lines(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "a", "events": []}) + "\n", encoding="utf-8")
    result = invoke("eval", gold, gold)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{'articles':34} 1"


def test_eval_unreadable_file_exits_1(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("{broken\n", encoding="utf-8")
    result = invoke("eval", gold, gold)
    assert result.exit_code == 1 and "not JSON" in result.stderr


def test_output_that_is_an_input_is_refused(tmp_path):  # regression: --out = input truncated the input
    data = tmp_path / "articles.jsonl"
    data.write_bytes((FIXTURES / "articles.jsonl").read_bytes())
    before = data.read_bytes()
    result = runner.invoke(app, ["extract", str(data), "--out", str(data)])
    assert result.exit_code == 2 and "is also an input" in flat(result.stderr)
    assert data.read_bytes() == before


def test_output_folder_must_exist(tmp_path):
    result = runner.invoke(app, ["extract", str(FIXTURES / "article.txt"), "--out", str(tmp_path / "no" / "e.jsonl")])
    assert result.exit_code == 2 and "does not exist" in flat(result.stderr)


def test_output_inside_an_input_folder_is_not_read_back(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_bytes((FIXTURES / "article.txt").read_bytes())
    for _ in range(2):  # the second run finds last run's output in the folder
        result = invoke("extract", tmp_path, "--out", tmp_path / "events.jsonl", "--errors", tmp_path / "errors.jsonl")
        assert result.exit_code == 0
        assert "articles read 1" in result.stderr and "errors 0" in result.stderr


# --------------------------------------------------------------------------- Ctrl-C


def _interrupted(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("command, patched, said", [
    (["extract", str(FIXTURES / "article.txt"), "--out", "{tmp}/e.jsonl", "-q"],
     "marsad.run.runner.extract_to_file", "e.jsonl holds the events of the articles coded so far"),
    (["ingest", str(FIXTURES / "article.txt"), "--db", "{tmp}/m.db", "-q"],
     "marsad.run.store_ingest.ingest_files", "the articles stored so far are kept"),
])
def test_an_interrupted_run_says_what_it_left(tmp_path, monkeypatch, command, patched, said):
    # regression: Ctrl-C exited 130 with no word, and a partial output looked like a whole one
    monkeypatch.setattr(patched, _interrupted)
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in command])
    assert result.exit_code == 130
    assert "interrupted: " in result.stderr and said in flat(result.stderr)


def test_eval_of_a_folder_that_is_no_output_is_one_error_line(tmp_path):
    # regression: a traceback ending in MarsadError ("no manifest.json")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "نص", "events": []}\n', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["eval", str(gold), str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no manifest.json" in flat(result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_extract_leaves_out_events_out_of_bounds_as_the_store_does():
    # regression: extract wrote a 1918 event and a toll of 350000 that ingest leaves out
    from marsad.document import Document
    from marsad.run.runner import record_item

    from store_samples import sdf_raids

    article, events = sdf_raids()
    doc = Document.from_article(article)
    events[0].fatalities, events[1].event_date = 350000, "1918-10-01"
    doc.events = events
    written, summary = [], RunSummary()

    class Writer:
        def write(self, event, **kwargs):
            written.append(event)

    assert record_item(doc, summary, Writer()) == 3 and written == events[2:]
    assert summary.events_left_out == 2 and "events left out (a date or toll out of bounds) 2" in summary.lines()
    assert [w.split(":")[0] for w in doc.warnings if "left out" in w] == ["event left out"] * 2
    assert any("350,000" in w or "350000" in w for w in doc.warnings) and any("1918-10-01" in w for w in doc.warnings)
