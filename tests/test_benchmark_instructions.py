"""benchmarks/instructions.py reads callgrind's instruction count, and its runner codes the articles asked for (run
without valgrind here: the count itself needs valgrind, which CI does not install)."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("instructions_bench", ROOT / "benchmarks" / "instructions.py")
BENCH = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(BENCH)


class _Done:
    def __init__(self, stderr):
        self.stderr = stderr


def test_the_count_is_read_from_valgrind_output(monkeypatch, tmp_path):
    seen = {}

    def fake_run(cmd, **kwargs):
        seen["cmd"] = cmd
        return _Done("==1== Events    : Ir\n==1== Collected : 2303287918\n")

    monkeypatch.setattr(subprocess, "run", fake_run)
    assert BENCH.instructions(tmp_path, tmp_path / "c.jsonl", 7, tmp_path / "run.py") == 2303287918
    assert seen["cmd"][:2] == ["valgrind", "--tool=callgrind"] and seen["cmd"][-1] == "7"


def test_no_count_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kwargs: _Done("valgrind: something failed"))
    with pytest.raises(SystemExit, match="no instruction count"):
        BENCH.instructions(tmp_path, tmp_path / "c.jsonl", 2, tmp_path / "run.py")


def test_the_runner_codes_the_first_articles(tmp_path):
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": f"a{i}", "text": "قتل خمسة مدنيين في غارة جوية على مدينة حلب أمس.", "published": "2018-04-10"}
            for i in range(3)] + [{"id": "no-date", "text": "نص", "published": None}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    runner = tmp_path / "run.py"
    runner.write_text(BENCH._RUNNER + "\nprint(len(arts), arts[-1].id)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(runner), str(ROOT), str(corpus), "2"], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["2", "a1"]
    done = subprocess.run([sys.executable, str(runner), str(ROOT), str(corpus), "9"], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["4", "no-date"]
