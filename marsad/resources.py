"""Packaged language data: where it lives and how it is read.

Every lexicon, list of names and table of phrases is a versioned TSV or YAML file in
``marsad/data/``. TSV files start with ``# key: value`` header comments (``name``,
``version``, ``description``), then a header row, then one entry a line; blank lines and
lines starting with ``#`` are skipped. Readers are cached, so each file is parsed once per
process.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

_DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    """Path of a packaged data file, ``name`` relative to ``marsad/data``."""
    # (the folder beside this module, which is where importlib.resources finds the package
    # ``marsad.data`` of an installed or editable marsad; importlib.resources itself imports
    # zipfile and threading, start-up time a one-article run does not need)
    return _DATA_DIR / name


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in lines:
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and not body and key.strip() and " " not in key.strip():
                meta[key.strip()] = value.strip()
            continue
        if line.strip():
            body.append(line)
    return meta, body


@functools.lru_cache(maxsize=None)
def read_tsv_with_meta(name: str) -> tuple[dict[str, str], tuple[dict[str, str], ...]]:
    """Header comments and rows (dicts keyed by the header row) of a packaged TSV file."""
    text = data_path(name).read_text(encoding="utf-8")
    meta, body = _split_header(text.splitlines())
    if not body:
        return meta, ()
    # split by hand: what csv.DictReader(delimiter="\t", quoting=csv.QUOTE_NONE) gives (a missing
    # value is "", one past the header is dropped), at half its cost (a few ms of every start)
    header = body[0].split("\t")
    rows = []
    for line in body[1:]:
        values = line.split("\t")
        n = len(values)
        rows.append({k: (values[i].strip() if i < n else "") for i, k in enumerate(header)})
    return meta, tuple(rows)


def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a packaged TSV file (see module docstring for the format)."""
    return read_tsv_with_meta(name)[1]


@functools.lru_cache(maxsize=None)
def read_yaml(name: str) -> Any:
    """Contents of a packaged YAML file.

    What PyYAML read is also kept, pickled, in the cache folder (:func:`cache_dir`) under a name
    that changes with the file's bytes, the Python version and the installed PyYAML; later
    processes load that instead, without importing PyYAML or parsing (14 ms of every start). A
    cache that cannot be read or written is simply not used."""
    path = data_path(name)
    cached = _yaml_cache_path(name, path)
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a half-written or foreign file: read the YAML again
            pass
    import yaml

    # the C loader when PyYAML has it (about twice as fast to start up); same safe subset
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)
    if cached is not None:
        _save_pickle(cached, data, stale=f"yaml-{Path(name).stem}-*.pickle")
    return data


def cache_dir() -> Path:
    """The user cache folder: ``$MARSAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/marsad``, else
    ``~/.cache/marsad`` (the default gazetteer, prepared gazetteers, parsed YAML files)."""
    explicit = os.environ.get("MARSAD_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "marsad"


def _yaml_cache_path(name: str, path: Path) -> Optional[Path]:
    """Cache file of the parsed YAML file ``path`` (None when the file or PyYAML cannot be read)."""
    try:
        spec = importlib.util.find_spec("yaml")
        origin = spec.origin if spec is not None else None
        if origin is None:
            return None
        stat = os.stat(origin)
        digest = hashlib.sha1(path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    for part in (sys.version, origin, stat.st_size, stat.st_mtime_ns, pickle.HIGHEST_PROTOCOL):
        digest.update(repr(part).encode("utf-8"))
    return cache_dir() / f"yaml-{Path(name).stem}-{digest.hexdigest()[:20]}.pickle"


def save_pickle(path: Path, data: Any) -> bool:
    """Pickle ``data`` to ``path`` at once (a concurrent reader never sees half a file). A cache
    write: errors (a read-only or missing folder, a full disk, an unpicklable value) are ignored;
    returns whether the file was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:20]}-", suffix=".tmp", dir=str(path.parent))
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:
        return False
    return True


def _save_pickle(path: Path, data: Any, stale: str = "") -> None:
    """:func:`save_pickle`, then the older files of the same kind (glob ``stale``) in that folder removed."""
    if not save_pickle(path, data):
        return
    for old in path.parent.glob(stale) if stale else ():
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def split_list(value: str, sep: str = "|") -> list[str]:
    """``a|b|c`` -> ``["a", "b", "c"]``, empty items dropped."""
    return [v.strip() for v in (value or "").split(sep) if v.strip()]
