"""Passivation beyond a computed limit: electronic character of the products (issue 10, pt 4)."""

import pytest

from hydrion.kb import open_kb
from hydrion.stability.compatibility import compatibility, compatibility_matrix
from hydrion.stability.energies import bundled
from hydrion.stability.interface import InterfaceReaction
from hydrion.stability.passivation import (
    combined_verdict,
    electronic_character,
    electronic_table,
    interphase,
    interphases,
    measured_behaviour,
    reaction_interphase,
)
from hydrion.stability.window import Limit, compute_window, window_sensitivity


def test_every_entry_has_a_source_and_a_sane_gap():
    for entry in electronic_table().values():
        assert entry.source.refs or entry.source.doi or entry.source.citation
        if entry.band_gap_eV is not None:
            assert entry.character != "metal" and entry.band_gap_eV > 0


def test_classification_of_products():
    assert electronic_character("LiH").character == "insulator"  # van Setten 2007, GW
    assert electronic_character("MgB2").character == "metal"  # Nagamatsu 2001
    assert electronic_character("B").band_gap_eV == pytest.approx(1.52)
    assert electronic_character("Li22B78") is None  # nothing on record: never guessed


@pytest.mark.parametrize(
    ("products", "verdict"),
    [
        (("H2",), "no solid products"),
        (("LiH", "Li2B12H12"), "passivating"),
        (("LiH", "B"), "likely passivating"),
        (("LiH", "MgB2"), "not passivating"),
        (("LiH", "Li22B78"), "undetermined"),
    ],
)
def test_verdicts(products, verdict):
    assert interphase(Limit(0.5, products), "reduction", "Li").verdict == verdict


def test_libh4_reduction_with_and_without_the_boride():
    window = compute_window("LiBH4", bundled("enthalpy"), "Li")
    reduction = next(i for i in interphases(window) if i.side == "reduction")
    assert reduction.verdict == "undetermined"  # Li22B78 has no electronic data
    variant = next(v for v in window_sensitivity(window, bundled()) if v.without == "Li22B78")
    again = next(i for i in interphases(variant.window) if i.side == "reduction")
    assert again.verdict == "passivating" and {p for p, _ in again.products} == {"LiH", "Li2B12H12"}


def test_compat_libh4_li_connects_thermodynamics_to_measurements():
    kb = open_kb()
    cell = compatibility(kb.material("LiBH4"), kb.material("Li"), bundled(), kb=kb)
    assert "without the ill-determined Li22B78: passivating" in cell.summary
    texts = [text for text, _ in cell.observations]
    assert any("2.8 mA/cm²" in t for t in texts)  # CCD of Li|LiBH4|Li, ref 15
    behaviour = measured_behaviour(kb.material("LiBH4"), "Li", kb)
    assert any("critical current density 2.8" in t for t, _ in behaviour)
    assert any("cell(s) against Li metal" in t for t, _ in behaviour)


def test_tis2_interface_products_include_a_metal_so_no_passivation():
    kb = open_kb()
    cell = compatibility(kb.material("LiBH4"), kb.material("TiS2"), bundled(), kb=kb)
    by_side = {i.side: i for i in cell.interphases}
    assert by_side["oxidation"].verdict == "passivating"  # Li2B12H12 alone [73, 81]
    interface = [i for i in cell.interphases if i.side == "interface"]
    assert interface and all("TiB2" in {p for p, _ in i.products} for i in interface)
    assert all(i.verdict == "not passivating" for i in interface)
    assert cell.passivation == "not passivating"
    assert "passivating interphase is expected" not in cell.summary
    assert "TiB2 conducts electrons: a mixed-conducting interphase" in cell.summary


def test_compat_cli_states_one_passivation_verdict(run_cli):
    # the summary said "no passivation expected" (TiB2 is a metal) and a later line said "a
    # passivating interphase is expected" (Li2B12H12 alone): the pair's verdict is stated once
    code, out, _ = run_cli("compat", "LiBH4", "TiS2")
    assert code == 0
    assert out.count("no passivation expected") == 1
    assert "passivating interphase is expected" not in out
    assert "beyond the oxidation limit: Li2B12H12 (insulator)" in out
    assert "TiB2 (metal)" in out


def test_mgh2_interface_forms_metallic_mgb2():
    kb = open_kb()
    cell = compatibility(kb.material("LiBH4"), kb.material("MgH2"), bundled(), kb=kb)
    interface = next(i for i in cell.interphases if i.side == "interface")
    assert {p for p, _ in interface.products} == {"LiH", "MgB2"}
    assert interface.voltage_V == pytest.approx(0.5)  # ion open at MgH2's top potential
    assert cell.passivation == "not passivating" and "MgB2 conducts" in cell.summary
    assert cell.as_dict()["passivation"] == "not passivating"


def test_metallic_borides_are_sourced_metals():
    assert electronic_character("TiB2").character == "metal"
    assert electronic_character("TiB2").source.doi == "10.1063/1.334263"  # Williams 1984
    assert electronic_character("MgB2").source.doi == "10.1038/35065039"  # Nagamatsu 2001


def test_interface_reaction_verdict_reads_its_products_and_skips_the_reservoir():
    def reaction(products, ion=None, energy=-0.02):
        return InterfaceReaction(
            "A", "B", "enthalpy", ion, 1.0 if ion else None, 0.5, energy, "A + B -> ...", products
        )

    assert reaction_interphase(reaction(("LiH", "Li"), ion="Li")).verdict == "passivating"
    assert reaction_interphase(reaction(("LiH", "Li"))).verdict == "not passivating"
    assert reaction_interphase(reaction(("H2S", "Li2B12H12"))).verdict == "passivating"
    assert reaction_interphase(reaction(("LiH",), energy=0.0)) is None  # no reaction
    assert combined_verdict([]) is None


def _expected(products: tuple) -> str:
    characters = {info.character if info else None for _, info in products}
    if not products:
        return "no solid products"
    if "metal" in characters:
        return "not passivating"
    if None in characters:
        return "undetermined"
    return "likely passivating" if "semiconductor" in characters else "passivating"


def test_every_matrix_verdict_agrees_with_its_listed_products():
    kb = open_kb()
    cells = compatibility_matrix(kb, bundled("enthalpy"))
    checked = 0
    for cell in cells:
        listed = []
        for item in cell.interphases:
            # each product's class is the table's, and the verdict follows from them alone
            for phase, info in item.products:
                assert info == electronic_character(phase), (cell.electrolyte, phase)
            assert item.verdict == _expected(item.products), (cell.electrolyte, cell.electrode)
            listed += [info.character if info else None for _, info in item.products]
        if "metal" in listed:
            assert cell.passivation == "not passivating", (cell.electrolyte, cell.electrode)
            assert "passivating interphase is expected" not in cell.summary
            assert "passivation likely" not in cell.summary
        elif None in listed or (listed and cell.reaction is None):
            # a product without data, or an interface reaction that could not be computed
            assert cell.passivation == "undetermined", (cell.electrolyte, cell.electrode)
        if cell.passivation == "passivating":
            assert set(listed) == {"insulator"}, (cell.electrolyte, cell.electrode)
            assert cell.reaction is not None
        checked += bool(cell.interphases)
    assert checked >= 30  # the matrix really has interphases to check
    pairs = {(c.electrolyte, c.electrode): c.passivation for c in cells}
    assert pairs[("libh4", "tis2")] == pairs[("libh4", "mgh2")] == "not passivating"
    # Li2B12H12 (insulator) beyond the oxidation limit, but no energies for LiCoO2
    assert pairs[("libh4", "licoo2")] == "undetermined"
    assert pairs[("nabh4", "na")] == "likely passivating"  # NaH and B (semiconductor)


def test_window_cli_explains_the_gap_to_the_reported_window(run_cli):
    code, out, _ = run_cli("window", "LiBH4", "--convention", "enthalpy")
    text = " ".join(out.split())
    assert code == 0
    assert "beyond the reduction limit (0.70 V" in text
    assert "the computed reduction limit (0.70 V) is thermodynamic" in text
    assert "measured: critical current density 2.8" in text
