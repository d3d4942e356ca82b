"""Ohmic rate and temperature limits from σ(T)."""

import numpy as np
import pytest

from hydrion.cell.limits import ionic_path, limit_map, rate_limits
from hydrion.cell.stack import StackDesign, resolve
from hydrion.errors import InputError


@pytest.fixture
def resolved():
    return resolve(StackDesign.default("tis2", "libh4", "li"))


def test_separator_asr_is_thickness_over_sigma(resolved, libh4_model):
    limits = rate_limits(resolved, libh4_model, 393.15)
    assert limits.sigma_S_per_cm == pytest.approx(1e-3)  # ref [19] at 120 °C
    assert limits.separator_asr_ohm_cm2 == pytest.approx(0.05 / 1e-3)  # 500 µm / 1 mS/cm
    assert limits.total_asr_ohm_cm2 > limits.separator_asr_ohm_cm2


def test_drop_is_linear_in_rate_and_max_rate_meets_allowed_drop(resolved, libh4_model):
    limits = rate_limits(resolved, libh4_model, 393.15, c_rates=(0.1, 1.0), allowed_drop_V=0.1)
    assert limits.ohmic_drop_V[1] == pytest.approx(10 * limits.ohmic_drop_V[0])
    path = ionic_path(resolved)
    drop = limits.max_c_rate * path.areal_capacity_mAh_per_cm2 * 1e-3 * limits.total_asr_ohm_cm2
    assert drop == pytest.approx(0.1)


def _drop(resolved, model, T, c_rate):
    path = ionic_path(resolved)
    sigma = model.sigma(T).sigma_S_per_cm
    return c_rate * path.areal_capacity_mAh_per_cm2 * 1e-3 * path.effective_length_cm / sigma


def test_lowest_temperature_meets_the_allowed_drop(resolved, libh4_model):
    limits = rate_limits(resolved, libh4_model, 393.15, allowed_drop_V=0.1, lowest_for_c_rate=1.0)
    assert limits.lowest_temperature_K > 115 + 273.15  # inside the hexagonal phase
    drop = _drop(resolved, libh4_model, limits.lowest_temperature_K, 1.0)
    assert drop == pytest.approx(0.1, rel=1e-3)


def test_slow_rates_are_limited_by_the_phase_transition(resolved, libh4_model):
    # the orthorhombic phase cannot carry 0.1 C through 500 µm; the hexagonal one can
    limits = rate_limits(resolved, libh4_model, 393.15, allowed_drop_V=0.1, lowest_for_c_rate=0.1)
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


def test_bad_limits_input_is_refused(resolved, libh4_model):
    with pytest.raises(InputError):
        rate_limits(resolved, libh4_model, 393.15, c_rates=(-1.0,))
    with pytest.raises(InputError):
        limit_map(resolved, libh4_model, [300.0], [0.0])
