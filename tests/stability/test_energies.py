"""Energy conventions of the bundled table (hydrion.stability.energies)."""

import pytest

from hydrion.chem.thermo import lookup
from hydrion.constants import KJ_PER_MOL_PER_EV
from hydrion.stability.energies import phase_energy


def test_gibbs298_from_dHf_and_S_and_enthalpy_uses_dHf():
    entry = lookup("LiBH4")  # CRC Handbook: ΔfH = -190.8 kJ/mol, S° 75.9; Li 29.1, B 5.9, H2 130.68
    assert phase_energy(entry, "enthalpy").energy_eV * KJ_PER_MOL_PER_EV == pytest.approx(-190.8)
    dS = 75.9 - 29.1 - 5.9 - 2 * 130.68
    gibbs = phase_energy(entry, "gibbs298").energy_eV * KJ_PER_MOL_PER_EV
    assert gibbs == pytest.approx(-190.8 - 298.15 * dS / 1000)
    assert gibbs == pytest.approx(-125.0, abs=0.2)  # the CRC's own ΔfG, to its rounding


def test_one_gibbs_path_and_diatomic_halogens():
    from hydrion.chem.thermo import elements_entropy_J_per_K, formation_gibbs_kJ_per_mol

    # I2 and Br2 are molecules: S°(LiI elements) = S°(Li) + ½ S°(I2, s) = 29.1 + 116.1/2 (CRC)
    assert elements_entropy_J_per_K("LiI") == pytest.approx(29.1 + 116.1 / 2)
    assert elements_entropy_J_per_K("LiBr") == pytest.approx(29.1 + 152.2 / 2)
    # the stability module's gibbs298 is the chem.thermo value, estimated or not
    for formula in ("LiBH4", "Li2B12H12", "MgH2"):
        entry = lookup(formula)
        kj, estimated = formation_gibbs_kJ_per_mol(entry)
        energy = phase_energy(entry, "gibbs298")
        assert energy.energy_eV * KJ_PER_MOL_PER_EV == pytest.approx(kj)
        assert energy.estimated == estimated


def test_gibbs298_without_entropy_counts_the_bound_H2_and_is_flagged():
    entry = lookup("Li2B12H12")  # no S tabulated: ΔfS ≈ -6 S°(H2)
    energy = phase_energy(entry, "gibbs298")
    s_h2 = lookup("H2").S_J_per_mol_K
    expected = entry.dHf_kJ_per_mol + 298.15 * 6 * s_h2 / 1000
    assert energy.energy_eV * KJ_PER_MOL_PER_EV == pytest.approx(expected)
    assert energy.estimated
