"""The objects a run loads (gazetteer, dictionaries) are frozen out of the cyclic garbage
collector once the first article is coded (marsad.run.parallel): full collections no longer walk
them while the run codes the rest. A one-worker run thaws them when it ends (the caller's process
goes on, and garbage frozen with them must be collectable again); a worker process keeps them."""
from __future__ import annotations

import gc
import json

import pytest

from marsad.run.parallel import code_inputs
from marsad.settings import load_settings

TEXTS = ["قتل ثلاثة مدنيين في قصف على مدينة الرقة يوم الأربعاء.",
         "اشتباكات بين قوات النظام وفصائل المعارضة في ريف إدلب الجنوبي."]


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def corpus(tmp_path, rows):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def articles(tmp_path):
    return corpus(tmp_path, [{"id": f"a{i}", "text": t, "published": "2023-01-02"} for i, t in enumerate(TEXTS)])


def test_one_worker_run_freezes_after_its_first_article_and_thaws_at_its_end(tmp_path, unfrozen):
    items = code_inputs([articles(tmp_path)], settings=load_settings(), workers=1)
    assert gc.get_freeze_count() == 0
    assert next(items).id == "a0"
    assert next(items).id == "a1" and gc.get_freeze_count() > 0  # (frozen when the run asked for the second)
    assert list(items) == []
    assert gc.get_freeze_count() == 0


def test_garbage_alive_at_the_freeze_is_collected_after_the_run(tmp_path, unfrozen):
    import weakref

    class Node:
        pass

    items = code_inputs([articles(tmp_path)], settings=load_settings(), workers=1)
    next(items)
    node = Node()
    node.self = node  # a cycle: only the collector frees it
    alive = weakref.ref(node)
    del node
    list(items)
    gc.collect()
    assert alive() is None


def test_a_callers_own_freeze_is_left_to_the_caller(tmp_path, unfrozen):
    gc.freeze()
    list(code_inputs([articles(tmp_path)], settings=load_settings(), workers=1))
    assert gc.get_freeze_count() > 0  # not thawed by the run (the count falls as frozen objects die)


def test_unreadable_first_input_does_not_freeze_before_loading(tmp_path, unfrozen):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe not json\n")
    items = code_inputs([bad, articles(tmp_path)], settings=load_settings(), workers=1)
    first = next(items)
    assert not hasattr(first, "events")  # an error
    assert gc.get_freeze_count() == 0
    assert next(items).id == "a0"
    next(items)
    assert gc.get_freeze_count() > 0
    list(items)


def test_a_worker_process_freezes_its_loaded_pipeline(unfrozen):
    from marsad.run import parallel

    saved = parallel._WORKER_PIPELINE
    try:
        parallel._init_worker(load_settings(), False, None)
        assert parallel._WORKER_PIPELINE is not None and gc.get_freeze_count() > 0
    finally:
        parallel._WORKER_PIPELINE = saved
