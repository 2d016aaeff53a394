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


@pytest.mark.parametrize(
    "text",
    ["أحمد", "مدرسة الإمام علي", "ـــ", "", "ABC إلى", "قُتِلَ ٣ أشخاص في " * 10],  # short (remembered) and long
)
def test_fold_remembers_short_texts_without_changing_them(text):
    from marsad.text import fold, fold_tables

    mapping, _ = fold_tables()
    expected = text.translate(mapping)
    assert fold(text) == expected
    assert fold(text) == expected  # the second time from the cache


def test_fold_cache_is_bounded(monkeypatch):
    import marsad.text as text_module

    monkeypatch.setattr(text_module, "_CACHE", {})
    monkeypatch.setattr(text_module, "_CACHE_SIZE", 3)
    words = ["أ", "إ", "آ", "ة", "ى"]
    assert [text_module.fold(w) for w in words] == ["ا", "ا", "ا", "ه", "ي"]
    assert len(text_module._CACHE) <= 3
