"""Windows from the grand-potential phase diagram, compared with the review (Pang et al. 2022)."""

import json

import pytest

from hydrion.errors import InputError, MissingDataError
from hydrion.stability.energies import bundled
from hydrion.stability.window import compute_window


@pytest.fixture(scope="module")
def libh4():
    return {c: compute_window("LiBH4", bundled(c), "Li") for c in ("enthalpy", "gibbs298")}


def test_libh4_oxidation_limit_near_the_theoretical_value(libh4):
    # Review Table 1: LiBH4 0–1.8 V theoretical; text: 0.2–2 V calculated [23].
    assert libh4["enthalpy"].oxidation.voltage_V == pytest.approx(1.8, abs=0.15)
    assert set(libh4["enthalpy"].oxidation.products) == {"H2", "Li2B12H12"}


def test_libh4_is_reduced_to_lih(libh4):
    window = libh4["enthalpy"]
    assert 0.0 < window.reduction.voltage_V < window.oxidation.voltage_V
    assert "LiH" in window.reduction.products


def test_h2_entropy_narrows_the_window(libh4):
    # Releasing H2 gas gains T·S°(H2) ≈ 0.4 eV per H2 at 298 K, so oxidation comes earlier.
    assert libh4["gibbs298"].oxidation.voltage_V < libh4["enthalpy"].oxidation.voltage_V - 0.3


@pytest.mark.parametrize("convention", ["enthalpy", "gibbs298"])
def test_closo_borate_oxidises_later_than_borohydride(convention, libh4):
    closo = compute_window("Li2B12H12", bundled(convention), "Li")
    assert closo.oxidation.voltage_V > libh4[convention].oxidation.voltage_V + 0.5


def test_every_phase_at_the_limits_has_a_source(libh4):
    window = libh4["enthalpy"]
    for phase in (*window.oxidation.products, *window.reduction.products, "LiBH4"):
        if phase != "H2":
            assert phase in window.sources


def test_raw_dft_closo_borate_is_refused_with_its_reason():
    # Caputo 2010's 0 K DFT ΔfH does not mix with the handbook basis (issue 10, point 3)
    with pytest.raises(MissingDataError, match="raw 0 K DFT"):
        compute_window("Na2B12H12", bundled("enthalpy"), "Na")
    assert "Na(BH)6" in bundled("enthalpy").excluded  # pymatgen's reduced formula


def test_sodium_borohydride_against_sodium():
    window = compute_window("NaBH4", bundled("enthalpy"), "Na")
    assert window.oxidation.voltage_V > 0
    assert "Na2B12H12" not in window.sources


def test_own_value_brings_a_closo_borate_back(tmp_path):
    import json

    from hydrion.stability.user_energies import from_user_file

    path = tmp_path / "na.json"
    path.write_text(json.dumps([{"formula": "Na2B12H12", "dHf_kJ_per_mol": -600.0}]))
    window = compute_window("Na2B12H12", from_user_file(path), "Na")
    assert window.oxidation.voltage_V > 3
    assert window.sources["Na2B12H12"].kind == "user"


def test_unsupported_ion_and_missing_phase():
    with pytest.raises(InputError, match="unsupported ion"):
        compute_window("LiBH4", bundled("enthalpy"), "K")
    with pytest.raises(MissingDataError, match="Li4\\(BH4\\)3I"):
        compute_window("Li4(BH4)3I", bundled("enthalpy"), "Li")


def test_solid_solution_as_mixture_is_flagged():
    window = compute_window("Li4(BH4)3I", bundled("enthalpy"), "Li", as_mixture=True)
    libh4 = compute_window("LiBH4", bundled("enthalpy"), "Li")
    assert window.oxidation.voltage_V == pytest.approx(libh4.oxidation.voltage_V)
    assert "LiI" in window.oxidation.products
    assert any("equilibrium mixture" in w for w in window.warnings)


def test_mixture_needing_elements_is_refused():
    with pytest.raises(MissingDataError, match="LiCB11H12"):
        compute_window("LiCB11H12", bundled("enthalpy"), "Li", as_mixture=True)


def test_window_says_what_each_energy_is_and_how_sensitive_it_is():
    from hydrion.stability.window import window_sensitivity

    window = compute_window("Li2B12H12", bundled("enthalpy"), "Li")
    assert window.energy_kinds["Li22B78"] == "calorimetry"
    assert window.energy_kinds["LiH"] == "handbook"
    assert window.energy_kinds["Li2B12H12"] == "DFT reaction enthalpy + handbook"
    assert window.reduction.voltage_V == pytest.approx(1.07, abs=0.01)
    variants = {v.without: v.window for v in window_sensitivity(window, bundled("enthalpy"))}
    # issue 10: with elemental boron instead of the boride, Li2B12H12 is reduced at 0.45 V
    assert variants["Li22B78"].reduction.voltage_V == pytest.approx(0.45, abs=0.01)
    assert "B" in variants["Li22B78"].reduction.products


def test_window_table_names_energy_kinds_and_sensitivity(run_cli):
    code, out, _ = run_cli("window", "LiBH4", "--convention", "enthalpy")
    assert code == 0
    assert "without" in out
    assert "handbook: LiBH4, LiH" in out.replace("\n", " ")
    assert "calorimetry: Li22B78" in out.replace("\n", " ")
    code, out, _ = run_cli("window", "LiBH4", "--convention", "enthalpy", "--json")
    variants = json.loads(out)["sensitivity"][0]
    assert {v["without"] for v in variants} == {"Li22B78", "Li2B12H12"}


def test_above_hull_verdict_names_the_estimated_entropy():
    from hydrion.stability import bundled

    window = compute_window("Mg(BH4)2", bundled("gibbs298"), ion="Mg")
    assert window.hull_verdict_estimated == ("Mg(BH4)2",)
    assert window.e_above_hull_eV_per_atom * 11 * 96.485 == pytest.approx(1.3, abs=0.1)
    assert compute_window("Mg(BH4)2", bundled("enthalpy"), ion="Mg").e_above_hull_eV_per_atom == 0
