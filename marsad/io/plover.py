"""The PLOVER-style export: a record as a PLOVER event (event type, mode, context) with its actors,
place, date, fatalities and provenance.

ACLED's sub-event types map to PLOVER's event types, modes and contexts in ``data/plover.tsv``
(checked on load against :data:`PLOVER_EVENT_TYPES`, :data:`PLOVER_MODES` and
:data:`PLOVER_CONTEXTS`: PLOVER's sixteen event types and the modes and contexts of the PLOVER
project's CAMEO crosswalk). :func:`plover_event` gives one record as a dict; the ``plover`` format
of :class:`marsad.io.output.EventWriter` writes a JSON array of them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from ..document import EventRecord
from ..errors import MarsadError
from ..resources import read_tsv, split_list
from .notes import admin1_name, english_note, loaded_tags
from .suspect import suspect_reasons

#: PLOVER's event types.
PLOVER_EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
#: The modes an event type may take (PLOVER's CAMEO crosswalk); empty: none given.
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("abduct", "beat", "sexual", "torture", "assassinate", "suicide-attack", "explosives", "firearms",
                "heavy-weapons", "destroy", "cleansing", "unconventional"),
    "PROTEST": ("demo", "hunger", "boycott", "obstruct", "riot"),
    "COERCE": ("confiscate", "restrict", "ban", "curfew", "martial-law", "arrest", "deport"),
    "MOBILIZE": ("police", "troops"),
    "RETREAT": ("release", "return", "ease", "access", "disarm", "ceasefire", "withdraw"),
}
#: Contexts (PLOVER's CAMEO crosswalk).
PLOVER_CONTEXTS = (
    "diplomatic", "economic", "military", "legal", "intelligence", "peacekeeping", "humanitarian", "asylum",
    "political_institutions", "executive", "rights_freedoms", "democracy", "human_rights", "crime", "corruption",
    "cbrn",
)
FILE = "plover.tsv"


class PloverMappingError(MarsadError):
    """A row of ``data/plover.tsv`` that names no PLOVER event type, mode or context, or a sub-type twice."""


@dataclass(frozen=True)
class PloverCode:
    """What an ACLED sub-event type is in PLOVER."""

    event_type: str
    mode: str
    context: tuple[str, ...]


def parse_mapping(rows: Iterable[Mapping[str, str]]) -> dict[str, PloverCode]:
    """Sub-event type -> :class:`PloverCode` from rows of ``plover.tsv``; raises :class:`PloverMappingError`."""
    out: dict[str, PloverCode] = {}
    for n, row in enumerate(rows, 1):
        sub, kind, mode = row.get("sub_event_type", ""), row.get("event_type", ""), row.get("mode", "")
        context = tuple(split_list(row.get("context", "")))
        where = f"{FILE} row {n} ({sub or '?'})"
        if not sub:
            raise PloverMappingError(f"{where}: no sub_event_type")
        if sub in out:
            raise PloverMappingError(f"{where}: {sub!r} mapped twice")
        if kind not in PLOVER_EVENT_TYPES:
            raise PloverMappingError(f"{where}: {kind!r} is not a PLOVER event type ({', '.join(PLOVER_EVENT_TYPES)})")
        if mode and mode not in PLOVER_MODES.get(kind, ()):
            raise PloverMappingError(f"{where}: {mode!r} is not a mode of {kind} "
                                     f"({', '.join(PLOVER_MODES.get(kind, ())) or 'none'})")
        for c in context:
            if c not in PLOVER_CONTEXTS:
                raise PloverMappingError(f"{where}: {c!r} is not a PLOVER context")
        out[sub] = PloverCode(kind, mode, context)
    return out


@functools.lru_cache(maxsize=1)
def plover_mapping() -> dict[str, PloverCode]:
    """The packaged mapping (``data/plover.tsv``)."""
    return parse_mapping(read_tsv(FILE))


def _actor(name: str, associates: str, inter: int) -> Optional[dict[str, Any]]:
    if not name:
        return None
    return {"name": name, "associates": [a for a in associates.split("; ") if a], "inter": inter}


def plover_event(event: EventRecord, *, source: str = "", url: str = "", suspect: Optional[str] = None) -> dict[str, Any]:
    """The record as a PLOVER-style event: ``event_type``, ``mode`` and ``context`` from
    ``plover.tsv``; ``actor`` and ``recipient`` (name, associates, ACLED inter code); ``location``
    (names, admin units, coordinates, precision); the ACLED coding it comes from; the English note,
    ``tags`` (the source's loaded terms), ``source`` (the outlet), ``url`` and ``suspect``."""
    code = plover_mapping().get(event.sub_event_type) or PloverCode("", "", ())
    return {
        "id": event.event_id,
        "date": event.event_date,
        "date_precision": event.time_precision,
        "event_type": code.event_type,
        "mode": code.mode,
        "context": list(code.context),
        "actor": _actor(event.actor1, event.assoc_actor_1, event.inter1),
        "recipient": _actor(event.actor2, event.assoc_actor_2, event.inter2),
        "fatalities": event.fatalities,
        "location": {
            "name": event.location, "name_ar": event.location_ar, "country": event.country,
            "admin1": admin1_name(event.admin1), "admin2": event.admin2,
            "latitude": event.latitude, "longitude": event.longitude, "geo_precision": event.geo_precision,
        },
        "acled": {"event_type": event.event_type, "sub_event_type": event.sub_event_type},
        "notes": english_note(event, source),
        "tags": loaded_tags(event.loaded_terms),
        "source": source,
        "url": url,
        "article_id": event.article_id,
        "evidence": event.evidence,
        "suspect": suspect_reasons(event) if suspect is None else suspect,
        "pipeline_version": event.pipeline_version,
    }
