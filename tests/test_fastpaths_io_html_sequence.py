"""The fast path of reading an HTML page (marsad.io.html_pages._main_text) against the reference: the
page read through trafilatura's public ``bare_extraction`` alone. The fast path restates trafilatura's
extraction sequence, skips the raw-tree prunes a page's class and id values cannot trigger, and
measures the page's whole text only when a cheap bound on its length cannot decide the recall
escalation; the Article must come out the same for every shape of page."""
from __future__ import annotations

import html as html_lib
import json

import logging
import re

import pytest

from marsad.errors import InputError
from marsad.io import html_pages, ingest
from marsad.io.html_pages import article_from_html
from marsad.io.ingest import IngestOptions

PARAGRAPHS = [
    "قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين "
    "وإصابة خمسة آخرين، بحسب مصادر محلية.",
    "وقالت المصادر إن القصف استهدف سوقاً شعبياً وسط البلدة، وتسبب بأضرار مادية كبيرة في المحال التجارية.",
    "وفي سياق متصل، اندلعت اشتباكات بين فصائل المعارضة وقوات النظام على محور قرية الحويز في ريف حماة الشمالي.",
    "وأضافت المصادر أن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض ونقل الجرحى إلى المشافي.",
]
TITLE = "قصف على كفرنبل في ريف إدلب"
TEXT = "\n".join(PARAGRAPHS)


def _head(title: str = TITLE, published: str = "2023-01-25", charset: str = "utf-8", extra: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
            f"<title>{html_lib.escape(title)}</title>{meta}{extra}</head>")


def _paras(paragraphs=PARAGRAPHS, tag: str = "p") -> str:
    return "\n".join(f"<{tag}>{html_lib.escape(p)}</{tag}>" for p in paragraphs)


NEWS_SITE = (_head() + '<body><header class="site-header"><nav class="menu"><ul><li><a href="/">الرئيسية</a></li>'
             '<li><a href="/news">أخبار</a></li></ul></nav></header><main><div class="breadcrumb"><a href="/">الرئيسية</a>'
             f'</div><article class="post"><h1 class="post-title">{TITLE}</h1><div class="meta"><time datetime="2023-01-25">'
             '2023-01-25</time></div><div class="share"><a href="#">فيسبوك</a> <span>شارك هذا الخبر</span></div>'
             f'<div class="post-content">{_paras()}<p>اقرأ أيضاً: خبر آخر</p></div><div class="tags"><a href="/t">سوريا</a>'
             '</div></article><aside class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/1">عنوان خبر آخر</a></li>'
             '</ul></aside></main><footer>جميع الحقوق محفوظة</footer><a class="to-top" href="#">زر الذهاب إلى الأعلى</a>'
             "</body></html>")

SIDEBAR = "".join(f"<div class='side'><a href='/n{i}'>{html_lib.escape(p)}</a></div>" for i, p in enumerate(PARAGRAPHS * 3))

PAGES = {
    "news site": NEWS_SITE,
    "article": _head() + f"<body><article><h1>{TITLE}</h1>{_paras()}</article><footer>حقوق النشر</footer></body></html>",
    # under trafilatura's minimum extracted size: its baseline rescue runs
    "short article": _head() + f"<body><article><h1>{TITLE}</h1><p>{PARAGRAPHS[0][:150]}</p></article></body></html>",
    "no article tag": _head() + f'<body><div id="menu"><ul><li><a href="/">الرئيسية</a></li></ul></div>'
                                f'<div class="content"><h2>{TITLE}</h2>{_paras()}</div></body></html>',
    "comments": _head() + f'<body><article><h1>{TITLE}</h1>{_paras()}</article><div class="comments" id="comments">'
                          "<div class='comment'><p>تعليق أول على الخبر من أحد القراء</p></div></div></body></html>",
    "comment list": _head() + f'<body><article>{_paras()}<ul class="comment-list"><li>تعليق قارئ على الخبر</li></ul>'
                              "</article></body></html>",
    "infinite scroll": _head() + f'<body><article><h1>{TITLE}</h1>{_paras()}</article><div class="infinite-scroll">'
                                 f"{_paras(PARAGRAPHS[:2])}</div></body></html>",
    "share buttons": _head() + f'<body><article>{_paras()}<div class="elementor-share-buttons"><a href="#">فيسبوك</a>'
                               "</div></article></body></html>",
    "lists": _head() + f"<body><article><h1>{TITLE}</h1><ul>{_paras(tag='li')}</ul></article></body></html>",
    "table": _head() + f"<body><article><p>{PARAGRAPHS[0]}</p><table><tr><th>رقم</th><th>نص</th></tr>"
                       + "".join(f"<tr><td>{i}</td><td>{p}</td></tr>" for i, p in enumerate(PARAGRAPHS))
                       + "</table></article></body></html>",
    "no date": _head(published="") + f"<body><article><h1>{TITLE}</h1>{_paras()}</article></body></html>",
    "line breaks": _head() + "<body><div>" + "<br>".join(PARAGRAPHS) + "</div></body></html>",
    "json-ld body": _head(published="", extra='<script type="application/ld+json">' + json.dumps(
        {"@type": "NewsArticle", "headline": TITLE, "datePublished": "2023-01-25", "articleBody": TEXT},
        ensure_ascii=False) + "</script>") + f"<body><div class='teaser'><p>{PARAGRAPHS[0][:100]}</p></div></body></html>",
    "forum": _head(extra='<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>')
             + f'<body><div class="comments"><div class="comment">{_paras()}</div></div></body></html>',
    # a short main text in a page of much more text: the recall escalation runs
    "sidebar": _head() + f"<body><article><p>{PARAGRAPHS[0]}</p></article>{SIDEBAR}</body></html>",
    "big script in body": _head() + f"<body><article><p>{PARAGRAPHS[0]}</p></article><script>{'var x = 1; ' * 400}"
                                    "</script></body></html>",
    "h1 differs": _head() + f"<body><article><h1>عنوان مختلف</h1>{_paras()}</article></body></html>",
    "text in body": _head() + f"<body>{html_lib.escape(TEXT)}</body></html>",
    "fragment": f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>",
    "nested articles": _head() + f"<body><article><article><p>{PARAGRAPHS[0]}</p></article><p>{PARAGRAPHS[1]}</p>"
                                 f"</article><article><p>{PARAGRAPHS[2]}</p></article></body></html>",
    "crlf": (_head() + f"<body><article><h1>{TITLE}</h1>{_paras()}</article></body></html>").replace("</p>", "</p>\r\n"),
    "english": "<html><body><article><p>" + "Some English text about things. " * 30 + "</p></article></body></html>",
    "nothing": "<html><body></body></html>",
    "cut head": "<html><head><title>صفحة</title></he",
}
BYTE_PAGES = {
    "cp1256": (_head(charset="windows-1256") + f"<body><article>{_paras()}</article></body></html>").encode("cp1256"),
    "truncated": NEWS_SITE.encode("utf-8")[: len(NEWS_SITE.encode("utf-8")) * 2 // 3],
    "utf-16": NEWS_SITE.encode("utf-16"),
}
ALL_PAGES = {**PAGES, **BYTE_PAGES}


def _read(page, fast: bool):
    try:
        article = article_from_html(page, article_id="x", options=IngestOptions(html_fast=fast))
    except InputError as exc:
        return "error", str(exc)
    return (article.id, article.text, article.title, article.published, article.url, article.outlet,
            article.source, article.warnings)


def _reference(monkeypatch, page, fast: bool):
    """The page read through trafilatura's public ``bare_extraction`` (metadata and all)."""
    with monkeypatch.context() as patch:
        patch.setattr(html_pages, "_metadata_helpers", lambda: None)
        patch.setattr(html_pages, "_sequence_internals", lambda: None)
        return _read(page, fast)


def test_the_fast_path_is_taken():
    internals = html_pages._sequence_internals()
    assert internals is not None, "trafilatura's sequence is not the one restated: the fast path never runs"
    assert set(internals["may_prune"]) == set(html_pages._PRUNE_PATHS)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_page_read_as_trafilatura_reads_it(monkeypatch, name, fast):
    page = ALL_PAGES[name]
    assert _read(page, fast) == _reference(monkeypatch, page, fast)


@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_public_sequence_with_own_metadata(monkeypatch, name):
    """The other fallback: metadata read by marsad, the text by ``bare_extraction``."""
    page = ALL_PAGES[name]
    with monkeypatch.context() as patch:
        patch.setattr(html_pages, "_sequence_internals", lambda: None)
        fallback = _read(page, True)
    assert _read(page, True) == fallback == _reference(monkeypatch, page, True)


def _raw_tree(page):
    from trafilatura.utils import load_html

    return load_html(page if isinstance(page, str) else ingest.decode_bytes(page)[0])


@pytest.mark.parametrize("name", sorted(name for name, page in ALL_PAGES.items() if _raw_tree(page) is not None))
def test_page_text_bound(name):
    import sys

    html2txt = sys.modules["trafilatura.baseline"].html2txt
    tree = _raw_tree(ALL_PAGES[name])
    assert html_pages._page_text_bound(tree) >= len(html2txt(tree))


@pytest.mark.parametrize("name", sorted(name for name, page in ALL_PAGES.items() if _raw_tree(page) is not None))
def test_skipped_prunes_delete_nothing(name):
    internals = html_pages._sequence_internals()
    tree = _raw_tree(ALL_PAGES[name])
    values = set(html_pages._class_and_id_values()(tree))
    for prune, needs in internals["may_prune"].items():
        matched = [elem for expression in internals[prune] for elem in expression(tree)]
        if not any(needs.search(value) for value in values):
            assert matched == [], prune
    if name in ("comments", "comment list", "infinite scroll", "share buttons"):
        assert any(needs.search(value) for needs in internals["may_prune"].values() for value in values)


def test_guards(monkeypatch, caplog):
    html_pages._sequence_internals.cache_clear()
    try:
        monkeypatch.setattr(html_pages, "_SEQUENCE_DIGEST", "0" * 64)
        with caplog.at_level(logging.INFO, logger="marsad.io.html_pages"):
            assert html_pages._sequence_internals() is None
        assert "bare_extraction: its source differs" in caplog.text
        monkeypatch.undo()
        html_pages._sequence_internals.cache_clear()
        monkeypatch.setattr(html_pages, "_PRUNE_PATHS", {name: ("other",) for name in html_pages._PRUNE_PATHS})
        internals = html_pages._sequence_internals()
        assert internals is not None and internals["may_prune"] == {}
        # without prechecks every prune runs, and the pages read the same
        for name in ("news site", "comments", "sidebar"):
            assert _read(ALL_PAGES[name], True) == _reference(monkeypatch, ALL_PAGES[name], True)
    finally:
        monkeypatch.undo()
        html_pages._sequence_internals.cache_clear()


def test_pages_reach_every_branch(monkeypatch):
    """The pages above run the baseline rescue, the page-length measure and the recall retry."""
    internals = html_pages._sequence_internals()
    calls: dict[str, int] = {}
    for step in ("baseline", "html2txt", "_recall_retry", "prune_unwanted_nodes"):
        def counted(*args, _step=step, _call=internals[step], **kwargs):
            calls[_step] = calls.get(_step, 0) + 1
            return _call(*args, **kwargs)
        monkeypatch.setitem(internals, step, counted)
    for page in ALL_PAGES.values():
        _read(page, True)
    assert calls.get("baseline") and calls.get("html2txt") and calls.get("_recall_retry")
    assert calls.get("prune_unwanted_nodes")


# elements with each attribute the prefiltered expressions test, alone and together
ATTRIBUTE_PAGE = (
    "<html><body>"
    '<div role="navigation"><p>قائمة</p></div><div role="Navigation">قائمة</div><section role="main">رئيسي</section>'
    '<div data-component="MostPopularStories">الأكثر قراءة</div><div data-lp-replacement-content="x">بديل</div>'
    '<span id="cookie-bar">ملفات</span><span class="cookie">ملفات</span><p id="share-box">شارك</p>'
    '<p class="byline">الكاتب</p><p class=" ad ">إعلان</p><span style="display:none">مخفي</span>'
    '<span style="visibility: hidden">مخفي</span><p aria-hidden="true">مخفي</p><p class="comments-title">تعليقات</p>'
    '<div id="reply-1">رد</div><div class="hide-print">اطبع</div><div itemprop="articleBody"><p>نص</p></div>'
    '<article id="story">قصة</article><div id="primary">أساسي</div><div class="Fulltext">كامل</div>'
    '<main id="content">محتوى</main><div class="content-main">محتوى</div><div id="Main-Content">محتوى</div>'
    '<div class="page-Content">صفحة</div><div class="post">منشور</div><div id="articleContent">مقال</div>'
    '<div class="entry-content">مدخل</div><div class="Teaser-box">موجز</div><span id="photo-caption">صورة</span>'
    '<p class="">فارغ</p><div id="">فارغ</div><span>بلا صفات</span>'
    "</body></html>"
)


def _prefiltered_pairs():
    namespace = html_pages._prefiltered_extractor()
    import trafilatura.main_extractor as original

    for (name, index) in html_pages._PREFILTERS:
        yield name, index, getattr(original, name)[index], namespace[name][index]


def test_prefiltered_expressions_are_built():
    assert html_pages._prefiltered_extractor(), "trafilatura's expressions are not those prefiltered"
    for name, index, original, prefiltered in _prefiltered_pairs():
        assert isinstance(prefiltered, html_pages._LiveTermsXPath) and prefiltered.path == original.path


def test_prefiltered_patterns_do_not_match_nothing():
    """A ``re:test`` whose pattern matched an empty string would be true on an element without the
    attribute: the prefilter would then drop elements the expression selects."""
    import re

    for name, index, original, prefiltered in _prefiltered_pairs():
        patterns = re.findall(r"re:test\([^,]+,\s*'([^']*)'", original.path)
        for pattern in patterns:
            assert re.search(pattern, "") is None, pattern
            assert re.search(pattern, "", re.I) is None, pattern
        # contains(x, '') and starts-with(x, '') would be true on an element without the attribute
        needles = re.findall(r"(?:contains|starts-with)\((?:[^()]|\([^()]*\))*,\s*'([^']*)'\)", original.path)
        assert patterns or needles, (name, index)
        assert all(needles), (name, index, needles)


@pytest.mark.parametrize("name", sorted({**ALL_PAGES, "attributes": ATTRIBUTE_PAGE}))
def test_prefiltered_expressions_select_the_same(name):
    page = {**ALL_PAGES, "attributes": ATTRIBUTE_PAGE}[name]
    tree = _raw_tree(page)
    if tree is None:
        return
    for list_name, index, original, prefiltered in _prefiltered_pairs():
        assert prefiltered(tree) == original(tree), (list_name, index)
        for element in tree.iter("div", "article", "section", "main"):
            assert prefiltered(element) == original(element), (list_name, index)


def test_attribute_page_is_selected():
    """The page above makes every prefiltered expression select something."""
    tree = _raw_tree(ATTRIBUTE_PAGE)
    for list_name, index, original, prefiltered in _prefiltered_pairs():
        assert len(original(tree)) > 0, (list_name, index)


def test_prefilter_guard(monkeypatch):
    html_pages._prefiltered_extractor.cache_clear()
    html_pages._sequence_internals.cache_clear()
    try:
        monkeypatch.setattr(html_pages, "_PREFILTERED_DIGEST", "0" * 64)
        assert html_pages._prefiltered_extractor() == {}
        import trafilatura.main_extractor as original

        assert html_pages._sequence_internals()["extract_content"] is original.extract_content
        for name in ("news site", "comments", "sidebar", "short article"):
            assert _read(ALL_PAGES[name], True) == _reference(monkeypatch, ALL_PAGES[name], True)
    finally:
        monkeypatch.undo()
        html_pages._prefiltered_extractor.cache_clear()
        html_pages._sequence_internals.cache_clear()


# the prechecks as they were written by hand before they were derived from the expressions (the reference)
_NEEDS_WRITTEN = {
    "RAW_TREE_PRUNE_XPATH": r"(?:mvp-post-add-(?:box|wrap)|infinite-?scroll)|elementor-share-buttons",
    "REMOVE_COMMENTS_AND_LISTS_XPATH":
        r"(?:^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments))|(?:^[Cc]omment(?!ary)|(?:article|post)-comments)",
}


@pytest.mark.parametrize("value", [
    "mvp-post-add-box", "x mvp-post-add-wrap", "infinitescroll", "infinite-scroll", "elementor-share-buttons",
    "elementor-share", "comment", "Comments", "commentary", "comol", "disqus_thread", "dsq-comments",
    "article-comments", "post-comments main", "my-comment", "", "main-content", "share", "ol", "مقال",
])
def test_derived_prune_needs_are_the_written_ones(value):
    for name, paths in html_pages._PRUNE_PATHS.items():
        derived = re.compile(html_pages._prune_needs(paths))
        assert bool(derived.search(value)) == bool(re.search(_NEEDS_WRITTEN[name], value)), (name, value)
