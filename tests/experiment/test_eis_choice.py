"""The automatic circuit choice shown honestly: a lower-BIC circuit that is not kept says why,
an R_bulk that a better circuit cannot determine is flagged, the fitted frequency range is
reported, and a series inductor that is not significant is dropped (``--inductive auto``)."""

import functools
import json

import numpy as np
import pytest

from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum
from hydrion.experiment.eis_choice import (
    MIN_DELTA_BIC,
    inductor_insignificance,
    undetermined_reasons,
)
from hydrion.experiment.eis_circuits import Circuit
from hydrion.experiment.eis_fit import CircuitFit
from hydrion.experiment.spectrum_readers import read_spectra

pytestmark = pytest.mark.filterwarnings("ignore")
ZPLOT = "corpus/eis/impedance.py__exampleDataZPlot.z"
GEOMETRY = ("--thickness", "1 mm", "--area", "1 cm2")
TWO_CPE_ARCS = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3"
TWO_CPE_PARAMS = [20.0, 500.0, 1e-10, 0.95, 2000.0, 1e-8, 0.85, 1e-6, 0.9]


def _fit(circuit, params, errors, bic):
    params = np.array(params, dtype=float)
    return CircuitFit(Circuit(circuit), params, np.array(errors, float), 0.01, bic, 0.0)


@functools.cache
def _fit_zplot(path):
    return fit_spectrum(read_spectra(path)[0], 0.1, 1.0)


@pytest.fixture
def zplot(shared_dir):
    return _fit_zplot(shared_dir / ZPLOT)


def test_zplot_lower_bic_circuit_is_not_kept_for_its_undetermined_resistors(zplot):
    kept = next(c for c in zplot.candidates if c.circuit == zplot.circuit)
    better = next(c for c in zplot.candidates if c.circuit == "L0-R0-p(R1,C1)-p(R2,W1)-C2")
    assert zplot.circuit == "L0-R0-p(R1,CPE1)-CPE2"
    assert better.bic < kept.bic - MIN_DELTA_BIC  # -514 against -477
    assert not better.rejected
    assert [r.split(" =")[0] for r in better.undetermined] == ["R0", "R2"]
    assert kept.undetermined == ()


def test_zplot_R_bulk_resting_on_the_circuit_choice_is_ill_determined(zplot):
    # the circuit the BIC prefers puts the high-frequency intercept at 29 ± 3.4e3 Ω
    assert zplot.R_bulk_ohm == pytest.approx(148.4, abs=0.1)
    assert zplot.R_bulk_ill_determined
    assert zplot.sigma_total_ill_determined  # R_bulk is 23 % of R_total
    note = next(w for w in zplot.warnings if "rests on the choice of circuit" in w)
    assert "L0-R0-p(R1,C1)-p(R2,W1)-C2 gives 28.9" in note and "BIC lower by 37" in note


def test_zplot_table_says_range_rule_and_why_the_lower_bic_was_not_kept(run_cli, shared_dir):
    code, out, err = run_cli("eis", str(shared_dir / ZPLOT), *GEOMETRY)
    assert code == 0, err
    text = " ".join(out.split())
    assert "3e3–3e5, all 21 points" in text
    assert "BIC -514; not kept although its BIC is lower: R0 = 28.9" in text
    assert "replaced by one that lowers the BIC by more than 10" in text
    row = next(line for line in out.splitlines() if "exampleDataZPlot" in line and "│" in line)
    assert row.count("ill-determined") == 3


def test_a_cropped_fit_says_its_range_and_why(run_cli, shared_dir):
    path = str(shared_dir / ZPLOT)
    code, out, err = run_cli("eis", path, *GEOMETRY, "--fmin", "10 kHz", "--json")
    result = json.loads(out)["spectra"][0]
    assert result["dropped_because"] == ["outside --fmin/--fmax"]
    assert result["frequency_range_Hz"][0] >= 1e4
    code, out, err = run_cli("eis", path, *GEOMETRY, "--fmin", "10 kHz")
    assert f"{result['points_used']} of 21 points (others: outside" in out


def test_a_spurious_inductor_on_a_clean_spectrum_is_dropped():
    # no inductance in the spectrum; the fit of the circuit without L0 from generic starts
    # stopped short of the optimum, so L0 = 2.8e-9 H 'won' the BIC by fitting the difference
    spectrum = synthetic_spectrum(TWO_CPE_PARAMS, np.logspace(6, -1, 50), TWO_CPE_ARCS)
    result = fit_spectrum(spectrum, 0.1, 1.0)
    assert result.circuit == TWO_CPE_ARCS
    assert result.R_bulk_ohm == pytest.approx(500.0, rel=1e-6)
    assert any("not significant, dropped (--inductive auto)" in w for w in result.warnings)


def test_a_real_lead_inductance_is_kept(shared_dir):
    spectrum = read_spectra(shared_dir / "cases/inputs/09_inductive.csv")[0]
    result = fit_spectrum(spectrum, 0.1, 0.785)
    assert result.parameters["L0"] == pytest.approx(3e-7, rel=1e-3)
    assert not any("not significant" in w for w in result.warnings)


def test_inductor_insignificance_rules():
    with_L = "L0-R0-p(R1,CPE1)-CPE2"
    params = [1e-15, 10.0, 1e3, 1e-9, 0.9, 1e-6, 0.9]
    small = [1e-15, 0.1, 1.0, 1e-11, 0.01, 1e-8, 0.01]
    without = _fit("R0-p(R1,CPE1)-CPE2", params[1:], small[1:], -500.0)
    below_error = _fit(with_L, params, [2e-15, *small[1:]], -600.0)
    assert "within its own uncertainty" in inductor_insignificance(below_error, without)
    no_gain = _fit(with_L, params, [1e-17, *small[1:]], -505.0)
    assert "lowers the BIC by 5" in inductor_insignificance(no_gain, without)
    significant = _fit(with_L, params, [1e-17, *small[1:]], -520.0)
    assert inductor_insignificance(significant, without) is None


def test_undetermined_reasons_name_R_and_L_only():
    fit = _fit("R0-p(R1,CPE1)", [30.0, 120.0, 1e-9, 0.9], [3000.0, 1.0, 1e-8, 2.0], -100.0)
    assert undetermined_reasons(fit) == ("R0 = 30 ± 3e+03 Ω (±10000 %) undetermined",)
