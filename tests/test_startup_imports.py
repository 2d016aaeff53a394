"""Start-up: a run that codes articles with a gazetteer already built and prepared imports
neither the gazetteer builder (with SQLite writing and the upstream readers) nor zipfile (which
importlib.resources pulls in): each costs start-up time that coding does not need. A regression
test for the lazy imports of marsad.gazetteer, marsad.gazetteer.default/store and resources.data_path."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE_PLACES = Path(__file__).parent / "fixtures" / "gazetteer" / "good"

CODE_ONE_ARTICLE = """
import datetime, json, sys
from marsad.pipeline import Pipeline
from marsad.gazetteer import load_gazetteer
nlp = Pipeline(gazetteer=load_gazetteer(sys.argv[1]))
doc = nlp("قتل ثلاثة مدنيين في قصف على مدينة الرقة يوم الأربعاء.", published=datetime.date(2023, 1, 2))
print(json.dumps({"events": len(doc.events), "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The modules of a first run, which reads the gazetteer file and prepares it, and of a second,
    which reads the prepared gazetteer from the cache: what every later run does."""
    from marsad.gazetteer import build_gazetteer

    tmp = tmp_path_factory.mktemp("startup")
    gazetteer = tmp / "fixture.sqlite"
    build_gazetteer(FIXTURE_PLACES, gazetteer)
    first = run_fresh(CODE_ONE_ARTICLE, str(gazetteer), cache=tmp / "cache")
    second = run_fresh(CODE_ONE_ARTICLE, str(gazetteer), cache=tmp / "cache")
    return first, second


def run_fresh(script: str, *args: str, cache: Path) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_run_reads_the_gazetteer_file_with_sqlite(two_runs):
    first, second = two_runs
    assert "sqlite3" in first["modules"]  # (so the check below is about the cache, and can fail)
    assert second["events"] == first["events"] > 0


@pytest.mark.parametrize("unneeded", ["marsad.gazetteer.build", "marsad.gazetteer.sources", "sqlite3", "zipfile"])
def test_coding_with_a_prepared_gazetteer_does_not_import(unneeded, two_runs):
    assert unneeded not in two_runs[1]["modules"]


def test_the_builders_names_are_still_given_by_the_package():
    import marsad.gazetteer as gazetteer
    from marsad.gazetteer.build import build_gazetteer
    from marsad.gazetteer.sources import KINDS

    assert gazetteer.build_gazetteer is build_gazetteer and gazetteer.KINDS is KINDS
    with pytest.raises(AttributeError):
        gazetteer.no_such_name  # noqa: B018


def test_the_builders_names_are_listed_before_first_use():
    import marsad.gazetteer as gazetteer

    assert {"build_gazetteer", "BuildStats", "KINDS", "SourceError", "load_gazetteer"} <= set(dir(gazetteer))
