"""Quality gate: the dev set is extracted and scored; the test fails below the recorded floors.

Floors live in ``tests/quality_floors.tsv``; rows are appended as quality improves and may never
go down. Where ``../shared/eval/dev/gold.jsonl`` is absent, the gate skips and says why.
"""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
GAZETTEER_SOURCES = SHARED / "gazetteer"
FLOORS = Path(__file__).with_name("quality_floors.tsv")


def floors():
    lines = [l for l in FLOORS.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_floors_never_go_down():
    rows = floors()
    assert rows, "no floors recorded"
    for before, after in zip(rows, rows[1:]):
        for key in ("detection_f1", "strict_f1"):
            assert float(after[key]) >= float(before[key]), f"floor {key} lowered on {after['date']}"


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    if not GOLD.exists():
        pytest.skip(f"quality gate skipped: dev gold set not found at {GOLD}")
    tmp = tmp_path_factory.mktemp("gate")
    gazetteer = tmp / "gaz"
    cmd = [sys.executable, "-m", "marsad"]
    subprocess.run(cmd + ["gazetteer", "build", str(GAZETTEER_SOURCES), "--out", str(gazetteer)], check=True,
                   capture_output=True)
    pred = tmp / "pred.jsonl"
    subprocess.run(cmd + ["extract", str(GOLD), "--gazetteer", str(gazetteer), "--out", str(pred), "--quiet"],
                   check=True, capture_output=True)
    from marsad.evaluate import load_pred

    return score(load_gold(GOLD), load_pred(pred))


@pytest.mark.gate
def test_dev_set_scores_at_or_above_floors(dev_scores):
    floor = floors()[-1]
    report = ", ".join(f"{k}={dev_scores[k]}" for k in ("detection_f1", "strict_f1", "invalid_pred_events"))
    assert dev_scores["invalid_pred_events"] == 0, report
    assert dev_scores["detection_f1"] >= float(floor["detection_f1"]), report
    assert dev_scores["strict_f1"] >= float(floor["strict_f1"]), report
