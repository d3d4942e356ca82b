"""PyBaMM half-cell simulation: few, short runs on a coarse mesh."""

import json

import numpy as np
import pytest

pybamm = pytest.importorskip("pybamm")

from hydrion.cell.pybamm_electrodes import lattice_gas_ocp  # noqa: E402
from hydrion.cell.review_cases import capacity_at  # noqa: E402
from hydrion.cell.setups import FullCell, HalfCell  # noqa: E402
from hydrion.cell.simulate import FullCellModel, HalfCellModel, simulate  # noqa: E402
from hydrion.errors import InputError, MissingDataError  # noqa: E402

T_120C = 393.15


def test_lattice_gas_ocp_is_the_plateau_at_half_filling():
    ocp = lattice_gas_ocp(2.1, T_120C)
    assert ocp(pybamm.Scalar(0.5)).evaluate() == pytest.approx(2.1)
    assert ocp(pybamm.Scalar(0.1)).evaluate() > 2.1 > ocp(pybamm.Scalar(0.9)).evaluate()


def test_tis2_half_cell_capacity_falls_with_rate_and_with_conductivity():
    # σ = 1e-3 S/cm: LiBH4 at 120 °C (Pang et al. 2022 Table 1, ref. [19])
    good = HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3)
    curves = simulate(good, [0.1, 2.0], with_charge=False)
    slow, fast = capacity_at(curves, 0.1, T_120C), capacity_at(curves, 2.0, T_120C)
    # the solid diffusivity calibrated on this cell (205 mAh/g at 0.2 C, 120 °C, ref. [81])
    # is taken up: at 0.1 C more than the 205 mAh/g of 0.2 C, less than the theoretical 239
    assert 205 < slow < 239
    assert fast < slow
    assert any("fitted to 205 mAh/g" in w for w in curves[0].warnings)
    # the same cell with a 10x poorer electrolyte loses more at 2 C (ohmic drop)
    poor = HalfCellModel(HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-4))
    assert poor.run(2.0, with_charge=False)[0].final_capacity_mAh_per_g < fast
    curve = curves[0]
    assert np.all(np.diff(curve.capacity_mAh_per_g) >= -1e-9)
    assert curve.voltage_V[-1] == pytest.approx(1.6, abs=0.02)  # the lower cut-off


def test_bad_simulation_input_is_refused():
    with pytest.raises(InputError):
        HalfCellModel(
            HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3, voltage_window_V=(2.5, 2.0))
        )
    model = HalfCellModel(HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3))
    with pytest.raises(InputError):
        model.run(0.0)


@pytest.mark.parametrize("rate", [1e9, 101.0, 1e-5])
def test_c_rate_out_of_bounds_is_refused_before_pybamm(rate):
    # 1e9 C used to reach PyBaMM as 'Discharge at 1e+09C' and crash on '1e'
    with pytest.raises(InputError, match="C-rate must be between"):
        simulate(HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3), [rate])


def test_cli_simulate_json_and_plot(run_cli, tmp_path):
    plot = tmp_path / "sim.png"
    code, out, err = run_cli(
        "cell",
        "simulate",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--temperature",
        "120 C",
        "--rates",
        "0.5",
        "--sigma",
        "1 mS/cm",
        "--plot",
        str(plot),
        "--json",
    )
    assert code == 0, err
    runs = json.loads(out)["curves"]
    assert {r["direction"] for r in runs} == {"discharge", "charge"}
    assert plot.stat().st_size > 0


@pytest.mark.parametrize(
    "extra",
    [("--window", "2.5,2.0"), ("--rates", "-1"), ("--review", "nonsense"), ("--sigma", "3 V")],
)
def test_cli_simulate_bad_input(run_cli, extra):
    code, _, err = run_cli(
        "cell", "simulate", "--cathode", "tis2", "--electrolyte", "libh4", *extra
    )
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_full_cell_charges_first_and_returns_its_capacity(run_cli):
    # LiTiS2 | LiBH4 | MgH2 assembled discharged: 2.1 - 0.5 V plateaus (cell data sources)
    code, out, err = run_cli(
        "cell",
        "simulate",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--anode",
        "mgh2",
        "--temperature",
        "120 C",
        "--rates",
        "0.2",
        "--sigma",
        "1 mS/cm",
        "--json",
    )
    assert code == 0, err
    charge, discharge = json.loads(out)["curves"]
    assert charge["direction"] == "charge" and discharge["direction"] == "discharge"
    # both electrodes take their calibrated diffusivities (TiS2 | LiBH4 | Li, ref. [81];
    # MgH2 | LiBH4 | Li, ref. [123]): the full cell gives less than the TiS2 half cell's
    # 205 mAh/g at 0.2 C, and its discharge returns no more than its charge
    assert 0 < charge["final_capacity_mAh_per_g"] < 205
    assert discharge["final_capacity_mAh_per_g"] <= charge["final_capacity_mAh_per_g"] + 1
    assert any("negative electrode" in w and "[123]" in w for w in charge["warnings"])


def test_full_cell_pair_that_makes_no_cell_is_refused():
    with pytest.raises(InputError, match="no cell"):
        FullCellModel(FullCell("mgh2", "tis2", "libh4", T_120C, sigma_S_per_cm=1e-3))


def test_a_calibration_is_borrowed_with_a_flag_at_another_temperature():
    from hydrion.cell.review_cases import calibrated_diffusivity

    diffusivity, note, flag = calibrated_diffusivity("tis2", 298.15, "li2b12h12")
    assert diffusivity == pytest.approx(7.5e-16)  # fitted on TiS2 | LiBH4 | Li at 120 °C
    assert "borrowed" in note and "another electrolyte" in note
    # the table row says it too: no temperature dependence of D is on record to correct it
    assert flag == "D borrowed at 120 °C with another electrolyte, not corrected"
    same, note, flag = calibrated_diffusivity("tis2", T_120C, "libh4")
    assert "borrowed" not in note and flag == ""
    assert calibrated_diffusivity("lifepo4", T_120C) is None


def test_licoo2_half_cell_discharges_over_its_practical_range():
    # PyBaMM Ai2020 OCP of LiCoO2 (monotonic over x = 0.4-1); LiCoO2 gives ~140 mAh/g
    # between 4.2 and ~3.6 V in practice (Reimers & Dahn 1992, x from 0.5 to 1)
    model = HalfCellModel(HalfCell("licoo2", "libh4", T_120C, sigma_S_per_cm=1e-3))
    curve = model.run(0.1, with_charge=False)[0]
    assert 120 < curve.final_capacity_mAh_per_g < 170


def test_rates_solved_on_one_built_model_do_not_depend_on_what_ran_before():
    # one built simulation serves every C-rate (the current is an input parameter) and every
    # trial diffusivity of a fit: a rate run after others, or after another D, gives what it
    # gives alone, within the solver's tolerance
    from hydrion.cell import built_simulations

    cell = HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3)
    built_simulations._BUILT.clear()
    alone = capacity_at(simulate(cell, [1.0], with_charge=False), 1.0, T_120C)
    other_d = HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3, diffusivity_m2_per_s=1e-14)
    simulate(other_d, [0.1], with_charge=False)
    after = capacity_at(simulate(cell, [0.1, 1.0], with_charge=False), 1.0, T_120C)
    assert len(built_simulations._BUILT) == 1  # the two diffusivities shared one build
    assert after == pytest.approx(alone, rel=1e-5)


def test_a_cell_whose_every_step_starts_beyond_its_cutoff_is_named_so():
    # σ = 1e-7 S/cm at 10 C: the initial ohmic drop crosses both cut-offs. PyBaMM 26.10 says
    # so only in its SolverError text ("All steps in the cycle ... are infeasible due to
    # exceeded bounds at initial conditions."); this fails if that text changes
    model = HalfCellModel(HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-7))
    with pytest.raises(MissingDataError, match="every step starts beyond its voltage cut-off"):
        model.run(10.0, with_charge=True)
    # one step alone: PyBaMM skips it, and the curve says why it holds no capacity
    (curve,) = model.run(10.0, with_charge=False)
    assert curve.final_capacity_mAh_per_g == 0.0
    assert "already crosses the 1.6 V cut-off" in curve.warnings[-1]


def test_a_reused_build_and_its_solvers_give_the_curves_of_a_fresh_build(monkeypatch):
    # each built simulation keeps one solver per step, set up (casadi functions, Jacobian)
    # at the build's first solve only; later solves reset the initial state
    # (set_up(ics_only=True)). A rate solved on a build that other rates and another D have
    # used must give the curves a fresh build gives, point for point.
    from hydrion.cell import built_simulations

    full_set_ups = []
    set_up = pybamm.IDAKLUSolver.set_up

    def counted(self, model, inputs=None, t_eval=None, ics_only=False):
        if not ics_only:
            full_set_ups.append(model)
        return set_up(self, model, inputs, t_eval, ics_only)

    monkeypatch.setattr(pybamm.IDAKLUSolver, "set_up", counted)
    cell = HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3)
    other_d = HalfCell("tis2", "libh4", T_120C, sigma_S_per_cm=1e-3, diffusivity_m2_per_s=1e-14)
    built_simulations._BUILT.clear()
    fresh_other_d = simulate(other_d, [0.5])
    built_simulations._BUILT.clear()
    full_set_ups.clear()
    fresh = simulate(cell, [1.0])  # discharge, then charge: two step models, two solvers
    assert len(full_set_ups) == 2
    simulate(cell, [0.1, 2.0])
    reused_other_d = simulate(other_d, [0.5])
    reused = simulate(cell, [1.0])
    assert len(built_simulations._BUILT) == 1 and len(full_set_ups) == 2
    assert [c.direction for c in reused] == ["discharge", "charge"]
    # the diffusivity is an input of each solve, not a value kept from the build's first
    assert reused_other_d[0].final_capacity_mAh_per_g > 1.05 * capacity_at(
        simulate(cell, [0.5], with_charge=False), 0.5, T_120C
    )
    pairs = [*zip(reused, fresh, strict=True), *zip(reused_other_d, fresh_other_d, strict=True)]
    for new, old in pairs:
        assert new.final_capacity_mAh_per_g > 50  # a real curve, not an empty one
        np.testing.assert_allclose(new.capacity_mAh_per_g, old.capacity_mAh_per_g, rtol=1e-9)
        np.testing.assert_allclose(new.voltage_V, old.voltage_V, rtol=0, atol=1e-9)
