"""Ohmic rate and temperature limits from σ(T)."""

import numpy as np
import pytest

from hydrion.cell.limits import ionic_path, limit_map, rate_limits
from hydrion.cell.stack import StackDesign, resolve
from hydrion.errors import InputError


@pytest.fixture
def resolved():
    return resolve(StackDesign.default("tis2", "libh4", "li"))


def test_separator_asr_is_thickness_over_sigma(resolved, libh4_material):
    limits = rate_limits(resolved, libh4_material, 393.15)
    assert limits.sigma_S_per_cm == pytest.approx(1e-3)  # ref [19] at 120 °C
    assert limits.separator_asr_ohm_cm2 == pytest.approx(0.05 / 1e-3)  # 500 µm / 1 mS/cm
    assert limits.total_asr_ohm_cm2 > limits.separator_asr_ohm_cm2


def test_drop_is_linear_in_rate_and_max_rate_meets_allowed_drop(resolved, libh4_material):
    limits = rate_limits(resolved, libh4_material, 393.15, c_rates=(0.1, 1.0), allowed_drop_V=0.1)
    assert limits.ohmic_drop_V[1] == pytest.approx(10 * limits.ohmic_drop_V[0])
    path = ionic_path(resolved)
    drop = limits.max_c_rate * path.areal_capacity_mAh_per_cm2 * 1e-3 * limits.total_asr_ohm_cm2
    assert drop == pytest.approx(0.1)


def _drop(resolved, model, T, c_rate):
    path = ionic_path(resolved)
    sigma = model.sigma(T).sigma_S_per_cm
    return c_rate * path.areal_capacity_mAh_per_cm2 * 1e-3 * path.effective_length_cm / sigma


def test_lowest_temperature_meets_the_allowed_drop(resolved, libh4_model, libh4_material):
    limits = rate_limits(
        resolved, libh4_material, 393.15, allowed_drop_V=0.1, lowest_for_c_rate=1.0
    )
    assert limits.lowest_temperature_K > 115 + 273.15  # inside the hexagonal phase
    drop = _drop(resolved, libh4_model, limits.lowest_temperature_K, 1.0)
    assert drop == pytest.approx(0.1, rel=1e-3)


def test_slow_rates_are_limited_by_the_phase_transition(resolved, libh4_model, libh4_material):
    # the orthorhombic phase cannot carry 0.1 C through 500 µm; the hexagonal one can
    limits = rate_limits(
        resolved, libh4_material, 393.15, allowed_drop_V=0.1, lowest_for_c_rate=0.1
    )
    T = limits.lowest_temperature_K
    assert pytest.approx(115 + 273.15, abs=0.5) == T
    assert (
        _drop(resolved, libh4_model, T + 0.1, 0.1)
        < 0.1
        < _drop(resolved, libh4_model, T - 1.0, 0.1)
    )


def test_map_rises_with_temperature_and_thinner_separators(resolved, libh4_model):
    grid = limit_map(resolved, libh4_model, [300.0, 350.0, 400.0, 420.0], [30.0, 100.0, 500.0])
    assert grid.max_c_rate.shape == (4, 3)
    assert np.all(np.diff(grid.max_c_rate, axis=0) > 0)
    assert np.all(np.diff(grid.max_c_rate, axis=1) < 0)


def test_bad_limits_input_is_refused(resolved, libh4_model, libh4_material):
    with pytest.raises(InputError):
        rate_limits(resolved, libh4_material, 393.15, c_rates=(-1.0,))
    with pytest.raises(InputError):
        limit_map(resolved, libh4_model, [300.0], [0.0])


def test_limits_take_pint_quantities_of_any_registry(resolved, libh4_model, libh4_material):
    import pint

    from hydrion.errors import HydrionError

    u = pint.get_application_registry()
    as_quantity = rate_limits(
        resolved, libh4_material, u.Quantity(120, "degC"), allowed_drop_V=u.Quantity(100, "mV")
    )
    as_number = rate_limits(resolved, libh4_material, 393.15, allowed_drop_V=0.1)
    assert as_quantity.max_c_rate == pytest.approx(as_number.max_c_rate)
    grid = limit_map(
        resolved, libh4_model, u.Quantity([100.0, 120.0], "degC"), u.Quantity([0.03, 0.5], "mm")
    )
    assert grid.thicknesses_um.tolist() == pytest.approx([30.0, 500.0])
    assert grid.temperatures_K.tolist() == pytest.approx([373.15, 393.15])
    with pytest.raises(HydrionError):
        rate_limits(resolved, libh4_material, u.Quantity(1.0, "V"))
    with pytest.raises(HydrionError):
        rate_limits(resolved, libh4_material, float("nan"))


def test_rate_map_below_the_transition_uses_the_orthorhombic_law():
    # Pang et al. 2022 Table 1, ref. [19]: LiBH4 ~1e-8 S/cm at 30 °C (Pnma), ~1e-3 S/cm at
    # 120 °C (P63mc); the map must follow the Pnma law below the transition, not the P63mc one
    from hydrion.kb import open_kb
    from hydrion.report.sections.cells import _limit_map
    from hydrion.transport import sigma_at

    kb = open_kb()
    grid = _limit_map(kb)
    for T, sigma in zip(grid.temperatures_K, grid.sigma_S_per_cm, strict=True):
        reference = sigma_at("libh4", float(T), kb=kb)
        assert sigma == pytest.approx(reference.sigma_S_per_cm, rel=1e-9)
        if T < 100 + 273.15:
            assert reference.phase == "Pnma" and sigma < 1e-5


def test_rate_map_1c_line_agrees_with_the_cli_across_the_transition():
    # issue 10: the contour put 1 C at ~116 °C, below LiBH4's 120 °C transition [19], where
    # rate_limits allows ~0.01 C at 10 µm; the map's line must be the transition itself
    from hydrion.kb import open_kb
    from hydrion.report.sections.cells import MAP_CELL, _limit_map
    from hydrion.transport.kb_models import conductivity_model

    kb = open_kb()
    grid = _limit_map(kb)
    lowest = grid.lowest_temperature_K(1.0)
    assert lowest[0] == pytest.approx(393.15)  # 10 µm: exactly at the transition
    assert np.all(lowest[np.isfinite(lowest)] >= 393.15 - 1e-9)
    resolved = resolve(StackDesign.default(*MAP_CELL), kb)
    model = conductivity_model(kb.material(MAP_CELL[1]))
    cli = rate_limits(resolved, kb.material(MAP_CELL[1]), 116 + 273.15, lowest_for_c_rate=1.0)
    assert cli.max_c_rate < 1.0 and cli.lowest_temperature_K >= 393.15 - 1e-9
    # the hexagonal law is extrapolated above ~140 °C: flagged per temperature, as σ(T) says
    hot = grid.temperatures_K > 150 + 273.15
    assert grid.extrapolated[hot].all()
    statuses = [model.sigma(float(T)).status == "extrapolated" for T in grid.temperatures_K]
    assert grid.extrapolated.tolist() == statuses
    assert grid.phase[0] == "Pnma" and grid.phase[-1] == "P63mc"


def test_within_phase_1c_line_interpolates_log_rate(resolved, libh4_model):
    grid = limit_map(resolved, libh4_model, np.arange(390.0, 440.0, 5.0), [1000.0])
    T = grid.lowest_temperature_K(1.0)[0]
    direct = limit_map(resolved, libh4_model, [T], [1000.0]).max_c_rate[0, 0]
    assert direct == pytest.approx(1.0, rel=0.01)


def test_rate_limits_use_a_measured_sigma_where_there_is_no_model():
    # Li(CB9H10)0.7(CB11H12)0.3: one σ, 6.7e-3 S/cm measured at 25 °C (Pang et al. 2022,
    # Table 1, ref. [104]), so no σ(T) model; the limits use it, as cell simulate does
    from hydrion.errors import MissingDataError
    from hydrion.kb import open_kb

    kb = open_kb()
    electrolyte = kb.material("Li(CB9H10)0.7(CB11H12)0.3")
    # the density only sets the composite's electrolyte share: a test input, not a literature value
    design = StackDesign.default("tis2", electrolyte.id, "li", electrolyte_density_g_per_cm3=1.0)
    resolved = resolve(design, kb)
    limits = rate_limits(resolved, electrolyte, 298.15)
    assert limits.sigma_S_per_cm == pytest.approx(6.7e-3)
    separator_cm = ionic_path(resolved).separator_thickness_cm
    assert limits.separator_asr_ohm_cm2 == pytest.approx(separator_cm / 6.7e-3)
    assert limits.sigma_status.startswith("measured at 25 °C, no model")
    assert limits.lowest_temperature_K is None
    assert any("lowest temperature for 1 C is not computed" in w for w in limits.warnings)
    with pytest.raises(MissingDataError):  # nothing measured at 60 °C
        rate_limits(resolved, electrolyte, 333.15)


def test_a_sigma_known_only_as_a_bound_is_flagged(resolved, run_cli, made_up_electrolyte):
    # a made-up electrolyte with only "σ < 1e-4 S/cm at 25 °C": the limits are a best case
    bound = made_up_electrolyte((1e-4, "upper_bound"))
    limits = rate_limits(resolved, bound, 298.15)
    assert limits.sigma_bound == "upper_bound" and limits.sigma_S_per_cm == 1e-4
    assert "σ is only known as an upper bound: the rate limits are a best case" in limits.warnings
    code, out, _ = run_cli(
        "cell", "design", "--cathode", "tis2", "--anode", "li", "--electrolyte",
        "Li(CB9H10)0.7(CB11H12)0.3", "--temperature", "25 C", "--electrolyte-density", "1 g/cm3",
    )  # fmt: skip
    assert code == 0 and "At 25 °C: σ = 0.0067 S/cm (measured at 25 °C, no model)" in out


def test_the_lowest_temperature_carries_the_flags_of_its_own_law(resolved, libh4_material):
    # asked at 25 °C (Pnma), the 1 C temperature lies in the P63mc phase: the status, warnings
    # and sources of that law come with it (they were missing: only the 25 °C law's were given)
    limits = rate_limits(resolved, libh4_material, 298.15, allowed_drop_V=0.1)
    assert limits.lowest_temperature_K > 115 + 273.15
    assert limits.lowest_temperature_basis.startswith("P63mc law: ")
    assert (
        "one σ measurement (at 120 °C): at every other temperature σ is an extrapolation along "
        "the reported Ea = 0.53 eV" in limits.lowest_temperature_warnings
    )
    assert {"value": "Ea = 0.53 eV (P63mc)", "refs": [19], "kind": "review_text"} in (
        limits.sources
    )
