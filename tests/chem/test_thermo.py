"""The thermochemistry table: sourced entries, derived enthalpies, conventions, Shomate."""

import pytest

from hydrion.chem.thermo import (
    lookup,
    no_thermo_data,
    phase_energy_kJ_per_mol,
    shomate_H_minus_H298_kJ,
    shomate_S_J_per_mol_K,
    thermo_table,
)
from hydrion.errors import MissingDataError


def test_every_entry_has_a_source():
    assert all(entry.source for entry in thermo_table().values())


def test_handbook_values():
    # CRC Handbook: ΔfH(MgH2) = −75.3 kJ/mol, S° = 31.1 J/mol/K; ΔfH(LiH) = −90.5 kJ/mol
    assert lookup("MgH2").dHf_kJ_per_mol == pytest.approx(-75.3)
    assert lookup("MgH2").S_J_per_mol_K == pytest.approx(31.1)
    assert lookup("LiH").dHf_kJ_per_mol == pytest.approx(-90.5)


def test_derived_hexa_alanates():
    # Na3AlH6 -> 3NaH + Al + 1.5H2 at 47 kJ/mol H2 (Bogdanovic et al. 2000):
    # ΔfH = 3(−56.3) − 1.5·47 = −239.4 kJ/mol
    assert lookup("Na3AlH6").dHf_kJ_per_mol == pytest.approx(-239.4)
    # LiNa2AlH6 at 53.0 kJ/mol H2 [140]: −90.5 + 2(−56.3) − 1.5·53 = −282.6 kJ/mol
    assert lookup("LiNa2AlH6").dHf_kJ_per_mol == pytest.approx(-282.6)


def test_shomate_of_h2_reproduces_its_entropy():
    entry = lookup("H2", "g")
    assert shomate_S_J_per_mol_K(entry.shomate, 298.15) == pytest.approx(130.68, abs=0.01)
    assert shomate_H_minus_H298_kJ(entry.shomate, 298.15) == pytest.approx(0, abs=1e-3)
    # NIST-JANAF: H(500 K) − H(298.15 K) = 5.88 kJ/mol for H2
    assert shomate_H_minus_H298_kJ(entry.shomate, 500) == pytest.approx(5.88, abs=0.02)


def test_conventions():
    entry = lookup("MgH2")
    assert phase_energy_kJ_per_mol(entry, "enthalpy") == pytest.approx(-75.3)
    assert phase_energy_kJ_per_mol(entry, "gibbs298") == pytest.approx(-75.3 - 298.15 * 0.0311)
    # Li3AlH6 has no S°: estimated as 3 S°(Li) + S°(Al) = 3·29.1 + 28.3 J/(mol·K) (CRC)
    estimate = lookup("Li3AlH6")
    assert phase_energy_kJ_per_mol(estimate, "gibbs298") == pytest.approx(
        estimate.dHf_kJ_per_mol - 298.15 * (3 * 29.1 + 28.3) / 1e3
    )


def test_missing_phase_is_named_with_the_data_it_needs():
    # was: "add it to hydrion/chem/data/thermo/" (inside the installed package)
    with pytest.raises(MissingDataError) as caught:
        lookup("CaAlH5")
    assert str(caught.value) == (
        "no thermodynamic data for CaAlH5 (hydrion's thermochemistry table): needed its "
        "standard enthalpy of formation ΔfH° at 298.15 K, and its entropy S° or ΔfG° for the "
        "gibbs298 convention, each with its source"
    )
    with pytest.raises(MissingDataError) as caught:
        lookup("K")
    assert str(caught.value).endswith(
        "(hydrion's thermochemistry table): needed its standard entropy S° at 298.15 K with its "
        "source (its ΔfH° is 0)"
    )


def test_stability_commands_say_how_to_give_energies(run_cli):
    code, out, err = run_cli("window", "LiCB11H12")
    assert code == 2 and out == ""
    assert err.strip() == (
        "hydrion: error: "
        + no_thermo_data("LiCB11H12", "bundled table, enthalpy")
        + "; give your own in a JSON file (--energies FILE: formation energies or pymatgen "
        "entries, with their source)"
    )
    assert "chem/data" not in err


def test_derived_phase_may_be_a_product():
    # Ohba 2006: LiBH4 -> 1/12 Li2B12H12 + 5/6 LiH + 13/12 H2 at 56 kJ/mol H2 (DFT), with the
    # CRC ΔfH of LiBH4 (−190.8) and LiH (−90.5): ΔfH = 12(−190.8 + 13/12·56 + 5/6·90.5)
    entry = lookup("Li2B12H12")
    assert entry.dHf_kJ_per_mol == pytest.approx(12 * (-190.8 + 13 / 12 * 56 + 5 / 6 * 90.5))
    assert entry.energy_basis == "dft_anchored"


def test_a_calculated_value_states_its_basis():
    from pydantic import ValidationError

    from hydrion.chem.thermo import ThermoEntry

    with pytest.raises(ValidationError, match="basis"):
        ThermoEntry.model_validate(
            {
                "formula": "NaH",
                "dHf_kJ_per_mol": -50,
                "source": {"kind": "calculation", "citation": "x"},
            }
        )
    assert lookup("Na2B12H12").energy_basis == "dft_formation"
    assert lookup("LiBH4").energy_basis == "experiment"


def test_gibbs298_at_298_k_is_formation_gibbs_minus_element_entropies():
    from hydrion.chem.thermo import elements_entropy_J_per_K, formation_gibbs_kJ_per_mol

    entry = lookup("LiBH4")
    gibbs, estimated = formation_gibbs_kJ_per_mol(entry)
    apparent = gibbs - 298.15 * elements_entropy_J_per_K("LiBH4") / 1e3
    assert phase_energy_kJ_per_mol(entry, "gibbs298") == pytest.approx(apparent)
    assert phase_energy_kJ_per_mol(entry, "gibbs298") == pytest.approx(-190.8 - 298.15 * 0.0759)
    assert not estimated


@pytest.mark.parametrize(
    ("formula", "dGf_crc"),
    [("LiF", -587.7), ("LiCl", -384.4), ("LiBr", -342.0), ("LiI", -270.3), ("NaBr", -349.0)],
)
def test_formation_gibbs_with_diatomic_halogen_standard_states(formula, dGf_crc):
    # ΔfG = ΔfH − T(S° − S°(metal) − ½ S°(X2)), with F2, Cl2 gases, Br2 liquid and I2 solid as
    # molecules, reproduces the CRC Handbook's own tabulated ΔfG to its rounding. Counting
    # Br or I as atoms with the S° of X2 would be off by ½·T·S°(X2) ≈ 17-23 kJ/mol.
    from hydrion.chem.thermo import element_standard_formula, formation_gibbs_kJ_per_mol

    gibbs, estimated = formation_gibbs_kJ_per_mol(lookup(formula))
    assert gibbs == pytest.approx(dGf_crc, abs=0.3)
    assert not estimated
    assert [element_standard_formula(x) for x in ("Li", "H", "Br", "I")] == [
        "Li",
        "H2",
        "Br2",
        "I2",
    ]


def test_standard_states_of_bromine_and_iodine():
    # Br2 is a liquid and I2 a solid at 298.15 K, 1 bar; their S° is per mole of X2 (CRC)
    from hydrion.chem.thermo import elements_entropy_J_per_K

    assert lookup("Br2").state == "l" and lookup("I2").state == "s"
    # NaBr: S°(Na) + ½ S°(Br2, l) = 51.3 + 152.2/2; MgI2: S°(Mg) + S°(I2, s) = 32.7 + 116.1
    assert elements_entropy_J_per_K("NaBr") == pytest.approx(51.3 + 152.2 / 2)
    assert elements_entropy_J_per_K("MgI2") == pytest.approx(lookup("Mg").S_J_per_mol_K + 116.1)


def test_missing_entropy_is_estimated_and_flagged():
    # Li2B12H12 has no S°: ΔfS ≈ −6 S°(H2); S° ≈ 2 S°(Li) + 12 S°(B), every solid entropy
    # taken to cancel (the method of ENTROPY_ESTIMATE), and the flag says so
    from hydrion.chem.thermo import entropy_J_per_mol_K, formation_gibbs_kJ_per_mol

    entry = lookup("Li2B12H12")
    entropy, estimated = entropy_J_per_mol_K(entry)
    assert estimated
    assert entropy == pytest.approx(2 * 29.1 + 12 * lookup("B").S_J_per_mol_K)
    gibbs, flagged = formation_gibbs_kJ_per_mol(entry)
    assert flagged
    s_h2 = 130.68  # S°(H2, g), J/(mol·K), CODATA / NIST-JANAF
    assert gibbs == pytest.approx(entry.dHf_kJ_per_mol + 298.15 * 6 * s_h2 / 1e3)
    assert entropy_J_per_mol_K(lookup("LiBH4")) == (75.9, False)


def test_li3n_entropy_is_the_calorimetric_one():
    """S°(Li3N) = 62.59 J/(mol K) (adiabatic calorimetry, 1978), no longer the estimate
    3·S°(Li) = 87.3; with the elements' S° it gives the paper's ΔfS = −120.46 ± 0.54 J/(mol K)."""
    from hydrion.chem.thermo import elements_entropy_J_per_K, entropy_J_per_mol_K, lookup

    entropy, estimated = entropy_J_per_mol_K(lookup("Li3N", "s"))
    assert not estimated
    assert entropy == 62.59
    assert entropy - elements_entropy_J_per_K("Li3N") == pytest.approx(-120.46, abs=0.6)
