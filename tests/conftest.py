"""Test-wide set-up."""
import os
import tempfile

# Keep the caches of a test run (the bundled default gazetteer, prepared gazetteers) out of the
# user's cache folder: tests build gazetteers in temporary folders that would otherwise pile up.
if "MARSAD_CACHE_DIR" not in os.environ:
    os.environ["MARSAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="marsad-test-cache-")


import pytest  # noqa: E402


@pytest.fixture
def store(tmp_path):
    """A store holding the sample articles and their events (``store_samples``); a test module
    that needs another store defines its own ``store`` fixture."""
    from marsad.store import Store
    from store_samples import sample_articles

    with Store(tmp_path / "samples.db") as s:
        for article, events in sample_articles():
            s.add_article(article, events)
        yield s


@pytest.fixture
def client(store):
    """The API over ``store`` (FastAPI's test client)."""
    from fastapi.testclient import TestClient

    from marsad.web.api import create_app

    with TestClient(create_app(store)) as c:
        yield c


@pytest.fixture(scope="session")
def fixture_places_pipeline(tmp_path_factory):
    """normalize, sentences and places over a gazetteer built from the fixture places
    (tests/fixtures/gazetteer/good), once for the test run."""
    from pathlib import Path

    from marsad.gazetteer import Gazetteer, build_gazetteer
    from marsad.pipeline import STAGES, Pipeline

    out = tmp_path_factory.mktemp("gaz") / "fixture.sqlite"
    build_gazetteer(Path(__file__).parent / "fixtures" / "gazetteer" / "good", out)
    stages = tuple(s for s in STAGES if s.name in ("normalize", "sentences", "places"))
    return Pipeline(gazetteer=Gazetteer.from_file(out), stages=stages)
