"""A spectrum that fails the Kramers–Kronig test and that no circuit fits within the residual
bar: refused by default with the option named, fitted with ``accept_kk_failure`` /
``--accept-kk-failure`` with every number flagged (text, JSON, the stored fit)."""

import json

import pytest

from hydrion.errors import InputError
from hydrion.experiment.eis import MAX_RELATIVE_RESIDUAL, fit_spectrum, synthetic_spectrum
from hydrion.experiment.eis_result import EISResult
from hydrion.experiment.spectrum_readers import read_spectra

pytestmark = pytest.mark.filterwarnings("ignore")
GEOMETRY = ("--thickness", "1 mm", "--area", "1 cm2")
FLAG = "data fail the Kramers–Kronig check: residual 2.7 % > 1 %"


@pytest.fixture(scope="module")
def gamry(shared_dir):
    """impedance.py's example Gamry file: Lin-KK residual 2.7 % of |Z|, best circuit 8 %."""
    return shared_dir / "corpus/eis/impedance.py__exampleDataGamry.DTA"


@pytest.fixture(scope="module")
def accepted(gamry) -> EISResult:
    (spectrum,) = read_spectra(gamry)
    return fit_spectrum(spectrum, 0.1, 1.0, accept_kk_failure=True)


def test_by_default_the_spectrum_is_refused_naming_the_option(gamry):
    (spectrum,) = read_spectra(gamry)
    with pytest.raises(InputError, match="--accept-kk-failure") as refused:
        fit_spectrum(spectrum, 0.1, 1.0)
    assert "residual 2.7 % of |Z|, above 1 %" in str(refused.value)


def test_accepted_fit_is_the_best_physical_one_and_flagged(accepted):
    assert not accepted.kk.passed
    assert accepted.kk.residual_rms == pytest.approx(0.0275, abs=5e-4)
    assert accepted.kk_failure_accepted
    assert accepted.relative_residual > MAX_RELATIVE_RESIDUAL
    assert accepted.relative_residual == pytest.approx(0.0823, abs=1e-3)
    assert accepted.circuit == "R0-p(R1,C1)-p(R2,W1)-C2"  # lowest BIC among the physical
    # no bulk arc: R_bulk is the series resistance, σ = L/(R·A)
    assert accepted.R_bulk_ohm == pytest.approx(accepted.parameters["R0"])
    assert accepted.sigma_bulk_S_per_cm == pytest.approx(0.1 / accepted.R_bulk_ohm)
    assert accepted.R_bulk_ohm == pytest.approx(318.9, rel=0.01)
    assert accepted.R_bulk_ill_determined and accepted.sigma_total_ill_determined
    assert accepted.kk_flag == FLAG
    assert accepted.flag(False) == accepted.flag(True) == f" ({FLAG})"
    assert any("fitted anyway (--accept-kk-failure)" in w for w in accepted.warnings)


def test_accepted_fit_reads_back_with_its_flags(accepted):
    data = json.loads(json.dumps(accepted.as_dict()))
    assert data["kk_flag"] == FLAG and data["kk_failure_accepted"] is True
    again = EISResult.from_dict(data)
    assert again.kk_failure_accepted and again.kk_flag == FLAG


def test_a_spectrum_passing_the_test_keeps_its_refusal_and_says_why():
    """Two clean arcs, fitted with one resistor and one capacitor: the circuit misses."""
    spectrum = synthetic_spectrum(
        [10.0, 1000.0, 1e-9, 0.9, 1e-6, 0.8], [10.0 ** (k / 4) for k in range(24, -4, -1)]
    )
    with pytest.raises(InputError, match="does not apply: the spectrum passes"):
        fit_spectrum(spectrum, 0.1, 1.0, "R0-C1", accept_kk_failure=True)


def test_a_clean_fit_has_no_kk_flag():
    spectrum = synthetic_spectrum(
        [10.0, 1000.0, 1e-9, 0.9, 1e-6, 0.8], [10.0 ** (k / 4) for k in range(24, -4, -1)]
    )
    result = fit_spectrum(spectrum, 0.1, 1.0, accept_kk_failure=True)
    assert result.kk.passed and result.kk_flag == "" and not result.kk_failure_accepted
    assert result.flag(False) == "" and result.flag(True) == " (ill-determined)"


def test_cli_refuses_by_default_and_flags_every_number_with_the_option(
    gamry, run_cli, user_db, monkeypatch
):
    from hydrion.cli.output import console

    code, out, err = run_cli("eis", str(gamry), *GEOMETRY)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "pass --accept-kk-failure to see the best fit" in err

    monkeypatch.setattr(console, "width", 600)  # table cells on one line
    code, out, err = run_cli("eis", str(gamry), *GEOMETRY, "--accept-kk-failure")
    assert code == 0, err
    (row,) = [line for line in out.splitlines() if line.startswith("│ impedance.py")]
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[3].startswith("318.") and cells[3].endswith(f"({FLAG})")  # R bulk
    assert cells[4].endswith(f"({FLAG})") and cells[5].endswith(f"({FLAG})")  # σ total, bulk
    assert cells[6] == "8.2 % (above the 5 % bar)" and cells[7] == "2.7 % (fails)"
    assert "none within the 5 % bar: lifted by --accept-kk-failure" in " ".join(out.split())

    code, out, err = run_cli(
        "eis", str(gamry), *GEOMETRY, "--accept-kk-failure", "--json", "--store", "gamry-kk"
    )
    assert code == 0, err
    (spectrum,) = json.loads(out)["spectra"]
    assert spectrum["kk_flag"] == FLAG and spectrum["kk_failure_accepted"] is True
    code, out, err = run_cli("db", "show", "gamry-kk")
    assert code == 0, err
    assert out.count(f"({FLAG})") == 3  # R_bulk, σ_bulk, σ_total
    assert "fitted above the residual bar (--accept-kk-failure, residual 8.2 %)" in out
