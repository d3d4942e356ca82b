"""Capacities against the review (Pang et al. 2022, doi:10.1016/j.mtnano.2022.100194)."""

import pytest

from hydrion.chem.formula import hydrogen_wt_percent
from hydrion.electrode import (
    analyse_electrode,
    composite_capacity_mAh_per_g,
    table2_composite,
    theoretical_capacity_mAh_per_g,
)

# Table 2 of the review, theoretical capacity (mAh/g, conversion only), tolerance 0.5 %.
TABLE2_PURE = {
    "MgH2": 2038,  # [120,123]
    "LiAlH4": 2119,  # [132,133]
    "Li3AlH6": 1493,  # [132,133]
    "NaAlH4": 1985,  # [135]
    "Na3AlH6": 1576,  # [135]
    "LiNa2AlH6": 1558,  # [140]
}
# Nb2O5-MgH2 (2018) and TiH2-MgH2 (1728) are not reproduced: the compositions the text states
# give other values (test_composites_use_the_compositions_the_text_states)
TABLE2_COMPOSITES = {
    "VGCF-MgH2": 2038,  # [126]
    "Li3AlH6–Al": 1548,  # [141]
}


@pytest.mark.parametrize(("formula", "reported"), TABLE2_PURE.items())
def test_table2_pure_electrodes(formula, reported):
    assert analyse_electrode(formula).capacity_mAh_per_g == pytest.approx(reported, rel=5e-3)


@pytest.mark.parametrize(("name", "reported"), TABLE2_COMPOSITES.items())
def test_table2_composites(name, reported):
    capacity = composite_capacity_mAh_per_g(table2_composite(name))
    assert capacity == pytest.approx(reported, rel=5e-3)


def test_text_hydrogen_contents():
    # Section 3.1.1: "MgH2 ... can store 7.6 wt% hydrogen"; 3.2.1: LiAlH4 "10.5 wt%".
    # The review truncates (7.66, 10.62), hence an absolute tolerance of 0.15 wt%.
    assert hydrogen_wt_percent("MgH2") == pytest.approx(7.6, abs=0.15)
    assert hydrogen_wt_percent("LiAlH4") == pytest.approx(10.5, abs=0.15)


def test_counter_electrode_capacities():
    # S: "high theoretical capacity (1675 mAh g-1)" [74]; S + 2Li -> Li2S
    assert theoretical_capacity_mAh_per_g("S", 2) == pytest.approx(1675, rel=5e-3)
    # TiS2: "230.5 mAh g-1 (96.4% of the theoretical capacity)" [104]; TiS2 + Li -> LiTiS2
    assert theoretical_capacity_mAh_per_g("TiS2", 1) == pytest.approx(230.5 / 0.964, rel=5e-3)


def test_composites_use_the_compositions_the_text_states():
    # Review section 3.1.2: "doping 1 mol% Nb2O5 catalyst into MgH2" [125] and the Mg-rich
    # "0.7MgH2+0.3TiH2" [127]. MgH2 2037 mAh/g; 0.99 x 26.32 / (0.99 x 26.32 + 0.01 x 265.81)
    # of it = 1848 mAh/g; (0.7 x 2 + 0.3 x 2) F / (0.7 x 26.32 + 0.3 x 49.88) g = 1605 mAh/g.
    # Table 2 prints 2018 and 1728: shown beside, never used (issue 10).
    from hydrion.electrode import analyse_composite
    from hydrion.kb import open_kb

    kb = open_kb()
    nb = analyse_composite("Nb2O5-MgH2", kb=kb)
    assert nb.capacity_mAh_per_g == pytest.approx(1848, rel=5e-3)
    assert nb.reported_capacity_mAh_per_g == 2018
    assert nb.capacity_discrepancy.startswith("Table 2 prints 2018 mAh/g; the composition")
    assert "1848 mAh/g" in nb.capacity_discrepancy
    ti = analyse_composite("TiH2-MgH2", kb=kb)
    assert ti.capacity_mAh_per_g == pytest.approx(1605, rel=5e-3)
    assert (
        "Table 2 prints 1728 mAh/g" in ti.capacity_discrepancy and "1605" in ti.capacity_discrepancy
    )
    # what Table 2 matches instead: 0.8MgH2 + 0.2TiH2 (no source states it)
    alt = table2_composite("TiH2-MgH2").model_copy(
        update={
            "components": [
                c.model_copy(update={"amount": a})
                for c, a in zip(table2_composite("TiH2-MgH2").components, (0.8, 0.2), strict=True)
            ]
        }
    )
    assert composite_capacity_mAh_per_g(alt) == pytest.approx(1728, rel=5e-3)
    assert analyse_composite("VGCF-MgH2", kb=kb).capacity_discrepancy is None


def test_volumetric_capacity_and_mg_ion():
    result = analyse_electrode("MgH2")
    assert result.volumetric_capacity_mAh_per_cm3 == pytest.approx(2037 * 1.45, rel=1e-3)
    assert analyse_electrode("MgH2", ion="Na").capacity_mAh_per_g == pytest.approx(2036.5, rel=1e-3)
    # Mg2+ takes two electrons: TiH2 + Mg -> Ti + MgH2, 2F per 49.9 g (uphill, see test_uphill)
    titanium = analyse_electrode("TiH2", ion="Mg")
    assert titanium.formal_capacity_mAh_per_g == pytest.approx(1074.6, rel=1e-3)
    assert titanium.uphill_step.ions_transferred == pytest.approx(1)
