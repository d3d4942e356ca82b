"""Rows of reported values (kb/value_rows.py) and the streamed rows of an export
(Tables.export_rows)."""

from pathlib import Path

import pytest

from hydrion.errors import InputError
from hydrion.kb import open_kb
from hydrion.kb.value_rows import material_export_rows, performance_rows, value_rows

USER_RECORDS = Path(__file__).parent / "data" / "user_material.yaml"


def test_a_voltage_keeps_its_own_kind_beside_the_materials():
    kb = open_kb()
    mgh2 = kb.material("MgH2")
    rows = material_export_rows(mgh2, kb.references)
    voltages = [row for row in rows if row["property"] == "voltages"]
    assert voltages and {row["kind"] for row in rows} == {"electrode"}
    assert [row["value_kind"] for row in voltages] == [v.kind for v in mgh2.voltages]
    assert [row["voltage_V"] for row in voltages] == [v.voltage_V for v in mgh2.voltages]
    assert [row.get("kind") for row in value_rows(mgh2, kb.references)] == [
        v.kind if field == "voltages" else None for field, v in mgh2.values()
    ]


def test_value_rows_resolve_dois_and_keep_the_values():
    kb = open_kb()
    libh4 = kb.material("LiBH4")
    sigma = [row for row in value_rows(libh4, kb.references) if row["property"] == "conductivities"]
    assert [row["sigma_S_per_cm"] for row in sigma] == [
        c.sigma_S_per_cm for c in libh4.conductivities
    ]
    first = sigma[0]
    assert first["refs"] == libh4.conductivities[0].source.refs
    assert first["dois"] == [kb.reference(r).doi for r in first["refs"] if kb.reference(r).doi]


def test_cycle_counts_stay_integers():
    cell = next(c for c in open_kb().cells() if any(p.cycle for p in c.performance))
    cycles = [row["cycle"] for row in performance_rows(cell)]
    assert cycles == [p.cycle for p in cell.performance]
    assert all(c is None or type(c) is int for c in cycles)


def test_export_rows_refuse_an_unknown_kind_when_called():
    with pytest.raises(InputError, match="unknown kind"):
        open_kb().export_rows("gas")


def test_export_rows_are_streamed_and_let_go_of_user_records(user_db):
    open_kb().add_file(USER_RECORDS)
    kb = open_kb()
    ids = [row["id"] for row in kb.export_rows("electrolyte")]
    assert "my-li3ocl-bh4" in ids and ids == sorted(ids)
    assert "my-li3ocl-bh4" not in kb._materials  # dropped after its page
    cells = [row for row in kb.export_rows("cell") if row["cell"] == "my-cell"]
    assert [(row["capacity_mAh_per_g"], row["c_rate"], row["cycle"]) for row in cells] == [
        (100.0, 0.1, None)
    ]
    assert "my-cell" not in kb._cells
