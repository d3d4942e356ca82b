import math

import numpy as np
import pytest

from hydrion.errors import InputError
from hydrion.transport import ArrheniusLaw, BOLTZMANN_eV_per_K, VFTLaw


def test_sigma_convention_follows_its_formula():
    law = ArrheniusLaw(Ea_eV=0.5, prefactor=1e3, convention="sigma")
    assert law.sigma(400.0) == pytest.approx(1e3 * math.exp(-0.5 / (BOLTZMANN_eV_per_K * 400)))


def test_sigmaT_convention_divides_by_T():
    law = ArrheniusLaw(Ea_eV=0.5, prefactor=1e5, convention="sigmaT")
    expected = 1e5 * math.exp(-0.5 / (BOLTZMANN_eV_per_K * 400)) / 400
    assert law.sigma(400.0) == pytest.approx(expected)
    assert law.prefactor_unit == "S K/cm"


@pytest.mark.parametrize("convention", ["sigma", "sigmaT"])
def test_law_through_point_passes_through_it(convention):
    law = ArrheniusLaw.through_point(350.0, 2e-4, 0.6, convention)
    assert law.sigma(350.0) == pytest.approx(2e-4)
    assert law.sigma(np.array([300.0, 350.0])).shape == (2,)


def test_vft_law_and_its_domain():
    law = VFTLaw(A_S_per_cm=1.0, B_K=1000.0, T0_K=200.0)
    assert law.sigma(300.0) == pytest.approx(math.exp(-10))
    assert law.apparent_Ea_eV(300.0) > 0
    with pytest.raises(InputError):
        law.sigma(150.0)
