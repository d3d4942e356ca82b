import pytest

from hydrion.errors import InputError
from hydrion.transport import (
    carrier_concentration_per_cm3,
    diffusivity_from_sigma,
    sigma_from_diffusivity,
)


def test_carrier_concentration_of_libh4():
    # LiBH4, 0.666 g/cm³ (test value), M = 21.78 g/mol: n = ρ·N_A/M = 1.84e22 cm⁻³
    n = carrier_concentration_per_cm3("LiBH4", 0.666, "Li")
    assert n == pytest.approx(0.666 * 6.02214076e23 / 21.784, rel=1e-3)
    assert carrier_concentration_per_cm3("Li2B12H12", 1.0, "Li") > 0
    with pytest.raises(InputError):
        carrier_concentration_per_cm3("NaBH4", 1.0, "Li")


def test_round_trip_and_haven_ratio():
    n = 1e22
    D = diffusivity_from_sigma(1e-3, 300.0, n)
    assert sigma_from_diffusivity(D, 300.0, n) == pytest.approx(1e-3)
    # σ = n e² D / (k T): 1e22 · (1.602e-19)² · D / (1.381e-23 · 300) = 1e-3 S/cm
    assert pytest.approx(1e-3 * 1.380649e-23 * 300 / (n * 1.602176634e-19**2), rel=1e-9) == D
    assert diffusivity_from_sigma(1e-3, 300.0, n, haven_ratio=0.5) == pytest.approx(D / 2)
    assert diffusivity_from_sigma(1e-3, 300.0, n, ion="Mg") == pytest.approx(D / 4)


def test_quantities_and_arrays():
    import numpy as np
    import pint

    u = pint.get_application_registry()
    plain = sigma_from_diffusivity(1e-8, 300.0, 1e22)
    same = sigma_from_diffusivity(
        u.Quantity(1e-12, "m**2/s"), u.Quantity(26.85, "degC"), u.Quantity(1e28, "m**-3")
    )
    assert same == pytest.approx(plain)
    grid = sigma_from_diffusivity(np.array([1e-8, 2e-8]), 300.0, 1e22)
    assert grid == pytest.approx([plain, 2 * plain])
