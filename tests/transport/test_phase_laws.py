"""The law of one phase is refused, never a crash, where the values it would rest on do not
determine it: the guard applies to the values actually fitted (after the primary source's
refit), and an ill-determined covariance gives no law (no square root of a negative)."""

import pytest

from hydrion.errors import MissingDataError
from hydrion.kb import open_kb
from hydrion.kb.records import Material
from hydrion.transport import conductivity_model, phase_laws
from hydrion.transport.sigma_model import ConflictingDataError
from hydrion.transport.sigma_points import data_point

USER = {"kind": "user", "citation": "nb 1"}
REVIEW = {"kind": "review_table", "refs": [19]}


def record(conductivities: list[dict]) -> Material:
    return Material.model_validate(
        {
            "id": "sing-1",
            "name": "Singular test",
            "kind": "electrolyte",
            "ions": ["Li"],
            "family": "test",
            "formula": "LiBH4",
            "conductivities": conductivities,
        }
    )


def sigma(value: float, temperature_C: float, source: dict) -> dict:
    return {"sigma_S_per_cm": value, "temperature_C": temperature_C, "source": source}


# the breaker's record: the review's two values disagree with the user's, and the user's one
# value alone (one temperature, no Ea) gives no law (was: LinAlgError 'Singular matrix')
SINGULAR = [sigma(1e-6, 25, USER), sigma(1e-3, 60, REVIEW), sigma(1e-9, 80, REVIEW)]


def test_one_primary_value_left_after_a_conflict_gives_no_law():
    with pytest.raises(ConflictingDataError) as info:
        conductivity_model(record(SINGULAR)).sigma(303.15)
    message = str(info.value)
    assert "the sources disagree beyond their precision" in message
    assert "the primary source(s) alone give no law either" in message
    assert "1 σ value(s) at one temperature and no activation energy" in message


# two user values 6e-9 K apart (one temperature), the review's disagreeing: the refit on the
# user's values was near-singular (was: ValueError 'math domain error' from sqrt(Var Ea) < 0)
NEAR_SINGULAR = [
    sigma(1e-6, -87.69541783408368, USER),
    sigma(8.698552509387542e-07, -87.69541783408368 + 6.13175837932588e-09, USER),
    sigma(1e-3, -87.69541783408368 + 35, REVIEW),
    sigma(1e-9, -87.69541783408368 + 55, REVIEW),
]


def test_near_singular_refit_gives_no_law():
    with pytest.raises(MissingDataError, match="2 σ value.s. at one temperature"):
        conductivity_model(record(NEAR_SINGULAR)).sigma(185.5)


def test_a_covariance_that_is_not_positive_definite_is_ill_determined(monkeypatch):
    """With the one-temperature guard off, the near-singular fit still gives no law: its
    covariance is flagged, not square-rooted."""
    monkeypatch.setattr(phase_laws, "ONE_TEMPERATURE_SPAN_K", 0.0)
    points = [data_point(record(NEAR_SINGULAR).conductivities[i]) for i in (0, 1)]
    fit = phase_laws._weighted_law(points, "sigma", None)
    assert isinstance(fit, str) and "ill-determined" in fit
    with pytest.raises(MissingDataError, match="ill-determined|at one temperature|not a plaus"):
        conductivity_model(record(NEAR_SINGULAR)).sigma(185.5)


def test_two_temperatures_still_make_a_law_after_the_refit():
    """The guard leaves a determined refit alone: two user values on a line, the review's
    value far off it, give the line through the user's values."""
    material = record([sigma(1e-5, 30, USER), sigma(1e-3, 100, USER), sigma(1e-9, 60, REVIEW)])
    result = conductivity_model(material).sigma(60 + 273.15)
    assert 1e-5 < result.sigma_S_per_cm < 1e-3
    assert any("left out of the law" in w for w in result.warnings)


def test_sigma_cli_refuses_the_record_in_one_line(run_cli, tmp_path):
    open_kb().add_records([record(SINGULAR)])
    code, out, err = run_cli("sigma", "sing-1", "-T", "30C")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("hydrion: error: ")
    assert "alone give no law either" in err


def test_a_prefactor_beyond_floating_point_gives_no_law():
    """σ = 1 S/cm at 16.15 K with a reported Ea of 1 eV: ln σ0 = 1 eV / (k·16.15 K) = 718.5
    (was: OverflowError)."""
    user = {"kind": "user", "citation": "made up"}
    material = Material.model_validate(
        {
            "id": "huge",
            "name": "Huge prefactor",
            "kind": "electrolyte",
            "ions": ["Li"],
            "family": "test",
            "formula": "LiBH4",
            "conductivities": [sigma(1.0, -257, user)],
            "activation_energies": [{"Ea_eV": 1.0, "convention": "sigma", "source": user}],
        }
    )
    with pytest.raises(MissingDataError, match=r"prefactor σ0 = e\^718\.5 "):
        conductivity_model(material).sigma(16.15)
