"""A stored fit damaged in any part of its payload (non-dict items, wrong types at each level,
nulls, numbers beyond the float range, nested garbage) is left out of ``db show`` with the
one-line "does not read back … skipped" warning naming what is wrong, and the rest of the page
is shown, in text and ``--json``. A list of non-dicts as an Arrhenius fit's ``fits`` gave an
AttributeError traceback and lost the whole page (outside breaker B1)."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest

from hydrion.experiment.eis import fit_spectrum
from hydrion.experiment.spectrum_readers import read_spectrum
from hydrion.kb import open_kb
from hydrion.transport import fit_arrhenius

K_B_EV = 8.617333262e-5  # Boltzmann constant, eV/K (CODATA 2018)
HUGE = 10**400  # an integer JSON allows and no float holds


@pytest.fixture(scope="module")
def good(shared_dir) -> dict[str, dict[str, Any]]:
    """What 'arrhenius fit --store' and 'eis --store' keep, both with --material LiBH4."""
    T = np.linspace(300, 400, 6)
    law = fit_arrhenius(T, 100 * np.exp(-0.5 / (K_B_EV * T)), "sigma", "single")
    path = shared_dir / "cases/lab-files/F4_latp_li_inductive_tail.csv"
    spectrum = fit_spectrum(read_spectrum(path, temperature_K=298.15), 0.1, 1.0)
    return {
        "arrhenius_fit": {
            "file": "a.csv",
            "fits": [{"direction": None, **law.as_dict()}],
            "material": "libh4",
        },
        "eis_fit": {
            "files": [str(path)],
            "thickness_cm": 0.1,
            "area_cm2": 1.0,
            "spectra": [spectrum.as_dict()],
            "arrhenius": None,
            "arrhenius_warnings": [],
            "material": "libh4",
        },
    }


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


SEGMENT = ("fits", 0, "segments", 0)
# (kind, where in the payload, the value put there, what the warning says; None: the result
# class's own words)
DAMAGE: list[tuple[str, tuple, Any, str | None]] = [
    ("arrhenius_fit", (), [1, 2], "should be a dict, is list"),
    ("arrhenius_fit", (), "x", "should be a dict, is text"),
    ("arrhenius_fit", ("fits",), [1], "fits[0]: should be a dict, is number"),
    ("arrhenius_fit", ("fits",), ["x"], "fits[0]: should be a dict, is text"),
    ("arrhenius_fit", ("fits",), [[1, 2]], "fits[0]: should be a dict, is list"),
    ("arrhenius_fit", ("fits",), [None], "fits[0]: should be a dict, is null"),
    ("arrhenius_fit", ("fits",), None, "no fits"),
    ("arrhenius_fit", ("fits",), {"a": 1}, "no fits"),
    ("arrhenius_fit", ("file",), None, "file: should be text, is null"),
    ("arrhenius_fit", ("file",), ["a.csv"], "file: should be text, is list"),
    ("arrhenius_fit", ("material",), 5, "material: should be text, is number"),
    ("arrhenius_fit", ("material",), {"id": "libh4"}, "material: should be text, is dict"),
    (
        "arrhenius_fit",
        ("fits", 0, "direction"),
        "up",
        "fits[0].direction: should be heating or cooling",
    ),
    ("arrhenius_fit", ("fits", 0, "direction"), [1], "fits[0].direction: should be text, is list"),
    ("arrhenius_fit", ("fits", 0, "segments"), [1], None),
    ("arrhenius_fit", ("fits", 0, "segments"), None, None),
    ("arrhenius_fit", (*SEGMENT, "Ea_eV"), "0.5", None),
    ("arrhenius_fit", (*SEGMENT, "Ea_eV"), None, None),
    ("arrhenius_fit", (*SEGMENT, "n_points"), HUGE, "segments[0].n_points: an integer beyond"),
    ("arrhenius_fit", (*SEGMENT, "prefactor"), HUGE, "segments[0].prefactor: an integer beyond"),
    ("arrhenius_fit", ("fits", 0, "n_bootstrap"), HUGE, "fits[0].n_bootstrap: an integer"),
    ("arrhenius_fit", (*SEGMENT, "ln_prefactor"), 1e308, "prefactor outside the float range"),
    ("arrhenius_fit", (*SEGMENT, "ln_prefactor"), -1e308, "prefactor outside the float range"),
    ("arrhenius_fit", ("fits", 0, "temperature_K"), [[1, [2]]], None),
    ("arrhenius_fit", ("fits", 0, "warnings"), _nested(100), "nests more than 64 levels"),
    ("eis_fit", ("spectra",), [None], "spectra[0]: should be a dict, is null"),
    ("eis_fit", ("spectra",), [], "no spectra"),
    (
        "eis_fit",
        ("spectra", 0, "R_bulk_ohm"),
        None,
        "spectra[0].R_bulk_ohm: should be a positive finite",
    ),
    ("eis_fit", ("spectra", 0, "R_bulk_ohm"), float("inf"), "spectra[0].R_bulk_ohm"),
    ("eis_fit", ("spectra", 0, "R_bulk_ohm"), -3.0, "spectra[0].R_bulk_ohm"),
    ("eis_fit", ("spectra", 0, "points_used"), HUGE, "spectra[0].points_used: an integer"),
    ("eis_fit", ("spectra", 0, "kk"), "x", None),
    ("eis_fit", ("spectra", 0, "kk", "M"), HUGE, "spectra[0].kk.M: an integer beyond"),
    ("eis_fit", ("files",), [1], "files: a list of text"),
    ("eis_fit", ("files",), "a.csv", "files: should be list, is text"),
    ("eis_fit", ("thickness_cm",), "1 mm", "thickness_cm: should be number, is text"),
    ("eis_fit", ("thickness_cm",), True, "thickness_cm: should be number, is bool"),
    ("eis_fit", ("area_cm2",), -1, "area_cm2: should be a positive number, is -1"),
    ("eis_fit", ("arrhenius",), [1], "arrhenius: should be dict, is list"),
    ("eis_fit", ("arrhenius",), {"segments": [{"ln_prefactor": 800}]}, "arrhenius.segments[0]"),
    ("eis_fit", ("arrhenius_warnings",), [{}], "arrhenius_warnings: a list of text"),
]


def _damaged(payload: dict[str, Any], where: tuple, value: Any) -> Any:
    """A copy of ``payload`` with ``value`` put at ``where`` (the whole payload for ())."""
    if not where:
        return value
    damaged = copy.deepcopy(payload)
    parent = damaged
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    return damaged


@pytest.mark.parametrize(("kind", "where", "value", "why"), DAMAGE)
def test_a_damaged_stored_fit_is_skipped_with_a_warning_and_the_page_shown(
    run_cli, user_db, good, kind, where, value, why
):
    other = "eis_fit" if kind == "arrhenius_fit" else "arrhenius_fit"
    store = open_kb().user_store
    store.put(other, "run", good[other])
    damaged = _damaged(good[kind], where, value)
    store.put(kind, "run", damaged)
    # a payload that names no material (or not as text) is found by its key only
    by_material = isinstance(damaged, dict) and damaged.get("material") == "libh4"
    for name in ("run", "LiBH4") if by_material else ("run",):
        code, out, err = run_cli("db", "show", name)
        assert code == 0, err
        (warning,) = err.strip().splitlines()
        assert warning.startswith("hydrion: warning: user database ")
        assert f"stored {kind} 'run' does not read back as what" in warning
        assert warning.endswith("; skipped") and (why is None or why in warning), warning
        assert f"{other} 'run' (user, " in out and f"{kind} 'run'" not in out
        code, out, err = run_cli("db", "show", name, "--json")
        assert code == 0 and "does not read back" in err
        page = json.loads(out)
        fits = page["fits"] if name == "run" else page["stored_fits"]
        assert [(f["kind"], f["key"]) for f in fits] == [(other, "run")]
    if name == "LiBH4":
        assert page["material"]["id"] == "libh4"
