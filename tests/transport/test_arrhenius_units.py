"""The Arrhenius helpers read pint Quantities: 30 °C is 303.15 K, not 30 K (issue 11)."""

import math

import numpy as np
import pint
import pytest

from hydrion.errors import UnitError
from hydrion.transport import ArrheniusLaw, BOLTZMANN_eV_per_K
from hydrion.transport.arrhenius import inverse_kT, log_response

Q = pint.get_application_registry().Quantity  # the user's own registry


def test_inverse_kT_reads_celsius_and_arrays():
    assert inverse_kT(Q(30, "degC")) == pytest.approx(1 / (BOLTZMANN_eV_per_K * 303.15))
    grid = inverse_kT(Q([25.0, 125.0], "degC"))
    assert grid == pytest.approx(1 / (BOLTZMANN_eV_per_K * np.array([298.15, 398.15])))
    assert inverse_kT(303.15) == pytest.approx(38.2798, rel=1e-5)  # bare numbers are K
    with pytest.raises(UnitError, match="temperature_K"):
        inverse_kT(Q(30, "V"))


def test_log_response_reads_quantities():
    # ln(σT) at 1 mS/cm and 127 °C: ln(1e-3 · 400.15)
    assert log_response(Q(127, "degC"), Q(0.1, "S/m"), "sigmaT") == pytest.approx(
        math.log(1e-3 * 400.15)
    )
    with pytest.raises(UnitError, match="sigma_S_per_cm.*S/cm"):
        log_response(400.0, Q(1, "V"), "sigma")


def test_law_through_a_point_given_in_celsius():
    law = ArrheniusLaw.through_point(Q(30, "degC"), Q(1, "mS/cm"), 0.5, "sigma")
    assert law.sigma(303.15) == pytest.approx(1e-3)
    assert law.sigma(Q(30, "degC")) == pytest.approx(law.sigma(303.15))
