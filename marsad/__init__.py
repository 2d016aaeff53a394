"""marsad (مرصد): Arabic conflict news to coded, dated, geocoded event records.

The library is the product; the CLI (``marsad``) and the web API are thin layers over it::

    from marsad import Pipeline, extract
    events = extract(open("article.txt").read(), published="2023-01-25")
"""
__version__ = "0.1.0"

from .document import Article, Document, EventRecord  # noqa: E402
from .errors import ArticleError, InputError, MarsadError  # noqa: E402
from .pipeline import STAGES, Pipeline, extract  # noqa: E402
from .settings import load_settings  # noqa: E402

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
