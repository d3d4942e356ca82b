"""The cells of Pang et al. 2022 against the curated cell records.

Table entries are in ``tests/kb/data/review_cells.yaml``, transcribed by hand from the "Cell"
column of Table 1 and the "Cell Performance" column of Table 2 of Y. Pang et al., Mater.
Today Nano 18 (2022) 100194. Cells described only in the text are pinned below with the
section they come from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hydrion.errors import UnitError
from hydrion.kb.curated import load_curated
from hydrion.units import parse_positive

ENTRIES = yaml.safe_load((Path(__file__).parent / "data" / "review_cells.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def curated():
    return load_curated()


def _rate_fields(rate: str | None) -> dict[str, float | None]:
    """The CellPerformance rate fields a rate as printed ('0.2 C', '0.1 A g-1') goes to."""
    fields: dict[str, float | None] = {
        "c_rate": None,
        "current_density_mA_per_cm2": None,
        "specific_current_mA_per_g": None,
    }
    if rate is None:
        return fields
    value, unit = rate.split(maxsplit=1)
    if unit == "C":
        fields["c_rate"] = float(value)
        return fields
    try:
        fields["specific_current_mA_per_g"] = parse_positive(rate, "mA/g")
    except UnitError:
        fields["current_density_mA_per_cm2"] = parse_positive(rate, "mA/cm^2")
    return fields


def _cell(curated, cathode: str, electrolyte: str, anode: str):
    found = [
        c
        for c in curated.cells.values()
        if (c.cathode, c.electrolyte, c.anode) == (cathode, electrolyte, anode)
    ]
    assert len(found) == 1, f"{cathode}|{electrolyte}|{anode}: {len(found)} cells"
    return found[0]


def _matches(performance, expected: dict) -> bool:
    rates = _rate_fields(expected.get("rate"))
    return (
        performance.capacity_mAh_per_g == pytest.approx(expected["capacity_mAh_per_g"])
        and performance.temperature_C == pytest.approx(expected["temperature_C"])
        and performance.cycle == expected.get("cycle")
        and all(
            getattr(performance, name) == (None if value is None else pytest.approx(value))
            for name, value in rates.items()
        )
    )


@pytest.mark.parametrize(
    "entry", ENTRIES, ids=[f"{e['row']}:{e['written']}:{e['capacity_mAh_per_g']}" for e in ENTRIES]
)
def test_table_cell_is_stored(curated, entry):
    cell = _cell(curated, entry["cathode"], entry["electrolyte"], entry["anode"])
    tabled = [p for p in cell.performance if p.in_review_table and _matches(p, entry)]
    assert len(tabled) == 1, [p.model_dump() for p in cell.performance]
    refs = tabled[0].source.refs
    assert refs and set(refs) <= set(entry["refs"])
    assert tabled[0].source.kind == "review_table"


def test_no_table_entry_is_stored_that_the_tables_do_not_have(curated):
    stored = [p for c in curated.cells.values() for p in c.performance if p.in_review_table]
    assert len(stored) == len(ENTRIES)


def test_every_cell_part_is_a_material_of_the_right_kind(curated):
    materials = curated.materials
    for cell in curated.cells.values():
        assert materials[cell.electrolyte].kind == "electrolyte", cell.id
        for part in (cell.cathode, cell.anode):
            assert materials[part].kind in ("electrode", "counter_electrode"), cell.id


def test_every_cell_part_carries_the_cell_ion(curated):
    for cell in curated.cells.values():
        for part in (cell.cathode, cell.electrolyte, cell.anode):
            assert cell.ion in curated.materials[part].ions, f"{cell.id}: {part}"


# Cells of the text (section of Pang et al. 2022 in the comment), as
# (cathode, electrolyte, anode, expected performance fields).
TEXT_CELLS = [
    # 2.1.3: 300 cycles at 125 °C and 0.2 C, 205 mAh/g after the 2nd cycle [73]
    (
        "tis2",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 205, "temperature_C": 125, "rate": "0.2 C", "cycle": 2},
    ),
    # 2.1.3: 1140 mAh/g in the first cycle at 120 °C and 0.025 mA/cm2 [75]
    (
        "s",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 1140, "temperature_C": 120, "rate": "0.025 mA cm-2", "cycle": 1},
    ),
    # 2.1.3: 1377 mAh/g at 150 µA/cm2 [76] (373 K from ref 76)
    (
        "s",
        "li4(bh4)3cl",
        "li",
        {"capacity_mAh_per_g": 1377, "temperature_C": 100, "rate": "150 µA cm-2", "cycle": 1},
    ),
    # 2.1.3: 140 mAh/g at the 100th cycle, 150 °C and 0.2 C [79]
    (
        "li4ti5o12",
        "li4(bh4)3i",
        "li",
        {"capacity_mAh_per_g": 140, "temperature_C": 150, "rate": "0.2 C", "cycle": 100},
    ),
    # 2.1.3: 967 mAh/g after 75 cycles at 70 °C [49]
    (
        "span",
        "peo-li4(bh4)3i-sio2",
        "li",
        {"capacity_mAh_per_g": 967, "temperature_C": 70, "cycle": 75},
    ),
    # 2.2.3: 1618 mAh/g (2nd cycle) at 50.2 mA/g = 0.03 C, 25 °C [104]
    (
        "s",
        "li(cb9h10)0.7(cb11h12)0.3",
        "li",
        {"capacity_mAh_per_g": 1618, "temperature_C": 25, "cycle": 2},
    ),
    # 3.1.1: 270 mAh/g after 93 cycles at 100 mA/g and 120 °C [123]
    (
        "mgh2",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 270, "temperature_C": 120, "rate": "100 mA g-1", "cycle": 93},
    ),
    # 3.1.2: 924 mAh/g after 50 cycles [125]
    (
        "nb2o5-mgh2",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 924, "temperature_C": 120, "rate": "0.1 A g-1", "cycle": 50},
    ),
    # 3.2.2: 861 mAh/g at 5 A/g and 125 °C [140]
    (
        "lina2alh6-3dg",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 861, "temperature_C": 125, "rate": "5 A g-1"},
    ),
    # 3.2.2: 1429 mAh/g at 1 A/g [141]
    (
        "li3alh6-al",
        "libh4",
        "li",
        {"capacity_mAh_per_g": 1429, "temperature_C": 120, "rate": "1 A g-1"},
    ),
]


@pytest.mark.parametrize("cathode,electrolyte,anode,expected", TEXT_CELLS)
def test_text_cell_is_stored(curated, cathode, electrolyte, anode, expected):
    cell = _cell(curated, cathode, electrolyte, anode)
    if "rate" in expected:
        assert any(_matches(p, expected) for p in cell.performance)
    else:
        assert any(
            p.capacity_mAh_per_g == pytest.approx(expected["capacity_mAh_per_g"])
            and p.temperature_C == pytest.approx(expected["temperature_C"])
            and p.cycle == expected.get("cycle")
            for p in cell.performance
        )


def test_text_retention_and_efficiency_are_stored(curated):
    # 3.2.2: Li3AlH6-Al 2266 mAh/g first cycle, 88% CE, 71% retention after 100 cycles [141]
    first = next(
        p
        for p in _cell(curated, "li3alh6-al", "libh4", "li").performance
        if p.capacity_mAh_per_g == 2266
    )
    assert (first.coulombic_efficiency_percent, first.retention_percent) == (88, 71)
    assert first.retention_cycles == 100
    # 3.1.2: VGCF-MgH2 75.6% (1221 mAh/g) after 50 cycles [126]
    vgcf = next(
        p
        for p in _cell(curated, "vgcf-mgh2", "libh4", "li").performance
        if p.capacity_mAh_per_g == 1221
    )
    assert vgcf.retention_percent == pytest.approx(75.6)
    # 2.1.3: LiCoO2|LiBH4 (Li3PO4 interlayer)|Li, 97% after 30 cycles [80]
    lco = _cell(curated, "licoo2", "libh4", "li")
    assert "Li3PO4" in lco.interlayers
    assert any(p.retention_percent == 97 and p.retention_cycles == 30 for p in lco.performance)
