"""The physical rules each result class declares in ``checks`` (issue 12, read-back checks).

Every rule is tested the same way: a real result (computed by hydrion from valid data) is
written with ``as_dict``, one value in its JSON is made impossible, and ``from_dict`` must
refuse it with one InputError line naming the class and the field; the untouched dict reads
back equal. The same value given by hydrion's own code is a bug: ResultValueError (the CLI's
traceback), not a user's error.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from dataclasses import fields

import numpy as np
import pytest

from hydrion.constants import BOLTZMANN_eV_per_K as K_B_EV
from hydrion.errors import HydrionError, InputError, ResultValueError
from hydrion.result_checks import Check
from hydrion.results import RESULT_CLASSES, Result


def _json(result: Result) -> dict:
    return json.loads(json.dumps(result.as_dict()))


def _set(path: str, value) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        *steps, last = path.split(".")
        for step in steps:
            d = d[int(step)] if step.isdigit() else d[step]
        d[int(last) if last.isdigit() else last] = value

    return change


def _drop_row(path: str) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        d[path] = d[path][:-1]

    return change


# ---- real results ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def fit():
    from hydrion.transport import fit_arrhenius

    T = np.linspace(300.0, 400.0, 8)
    rng = np.random.default_rng(1)
    sigma = 1e3 * np.exp(-0.5 / (K_B_EV * T)) * np.exp(rng.normal(0, 0.02, T.size))
    return fit_arrhenius(T, sigma)


@pytest.fixture(scope="module")
def falling_fit():
    """σ that falls as T rises (a decomposing sample, a contact lost on heating): the fit
    gives a negative Ea from measured data, a result hydrion produces."""
    from hydrion.transport import fit_arrhenius

    T = np.linspace(300.0, 400.0, 8)
    rng = np.random.default_rng(2)
    sigma = 1e-7 * np.exp(0.2 / (K_B_EV * T)) * np.exp(rng.normal(0, 0.02, T.size))
    return fit_arrhenius(T, sigma)


@pytest.fixture(scope="module")
def sigma():
    from hydrion.transport import sigma_at

    return sigma_at("LiBH4", 400.0)


@pytest.fixture(scope="module")
def grid():
    from hydrion.transport import sigma_at

    return sigma_at("LiBH4", np.array([300.0, 350.0, 400.0]))


@pytest.fixture(scope="module")
def vft():
    from hydrion.transport.vft import fit_vft

    T = np.linspace(250.0, 400.0, 12)
    return fit_vft(T, 10.0 * np.exp(-800.0 / (T - 150.0)))


@pytest.fixture(scope="module")
def estimate():
    from hydrion.atomistic.estimates import block_estimate

    return block_estimate([1.0e-6, 1.2e-6, 0.9e-6, 1.1e-6, 1.0e-6])


@pytest.fixture(scope="module")
def cycling():
    from hydrion.experiment.cycler_formats import CyclingData
    from hydrion.experiment.cycling import summarise

    half = np.linspace(0, 3600, 50)
    time = np.concatenate([half + 3600 * k for k in range(4)])
    current = np.concatenate([np.full(50, 1.0 if k % 2 else -1.0) for k in range(4)])
    voltage = np.concatenate(
        [np.linspace(2.0, 1.0, 50) if k % 2 == 0 else np.linspace(1.0, 2.0, 50) for k in range(4)]
    )
    return summarise(CyclingData(time_s=time, voltage_V=voltage, current_mA=current), 10.0)


@pytest.fixture(scope="module")
def cv():
    from hydrion.experiment.cv import apparent_window

    e = np.concatenate([np.linspace(2.0, 5.0, 61), np.linspace(5.0, -0.2, 105)])
    j = np.where(e > 4.2, 0.5 * (e - 4.2), 0.0) + np.where(e < 0.0, 2.0 * e, 0.0)
    return apparent_window(e, j, 0.05)


@pytest.fixture(scope="module")
def eis():
    from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum

    spectrum = synthetic_spectrum([20.0, 1.27e5, 1e-11, 0.92, 2e-6, 0.85], np.logspace(7, -1, 30))
    return fit_spectrum(spectrum, 0.1, 0.785)


@pytest.fixture(scope="module")
def stack():
    from hydrion.cell.stack import StackDesign, resolve
    from hydrion.kb import open_kb

    kb = open_kb()
    return resolve(StackDesign.default("tis2", "libh4", "li"), kb), kb


@pytest.fixture(scope="module")
def limit_map(stack):
    from hydrion.cell.limits import limit_map
    from hydrion.transport.kb_models import conductivity_model

    resolved, kb = stack
    model = conductivity_model(kb.material("libh4"))
    return limit_map(resolved, model, [330.0, 380.0, 420.0], [100.0, 500.0])


@pytest.fixture(scope="module")
def design(stack):
    from hydrion.cell.design_report import DesignReport
    from hydrion.cell.limits import rate_limits
    from hydrion.cell.stack import evaluate

    resolved, kb = stack
    limits = rate_limits(resolved, kb.material("libh4"), 393.15)
    return DesignReport.of(evaluate(resolved), [], limits)


@pytest.fixture(scope="module")
def electrode():
    from hydrion.electrode import analyse_electrode

    return analyse_electrode("MgH2")


@pytest.fixture(scope="module")
def paired(electrode):
    from hydrion.electrode.profile import pair_with_cathode
    from hydrion.kb import open_kb

    return pair_with_cathode(electrode, open_kb().material("tis2"))


@pytest.fixture(scope="module")
def compat():
    from hydrion.kb import open_kb
    from hydrion.stability.compatibility import compatibility
    from hydrion.stability.energies import bundled

    kb = open_kb()
    return compatibility(kb.material("libh4"), kb.material("licoo2"), bundled(), kb=kb)


#: (fixture, change to its JSON, message): one row per declared rule
CORRUPTED = [
    # Ea is fitted to measured data and may be negative, but never infinite or missing
    ("fit", _set("segments.0.Ea_eV", math.inf), r"segments\.0: .*SegmentFit\.Ea_eV: must be fin"),
    ("fit", _set("segments.0.Ea_eV", None), r"SegmentFit\.Ea_eV: must be finite, not nan"),
    ("fit", _set("segments.0.Ea_err_eV", -0.01), r"SegmentFit\.Ea_err_eV: an uncertainty"),
    ("fit", _set("segments.0.T_min_K", 450.0), r"SegmentFit\.T_min_K, T_max_K: must run from"),
    ("fit", _set("segments.0.n_points", 0), r"SegmentFit\.n_points: must be finite and > 0"),
    ("fit", _set("transition_bracket_K", [380.0, 320.0]), r"transition_bracket_K: must run"),
    ("fit", _set("transition_err_K", -3.0), r"ArrheniusFit\.transition_err_K: an uncertainty"),
    ("fit", _set("n_bootstrap", -1), r"ArrheniusFit\.n_bootstrap: must be finite and ≥ 0"),
    ("sigma", _set("validity_K", [420.0, 300.0]), r"SigmaResult\.validity_K: must run from low"),
    ("sigma", _set("validity_K", [-20.0, 300.0]), r"SigmaResult\.validity_K: must be .*, not -20"),
    ("sigma", _set("validity_K", [300.0, None]), r"SigmaResult\.validity_K: must be .*, not nan"),
    ("sigma", _set("extrapolation_K", -5.0), r"SigmaResult\.extrapolation_K: must be finite"),
    ("sigma", _set("sigma_err_log10", -0.1), r"SigmaResult\.sigma_err_log10: an uncertainty"),
    ("sigma", _set("law.Ea_eV", math.inf), r"law: not a ArrheniusLaw: .*Ea_eV: must be finite"),
    ("sigma", _set("law.prefactor", -1.0), r"ArrheniusLaw\.prefactor: must be finite and > 0"),
    ("grid", _set("extrapolation_K.1", -1.0), r"SigmaGrid\.extrapolation_K: must be finite"),
    ("vft", _set("law.A_S_per_cm", 0.0), r"law: .*VFTLaw\.A_S_per_cm: must be finite and > 0"),
    ("vft", _set("law.T0_K", -10.0), r"VFTLaw\.B_K|VFTLaw\.T0_K: must be finite and ≥ 0"),
    ("vft", _set("B_err_K", -1.0), r"VFTFit\.B_err_K: an uncertainty"),
    ("cycling", _set("mass_g", -0.01), r"CyclingSummary\.mass_g: must be finite and > 0"),
    ("cycling", _set("mass_g", 0.0), r"CyclingSummary\.mass_g: must be finite and > 0, not 0"),
    ("cycling", _set("capacity_limit_mAh_per_g", -3861.0), r"capacity_limit_mAh_per_g: must be"),
    ("cycling", _set("cycles.0.discharge_mAh_per_g", -5.0), r"cycles\.0: .*discharge_mAh_per_g"),
    ("cycling", _set("cycles.0.charge_mAh", -0.1), r"CycleSummary\.charge_mAh: must be finite"),
    (
        "cycling",
        _set("cycles.0.coulombic_efficiency_percent", -1.0),
        r"CycleSummary\.coulombic_efficiency_percent: must be finite and ≥ 0",
    ),
    ("cycling", _set("half_cycles.0.capacity_mAh", -1.0), r"HalfCycle\.capacity_mAh: must be"),
    ("cycling", _set("half_cycles.0.start", 10**6), r"HalfCycle\.start, stop: must run from low"),
    ("cv", _set("low_V", 6.0), r"ApparentWindow\.low_V, start_V: must run from low to high"),
    ("eis", _set("thickness_cm", -0.1), r"EISResult\.thickness_cm: must be finite and > 0"),
    ("eis", _set("area_cm2", 0.0), r"EISResult\.area_cm2: must be finite and > 0, not 0"),
    ("eis", _set("frequency_range_Hz", [1e7, 0.1]), r"EISResult\.frequency_range_Hz: must run"),
    ("eis", _set("arcs.0.R_err_ohm", -1.0), r"arcs\.0: .*Arc\.R_err_ohm: an uncertainty"),
    ("eis", _set("kk.M", 0), r"kk: .*KKResult\.M: must be finite and > 0, not 0"),
    ("eis", _set("kk.residual_rms", -1e-4), r"KKResult\.residual_rms: must be finite and ≥ 0"),
    ("estimate", _set("error", -0.1), r"Estimate\.error: an uncertainty must be ≥ 0"),
    ("estimate", _set("n_blocks", -5), r"Estimate\.n_blocks: must be finite and ≥ 0"),
    ("limit_map", _drop_row("max_c_rate"), r"max_c_rate: one value per grid point .*\(2, 2\)"),
    ("limit_map", _set("max_c_rate", [1.0, 2.0]), r"max_c_rate: one value per grid point"),
    ("limit_map", _set("thicknesses_um.0", -100.0), r"LimitMap\.thicknesses_um: must be finite"),
    ("limit_map", _set("max_c_rate.0.1", -2.0), r"LimitMap\.max_c_rate: must be finite and ≥ 0"),
    ("design", _set("limits.c_rates.0", 0.0), r"limits: RateLimit\.c_rates: must be finite and"),
    ("design", _set("limits.total_asr_ohm_cm2", -1.0), r"RateLimit\.total_asr_ohm_cm2: must"),
    ("design", _set("design.np_ratio", -1.0), r"DesignReport\.design: N/P ratio must be positive"),
    ("design", _set("design.loading_mg_per_cm2", 5.0), r"DesignReport\.design: give one of the"),
    ("electrode", _set("capacity_mAh_per_g", -2038.0), r"ElectrodeResult\.capacity_mAh_per_g"),
    ("electrode", _set("hydrogen_wt_percent", -7.6), r"ElectrodeResult\.hydrogen_wt_percent"),
    ("electrode", _set("steps.0.capacity_mAh_per_g", -1.0), r"steps\.0: .*Step\.capacity_mAh"),
    ("electrode", _set("profile.capacity_mAh_per_g.1", -1.0), r"Profile\.capacity_mAh_per_g"),
    ("paired", _set("anode_capacity_mAh_per_g", -1.0), r"PairedEnergy\.anode_capacity_mAh_per_g"),
    ("compat", _set("electrode_range_V", [4.2, 3.0]), r"Compatibility\.electrode_range_V: must"),
    (
        "compat",
        _set("mitigations.0.reaction.mixing_ratio", 1.5),
        r"mitigations\.0\.reaction: .*InterfaceReaction\.mixing_ratio: must lie in \[0, 1\]",
    ),
]


def _ids(value) -> str | None:
    return None if callable(value) else str(value)[:40]


@pytest.mark.parametrize(("name", "change", "message"), CORRUPTED, ids=_ids)
def test_a_value_against_a_declared_rule_is_refused_naming_class_and_field(
    request, name, change, message
):
    result = request.getfixturevalue(name)
    data = _json(result)
    assert type(result).from_dict(data) == result  # the untouched dict reads back
    change(data)
    with pytest.raises(InputError, match=message) as info:
        type(result).from_dict(data)
    text = str(info.value)  # a σ law kept as a tagged dict is named by where it is
    assert "\n" not in text and text.split(":")[0] in (
        f"not a {type(result).__name__}",
        f"{type(result).__name__}.law",
    )


@pytest.mark.parametrize(
    "name",
    [
        "fit",
        "falling_fit",
        "sigma",
        "grid",
        "vft",
        "estimate",
        "cycling",
        "cv",
        "eis",
        "limit_map",
        "design",
        "electrode",
        "paired",
        "compat",
    ],
)
def test_a_valid_result_of_each_class_round_trips(request, name):
    result = request.getfixturevalue(name)
    assert type(result).from_dict(_json(result)) == result


def test_a_negative_ea_fitted_to_measured_data_is_a_result(falling_fit):
    # σ falling with T gives Ea < 0: the fit says so, and the file reads back
    segment = falling_fit.segments[0]
    assert segment.Ea_eV == pytest.approx(-0.2, abs=0.02)
    assert any(
        w.startswith(f"WARNING: Ea = {segment.Ea_eV:.3g} eV ≤ 0") for w in falling_fit.warnings
    )
    assert type(falling_fit).from_dict(_json(falling_fit)).segments[0].Ea_eV == segment.Ea_eV


def test_the_same_values_built_by_our_code_are_a_bug(fit, cycling, limit_map, design):
    # built in code the rule raises ResultValueError (a traceback), not a user's one-line error
    segment = fit.segments[0]
    cases = [
        lambda: dataclasses.replace(segment, Ea_eV=math.nan),
        lambda: dataclasses.replace(segment, T_min_K=segment.T_max_K + 1),
        lambda: dataclasses.replace(cycling, mass_g=-1.0),
        lambda: dataclasses.replace(limit_map, max_c_rate=limit_map.max_c_rate[:, :1]),
        lambda: dataclasses.replace(
            design, design=dataclasses.replace(design.design, np_ratio=-1.0)
        ),
    ]
    for build in cases:
        with pytest.raises(ResultValueError) as info:
            build()
        assert not isinstance(info.value, HydrionError)


def test_a_users_impossible_design_is_still_an_input_error(stack):
    from hydrion.cell.stack import StackDesign, resolve

    _, kb = stack
    with pytest.raises(InputError, match="N/P ratio must be positive"):
        resolve(StackDesign.default("tis2", "libh4", "li", np_ratio=-1.0), kb)


def test_an_empty_limit_map_grid_is_refused_before_any_work(stack):
    from hydrion.cell.limits import limit_map
    from hydrion.transport.kb_models import conductivity_model

    resolved, kb = stack
    with pytest.raises(InputError, match="at least one temperature"):
        limit_map(resolved, conductivity_model(kb.material("libh4")), [], [100.0])


def test_every_declared_rule_names_fields_of_its_class():
    # a misspelt field in a rule would only fail when a result is built
    import hydrion.cell.limits  # noqa: F401
    import hydrion.electrode.analysis  # noqa: F401
    import hydrion.experiment.cv  # noqa: F401
    import hydrion.experiment.cycling  # noqa: F401
    import hydrion.experiment.eis_result  # noqa: F401
    import hydrion.stability.compatibility  # noqa: F401
    import hydrion.transport.vft  # noqa: F401

    declared = {c.__name__ for c in RESULT_CLASSES if c.checks}
    assert {"SegmentFit", "SigmaResult", "CyclingSummary", "LimitMap", "IonicPath"} <= declared
    for cls in RESULT_CLASSES:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        for check in cls.checks:
            assert isinstance(check, Check)
            assert set(check.fields) <= names, (cls.__name__, check)
