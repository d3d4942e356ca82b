"""The window and compat commands, and their refusals."""

import json

import pytest


def test_window_libh4_json_has_both_conventions_and_reported(run_cli):
    code, out, _ = run_cli("window", "LiBH4", "--json")
    assert code == 0
    data = json.loads(out)
    assert [w["convention"] for w in data["computed"]] == ["enthalpy", "gibbs298"]
    for window in data["computed"]:
        assert window["reduction"]["products"] and window["oxidation"]["products"]
        assert "LiBH4" in window["sources"]
    methods = {w["method"] for w in data["reported"]}
    assert {"theoretical", "experimental"} <= methods


def test_compat_libh4_licoo2_names_the_remedies(run_cli):
    code, out, _ = run_cli("compat", "LiBH4", "LiCoO2", "--json")
    assert code == 0
    data = json.loads(out)
    assert "incompatible" in data["summary"]
    assert {m["mitigation"]["formula"] for m in data["mitigations"]} >= {"Li3PO4", "LiNbO3"}


def test_bad_input_is_one_line_and_exit_2(run_cli, tmp_path):
    bad = tmp_path / "e.json"
    bad.write_text('{"phases": 3}')
    for args in (
        ("window", "LiBH4", "--ion", "K"),
        ("window", "Li4(BH4)3I"),
        ("window", "LiBH4", "--energies", str(bad)),
        ("window", "LiBH4", "--convention", "entropy"),
    ):
        code, _, err = run_cli(*args)
        assert code == 2, args
        assert len(err.strip().splitlines()) == 1


def test_compat_ion_option_and_cells_of_that_ion_only(run_cli):
    code, out, _ = run_cli("compat", "LiBH4", "TiS2", "--ion", "Na", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ion"] == "Na" and data["cells"] == []  # TiS2|LiBH4|Li is a Li cell
    code, _, err = run_cli("compat", "LiBH4", "TiS2", "--ion", "K")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_window_plot_writes_the_decomposition_figure(run_cli, tmp_path):
    target = tmp_path / "w.png"
    code, _, _ = run_cli("window", "LiBH4", "--plot", str(target))
    assert code == 0 and target.stat().st_size > 1000


def test_window_with_an_open_lower_bound_prints_up_to(run_cli):
    # Li2B12H12's "–5 V" window [23] has no lower bound: it crashed the interphase note
    code, out, err = run_cli("window", "Li2B12H12")
    text = " ".join(out.split())
    assert code == 0, err
    assert "experimental window ≤ 5 V vs Li/Li+" in text
    assert "–5 V" not in text
    code, out, _ = run_cli("db", "show", "Na2B12H12")
    assert code == 0 and "≤ 5 V vs Na/Na+" in out and "│ –5 V" not in out


def test_window_runs_on_every_electrolyte_with_a_formula(run_cli):
    from hydrion.kb import open_kb

    electrolytes = [m for m in open_kb().materials(kind="electrolyte") if m.formula]
    assert len(electrolytes) >= 30
    for material in electrolytes:
        code, out, err = run_cli("window", material.id)
        assert code in (0, 2), (material.id, err)  # a result, or a one-line refusal
        if code == 2:
            assert len(err.strip().splitlines()) == 1, (material.id, err)
        else:
            assert "window vs" in out


@pytest.mark.parametrize(
    "args, says",
    [
        (("LiBH4", "TiS2", "--plot", "x.png"), "single pair has no plot"),
        (("LiBH4", "MgH2", "--matrix"), "--matrix compares every pair"),
    ],
)
def test_compat_options_that_would_be_ignored_are_refused(run_cli, args, says):
    code, out, err = run_cli("compat", *args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_window_above_hull_verdict_on_estimated_entropy_is_qualified(run_cli):
    """Mg(BH4)2 -> MgB2 + 4H2: ΔrG(298 K) ≈ −1.3 kJ rests on its estimated S°; the gibbs298
    row is starred as a window of the decomposition products, and the enthalpy basis (which
    finds it stable) is named beside the verdict."""
    code, out, _ = run_cli("window", "Mg(BH4)2")
    assert code == 0
    text = " ".join(out.split())
    assert "computed (gibbs298) *" in text
    assert "computed (enthalpy) *" not in text
    assert "the enthalpy basis finds it stable" in text
    assert "rests on the estimated S° of Mg(BH4)2" in text
    assert "1.3 kJ per Mg(BH4)2" in text


def test_window_prints_the_conventions_with_the_table(run_cli):
    code, out, _ = run_cli("window", "LiBH4")
    assert code == 0
    text = " ".join(out.split())
    assert "T = 298.15 K and p(H2) = 1 bar" in text
    assert "no entropy term" in text
