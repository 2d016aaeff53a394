"""The codebook's event typology (``data/event_types.tsv``)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..resources import read_tsv


@dataclass(frozen=True)
class SubEventType:
    event_type: str
    sub_event_type: str
    disorder_type: str
    rank: int  # codebook order: lower wins when one incident fits several


@functools.lru_cache(maxsize=1)
def sub_event_types() -> dict[str, SubEventType]:
    """Sub-event types by name, with their event type and codebook rank."""
    return {
        row["sub_event_type"]: SubEventType(row["event_type"], row["sub_event_type"], row["disorder_type"], i)
        for i, row in enumerate(read_tsv("event_types.tsv"))
    }


def event_type_of(sub_event_type: str) -> str:
    return sub_event_types()[sub_event_type].event_type


def rank_of(sub_event_type: str) -> int:
    entry = sub_event_types().get(sub_event_type)
    return entry.rank if entry else len(sub_event_types())
