"""The stability API takes pint quantities, pymatgen Compositions and entries (issue 11, pt 1)."""

import pint
import pytest
from pymatgen.core import Composition
from pymatgen.entries.computed_entries import ComputedEntry

from hydrion.errors import InputError, UnitError
from hydrion.stability import bundled, compare_windows, compute_window, interface_reaction

U = pint.get_application_registry()


def test_potential_as_quantity_in_any_unit():
    in_volts = interface_reaction("LiBH4", "TiS2", bundled(), "Li", 2.7)
    in_millivolts = interface_reaction("LiBH4", "TiS2", bundled(), "Li", U.Quantity(2700, "mV"))
    assert in_millivolts.potential_V == pytest.approx(2.7)
    assert in_millivolts.energy_eV_per_atom == pytest.approx(in_volts.energy_eV_per_atom)
    assert interface_reaction("LiBH4", "TiS2", bundled(), "Li", "2.7 V").potential_V == 2.7


def test_wrong_dimension_names_the_argument():
    with pytest.raises(UnitError, match="potential_V"):
        interface_reaction("LiBH4", "TiS2", bundled(), "Li", U.Quantity(300, "K"))


def test_formula_as_composition():
    window = compute_window(Composition("Li2B12H12"), bundled(), "Li")
    assert window.formula == "Li2B12H12"
    assert window.reduction.voltage_V == pytest.approx(
        compute_window("Li2B12H12", bundled(), "Li").reduction.voltage_V
    )
    assert compare_windows(Composition("LiBH4")).computed[0].formula == "LiBH4"


def test_energies_as_entries():
    entries = [ComputedEntry("Li", -1.9), ComputedEntry("I2", -3.0), ComputedEntry("LiI", -5.9)]
    assert compute_window("LiI", entries, "Li").oxidation.voltage_V == pytest.approx(2.5)
    with pytest.raises(InputError):
        compute_window("LiI", "not entries", "Li")
