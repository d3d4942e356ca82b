"""hydrion sigma's table (hydrion.cli.transport): an assumed σ uncertainty says it is assumed,
a temperature from --reach carries the flags of its law, and the help keeps its sentences."""

import json

import pytest

RECORD = """\
- id: my-two-points
  name: my two points
  kind: electrolyte
  family: BH4-composite
  ions: [Li]
  description: Test pellet measured at two temperatures (made for the tests).
  components: [{name: LiBH4, formula: LiBH4}, {name: LiI, formula: LiI}]
  conductivities:
    - {sigma_S_per_cm: 1.0e-4, temperature_C: 30, source: {kind: experiment, citation: notebook}}
    - {sigma_S_per_cm: 1.0e-3, temperature_C: 80, source: {kind: experiment, citation: notebook}}
"""


def test_the_default_precision_floor_is_flagged_as_assumed(run_cli, tmp_path, user_db):
    # no precision stated: both values count as 'exact', whose 1σ of 0.05 decade is hydrion's
    # assumption (LOG10_SIGMA_UNCERTAINTY); a line through two points has no scatter of its own
    path = tmp_path / "mine.yaml"
    path.write_text(RECORD)
    assert run_cli("db", "add", str(path))[0] == 0
    code, out, _ = run_cli("sigma", "my two points", "-T", "50C")
    words = " ".join(out.split())
    assert code == 0
    assert "(± 0.05 decade, 1σ; assumed: hydrion's uncertainty for 'exact' values (the" in words
    assert "precision of a value stored without one), not from the source)" in words


def test_an_order_of_magnitude_law_names_its_assumed_half_decade(run_cli):
    # LiBH4 at 30 °C rests on '10^-8'-style values: ±0.5 decade, hydrion's assumption
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "30C")
    assert code == 0
    assert "± 0.50 decade, 1σ; assumed: hydrion's uncertainty for 'order_of_magnitude'" in out


def test_an_extrapolated_uncertainty_is_flagged_as_assumed_too(run_cli, tmp_path, user_db):
    # at 100 °C, 20 K beyond the two points, the fit's error is above the floor: a line through
    # (1/T, log10 σ) of 30 and 80 °C, each ±0.05 decade, carried to t = (1/373.15 − 1/303.15) /
    # (1/353.15 − 1/303.15) = 1.325 gives 0.05·√((1−t)² + t²) = 0.068 decade; it still rests on
    # hydrion's assumed ±0.05 decade per value (was: shown with no label)
    path = tmp_path / "mine.yaml"
    path.write_text(RECORD)
    assert run_cli("db", "add", str(path))[0] == 0
    code, out, _ = run_cli("sigma", "my two points", "-T", "100C")
    words = " ".join(out.split())
    assert code == 0
    assert "(± 0.07 decade, 1σ; assumed: fit error from hydrion's uncertainty for 'exact'" in words
    code, out, _ = run_cli("sigma", "my two points", "-T", "100C", "--json")
    payload = json.loads(out)
    assert payload["sigma_err_log10"] == pytest.approx(0.0682, abs=5e-4)
    assert payload["sigma_err_basis"] == (
        "assumed: fit error from hydrion's uncertainty for 'exact' values (the precision of a "
        "value stored without one), not from the source"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # one order-of-magnitude value at 120 °C [19], 10 K away along the reported Ea prior
        (
            ("LiBH4", "-T", "130C"),
            "1.47e-03 S/cm at 130.0 °C (± 0.50 decade, 1σ; assumed: fit error from hydrion's "
            "uncertainty for 'order_of_magnitude' values and its ± 0.039 eV on the reported Ea, "
            "not from the source)",
        ),
        # one approximate value near 540 K [93], 37 K away on the cooling branch
        (
            ("Na2B12H12", "-T", "230C", "--direction", "cooling"),
            "(± 0.16 decade, 1σ; assumed: fit error from hydrion's uncertainty for 'approximate' "
            "values and its ± 0.068 eV on the reported Ea, not from the source)",
        ),
    ],
)
def test_every_uncertainty_resting_on_an_assumption_says_so(run_cli, args, expected):
    code, out, _ = run_cli("sigma", *args)
    assert code == 0
    assert expected in " ".join(out.split())
    code, out, _ = run_cli("sigma", *args, "--json")
    assert json.loads(out)["sigma_err_basis"].startswith("assumed: fit error from hydrion's")


def test_reach_gives_the_flags_of_the_law_it_rests_on(run_cli):
    # 1 mS/cm is reached in the P63mc phase (one '10^-3' value at 120 °C [19]), not in the Pnma
    # phase asked about at 25 °C: its status and warnings go next to the temperature
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "25C", "--reach", "1 mS/cm")
    words = " ".join(out.split())
    assert code == 0
    assert (
        "reaches │ 1.00e-03 S/cm from 120.0 °C (P63mc law: interpolated, order-of-magnitude data)"
        in words
    )
    assert (
        "reach flag │ one σ measurement (at 120 °C): at every other temperature σ is an "
        "extrapolation along the reported Ea = 0.53 eV" in words
    )
    assert "source │ σ ~ 0.001 S/cm at 120 °C (order of magnitude) [19]" in words
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "25C", "--reach", "1 mS/cm", "--json")
    reach = json.loads(out)["reach"]
    assert reach["lowest_temperature_C"] == pytest.approx(120.0)
    assert (reach["phase"], reach["status"]) == ("P63mc", "interpolated, order-of-magnitude data")
    assert "rests on order-of-magnitude conductivities (±0.5 decade)" in reach["warnings"]
    assert reach["sources"][0]["value"] == "σ ~ 0.001 S/cm at 120 °C (order of magnitude)"


def test_sigma_help_keeps_its_sentences_whole(run_cli, monkeypatch):
    # typer's rich help kept the docstring's hard line breaks, and reflowed them at the
    # terminal's width into 'in the order / given' and 'weighted / by precision'
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run_cli("sigma", "--help")
    assert code == 0
    assert "(--json: one object, or a list of them, in the order given). The value" in out
    assert "(weighted by precision, reported Ea as prior)" in out
