"""Review cells calibrated to the review's rate data: stored diffusivities reproduce the
reported capacities, and a refit finds them again (issue 10, point 6)."""

import json

import pytest

pytest.importorskip("pybamm")

from hydrion.cell.calibrate import fit_diffusivity, simulated_capacities  # noqa: E402
from hydrion.cell.review_cases import review_cell_runs  # noqa: E402
from hydrion.kb import open_kb  # noqa: E402


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def _case(slug):
    return next(case for case in review_cell_runs() if case.slug == slug)


@pytest.mark.parametrize("case", review_cell_runs(), ids=lambda case: case.slug)
def test_stored_diffusivity_reproduces_the_reported_points(case, kb):
    for calibration in case.calibrations:
        if calibration.borrowed_from:  # a prediction, tested below
            continue
        points = case.fit_points(kb, calibration)
        simulated = simulated_capacities(case, calibration, calibration.diffusivity_m2_per_s, kb)
        for point, value in zip(points, simulated, strict=True):
            assert value == pytest.approx(point.capacity_mAh_per_g, rel=0.03), (case.slug, point)


def test_s_closo_rate_loss_matches_the_review(kb):
    # Pang et al. 2022 section 2.2.3, ref. [104]: 1618 mAh/g per S at 0.03 C, 25 °C, and "only
    # 24% capacity loss" at 1 C; one fitted diffusivity must give both
    case = _case("s-closo")
    (calibration,) = case.calibrations
    slow, fast = simulated_capacities(case, calibration, calibration.diffusivity_m2_per_s, kb)
    assert slow == pytest.approx(1618, rel=0.03)
    assert 1 - fast / slow == pytest.approx(0.24, abs=0.03)


@pytest.mark.slow
def test_refit_finds_the_stored_diffusivity(kb):
    case = _case("s-closo")
    (calibration,) = case.calibrations
    fit = fit_diffusivity(case, calibration, kb, tolerance_log10=0.02)
    assert fit.diffusivity_m2_per_s == pytest.approx(calibration.diffusivity_m2_per_s, rel=0.1)
    assert fit.rms_log_error < 0.02


def test_specific_current_becomes_a_c_rate_on_the_theoretical_capacity(kb):
    # MgH2 | LiBH4 | Li: 1572 mAh/g at 100 mA/g (ref. [123]); MgH2 theoretical 2037 mAh/g
    (point,) = _case("mgh2-libh4").reported_points(kb, 120.0)
    assert point.c_rate == pytest.approx(100 / 2037, rel=0.002)
    assert point.capacity_mAh_per_g == 1572


def test_cli_review_prints_simulated_against_reported(run_cli):
    code, out, err = run_cli("cell", "simulate", "--review", "tis2-libh4", "--json")
    assert code == 0, err
    data = json.loads(out)
    (row,) = [r for r in data["comparison"] if r["use"] == "fitted"]
    assert row["reported (mAh/g)"] == 205 and abs(row["difference (%)"]) < 2
    assert any("fitted to 205 mAh/g" in w for c in data["curves"] for w in c["warnings"])


def test_tis2_diffusivity_predicts_the_li2b12h12_cell(kb):
    # D fitted on TiS2 | LiBH4 | Li (205 mAh/g, 0.2 C, 120 °C, ref. [81]) predicts TiS2 |
    # Li2B12H12 | Li, which reports 207 mAh/g at 0.2 C and 120 °C (ref. [114]) and 217 mAh/g
    # at 0.05 C and 60 °C (Table 1); none of these is fitted
    case = _case("tis2-li2b12h12")
    rows = case.comparison(kb, case.run(kb))
    assert {row["use"] for row in rows} == {"predicted"}
    by_T = {row["T (°C)"]: row for row in rows}
    assert by_T[120.0]["reported (mAh/g)"] == 207
    assert abs(by_T[120.0]["difference (%)"]) < 5
    assert abs(by_T[60.0]["difference (%)"]) < 10
