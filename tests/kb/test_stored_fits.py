"""Reading stored fits back: a damaged record is left out with a warning, a bug in hydrion's
own reading is not hidden as one (outside audit A1), and the kinds looked for are those
:data:`FIT_KINDS` names."""

from __future__ import annotations

import numpy as np
import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import stored_fits as stored_fits_module
from hydrion.kb.store import UserStore
from hydrion.kb.stored_fits import read_back, store_fit, stored_fits
from hydrion.transport import ArrheniusFit, fit_arrhenius

K_B_EV = 8.617333262e-5  # Boltzmann constant, eV/K (CODATA 2018)


def _payload() -> dict:
    """What 'arrhenius fit --store' keeps of σ = 100 S/cm · exp(−0.5 eV/kT) at 300–400 K."""
    T = np.linspace(300, 400, 6)
    fit = fit_arrhenius(T, 100 * np.exp(-0.5 / (K_B_EV * T)), "sigma", "single")
    return {"file": "a.csv", "fits": [{"direction": None, **fit.as_dict()}]}


@pytest.fixture
def store(tmp_path) -> UserStore:
    return UserStore(tmp_path / "user.sqlite")


def test_the_stored_laws_read_back_as_their_results():
    (direction, fit), *others = read_back("arrhenius_fit", _payload()).laws
    assert direction is None and not others
    assert isinstance(fit, ArrheniusFit) and fit.segments[0].Ea_eV == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("kind", "payload", "why"),
    [
        ("arrhenius_fit", ["not", "a", "dict"], "should be a dict, is list"),
        ("arrhenius_fit", {"file": "a.csv"}, "no fits"),  # a KeyError before
        ("arrhenius_fit", {"file": "a.csv", "fits": [3]}, "fits[0]: should be a dict, is number"),
        ("arrhenius_fit", {**_payload(), "file": 7}, "file: should be text, is number"),
        ("eis_fit", {"files": ["x.csv"]}, "no spectra"),
        ("eis_fit", {"spectra": [{}]}, "files: should be list, is null"),
    ],
)
def test_a_damaged_record_is_left_out_with_a_warning(store, kind, payload, why):
    store.put("arrhenius_fit", "good", _payload())
    store.put(kind, "bad", payload)
    with pytest.warns(HydrionWarning, match=f"stored {kind} 'bad' does not read back") as caught:
        found = stored_fits(store, ["good", "bad"])
    assert f"({why}); skipped" in str(caught[0].message)
    assert [(f["kind"], f["key"]) for f in found] == [("arrhenius_fit", "good")]


def test_a_bug_in_reading_back_is_not_hidden_as_a_damaged_record(store, monkeypatch):
    store.put("arrhenius_fit", "good", _payload())

    def broken(stored):
        raise TypeError("a bug in hydrion's own code")

    monkeypatch.setattr(stored_fits_module, "fit_result", broken)
    with pytest.raises(TypeError, match="a bug in hydrion's own code"):
        stored_fits(store, ["good"])


def test_only_the_kinds_fit_kinds_names_are_looked_for(store, monkeypatch):
    store.put("arrhenius_fit", "run", _payload())
    store.put("eis_fit", "run", {"files": ["x.csv"]})  # damaged: warned about if looked for
    monkeypatch.setattr(
        stored_fits_module, "FIT_KINDS", {"arrhenius_fit": "hydrion arrhenius fit --store"}
    )
    (fit,) = stored_fits(store, ["run"], material_id="libh4")
    assert (fit["kind"], fit["key"], fit["file"]) == ("arrhenius_fit", "run", "a.csv")


def test_the_database_s_kind_key_and_date_win_over_the_payload_s(store):
    """A payload holding 'kind', 'key' or 'stored_at' of its own (edited behind hydrion's back)
    overwrote the database's: db show then read it as another kind (KeyError 'spectra') and
    --json gave the wrong key and date (outside breaker B1)."""
    store.put("arrhenius_fit", "run", {**_payload(), "kind": "eis_fit", "key": "other"})
    store.put("arrhenius_fit", "dated", {**_payload(), "stored_at": "yesterday"})
    (run,) = stored_fits(store, ["run"])
    (dated,) = stored_fits(store, ["dated"])
    assert (run["kind"], run["key"]) == ("arrhenius_fit", "run")
    assert dated["stored_at"] != "yesterday" and dated["stored_at"][:2] == "20"
    assert list(run)[:3] == ["kind", "key", "stored_at"]


def test_store_fit_says_when_the_fit_it_replaced_was_stored(store):
    assert store_fit(store, "arrhenius_fit", "run", _payload()) is None
    (first,) = stored_fits(store, ["run"])
    assert store_fit(store, "eis_fit", "run", {"files": []}) is None  # another kind: kept
    assert store_fit(store, "arrhenius_fit", "run", _payload()) == first["stored_at"]
    assert len(store.query("SELECT 1 FROM records WHERE key = 'run'")) == 2


def test_a_fit_holding_nan_or_inf_is_found_by_its_material(store):
    """json.dumps writes an error the data cannot set as Infinity (NaN as NaN), which
    SQLite's json_valid refuses: such a fit was never found by its material."""
    payload = {**_payload(), "material": "libh4"}
    payload["fits"][0]["segments"][0]["Ea_err_eV"] = float("inf")
    store.put("arrhenius_fit", "ill", payload)
    named = {**_payload(), "file": "libh4"}  # its text holds "libh4", not as its material
    named["fits"][0]["segments"][0]["Ea_err_eV"] = float("inf")
    store.put("arrhenius_fit", "named", named)
    (fit,) = stored_fits(store, [], material_id="libh4")
    assert fit["key"] == "ill" and fit["fits"][0]["segments"][0]["Ea_err_eV"] == float("inf")
