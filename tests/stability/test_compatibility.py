"""Compatibility cells built from small records made for the test."""

from hydrion.kb.records import Material
from hydrion.stability.compatibility import compatibility, curated_findings
from hydrion.stability.energies import bundled

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
    assert "Li2B12H12" in cell.to_dict()["mitigations"][0]["formula"]


def test_curated_findings_load():
    assert any(f.electrolyte == "li2b12h12" for f in curated_findings())
