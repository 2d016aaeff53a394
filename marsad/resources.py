"""Packaged language data: where it lives and how it is read.

Every lexicon, list of names and table of phrases is a versioned TSV or YAML file in
``marsad/data/``. TSV files start with ``# key: value`` header comments (``name``,
``version``, ``description``), then a header row, then one entry a line; blank lines and
lines starting with ``#`` are skipped. Readers are cached, so each file is parsed once per
process.
"""
from __future__ import annotations

import csv
import functools
import io
from importlib import resources as _resources
from pathlib import Path
from typing import Any

DATA_PACKAGE = "marsad.data"


def data_path(name: str) -> Path:
    """Path of a packaged data file, ``name`` relative to ``marsad/data``."""
    return Path(str(_resources.files(DATA_PACKAGE).joinpath(name)))


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
    reader = csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return meta, tuple(rows)


def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a packaged TSV file (see module docstring for the format)."""
    return read_tsv_with_meta(name)[1]


@functools.lru_cache(maxsize=None)
def read_yaml(name: str) -> Any:
    """Contents of a packaged YAML file."""
    import yaml

    # the C loader when PyYAML has it (about twice as fast to start up); same safe subset
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with data_path(name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def split_list(value: str, sep: str = "|") -> list[str]:
    """``a|b|c`` -> ``["a", "b", "c"]``, empty items dropped."""
    return [v.strip() for v in (value or "").split(sep) if v.strip()]
