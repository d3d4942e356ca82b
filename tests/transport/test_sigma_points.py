"""A stored σ is written with its precision wherever it is printed: a bound never as σ = x."""

import pytest

from hydrion.errors import MissingDataError
from hydrion.kb import open_kb
from hydrion.transport import sigma_at


def test_a_bound_in_a_refusal_is_written_as_a_bound():
    # Mg(BH4)2 at RT: "<1e-10 S/cm" [30] and ~1e-12 S/cm [65] (Pang et al. 2022, Table 1)
    with pytest.raises(MissingDataError) as caught:
        sigma_at("Mg(BH4)2", 298.15)
    message = str(caught.value)
    assert "σ < 1e-10 S/cm at RT [30] is a bound, not used in the model" in message
    assert "σ ~ 1e-12 S/cm at RT (order of magnitude) [65]" in message
    assert "σ = 1e-10" not in message and "a upper" not in message


def test_a_stored_lower_bound_is_listed_beside_the_model():
    # Li4(BH4)3I: ">1e-5 S/cm at RT" [31], a lower bound no law uses; it is stored here
    result = sigma_at("Li4(BH4)3I", 298.15, kb=open_kb())
    assert "σ > 1e-05 S/cm at RT" in [entry["value"] for entry in result.stored]
    assert "σ > 1e-05 S/cm at RT [31] is a bound, not used in the model" in result.warnings
    # at 30 °C only the measured 2e-4 S/cm [31, 73, 79] is stored there
    hot = sigma_at("Li4(BH4)3I", 303.15)
    assert [entry["value"] for entry in hot.stored] == ["σ = 0.0002 S/cm at 30 °C"]
