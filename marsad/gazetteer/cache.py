"""The user cache folder, where the default gazetteer (:mod:`marsad.gazetteer.default`) and the
prepared gazetteers (:mod:`marsad.gazetteer.prepared`) are kept: :func:`marsad.resources.cache_dir`
(the parsed YAML data files are kept there too)."""
from __future__ import annotations

from ..resources import cache_dir

__all__ = ["cache_dir"]
