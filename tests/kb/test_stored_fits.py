"""Reading stored fits back: a damaged record is left out with a warning, a bug in hydrion's
own reading is not hidden as one (outside audit A1), and the kinds looked for are those
:data:`FIT_KINDS` names."""

from __future__ import annotations

import numpy as np
import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import stored_fits as stored_fits_module
from hydrion.kb.store import UserStore
from hydrion.kb.stored_fits import read_back, stored_fits
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
        ("arrhenius_fit", ["not", "a", "dict"], "a dict, not list"),
        ("arrhenius_fit", {"file": "a.csv"}, "no fits"),  # a KeyError before
        ("arrhenius_fit", {"file": "a.csv", "fits": [3]}, "a fit is not a dict"),
        ("arrhenius_fit", {**_payload(), "file": 7}, "file names are not text"),
        ("eis_fit", {"files": ["x.csv"]}, "no spectra"),
        ("eis_fit", {"spectra": [{}]}, "file names are not text"),
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
