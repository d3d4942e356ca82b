"""Typeset labels: stoichiometric digits subscripted (pymatgen's latexify), nothing else."""

import pytest

from hydrion.plots.labels import display_name, record_name, typeset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LiBH4", "LiBH₄"),
        ("Li(BH4)0.7Br0.2Cl0.1", "Li(BH₄)$_{0.7}$Br$_{0.2}$Cl$_{0.1}$"),
        ("Mg(en)1(BH4)2", "Mg(en)₁(BH₄)₂"),
        ("90LiBH4·10P2S5", "90LiBH₄·10P₂S₅"),
        # not formulas: a silica's name, a solvent's amount, a temperature, a C-rate
        ("LiBH4@MCM41", "LiBH₄@MCM41"),
        ("Li4(BH4)3I@SBA-15", "Li₄(BH₄)₃I@SBA-15"),
        ("Mg(BH4)2-diglyme0.5", "Mg(BH₄)₂-diglyme0.5"),
        ("0.2 C, 120 °C", "0.2 C, 120 °C"),
        ("tis2|libh4", "tis2|libh4"),  # ids are not formulas: name them with display_name
    ],
)
def test_typeset(text, expected):
    assert typeset(text) == expected


def test_ids_become_names():
    assert record_name("libh4") == "LiBH4"
    assert display_name("libh4") == "LiBH₄"
    assert display_name("li4(bh4)3i") == "Li₄(BH₄)₃I"
    assert display_name("no-such-part") == "no-such-part"  # left as given, not invented
