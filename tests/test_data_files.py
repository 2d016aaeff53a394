"""Every packaged data file is readable and has its header."""
from pathlib import Path

import pytest

from marsad.resources import data_path, read_tsv_with_meta

DATA = Path(data_path("settings.toml")).parent
TSV_FILES = sorted(p.name for p in DATA.glob("*.tsv"))


@pytest.mark.parametrize("name", TSV_FILES)
def test_tsv_header_and_rows(name):
    meta, rows = read_tsv_with_meta(name)
    assert meta.get("name") == name[:-4], f"{name}: '# name:' header missing or wrong"
    assert meta.get("version", "").isdigit(), f"{name}: '# version:' header missing"
    assert meta.get("description"), f"{name}: '# description:' header missing"
    assert rows, f"{name} has no rows"
    columns = list(rows[0])
    for row in rows:
        assert list(row) == columns and None not in row.values(), f"{name}: ragged row {row}"


def test_normalization_table():
    _, rows = read_tsv_with_meta("normalization.tsv")
    chars = [r["char"] for r in rows]
    assert len(chars) == len(set(chars))
    for r in rows:
        assert r["char"].startswith("U+") and int(r["char"][2:], 16) > 0
        assert len(r["to"]) <= 1, "folding must be one character to at most one"
