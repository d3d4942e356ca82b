"""hydrion sigma's table (hydrion.cli.transport): an assumed σ uncertainty says it is assumed."""

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
    assert "(± 0.05 decade, 1σ; assumed: hydrion's uncertainty for 'exact' values, the" in words
    assert "precision of a value stored without one, not from the source)" in words


def test_an_order_of_magnitude_law_names_its_assumed_half_decade(run_cli):
    # LiBH4 at 30 °C rests on '10^-8'-style values: ±0.5 decade, hydrion's assumption
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "30C")
    assert code == 0
    assert "± 0.50 decade, 1σ; assumed: hydrion's uncertainty for 'order_of_magnitude'" in out
