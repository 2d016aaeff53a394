"""The objects a run loads (gazetteer, dictionaries) are frozen out of the cyclic garbage
collector once the first article is coded (marsad.run.parallel.freeze_loaded): full collections
no longer walk them while the run codes the rest."""
from __future__ import annotations

import gc
import json

import pytest

from marsad.run.parallel import code_inputs, warm_up
from marsad.settings import load_settings

TEXTS = ["قتل ثلاثة مدنيين في قصف على مدينة الرقة يوم الأربعاء.",
         "اشتباكات بين قوات النظام وفصائل المعارضة في ريف إدلب الجنوبي."]


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_one_worker_run_freezes_after_its_first_article(tmp_path, unfrozen):
    corpus = tmp_path / "a.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": t, "published": "2023-01-02"}, ensure_ascii=False)
                              + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    items = code_inputs([corpus], settings=load_settings(), workers=1)
    assert gc.get_freeze_count() == 0
    first = next(items)
    assert first.id == "a0"
    second = next(items)  # (frozen when the run asks for the second)
    assert second.id == "a1" and gc.get_freeze_count() > 0
    assert list(items) == []


def test_warm_up_freezes_what_it_loaded(unfrozen):
    from marsad.pipeline import Pipeline

    warm_up(Pipeline())
    assert gc.get_freeze_count() > 0
