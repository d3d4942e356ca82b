"""The cycling cases of ../shared/cases (README there), each with its right value, and the
hostile files of that README (empty .mpt, damaged and oversized .mpr) refused in one line."""

import io
import json

import numpy as np
import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.cycling import read_cycling, summarise, summarise_file


@pytest.fixture
def cases(shared_dir):
    return shared_dir / "cases"


def test_f1_german_locale_mpt_equals_its_english_twin(cases):
    german = summarise_file(cases / "lab-files/F1_german_mpt_exponent.mpt", 1000.0)
    english = summarise_file(cases / "lab-files/F1_control_english_same_rows.mpt", 1000.0)
    for summary in (german, english):
        (cycle,) = summary.cycles
        assert cycle.charge_mAh == pytest.approx(0.2778, abs=5e-5)
        assert cycle.discharge_mAh == pytest.approx(0.1805, abs=5e-5)
        assert cycle.coulombic_efficiency_percent == pytest.approx(64.98, abs=0.01)
    assert german.cycles[0].charge_mAh == pytest.approx(english.cycles[0].charge_mAh, rel=1e-9)


def test_f3_arbin_current_is_in_ampere(cases):
    summary = summarise_file(cases / "lab-files/F3_arbin_current_in_A.csv", 1000.0)
    assert summary.instrument == "arbin"
    assert summary.cycles[0].charge_mAh_per_g == pytest.approx(602, rel=2e-3)
    # the file's own Charge_Capacity rises by 0.602 Ah over the same rows
    assert summary.half_cycles[0].instrument_capacity_mAh == pytest.approx(602.15, rel=1e-4)


def test_f7_impedance_and_rest_steps_are_not_half_cycles(cases):
    summary = summarise_file(cases / "lab-files/F7_mb_peis_then_cc.mpt", 1000.0)
    # four loops of (PEIS, rest, CC charge, CC discharge): four cycles, none from the PEIS
    assert len(summary.cycles) == 4 and summary.first_step == "charge"
    first = summary.cycles[0]
    assert first.charge_mAh == pytest.approx(0.0028, rel=0.02)
    assert first.discharge_mAh == pytest.approx(0.0028, rel=0.02)
    assert all(95 < c.coulombic_efficiency_percent < 105 for c in summary.cycles)
    assert any("mixes techniques" in w for w in summary.warnings)
    # CE drifts 99.9 -> 102.5 % because a step boundary falls in 1200 s without samples
    assert any("sparse logging" in w and "1200 s" in w and "33%" in w for w in summary.warnings)


def test_densely_logged_file_has_no_sparse_logging_warning(cases):
    summary = summarise_file(cases / "inputs/12_unsigned_current.csv", 2.0)
    assert not any("sparse logging" in w for w in summary.warnings)


def test_f9_mpr_without_current_uses_its_charge_per_point(cases):
    pytest.importorskip("galvani")
    summary = summarise_file(cases / "lab-files/F9_gcpl_mpr_without_current.mpr", 1000.0)
    assert len(summary.cycles) == 4
    for half in summary.half_cycles:  # the file's own Q charge/discharge per half cycle
        assert half.capacity_mAh == pytest.approx(half.instrument_capacity_mAh, rel=1e-3)
    assert summary.half_cycles[0].capacity_mAh == pytest.approx(8.33e-5, rel=0.01)


def test_f10_neware_clock_time_and_step_type(cases):
    data = read_cycling(cases / "lab-files/F10_neware_hhmmss_time.csv")
    assert data.instrument == "neware"
    assert data.time_s[1] == pytest.approx(1200.0) and data.time_s[-1] == pytest.approx(22800.0)
    assert not data.active.any()  # every row is a 'Rest' step
    summary = summarise_file(cases / "lab-files/F10_neware_hhmmss_time.csv", 1000.0)
    assert summary.cycles == () and "no current flows" in summary.warnings[-1]


def test_12_magnitude_current_with_a_state_column(cases):
    summary = summarise_file(cases / "inputs/12_unsigned_current.csv", 2.0)
    assert len(summary.cycles) == 3 and summary.first_step == "discharge"
    for cycle in summary.cycles:
        assert cycle.discharge_mAh_per_g == pytest.approx(50, rel=0.02)
        assert cycle.charge_mAh_per_g == pytest.approx(50, rel=0.02)


def test_12_every_cycle_has_the_same_capacity_and_ce_100(cases):
    summary = summarise_file(cases / "inputs/12_unsigned_current.csv", 2.0)
    capacities = [c.discharge_mAh_per_g for c in summary.cycles]
    capacities += [c.charge_mAh_per_g for c in summary.cycles]
    assert capacities == pytest.approx([capacities[0]] * 6, rel=1e-9)
    assert [c.coulombic_efficiency_percent for c in summary.cycles] == pytest.approx([100.0] * 3)


def test_first_half_cycle_of_a_file_starting_on_current_is_not_one_interval_short(tmp_path):
    """An outside user's file: 0.1 mA, 2 mg, 1 h steps logged every 60 s from t = 0, the
    current switching sign every 60 rows: 50.0 mAh/g in every half-cycle, CE 100 %."""
    rows = ["time/s,Ewe/V,I/mA"]
    for k in range(361):
        step, i = divmod(k, 60)
        current = -0.1 if step % 2 == 0 else 0.1
        volts = 2.0 - 0.01 * i if current < 0 else 1.4 + 0.01 * i
        rows.append(f"{60 * k},{volts:.2f},{current}")
    path = tmp_path / "signed.csv"
    path.write_text("\n".join(rows) + "\n")
    summary = summarise_file(path, 2.0)
    full = summary.cycles[:3]
    assert [c.discharge_mAh_per_g for c in full] == pytest.approx([50.0] * 3, rel=1e-9)
    assert [c.charge_mAh_per_g for c in full] == pytest.approx([50.0] * 3, rel=1e-9)
    assert [c.coulombic_efficiency_percent for c in full] == pytest.approx([100.0] * 3)
    assert any("interval is assumed equal to the next one (60 s)" in n for n in summary.notes)


def test_12_without_its_state_column_is_refused(cases, tmp_path):
    rows = (cases / "inputs/12_unsigned_current.csv").read_text().splitlines()
    stripped = tmp_path / "unsigned.csv"
    stripped.write_text("\n".join(line.rsplit(",", 1)[0] for line in rows) + "\n")
    with pytest.raises(FileFormatError, match="magnitude"):
        read_cycling(stripped)


def test_cli_json_of_the_arbin_case(cases, run_cli):
    code, out, _ = run_cli(
        "cycling", str(cases / "lab-files/F3_arbin_current_in_A.csv"), "--mass", "1 g", "--json"
    )
    assert code == 0
    assert json.loads(out)["cycles"][0]["charge_mAh_per_g"] == pytest.approx(602, rel=2e-3)


# -- hostile files ----------------------------------------------------------------------------


def test_bare_mpt_header_is_one_line_in_every_pipeline(tmp_path, run_cli):
    path = tmp_path / "bare.mpt"
    path.write_text("EC-Lab ASCII FILE\nNb header lines : 3\n\n")
    for args in (
        ("cycling", str(path), "--mass", "1 g"),
        ("cv", str(path), "--area", "1 cm2"),
    ):
        code, _, err = run_cli(*args)
        assert code == 2 and "no data rows" in err and "Traceback" not in err


def _mpr_module(galvani_biologic, shortname: bytes, length: int) -> bytes:
    header = np.zeros(1, dtype=galvani_biologic.VMPmodule_hdr_v1)
    header["shortname"] = shortname
    header["length"] = length
    return b"MODULE" + header.tobytes()


def test_mpr_announcing_4_gb_is_refused_before_allocation(tmp_path):
    biologic = pytest.importorskip("galvani.BioLogic")
    blob = biologic.MPR_MAGIC + _mpr_module(biologic, b"VMP data  ", 4_000_000_000)
    path = tmp_path / "huge.mpr"
    path.write_bytes(blob.ljust(209, b"\0"))
    with pytest.raises(FileFormatError, match="announces 4000000000 bytes"):
        read_cycling(path)


def test_mpr_with_a_damaged_padding_byte_is_refused(cases, tmp_path):
    biologic = pytest.importorskip("galvani.BioLogic")
    raw = (cases / "lab-files/F9_gcpl_mpr_without_current.mpr").read_bytes()
    damaged = None
    for offset in range(len(biologic.MPR_MAGIC), len(raw)):  # a byte galvani asserts on
        candidate = bytearray(raw)
        candidate[offset] ^= 0x5A
        try:
            biologic.MPRfile(io.BytesIO(bytes(candidate)))
        except AssertionError:
            damaged = bytes(candidate)
            break
        except Exception:  # other damage galvani reports in its own way
            continue
    assert damaged is not None
    path = tmp_path / "padding.mpr"
    path.write_bytes(damaged)
    with pytest.raises(FileFormatError, match="not a readable BioLogic .mpr"):
        read_cycling(path)


def test_not_an_mpr_and_truncated_mpr(tmp_path, cases):
    pytest.importorskip("galvani")
    fake = tmp_path / "fake.mpr"
    fake.write_bytes(b"hello world, not EC-Lab" * 10)
    with pytest.raises(FileFormatError, match="signature"):
        read_cycling(fake)
    raw = (cases / "lab-files/F9_gcpl_mpr_without_current.mpr").read_bytes()
    cut = tmp_path / "cut.mpr"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(FileFormatError, match="truncated|damaged"):
        read_cycling(cut)


def test_f10_with_a_plot_writes_no_empty_figure(cases, run_cli, tmp_path):
    plot = tmp_path / "f10.png"
    code, out, _ = run_cli(
        "cycling",
        str(cases / "lab-files/F10_neware_hhmmss_time.csv"),
        "--mass",
        "1 g",
        "--plot",
        str(plot),
        "--json",
    )
    assert code == 0 and not plot.exists()
    assert json.loads(out)["cycles"] == []


def test_f3_with_the_wrong_charge_sign_is_warned_by_the_files_own_columns(cases):
    data = read_cycling(cases / "lab-files/F3_arbin_current_in_A.csv", charge_sign=-1)
    summary = summarise(data, 1000.0)
    assert summary.first_step == "discharge"
    assert any("look swapped: drop --charge-sign -1" in w for w in summary.warnings)
