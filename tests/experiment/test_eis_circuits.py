"""Circuit strings: parsed and evaluated here exactly as impedance.py does."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hydrion.errors import InputError
from hydrion.experiment.eis_circuits import Circuit, with_series_inductor

F = np.logspace(6, -2, 25)
KINDS = {"R": [100.0], "C": [1e-6], "CPE": [1e-5, 0.8], "L": [1e-7], "W": [50.0], "Wo": [20.0, 5.0]}


@st.composite
def circuits(draw, depth=0, counter=None):
    counter = counter if counter is not None else [0]
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 2 and draw(st.booleans()):
            inner = [draw(circuits(depth + 1, counter)) for _ in range(2)]
            parts.append("p(" + ",".join(inner) + ")")
        else:
            counter[0] += 1
            parts.append(f"{draw(st.sampled_from(sorted(KINDS)))}{counter[0]}")
    return "-".join(parts)


@settings(max_examples=25, deadline=None)
@given(circuits())
@pytest.mark.filterwarnings("ignore")
def test_random_circuits_match_impedance_py(text):
    from impedance.models.circuits import CustomCircuit

    model = Circuit(text)
    reference = CustomCircuit(text, initial_guess=[1.0] * len(model.names))
    assert model.names == tuple(reference.get_param_names()[0])
    params = []
    for name in model.names:
        kind = name.split("_")[0].rstrip("0123456789")
        index = int(name.split("_")[1]) if "_" in name else 0
        params.append(KINDS[kind][index])
    expected = CustomCircuit(text, initial_guess=params).predict(F, use_initial=True)
    assert np.allclose(model(params, F), expected)


@pytest.mark.parametrize("text", ["R0-p(R1,", "R0-X1", "R0-R0", "R0--R1", "R0)", ""])
def test_bad_circuits_are_refused(text):
    with pytest.raises(InputError, match="cannot read circuit"):
        Circuit(text)


def test_parts_of_a_circuit():
    model = Circuit("L0-R0-p(R1,CPE1)-p(R2-Wo1,C2)-CPE3")
    assert model.arcs() == [("R1", "CPE1"), ("R2", "C2")]
    assert model.series_resistors() == ["R0"]
    assert model.inductors() == ["L0"]
    assert with_series_inductor("R0-p(R1,CPE1)") == "L0-R0-p(R1,CPE1)"
    assert with_series_inductor("L0-R0") == "L0-R0"
