"""Small made-up materials for the transport tests (values are test data, not literature)."""

import pytest

from hydrion.kb.records import Material


def make_material(**fields) -> Material:
    """An electrolyte record with a user source on every value."""
    source = {"citation": "test data", "kind": "user"}
    for key in ("conductivities", "activation_energies", "phase_transitions"):
        fields[key] = [{**item, "source": source} for item in fields.get(key, [])]
    return Material.model_validate(
        {
            "id": "test-x",
            "name": "TestX",
            "kind": "electrolyte",
            "ions": ["Na"],
            "family": "closo-borate",
            "formula": "Na2B12H12",
            **fields,
        }
    )


@pytest.fixture
def material_factory():
    """Build a test electrolyte from lists of value dicts (sources added)."""
    return make_material


@pytest.fixture
def hysteretic() -> Material:
    """Two phases, transition 250 °C on heating and 200 °C on cooling, one σ + Ea each."""
    return make_material(
        conductivities=[
            {"sigma_S_per_cm": 1e-7, "temperature_C": 100, "phase": "monoclinic"},
            {"sigma_S_per_cm": 1e-2, "temperature_C": 260, "phase": "cubic"},
        ],
        activation_energies=[
            {"Ea_eV": 0.8, "phase": "monoclinic", "convention": "sigmaT"},
            {"Ea_eV": 0.4, "phase": "cubic", "T_min_C": 200, "T_max_C": 300},
        ],
        phase_transitions=[
            {
                "temperature_C": 250,
                "direction": "heating",
                "low_T_phase": "monoclinic",
                "high_T_phase": "cubic",
            },
            {
                "temperature_C": 200,
                "direction": "cooling",
                "low_T_phase": "monoclinic",
                "high_T_phase": "cubic",
            },
        ],
    )
