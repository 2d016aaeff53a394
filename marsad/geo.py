"""Small geographic helpers."""
from __future__ import annotations

import math


def km(a, b) -> float:
    """Great-circle distance in km between two objects with ``latitude`` and ``longitude``."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
