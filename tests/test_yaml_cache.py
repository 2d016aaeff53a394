"""read_yaml keeps what PyYAML read in the cache folder: the same data, cold or warm, and a cache
folder that cannot be written changes nothing."""
from __future__ import annotations

import pytest

from marsad import resources


def _typed(x):
    if isinstance(x, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [_typed(v) for v in x])
    return (type(x).__name__, x)


def _parsed(name: str):
    yaml = pytest.importorskip("yaml")
    with resources.data_path(name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize("name", ["relative_dates.yaml", "suspect_rules.yaml"])
def test_cold_and_warm_cache_give_what_pyyaml_reads(name, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    resources.read_yaml.cache_clear()
    try:
        cold = resources.read_yaml(name)
        assert list(tmp_path.glob("yaml-*.pickle")), "the parsed file is cached"
        resources.read_yaml.cache_clear()
        warm = resources.read_yaml(name)
    finally:
        resources.read_yaml.cache_clear()
    assert _typed(cold) == _typed(warm) == _typed(_parsed(name))


def test_a_broken_or_unwritable_cache_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    resources.read_yaml.cache_clear()
    try:
        resources.read_yaml("relative_dates.yaml")
        for cached in tmp_path.glob("yaml-*.pickle"):
            cached.write_bytes(b"not a pickle")
        resources.read_yaml.cache_clear()
        assert _typed(resources.read_yaml("relative_dates.yaml")) == _typed(_parsed("relative_dates.yaml"))
        not_a_dir = tmp_path / "file"
        not_a_dir.write_text("x")
        monkeypatch.setenv("MARSAD_CACHE_DIR", str(not_a_dir / "cache"))
        resources.read_yaml.cache_clear()
        assert _typed(resources.read_yaml("relative_dates.yaml")) == _typed(_parsed("relative_dates.yaml"))
    finally:
        resources.read_yaml.cache_clear()
