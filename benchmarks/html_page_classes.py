"""Reading HTML pages whose class values change from page to page, against the bench's template pages.

    python benchmarks/html_page_classes.py [CORPUS.jsonl] [--pages N] [--repeat N]

``marsad bench`` wraps every corpus article in one news-site template, so the pages' class and id
values are the same from page to page. Real sites put per-page values in their menus and widgets
(WordPress's ``menu-item-<id>``, ``post-<id>``), and a speed-up of the HTML reader that leans on
values repeating (a cache keyed by them, work shared across expressions) can make those pages
dearer while the bench gets faster: two such changes were taken back in issue 9 for that. This
script reads the first N corpus articles three ways and prints milliseconds per page (best of
``--repeat``): the bench's template; the template with a menu of 60 items and 20 related posts
whose classes carry the page's number; and one such page read N times (its values repeat).
Compare two commits in the same minutes, or run it under ``valgrind --tool=callgrind`` for
instruction counts, which do not drift with the machine's load.
"""
from __future__ import annotations

import argparse
import html as html_lib
import time
from pathlib import Path

from marsad.bench import corpus_rows, news_page
from marsad.io.html_pages import article_from_html

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "unlabeled.jsonl"


def page_with_classes(number: int, title: str, text: str, published: str = "") -> str:
    """The bench's page for an article, with a menu and related posts whose classes name page ``number``."""
    menu = "".join(f'<li class="menu-item menu-item-type-post_type menu-item-{number}-{i}">'
                   f'<a href="/section/{i}">قسم {i}</a></li>' for i in range(60))
    related = "".join(f'<div class="related-post post-{number * 100 + i} widget">'
                      f'<a href="/news/{number * 100 + i}">{html_lib.escape(title[:40])}</a></div>' for i in range(20))
    page = news_page(title, text, published)
    return page.replace("<body>", f"<body><nav><ul class='menu'>{menu}</ul></nav>", 1).replace(
        "</body>", f"<aside class='related'>{related}</aside></body>", 1)


def ms_per_page(pages: list[str], repeat: int) -> float:
    """Best of ``repeat`` wall times of reading ``pages``, in milliseconds per page."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for k, page in enumerate(pages):
            article_from_html(page, article_id=f"p{k}")
        best = min(best, time.perf_counter() - start)
    return 1000 * best / max(len(pages), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for row in corpus_rows(args.corpus):
        rows.append((row.get("title") or "", row.get("text") or "", row.get("published") or ""))
        if len(rows) >= args.pages:
            break
    template = [news_page(*row) for row in rows]
    per_page = [page_with_classes(k, *row) for k, row in enumerate(rows, 1)]
    one_page = [page_with_classes(0, *rows[0])] * len(rows) if rows else []
    article_from_html(template[0], article_id="warm-up") if template else None  # (loads trafilatura)
    print(f"{len(rows)} pages, best of {args.repeat}, ms per page:")
    for name, pages in (("bench template", template), ("per-page class values", per_page),
                        ("one such page, again and again", one_page)):
        print(f"  {name:<32} {ms_per_page(pages, args.repeat):7.3f}")


if __name__ == "__main__":
    main()
