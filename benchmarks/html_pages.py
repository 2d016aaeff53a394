"""Simple news-page HTML made from plain article texts, for ingest benchmarks.

The template lives in :mod:`marsad.bench` (``marsad bench`` makes its HTML pages with it); this
module keeps the name the older benchmark scripts import.
"""
from marsad.bench import PAGE, news_page  # noqa: F401
