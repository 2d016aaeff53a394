"""Reading articles from files. (First version: .txt and .jsonl; being extended.)"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .document import Article
from .errors import ArticleError


def parse_date(value) -> Optional[date]:
    """``YYYY-MM-DD`` (or an ISO timestamp) -> date; None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def read_inputs(paths: Iterable[Union[str, Path]], published: Optional[date] = None) -> Iterator[Union[Article, ArticleError]]:
    """Articles (or errors) from every input path, in order."""
    for path in paths:
        path = Path(path)
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    row = json.loads(line)
                    yield Article(
                        id=str(row.get("id") or f"{path.stem}-{n}"),
                        text=row.get("text") or "",
                        published=parse_date(row.get("published")) or published,
                        title=row.get("title") or "",
                        url=row.get("url") or "",
                        outlet=row.get("outlet") or "",
                        source=f"{path}:{n}",
                    )
        else:
            yield Article(id=path.stem, text=path.read_text(encoding="utf-8"), published=published, source=str(path))
