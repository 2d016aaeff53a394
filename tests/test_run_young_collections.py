"""The collector's young-generation threshold while a batch is coded (``parallel.young_gc_threshold``):
raised for the run, restored after it, Python's own with 0, and kept by worker processes."""
import gc

import pytest

from marsad.errors import MarsadError
from marsad.run import parallel
from marsad.run.parallel import ParallelOptions, young_collections
from marsad.run.runner import extract_to_file
from marsad.settings import load_settings

ARTICLE = "قتل خمسة مدنيين في قصف مدفعي على مدينة حلب أمس الاثنين، بحسب المرصد السوري.\n"


@pytest.fixture(autouse=True)
def _restore_thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.parametrize("threshold, seen", [(10000, 10000), (2500, 2500), (0, None)])
def test_the_block_runs_with_the_threshold_and_restores_it(threshold, seen):
    gc.set_threshold(700, 11, 12)
    with young_collections(threshold):
        assert gc.get_threshold() == ((seen, 11, 12) if seen else (700, 11, 12))
    assert gc.get_threshold() == (700, 11, 12)


def test_the_threshold_is_restored_when_the_block_fails():
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError):
        with young_collections(10000):
            raise RuntimeError("a failed batch")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("setting, during", [(None, 10000), (0, 700), (3000, 3000)])
def test_extract_to_file_codes_under_the_setting(tmp_path, setting, during):
    gc.set_threshold(700, 10, 10)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    overrides = {} if setting is None else {"parallel": {"young_gc_threshold": setting}}
    settings = load_settings(overrides=overrides or None)
    seen = []
    extract_to_file([tmp_path / "a.txt"], tmp_path / "out.jsonl", settings=settings, published="2023-01-25",
                    on_item=lambda item: seen.append(gc.get_threshold()[0]))
    assert seen == [during]
    assert gc.get_threshold() == (700, 10, 10)


def test_a_negative_threshold_is_refused():
    with pytest.raises(MarsadError, match="young_gc_threshold"):
        ParallelOptions.from_settings({"parallel": {"young_gc_threshold": -1}})


def test_a_worker_keeps_the_threshold(monkeypatch):
    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr(parallel, "_FORK_PIPELINE", None)
    monkeypatch.setattr(parallel, "_WORKER_PIPELINE", None)
    monkeypatch.setattr(parallel, "warm_up", lambda pipeline: None)
    parallel._init_worker(load_settings(), False, lambda settings: object())
    assert gc.get_threshold() == (10000, 10, 10)
