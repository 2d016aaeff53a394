import pytest

from marsad.pipeline.normalize import normalize
from marsad.text import fold


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("أحمد", "احمد"),
        ("إدلب", "ادلب"),
        ("آذار", "اذار"),
        ("الرقة", "الرقه"),
        ("مصطفى", "مصطفي"),
        ("الـرقـة", "الرقه"),  # tatweel
        ("دَمَشْقُ", "دمشق"),  # diacritics
        ("٢٦", "26"),
        ("۲۶", "26"),
        ("“حملة”", '"حمله"'),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        ("Raqqa", "raqqa"),
        ("کوباني", "كوباني"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    "raw", ["الـرقـة وَ دِمَشق ٢٦", "بلا تشكيل", "a\u200fb", "ـــبداية", "نهايةُـــ", "دَّ" * 50 + "x", "\u200f\u200e"]
)
def test_offsets_map_back_to_original(raw):
    n = normalize(raw)
    assert len(n.norm) == len(fold(raw))
    for i, ch in enumerate(n.norm):
        assert fold(raw[n.to_text(i)]) == ch
    assert n.to_text(len(n.norm)) == len(raw)
