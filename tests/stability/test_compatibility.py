"""Compatibility: small records made for the test, and the knowledge base's own pairs."""

import json

import pytest

from hydrion.kb import open_kb
from hydrion.kb.records import Material
from hydrion.stability.compatibility import compatibility
from hydrion.stability.energies import bundled
from hydrion.stability.findings import curated_findings

SOURCE = {"refs": [80], "kind": "review_text"}


def _material(**fields) -> Material:
    base = {"ions": ["Li"], "family": "test"}
    return Material.model_validate({**base, **fields})


LIBH4 = _material(id="libh4", name="LiBH4", kind="electrolyte", formula="LiBH4")
LICOO2 = _material(
    id="licoo2",
    name="LiCoO2",
    kind="counter_electrode",
    formula="LiCoO2",
    potential_ranges=[{"low_V": 3.0, "high_V": 4.2, "source": SOURCE}],
)
TIS2 = _material(
    id="tis2",
    name="TiS2",
    kind="counter_electrode",
    formula="TiS2",
    voltages=[{"voltage_V": 2.0, "source": SOURCE}],
)


def test_libh4_licoo2_is_incompatible_with_its_remedies():
    cell = compatibility(LIBH4, LICOO2, bundled("enthalpy"))
    assert cell.verdict == "unstable"  # oxidised at ~1.7 V, LiCoO2 works at 3–4.2 V
    assert cell.experimental_outcome == "fails"
    names = {m.mitigation.formula: m for m in cell.mitigations}
    assert set(names) == {"Li3PO4", "LiNbO3"}
    assert names["Li3PO4"].mitigation.source.refs == [80]
    assert names["LiNbO3"].mitigation.source.refs == [62]
    assert all(not m.reaction.reactive for m in names.values())
    assert any("LiCoO2" in r for r in cell.reasons)  # its energy is missing, said so


def test_tis2_pair_reports_the_interphase_finding():
    cell = compatibility(LIBH4, TIS2, bundled("enthalpy"))
    assert cell.reaction.reactive and cell.experimental_outcome == "cycles"
    assert "Li2B12H12" in cell.as_dict()["mitigations"][0]["mitigation"]["formula"]


def test_curated_findings_load():
    assert any(f.electrolyte == "li2b12h12" for f in curated_findings())


# --- the knowledge base's cells are experimental findings (issue 10, point 5) ---------------


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def _pair(kb, electrolyte, electrode):
    return compatibility(kb.material(electrolyte), kb.material(electrode), bundled(), kb=kb)


def test_compat_libh4_mgh2_reports_the_stored_cells(kb):
    # case "hydrion compat LiBH4 MgH2" of ../shared/cases: the MgH2 | LiBH4 | Li cells
    cell = _pair(kb, "LiBH4", "MgH2")
    ids = [e.cell.id for e in cell.cells]
    assert ids[0] == "mgh2_libh4_li"  # the cell of MgH2 itself comes first
    assert {"nb2o5-mgh2_libh4_li", "vgcf-mgh2_libh4_li"} <= set(ids)
    assert cell.experimental_outcome == "cycles"
    assert "no experimental finding" not in cell.summary
    first = cell.cells[0].cell.performance[0]
    assert first.capacity_mAh_per_g == 1572 and first.source.refs == [123]  # ref 123, Table 2
    data = cell.as_dict()
    refs = data["cells"][0]["cell"]["performance"][0]["source"]["refs"]
    # the result carries the DOIs of its sources (the review's reference list)
    assert [r["doi"] for r in data["cited"] if r["number"] in refs] == ["10.5772/62866"]


@pytest.mark.parametrize(
    ("electrolyte", "electrode", "cell_id"),
    [
        ("LiBH4", "Nb2O5-MgH2", "nb2o5-mgh2_libh4_li"),
        ("LiBH4", "Li3AlH6-Al", "li3alh6-al_libh4_li"),
        ("LiBH4", "LiNa2AlH6/3DG", "lina2alh6-3dg_libh4_li"),
        ("Li(CB9H10)0.7(CB11H12)0.3", "TiS2", "tis2_li(cb9h10)0.7(cb11h12)0.3_li"),
    ],
)
def test_headline_cells_are_findings(kb, electrolyte, electrode, cell_id):
    cell = _pair(kb, electrolyte, electrode)
    assert cell_id in {e.cell.id for e in cell.cells}
    assert cell.experimental_outcome is not None


def test_retention_and_cycles_reach_the_json(kb):
    cell = _pair(kb, "LiBH4", "Li3AlH6-Al")
    performance = [p for c in cell.as_dict()["cells"] for p in c["cell"]["performance"]]
    assert any(
        p.get("retention_percent") == 71 and p.get("retention_cycles") == 100 for p in performance
    )


def test_licoo2_has_its_working_potential_from_the_record(kb):
    cell = _pair(kb, "LiBH4", "LiCoO2")
    assert cell.electrode_range_V == (3.9, 3.9)  # Mizushima 1980, stored once in the KB
    assert cell.verdict == "unstable"


def test_potentials_are_not_reused_on_another_ion_scale(kb):
    electrolyte = kb.material("Na3NH2B12H12")
    cell = compatibility(electrolyte, kb.material("TiS2"), bundled(), "Na", kb)
    assert cell.electrode_range_V is None
    assert any("not converted to Na/Na+" in r for r in cell.reasons)


def test_compat_text_names_cells_with_dois(run_cli):
    code, out, _ = run_cli("compat", "LiBH4", "MgH2")
    assert code == 0
    assert "mgh2 | libh4 | li" in out and "doi:10.5772/62866" in out
    code, out, _ = run_cli("compat", "LiBH4", "MgH2", "--json")
    assert json.loads(out)["cells"][0]["cell"]["id"] == "mgh2_libh4_li"


def test_composite_electrode_reacts_through_its_active_phase(kb):
    cell = _pair(kb, "LiBH4", "Nb2O5-MgH2")
    assert cell.reaction is not None and cell.reaction.electrode == "MgH2"
    assert any("active phase(s) MgH2" in r for r in cell.reasons)


def test_matrix_includes_hydride_electrodes_of_stored_cells(kb):
    from hydrion.stability.compatibility import compatibility_matrix

    cells = compatibility_matrix(kb, bundled("enthalpy"))
    pairs = {(c.electrolyte, c.electrode): c for c in cells}
    assert ("libh4", "mgh2") in pairs and pairs[("libh4", "mgh2")].cells
    assert ("libh4", "li3alh6-al") in pairs


@pytest.mark.parametrize("convention", ["enthalpy", "gibbs298"])
def test_conversion_electrode_range_is_the_computed_potential(convention):
    # TiH2 has no working potential on record; its conversion TiH2 + 2Li -> Ti + 2LiH has one
    # from the bundled thermochemistry, the value `hydrion electrode TiH2` prints (0.163 V on
    # the gibbs298 basis): compat uses it, and says it is computed
    from hydrion.electrode.analysis import analyse_electrode

    kb = open_kb()
    expected = analyse_electrode("TiH2", "Li", convention=convention).average_voltage_V
    result = compatibility(kb.material("LiBH4"), kb.material("TiH2"), bundled(convention), kb=kb)
    assert result.electrode_range_V == pytest.approx((expected, expected))
    assert result.verdict != "no data"
    assert any("computed, not on record" in reason for reason in result.reasons)
    if convention == "gibbs298":
        assert expected == pytest.approx(0.163, abs=5e-4)
