"""Sourced data filling former gaps: CaH2, Ca (CRC); AlH3 (Sinke 1967; Turley & Rinn 1969)."""

import pytest

from hydrion.chem.densities import density_g_per_cm3
from hydrion.chem.thermo import lookup
from hydrion.electrode import analyse_electrode

FARADAY = 96485.33212
T = 298.15


@pytest.mark.parametrize(
    ("convention", "expected_kJ"),
    [
        # ΔrH = 2ΔfH(LiH) − ΔfH(CaH2) = 2(−90.5) + 181.5 kJ (CRC)
        ("enthalpy", 2 * -90.5 + 181.5),
        # ΔrG = ΔrH − T·ΔrS, S° of LiH 20.0, Ca 41.6, CaH2 41.4, Li 29.1 J/(mol K) (CRC)
        ("gibbs298", 2 * -90.5 + 181.5 - T * (2 * 20.0 + 41.6 - 41.4 - 2 * 29.1) / 1e3),
    ],
)
def test_cah2_is_not_lithiated_above_0_V(convention, expected_kJ):
    result = analyse_electrode("CaH2", convention=convention)
    assert result.capacity_mAh_per_g == 0 and result.steps == ()
    assert result.uphill_step.voltage_V == pytest.approx(
        -expected_kJ * 1e3 / (2 * FARADAY), abs=1e-4
    )
    assert result.uphill_step.voltage_V <= 0
    assert result.missing_data == ()


def test_alh3_has_entropy_and_density():
    entry = lookup("AlH3")
    assert entry.S_J_per_mol_K == pytest.approx(7.18 * 4.184, abs=0.01)  # Sinke et al. 1967
    assert entry.dHf_kJ_per_mol == pytest.approx(-2.73 * 4.184, abs=0.01)
    # X-ray density of α-AlH3: Z = 6 in a hexagonal cell a = 4.449 Å, c = 11.804 Å
    cell_A3 = 3**0.5 / 2 * 4.449**2 * 11.804
    x_ray = 6 * 29.994 / (6.02214076e23 * cell_A3 * 1e-24)
    assert density_g_per_cm3("AlH3").density_g_per_cm3 == pytest.approx(x_ray, rel=1e-3)
    result = analyse_electrode("AlH3")
    assert result.average_voltage_V is not None and result.average_voltage_V > 0
    assert result.volumetric_capacity_mAh_per_cm3 == pytest.approx(2680 * 1.477, rel=2e-3)


def test_calcium_density_gives_cah2_volume_change_zero_when_nothing_converts():
    assert density_g_per_cm3("Ca").density_g_per_cm3 == pytest.approx(1.54)
    assert analyse_electrode("CaH2").volume_change_percent == pytest.approx(0.0)
