"""Every numeric field of every record is bounded, and a value beyond is refused in one line."""

from __future__ import annotations

import copy
import typing

import pytest
from pydantic import BaseModel

from hydrion.errors import RecordValidationError
from hydrion.kb.cell_records import Cell
from hydrion.kb.record_files import parse_record
from hydrion.kb.records import Material

USER = {"kind": "user", "citation": "test"}
# A material and a cell holding every kind of value with every optional field, all valid.
MATERIAL = {
    "id": "every-field",
    "name": "LiBH4",
    "kind": "electrolyte",
    "ions": ["Li"],
    "family": "BH4",
    "formula": "LiBH4",
    "components": [{"name": "LiBH4", "formula": "LiBH4", "amount": 50.0, "unit": "mol%"}],
    "conductivities": [{"sigma_S_per_cm": 1e-3, "temperature_C": 120.0, "source": USER}],
    "activation_energies": [
        {"Ea_eV": 0.5, "T_min_C": 20.0, "T_max_C": 100.0, "source": USER},
    ],
    "phase_transitions": [{"temperature_C": 110.0, "source": USER}],
    "windows": [{"low_V": 0.0, "high_V": 5.0, "method": "experimental", "source": USER}],
    "critical_current_densities": [
        {"ccd_mA_per_cm2": 1.0, "temperature_C": 25.0, "source": USER},
    ],
    "transference_numbers": [{"t_plus": 0.99, "temperature_C": 25.0, "source": USER}],
    "hydrogen_contents": [{"wt_percent": 18.5, "source": USER}],
    "theoretical_capacities": [{"capacity_mAh_per_g": 2000.0, "source": USER}],
    "voltages": [{"voltage_V": 0.5, "source": USER}],
    "potential_ranges": [{"low_V": 0.1, "high_V": 1.0, "source": USER}],
    "densities": [{"density_g_per_cm3": 0.67, "source": USER}],
    "ion_storage": [{"ions_per_formula": 2.0, "ion": "Li", "source": USER}],
}
CELL = {
    "id": "every-field-cell",
    "cathode": "tis2",
    "electrolyte": "libh4",
    "anode": "li",
    "ion": "Li",
    "voltage_low_V": 1.6,
    "voltage_high_V": 2.7,
    "performance": [
        {
            "capacity_mAh_per_g": 205.0,
            "cycle": 2,
            "temperature_C": 120.0,
            "c_rate": 0.2,
            "current_density_mA_per_cm2": 0.1,
            "specific_current_mA_per_g": 20.0,
            "retention_percent": 95.0,
            "retention_cycles": 300,
            "coulombic_efficiency_percent": 99.0,
            "source": USER,
        }
    ],
}


def _numeric_paths(data, path=()):
    """(path, value) of every number in a raw record."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numeric_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _numeric_paths(value, (*path, index))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield path, data


def _numeric_fields(model: type[BaseModel], seen: set) -> set[tuple[str, str]]:
    """(model, field) of every numeric field reachable from ``model``."""
    found: set[tuple[str, str]] = set()
    if model in seen:
        return found
    seen.add(model)
    for name, field in model.model_fields.items():
        for arg in _leaf_types(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found |= _numeric_fields(arg, seen)
            elif arg in (int, float):
                found.add((model.__name__, name))
    return found


def _leaf_types(annotation) -> list:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        return _leaf_types(args[0])
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _leaf_types(arg)]


def _set(record: dict, path: tuple, value) -> dict:
    changed = copy.deepcopy(record)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


def _model_field(record: dict, path: tuple) -> tuple[str, str]:
    """(model, field) a path of MATERIAL or CELL leads to."""
    model: type[BaseModel] = Cell if "cathode" in record else Material
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = next(
            arg
            for arg in _leaf_types(annotation)
            if isinstance(arg, type) and issubclass(arg, BaseModel)
        )
    return model.__name__, path[-1]


def test_the_samples_are_valid_and_hold_every_numeric_field():
    parse_record(MATERIAL, "t", 0)
    parse_record(CELL, "t", 0)
    covered = {_model_field(r, p) for r in (MATERIAL, CELL) for p, _ in _numeric_paths(r)}
    every = _numeric_fields(Material, set()) | _numeric_fields(Cell, set())
    every.discard(("Source", "refs"))  # checked against the review's reference list instead
    assert every - covered == set(), "a numeric field without a sample: give it a bound"


@pytest.mark.parametrize("record", [MATERIAL, CELL], ids=["material", "cell"])
@pytest.mark.parametrize("extreme", [1e300, -1e300, 10**30, -(10**30)])
def test_every_numeric_field_has_a_bound(record, extreme):
    for path, _ in _numeric_paths(record):
        with pytest.raises(RecordValidationError) as caught:
            parse_record(_set(record, path, extreme), "f.yaml", 0)
        message = str(caught.value)
        assert "\n" not in message
        assert str(path[-1]) in message, message
        assert "got" in message, message  # the value is named


@pytest.mark.parametrize(
    ("path", "value", "bound"),
    [
        (("windows", 0, "high_V"), 12.0, "less than or equal to 10"),
        (("windows", 0, "low_V"), -11.0, "greater than or equal to -10"),
        (("voltages", 0, "voltage_V"), 3000.0, "less than or equal to 10"),
        (("potential_ranges", 0, "high_V"), 20.0, "less than or equal to 10"),
        (("densities", 0, "density_g_per_cm3"), 30.0, "less than or equal to 25"),
        (("theoretical_capacities", 0, "capacity_mAh_per_g"), 4e4, "less than or equal to 30000"),
        (("critical_current_densities", 0, "ccd_mA_per_cm2"), 2e4, "less than or equal to 10000"),
        (("components", 0, "amount"), 150.0, "above 100 mol%"),
        (("windows", 0, "high_V"), "1:30", "not the text '1:30'"),
        (("densities", 0, "density_g_per_cm3"), "1_000", "not the text '1_000'"),
    ],
)
def test_beyond_a_bound_names_field_value_and_bound(path, value, bound):
    with pytest.raises(RecordValidationError, match=bound) as caught:
        parse_record(_set(MATERIAL, path, value), "f.yaml", 0)
    assert str(path[-1]) in str(caught.value) or "components" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("c_rate", 2000.0), ("cycle", 10**8), ("retention_cycles", True), ("voltage_low_V", -12.0)],
)
def test_cell_bounds(field, value):
    record = copy.deepcopy(CELL)
    if field in record:
        record[field] = value
    else:
        record["performance"][0][field] = value
    with pytest.raises(RecordValidationError, match=field):
        parse_record(record, "f.yaml", 0)
