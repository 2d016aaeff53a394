"""``marsad``'s plain path for ``marsad extract`` (:func:`marsad.cli.plain_extract_args`): it
gives the command the very arguments typer would, and leaves every other command line to typer."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad.cli_app as cli_app
from marsad.cli import app, plain_extract_args

FIXTURES = Path(__file__).parent / "fixtures" / "io"
ARTICLE = str(FIXTURES / "article.txt")
ROOT = Path(__file__).resolve().parents[1]


def typer_args(monkeypatch, args: list[str]) -> dict:
    """The arguments typer gives the command for ``args``."""
    seen = {}

    def capture(inputs, out, **kwargs):
        seen.update(inputs=inputs, out=out, **kwargs)
        return 0

    monkeypatch.setattr(cli_app, "run_extract", capture)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("args", [
    ["extract", ARTICLE, "--out", "x.jsonl"],
    ["extract", ARTICLE, "-", "--out", "x.csv", "--quiet", "--published", "2023-01-02"],
    ["extract", "--out=x.jsonl", ARTICLE, "-q", "--allow-errors", "--workers", "2"],
    ["extract", ARTICLE, "-o", "x.jsonl", "-w", "3", "--errors", "e.jsonl", "--config", "c.toml"],
    ["extract", ARTICLE, "--out", "x.jsonl", "-g", ARTICLE, "--published=حلب"],
    ["extract", ARTICLE, str(FIXTURES), "--out", "p", "--dask", "local", "--part-format", "parquet"],
    ["extract", "a b.txt", "--out", "x.jsonl", "--gazetteer", ARTICLE, "--workers=12"],
])
def test_plain_command_lines_get_the_arguments_typer_gives(monkeypatch, args):
    plain = plain_extract_args(args)
    assert plain is not None
    assert plain == typer_args(monkeypatch, args)
    assert all(type(plain[k]) is type(v) for k, v in typer_args(monkeypatch, args).items())


@pytest.mark.parametrize("args", [
    [], ["--help"], ["version"], ["eval", "a", "b"], ["extract"], ["extract", "--help"], ["extract", ARTICLE],
    ["extract", "--out", "x.jsonl"], ["extract", ARTICLE, "--out", "x.jsonl", "--out", "y.jsonl"],
    ["extract", ARTICLE, "--out", "x.jsonl", "--nope"], ["extract", ARTICLE, "-qo", "x.jsonl"],
    ["extract", ARTICLE, "-o=x.jsonl"], ["extract", ARTICLE, "--out", "x.jsonl", "--quiet=1"],
    ["extract", ARTICLE, "--out", "-"], ["extract", ARTICLE, "--out", ""], ["extract", ARTICLE, "--out"],
    ["extract", ARTICLE, "--out", "x.jsonl", "--workers", "0"], ["extract", ARTICLE, "--out", "x.jsonl", "-w", "two"],
    ["extract", ARTICLE, "--out", "x.jsonl", "-w", "٣"], ["extract", ARTICLE, "--out", "x.jsonl", "-w", "+2"],
    ["extract", ARTICLE, "--out", "x.jsonl", "--gazetteer", "no-such.db"],
    ["extract", ARTICLE, "--out", "x.jsonl", "--gazetteer", str(FIXTURES)],
    ["extract", "--", ARTICLE, "--out", "x.jsonl"],
])
def test_other_command_lines_are_left_to_typer(args):
    assert plain_extract_args(args) is None


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_MARSAD_COMPLETE", "complete_bash")
    assert plain_extract_args(["extract", ARTICLE, "--out", "x.jsonl"]) is None


def marsad(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="80")
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_a_usage_error_found_by_the_command_is_reported_by_typer_as_before(tmp_path):
    result = marsad("extract", ARTICLE, "--out", str(tmp_path / "x.jsonl"), "--published", "25.01.2023", cwd=ROOT)
    assert result.returncode == 2 and "Usage:" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert result.stderr == CliRunner().invoke(app, ["extract", ARTICLE, "--out", str(tmp_path / "x.jsonl"),
                                                     "--published", "25.01.2023"], prog_name="python -m marsad",
                                               terminal_width=80).stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_the_plain_path_codes_and_exits_like_typer(tmp_path):
    result = marsad("extract", ARTICLE, "--out", str(tmp_path / "x.jsonl"), "-q", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "articles read 1" in result.stderr and (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = marsad("extract", str(empty), "--out", str(tmp_path / "y.jsonl"), "-q", cwd=ROOT)
    assert result.returncode == 1


def test_a_plain_extract_does_not_import_typer(tmp_path):
    code = ("import sys, runpy; sys.argv = ['marsad', 'extract', %r, '--out', %r, '-q']\n"
            "try:\n    runpy.run_module('marsad', run_name='__main__')\n"
            "except SystemExit as exc:\n    print(exc.code, 'typer' in sys.modules, 'pydantic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code % (ARTICLE, str(tmp_path / "x.jsonl"))], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "False", "False"], result.stderr


def test_the_names_of_the_typer_application_are_still_in_marsad_cli():
    import marsad.cli as cli

    assert cli.app is cli_app.app and cli.extract is cli_app.extract
    with pytest.raises(AttributeError):
        cli.no_such_name
