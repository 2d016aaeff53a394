"""Store, places: a reviewer's location correction, checked against the gazetteer.

* :func:`place_choices` ``(gazetteer, text, limit)``: places for the review form's autocompletion
  (Arabic or English, folded, as :meth:`marsad.gazetteer.Gazetteer.complete` finds them);
* :func:`place_fields` ``(place)``: the record fields a place stands for (location, Arabic name,
  country, admin1 in its one spelling, admin2, coordinates, precision);
* :func:`location_correction` ``(gazetteer, fields, place_id)``: the corrected fields with the
  location's fields filled in together, or :class:`ReviewError` when the location is neither a
  gazetteer place nor given with coordinates.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional

from ..document import Place
from ..gazetteer import Gazetteer, importance
from ..io.notes import admin1_name
from ..pipeline.places import SITE_KINDS
from .records import ReviewError

#: Fields that say where an event was: a correction of one of them is a location correction.
LOCATION_FIELDS = ("location", "location_ar", "country", "admin1", "admin2", "latitude", "longitude", "geo_precision")


def kind_precision(place: Place) -> int:
    """Geo precision of an event placed at ``place`` (codebook section 2): 1 a town or village,
    2 a district or a site near a town, 3 a governorate or region."""
    if place.kind in ("governorate", "region", "country"):
        return 3
    if place.kind in SITE_KINDS or place.kind in ("district", "subdistrict"):
        return 2
    return 1


def place_fields(place: Place) -> dict[str, Any]:
    """The record fields ``place`` stands for, admin1 in marsad's one spelling."""
    return {
        "location": place.name,
        "location_ar": place.name_ar or place.name,
        "country": place.country,
        "admin1": admin1_name(place.admin1),
        "admin2": place.admin2,
        "latitude": round(place.latitude, 5),
        "longitude": round(place.longitude, 5),
        "geo_precision": kind_precision(place),
    }


@dataclass(frozen=True)
class PlaceChoice:
    """A gazetteer place as the review form offers it."""

    id: str
    name: str
    name_ar: str
    kind: str
    country: str
    admin1: str
    admin2: str
    latitude: float
    longitude: float
    geo_precision: int
    parent: str  # the English name of the place it belongs to (a neighbourhood's city), or ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _choice(gaz: Gazetteer, place: Place) -> PlaceChoice:
    parent = gaz.parent_of(place)
    fields = place_fields(place)
    return PlaceChoice(
        id=place.id, name=place.name, name_ar=place.name_ar, kind=place.kind, country=place.country,
        admin1=fields["admin1"], admin2=place.admin2, latitude=fields["latitude"], longitude=fields["longitude"],
        geo_precision=fields["geo_precision"], parent=parent.name if parent else "",
    )


def _event_place_order(place: Place) -> tuple:
    """Among places of one name, the likeliest event place first: towns and villages, then sites and
    districts, then governorates and regions; each most important first."""
    return (kind_precision(place), tuple(-x for x in importance(place)))


def place_choices(gaz: Gazetteer, text: str, limit: int = 10) -> list[PlaceChoice]:
    """Places called ``text`` or whose name starts with it (any language): exact names first, towns
    before the governorate of the same name ("الرقة": the city, then the province); never a country
    (not an event location on its own)."""
    return [_choice(gaz, p) for p in gaz.complete(text, limit=limit, order=_event_place_order)]


def location_correction(
    gaz: Gazetteer, fields: Mapping[str, Any], place_id: Optional[str] = None,
) -> dict[str, Any]:
    """The corrected ``fields`` with a new location's fields filled in together.

    - ``place_id`` (a gazetteer place, as the form picked it): location, Arabic name, country,
      admin1, admin2, coordinates and precision all come from the place; a precision given in
      ``fields`` wins (a reviewer may say "near X": 2);
    - a new ``location`` without coordinates must be a gazetteer place's name (the most important
      place of that name is taken, as above);
    - coordinates given explicitly are kept (their range is checked with the other fields);
    - ``admin1`` takes its one spelling (``admin1_aliases.tsv``).

    Raises :class:`ReviewError` for an unknown or non-codeable place, or a location that is no
    gazetteer place and comes without coordinates.
    """
    out = dict(fields)
    place: Optional[Place] = None
    if place_id:
        place = gaz.place(place_id)
        if place is None:
            raise ReviewError(f"no place {place_id!r} in the gazetteer; pick the location from the list")
        if not place.codeable:
            raise ReviewError(f"{place.name} ({place.kind}) is not an event location on its own; pick a town or a region")
    elif "location" in out and not ("latitude" in out and "longitude" in out):
        name = out["location"]
        if not isinstance(name, str) or not name.strip():
            raise ReviewError("location cannot be empty")
        found = [p for p in gaz.lookup(name) if p.codeable]
        if not found:
            raise ReviewError(
                f"location {name!r} is not a place in the gazetteer: pick one from the list, "
                "or give its latitude and longitude")
        place = found[0]
    if place is not None:
        precision = out.get("geo_precision")
        out.update(place_fields(place))
        if precision is not None:
            out["geo_precision"] = precision
    if isinstance(out.get("admin1"), str):
        out["admin1"] = admin1_name(out["admin1"].strip())
    return out
