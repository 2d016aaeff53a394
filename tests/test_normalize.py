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

    text_module._CACHE.clear()
    monkeypatch.setattr(text_module, "_CACHE_SIZE", 3)
    words = ["أ", "إ", "آ", "ة", "ى"]
    assert [text_module.fold(w) for w in words] == ["ا", "ا", "ا", "ه", "ي"]
    assert len(text_module._CACHE) <= 3


@pytest.mark.parametrize(
    "raw",
    ["قُتِلَ ثلاثة", "ـــبلدة", "بلدة\u200c\u200c", "\u064b", "", "نص بلا حركات", "أَ\u200fبـ ـو" * 3],
)
def test_the_inverse_map_is_the_search_of_the_offsets(raw):
    """``Normalized.inverse`` (and so ``Document.norm_index``) gives, for every original offset, the
    folded offset that a search of the offset map gives."""
    from bisect import bisect_left

    from marsad.document import Document

    n = normalize(raw)
    if not n.offsets:
        assert n.inverse == []
        return
    assert n.inverse == [bisect_left(n.offsets, t) for t in range(len(raw) + 1)]
    doc = Document(id="x", text=raw, norm=n.norm, norm_offsets=n.offsets, norm_inverse=n.inverse)
    bare = Document(id="x", text=raw, norm=n.norm, norm_offsets=n.offsets)  # no map: the search
    for t in range(-2, len(raw) + 3):
        assert doc.norm_index(t) == bare.norm_index(t) == bisect_left(n.offsets, t)
