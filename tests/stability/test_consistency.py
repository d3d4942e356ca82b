"""One energy basis per phase diagram: metathesis and H2-release checks (issue 10, point 3)."""

import pytest

from hydrion.chem.thermo import lookup
from hydrion.stability.consistency import first_h2_release, reaction_enthalpy_kJ
from hydrion.stability.energies import bundled

# Salts of one anion with Li and with Na, and the cation count per formula unit.
PAIRS = [("LiBH4", "NaBH4", 1), ("LiAlH4", "NaAlH4", 1), ("Li3AlH6", "Na3AlH6", 3),
         ("Li2B12H12", "Na2B12H12", 2)]  # fmt: skip


@pytest.mark.parametrize("convention", ["enthalpy", "gibbs298"])
def test_every_metathesis_on_the_bundled_basis_is_within_60_kJ(convention):
    energies = bundled(convention)
    checked = 0
    for lithium, sodium, n in PAIRS:
        if not (energies.has_phase(lithium) and energies.has_phase(sodium)):
            continue
        exchange = reaction_enthalpy_kJ({lithium: 1, "NaH": n}, {sodium: 1, "LiH": n}, energies)
        assert abs(exchange) <= 60, (lithium, sodium, exchange)
        checked += 1
    assert checked >= 3


def test_borohydride_metathesis_value():
    # CRC: (−188.6 − 90.5) − (−190.8 − 56.3) = −32.0 kJ
    exchange = reaction_enthalpy_kJ({"LiBH4": 1, "NaH": 1}, {"NaBH4": 1, "LiH": 1}, bundled())
    assert exchange == pytest.approx(-32.0, abs=0.05)


def test_the_raw_dft_closo_borate_fails_the_check_and_is_left_out():
    # with Caputo 2010's raw value the exchange is about −498 kJ: why it is not on the basis
    raw = (
        lookup("Na2B12H12").dHf_kJ_per_mol
        + 2 * lookup("LiH").dHf_kJ_per_mol
        - lookup("Li2B12H12").dHf_kJ_per_mol
        - 2 * lookup("NaH").dHf_kJ_per_mol
    )
    assert raw == pytest.approx(-498, abs=1)
    assert not bundled().has_phase("Na2B12H12")


@pytest.mark.parametrize("convention", ["enthalpy", "gibbs298"])
def test_nabh4_holds_hydrogen_more_strongly_than_libh4(convention):
    # experiment: about 108 (NaBH4) against 74 kJ/mol H2 (LiBH4)
    sodium, _ = first_h2_release("NaBH4", bundled(convention))
    lithium, _ = first_h2_release("LiBH4", bundled(convention))
    assert sodium > lithium > 0


def test_first_h2_release_of_nabh4_matches_the_handbook():
    # NaBH4 -> NaH + B + 3/2 H2 with CRC values: (−56.3 + 188.6) / 1.5 = 88.2 kJ/mol H2
    value, products = first_h2_release("NaBH4", bundled("enthalpy"))
    assert value == pytest.approx(88.2, abs=0.1)
    assert set(products) == {"B", "NaH"}


def test_li2b12h12_anchoring_ambiguity_stated_in_the_data_is_right():
    # Ohba 2006: step 1, 56 kJ/mol H2 (stored); step 2, 1/12 Li2B12H12 + 5/6 LiH -> LiH + B
    # + 5/12 H2 at 125 kJ/mol H2. Anchoring step 2 on the CRC LiH instead:
    from_step_2 = 12 * (lookup("LiH").dHf_kJ_per_mol * (1 - 5 / 6) - 125 * 5 / 12)
    stored = lookup("Li2B12H12").dHf_kJ_per_mol
    assert stored == pytest.approx(12 * (-190.8 + 13 / 12 * 56 + 5 / 6 * 90.5))
    assert stored - from_step_2 == pytest.approx(150, abs=10)  # "about 150 kJ/mol lower"
    assert "150 kJ/mol" in lookup("Li2B12H12").ill_determined
