"""Parts of a cell: capacities computed from formulas, densities from crystal structures."""

import pytest

from hydrion.cell.parts import defaults, known_parts, part
from hydrion.errors import MissingDataError, UnknownRecordError


@pytest.mark.parametrize(
    ("name", "expected", "rel"),
    [
        ("s", 1675, 0.005),  # Pang et al. 2022 section 2.1.3 / ref. [74]: 1675 mAh/g (S -> Li2S)
        ("mgh2", 2038, 0.002),  # Pang et al. 2022 Table 2 / ref. [120]: 2038 mAh/g
        ("tis2", 239, 0.002),  # Whittingham 1976 (LiTiS2): 239 mAh/g
        ("li4ti5o12", 175, 0.002),  # Ohzuku 1995: 175 mAh/g
        ("li", 3861, 0.001),  # Li metal 3861 mAh/g
    ],
)
def test_capacity_from_formula_matches_literature(name, expected, rel):
    assert part(name).capacity_mAh_per_g == pytest.approx(expected, rel=rel)


def test_libh4_density_from_its_crystal_structure():
    # Soulié et al. 2002 (doi:10.1016/S0925-8388(02)00521-2): 0.666 g/cm3 at room temperature
    assert part("libh4").density_g_per_cm3 == pytest.approx(0.666, rel=0.01)


def test_licoo2_density_from_its_crystal_structure():
    # crystallographic density of LiCoO2, 5.05-5.06 g/cm3 (Akimoto et al. 1998)
    assert part("licoo2").density_g_per_cm3 == pytest.approx(5.05, rel=0.01)


def test_every_part_names_its_sources():
    for name in known_parts():
        resolved = part(name)
        assert "density" in resolved.sources, name
        if resolved.ions_per_formula is not None:
            assert {"ion_storage", "voltage"} <= set(resolved.sources), name


def test_unknown_part_and_missing_density_are_refused():
    with pytest.raises(UnknownRecordError):
        part("unobtainium")
    electrolyte_without_density = part("carbon").__class__(
        id="x", formula="LiI", role="electrolyte", density_g_per_cm3=None
    )
    with pytest.raises(MissingDataError, match="density"):
        electrolyte_without_density.require_density()


def test_defaults_cover_the_separator_study():
    study = defaults()["separator_study_um"]
    assert max(study) == 500 and min(study) == 30


def test_hydride_electrode_outside_the_cell_data_uses_kb_and_electrode_module():
    from hydrion.kb import open_kb

    lialh4 = part("lialh4", open_kb())
    # LiAlH4 + 3 Li -> 4 LiH + Al: 3F/M = 2119 mAh/g (Pang et al. 2022 Table 2, ref. [132])
    assert lialh4.capacity_mAh_per_g == pytest.approx(2119, rel=0.005)
    # density from the electrode module's handbook data (CRC: 0.917 g/cm3)
    assert lialh4.density_g_per_cm3 == pytest.approx(0.917, rel=0.01)
    assert lialh4.sources["density"].kind == "handbook"


def test_only_the_simulation_modules_import_pybamm():
    import re
    from pathlib import Path

    import hydrion

    root = Path(hydrion.__file__).parent
    sources = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.py")
    }
    # one guarded import; the simulation modules take PyBaMM from it
    assert [k for k, text in sources.items() if re.search(r"^\s*import pybamm\b", text, re.M)] == [
        "cell/pybamm_import.py"
    ]
    assert sorted(k for k, text in sources.items() if "import pybamm" in text) == [
        "cell/built_simulations.py",
        "cell/pybamm_electrodes.py",
        "cell/pybamm_import.py",
        "cell/simulate.py",
    ]


@pytest.mark.parametrize("name", ["licoo2", "lifepo4", "li4ti5o12"])
def test_working_voltage_has_one_home_shared_with_compat(name):
    # the cell model and `compat` read the same knowledge-base record (issue 10, point 5)
    from hydrion.kb import open_kb
    from hydrion.stability.electrode_range import electrode_range

    kb = open_kb()
    voltage = part(name, kb).average_voltage_V
    assert voltage is not None
    low, high = electrode_range(kb.material(name), "Li", kb)
    assert low <= voltage <= high
    assert "average_voltage_V" not in _cell_data_entry(name)


def _cell_data_entry(name):
    from hydrion.cell.parts import _records

    record = _records().get(name)
    return {} if record is None else record.model_dump(exclude_none=True)
