"""The impedance cases of ../shared/cases (README there), each with its right value."""

import pytest

from hydrion.experiment.eis import fit_spectrum
from hydrion.experiment.spectrum_readers import read_spectrum

pytestmark = pytest.mark.filterwarnings("ignore")


def test_09_lead_inductance_is_modelled_not_absorbed_into_R_bulk(shared_dir):
    # generated with R_bulk = 50 Ω and L = 3e-7 H; before, the default fit gave R_bulk ≈ 75 Ω
    spectrum = read_spectrum(shared_dir / "cases/inputs/09_inductive.csv")
    result = fit_spectrum(spectrum, 0.1, 0.785)
    assert result.R_bulk_ohm == pytest.approx(50.0, rel=1e-3)
    assert result.parameters["L0"] == pytest.approx(3e-7, rel=1e-3)
    assert not result.R_bulk_ill_determined
    given = fit_spectrum(spectrum, 0.1, 0.785, "L0-R0-p(R1,CPE1)-CPE2")
    assert given.parameters["R0"] == pytest.approx(50.0, rel=1e-3)


def test_F4_inductor_started_in_henry_and_not_pinned(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F4_latp_li_inductive_tail.csv")
    result = fit_spectrum(spectrum, 0.1, 1.0, "L0-R0-p(R1,CPE1)-CPE2")
    # README: L ≈ 5e-7 H, R0 ≈ 11 Ω. The modulus-weighted optimum is L = 3.8e-7 H,
    # R0 = 10.7 Ω (impedance.py's unweighted fit: 5.3e-7 H, 9.2 Ω)
    assert 3e-7 < result.parameters["L0"] < 6e-7
    assert result.parameters["L0"] > 3 * result.errors["L0"]
    assert result.parameters["R0"] == pytest.approx(11.0, abs=0.5)
    assert result.points_dropped == 0  # the inductive points are fitted, not dropped


def test_full_latp_file_fits_with_inductive_model_leaving_out_the_1_MHz_artefact(shared_dir):
    # the outside user's file: refused (14 %) because its 1 MHz point (Z' = 1.1 Ω against
    # 9.2 Ω where the arc starts) drew R0 to 1 Ω; no series inductance explains that point
    path = shared_dir / "corpus/eis/m0l0t0ph-thesis__LATP_Korrosion_04_PEIS_C02.mpt"
    spectrum = read_spectrum(path)
    result = fit_spectrum(spectrum, 0.1, 1.0, "L0-R0-p(R1,CPE1)-CPE2", inductive="model")
    assert result.points_dropped == 1
    assert result.frequency_range_Hz[1] == pytest.approx(681286.5)
    assert 2e-7 < result.parameters["L0"] < 6e-7
    assert result.parameters["R0"] == pytest.approx(8.92, abs=0.1)  # 9.17 without L, default
    assert any("artefact of the instrument's bandwidth" in w for w in result.warnings)
    assert fit_spectrum(spectrum, 0.1, 1.0, inductive="model").parameters["L0"] > 0


def test_F5_impedance_py_example_without_hand_cropping(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F5_exampleData_inductive_points.csv")
    result = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,C1)-p(R2-Wo1,C2)")
    # impedance.py's documentation: R0 ≈ 1.65e-2 Ω once the points with Z'' > 0 are left out
    assert result.parameters["R0"] == pytest.approx(1.65e-2, rel=0.01)
    assert result.points_dropped > 0
    assert any("Z'' > 0" in w for w in result.warnings)


@pytest.mark.parametrize("loop", ["F14_peis_loop1.csv", "F14_peis_loop3.csv"])
def test_F14_both_loops_fit(shared_dir, loop):
    spectrum = read_spectrum(shared_dir / "cases/lab-files" / loop)
    result = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,CPE1)-CPE2")
    assert result.parameters["R0"] == pytest.approx(12.1, abs=0.2)
    assert result.relative_residual == pytest.approx(0.016, abs=0.002)
    default = fit_spectrum(spectrum, 0.1, 1.0)  # with a lead inductance, chosen by BIC
    assert default.R_bulk_ohm == pytest.approx(12.1, rel=0.04)
    assert default.relative_residual < 0.016
    assert not default.R_bulk_ill_determined


def test_F12_fits_the_series_resistance(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F12_data-header-variant-3.csv")
    result = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,C1)-p(R2,W1)-C2")
    assert result.parameters["R0"] == pytest.approx(100.0, abs=0.01)
