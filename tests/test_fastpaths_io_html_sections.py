"""The main extractor's section prunes as marsad runs them (marsad.io.html_pages._prune_unwanted_sections: the
second round of link-density deletions only after a first round that deleted something) against trafilatura's
own ``prune_unwanted_sections``: the pruned tree must come out the same for every shape of section, whichever
round deletes what."""
from __future__ import annotations

import copy
import html as html_lib

import pytest
from lxml.etree import tostring

from marsad.io import html_pages

PARAGRAPH = ("قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين "
             "وإصابة خمسة آخرين، بحسب مصادر محلية.")
SHORT = "عاجل"
LONG_LINK = "تقرير مفصل عن القصف على ريف إدلب الجنوبي وما خلفه من ضحايا وأضرار في الممتلكات والمحال التجارية"


def _links(count: int, text: str = SHORT) -> str:
    return "".join(f'<a href="/n{i}">{html_lib.escape(text)} {i}</a> ' for i in range(count))


SECTIONS = {
    "no links": f"<div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>",
    "link in text": f'<div><p>{PARAGRAPH} <a href="/x">المصدر</a></p><p>{PARAGRAPH}</p></div>',
    "link farm div": f"<div><p>{PARAGRAPH}</p><div>{_links(6)}</div></div>",
    "link list": f"<div><p>{PARAGRAPH}</p><ul><li>{_links(1)}</li><li>{_links(1)}</li><li>{_links(1)}</li></ul></div>",
    "one long link": f'<div><p>{PARAGRAPH}</p><p><a href="/l">{LONG_LINK}</a></p></div>',
    # the paragraph pass deletes the long link of the inner div, after which (second round) the div is short
    # and its remaining links make it link-dense
    "second round": f'<div><div><p><a href="/l">{LONG_LINK} {LONG_LINK[:20]}</a></p>{_links(3)}'
                    f'<span>{SHORT}</span></div><p>{PARAGRAPH}</p></div>',
    "nested farms": f"<div><div><div>{_links(5)}</div><p>{_links(2)}</p></div><p>{PARAGRAPH}</p></div>",
    "link in item": f"<div><ul><li><p>{_links(1)}</p></li></ul><p>{PARAGRAPH}</p></div>",
    "short div with links": f"<div><div><p>{_links(1)}</p><p>{_links(1)}</p><p>{SHORT}</p></div><p>{PARAGRAPH}</p></div>",
    "table of links": f"<div><table><tr><td>{_links(30, LONG_LINK[:20])}</td></tr></table><p>{PARAGRAPH}</p></div>",
    "image with links": f'<div><div><img src="/i.jpg">{_links(4)}</div><p>{PARAGRAPH}</p></div>',
    "share and tags": f'<div><div class="share">{_links(3)}</div><p>{PARAGRAPH}</p><div class="tags">{_links(2)}</div></div>',
    "teaser": f'<div><div class="teaser"><p>{PARAGRAPH}</p></div><p>{PARAGRAPH}</p></div>',
    "caption": f'<div><figure><img src="/i.jpg"><div class="caption">{SHORT}</div></figure><p>{PARAGRAPH}</p></div>',
    "headings last": f"<div><p>{PARAGRAPH}</p><h2>{SHORT}</h2><blockquote>{_links(3)}</blockquote></div>",
    "empty": "<div></div>",
}
OPTIONS = [("balanced", False), ("precision", False), ("recall", False), ("balanced", True)]


def _subtree(section: str, focus: str):
    """The section as the main extractor gets it: the page cleaned and its tags converted (``<a>`` is ``<ref>``)."""
    from lxml.html import fromstring
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    options = copy.copy(html_pages._extractor(True, False))
    options.focus = focus
    tree = fromstring(f"<html><body><article>{section}</article></body></html>")
    tree = convert_tags(tree_cleaning(tree, options), options)
    return tree.find(".//article"), options


@pytest.mark.parametrize("focus,keep_teasers", OPTIONS)
@pytest.mark.parametrize("name", sorted(SECTIONS))
@pytest.mark.parametrize("tables,images,links", [(True, False, False), (False, True, True)])
def test_sections_pruned_as_trafilatura_prunes_them(name, focus, keep_teasers, tables, images, links):
    from trafilatura.main_extractor import prune_unwanted_sections
    from trafilatura.settings import TAG_CATALOG

    namespace = html_pages._prefiltered_extractor()
    assert namespace["prune_unwanted_sections"].__name__ == "_prune_unwanted_sections", "not restated"
    potential_tags = set(TAG_CATALOG) | ({"table", "td", "th", "tr"} if tables else set())
    potential_tags |= ({"graphic"} if images else set()) | ({"ref"} if links else set())
    subtree, options = _subtree(SECTIONS[name], focus)
    reference = copy.deepcopy(subtree)
    pruned = namespace["prune_unwanted_sections"](subtree, set(potential_tags), options, keep_teasers=keep_teasers)
    expected = prune_unwanted_sections(reference, set(potential_tags), options, keep_teasers=keep_teasers)
    assert tostring(pruned, encoding="unicode") == tostring(expected, encoding="unicode")


def test_the_sections_reach_both_rounds():
    """Some section has nothing deleted by links, some is pruned in the first round only, and in one the
    second round deletes what the first left."""
    namespace = html_pages._prefiltered_extractor()
    rounds = {}
    for name, section in SECTIONS.items():
        subtree, _ = _subtree(section, "balanced")
        rounds[name] = [sum(namespace["_delete_by_link_density"](subtree, tag, backtracking=tag == "div")
                            for tag in ("div", "list", "p")) for _ in range(2)]
    assert rounds["no links"] == [0, 0]
    assert any(first and not second for first, second in rounds.values())
    assert rounds["second round"][1] > 0


def test_guard(monkeypatch):
    """Another trafilatura's sources: its own prune_unwanted_sections runs."""
    monkeypatch.setattr(html_pages, "_SECTIONS_DIGEST", "0" * 64)
    namespace = {"prune_unwanted_sections": "trafilatura's"}
    html_pages._restate_link_density_rounds(namespace)
    assert namespace == {"prune_unwanted_sections": "trafilatura's"}
