"""trafilatura's ``tree_cleaning`` as marsad runs it (marsad.io.html_pages._tree_cleaning: the elements of the tags
it deletes found in one walk, deleted in document order) against trafilatura's own: the cleaned tree must come out
the same on every shape of page, including those where trafilatura's walk of a tag stops early (an element holding
another of its tag), for every focus and with tables and images on or off."""
from __future__ import annotations

import copy

import pytest
from lxml.etree import tostring

from marsad.io import html_pages

from test_fastpaths_io_html_sequence import ALL_PAGES

PARAGRAPH = ("قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين "
             "وإصابة خمسة آخرين، بحسب مصادر محلية.")
P = f"<p>{PARAGRAPH}</p>"

SHAPES = {
    "nothing to delete": f"<div>{P}{P}</div>",
    "siblings with tails": f"<div>قبل<aside>a</aside>ذيل1<script>x</script>ذيل2<nav>n</nav>ذيل3{P}</div>",
    "adjacent, first in text": f"<div><script>s</script>ذيل<style>t</style>ذيل2<p>x</p></div>",
    "nested other tag": f"<div><aside>a<script>s</script>ذيل<nav>n</nav></aside>ذيل{P}</div>",
    "nested other tag, inner first in the list": f"<div><nav>n<aside>a</aside>ذيل</nav>ذيل{P}</div>",
    # trafilatura's walk of "aside" stops after the outer aside: the aside after it stays
    "nested same tag": f"<div><aside>a<aside>b</aside>ذيل</aside>ذيل{P}<aside>c</aside>{P}</div>",
    "nested same tag, later": f"<div><aside>a</aside>{P}<aside>b<div><aside>c</aside></div></aside><aside>d</aside>"
                              f"<script>s</script></div>",
    "nested same tag, three deep": f"<div><nav><nav><nav>x</nav>y</nav>z</nav>t<nav>u</nav>{P}</div>",
    "nested same tag inside another deleted": f"<div><footer><aside><aside>a</aside></aside></footer>"
                                              f"<aside>b</aside>{P}</div>",
    "figure with a table": f"<div><figure><table><tr><td>خلية</td></tr></table></figure><figure>صورة</figure>{P}</div>",
    "presentation table": f"<div><table role='presentation'><tr><td>{PARAGRAPH}</td></tr></table>{P}</div>",
    "forms": f"<div><form><input name='q'>بحث</form>{P}<form><p>{PARAGRAPH * 5}</p></form></div>",
    "stripped and deleted": f"<div><font>خط<script>s</script>ذيل</font><img src='i.jpg'>ذيل<svg><use/></svg>{P}</div>",
    "math": f"<div><p>معادلة <math alttext='x^2'><mi>x</mi></math> نهاية</p>{P}</div>",
    "empty elements": f"<div><p></p><span></span>ذيل<div><b></b></div>{P}</div>",
    "pictures": f"<div><picture><source srcset='a.jpg'><img src='a.jpg'></picture>ذيل{P}</div>",
    "root only": "",
}


def _pages():
    for name, page in ALL_PAGES.items():
        yield name, page
    for name, shape in SHAPES.items():
        yield f"shape: {name}", f"<html><head><title>t</title><script>h</script></head><body>{shape}</body></html>"


PAGES = dict(_pages())
OPTIONS = [("balanced", True, False), ("precision", True, False), ("recall", True, False), ("balanced", False, True),
           ("precision", False, True)]


def _tree(page):
    from trafilatura.utils import load_html

    from marsad.io import ingest

    return load_html(page if isinstance(page, str) else ingest.decode_bytes(page)[0])


@pytest.mark.parametrize("focus,tables,images", OPTIONS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_tree_cleaned_as_trafilatura_cleans_it(name, focus, tables, images):
    from trafilatura.htmlprocessing import tree_cleaning

    restated = html_pages._one_walk_tree_cleaning()
    assert restated is not None and restated.__name__ == "_tree_cleaning", "not restated"
    tree = _tree(PAGES[name])
    if tree is None:
        return
    options = copy.copy(html_pages._extractor(True, False))
    options.focus, options.tables, options.images = focus, tables, images
    expected = tostring(tree_cleaning(copy.deepcopy(tree), options), encoding="unicode")
    assert tostring(restated(copy.deepcopy(tree), options), encoding="unicode") == expected


def test_nested_same_tag_leaves_what_trafilatura_leaves():
    """(The quirk copied: trafilatura's walk of a tag stops after deleting an element holding another of it.)"""
    restated = html_pages._one_walk_tree_cleaning()
    tree = _tree(PAGES["shape: nested same tag"])
    cleaned = tostring(restated(tree, html_pages._extractor(True, False)), encoding="unicode")
    assert ">c</aside>" in cleaned and ">a<" not in cleaned


@pytest.mark.parametrize("extra", [["aside"], ["p"], ["span", "span"]])
def test_tags_listed_twice_or_added(monkeypatch, extra):
    """MANUALLY_CLEANED is public: a tag added, or listed twice, is deleted as trafilatura deletes it."""
    import trafilatura.htmlprocessing as htmlprocessing
    from trafilatura.htmlprocessing import tree_cleaning

    monkeypatch.setattr(htmlprocessing, "MANUALLY_CLEANED", htmlprocessing.MANUALLY_CLEANED + extra)
    restated = html_pages._one_walk_tree_cleaning()
    options = html_pages._extractor(True, False)
    for name in ("shape: nested same tag", "shape: empty elements", "news site"):
        tree = _tree(PAGES[name])
        expected = tostring(tree_cleaning(copy.deepcopy(tree), options), encoding="unicode")
        assert tostring(restated(copy.deepcopy(tree), options), encoding="unicode") == expected, name


def test_guard(monkeypatch):
    """Another trafilatura's sources: its own tree_cleaning runs."""
    monkeypatch.setattr(html_pages, "_CLEANING_DIGEST", "0" * 64)
    html_pages._one_walk_tree_cleaning.cache_clear()
    try:
        assert html_pages._one_walk_tree_cleaning() is None
    finally:
        monkeypatch.undo()
        html_pages._one_walk_tree_cleaning.cache_clear()
    assert html_pages._one_walk_tree_cleaning() is not None
    assert html_pages._sequence_internals()["tree_cleaning"].__name__ == "_tree_cleaning"
