"""A spectrum's inductive top and the starting values of a circuit fit."""

import numpy as np
import pytest

from hydrion.experiment.eis_circuits import Circuit
from hydrion.experiment.eis_shape import inductive_artefacts, inductive_points, starting_points


def test_inductor_starts_from_im_z_over_omega_in_henry():
    model = Circuit("L0-R0-p(R1,CPE1)-CPE2")
    true = [4e-7, 11.0, 100.0, 1e-5, 0.8, 1e-3, 0.7]
    f = np.logspace(6, 0, 40)
    Z = model(true, f)
    assert inductive_points(Z) > 0
    start = starting_points(model, f, Z, 1)[0]
    # Im Z/ω at the top frequency: the inductor plus the (small) capacitive part there
    assert start[0] == pytest.approx(Z.imag[0] / (2 * np.pi * f[0]))
    assert 1e-7 < start[0] < 1e-6
    assert start[1] == pytest.approx(11.0, rel=0.1)  # R0 from the first capacitive point


def test_only_inductive_points_off_the_first_arcs_z_real_are_artefacts():
    # Z′ = 1.1 Ω at the top is far from the 9.2 Ω of the first capacitive point (beyond
    # ARTEFACT_DEPARTURE = 0.5 of it); 9.3 Ω is a lead inductance's point
    Z = np.array([1.1 + 5j, 9.3 + 1j, 9.2 - 0.5j, 20 - 10j])
    assert inductive_points(Z) == 2
    assert inductive_artefacts(Z) == 1
    assert inductive_artefacts(Z[1:]) == 0
    assert inductive_artefacts(Z[2:]) == 0  # no inductive point
    assert inductive_artefacts(Z[:2]) == 0  # no capacitive point


def test_starts_stay_finite_and_positive_without_a_resistive_arc():
    model = Circuit("R0-p(R1,CPE1)-CPE2")
    f = np.logspace(6, -1, 50)
    Z = 1 / (1j * 2 * np.pi * f * 1e-6)  # a pure capacitor: Z' = 0, no arc
    for start in starting_points(model, f, Z, 3):
        assert np.all(np.isfinite(start)) and np.all(start > 0)
        assert start[1] == pytest.approx(1e-6 * np.abs(Z).max())  # R1 at the floor
