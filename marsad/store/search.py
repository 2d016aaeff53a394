"""What the review page's actor and text searches match: canonical actor names from what an
analyst types (an English name or acronym, an Arabic name, a loaded term), and the SQL functions
the store registers on its connection (Arabic folding, the one admin1 spelling, suspect flags).
"""
from __future__ import annotations

import functools
import sqlite3

from ..io.notes import admin1_name
from ..io.suspect import suspect_sql
from ..pipeline.actors import actor_table, names_of_family
from ..resources import read_tsv, split_list
from ..text import fold

#: The suspect reasons of a row of ``effective_events v`` (empty once a reviewer confirmed or corrected it).
SUSPECT_SQL = (
    "(CASE WHEN v.status IN ('confirmed', 'corrected') THEN '' ELSE marsad_suspect(v.fatalities, v.sub_event_type,"
    " v.event_type, v.geo_precision, v.location, v.country, v.admin1) END)"
)


def register_functions(conn: sqlite3.Connection) -> None:
    """``marsad_fold(text)``, ``marsad_admin1(name)`` and ``marsad_suspect(...)`` on ``conn``."""
    conn.create_function("marsad_fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
    conn.create_function("marsad_admin1", 1, lambda s: admin1_name(s) if isinstance(s, str) else s, deterministic=True)
    conn.create_function("marsad_suspect", 7, suspect_sql, deterministic=True)


@functools.lru_cache(maxsize=1)
def _arabic_terms() -> dict[str, frozenset[str]]:
    terms: dict[str, set[str]] = {}
    for row in read_tsv("actors.tsv"):
        for column in ("arabic_names", "loaded_terms", "short_forms", "state_names"):
            for term in split_list(row[column]):
                terms.setdefault(fold(term.rstrip("*")), set()).add(row["name"])
    return {k: frozenset(v) for k, v in terms.items()}


@functools.lru_cache(maxsize=1)
def _english_aliases() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in read_tsv("actor_aliases_en.tsv"):
        name = row["name"]
        names = names_of_family(name[5:]) if name.startswith("role:") else (name,)
        out[row["alias"].casefold()] = tuple(names)
    return out


@functools.lru_cache(maxsize=1024)
def actor_names(query: str) -> tuple[str, ...]:
    """Canonical actor names that ``query`` stands for: an English alias or acronym ("ISIS",
    ``data/actor_aliases_en.tsv``), an Arabic name, loaded term or short form of ``actors.tsv``
    ("داعش", "مرتزقة داعش"; folded), or part of a canonical name ("Syrian Democratic")."""
    q = (query or "").strip()
    if not q:
        return ()
    names: dict[str, None] = {}
    for name in _english_aliases().get(q.casefold(), ()):
        names[name] = None
    for name in sorted(_arabic_terms().get(fold(q), ())):
        names[name] = None
    lowered = q.casefold()
    for name in actor_table():
        if lowered in name.casefold():
            names[name] = None
    return tuple(names)
