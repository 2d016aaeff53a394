"""Simple news-page HTML made from plain article texts, for ingest benchmarks.

The template has what a real Arabic news site wraps around an article: a menu, a
breadcrumb, share buttons, a "read also" box, related links, a footer with a copyright
line and a back-to-top button, plus publication-date metadata in <meta> and <time>.
"""
from __future__ import annotations

import html

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} | موقع الأخبار</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T09:30:00+03:00">
<meta name="description" content="{lead}">
<link rel="stylesheet" href="/static/site.css">
<script>var site = {{"section": "news"}};</script>
</head>
<body>
<header class="site-header">
 <nav class="menu"><ul>
  <li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/politics">سياسة</a></li>
  <li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/video">فيديو</a></li>
 </ul></nav>
 <div class="breaking">عاجل: <a href="/news/1">تابعوا آخر الأخبار لحظة بلحظة</a></div>
</header>
<main>
<div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/news">أخبار</a></div>
<article class="post">
 <h1 class="post-title">{title}</h1>
 <div class="meta"><time datetime="{published}T09:30:00+03:00">{published}</time> <span class="author">المحرر</span></div>
 <div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <span>شارك هذا الخبر</span></div>
 <div class="post-content">
{paragraphs}
 </div>
 <div class="read-also"><strong>اقرأ أيضاً:</strong> <a href="/news/2">{related}</a></div>
 <div class="tags">الوسوم: <a href="/tag/1">سوريا</a> <a href="/tag/2">العراق</a></div>
</article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul>
 <li><a href="/news/3">الأمم المتحدة تدعو إلى وقف إطلاق النار</a></li>
 <li><a href="/news/4">اجتماع وزاري لبحث الأوضاع الإنسانية</a></li>
 <li><a href="/news/5">ارتفاع أسعار الوقود في الأسواق المحلية</a></li>
</ul></aside>
</main>
<footer><p>جميع الحقوق محفوظة © 2023 موقع الأخبار</p><p>تابعونا على فيسبوك وتويتر</p>
<a href="#top" class="to-top">زر الذهاب إلى الأعلى</a></footer>
</body>
</html>
"""


def news_page(title: str, text: str, published: str = "", related: str = "عنوان خبر آخر") -> str:
    """An HTML page that wraps ``text`` (paragraphs split on newlines) like a news site would."""
    paragraphs = "\n".join(f"  <p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())
    lead = html.escape(text.strip().split("\n")[0][:150])
    return PAGE.format(title=html.escape(title), published=published, lead=lead,
                       paragraphs=paragraphs, related=html.escape(related))
