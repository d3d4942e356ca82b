"""Cycling files built here with known capacities: per-cycle figures, CE direction, refusals."""

import json
from pathlib import Path

import numpy as np
import pytest

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.cycling import read_cycling, summarise, summarise_file

MASS_MG = 2.0
CURRENT_MA = 0.1
STEP_S = 10.0


def steps_to_rows(steps, rest_s=60.0):
    """Rows (t s, V, I mA, cycle) for steps of (signed current mA, mAh/g, V start, V end, cycle).

    Each sample's current flowed over the interval before it, as cyclers log it; a rest sample
    block (I = 0) separates steps.
    """
    rows, t = [(0.0, 2.5, 0.0, 1)], 0.0
    for current, capacity_per_g, v0, v1, cycle in steps:
        duration_s = capacity_per_g * MASS_MG / 1000 / abs(current) * 3600
        n = round(duration_s / STEP_S)
        assert abs(n * STEP_S - duration_s) < 1e-6, "choose capacities on the sampling grid"
        for k in range(1, n + 1):
            t += STEP_S
            rows.append((t, v0 + (v1 - v0) * k / n, current, cycle))
        for _ in range(int(rest_s / STEP_S)):
            t += STEP_S
            rows.append((t, v1, 0.0, cycle))
    return rows


def discharge_first_steps(discharges, charges):
    steps = []
    for cycle, (d, c) in enumerate(zip(discharges, charges, strict=True), start=1):
        steps.append((-CURRENT_MA, d, 2.4, 1.8, cycle))
        steps.append((CURRENT_MA, c, 1.9, 2.5, cycle))
    return steps


def write_csv(path: Path, rows, header="time/s,Ewe/V,I/mA,cycle number", scale=(1, 1, 1)):
    lines = [header] + [f"{t * scale[0]:.6f},{v:.6f},{i * scale[2]:.8f},{c}" for t, v, i, c in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


# 1 mAh/g of 2 mg at 0.1 mA is 72 s: capacities multiple of 2.5 mAh/g fall on the 10 s grid.
DISCHARGES = [200.0, 190.0, 180.0]
CHARGES = [195.0, 187.5, 177.5]


@pytest.fixture
def tis2_like(tmp_path):
    return write_csv(
        tmp_path / "half.csv", steps_to_rows(discharge_first_steps(DISCHARGES, CHARGES))
    )


def test_capacities_ce_and_retention_of_a_cell_starting_on_discharge(tis2_like):
    summary = summarise_file(tis2_like, MASS_MG)
    assert summary.first_step == "discharge"
    assert [c.discharge_mAh_per_g for c in summary.cycles] == pytest.approx(DISCHARGES)
    assert [c.charge_mAh_per_g for c in summary.cycles] == pytest.approx(CHARGES)
    expected_ce = [100 * c / d for c, d in zip(CHARGES, DISCHARGES, strict=True)]
    assert [c.coulombic_efficiency_percent for c in summary.cycles] == pytest.approx(expected_ce)
    assert all(c.coulombic_efficiency_percent < 100 for c in summary.cycles)
    assert summary.cycles[2].retention_percent == pytest.approx(90.0)
    # linear 2.4 -> 1.8 V at constant current: average 2.1 V, energy = capacity x 2.1 V
    # (to 1e-3 V: the first interval starts from the rest voltage before the step)
    assert summary.cycles[0].discharge_voltage_V == pytest.approx(2.1, abs=1e-3)
    assert summary.cycles[0].discharge_energy_mWh_per_g == pytest.approx(200.0 * 2.1, rel=1e-3)
    assert summary.cycles[1].charge_voltage_V == pytest.approx(2.2, abs=1e-3)


def test_cell_starting_on_charge_takes_discharge_over_charge(tmp_path):
    steps = []
    for cycle, (c, d) in enumerate(zip([150.0, 145.0], [140.0, 140.0], strict=True), start=1):
        steps += [(CURRENT_MA, c, 3.7, 4.2, cycle), (-CURRENT_MA, d, 4.1, 3.5, cycle)]
    summary = summarise_file(write_csv(tmp_path / "lco.csv", steps_to_rows(steps)), MASS_MG)
    assert summary.first_step == "charge"
    assert summary.cycles[0].coulombic_efficiency_percent == pytest.approx(100 * 140 / 150)
    assert summary.cycles[1].retention_percent == pytest.approx(100.0)


def test_units_in_headers_and_reversed_sign(tmp_path):
    rows = steps_to_rows(discharge_first_steps(DISCHARGES[:1], CHARGES[:1]))
    # time in h, current in A, and discharge logged as positive current
    path = write_csv(
        tmp_path / "units.csv",
        [(t, v, -i, c) for t, v, i, c in rows],
        header="Time (h),Voltage (V),Current (A),Cycle",
        scale=(1 / 3600, 1, 1e-3),
    )
    summary = summarise_file(path, MASS_MG, charge_sign=-1)
    assert summary.cycles[0].discharge_mAh_per_g == pytest.approx(DISCHARGES[0], rel=1e-5)
    assert summary.first_step == "discharge"


def test_biologic_mpt_text(tmp_path):
    rows = steps_to_rows(discharge_first_steps(DISCHARGES[:2], CHARGES[:2]))
    header = "EC-Lab ASCII FILE\nNb header lines : 5\n\nmode\n"
    table = "time/s\tEwe/V\t<I>/mA\tcycle number\n" + "\n".join(
        f"{t}\t{v}\t{i}\t{c}" for t, v, i, c in rows
    )
    path = tmp_path / "cell.mpt"
    path.write_text(header + table + "\n")
    summary = summarise_file(path, MASS_MG)
    assert [c.discharge_mAh_per_g for c in summary.cycles] == pytest.approx(DISCHARGES[:2])


def test_unfinished_last_cycle_is_reported(tis2_like):
    data = read_cycling(tis2_like)
    last_discharge_end = summarise(data, MASS_MG).half_cycles[-2].stop
    cut = type(data)(
        data.time_s[:last_discharge_end],
        data.voltage_V[:last_discharge_end],
        data.current_mA[:last_discharge_end],
        data.source,
    )
    summary = summarise(cut, MASS_MG)
    assert summary.cycles[-1].charge_mAh_per_g is None
    assert summary.cycles[-1].coulombic_efficiency_percent is None
    assert any("ends after half" in w for w in summary.warnings)


def test_missing_columns_truncation_and_bad_mass_are_refused(tmp_path, tis2_like):
    no_current = tmp_path / "nocurrent.csv"
    no_current.write_text("time/s,Ewe/V\n0,2.0\n10,2.1\n")
    with pytest.raises(FileFormatError, match="no current column"):
        read_cycling(no_current)
    truncated = tmp_path / "truncated.csv"
    text = tis2_like.read_text()
    truncated.write_text(text[: text.rfind(",")])  # the last row lost its last fields
    with pytest.raises(FileFormatError, match="truncated"):
        read_cycling(truncated)
    with pytest.raises(InputError):
        summarise_file(tis2_like, 0.0)
    with pytest.raises(FileFormatError):
        read_cycling(tmp_path / "absent.csv")


def test_cli_summary_json_plot_and_store(run_cli, tis2_like, tmp_path, user_db):
    plot = tmp_path / "cycling.png"
    code, out, err = run_cli(
        "cycling", str(tis2_like), "--mass", "2 mg", "--json", "--plot", str(plot)
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["cycles"][0]["discharge_mAh_per_g"] == pytest.approx(200.0)
    assert plot.exists() and plot.stat().st_size > 0
    code, out, err = run_cli(
        "cycling",
        str(tis2_like),
        "--mass",
        "2 mg",
        "--store",
        "my-tis2",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--anode",
        "li",
        "--temperature",
        "120 C",
    )
    assert code == 0, err
    from hydrion.kb import open_kb

    stored = open_kb().cell("my-tis2")
    assert stored.performance[0].capacity_mAh_per_g == pytest.approx(200.0)
    assert stored.performance[2].retention_percent == pytest.approx(90.0)


@pytest.mark.parametrize(
    "extra",
    [
        ("--mass", "0 mg"),
        ("--mass", "-2 mg"),
        ("--mass", "2 V"),
        ("--mass", "2 mg", "--store"),
        ("--mass", "2 mg", "--store", ""),  # an empty key used to store nothing, exit 0
        ("--mass", "2 mg", "--ion", "Xx"),  # an unknown ion used to be accepted
        (
            "--mass",
            "2 mg",
            "--store",
            "x",
            "--cathode",
            "unobtainium",
            "--electrolyte",
            "libh4",
            "--anode",
            "li",
            "--temperature",
            "25 C",
        ),
    ],
)
def test_cli_bad_input_gives_one_line_and_stores_nothing(run_cli, tis2_like, user_db, extra):
    code, _, err = run_cli("cycling", str(tis2_like), *extra)
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("hydrion: error:")
    from hydrion.kb import open_kb

    assert not [c for c in open_kb().cells() if open_kb().origin(c.id) == "user"]


def test_cli_refuses_truncated_file(run_cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("time/s,Ewe/V,I/mA\n0,2.0,0.1\n10,2.1,0.1\n20,2.2\n")
    code, _, err = run_cli("cycling", str(path), "--mass", "2 mg")
    assert code == 2 and "truncated" in err


def test_array_helper_is_consistent():
    rows = np.array(steps_to_rows([(-CURRENT_MA, 2.5, 2.0, 1.0, 1)], rest_s=0))
    assert rows[-1, 0] == pytest.approx(2.5 * MASS_MG / 1000 / CURRENT_MA * 3600)


def test_cli_refuses_a_second_cell_with_the_same_id(run_cli, tis2_like):
    args = (
        "cycling",
        str(tis2_like),
        "--mass",
        "2 mg",
        "--store",
        "mine",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--anode",
        "li",
        "--temperature",
        "120 C",
    )
    assert run_cli(*args)[0] == 0
    code, _, err = run_cli(*args)
    assert code == 2 and "already exists" in err
    from hydrion.kb import open_kb

    kb = open_kb()
    assert [c.id for c in kb.cells() if kb.origin(c.id) == "user"] == ["mine"]


def test_overflowing_capacity_is_refused_naming_the_row(tmp_path):
    # breaker's cyc_huge.csv: finite values whose product overflows to inf
    path = tmp_path / "huge.csv"
    rows = [f"{i * 1e300},{2.0 - i * 1e-3},{-1e300 if i else 0.0}" for i in range(5)]
    path.write_text("time (s),voltage (V),current (mA)\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError, match="not finite from data row 2"):
        summarise_file(path, MASS_MG)
