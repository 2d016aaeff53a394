"""Prepared gazetteers: a loaded gazetteer with its matching automata, kept in the cache folder.

Loading a gazetteer file and building the automaton the places stage matches with take about
half a second, paid by every process (each ``marsad extract``, each worker). After its first use a
gazetteer is pickled into the cache folder (:func:`marsad.gazetteer.cache.cache_dir`), under a
name that changes with the file's path, size and modification time, the marsad and Python
versions and the code that builds the automaton; later processes load that instead. A cache that
cannot be written or read is simply not used. The cache folder is the user's own (like any
cache, only trusted content belongs there).
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import Optional, Protocol

from .._version import __version__
from ..resources import save_pickle
from .cache import cache_dir


class Preparable(Protocol):
    """What this module needs of a :class:`marsad.gazetteer.store.Gazetteer` (which imports this
    module to save itself, so this one does not import it): a picklable object with ``prepared_to``."""

    prepared_to: Optional[Path]

PREPARED_VERSION = 1
_CODE = ("store.py", "names.py")


def prepared_path(source: Path) -> Optional[Path]:
    """Cache file for the prepared form of the gazetteer file ``source`` (None if it is not a file)."""
    try:
        stat = source.stat()
    except OSError:
        return None
    digest = hashlib.sha1()
    for part in (str(source.resolve()), stat.st_size, stat.st_mtime_ns, __version__, sys.version_info[:2],
                 PREPARED_VERSION):
        digest.update(repr(part).encode("utf-8"))
    for module in _CODE:
        digest.update((Path(__file__).parent / module).read_bytes())
    return cache_dir() / f"gazetteer-prepared-{digest.hexdigest()[:20]}.pickle"


def load_prepared(source: Path) -> Optional["Preparable"]:
    """The prepared gazetteer of ``source`` from the cache, or None."""
    path = prepared_path(source)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            gaz = pickle.load(fh)
    except Exception:  # a cache from another build or a half-written file: build again
        return None
    gaz.prepared_to = None
    return gaz


def save_prepared(gaz: "Preparable") -> None:
    """Pickle ``gaz`` to its cache file (see :attr:`Gazetteer.prepared_to`), once; errors are ignored."""
    path = gaz.prepared_to
    gaz.prepared_to = None
    if path is None:
        return
    if save_pickle(path, gaz):  # not cached on a read-only folder, a full disk, an unpicklable memo
        _remove_stale(path)


def _remove_stale(current: Path) -> None:
    """Delete prepared copies of the same gazetteer file made by other versions (they are a few MB)."""
    stem = current.name
    for old in current.parent.glob("gazetteer-prepared-*.pickle"):
        if old.name != stem and old.stat().st_mtime < current.stat().st_mtime - 7 * 86400:
            try:
                old.unlink()
            except OSError:
                pass
