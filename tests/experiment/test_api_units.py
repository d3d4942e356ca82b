"""The lab-pipeline API reads pint Quantities in any unit of the right dimension (issue 11).

A fuzzer found σ 40× too small for a pellet given in mm, capacities 1000× too large for a mass
in g, current densities per mm² and a °C temperature stored as kelvin, all without an error.
Each test gives Quantities in non-default units (from the user's own UnitRegistry, as a
researcher would) and asserts the numbers; a wrong dimension must raise UnitError naming the
argument and the unit expected.
"""

import json

import numpy as np
import pint
import pytest

from hydrion.errors import UnitError
from hydrion.experiment.cv import apparent_window, sweeps
from hydrion.experiment.cv_files import read_cv
from hydrion.experiment.cycling import summarise, summarise_file
from hydrion.experiment.cycling_record import cell_record
from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum
from hydrion.experiment.eis_checks import kramers_kronig
from hydrion.experiment.eis_conductivity import classify_capacitance, effective_capacitance_F
from hydrion.experiment.spectrum_readers import read_spectra, read_spectrum
from hydrion.units import registry

U = pint.get_application_registry()  # a registry of the user's, not hydrion's
Q = U.Quantity

# Pellet of the fuzzer's report: L = 1 mm, A = 78.5 mm², σ = 2.5e-3 S/cm, so
# R_bulk = L/(σ·A) = 0.1 cm / (2.5e-3 S/cm · 0.785 cm²) = 50.96 Ω. At this σ the bulk arc
# lies above 10 MHz: R_bulk is the series intercept R0, the arc is the grain boundary.
SIGMA = 2.5e-3
R_BULK = 0.1 / (SIGMA * 0.785)
PELLET = [R_BULK, 20.0, 1e-7, 0.92, 1e-4, 0.85]  # R0, R1, Q1, α1, Q2, α2
F_HZ = np.logspace(7, -1, 40)


@pytest.fixture(scope="module")
def pellet():
    return synthetic_spectrum(PELLET, F_HZ)


@pytest.mark.parametrize(
    ("thickness", "area"),
    [
        (Q(1, "mm"), Q(78.5, "mm**2")),
        (registry().Quantity(1000, "um"), registry().Quantity(0.785, "cm**2")),
        (Q(1e-3, "m"), Q(7.85e-5, "m**2")),
        (0.1, 0.785),  # bare numbers: the documented cm and cm²
        ("1 mm", "78.5 mm^2"),
    ],
)
def test_fit_spectrum_reads_geometry_in_any_unit(pellet, thickness, area):
    result = fit_spectrum(pellet, thickness, area)
    assert result.thickness_cm == pytest.approx(0.1)
    assert result.R_bulk_ohm == pytest.approx(R_BULK, rel=1e-4)
    assert result.sigma_bulk_S_per_cm == pytest.approx(SIGMA, rel=1e-4)


def test_fit_spectrum_reads_the_frequency_range_in_any_unit(pellet):
    result = fit_spectrum(pellet, 0.1, 0.785, f_min_Hz=Q(1, "kHz"), f_max_Hz=Q(5, "MHz"))
    kept = F_HZ[(F_HZ >= 1e3) & (F_HZ <= 5e6)]
    assert result.points_used == kept.size == 18


@pytest.mark.parametrize(
    ("kwargs", "argument", "unit"),
    [
        ({"thickness_cm": Q(1, "mm**2"), "area_cm2": 0.785}, "thickness_cm", "cm"),
        ({"thickness_cm": 0.1, "area_cm2": Q(78.5, "mm")}, "area_cm2", "cm"),
        ({"thickness_cm": 0.1, "area_cm2": 0.785, "f_min_Hz": Q(1, "s")}, "f_min_Hz", "Hz"),
        ({"thickness_cm": 0.1, "area_cm2": 0.785, "f_max_Hz": Q(1, "V")}, "f_max_Hz", "Hz"),
    ],
)
def test_fit_spectrum_refuses_a_wrong_dimension(pellet, kwargs, argument, unit):
    with pytest.raises(UnitError, match=f"{argument}.*{unit}"):
        fit_spectrum(pellet, **kwargs)


def test_capacitance_helpers_read_quantities():
    # C·L/A = 1e-11 F · 0.1 cm / 0.785 cm² = 1.27e-12 F/cm: bulk (Irvine et al. 1990)
    assert classify_capacitance(Q(10, "pF"), Q(1, "mm"), Q(78.5, "mm**2")) == "bulk"
    assert classify_capacitance(Q(10, "nF"), Q(1, "mm"), Q(78.5, "mm**2")) == classify_capacitance(
        1e-8, 0.1, 0.785
    )
    # Q in F·s^(α−1) = S·s^α; R in kΩ
    plain = effective_capacitance_F(2e-6, 0.85, 1000.0)
    assert plain == pytest.approx((2e-6 * 1000.0**0.15) ** (1 / 0.85))
    assert effective_capacitance_F(Q(2, "uF*s**-0.15"), 0.85, Q(1, "kohm")) == pytest.approx(plain)
    with pytest.raises(UnitError, match="area_cm2"):
        classify_capacitance(1e-11, 0.1, Q(1, "mm"))
    with pytest.raises(UnitError, match="R_ohm.*ohm"):
        effective_capacitance_F(2e-6, 0.85, Q(1, "F"))


def test_kramers_kronig_reads_quantities(pellet):
    plain = kramers_kronig(pellet.frequency_Hz, pellet.impedance_ohm)
    scaled = kramers_kronig(
        Q(pellet.frequency_Hz / 1e3, "kHz"), Q(pellet.impedance_ohm / 1e3, "kohm")
    )
    assert scaled.M == plain.M
    # residuals ~1e-5 of |Z|: least-squares round-off, not units, sets the last digits
    assert scaled.residual_rms == pytest.approx(plain.residual_rms, rel=1e-5)
    with pytest.raises(UnitError, match="(?s)impedance_ohm.*expected ohm"):
        kramers_kronig(pellet.frequency_Hz, Q(pellet.impedance_ohm, "F"))
    with pytest.raises(UnitError, match="(?s)frequency_Hz.*expected Hz"):
        kramers_kronig(Q(pellet.frequency_Hz, "m"), pellet.impedance_ohm)


def test_synthetic_spectrum_reads_frequency_and_temperature():
    spectrum = synthetic_spectrum(PELLET, Q(F_HZ / 1e3, "kHz"), temperature_K=Q(25, "degC"))
    assert np.allclose(spectrum.frequency_Hz, F_HZ)
    assert spectrum.temperature_K == pytest.approx(298.15)


# -- spectrum files: the temperature attached to them -------------------------------------


@pytest.fixture
def spectrum_file(tmp_path, pellet):
    path = tmp_path / "s.csv"
    rows = [
        f"{f},{z.real},{z.imag}"
        for f, z in zip(pellet.frequency_Hz, pellet.impedance_ohm, strict=True)
    ]
    path.write_text("f,Z',Z''\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("temperature", "kelvin"),
    [
        (Q(25, "degC"), 298.15),
        (registry().Quantity(25, "degC"), 298.15),
        (Q(77, "degF"), 298.15),
        (Q(300, "K"), 300.0),
        (300, 300.0),  # a bare number is kelvin, as documented
        ("25 C", 298.15),
    ],
)
def test_read_spectrum_converts_the_temperature(spectrum_file, temperature, kelvin):
    assert read_spectrum(spectrum_file, temperature_K=temperature).temperature_K == pytest.approx(
        kelvin
    )
    assert read_spectra(spectrum_file, temperature_K=temperature)[0].temperature_K == (
        pytest.approx(kelvin)
    )


@pytest.mark.parametrize("temperature", [Q(25, "V"), Q(-300, "degC"), 0.0, "25"])
def test_read_spectrum_refuses_what_is_not_a_temperature(spectrum_file, temperature):
    with pytest.raises(UnitError, match="temperature_K"):
        read_spectrum(spectrum_file, temperature_K=temperature)


# -- cycling: the active mass ------------------------------------------------------------


@pytest.fixture
def cycling_file(tmp_path):
    """Two cycles at ±0.1 mA: 1 h discharge then 1 h charge, 0.1 mAh each way.

    With 2 mg of active material that is 0.1 mAh / 0.002 g = 50 mAh/g.
    """
    rows, t = ["time/s,Ewe/V,I/mA,cycle number", "0,2.5,0,1"], 0.0
    for cycle in (1, 2):
        for current, v0, v1 in ((-0.1, 2.4, 1.8), (0.1, 1.9, 2.5)):
            for k in range(1, 361):
                t += 10.0
                rows.append(f"{t},{v0 + (v1 - v0) * k / 360:.6f},{current},{cycle}")
            for _ in range(6):
                t += 10.0
                rows.append(f"{t},{v1},0,{cycle}")
    path = tmp_path / "cell.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    "mass", [Q(2, "mg"), Q(0.002, "g"), registry().Quantity(2e-6, "kg"), 2.0, "2 mg"]
)
def test_summarise_file_reads_the_mass_in_any_unit(cycling_file, mass):
    summary = summarise_file(cycling_file, mass)
    assert summary.mass_g == pytest.approx(0.002)
    assert [c.discharge_mAh_per_g for c in summary.cycles] == pytest.approx([50.0, 50.0])
    assert [c.charge_mAh_per_g for c in summary.cycles] == pytest.approx([50.0, 50.0])


def test_summarise_reads_the_mass_and_refuses_a_wrong_dimension(cycling_file):
    from hydrion.experiment.cycling import read_cycling

    data = read_cycling(cycling_file)
    assert summarise(data, Q(0.002, "g")).cycles[0].discharge_mAh_per_g == pytest.approx(50.0)
    for call in (summarise, summarise_file):
        source = data if call is summarise else cycling_file
        with pytest.raises(UnitError, match="mass_mg.*mg"):
            call(source, Q(2, "mAh"))


def test_cell_record_reads_the_temperature_in_any_unit(cycling_file):
    from hydrion.kb import open_kb

    summary = summarise_file(cycling_file, 2.0)
    kb = open_kb()
    names = ("TiS2", "LiBH4", "Li")
    for temperature, celsius in ((Q(393.15, "K"), 120.0), (Q(120, "degC"), 120.0), (120, 120.0)):
        record = cell_record(summary, "c1", *names, "Li", temperature, kb)
        assert [p.temperature_C for p in record.performance] == pytest.approx([celsius] * 2)
    with pytest.raises(UnitError, match="temperature_C"):
        cell_record(summary, "c1", *names, "Li", Q(120, "V"), kb)
    with pytest.raises(UnitError, match="absolute zero"):
        cell_record(summary, "c1", *names, "Li", -300.0, kb)


# -- cyclic voltammetry: the electrode area and the window ---------------------------------


@pytest.fixture
def current_cv(tmp_path):
    """A CV given as a current in mA: j = I/A."""
    up = np.linspace(2.0, 5.0, 61)
    down = np.linspace(5.0, -0.2, 105)
    e = np.concatenate([up, down])
    current = np.where(e > 4.2, 0.5 * (e - 4.2), 0.0) + np.where(e < 0.0, 2.0 * e, 0.0)
    path = tmp_path / "cv.csv"
    rows = "\n".join(f"{a},{b}" for a, b in zip(e, current, strict=True))
    path.write_text("Ewe/V,I/mA\n" + rows + "\n")
    return path, current


@pytest.mark.parametrize(
    ("area", "cm2"),
    [(Q(100, "mm**2"), 1.0), (Q(50, "mm**2"), 0.5), (Q(1e-4, "m**2"), 1.0), (0.5, 0.5)],
)
def test_read_cv_divides_by_the_area_in_cm2(current_cv, area, cm2):
    path, current = current_cv
    _, j = read_cv(path, area_cm2=area)
    assert j == pytest.approx(current / cm2)


@pytest.mark.parametrize("area", [Q(100, "mm"), Q(1, "V"), 0.0, -1.0])
def test_read_cv_refuses_an_area_that_is_not_one(current_cv, area):
    with pytest.raises(UnitError, match="area_cm2"):
        read_cv(current_cv[0], area_cm2=area)


def test_apparent_window_reads_quantities(current_cv):
    path, _ = current_cv
    e, j = read_cv(path, area_cm2=1.0)
    plain = apparent_window(e, j, 0.05)
    # mV and A/m² (0.05 mA/cm² = 0.5 A/m²), arrays of Quantities of another registry
    window = apparent_window(Q(e * 1e3, "mV"), Q(j * 10, "A/m**2"), Q(0.5, "A/m**2"))
    assert window.high_V == pytest.approx(plain.high_V)
    assert window.low_V == pytest.approx(plain.low_V)
    assert sweeps(Q(e * 1e3, "mV")) == sweeps(e)
    started = apparent_window(e, j, 0.05, start_V=Q(3000, "mV"))
    assert started.high_V == pytest.approx(apparent_window(e, j, 0.05, start_V=3.0).high_V)
    with pytest.raises(UnitError, match="threshold_mA_per_cm2.*mA/cm"):
        apparent_window(e, j, Q(0.05, "mA"))
    with pytest.raises(UnitError, match="potential_V"):
        apparent_window(Q(e, "mA"), j, 0.05)


# -- the CLI's electrode temperature: like sigma and cell design, a bare number is refused ---


def test_electrode_temperature_needs_a_unit_like_sigma(run_cli):
    code, _, err = run_cli("electrode", "MgH2", "--temperature", "25")
    sigma_code, _, sigma_err = run_cli("sigma", "LiBH4", "-T", "25")
    assert (code, sigma_code) == (2, 2)
    assert "no unit" in err and "no unit" in sigma_err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run_cli("electrode", "MgH2", "--temperature", "25 C", "--json")
    assert code == 0
    assert json.loads(out)["temperature_K"] == pytest.approx(298.15)
    code, out, _ = run_cli("electrode", "MgH2", "--json")  # the default: 298.15 K
    assert json.loads(out)["temperature_K"] == pytest.approx(298.15)
