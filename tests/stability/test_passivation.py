"""Passivation beyond a computed limit: electronic character of the products (issue 10, pt 4)."""

import pytest

from hydrion.kb import open_kb
from hydrion.stability.compatibility import compatibility
from hydrion.stability.energies import bundled
from hydrion.stability.passivation import (
    electronic_character,
    electronic_table,
    interphase,
    interphases,
    measured_behaviour,
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


def test_tis2_oxidation_interphase_is_passivating():
    kb = open_kb()
    cell = compatibility(kb.material("LiBH4"), kb.material("TiS2"), bundled(), kb=kb)
    assert [i.verdict for i in cell.interphases] == ["passivating"]  # Li2B12H12 [73, 81]
    assert "passivating interphase is expected" in cell.summary


def test_window_cli_explains_the_gap_to_the_reported_window(run_cli):
    code, out, _ = run_cli("window", "LiBH4", "--convention", "enthalpy")
    text = " ".join(out.split())
    assert code == 0
    assert "beyond the reduction limit (0.70 V" in text
    assert "the computed reduction limit (0.70 V) is thermodynamic" in text
    assert "measured: critical current density 2.8" in text
