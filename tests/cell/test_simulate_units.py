"""The simulation helpers read temperatures and potentials as pint Quantities (issue 11)."""

import math

import numpy as np
import pint
import pytest

from hydrion.cell import parameters, review_cases, setups
from hydrion.errors import UnitError

simulate = pytest.importorskip("hydrion.cell.simulate")
Q = pint.get_application_registry().Quantity  # the user's own registry


def test_electrolyte_sigma_reads_celsius():
    sigma_K = parameters.electrolyte_sigma("LiBH4", 393.15)[0]
    assert parameters.electrolyte_sigma("LiBH4", Q(120, "degC"))[0] == pytest.approx(sigma_K)
    # 30 °C read as 30 K would be no conductivity at all; LiBH4 at 30 °C is ~1e-8 S/cm
    assert parameters.electrolyte_sigma("LiBH4", Q(30, "degC"))[0] > 1e-10
    with pytest.raises(UnitError, match="temperature_K"):
        parameters.electrolyte_sigma("LiBH4", Q(120, "V"))


def test_lattice_gas_ocp_reads_quantities():
    plain = simulate.lattice_gas_ocp(2.0, 298.15)(0.3).evaluate()
    # U = U0 + (RT/F)·ln((1−x)/x) at x = 0.3, 25 °C
    expected = 2.0 + 8.314462618 * 298.15 / 96485.33212 * math.log(0.7 / 0.3)
    assert float(np.squeeze(plain)) == pytest.approx(expected, rel=1e-6)
    converted = simulate.lattice_gas_ocp(Q(2000, "mV"), Q(25, "degC"))(0.3).evaluate()
    assert float(np.squeeze(converted)) == pytest.approx(expected, rel=1e-6)
    with pytest.raises(UnitError, match="plateau_V"):
        simulate.lattice_gas_ocp(Q(2, "A"), 298.15)


def test_capacity_at_and_calibrated_diffusivity_read_celsius():
    curve = setups.SimulatedCurve(
        "c", "discharge", 0.1, 393.15, np.array([0.0, 150.0]), np.array([2.0, 1.8]), 1e-3
    )
    assert review_cases.capacity_at([curve], 0.1, Q(120, "degC")) == pytest.approx(150.0)
    assert math.isnan(review_cases.capacity_at([curve], 0.1, Q(120, "K")))
    with pytest.raises(UnitError, match="temperature_K"):
        review_cases.calibrated_diffusivity("TiS2", Q(120, "m"))
