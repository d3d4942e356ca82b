"""Results read back refuse what their constructors refuse, by the same checks (issue 12).

``Result.from_dict`` builds every result (and every nested one) through its constructor's
``__post_init__``; a dict that breaks a physical rule (σ < 0, a temperature ≤ 0 K, arrays of
one value per point with different lengths, composite fractions above 1, non-finite figures)
is refused with the constructor's own error, naming the field. Tags are checked exactly
against the class read, and user data (units, metadata) may hold tag-like keys.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from hydrion.errors import HydrionError, InputError, ResultValueError
from hydrion.results import RESULT_CLASSES, Result


def _json(result: Result) -> dict:
    return json.loads(json.dumps(result.as_dict()))


@pytest.fixture(scope="module")
def grid():
    from hydrion.transport import sigma_at

    return sigma_at("LiBH4", np.array([300.0, 350.0, 400.0]))


@pytest.fixture(scope="module")
def sigma():
    from hydrion.transport import sigma_at

    return sigma_at("LiBH4", 400.0)


@pytest.fixture(scope="module")
def design():
    from hydrion.cell.design_report import DesignReport
    from hydrion.cell.limits import rate_limits
    from hydrion.cell.stack import StackDesign, evaluate, resolve
    from hydrion.cell.studies import separator_study
    from hydrion.kb import open_kb

    kb = open_kb()
    resolved = resolve(StackDesign.default("tis2", "libh4", "li"), kb)
    limits = rate_limits(resolved, kb.material("libh4"), 393.15)
    return DesignReport.of(evaluate(resolved), [separator_study(resolved)], limits)


@pytest.fixture(scope="module")
def eis():
    from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum
    from hydrion.experiment.eis_series import EISReport

    spectrum = synthetic_spectrum([20.0, 1.27e5, 1e-11, 0.92, 2e-6, 0.85], np.logspace(7, -1, 30))
    return EISReport((fit_spectrum(spectrum, 0.1, 0.785),), None, ())


def _shorten(key: str) -> Callable[[dict], None]:
    return lambda d: d.update({key: d[key][:-1]})


def _set(path: str, value) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        *steps, last = path.split(".")
        for step in steps:
            d = d[int(step)] if step.isdigit() else d[step]
        d[int(last) if last.isdigit() else last] = value

    return change


#: (fixture, change to its JSON, error class, message): one row per physical rule
CORRUPTED = [
    ("grid", _shorten("sigma_S_per_cm"), InputError, "lengths differ .*sigma_S_per_cm 2"),
    ("grid", _shorten("phase"), InputError, "lengths differ .*phase 2"),
    ("grid", _set("sigma_S_per_cm.1", -1e-3), InputError, r"SigmaGrid.sigma_S_per_cm: σ"),
    ("grid", _set("temperature_K.0", 0.0), InputError, "temperature_K: .* not 0.0"),
    ("grid", _set("temperature_K", 300.0), InputError, "one value per point"),
    ("sigma", _set("sigma_S_per_cm", -1e-3), InputError, "SigmaResult.sigma_S_per_cm"),
    ("sigma", _set("sigma_S_per_cm", math.inf), InputError, "finite and ≥ 0 .* not inf"),
    ("sigma", _set("temperature_K", -5), InputError, "above 0 K, not -5"),
    ("sigma", _set("temperature_K", None), InputError, "above 0 K, not nan"),  # null→NaN
    (
        "design",
        _set("design.positive_composite.active", 1.5),
        InputError,
        "positive composite fractions must lie in 0..1",
    ),
    ("design", _set("design.np_ratio", None), InputError, r"design: np_ratio: .*finite"),
    ("design", _set("areal_capacity_mAh_per_cm2", None), InputError, "finite and > 0"),
    ("design", _set("areal_capacity_mAh_per_cm2", -2.0), InputError, "> 0, not -2.0"),
    ("design", _set("layers.separator.mass_mg_per_cm2", -1), InputError, "layers"),
    ("design", _set("limits.ohmic_drop_V", [0.1]), InputError, "limits"),
    ("design", _set("limits.sigma_S_per_cm", -1.0), InputError, "limits: RateLimit.sigma"),
    ("design", _set("studies.0.Wh_per_L", [1.0]), InputError, "studies.0: .*lengths"),
    ("eis", _set("spectra.0.sigma_bulk_S_per_cm", -1e-6), InputError, "spectra.0: EIS"),
    ("eis", _set("spectra.0.temperature_K", 0), InputError, "temperature_K"),
]


@pytest.mark.parametrize(
    ("name", "change", "error", "message"), CORRUPTED, ids=lambda v: getattr(v, "__name__", None)
)
def test_a_corrupted_dict_is_refused_naming_the_field(request, name, change, error, message):
    result = request.getfixturevalue(name)
    data = _json(result)
    assert type(result).from_dict(data) == result  # the untouched dict reads back
    change(data)
    with pytest.raises(error, match=message) as info:
        type(result).from_dict(data)
    # the values came from a file: a user's error (one CLI line), not the constructor's bug
    assert isinstance(info.value, HydrionError) and not isinstance(info.value, ResultValueError)
    assert "\n" not in str(info.value) and str(info.value).startswith(
        f"not a {type(result).__name__}"
    )


def test_the_constructor_refuses_what_read_back_refuses(grid, sigma, design):
    # the same checks on both paths: built in code, the values are refused by the same rule,
    # as a programming error (ValueError, not a HydrionError: the CLI shows its traceback)
    assert issubclass(ResultValueError, ValueError)
    assert not issubclass(ResultValueError, HydrionError)
    with pytest.raises(ResultValueError, match="lengths differ"):
        dataclasses.replace(grid, sigma_S_per_cm=grid.sigma_S_per_cm[:-1])
    with pytest.raises(ResultValueError, match="SigmaResult.sigma_S_per_cm"):
        dataclasses.replace(sigma, sigma_S_per_cm=-1.0)
    with pytest.raises(ResultValueError, match="temperature_K"):
        dataclasses.replace(sigma, temperature_K=math.nan)
    # a design our own code put in a result: a bug too (the user's design is refused, as an
    # InputError, by resolve() before any work)
    composite = dataclasses.replace(design.design.positive_composite, active=1.5)
    with pytest.raises(ResultValueError, match="DesignReport.design: .*fractions must lie"):
        dataclasses.replace(
            design, design=dataclasses.replace(design.design, positive_composite=composite)
        )


def test_an_ionic_path_needs_a_volume_fraction_in_0_1():
    from hydrion.cell.limits import IonicPath

    path = IonicPath(0.05, 0.01, 0.4, 2.0, 1.5)
    data = _json(path)
    assert IonicPath.from_dict(data) == path
    for value in (0.0, 1.2, None):
        with pytest.raises(InputError, match=r"electrolyte_volume_fraction: must lie in \(0, 1\]"):
            IonicPath.from_dict({**data, "electrolyte_volume_fraction": value})
    with pytest.raises(InputError, match="separator_thickness_cm: must be finite and ≥ 0"):
        IonicPath.from_dict({**data, "separator_thickness_cm": -0.05})
    # the same values built in code: the constructor's error, not a user's
    with pytest.raises(ResultValueError, match="separator_thickness_cm: must be finite"):
        IonicPath(-0.05, 0.01, 0.4, 2.0, 1.5)
    # float rounding of a volume fraction of 1 is not refused
    assert IonicPath(0.05, 0.01, 1 + 2e-16, 2.0, 1.5).electrolyte_volume_fraction > 1


def test_missing_sigma_stays_nan_and_an_underflow_reads(grid):
    # NaN marks a point without a law and 0.0 an underflow of a tiny σ: both are values
    data = _json(grid)
    data["sigma_S_per_cm"] = [None, 0.0, data["sigma_S_per_cm"][2]]
    back = type(grid).from_dict(data)
    assert math.isnan(back.sigma_S_per_cm[0]) and back.sigma_S_per_cm[1] == 0.0


def test_every_own_post_init_runs_the_common_checks():
    # a subclass __post_init__ that forgot super() would skip check_result on both paths
    import hydrion.atomistic.md  # noqa: F401  (defines RunResult)
    import hydrion.cell.stack  # noqa: F401  (defines StackResult)

    own = [c for c in RESULT_CLASSES if "__post_init__" in c.__dict__]
    assert {"StackResult", "RunResult"} <= {c.__name__ for c in own}
    missing = [
        c.__name__
        for c in own
        if "super().__post_init__()" not in inspect.getsource(c.__post_init__)
    ]
    assert missing == []


# ---- @module / @class exactly; user data may hold such keys ------------------------------


@pytest.mark.parametrize(
    "tags",
    [
        {"@module": "hydrion.evil"},
        {"@module": "hydrion.transport"},  # a prefix of the real module
        {"@module": "hydrion.transport.sigma_results.x"},
        {"@module": "hydrion.transport.arrhenius"},  # a hydrion module, not this class's
        {"@class": "SigmaResult"},
        {"@class": "Popen"},
    ],
)
def test_tags_must_name_exactly_the_class(grid, tags):
    before = set(sys.modules)
    with pytest.raises(InputError, match="refused"):
        type(grid).from_dict({**_json(grid), **tags})
    assert set(sys.modules) - before == set()


def test_tags_of_the_class_itself_or_none_read(grid):
    data = _json(grid)
    assert data["@module"] == "hydrion.transport.sigma_results" and data["@class"] == "SigmaGrid"
    assert type(grid).from_dict({k: v for k, v in data.items() if not k.startswith("@")}) == grid


def test_a_nested_result_with_another_module_is_refused(design):
    data = _json(design)
    data["limits"]["@module"] = "hydrion.cell.limit"  # RateLimit lives in hydrion.cell.limits
    with pytest.raises(InputError, match="DesignReport.limits names module 'hydrion.cell.limit'"):
        type(design).from_dict(data)


@pytest.mark.parametrize(
    "units",
    [
        {"@module": "os", "@class": "system"},
        {"@module": "x"},
        {"@class": "SigmaGrid", "R0": "Ohm"},
    ],
)
def test_user_data_with_tag_keys_round_trips(eis, units):
    spectrum = dataclasses.replace(eis.spectra[0], units=units)
    report = dataclasses.replace(eis, spectra=(spectrum,))
    back = type(report).from_dict(_json(report))
    assert back == report and back.spectra[0].units == units


def test_metadata_with_tag_keys_round_trips():
    from hydrion.atomistic.md import RunResult

    metadata = {"frames_written": 3, "n_atoms": 10, "@class": "Popen", "@module": "subprocess"}
    run = RunResult(Path("a.extxyz"), metadata, 0, 1.0, False)
    assert RunResult.from_dict(_json(run)) == run


def test_a_dict_that_names_a_hydrion_result_must_be_one(sigma):
    data = _json(sigma)
    data["law"]["Ea_eV"] = "high"
    with pytest.raises(InputError, match="SigmaResult.law: not a ArrheniusLaw: Ea_eV"):
        type(sigma).from_dict(data)


def test_every_refusal_is_a_hydrion_error(grid):
    data = _json(grid)
    data["extrapolated"] = data["extrapolated"][:1]
    with pytest.raises(HydrionError):
        type(grid).from_dict(data)


def test_a_module_the_class_lived_in_before_reads():
    from hydrion.atomistic.estimates import Estimate

    data = {"@class": "Estimate", "value": 1.5, "error": 0.5, "n_blocks": 5}
    assert Estimate.from_dict({**data, "@module": "hydrion.atomistic.analysis"}).value == 1.5
    with pytest.raises(InputError, match="refused"):
        Estimate.from_dict({**data, "@module": "hydrion.atomistic.md"})


@pytest.mark.parametrize(
    "value",
    [["300"], [True, True, True], "300", "@array 0123456789abcdef temperature_K", [[300.0]]],
)
def test_an_array_of_anything_but_numbers_is_refused(grid, value):
    data = _json(grid)
    data["temperature_K"] = value
    with pytest.raises(InputError, match="not a SigmaGrid"):
        type(grid).from_dict(data)


def test_a_nested_array_of_text_is_refused(design):
    data = _json(design)
    data["studies"][0]["values"] = [str(v) for v in data["studies"][0]["values"]]
    with pytest.raises(InputError, match=r"studies\.0\.values: .*expected numbers"):
        type(design).from_dict(data)


# ---- the CLI: a user's bad file is one line (exit 2); a result our code built badly is a bug


def test_cli_a_users_file_with_an_impossible_sigma_is_one_line(run_cli, tmp_path):
    table = tmp_path / "sigma.csv"
    table.write_text("T_C,sigma_S_per_cm\n25,-1e-4\n50,2e-4\n75,5e-4\n", encoding="utf-8")
    code, out, err = run_cli("arrhenius", "fit", str(table))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "non-positive conductivity in row 1" in err


def test_cli_a_result_our_code_builds_badly_shows_its_traceback(
    run_cli, sigma, monkeypatch, tmp_path
):
    # a bug (an analysis returning σ < 0) is not the user's: the CLI prints the traceback and
    # says it is a bug (exit 1), instead of one 'hydrion: error:' line and exit 2
    import hydrion.transport

    def broken_fit(*args, **kwargs):
        return dataclasses.replace(sigma, sigma_S_per_cm=-1.0)

    monkeypatch.setattr(hydrion.transport, "fit_arrhenius", broken_fit)
    table = tmp_path / "sigma.csv"
    table.write_text("T_C,sigma_S_per_cm\n25,1e-4\n50,2e-4\n75,5e-4\n", encoding="utf-8")
    code, _, err = run_cli("arrhenius", "fit", str(table))
    assert code == 1 and "Traceback" in err and "this is a bug in hydrion" in err
    assert "ResultValueError: SigmaResult.sigma_S_per_cm" in err
    assert "hydrion: error:" not in err
