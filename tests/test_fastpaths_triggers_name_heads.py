"""Speed work on the triggers stage: where the text goes on after a name head found once per head, and
each class's event type and rank looked up once, give the triggers of the code before the change (a
slice of the text stripped per trigger after a head), kept here as the reference."""
import pytest

from marsad.document import Article, Document, Trigger
from marsad.pipeline.event_types import event_type_of, rank_of
from marsad.pipeline.triggers import NAME_HEAD, RESOLVED_LATER, _trigger_matcher, find_triggers
from marsad.pipeline import _normalize


def _find_reference(doc):
    """``find_triggers`` before the change."""
    triggers = []
    head_end = -1
    norm = doc.norm
    for hit in _trigger_matcher().find(norm):
        entry = hit.value
        if entry.cls == NAME_HEAD:
            head_end = hit.end
            continue
        if entry.cls == "none" or (head_end >= 0 and not norm[head_end:hit.start].strip()):
            continue
        start, end = doc.text_index(hit.start), doc.text_index(hit.end)
        resolved = entry.cls not in RESOLVED_LATER
        triggers.append(
            Trigger(start, end, doc.text[start:end], event_type=event_type_of(entry.cls) if resolved else "",
                    sub_event_type=entry.cls, entry=entry.phrase, rank=rank_of(entry.cls), strong=entry.strong))
    return triggers


def _doc(text):
    """A document of ``text`` after the normalize stage."""
    return _normalize(Document.from_article(Article(id="t", text=text)), None)


TEXTS = [
    "قصف الطيران الحربي بلدة كفرنبل واشتبكت الفصائل مع قوات النظام",
    "سقطت قذيفة على مدرسة المدفعية ثم قصف الطيران المدينة",  # a name head, then a trigger later on
    "اندلعت اشتباكات في مناطق القتال شمال حماة",  # a head right before a trigger: dropped
    "مناطق\u00a0\u2009القتال",  # white space that str.strip strips, not just " "
    "مناطق\x1c\x1dالقتال",  # (control characters str.isspace counts as white space)
    "مناطق\nالاشتباك",
    "منطقة، القتال وقصف",  # punctuation between: the trigger stands
    "مناطق",  # a head at the end of the text
    "مناطق ",
    "مناطق السيطرة وتحت سيطرة النظام وقصف مدفعي",  # "none" phrases
    "كتيبة الدفاع الجوي أسقطت طائرة، ووقف إطلاق النار انهار بعد قصف",
    "قَصَفَ الطَّيرانُ مدرسةَ المدفعيّة ثمّ ــ اشتبكت القوات",  # deleted characters: the offset map
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_triggers_are_the_reference_triggers(text):
    assert find_triggers(_doc(text)).triggers == _find_reference(_doc(text))
