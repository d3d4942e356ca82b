"""Matrix, figures and report section on a two-by-two knowledge base made for the test."""

from hydrion.kb.records import Material
from hydrion.plots.stability import compat_heatmap, windows_figure
from hydrion.report.sections.stability import build
from hydrion.stability.comparison import compare_windows
from hydrion.stability.compatibility import compatibility_matrix
from hydrion.stability.energies import bundled

SOURCE = {"refs": [80], "kind": "review_text"}


class TinyKB:
    """Just what the stability code asks of a knowledge base."""

    def __init__(self):
        base = {"ions": ["Li"], "family": "test"}
        self.records = [
            Material.model_validate(
                {
                    **base,
                    "id": "libh4",
                    "name": "LiBH4",
                    "kind": "electrolyte",
                    "formula": "LiBH4",
                    "windows": [
                        {"low_V": 0, "high_V": 1.8, "method": "theoretical", "source": SOURCE}
                    ],
                }
            ),
            Material.model_validate(
                {**base, "id": "x", "name": "X", "kind": "electrolyte", "formula": "LiCB11H12"}
            ),
            Material.model_validate(
                {**base, "id": "li", "name": "Li", "kind": "counter_electrode", "formula": "Li"}
            ),
            Material.model_validate(
                {
                    **base,
                    "id": "tis2",
                    "name": "TiS2",
                    "kind": "counter_electrode",
                    "formula": "TiS2",
                    "voltages": [{"voltage_V": 2.0, "source": SOURCE}],
                }
            ),
        ]

    def materials(self, kind=None, **_):
        return [m for m in self.records if kind is None or m.kind == kind]

    def material(self, query):
        return next(m for m in self.records if query in (m.id, m.name))

    def cells(self, **_):
        return []

    def origin(self, record_id):
        return "curated"


def test_matrix_cells_and_no_data_named():
    cells = compatibility_matrix(TinyKB(), bundled("enthalpy"))
    assert len(cells) == 4
    by_pair = {(c.electrolyte, c.electrode): c for c in cells}
    assert by_pair[("libh4", "tis2")].verdict == "unstable"
    missing = by_pair[("x", "li")]
    assert missing.verdict == "no data" and any("LiCB11H12" in r for r in missing.reasons)


def test_figures_and_section_build():
    kb = TinyKB()
    comparison = compare_windows("LiBH4", kb)
    assert len(windows_figure([comparison]).axes) == 1
    assert compat_heatmap(compatibility_matrix(kb, bundled("enthalpy"))).axes
    section = build(kb)
    assert {f.slug for f in section.figures} == {
        "stability-windows",
        "decomposition-products",
        "compatibility-heatmap",
    }
    frame = section.tables[0].frame
    assert "oxidised to" in frame.columns
    libh4 = frame[(frame.electrolyte == "LiBH4") & (frame.convention == "enthalpy")].iloc[0]
    assert libh4["interphase (reduction / oxidation)"] == "undetermined / passivating"
    assert "Li22B78 (calorimetry)" in libh4["energies not from a handbook"]
    assert any("raw 0 K DFT" in note for note in section.notes)
    assert "enthalpy, without Li22B78" in set(frame.convention)  # sensitivity rows
    assert 80 in section.references


def test_decomposition_figure_draws_each_assemblage():
    from hydrion.plots.stability import decomposition_figure
    from hydrion.stability.window import compute_window

    window = compute_window("LiBH4", bundled("enthalpy"), "Li")
    figure = decomposition_figure([window])
    labels = {t.get_text() for t in figure.axes[0].texts}
    # the LiBH4 profile: Li22B78 + LiH below 0.70 V, LiBH4, then H2 + Li2B12H12, then B + H2
    assert labels == {
        "Li₂₂B₇₈ + LiH",
        "LiBH₄",
        "H₂ + Li₂B₁₂H₁₂",
        "B + H₂",
    }
