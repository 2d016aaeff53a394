"""Fast path of the dates stage: the words of the span and "غداة" searches (``span_words``,
``day_before_words``) are found in the joint Aho-Corasick pass of the date finder (:meth:`DateFinder.markers_in`)
instead of a substring scan of the text each; it must give what ``word in text`` gives."""
import pytest

from marsad.pipeline import join_document_scan
from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.normalize import normalize


def reference_markers(markers, text: str) -> set[str]:
    """The substring test, written out."""
    return {m for m in markers if m in text}


@pytest.mark.parametrize("text", [
    "لليوم الثالث على التوالي تستمر الاحتجاجات",
    "في يومها الثالث تواصلت الاحتجاجات",
    "بيومه الرابع دخل الاضراب مرحلة جديدة",
    "غداة الهجوم على الحاجز الثلاثاء",
    "وغداة الهجوم، لليوم الثاني، في يومه الخامس",
    "قالت الشرطة إن يوم الاثنين كان هادئا",
    "اليوم وأمس والأيام الماضية",
    "تناولوا الغداء ظهرا",  # no marker
    "",
])
def test_markers_in_is_the_substring_test(text):
    join_document_scan()
    finder = date_lexicon().finder
    assert finder._markers_shared is not None  # joined: the joint pass answers
    norm = normalize(text).norm
    assert finder.markers_in(norm) == reference_markers(finder.markers, norm)
    assert set(finder.markers) == set(date_lexicon().span_words) | set(date_lexicon().day_before_words)


def test_markers_of_another_text_are_not_reused():
    """The joint pass keeps the hits of the last text by identity: a second text is scanned anew."""
    join_document_scan()
    finder = date_lexicon().finder
    first, second = normalize("غداة الهجوم").norm, normalize("لليوم الثالث").norm
    assert finder.markers_in(first) == reference_markers(finder.markers, first)
    assert finder.markers_in(second) == reference_markers(finder.markers, second)
