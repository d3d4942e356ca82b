"""Records as text: precision marks, σ, measurement conditions, potential ranges."""

import pytest

from hydrion.kb.record_text import at_temperature, format_sigma, potential_limits


@pytest.mark.parametrize(
    ("precision", "listed", "stated"),
    [
        ("upper_bound", "<1e-10 S/cm", "σ < 1e-10 S/cm"),
        ("lower_bound", ">1e-10 S/cm", "σ > 1e-10 S/cm"),
        ("order_of_magnitude", "~1e-10 S/cm", "σ ~ 1e-10 S/cm"),
        ("exact", "1e-10 S/cm", "σ = 1e-10 S/cm"),
    ],
)
def test_one_formatter_writes_a_sigma_with_its_precision(precision, listed, stated):
    assert format_sigma(1e-10, precision) == listed
    assert format_sigma(1e-10, precision, stated=True) == stated


def test_condition_prefers_the_sources_wording_and_is_empty_without_one():
    assert at_temperature(25.0) == " at 25 °C"
    assert at_temperature(25.0, "RT") == " at RT"
    assert at_temperature(None) == ""


def test_an_open_potential_bound_is_not_written_as_a_negative():
    assert potential_limits(0.0, 5.0) == "0–5 V"
    assert potential_limits(None, 5.0) == "≤ 5 V"
    assert potential_limits(1.0, None) == "≥ 1 V"


def test_the_formatters_are_still_importable_from_records():
    from hydrion.kb import record_text, records

    assert records.format_sigma is record_text.format_sigma
    assert records.precision_mark is record_text.precision_mark
