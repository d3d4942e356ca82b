"""Per-gram figures that cannot be right: a capacity above Li metal's theoretical capacity,
and the energy of the same half-cycle (divided by the same wrong mass)."""

import json

import pytest

from hydrion.experiment.cycling import CycleSummary, read_cycling, summarise
from hydrion.experiment.cycling_checks import impossible_capacity, impossible_figures


def _cycle(discharge: float | None, charge: float | None, voltage_V: float) -> CycleSummary:
    def energy(capacity):
        return None if capacity is None else capacity * voltage_V

    return CycleSummary(
        cycle=1,
        discharge_mAh=None if discharge is None else discharge / 1000,
        charge_mAh=None if charge is None else charge / 1000,
        discharge_mAh_per_g=discharge,
        charge_mAh_per_g=charge,
        coulombic_efficiency_percent=None,
        retention_percent=None,
        discharge_voltage_V=voltage_V,
        charge_voltage_V=voltage_V,
        discharge_energy_mWh_per_g=energy(discharge),
        charge_energy_mWh_per_g=energy(charge),
    )


def test_an_impossible_capacity_flags_the_energy_of_its_half_cycle_however_small():
    limit, _ = impossible_capacity([])
    # 0.05 V: the energy, 250 mWh/g, is far below the limit times any cell voltage
    cycle = _cycle(discharge=5000.0, charge=300.0, voltage_V=0.05)
    assert impossible_figures(cycle, limit) == (
        "discharge_mAh_per_g",
        "discharge_energy_mWh_per_g",
    )
    assert impossible_figures(_cycle(300.0, 5000.0, 3.0), limit) == (
        "charge_mAh_per_g",
        "charge_energy_mWh_per_g",
    )


def test_capacities_at_or_below_the_bar_and_missing_figures_are_not_flagged():
    limit, _ = impossible_capacity([])
    assert impossible_figures(_cycle(limit, 3000.0, 4.0), limit) == ()
    assert impossible_figures(_cycle(None, None, 4.0), limit) == ()
    no_energy = _cycle(5000.0, None, 1.0)
    no_energy = CycleSummary(**{**no_energy.__dict__, "discharge_energy_mWh_per_g": None})
    assert impossible_figures(no_energy, limit) == ("discharge_mAh_per_g",)


@pytest.fixture
def pec(shared_dir):
    return shared_dir / "corpus" / "cycling" / "cellpy__pec.csv"


# A new user's check: with --mass "2 mg" the capacities were flagged, "E dis 72448630.1 mWh/g"
# beside them was not.
def test_pec_file_with_a_wrong_mass_flags_capacities_and_their_energies(pec, run_cli):
    summary = summarise(read_cycling(pec), 2.0)
    first, second = summary.cycles
    assert first.discharge_energy_mWh_per_g == pytest.approx(72_448_630, rel=1e-6)
    assert first.impossible == (
        "discharge_mAh_per_g",
        "discharge_energy_mWh_per_g",
        "charge_mAh_per_g",
        "charge_energy_mWh_per_g",
    )
    assert second.impossible == ("charge_mAh_per_g", "charge_energy_mWh_per_g")
    (warning,) = [w for w in summary.warnings if "physically impossible" in w]
    assert "energies per gram of those half-cycles" in warning and "check --mass" in warning
    assert all(c.impossible == () for c in summarise(read_cycling(pec), 20_000.0).cycles)  # 20 g

    code, out, err = run_cli("cycling", str(pec), "--mass", "2 mg")
    assert code == 0, err
    assert "72448630.1 (impossible: check --mass)" in out
    assert "22176019.3 (impossible: check --mass)" in out
    code, out, err = run_cli("cycling", str(pec), "--mass", "2 mg", "--json")
    assert code == 0, err
    cycles = json.loads(out)["cycles"]
    assert "discharge_energy_mWh_per_g" in cycles[0]["impossible"]
    assert cycles[1]["impossible"] == ["charge_mAh_per_g", "charge_energy_mWh_per_g"]
