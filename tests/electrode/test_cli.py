"""``hydrion electrode``: JSON output, tables, figures and one-line refusals."""

import json

import pytest


def test_mgh2_json(run_cli):
    code, out, _ = run_cli("electrode", "MgH2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["overall_reaction"] == "MgH2 + 2Li -> 2LiH + Mg"
    assert data["capacity_mAh_per_g"] == pytest.approx(2038, rel=5e-3)
    assert data["volumetric_capacity_mAh_per_cm3"] > 2900
    assert data["average_voltage_V"] == pytest.approx(0.52, abs=0.01)
    assert any("CRC" in source for source in data["thermo_sources"])
    assert data["volume_change_percent"] == pytest.approx(89.2, abs=0.5)


def test_unknown_hydride_still_gives_capacity(run_cli):
    code, out, _ = run_cli("electrode", "Mg2FeH6", "--json")
    data = json.loads(out)
    assert code == 0 and data["average_voltage_V"] is None
    assert data["capacity_mAh_per_g"] == pytest.approx(1455, rel=2e-3)
    assert any("Mg2FeH6" in message for message in data["missing_data"])


def test_table_and_plot(run_cli, tmp_path):
    target = tmp_path / "profile.png"
    code, out, _ = run_cli(
        "electrode", "LiAlH4", "--convention", "enthalpy", "--alloying", "--plot", str(target)
    )
    assert code == 0 and "Li3AlH6" in out and target.stat().st_size > 0


def test_fig10(run_cli, tmp_path):
    target = tmp_path / "fig10.png"
    code, out, _ = run_cli(
        "electrode", "--fig10", str(target), "--add", "Mg2FeH6", "--add", "K3AlH6", "--json"
    )
    data = json.loads(out)
    assert code == 0 and target.exists()
    assert any("K3AlH6" in message for message in data["skipped"])  # no bundled density
    # Mg2FeH6: 6 Li per 110.49 g/mol, ρ = 2.74 g/cm3 (Didisheim et al. 1984)
    point = next(p for p in data["points"] if p["formula"] == "Mg2FeH6")
    assert point["volumetric_capacity_mAh_per_cm3"] == pytest.approx(1455.4 * 2.74, rel=2e-3)


@pytest.mark.parametrize(
    "args",
    [
        ("electrode", "Mg(H2"),
        ("electrode", "NaCl"),
        ("electrode", "MgH2", "--ion", "K"),
        ("electrode", "Mg2FeH6", "--plot", "x.png"),
        ("electrode", "CaH2", "--plot", "x.png"),
        ("electrode", "MgH2", "--convention", "dft"),
        ("electrode", "MgH2", "--fig10", "f.png"),  # FORMULA was silently ignored
        ("electrode", "--fig10", "f.png", "--cathode", "TiS2"),
        ("electrode", "MgH2", "--add", "CaH2"),  # --add without --fig10
    ],
)
def test_refusals_are_one_line(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("hydrion: error:")


def test_fig10_names_flagged_hydrides(run_cli, tmp_path):
    code, out, _ = run_cli("electrode", "--fig10", str(tmp_path / "f.png"), "--add", "CaH2")
    assert code == 0
    assert "flagged CaH2: no conversion above 0 V (E = -0.030 V, gibbs298)" in out


def test_estimated_entropy_is_marked_next_to_each_voltage(run_cli):
    code, out, _ = run_cli("electrode", "NaAlH4")
    assert code == 0
    text = " ".join(out.split())
    assert "0.814 ‡" in text and "0.727 †" in text and "0.361 │" in text
    assert "average 0.611 V †" in text
    assert "ΔrS = 0 by construction and the gibbs298 value equals the enthalpy value" in text
    code, out, _ = run_cli("electrode", "NaAlH4", "--json")
    steps = json.loads(out)["steps"]
    assert steps[0]["estimated_entropy"] == ["NaAlH4", "Li3AlH6", "LiNa2AlH6"]
    assert [s["entropy_cancels"] for s in steps] == [True, False, False, False]
    assert steps[3]["estimated_entropy"] == []


def test_gibbs298_conditions_in_the_title(run_cli):
    _, out, _ = run_cli("electrode", "MgH2")
    assert "gibbs298: ΔfH − T·S° at 298.15 K, p(H2) = 1 bar" in out
    _, out, _ = run_cli("electrode", "MgH2", "--convention", "enthalpy")
    assert "no temperature" in " ".join(out.split())


def test_enthalpy_with_a_temperature_is_refused(run_cli):
    code, _, err = run_cli("electrode", "MgH2", "--convention", "enthalpy", "-T", "120C")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "no temperature dependence" in err


def test_zen_note_only_with_alloying(run_cli):
    _, out, _ = run_cli("electrode", "MgH2")
    assert "Zen's law" not in out
    _, out, _ = run_cli("electrode", "MgH2", "--alloying")
    assert "Zen's law" in out


def test_near_zero_uphill_step_is_qualified(run_cli):
    _, out, _ = run_cli("electrode", "CaH2")
    text = " ".join(out.split())
    assert (
        "capacity 0 mAh/g (conversion, pristine mass) (no conversion predicted, but |E| = 0.030 V"
        in text
    )
    assert "the enthalpy basis gives -0.003 V" in text


def test_paired_cathode_mass_includes_the_lithium(run_cli):
    """MgH2 | TiS2: 2036.5·225.3/(2036.5 + 225.3) mAh/g × 1.478 V ≈ 300 Wh/kg of MgH2 + LiTiS2."""
    _, out, _ = run_cli("electrode", "MgH2", "--cathode", "TiS2")
    text = " ".join(out.split())
    assert (
        "with TiS2: 1.48 V, 300 Wh/kg of active materials (per kg of pristine MgH2 + LiTiS2" in text
    )
