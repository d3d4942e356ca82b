"""``db show`` shows the fits ``eis --store`` and ``arrhenius fit --store`` saved: under their
key (which names no material), and with the material they were stored with (``--material``),
in text and ``--json``, with units, conventions, file and the date stored. It showed only CV
windows before (outside check V2)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import open_kb
from hydrion.kb.sheet import MaterialSheet, material_sheet
from hydrion.kb.stored_fits import StoredFits, stored_fits

K_B_EV = 8.617333262e-5  # Boltzmann constant, eV/K (CODATA 2018)
EA_EV = 0.57  # the law the synthetic pellet follows: σ = 100 S/cm · exp(−0.57 eV / kT)


@pytest.fixture
def pellet(tmp_path):
    """Eight σ(T) points, 25–100 °C, exactly on σ = 100 S/cm · exp(−0.57 eV/kT)."""
    path = tmp_path / "pellet.csv"
    temperatures_C = np.linspace(25, 100, 8)
    sigma = 1e2 * np.exp(-EA_EV / (K_B_EV * (temperatures_C + 273.15)))
    path.write_text(
        "T_C,sigma_S_per_cm\n"
        + "".join(f"{t:.2f},{s:.6e}\n" for t, s in zip(temperatures_C, sigma, strict=True))
    )
    return path


def test_arrhenius_fit_stored_under_a_key_is_shown(run_cli, user_db, pellet):
    code, _, err = run_cli("arrhenius", "fit", str(pellet), "--store", "run-1")
    assert code == 0, err
    code, out, err = run_cli("db", "show", "run-1")
    assert code == 0, err
    out = " ".join(out.split())  # lines wrap at the terminal's width
    assert "arrhenius_fit 'run-1'" in out and "pellet.csv" in out
    assert "σ = σ0·exp(−Ea/kT) (sigma convention)" in out
    assert "25.0 °C – 100.0 °C, 8 points" in out and "prefactor 99.9 S/cm" in out
    shown_ea = re.search(r"Ea = (0\.\d+) ± (0\.\d+) eV", out)
    assert shown_ea and float(shown_ea[1]) == pytest.approx(EA_EV, abs=2e-4), out
    # the command that stored it and the date, in UTC
    stored = r"\(user, hydrion arrhenius fit --store, \d{4}-\d\d-\d\d \d\d:\d\d UTC\)"
    assert re.search(stored, out)
    code, out, err = run_cli("db", "show", "run-1", "--json")
    assert code == 0, err
    shown = StoredFits.from_dict(json.loads(out))
    (fit,) = shown.fits
    assert (shown.key, fit["kind"], fit["key"]) == ("run-1", "arrhenius_fit", "run-1")
    (law,) = fit["fits"]
    (segment,) = law["segments"]
    assert law["convention"] == "sigma" and segment["n_points"] == 8
    assert segment["Ea_eV"] == pytest.approx(EA_EV, abs=2e-4)
    assert (segment["T_min_K"], segment["T_max_K"]) == pytest.approx((298.15, 373.15))


def test_a_named_convention_is_shown_with_its_law(run_cli, user_db, pellet):
    code, _, err = run_cli(
        "arrhenius", "fit", str(pellet), "--convention", "sigmaT", "--store", "run-T"
    )
    assert code == 0, err
    _, out, _ = run_cli("db", "show", "run-T")
    out = " ".join(out.split())
    assert "σT = A·exp(−Ea/kT) (sigmaT convention)" in out and "S K/cm" in out
    (fit,) = stored_fits(open_kb().user_store, ["run-T"])
    # σT = A·exp(−Ea/kT) over 298–373 K of σ with Ea 0.57 eV: Ea(σT) ≈ 0.57 + k·T̄ ≈ 0.599 eV
    assert fit["fits"][0]["segments"][0]["Ea_eV"] == pytest.approx(0.5987, abs=1e-3)


def test_eis_fit_stored_under_a_key_is_shown(run_cli, user_db, shared_dir):
    path = shared_dir / "cases/lab-files/F4_latp_li_inductive_tail.csv"
    args = ("eis", str(path), "--thickness", "1 mm", "--area", "1 cm2", "-T", "25 C")
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    (fitted,) = json.loads(out)["spectra"]
    code, _, err = run_cli(*args, "--store", "eis-1")
    assert code == 0, err
    code, out, err = run_cli("db", "show", "eis-1")
    assert code == 0, err
    out = " ".join(out.split())
    assert "eis_fit 'eis-1' (user, hydrion eis --store, " in out
    assert "F4_latp_li_inductive_tail.csv at 25.0 °C (thickness 0.1 cm, area 1 cm², " in out
    r_bulk = f"{fitted['R_bulk_ohm']:.2f}"
    assert f"R_bulk = {r_bulk} ± " in out and " Ω (ill-determined)" in out
    assert f"σ_total = {fitted['sigma_total_S_per_cm']:.2e} ± " in out
    _, out, _ = run_cli("db", "show", "eis-1", "--json")
    (fit,) = json.loads(out)["fits"]
    (spectrum,) = fit["spectra"]
    assert (fit["kind"], fit["thickness_cm"], fit["area_cm2"]) == ("eis_fit", 0.1, 1.0)
    assert spectrum["R_bulk_ohm"] == pytest.approx(fitted["R_bulk_ohm"], rel=1e-9)
    assert spectrum["temperature_K"] == pytest.approx(298.15)
    # σ = L / (R·A): the stored σ is the stored R_bulk's
    assert spectrum["sigma_bulk_S_per_cm"] == pytest.approx(0.1 / spectrum["R_bulk_ohm"])


def test_fit_stored_with_a_material_is_shown_with_it(run_cli, user_db, pellet):
    code, _, err = run_cli(
        "arrhenius", "fit", str(pellet), "--store", "pellet-a", "--material", "LiBH4"
    )
    assert code == 0, err
    code, out, err = run_cli("db", "show", "LiBH4")
    assert code == 0, err
    out = " ".join(out.split())
    assert "arrhenius_fit 'pellet-a' (user, hydrion arrhenius fit --store, " in out
    assert " UTC, with libh4), from " in out
    _, out, _ = run_cli("db", "show", "LiBH4", "--json")
    sheet = MaterialSheet.from_dict(json.loads(out))
    (fit,) = sheet.stored_fits
    assert (fit["key"], fit["material"]) == ("pellet-a", "libh4")
    fresh = material_sheet(open_kb(), "LiBH4")
    assert MaterialSheet.from_dict(json.loads(json.dumps(fresh.as_dict()))) == fresh
    # a material with nothing stored shows no such table
    _, out, _ = run_cli("db", "show", "TiS2")
    assert "arrhenius_fit" not in out


def test_a_key_with_nothing_stored_is_still_refused(run_cli, user_db):
    code, out, err = run_cli("db", "show", "no-such-run")
    assert code == 2 and out == ""
    assert err.strip() == (
        "hydrion: error: no material 'no-such-run' in the knowledge base; see 'hydrion db list'"
    )


def test_a_stored_fit_that_does_not_read_back_is_left_out(run_cli, user_db, pellet):
    code, _, err = run_cli("arrhenius", "fit", str(pellet), "--store", "good")
    assert code == 0, err
    store = open_kb().user_store
    fits = store.get("arrhenius_fit", "good")
    fits["fits"][0]["segments"][0]["T_min_K"] = -5.0  # no absolute temperature below 0 K
    store.put("arrhenius_fit", "bad", fits)
    store.put("eis_fit", "bad", {"files": ["x.csv"], "spectra": []})
    with pytest.warns(HydrionWarning) as caught:
        found = stored_fits(store, ["good", "bad"])
    assert sorted(str(w.message).split(": stored ")[1].split(" (")[0] for w in caught) == [
        "arrhenius_fit 'bad' does not read back as what 'hydrion arrhenius fit --store' stores",
        "eis_fit 'bad' does not read back as what 'hydrion eis --store' stores",
    ]
    assert [(f["kind"], f["key"]) for f in found] == [("arrhenius_fit", "good")]
    code, out, err = run_cli("db", "show", "bad")
    assert code == 2 and "stored eis_fit 'bad' does not read back" in err


def test_storing_a_fit_twice_under_one_key_says_it_replaced_the_first(run_cli, user_db, pellet):
    """A second --store under the same key replaced the first silently (outside breaker B1)."""
    code, out, err = run_cli("arrhenius", "fit", str(pellet), "--store", "vftkey")
    assert code == 0 and "replaced" not in out, err
    (first,) = stored_fits(open_kb().user_store, ["vftkey"])
    code, out, err = run_cli("arrhenius", "fit", str(pellet), "--store", "vftkey")
    assert code == 0, err
    date = first["stored_at"].replace("T", " ")[:16]
    assert f"replaced the arrhenius_fit stored under 'vftkey' on {date} UTC" in out
    (second,) = stored_fits(open_kb().user_store, ["vftkey"])
    code, out, err = run_cli("arrhenius", "fit", str(pellet), "--store", "vftkey", "--json")
    assert code == 0, err
    assert json.loads(out)["replaced"] == second["stored_at"]
    _, out, _ = run_cli("arrhenius", "fit", str(pellet), "--json")
    assert json.loads(out)["replaced"] is None  # nothing stored, nothing replaced


def test_eis_store_twice_under_one_key_says_it_replaced_the_first(run_cli, user_db, shared_dir):
    path = shared_dir / "cases/lab-files/F4_latp_li_inductive_tail.csv"
    args = ("eis", str(path), "--thickness", "1 mm", "--area", "1 cm2", "--store", "eis-1")
    code, out, err = run_cli(*args)
    assert code == 0 and "replaced the" not in out, err
    (first,) = stored_fits(open_kb().user_store, ["eis-1"])
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    assert json.loads(out)["replaced"] == first["stored_at"]
    code, out, err = run_cli(*args)
    assert code == 0 and "replaced the eis_fit stored under 'eis-1' on " in out, err
