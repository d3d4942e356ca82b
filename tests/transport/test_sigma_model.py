"""A σ(T) model evaluated: phase by direction, status and extrapolation, thermal limits, grids."""

import math

import numpy as np
import pytest

from hydrion.errors import InputError, MissingDataError
from hydrion.kb import open_kb
from hydrion.transport import conductivity_model, sigma_at
from hydrion.transport.sigma_model import AboveThermalLimitError

C = 273.15


def test_hysteresis_follows_the_direction(hysteretic):
    model = conductivity_model(hysteretic)
    assert model.sigma(230 + C, "cooling").phase == "cubic"
    assert model.sigma(230 + C, "heating").phase == "monoclinic"
    default = model.sigma(230 + C)
    assert default.phase == "monoclinic" and any("hysteresis" in w for w in default.warnings)


def test_interpolated_only_between_the_data_extrapolated_beyond(hysteretic):
    """Issue 10 (referee point 4): the ±20 K margin only makes the warning louder; 10 K past
    the data is 'extrapolated by 10 K', never 'interpolated'."""
    model = conductivity_model(hysteretic)
    inside = model.sigma(280 + C)  # cubic data: 260 °C and the Ea range 200-300 °C
    assert inside.status == "interpolated" and inside.extrapolation_K == 0
    margin = model.sigma(310 + C)  # 10 K past the data, inside the 20 K margin
    assert margin.status == "extrapolated" and margin.extrapolation_K == pytest.approx(10.0)
    assert margin.status_text.startswith("extrapolated by 10 K (within the ±20 K margin)")
    assert not any("past the ±20 K margin" in w for w in margin.warnings)
    outside = model.sigma(330 + C)
    assert outside.status == "extrapolated"
    assert outside.extrapolation_K == pytest.approx(30.0)
    assert "beyond the ±20 K validity margin" in outside.status_text
    assert any("30 K beyond the data" in w for w in outside.warnings)
    low = model.sigma(25 + C)
    assert low.status == "extrapolated" and low.extrapolation_K == pytest.approx(75.0)
    assert "extrapolated by 75 K" in low.status_text


def test_validity_range_and_thermal_limit_of_libh4():
    model = conductivity_model(open_kb().material("LiBH4"))
    hot = model.laws["P63mc"]
    assert hot.validity_K == pytest.approx((120 + C, 140 + C))
    assert model.sigma(200 + C).status == "extrapolated"
    # Pang et al. 2022 section 2.2.4 [109]: LiBH4 decomposes above 280 °C
    with pytest.raises(AboveThermalLimitError, match="280 °C"):
        model.sigma(300 + C)


def test_bad_temperature_and_direction(hysteretic):
    model = conductivity_model(hysteretic)
    with pytest.raises(InputError):
        model.sigma(-5.0)
    with pytest.raises(InputError):
        model.sigma(300.0, "sideways")


def test_sigma_far_beyond_the_data_is_refused_not_printed_as_zero():
    # LiBH4's low-T law rests on 303–393 K data: at 1 K it gave 0.00e+00 S/cm
    with pytest.raises(MissingDataError, match="extrapolates at most 200 K"):
        sigma_at("LiBH4", 1.0)
    assert sigma_at("LiBH4", 250.0).status == "extrapolated"  # 53 K beyond: still given


def test_a_grid_carries_status_precision_and_warnings_of_each_point():
    # LiBH4 (Table 1, ref. [19]; order-of-magnitude values): the grid must flag each number as
    # the one-temperature result does, not drop status, precision and warnings
    kb = open_kb()
    temperatures_C = [25.0, 60.0, 150.0, 260.0]
    grid = sigma_at("LiBH4", np.array(temperatures_C) + C, kb=kb)
    for i, T_C in enumerate(temperatures_C):
        single = sigma_at("LiBH4", T_C + C, kb=kb)
        assert grid.sigma_S_per_cm[i] == pytest.approx(single.sigma_S_per_cm)
        assert grid.status[i] == single.status
        assert grid.precision[i] == single.precision == "order_of_magnitude"
        counted = [w for w in single.warnings if "beyond the data of this law" in w]
        assert set(single.warnings) - set(counted) <= set(grid.warnings)
    assert list(grid.status) == ["extrapolated", "interpolated", "extrapolated", "extrapolated"]
    # 150 and 260 °C: 30 and 140 K past the one P63mc measurement at 120 °C
    assert (
        "2 of 4 temperatures (P63mc) lie up to 140 K beyond the data of its law, past the "
        "±20 K margin where it is taken as valid: those values rest on the Arrhenius form "
        "holding that far"
    ) in grid.warnings


def test_a_grid_flags_the_hysteresis_and_the_phase_without_a_law(hysteretic):
    model = conductivity_model(hysteretic)
    grid = model.sigma_grid(np.array([100.0, 230.0]) + C)
    assert any(
        w.startswith("1 of 2 temperatures lie inside the thermal hysteresis") for w in grid.warnings
    )
    cooling = model.sigma_grid(230.0 + C, "cooling")
    assert cooling.warnings == model.sigma(230.0 + C, "cooling").warnings  # nothing counted
    # Na2B12H12: the P2_1/n phase below the 256 °C transition [92] has no law: NaN, said so
    kb = open_kb()
    na = sigma_at("Na2B12H12", np.array([100.0, 300.0]) + C, kb=kb)
    assert math.isnan(na.sigma_S_per_cm[0]) and na.status[0] == "" and na.precision[0] == ""
    assert "1 of 2 temperatures in the P2_1/n phase, which has no σ(T) law" in na.warnings[0]


def test_the_uncertainty_says_which_assumption_it_rests_on(hysteretic):
    model = conductivity_model(hysteretic)
    # at its value (260 °C) the cubic law's error is the floor of an 'exact' value, 0.05 decade
    at_data = model.sigma(260 + 273.15)
    assert at_data.sigma_err_log10 == pytest.approx(0.05)
    assert at_data.sigma_err_basis == (
        "assumed: hydrion's uncertainty for 'exact' values (the precision of a value stored "
        "without one), not from the source"
    )
    # 80 K beyond it the Ea prior's width (0.02 eV, widened by kT at 533 K for the unstated
    # convention: √(0.02² + 0.0459²) = 0.05 eV) carries the error above the floor
    beyond = model.sigma(620.0)
    assert beyond.sigma_err_log10 > 0.05
    assert beyond.sigma_err_basis == (
        "assumed: fit error from hydrion's uncertainty for 'exact' values (the precision of a "
        "value stored without one) and its ± 0.05 eV on the reported Ea, not from the source"
    )
