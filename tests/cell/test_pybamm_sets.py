"""The review's cells as PyBaMM parameter sets, found by name through the entry point."""

from importlib.metadata import entry_points

import pytest

pybamm = pytest.importorskip("pybamm")

from hydrion.cell.pybamm_sets import parameter_values, registered_names  # noqa: E402
from hydrion.cell.review_cases import review_cell_runs  # noqa: E402
from hydrion.errors import UnknownRecordError  # noqa: E402
from hydrion.transport import sigma_at  # noqa: E402


def test_every_review_case_is_registered_in_pyproject():
    registered = {ep.name for ep in entry_points(group="pybamm_parameter_sets")}
    assert set(registered_names()) <= registered
    assert len(registered_names()) == len(review_cell_runs())


def test_pybamm_loads_a_review_cell_by_name():
    values = pybamm.ParameterValues("hydrion_tis2_libh4")
    # TiS2 | LiBH4 | Li is calibrated at 120 °C: σ(LiBH4, 393.15 K) from the KB's law, in S/m
    sigma = sigma_at("LiBH4", 393.15).sigma_S_per_cm
    assert values["Electrolyte conductivity [S.m-1]"] == pytest.approx(sigma * 100, rel=1e-9)
    assert values["Ambient temperature [K]"] == pytest.approx(393.15)
    case = next(c for c in review_cell_runs() if c.slug == "tis2-libh4")
    fitted = case.calibrations[0].diffusivity_m2_per_s
    assert values["Positive particle diffusivity [m2.s-1]"] == pytest.approx(fitted)
    assert values["Cation transference number"] == 1.0


def test_unknown_case_and_temperature_are_refused():
    with pytest.raises(UnknownRecordError, match="no review cell case"):
        parameter_values("nope")
    with pytest.raises(UnknownRecordError, match="calibrated at"):
        parameter_values("tis2-libh4", temperature_C=25)


@pytest.mark.slow
def test_a_named_set_simulates_a_discharge():
    values = pybamm.ParameterValues("hydrion_tis2_libh4")
    model = pybamm.lithium_ion.DFN({"working electrode": "positive"})
    values["Current function [A]"] = values["Nominal cell capacity [A.h]"] * 0.1
    solution = pybamm.Simulation(model, parameter_values=values).solve([0, 36000])
    voltage = solution["Voltage [V]"].entries
    assert voltage[0] > voltage[-1] >= values["Lower voltage cut-off [V]"] - 0.01
    # a 0.1 C discharge delivers most of the nominal capacity
    delivered = solution["Discharge capacity [A.h]"].entries[-1]
    assert 0.5 < delivered / values["Nominal cell capacity [A.h]"] < 1.05
