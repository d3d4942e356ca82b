"""Derived formation enthalpies say how the quoted number was read (issue 10)."""

import pytest

from hydrion.electrode import analyse_electrode


def test_lina2alh6_reading_of_53_kj_is_visible_where_used(run_cli):
    # review [140]: "an optimal ΔH value (53.0 kJ mol-1)" for LiNa2AlH6, read per mol H2 of
    # LiNa2AlH6 -> LiH + 2NaH + Al + 1.5H2
    result = analyse_electrode("LiNa2AlH6", convention="enthalpy")
    (note,) = [n for n in result.energy_basis_notes if n.startswith("LiNa2AlH6")]
    assert "53 kJ per mol H2 released in LiNa2AlH6 -> LiH + 2NaH + Al + 1.5H2 [140]" in note
    assert list(result.as_dict()["energy_basis_notes"]) == list(result.energy_basis_notes)
    code, out, _ = run_cli("electrode", "LiNa2AlH6", "--convention", "enthalpy")
    assert code == 0
    flat = " ".join(out.split())
    assert "basis: LiNa2AlH6: ΔfH =" in flat and "53 kJ per mol H2 released" in flat


def test_derived_dhf_reproduces_the_quoted_reaction_enthalpy():
    from hydrion.chem.thermo import lookup

    # ΔrH = ΔfH(LiH) + 2ΔfH(NaH) − ΔfH(LiNa2AlH6) = 1.5 × 53.0 kJ
    dHr = (
        lookup("LiH").dHf_kJ_per_mol
        + 2 * lookup("NaH").dHf_kJ_per_mol
        - lookup("LiNa2AlH6").dHf_kJ_per_mol
    )
    assert dHr == pytest.approx(1.5 * 53.0)


def test_no_basis_note_where_the_energy_is_not_used():
    # gibbs298 needs an entropy LiNa2AlH6 lacks: its ΔfH is not used, so no note about it
    result = analyse_electrode("MgH2")
    assert result.energy_basis_notes == ()
