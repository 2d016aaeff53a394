"""marsad (مرصد): Arabic conflict news to coded, dated, geocoded event records.

The library is the product; the CLI (``marsad``) and the web API are thin layers over it::

    from marsad import Pipeline, extract
    events = extract(open("article.txt", encoding="utf-8").read(), published="2023-01-25")
"""
from ._version import __version__
from .document import Article, Document, EventRecord
from .errors import ArticleError, InputError, MarsadError
from .pipeline import STAGES, Pipeline, extract
from .settings import load_settings

__all__ = [
    "Article",
    "ArticleError",
    "Document",
    "EventRecord",
    "InputError",
    "MarsadError",
    "Pipeline",
    "STAGES",
    "extract",
    "load_settings",
    "__version__",
]
