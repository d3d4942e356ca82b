"""Cell figures: layout survives long legends."""


def test_simulation_figure_with_long_legend_keeps_constrained_layout():
    # a 126-character legend label collapsed the axes ('constrained_layout not applied')
    import io
    import warnings
    from types import SimpleNamespace

    import numpy as np

    from hydrion.plots.cell import simulation_figure

    long = "s|li(cb9h10)0.7(cb11h12)0.3 " + "0.05 C, 60 °C, a long electrolyte description " * 3
    runs = [
        SimpleNamespace(
            label=f"{long} {i}",
            capacity_mAh_per_g=np.linspace(0, 1000, 20),
            voltage_V=np.linspace(2.3, 1.0, 20),
            direction="discharge",
            c_rate=0.05,
            temperature_K=333.15,
        )
        for i in range(6)
    ]
    fig = simulation_figure(runs, "S | LiCB | Li")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.StringIO(), format="svg", bbox_inches="tight")
        fig.savefig(io.BytesIO(), format="png", dpi=120, bbox_inches="tight")


def test_simulation_figure_title_is_typeset():
    # was 'TiS2 | Li2B12H12 | Li' over panels whose labels read 'TiS₂ | Li₂B₁₂H₁₂'
    from types import SimpleNamespace

    import numpy as np

    from hydrion.plots.cell import simulation_figure

    run = SimpleNamespace(
        label="tis2|li2b12h12 0.05 C, 60 °C",
        capacity_mAh_per_g=np.linspace(0, 200, 5),
        voltage_V=np.linspace(2.1, 1.6, 5),
        direction="discharge",
        c_rate=0.05,
        temperature_K=333.15,
    )
    fig = simulation_figure([run], "TiS2 | Li2B12H12 | Li")
    assert fig.get_suptitle() == "TiS₂ | Li₂B₁₂H₁₂ | Li"
