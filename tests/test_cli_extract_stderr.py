"""marsad extract's reports on a standard error that is not a terminal are written without rich
(start-up); they must be the lines rich's console writes there, whatever the text holds."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest

from marsad.cli_extract import PlainStderr, RichStderr, stderr_console

LINES = [
    ("articles read 3, coded 3, with events 2; events written 5 -> out.jsonl (0.1 s, 30 articles/s)", "", ""),
    ("a1: no publication date: relative dates ('اليوم', weekdays) cannot be resolved", "warning", "yellow"),
    ("doc [bold]7[/bold]: not UTF-8 [x] \\[y]", "error", "red"),
    ("قتل [3] مدنيين: " + "طويل " * 40, "warning", "yellow"),
    ("/data/[1]/file.txt: [red]not markup[/red]", "", ""),
]


@pytest.mark.parametrize("text,label,colour", LINES)
def test_plain_lines_are_what_rich_writes_to_a_file(text, label, colour, monkeypatch):
    from rich.console import Console

    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    PlainStderr().line(text, label, colour)
    rich_out = io.StringIO()
    reporter = RichStderr()
    reporter.rich = Console(file=rich_out, highlight=False, force_terminal=False, width=80)
    reporter.line(text, label, colour)
    assert plain.getvalue() == rich_out.getvalue()


@pytest.mark.parametrize("text,label,expected", [
    ("errors 0", "", "errors 0\n"),
    ("x.html: not UTF-8", "error", "error: x.html: not UTF-8\n"),
    # (rich's escape loses the backslash before a bracket, as in a Windows path; the plain lines keep it)
    ("C:\\data\\[1]\\a.txt: empty", "error", "error: C:\\data\\[1]\\a.txt: empty\n"),
])
def test_plain_lines_hold_the_text_as_given(text, label, expected, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    PlainStderr().line(text, label, "red")
    assert out.getvalue() == expected


@pytest.mark.parametrize("isatty,env,expected", [
    (False, {}, PlainStderr),
    (True, {}, RichStderr),
    (False, {"FORCE_COLOR": "1"}, RichStderr),
])
def test_rich_only_for_a_terminal(isatty, env, expected, monkeypatch):
    class Stream(io.StringIO):
        def isatty(self):
            return isatty

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stderr", Stream())
    assert type(stderr_console()) is expected


def test_a_run_to_a_pipe_does_not_import_rich(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("قتل ثلاثة مدنيين في قصف على مدينة الرقة يوم الأربعاء.", encoding="utf-8")
    script = ("import sys, runpy; sys.argv = ['marsad', 'extract', sys.argv[1], '--out', sys.argv[2], "
              "'--published', '2023-01-02']\ntry:\n    runpy.run_module('marsad', run_name='__main__')\n"
              "except SystemExit:\n    pass\nprint('rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(article), str(tmp_path / "e.jsonl")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert "articles read 1, coded 1" in done.stderr


def test_no_standard_error_is_no_crash(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    console = stderr_console()
    assert type(console) is PlainStderr
    console.line("errors 0")  # (pythonw, a service: nothing to write to)


def test_a_closed_standard_error_is_not_a_terminal(monkeypatch):
    stream = io.StringIO()
    stream.close()
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stderr", stream)
    assert type(stderr_console()) is PlainStderr
