"""Reaction balancing and formatting on pymatgen."""

import pytest

from hydrion.chem.reactions import (
    balance,
    cancel_spectators,
    format_reaction,
    parse_reaction,
    reaction_energy_kJ,
)
from hydrion.errors import InputError


def test_balance_with_pymatgen():
    left, right = balance(["NaAlH4", "Li"], ["LiNa2AlH6", "Al", "LiH"], ("NaAlH4", 2))
    # Reaction (8) of the review: 2NaAlH4 + 3Li -> LiNa2AlH6 + Al + 2LiH
    assert left == pytest.approx({"NaAlH4": 2, "Li": 3})
    assert right == pytest.approx({"LiNa2AlH6": 1, "Al": 1, "LiH": 2})


def test_parse_checks_given_coefficients():
    left, right = parse_reaction("3LiAlH4 + 6Li -> Li3AlH6 + 2Al + 6LiH")
    assert left == {"LiAlH4": 3, "Li": 6} and right["LiH"] == 6
    with pytest.raises(InputError, match="not balanced"):
        parse_reaction("LiAlH4 + 2Li -> 4LiH + Al")
    with pytest.raises(InputError, match="arrow"):
        parse_reaction("MgH2 + Li")


def test_parse_without_coefficients_balances():
    left, right = parse_reaction("MgH2 + Li -> Mg + LiH")
    assert left == pytest.approx({"MgH2": 1, "Li": 2}) and right["LiH"] == pytest.approx(2)


def test_format_and_spectators():
    left, right = cancel_spectators({"Li3AlH6": 2 / 3, "Al": 1 / 3, "Li": 2}, {"LiH": 4, "Al": 1})
    assert format_reaction(left, right) == "Li3AlH6 + 3Li -> 6LiH + Al"
    assert format_reaction({"Mg": 1, "Li": 0.35}, {"MgLi0.35": 1}) == "Mg + 0.35 Li -> MgLi0.35"


def test_reaction_energy():
    energies = {"MgH2": -75.3, "Li": 0.0, "Mg": 0.0, "LiH": -90.5}
    delta = reaction_energy_kJ({"MgH2": 1, "Li": 2}, {"Mg": 1, "LiH": 2}, energies.__getitem__)
    assert delta == pytest.approx(-105.7)


def test_balancing_with_an_element_without_electronegativity_gives_no_pymatgen_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pymatgen's 'No Pauling electronegativity for Og'
        left, right = balance(["OgH2", "Li"], ["LiH", "Og"], ("OgH2", 1.0))
    assert left["Li"] == pytest.approx(2.0) and right["Og"] == pytest.approx(1.0)
