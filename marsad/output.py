"""Writing event records. (First version: .jsonl; being extended.)"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .document import EventRecord


def write_events(events: Iterable[EventRecord], path) -> int:
    """Write ``events`` to ``path``; the format follows the extension. Returns the count."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for ev in events:
            fh.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
