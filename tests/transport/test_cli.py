"""The sigma, arrhenius fit and eis commands, good and bad input (files made in the tests)."""

import json
import math

import numpy as np
import pytest

from hydrion.experiment.eis import synthetic_spectrum
from hydrion.kb.store import UserStore
from hydrion.transport import BOLTZMANN_eV_per_K

K = BOLTZMANN_eV_per_K


def test_sigma_libh4_json(run_cli):
    # Pang et al. 2022 Table 1 / ref. [19]: ~1e-8 S/cm at 30 °C (Pnma), ~1e-3 at 120 °C (P63mc)
    code, out, _ = run_cli("sigma", "LiBH4", "--T", "30C", "--json")
    assert code == 0
    cold = json.loads(out)
    # order-of-magnitude values: the model agrees within their ±0.5 decade
    assert abs(math.log10(cold["sigma_S_per_cm"] / 1e-8)) < 0.5
    assert cold["status"] == "interpolated" and cold["stored"] and cold["sources"]
    code, out, _ = run_cli("sigma", "LiBH4", "--T", "120C", "--json", "--reach", "1 mS/cm")
    hot = json.loads(out)
    assert abs(math.log10(hot["sigma_S_per_cm"] / 1e-3)) < 0.5
    assert hot["phase"] != cold["phase"]
    assert hot["reach"]["lowest_temperature_C"] == pytest.approx(120, abs=1)


def test_sigma_table_output(run_cli):
    code, out, _ = run_cli("sigma", "LiBH4", "--T", "350 K")
    assert code == 0 and "interpolated" in out


def test_sigma_answers_every_temperature_asked(run_cli):
    # a repeated -T used to answer for the last one only, silently
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "25C", "-T", "60C", "--json")
    assert code == 0
    cold, warm = json.loads(out)
    assert (cold["temperature_C"], warm["temperature_C"]) == pytest.approx((25, 60))
    assert warm["sigma_S_per_cm"] > cold["sigma_S_per_cm"]  # one Pnma Arrhenius law
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "25C", "-T", "60C")
    assert code == 0 and "LiBH4 at 25.0 °C" in out and "LiBH4 at 60.0 °C" in out
    assert out.count("σ (model)") == 2
    code, _, err = run_cli("sigma", "LiBH4", "-T", "25C", "-T", "300C")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "decomposition" in err


def test_sigma_table_shows_a_stored_value_once(run_cli):
    # ref. [19]: 1e-8 S/cm at 30 °C is the value stored here and one of the law's sources
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "30C")
    assert code == 0
    line = "σ ~ 1e-08 S/cm at 30 °C (order of magnitude)"
    assert out.count(line) == 1 and "stored here" in out


@pytest.mark.parametrize(
    "args",
    [
        ("sigma", "LiBH4", "--T", "-300C"),
        ("sigma", "LiBH4", "--T", "30 V"),
        ("sigma", "no-such-material", "--T", "30C"),
        ("sigma", "LiBH4", "--T", "30C", "--direction", "up"),
    ],
)
def test_sigma_refusals(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and out == ""


def write_arrhenius(path, n=24, Tc=390.0, seed=0):
    rng = np.random.default_rng(seed)
    T = np.linspace(300, 450, n)
    sigma = np.where(Tc > T, 1e4 * np.exp(-0.69 / (K * T)), 5e4 * np.exp(-0.53 / (K * T)))
    sigma *= np.exp(rng.normal(0, 0.03, n))
    rows = "\n".join(f"{t - 273.15:.3f},{s:.6e}" for t, s in zip(T, sigma, strict=True))
    path.write_text("T_C,sigma_S_per_cm\n" + rows + "\n")
    return path


def test_arrhenius_fit_recovers_transition(run_cli, tmp_path):
    path = write_arrhenius(tmp_path / "data.csv")
    plot = tmp_path / "fit.png"
    code, out, err = run_cli("arrhenius", "fit", str(path), "--json", "--plot", str(plot))
    assert code == 0, err
    fit = json.loads(out)["fits"][0]
    assert fit["model"] == "piecewise"
    assert abs(fit["transition_K"] - 390.0) <= fit["transition_err_K"]
    low = fit["segments"][0]
    assert abs(low["Ea_eV"] - 0.69) < 3 * low["Ea_err_eV"]
    assert plot.stat().st_size > 0


def test_arrhenius_fit_is_stored_with_its_material(run_cli, tmp_path, user_db):
    path = write_arrhenius(tmp_path / "data.csv")
    code, out, err = run_cli(
        "arrhenius", "fit", str(path), "--store", "my-libh4", "--material", "LiBH4"
    )
    assert code == 0, err
    payload = UserStore(user_db).get("arrhenius_fit", "my-libh4")
    assert payload["material"] == "libh4" and payload["fits"][0]["model"] == "piecewise"


@pytest.mark.parametrize(
    "content",
    [
        "T_C,sigma_S_per_cm\n30,1e-5\n40,-2e-5\n50,3e-5\n",  # non-positive σ
        "T_C,sigma_S_per_cm\n30,1e-5\n40,2e-5\n",  # too few points
        "T_K,sigma_S_per_cm\n30,1e-5\n40,2e-5\n50,3e-5\n",  # °C given as K
        "T_C,sigma_S_per_cm\n",  # empty
        "garbage\x00\x01",  # binary
    ],
)
def test_arrhenius_refusals_store_nothing(run_cli, tmp_path, user_db, content):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code, out, err = run_cli("arrhenius", "fit", str(path), "--store", "x")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert not user_db.exists() or UserStore(user_db).get("arrhenius_fit", "x") is None


@pytest.mark.parametrize("key", ["", "  "])
def test_arrhenius_empty_store_key_is_refused(run_cli, tmp_path, key):
    # used to store nothing with exit 0
    code, _, err = run_cli(
        "arrhenius", "fit", str(write_arrhenius(tmp_path / "d.csv")), "--store", key
    )
    assert code == 2 and "non-empty key" in err


def write_spectrum(path, sigma_S_per_cm, noise=0.0, seed=0):
    R = 0.1 / (sigma_S_per_cm * 0.785)
    spectrum = synthetic_spectrum(
        [10.0, R, 1e-11, 0.92, 2e-6, 0.85], np.logspace(7, -1, 40), noise=noise, seed=seed
    )
    rows = "\n".join(
        f"{f:.8e},{z.real:.10e},{z.imag:.10e}"
        for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
    )
    path.write_text("f,Z',Z''\n" + rows + "\n")
    return path


def test_eis_gives_the_pellet_conductivity(run_cli, tmp_path):
    path = write_spectrum(tmp_path / "s.csv", 1e-6)
    code, out, err = run_cli(
        "eis", str(path), "--thickness", "1 mm", "--area", "0.785 cm2", "--json"
    )
    assert code == 0, err
    result = json.loads(out)["spectra"][0]
    assert result["sigma_bulk_S_per_cm"] == pytest.approx(1e-6, rel=1e-5)


@pytest.mark.slow
def test_eis_temperature_series_goes_to_arrhenius(run_cli, tmp_path):
    temperatures = [300.0, 320.0, 340.0, 360.0]
    files = [
        str(write_spectrum(tmp_path / f"s{i}.csv", 1e3 * np.exp(-0.5 / (K * T))))
        for i, T in enumerate(temperatures)
    ]
    args = ["eis", *files, "--thickness", "1 mm", "--area", "0.785 cm2", "--json"]
    for T in temperatures:
        args += ["--temperature", f"{T} K"]
    code, out, err = run_cli(*args)
    assert code == 0, err
    series = json.loads(out)["arrhenius"]
    assert series["segments"][0]["Ea_eV"] == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(
    "content, extra",
    [
        ("", ()),
        ("f,Z',Z''\n1e3,10,-5\n", ()),
        ("f,Z',Z''\n" + "\n".join(f"{10**i},{(-1) ** i * 1e4},{1e4 * i}" for i in range(8)), ()),
        (None, ("--thickness", "1 V")),
        (None, ("--temperature", "25C", "--temperature", "30C")),
    ],
)
def test_eis_refusals(run_cli, tmp_path, content, extra):
    path = tmp_path / "s.csv"
    if content is None:
        write_spectrum(path, 1e-6)
    else:
        path.write_text(content)
    args = ["eis", str(path), "--area", "0.785 cm2", *extra]
    if "--thickness" not in extra:
        args += ["--thickness", "1 mm"]
    code, out, err = run_cli(*args)
    assert code == 2 and len(err.strip().splitlines()) == 1, err


# ../shared/cases/README.md, "typed at the prompt": 4.5e-9, 1.0e-8, 5.3e-9 S/cm at 29, 30, 31 °C
# (down, up, down) and a fall from 119 to 119.5 °C; σ must rise within the Pnma phase.
def test_sigma_libh4_rises_through_29_30_31_and_119_119_5_C(run_cli):
    values = []
    for T in ("29C", "30C", "31C", "119C", "119.5C"):
        code, out, err = run_cli("sigma", "LiBH4", "--T", T, "--json")
        assert code == 0, err
        values.append(json.loads(out)["sigma_S_per_cm"])
    assert all(b > a for a, b in zip(values, values[1:], strict=False))


# ../shared/cases/inputs/13_sigma_law.csv fitted in σT: one law, no transition, in the σT
# asked for (Ea 0.530 eV), the σ law's Ea = 0.500 eV in the misfit warning.
def test_case_13_through_the_cli(run_cli, shared_dir):
    path = shared_dir / "cases" / "inputs" / "13_sigma_law.csv"
    code, out, err = run_cli("arrhenius", "fit", str(path), "--convention", "sigmaT", "--json")
    assert code == 0, err
    assert "piecewise" not in out
    fit = json.loads(out)["fits"][0]
    assert fit["model"] == "single" and fit["transition_K"] is None
    assert fit["convention"] == "sigmaT" and fit["convention_flag"] == "curved"
    assert fit["segments"][0]["Ea_eV"] == pytest.approx(0.530, abs=0.001)
    assert any("Ea = 0.500 eV" in w for w in fit["warnings"])
    code, out, err = run_cli("arrhenius", "fit", str(path), "--json")
    assert code == 0, err
    fit = json.loads(out)["fits"][0]
    assert fit["convention"] == "sigma" and fit["convention_flag"] is None
    assert fit["segments"][0]["Ea_eV"] == pytest.approx(0.500, abs=0.001)


def test_sigma_refuses_conflicting_sources_and_decomposed_libh4(run_cli):
    code, out, err = run_cli("sigma", "Na4(CB11H12)2(B12H12)", "--T", "25C")
    assert code == 2 and out == "" and "disagree" in err and len(err.strip().splitlines()) == 1
    code, out, err = run_cli("sigma", "LiBH4", "--T", "300C")
    assert code == 2 and "280 °C" in err
