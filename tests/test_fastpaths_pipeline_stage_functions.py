"""Speed work on the pipeline runner: a Pipeline calls each stage's own function (a lazy stage's,
imported on first use) instead of its wrapper; the documents are those of calling the stages' ``func``
one after another, as the runner did before the change (the reference here)."""
from datetime import date

import pytest

from marsad import Article, Document, Pipeline, STAGES
from marsad.errors import MarsadError
from marsad.pipeline import Stage, _stage_function

SENTENCES = STAGES[:2]
TEXTS = [
    "قُتِلَ ثلاثة. وأُصيب آخرون!\nسطر ثانٍ",
    "اشتبكت قوات النظام مع الفصائل في ريف إدلب الجنوبي، وقال المرصد إن خمسة قتلوا.",
    "",
]


def _run_reference(stages, article):
    """What ``Pipeline.__call__`` did per stage before the change: ``stage.func(doc, res)`` in turn."""
    doc = Document.from_article(article)
    for stage in stages:
        doc = stage.func(doc, None)
    return doc


@pytest.mark.parametrize("text", TEXTS)
def test_documents_are_those_of_the_stage_wrappers(text):
    stages = SENTENCES + tuple(s for s in STAGES if s.name in ("numbers", "actors", "triggers"))
    nlp = Pipeline(stages=stages, gazetteer=object())
    article = Article(id="t", text=text, published=date(2023, 1, 25))
    doc = nlp(article)
    ref = _run_reference(stages, Article(id="t", text=text, published=date(2023, 1, 25)))
    for name in ("norm", "norm_offsets", "norm_inverse", "sentences", "numbers", "actors", "triggers", "warnings"):
        assert getattr(doc, name) == getattr(ref, name), name


def test_a_lazy_stage_runs_its_own_function():
    for stage in STAGES[1:]:
        func = _stage_function(stage)
        assert func is not stage.func
        assert func.__name__ == stage.func.__name__.split(".")[1]
    plain = Stage("plain", lambda d, r: d, ("norm",), (), "")
    assert _stage_function(plain) is plain.func


def test_replaced_stages_are_run():
    nlp = Pipeline(stages=SENTENCES, gazetteer=object())
    assert nlp(Article(id="a", text="جملة. وجملة.")).sentences
    seen = []
    nlp.stages = SENTENCES + (Stage("mark", lambda d, r: seen.append(d.id) or d, ("norm",), (), ""),)
    nlp(Article(id="b", text="نص"))
    assert seen == ["b"]
    nlp.stages = SENTENCES[:1] + (Stage("broken", lambda d, r: None, ("norm",), (), ""),)
    with pytest.raises(MarsadError):
        nlp(Article(id="c", text="نص"))


def test_timings_name_every_stage():
    nlp = Pipeline(stages=SENTENCES, gazetteer=object(), timings=True)
    doc = nlp(Article(id="t", text="جملة. وجملة."))
    assert list(doc.timings) == ["normalize", "sentences"]
    assert all(t >= 0 for t in doc.timings.values())


def test_stages_given_as_a_list_are_kept_as_a_tuple():
    """Regression: the functions of the stages are worked out once per ``stages`` object, so a list
    changed in place after the first article would have left its new stage unrun."""
    stages = list(SENTENCES)
    nlp = Pipeline(stages=stages, gazetteer=object())
    nlp(Article(id="a", text="جملة."))
    stages.append(Stage("mark", lambda d, r: d, ("norm",), (), ""))
    assert isinstance(nlp.stages, tuple) and len(nlp.stages) == 2
    nlp.stages = stages
    assert [stage.name for stage in nlp.stages] == ["normalize", "sentences", "mark"]


def test_a_stage_object_with_a_load_method_is_called_itself():
    """Regression: a stage function with a ``load`` attribute was taken for a lazy one and replaced by
    what its ``load()`` returned."""
    class Counting:
        calls = 0

        def load(self):
            raise AssertionError("a caller's load method must not be called")

        def __call__(self, doc, res):
            Counting.calls += 1
            return doc

    counting = Counting()
    nlp = Pipeline(stages=SENTENCES + (Stage("counting", counting, ("norm",), (), ""),), gazetteer=object())
    nlp(Article(id="a", text="جملة."))
    assert Counting.calls == 1
