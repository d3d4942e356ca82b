"""Voltammograms: window from the first anodic/cathodic sweep (case F8a), a threshold above the
capacitive background, sweep choice, and every CV file of ../shared/corpus/cv."""

import importlib.util
import json

import numpy as np
import pytest

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.cv import apparent_window, sweeps
from hydrion.experiment.cv_files import read_cv


def test_f8a_upper_limit_from_the_first_forward_sweep(shared_dir, run_cli):
    path = shared_dir / "cases/lab-files/F8a_cv_onset_from_later_sweep.csv"
    e, j = read_cv(path, area_cm2=1.0)
    window = apparent_window(e, j, 0.01)
    assert window.high_V == pytest.approx(5.26, abs=0.01)
    assert not window.high_is_scan_limit
    assert window.anodic_sweep == 1 and window.anodic_threshold_mA_per_cm2 == 0.01
    code, out, _ = run_cli("cv", str(path), "--area", "1 cm2", "--json")
    assert code == 0 and json.loads(out)["high_V"] == pytest.approx(5.26, abs=0.01)


def _two_cycles(capacitive: float = 0.0):
    """Two CV cycles 3 → 5 → 0 → 3 V at 1 mV steps; oxidation above 4.5 V only in cycle 1
    (a film passivates it), reduction below 0.5 V; a constant capacitive current of the
    sweep's sign."""
    legs = [np.arange(3.0, 5.0, 1e-3), np.arange(5.0, 0.0, -1e-3), np.arange(0.0, 3.0, 1e-3)]
    e = np.concatenate(legs * 2)
    direction = np.sign(np.gradient(e))
    cycle = np.repeat([1, 2], e.size // 2)
    oxidation = np.where((e > 4.5) & (cycle == 1) & (direction > 0), 2.0 * (e - 4.5), 0.0)
    reduction = np.where(e < 0.5, -2.0 * (0.5 - e), 0.0)
    return e, oxidation + reduction + capacitive * direction


def test_window_from_first_sweeps_and_the_chosen_sweep():
    e, j = _two_cycles()
    first = apparent_window(e, j, 0.1)
    assert first.high_V == pytest.approx(4.55, abs=2e-3)
    assert first.low_V == pytest.approx(0.45, abs=2e-3)
    second = apparent_window(e, j, 0.1, sweep=2)
    assert second.anodic_sweep == 2 and second.high_is_scan_limit
    assert second.high_V == pytest.approx(5.0, abs=2e-3)
    with pytest.raises(InputError, match="sweep"):
        apparent_window(e, j, 0.1, sweep=3)


def test_threshold_is_raised_above_the_capacitive_current():
    e, j = _two_cycles(capacitive=0.3)  # above the requested 0.1 mA/cm² on every point
    window = apparent_window(e, j, 0.1)
    assert window.anodic_threshold_mA_per_cm2 == pytest.approx(0.6)
    assert window.high_V > 4.5 and window.low_V < 0.5  # never a zero-width window
    assert window.high_V - window.low_V > 3.5
    assert any("raised" in note for note in window.notes)


def test_sweeps_ignore_noise_at_the_vertex():
    e = np.concatenate([np.linspace(0, 1, 50), [0.9995, 1.0], np.linspace(1.0, 0, 50)])
    assert [s[2] for s in sweeps(e)] == [1, -1]


@pytest.mark.parametrize("name, module", [("yadg__cv.mpt", None), ("yadg__cv.mpr", "galvani")])
def test_corpus_cv_in_text_and_binary_give_the_same_window(shared_dir, name, module):
    if module and importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed")
    e, j = read_cv(shared_dir / "corpus/cv" / name, area_cm2=1.0)
    window = apparent_window(e, j, 0.01)
    assert window.high_V == pytest.approx(5.26, abs=0.01)  # as F8a, cut from this file
    assert window.low_is_scan_limit and window.low_V == pytest.approx(1.50, abs=0.01)


def test_corpus_lsv_has_one_cathodic_sweep(shared_dir):
    e, j = read_cv(shared_dir / "corpus/cv/yadg__lsv.mpt", area_cm2=1.0)
    window = apparent_window(e, j, 0.01)
    assert window.anodic_sweep == 0 and window.cathodic_sweep == 1
    assert window.cathodic_threshold_mA_per_cm2 > 0.01  # background current of the LSV
    assert -4.0 < window.low_V < -0.06


def test_corpus_gamry_dta_is_read_in_volts_and_ampere(shared_dir):
    e, j = read_cv(shared_dir / "corpus/cv/gamry-parser__cv_data.dta", area_cm2=1.0)
    assert e.size == 50  # five CURVE tables of ten points
    assert e[0] == pytest.approx(0.49) and j[0] == pytest.approx(7.80498e-6)  # A → mA


def test_gamry_impedance_file_is_sent_to_eis(tmp_path):
    path = tmp_path / "z.dta"
    path.write_text("EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tFreq\n\t#\tHz\n\t0\t1e5\n")
    with pytest.raises(FileFormatError, match="hydrion eis"):
        read_cv(path, area_cm2=1.0)


def test_current_without_unit_or_area_is_refused(tmp_path):
    path = tmp_path / "cv.csv"
    path.write_text("Ewe/V,current\n1,0.1\n2,0.2\n3,0.3\n")
    with pytest.raises(InputError, match="names no unit"):
        read_cv(path, area_cm2=1.0)
    with pytest.raises(InputError, match="area"):
        read_cv(path)


def test_cycle_option_keeps_one_cycle_of_the_file(shared_dir, run_cli):
    path = shared_dir / "corpus/cv/yadg__cv.mpt"
    e_all, _ = read_cv(path, area_cm2=1.0)
    e_two, _ = read_cv(path, area_cm2=1.0, cycle=2)
    assert 0 < e_two.size < e_all.size
    with pytest.raises(InputError, match="no cycle 9"):
        read_cv(path, area_cm2=1.0, cycle=9)
    code, _, err = run_cli("cv", str(path), "--area", "1 cm2", "--cycle", "9")
    assert code == 2 and "cycles: [1, 2]" in err


def test_decay_of_the_previous_reaction_is_not_capacitive_current():
    e, j = _two_cycles()
    j = j + np.where((np.gradient(e) < 0) & (e > 4.5), 1.0, 0.0)  # oxidation still decaying
    window = apparent_window(e, j, 0.1)
    assert window.cathodic_threshold_mA_per_cm2 == pytest.approx(0.1)


def test_scan_starting_at_its_lower_limit_reads_no_reduction_above_it():
    up, down = np.arange(0.0, 5.0, 1e-3), np.arange(5.0, 0.0, -1e-3)
    e = np.concatenate([up, down])
    j = np.where(e > 4.5, 1.0, 0.0) * (np.gradient(e) > 0)
    j = j - np.where((np.gradient(e) < 0) & (np.abs(e - 4.0) < 0.1), 1.0, 0.0)  # a return peak
    window = apparent_window(e, j, 0.1)
    assert window.high_V == pytest.approx(4.5, abs=2e-3)
    assert window.low_is_scan_limit and window.low_V == pytest.approx(0.0)  # not the 4 V peak


def test_files_of_other_techniques_are_sent_to_their_command(shared_dir, run_cli):
    code, _, err = run_cli(
        "cv", str(shared_dir / "corpus/cycling/yadg__gcpl.pr_182.1.mpt"), "--area", "1 cm2"
    )
    assert code == 2 and "hydrion cycling" in err
    code, _, err = run_cli(
        "cycling", str(shared_dir / "corpus/eis/yadg__peis.mpt"), "--mass", "1 g"
    )
    assert code == 2 and "hydrion eis" in err
