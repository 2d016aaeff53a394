"""The user cache folder, where the default gazetteer (:mod:`marsad.gazetteer.default`) and the
prepared gazetteers (:mod:`marsad.gazetteer.prepared`) are kept."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Folder for the cached default gazetteer."""
    explicit = os.environ.get("MARSAD_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "marsad"
