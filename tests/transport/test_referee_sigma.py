"""Issue 10, referee's points on σ(T) of knowledge-base electrolytes (Pang et al. 2022 Table 1
and text): each number printed says what it rests on."""

import json
import math

import pytest

from hydrion.errors import MissingDataError
from hydrion.kb import open_kb
from hydrion.transport import conductivity_model, sigma_at
from hydrion.transport.kb_data import excluded_reason
from hydrion.transport.sigma_points import LOG10_SIGMA_UNCERTAINTY

C = 273.15


@pytest.fixture(scope="module")
def kb():
    return open_kb()


@pytest.mark.parametrize(
    ("name", "reported", "fitted", "implied"),
    [("LiAlH4", 0.76, 0.684, 0.667), ("Li3AlH6", 0.61, 0.524, 0.50)],
)
def test_fitted_ea_departing_from_the_reported_one_is_flagged(kb, name, reported, fitted, implied):
    # ref. [134]: σ at RT and 120 °C, Ea reported; the two σ values alone give a lower slope
    result = sigma_at(name, 25 + C, kb=kb)
    assert result.law["Ea_eV"] == pytest.approx(fitted, abs=0.005)
    # two points: Ea = ln(σ2/σ1) / (1/kT1 − 1/kT2) from the stored values
    stored = sorted((r.temperature_C, r.sigma_S_per_cm) for r in kb.material(name).conductivities)
    (t1, s1), (t2, s2) = stored
    k = 8.617333262e-5
    two_point = math.log(s2 / s1) / (1 / (k * (t1 + C)) - 1 / (k * (t2 + C)))
    assert two_point == pytest.approx(implied, abs=0.02)
    [warning] = [w for w in result.warnings if "departs from the reported" in w]
    assert f"{reported:g} eV" in warning and f"{fitted:.3f}" in warning
    assert f"imply Ea = {two_point:.3f}" in warning


def test_ea_matching_the_data_gives_no_departure_warning(kb):
    result = sigma_at("LiBH4", 30 + C, kb=kb)  # 0.684 fitted vs 0.69 reported [19]
    assert not any("departs from the reported" in w for w in result.warnings)


def test_one_measurement_in_table_and_text_counts_once_and_25c_is_extrapolated(kb):
    # Li(BH4)1/3(NH2)2/3 [41]: 6.4e-3 S/cm at 40 °C in Table 1 and (as 'RT') in the text;
    # Ea = 0.3 eV reported above 40 °C
    result = sigma_at("Li(BH4)1/3(NH2)2/3", 25 + C, kb=kb)
    assert "2 σ records = 1 measurement" in result.law["basis"]
    assert "above 40 °C" in result.law["basis"]
    assert result.status == "extrapolated" and result.extrapolation_K == pytest.approx(15)
    assert any("one σ measurement (at 40 °C)" in w for w in result.warnings)
    # one measurement weighted once: the law passes through it within its precision
    at_40 = sigma_at("Li(BH4)1/3(NH2)2/3", 40 + C, kb=kb)
    assert at_40.sigma_S_per_cm == pytest.approx(6.4e-3, rel=1e-6)
    assert at_40.sigma_err_log10 == pytest.approx(LOG10_SIGMA_UNCERTAINTY["exact"])


def test_na2b12h12_table_value_at_110c_is_kept_but_not_modelled(kb):
    material = kb.material("Na2B12H12")
    [record] = [r for r in material.conductivities if r.temperature_C == 110]
    assert record.sigma_S_per_cm == 1e-2  # stored as the review prints it
    assert "Na2B10H10" in excluded_reason(material.id, record)
    model = conductivity_model(material)
    assert all(
        p.temperature_K != pytest.approx(110 + C) for m in model.laws.values() for p in m.points
    )
    assert any("excluded from the model" in w for w in model.warnings)
    with pytest.raises(MissingDataError, match="not used: attributed to Na2B12H12 in Table 1"):
        model.sigma(110 + C)


@pytest.mark.parametrize(
    ("name", "T_C", "distance_K"),
    [("LiBH4", 29, 1), ("Li4(BH4)3I", 20, 10), ("LiCB11H12", 121, 9)],
)
def test_beyond_the_data_is_extrapolated_not_interpolated(kb, name, T_C, distance_K):
    result = sigma_at(name, T_C + C, kb=kb)
    assert result.status == "extrapolated"
    assert result.extrapolation_K == pytest.approx(distance_K)
    assert result.status_text.startswith(f"extrapolated by {distance_K} K")
    assert "interpolated" not in result.status_text


@pytest.mark.parametrize(("name", "T_C"), [("Li4(BH4)3I", 30), ("LiCB11H12", 130)])
def test_single_point_says_everything_else_is_extrapolated(kb, name, T_C):
    result = sigma_at(name, (T_C - 10) + C, kb=kb)
    assert any(f"one σ measurement (at {T_C} °C)" in w for w in result.warnings)


def test_uncertainty_not_below_the_precision_of_the_data(kb):
    # Li2B12H12 at 30 °C rests on 3.1e-4 (Table 1) and an order-of-magnitude 1e-4 at RT [86]
    result = sigma_at("Li2B12H12", 30 + C, kb=kb)
    assert result.precision == "order_of_magnitude"
    assert result.sigma_err_log10 >= LOG10_SIGMA_UNCERTAINTY["order_of_magnitude"]
    assert any("sources disagree" in w and "1000" in w for w in result.warnings)


def test_na2b12h12_inside_hysteresis_says_which_branch(kb):
    # 256 °C on heating [92], 205 °C on cooling [93]; the low phase has no law
    with pytest.raises(MissingDataError, match="assumed heating"):
        sigma_at("Na2B12H12", 230 + C, kb=kb)
    cooling = sigma_at("Na2B12H12", 230 + C, "cooling", kb=kb)
    assert cooling.assumed_direction is None and "branch assumed" not in cooling.status_text


def test_hysteresis_assumption_is_in_the_status(hysteretic):
    result = conductivity_model(hysteretic).sigma(230 + C)
    assert result.assumed_direction == "heating"
    assert "heating branch assumed" in result.status_text


@pytest.mark.parametrize(
    ("name", "T_C", "value"),
    [("Li(CB9H10)0.7(CB11H12)0.3", 25, "0.0067"), ("Mg(BH4)2·NH3", 80, "0.00033")],
)
def test_refusal_names_the_value_measured_there(kb, run_cli, name, T_C, value):
    with pytest.raises(MissingDataError, match=rf"measured here \(no model\): σ = {value} S/cm"):
        sigma_at(name, T_C + C, kb=kb)
    code, _, err = run_cli("sigma", name, "-T", f"{T_C}C")
    assert code == 2 and f"σ = {value} S/cm at {T_C} °C" in err
    assert len(err.strip().splitlines()) == 1


def test_arrhenius_fit_honours_the_convention_asked_and_flags_the_misfit(run_cli, shared_dir):
    path = shared_dir / "cases" / "inputs" / "13_sigma_law.csv"
    code, out, _ = run_cli("arrhenius", "fit", str(path), "--convention", "sigmaT")
    assert code == 0
    assert "σT = A·exp(−Ea/kT) (curved: see note)" in out
    assert "misfit: the sigmaT law asked for is kept" in out
    # Ea to its error's two significant figures, never '± 0.000'
    assert "0.53047 ± 0.00051" in out
    code, out, _ = run_cli("arrhenius", "fit", str(path), "--convention", "sigmaT", "--json")
    [fit] = json.loads(out)["fits"]
    assert fit["convention"] == "sigmaT"
