"""db query reports only values its records hold: an index row edited behind hydrion's back
(σ = 1e308 written into the conductivities table) is warned about and left out."""

import sqlite3
from pathlib import Path

import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import open_kb

RECORDS = Path(__file__).parent / "data" / "user_material.yaml"


def test_edited_index_value_is_warned_and_skipped(user_db: Path) -> None:
    open_kb().add_file(RECORDS)
    before = open_kb().query_conductivity(1e-5, 30.0, 1.0)
    assert before.loc[before.id == "my-li3ocl-bh4", "sigma_S_per_cm"].tolist() == [2.0e-5]
    with sqlite3.connect(user_db) as connection:
        connection.execute(
            "UPDATE conductivities SET sigma_S_per_cm = 1e308 WHERE id = 'my-li3ocl-bh4'"
        )
    connection.close()
    with pytest.warns(HydrionWarning, match=r"my-li3ocl-bh4: the index lists σ = 1e\+308"):
        after = open_kb().query_conductivity(1e-5, 30.0, 1.0)
    assert "my-li3ocl-bh4" not in after.id.tolist()
    assert (after.sigma_S_per_cm < 1).all()


def test_curated_rows_pass_the_check_without_warnings(user_db: Path, recwarn) -> None:
    rows = open_kb().query_conductivity(1e-4, 120.0, 10.0)
    assert "libh4" in rows.id.tolist()
    assert not [w for w in recwarn if issubclass(w.category, HydrionWarning)]
