"""Great-circle distances: the one implementation the gazetteer, the events stage, the scorer and
the de-duplication share (the formula of the project's reference scorer, so scores agree exactly)."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points in decimal degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def km(a, b) -> float:
    """Great-circle distance in km between two objects with ``latitude`` and ``longitude``."""
    return km_between(a.latitude, a.longitude, b.latitude, b.longitude)
