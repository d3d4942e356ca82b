"""Notebook-friendly plots (issue 12): no backend switch, ``ax=``/``fig=`` in and the Figure
out, typeset formulas instead of ids, and series styles that never repeat in a figure."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from hydrion.experiment.cycler_formats import CyclingData
from hydrion.experiment.cycling import summarise
from hydrion.kb import open_kb
from hydrion.plots import arrhenius, cell, electrode, impedance, reference_electrolytes, stability
from hydrion.plots.canvas import new_figure

PLOT_MODULES = (arrhenius, cell, electrode, impedance, reference_electrolytes, stability)


def _window(formula="LiBH4"):
    step = SimpleNamespace
    return SimpleNamespace(
        ion="Li",
        formula=formula,
        reference="Li/Li+",
        convention="enthalpy",
        profile=[
            step(voltage_V=0.0, ion_uptake=2.0, products=("LiH", "Li22B78")),
            step(voltage_V=0.7, ion_uptake=0.0, products=(formula,)),
            step(voltage_V=2.0, ion_uptake=-1.0, products=("H2", "Li2B12H12")),
        ],
    )


def _comparison():
    window = SimpleNamespace(
        convention="enthalpy",
        reduction=SimpleNamespace(voltage_V=0.7),
        oxidation=SimpleNamespace(voltage_V=2.0),
    )
    reported = SimpleNamespace(
        method="experimental", low_V=0.0, high_V=5.0, source=SimpleNamespace(refs=[22])
    )
    return SimpleNamespace(name="LiBH4", computed=(window,), reported=(reported,))


def _compat_cells():
    return [
        SimpleNamespace(
            electrolyte=electrolyte,
            electrode=electrode_id,
            margin_V=margin,
            reaction=None,
            experimental_outcome="cycles",
            verdict="compatible",
        )
        for electrolyte, electrode_id, margin in (("libh4", "tis2", 0.5), ("libh4", "li", 1.0))
    ]


def _spectrum_pair():
    f = np.logspace(6, 0, 30)
    Z = 100 + 1000 / (1 + 1j * 2 * np.pi * f * 1e-6 * 1000)
    spectrum = SimpleNamespace(name="cell.mpt", impedance_ohm=Z)
    result = SimpleNamespace(
        frequency_range_Hz=(1.0, 1e6),
        predict=lambda grid: 100 + 1000 / (1 + 1j * 2 * np.pi * grid * 1e-3),
        circuit="R0-p(R1,C1)",
        sigma_total_S_per_cm=1e-5,
        sigma_total_ill_determined=False,
        sigma_bulk_S_per_cm=1e-4,
        R_bulk_ill_determined=False,
        arcs=(SimpleNamespace(R_ohm=1000.0),),
        R_total_ohm=1000.0,
    )
    return spectrum, result


def _fit():
    from hydrion.transport.fitting import fit_arrhenius

    T = np.linspace(300, 400, 6)
    return fit_arrhenius(T, 10 * np.exp(-5000 / T))


def _electrode_result(formula="MgH2"):
    return SimpleNamespace(
        profile=SimpleNamespace(
            capacity_mAh_per_g=np.array([0.0, 2000.0, 2000.0]),
            voltage_V=np.array([0.5, 0.5, 0.0]),
        ),
        formula=formula,
        convention="enthalpy",
        steps=(),
        ion="Li",
        capacity_mAh_per_g=2000.0,
        volume_path=[
            SimpleNamespace(ions_per_formula=0, volume_change_percent=0, after="MgH2", zen_law=0),
            SimpleNamespace(
                ions_per_formula=2, volume_change_percent=80, after="Mg + 2LiH", zen_law=0
            ),
        ],
    )


def _capacity_points():
    return [
        SimpleNamespace(
            origin="knowledge base",
            flagged=False,
            capacity_mAh_per_g=2038.0,
            volumetric_capacity_mAh_per_cm3=2878.0,
            label="MgH2",
            lowest_voltage_V=0.5,
            convention="gibbs298",
        )
    ]


def _cycling():
    half = np.linspace(0, 3600, 50)
    time = np.concatenate([half + 3600 * k for k in range(6)])
    current = np.concatenate([np.full(50, 1.0 if k % 2 else -1.0) for k in range(6)])
    voltage = np.concatenate(
        [np.linspace(2.0, 1.0, 50) if k % 2 == 0 else np.linspace(1.0, 2.0, 50) for k in range(6)]
    )
    data = CyclingData(time_s=time, voltage_V=voltage, current_mA=current)
    return data, summarise(data, 10.0)


def _study():
    return {
        "TiS2 | LiBH4 | Li": SimpleNamespace(
            values=[10.0, 30.0, 100.0],
            Wh_per_kg=[200.0, 150.0, 90.0],
            Wh_per_L=[500.0, 400.0, 250.0],
            unit="um",
            variable="separator thickness",
        )
    }


def _limit_grid():
    T = np.array([300.0, 350.0, 400.0])
    thick = np.array([10.0, 30.0, 100.0])
    return SimpleNamespace(
        temperatures_K=T,
        thicknesses_um=thick,
        max_c_rate=np.outer([0.1, 1.0, 10.0], [3.0, 1.0, 0.3]),
        allowed_drop_V=0.1,
        lowest_temperature_K=lambda rate: np.array([330.0, 350.0, 380.0]),
        transitions_K=[390.0],
        extrapolated=np.array([False, False, True]),
        electrolyte="libh4",  # the grid holds the id
    )


def _runs(count=2):
    return [
        SimpleNamespace(
            label=f"tis2|libh4 {0.1 * (i + 1):g} C, 120 °C",
            capacity_mAh_per_g=np.linspace(0, 200, 20),
            voltage_V=np.linspace(2.3, 1.6, 20),
            direction="discharge",
            c_rate=0.1 * (i + 1),
            temperature_K=393.15,
        )
        for i in range(count)
    ]


def _libh4():
    return open_kb().material("libh4")


SINGLE = {  # single-panel functions: name -> call taking ax
    "windows_figure": lambda ax: stability.windows_figure([_comparison()], ax=ax),
    "compat_heatmap": lambda ax: stability.compat_heatmap(_compat_cells(), ax=ax),
    "nyquist_figure": lambda ax: impedance.nyquist_figure([_spectrum_pair()], ax=ax),
    "fit_figure": lambda ax: arrhenius.fit_figure([("LiBH4", _fit())], ax=ax),
    "comparison_figure": lambda ax: reference_electrolytes.comparison_figure([_libh4()], ax=ax),
    "profile_figure": lambda ax: electrode.profile_figure([_electrode_result()], ax=ax),
    "volume_figure": lambda ax: electrode.volume_figure(_electrode_result(), ax=ax),
    "fig10_figure": lambda ax: electrode.fig10_figure(_capacity_points(), ax=ax),
    "limit_map_figure": lambda ax: cell.limit_map_figure(_limit_grid(), ax=ax),
    "ccd_figure": lambda ax: cell.ccd_figure([("LiBH4", 0.2, "1")], ax=ax),
    "retention_figure": lambda ax: cell.retention_figure(
        {"TiS2|LiBH4": ([1, 10], [100, 90])}, ax=ax
    ),
}
PANELS = {  # multi-panel functions: name -> call taking fig
    "decomposition_figure": lambda fig: stability.decomposition_figure([_window()], fig=fig),
    "materials_figure": lambda fig: arrhenius.materials_figure([_libh4()], "Li", fig=fig),
    "cycling_figure": lambda fig: cell.cycling_figure(*_cycling(), fig=fig),
    "study_figure": lambda fig: cell.study_figure(_study(), "separator", fig=fig),
    "simulation_figure": lambda fig: cell.simulation_figure(_runs(), "TiS2", fig=fig),
}


def test_every_public_plot_function_is_covered():
    public = {
        name
        for module in PLOT_MODULES
        for name in dir(module)
        if name.endswith(("_figure", "_heatmap"))
        and getattr(module, name).__module__ == module.__name__
    }
    assert public == set(SINGLE) | set(PANELS)


def _drawn(ax) -> int:
    return len(ax.lines) + len(ax.collections) + len(ax.patches) + len(ax.images)


@pytest.mark.parametrize("name", sorted(SINGLE))
def test_single_panel_function_draws_into_the_given_axes(name):
    user = new_figure((4, 3))
    ax = user.add_subplot()
    returned = SINGLE[name](ax)
    assert returned is user  # the figure holding the caller's axes
    assert _drawn(ax) > 0
    assert user.get_size_inches().tolist() == [4, 3]  # the caller's figure is not resized


@pytest.mark.parametrize("name", sorted(PANELS))
def test_multi_panel_function_draws_into_the_given_subfigure(name):
    user = new_figure((10, 8))
    left, right = user.subfigures(1, 2)
    returned = PANELS[name](right)
    assert returned is user
    assert not left.axes and right.axes
    assert sum(_drawn(ax) for ax in right.axes) > 0


@pytest.mark.parametrize("name", sorted(SINGLE) + sorted(PANELS))
def test_without_ax_a_new_pyplot_free_figure(name):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figure = SINGLE[name](None) if name in SINGLE else PANELS[name](None)
    assert isinstance(figure, Figure) and figure.axes
    assert plt.get_fignums() == before  # not registered with pyplot: nothing to close


def test_importing_and_plotting_leaves_the_backend_alone():
    previous = matplotlib.get_backend()
    matplotlib.use("pdf")  # a sentinel, as a notebook's inline backend would be
    try:
        sentinel = matplotlib.get_backend()
        for module in PLOT_MODULES:
            importlib.reload(module)  # import-time code runs again
        assert matplotlib.get_backend() == sentinel
        for call in SINGLE.values():
            call(None)
        for call in PANELS.values():
            call(None)
        assert matplotlib.get_backend() == sentinel
    finally:
        matplotlib.use(previous)


def test_legend_typesets_libh4_instead_of_its_id():
    # LiBH₄: pymatgen's unicodeify (whole numbers); fractional subscripts are mathtext
    fig = arrhenius.materials_figure([_libh4()], "Li")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "LiBH₄" in texts
    assert not any("libh4" in t or "LiBH4" in t for t in texts)


def test_simulation_legend_heatmap_and_rate_map_name_parts_not_ids():
    fig = cell.simulation_figure(_runs(1), "TiS2")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts == ["TiS₂ | LiBH₄ 0.1 C, 120 °C"]
    assert "TiS₂" in fig.axes[0].get_xlabel()
    fig = stability.compat_heatmap(_compat_cells())
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() + fig.axes[0].get_yticklabels()]
    assert sorted(ticks) == ["Li", "LiBH₄", "TiS₂"]
    title = cell.limit_map_figure(_limit_grid()).axes[0].get_title()
    assert title.startswith("LiBH₄: ") and "libh4" not in title


def _styles(ax) -> list[tuple[str, str]]:
    return [(str(h.get_color()), h.get_marker()) for h in ax.get_legend().legend_handles]


def test_fifteen_series_get_fifteen_distinct_styles():
    fits = [(f"fit {i}", _fit()) for i in range(15)]
    styles = _styles(arrhenius.fit_figure(fits).axes[0])
    data = [s for s in styles if s[1] not in ("None", "")]  # the fitted lines carry no marker
    assert len(data) == 15 and len(set(data)) == 15
    series = {f"cell {i}": ([1, 10], [100, 90 - i]) for i in range(15)}
    styles = _styles(cell.retention_figure(series).axes[0])
    assert len(set(styles)) == 15
    pairs = [(_spectrum_pair()[0], _spectrum_pair()[1]) for _ in range(15)]
    styles = [s for s in _styles(impedance.nyquist_figure(pairs).axes[0]) if s[1] != "None"]
    assert len(set(styles)) == 15


def test_cli_plot_and_report_figures_need_no_backend(run_cli, tmp_path):
    """The commands that save figures write them without selecting a backend."""
    from hydrion.report.section import figure_from_matplotlib, rendering

    previous = matplotlib.get_backend()
    matplotlib.use("pdf")
    try:
        code, _, err = run_cli("electrode", "MgH2", "--plot", str(tmp_path / "mgh2.png"))
        assert code == 0, err
        assert (tmp_path / "mgh2.png").read_bytes()[:4] == b"\x89PNG"
        with rendering(svg=True):
            figure = figure_from_matplotlib(cell.ccd_figure([("LiBH4", 0.2, "1")]), "x", "x", "")
        assert figure.png[:4] == b"\x89PNG" and figure.svg_inline.startswith("<svg")
        assert matplotlib.get_backend() == "pdf"
    finally:
        matplotlib.use(previous)


def test_release_closes_a_pyplot_figure_only():
    import matplotlib.pyplot as plt

    from hydrion.plots.canvas import release

    made = plt.figure()
    release(made)
    assert made.number not in plt.get_fignums()
    release(new_figure((2, 2)))  # not registered: nothing to do, no error


def test_report_retention_figure_styles_every_cell_apart():
    """The knowledge base's retention series: one per cell and temperature, more than the ten
    colours of the cycle."""
    from hydrion.report.sections.knowledge_base import retention_series

    series = retention_series(open_kb())
    assert len(series) > 10
    ax = cell.retention_figure(series).axes[0]
    assert len(set(_styles(ax))) == len(series)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("LiCoO₂ | LiBH₄ | Li") for t in texts)
    assert not any("libh4" in t for t in texts)


def test_pyplot_axes_of_a_notebook_are_drawn_into():
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    try:
        assert electrode.fig10_figure(_capacity_points(), ax=right) is fig
        assert right.collections and not left.collections
    finally:
        plt.close(fig)
