"""Quality gate: the dev set is extracted and scored; the test fails below the recorded floors.

Floors live in ``tests/quality_floors.tsv``, each row tagged with the dev-set version it was measured on
(article count and a hash of the file). Within a version rows are appended as quality improves and may
never go down; a new version starts a new series. Where ``../shared/eval/dev/gold.jsonl`` is absent, the
gate skips and says why.
"""
import csv
import hashlib
import json
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


def dev_set_version(path):
    """(article count, first 16 hex digits of the file's SHA-256): the version a floor belongs to."""
    data = path.read_bytes()
    articles = sum(1 for line in data.decode("utf-8").splitlines() if line.strip() and json.loads(line))
    return str(articles), hashlib.sha256(data).hexdigest()[:16]


def series(rows):
    """Rows grouped by dev-set version, in file order."""
    grouped = {}
    for row in rows:
        grouped.setdefault((row["dev_articles"], row["dev_sha256"]), []).append(row)
    return grouped


def test_floors_never_go_down_within_a_dev_set_version():
    rows = floors()
    assert rows, "no floors recorded"
    for version, version_rows in series(rows).items():
        for before, after in zip(version_rows, version_rows[1:]):
            for key in ("detection_f1", "strict_f1"):
                assert float(after[key]) >= float(before[key]), f"floor {key} lowered on {after['date']} ({version})"


def test_a_version_series_is_contiguous():
    """A new dev-set version starts a new series: an old version's rows never come back after it."""
    versions = [(row["dev_articles"], row["dev_sha256"]) for row in floors()]
    started = [v for i, v in enumerate(versions) if i == 0 or v != versions[i - 1]]
    assert len(started) == len(set(started)), started


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
    version = dev_set_version(GOLD)
    rows = series(floors()).get(version)
    assert rows, f"no floor recorded for dev-set version {version}: measure it and append a row to {FLOORS.name}"
    floor = rows[-1]
    report = ", ".join(f"{k}={dev_scores[k]}" for k in ("detection_f1", "strict_f1", "invalid_pred_events"))
    assert dev_scores["invalid_pred_events"] == 0, report
    assert dev_scores["detection_f1"] >= float(floor["detection_f1"]), report
    assert dev_scores["strict_f1"] >= float(floor["strict_f1"]), report
