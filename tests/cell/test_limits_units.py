"""required_sigma_S_per_cm reads the allowed drop as a pint Quantity (issue 11)."""

import pint
import pytest

from hydrion.cell.limits import IonicPath, required_sigma_S_per_cm
from hydrion.errors import UnitError

Q = pint.get_application_registry().Quantity


def test_allowed_drop_in_millivolts():
    # dense 0.05 cm separator only (no composite: φ = 1, L_pos = 0), 2 mAh/cm² at 1 C:
    # j = 2e-3 A/cm², σ = j·L/ΔV = 2e-3 · 0.05 / 0.1 = 1e-3 S/cm
    path = IonicPath(0.05, 0.0, 1.0, 2.0, 1.5)
    assert required_sigma_S_per_cm(path, 1.0, 0.1) == pytest.approx(1e-3)
    assert required_sigma_S_per_cm(path, 1.0, Q(100, "mV")) == pytest.approx(1e-3)
    with pytest.raises(UnitError, match="allowed_drop_V.*V"):
        required_sigma_S_per_cm(path, 1.0, Q(100, "mA"))
    with pytest.raises(UnitError, match="allowed_drop_V"):
        required_sigma_S_per_cm(path, 1.0, 0.0)
