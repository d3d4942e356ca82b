"""capacity_mAh_per_g reads the molar mass as a pint Quantity in any unit (issue 11)."""

import pint
import pytest

from hydrion.electrode.capacity import capacity_mAh_per_g
from hydrion.errors import UnitError

Q = pint.get_application_registry().Quantity


def test_molar_mass_in_any_unit():
    # MgH2 → Mg + 2LiH: 2 e⁻ per 26.32 g/mol, n·F/(3.6·M) = 2 · 96485.33 / (3.6 · 26.32)
    expected = 2 * 96485.33212 / (3.6 * 26.32)
    assert capacity_mAh_per_g(2, 26.32) == pytest.approx(expected)
    assert capacity_mAh_per_g(2, Q(0.02632, "kg/mol")) == pytest.approx(expected)
    assert capacity_mAh_per_g(2, Q(26.32, "g/mol")) == pytest.approx(2036.6, abs=0.05)
    with pytest.raises(UnitError, match="molar_mass.*g/mol"):
        capacity_mAh_per_g(2, Q(26.32, "g"))
