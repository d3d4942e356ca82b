"""The numbers of docs/electrode.md, recomputed: each documented figure is formatted from
the live API and must appear in the doc as written, so the doc cannot drift from the code."""

from pathlib import Path

import pytest

from hydrion.electrode import analyse_composite, analyse_electrode, pair_with_cathode
from hydrion.kb import open_kb

DOC = Path(__file__).resolve().parents[2] / "docs" / "electrode.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return " ".join(DOC.read_text(encoding="utf-8").split())


def _minus(value: float, digits: int = 3) -> str:
    """The doc's typography: a true minus sign."""
    return f"{value:.{digits}f}".replace("-", "−")


def test_mgh2_headline(doc):
    r = analyse_electrode("MgH2")
    figures = (
        f"{r.capacity_mAh_per_g:.1f}, {r.average_voltage_V:.3f}, {r.volume_change_percent:.1f}"
    )
    assert f"# {figures}" in doc
    enthalpy = analyse_electrode("MgH2", convention="enthalpy").average_voltage_V
    assert f"MgH2 {r.average_voltage_V:.3f} V (gibbs298), {enthalpy:.3f} V (enthalpy)" in doc


def test_uphill_examples(doc):
    tih2 = analyse_electrode("TiH2", ion="Mg", convention="enthalpy").uphill_step
    assert f"TiH2 + Mg → MgH2 + Ti ({_minus(tih2.voltage_V)} V, no conversion)" in doc
    na = analyse_electrode("LiAlH4", ion="Na")
    volts = [s.voltage_V for s in na.steps]
    assert (
        f"LiAlH4 with Na ({len(volts)} steps at {max(volts):.3f}–{min(volts):.3f} V, then "
        f"LiH + Na → NaH + Li at {_minus(na.uphill_step.voltage_V)} V)"
    ) in doc
    gibbs = analyse_electrode("CaH2").uphill_step.voltage_V
    enthalpy = analyse_electrode("CaH2", convention="enthalpy").uphill_step.voltage_V
    assert f"({_minus(gibbs)} V gibbs298, {_minus(enthalpy)} V enthalpy" in doc


def test_table2_rows(doc):
    kb = open_kb()
    for name in ("Nb2O5-MgH2", "TiH2-MgH2", "VGCF-MgH2", "Li3AlH6-Al"):
        c = analyse_composite(name, kb=kb)
        assert (
            f"| {name} | {c.reported_capacity_mAh_per_g:.0f} | {c.capacity_mAh_per_g:.1f} |" in doc
        )
    for formula in ("MgH2", "LiAlH4", "Li3AlH6", "NaAlH4", "Na3AlH6", "LiNa2AlH6"):
        assert f"| {formula} | " in doc
        row = doc.split(f"| {formula} | ")[1]
        computed = analyse_electrode(formula).formal_capacity_mAh_per_g
        assert row.split(" | ")[1] == f"{computed:.1f}", formula


def test_composite_voltage_and_pairing(doc):
    kb = open_kb()
    tih2 = analyse_composite("TiH2-MgH2", kb=kb).average_voltage_V
    assert f"{tih2:.3f} V computed for TiH2-MgH2" in doc
    paired = pair_with_cathode(analyse_electrode("MgH2"), kb.material("TiS2"))
    assert (
        f"MgH2 | TiS2 gives {paired.cell_voltage_V:.2f} V, "
        f"{paired.specific_energy_Wh_per_kg:.0f} Wh/kg of MgH2 + LiTiS2"
    ) in doc
    assert f"LiTiS2, {paired.cathode_capacity_mAh_per_g:.1f} mAh/g" in doc


def test_lialh4_enthalpy_steps(doc):
    r = analyse_electrode("LiAlH4", convention="enthalpy", alloying=True)
    v = [s.voltage_V for s in r.steps]
    assert (
        f"(enthalpy): {v[0]:.2f} V (3LiAlH4 + 3Li → 2Li3AlH6 + Al), {v[1]:.2f} V "
        f"(Li3AlH6 + 3Li → 6LiH + Al), {v[2]:.2f} V (Al + Li → LiAl)"
    ) in doc


def test_observed_sequence_gaps(doc):
    gibbs = analyse_electrode("NaAlH4").observed_path.observed[0].gap_kJ
    enthalpy = analyse_electrode("NaAlH4", convention="enthalpy").observed_path.observed[0].gap_kJ
    lialh4 = analyse_electrode("LiAlH4").observed_path.observed[0].gap_kJ
    assert f"runs {gibbs:.2f} kJ per NaAlH4 below Reaction (8) ({enthalpy:.2f} kJ" in doc
    assert f"LiAlH4's first step lies {lialh4:.2f} kJ below Reaction (5)" in doc
