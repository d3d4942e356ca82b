"""Small cycling files of each cycler's layout, written here from one known protocol: two cycles
of 0.5 mA charge for 1 h and 0.5 mA discharge for 0.9 h, with rests, sampled each minute.
Each format must give charge 0.5 mAh and discharge 0.45 mAh per cycle."""

import datetime as dt

import pytest

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.cycling import read_cycling, summarise

CHARGE_MAH, DISCHARGE_MAH, CURRENT_MA = 0.5, 0.45, 0.5


def protocol():
    """Rows (t s, V, signed I mA, state, step, charge cap mAh, discharge cap mAh)."""
    rows, t, step = [], 0.0, 0
    charge_cap = discharge_cap = 0.0
    rows.append((t, 3.0, 0.0, "R", 1, 0.0, 0.0))
    for _ in range(2):
        for state, minutes, current in (
            ("C", 60, CURRENT_MA),
            ("R", 10, 0.0),
            ("D", 54, -CURRENT_MA),
            ("R", 10, 0.0),
        ):
            step += 1
            charge_cap = discharge_cap = 0.0  # the cycler's columns restart at each step
            for k in range(1, minutes + 1):
                t += 60.0
                if state == "C":
                    charge_cap += CURRENT_MA / 60
                elif state == "D":
                    discharge_cap += CURRENT_MA / 60
                volts = 3.0 + (0.01 * k if state == "C" else -0.01 * k if state == "D" else 0.0)
                rows.append((t, volts, current, state, step, charge_cap, discharge_cap))
    return rows


def check(data, instrument):
    assert data.instrument == instrument
    summary = summarise(data, 1.0)
    assert [c.charge_mAh for c in summary.cycles] == pytest.approx([CHARGE_MAH] * 2, rel=1e-6)
    assert [c.discharge_mAh for c in summary.cycles] == pytest.approx([DISCHARGE_MAH] * 2, rel=1e-6)
    assert summary.first_step == "charge"
    return summary


def hhmmss(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"


def test_arbin_csv_current_in_ampere_and_own_capacity_columns(tmp_path):
    lines = ["Data_Point,Test_Time,Step_Index,Current,Voltage,Charge_Capacity,Discharge_Capacity"]
    lines += [
        f"{i},{t},{s},{i_mA / 1000},{v},{qc / 1000},{qd / 1000}"
        for i, (t, v, i_mA, _, s, qc, qd) in enumerate(protocol())
    ]
    path = tmp_path / "arbin.csv"
    path.write_text("\n".join(lines) + "\n")
    summary = check(read_cycling(path), "arbin")
    assert all(
        h.instrument_capacity_mAh == pytest.approx(h.capacity_mAh) for h in summary.half_cycles
    )


def test_neware_csv_clock_time_and_step_type(tmp_path):
    names = {"C": "CC_Chg", "D": "CC_DChg", "R": "Rest"}
    lines = ["DataPoint,Step Index,Step Type,Time,Cumulative Time,Current(A),Voltage(V)"]
    lines += [
        f"{i},{s},{names[st]},00:00:00,{hhmmss(t)},{abs(i_mA) / 1000},{v}"  # magnitude current
        for i, (t, v, i_mA, st, s, _, _) in enumerate(protocol())
    ]
    path = tmp_path / "neware.csv"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path), "neware")


def test_maccor_text_days_clock_and_state(tmp_path):
    lines = ["Today's Date 01/01/2024  Date of Test:\t01/01/2024\t Filename:\tx.001"]
    lines.append("Rec#\tCyc#\tStep\tTestTime\tStepTime\tAmp-hr\tAmps\tVolts\tState\tDPt Time")
    start = dt.datetime(2024, 1, 1, 12)
    for i, (t, v, i_mA, st, s, qc, qd) in enumerate(protocol()):
        stamp = (start + dt.timedelta(seconds=t)).strftime("%m/%d/%Y %H:%M:%S")
        clock = f"  0d {hhmmss(t)}.0000"
        lines.append(
            f"{i}\t0\t{s}\t{clock}\t{clock}\t{(qc + qd) / 1000}\t{abs(i_mA) / 1000}\t{v}\t"
            f"{st}\t{stamp}"
        )
    path = tmp_path / "maccor.041"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path), "maccor")


def test_novonix_quoted_rows_after_data_section(tmp_path):
    lines = ["[Summary]", "Novonix HPC data file", "Mass (g): 1.000", "[End Summary]", "[Data]"]
    lines.append('"Date and Time,Cycle Number,Step Type,Run Time (h),Current (A),Potential (V)"')
    lines += [
        f'"2024-01-01 10:00:00 AM,1,0,{t / 3600},{i_mA / 1000},{v}"'
        for t, v, i_mA, *_ in protocol()
    ]
    path = tmp_path / "novonix.csv"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path), "novonix")


def test_pec_settings_block_and_milli_units(tmp_path):
    lines = ["Request Year:,2024", "TestRegime Name:,demo", "#RESULTS CHECK", "#END RESULTS CHECK"]
    lines.append("Test,Step,Cycle,Total Time (Seconds),Voltage (mV),Current (mA)")
    lines += [f"1,{s},1,{t},{v * 1000},{i_mA}" for t, v, i_mA, _, s, _, _ in protocol()]
    path = tmp_path / "pec.csv"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path), "pec")


def test_eclab_mpt_leaves_impedance_points_out(tmp_path):
    rows = [(t, v, i_mA, 3 if st == "R" else 1) for t, v, i_mA, st, *_ in protocol()]
    rows = [(t, v, 0.2 if mode == 3 else i_mA, mode) for t, v, i_mA, mode in rows]  # PEIS current
    body = "mode\ttime/s\tEwe/V\t<I>/mA\n" + "\n".join(
        f"{m}\t{t:.6E}\t{v:.7E}\t{i:.7E}".replace(".", ",") for t, v, i, m in rows
    )
    path = tmp_path / "cell.mpt"
    path.write_text("EC-Lab ASCII FILE\nNb header lines : 3\n" + body + "\n", encoding="latin-1")
    summary = check(read_cycling(path), "biologic")
    assert any("mixes techniques" in w for w in summary.warnings)


def test_gitt_pulses_with_rests_make_one_half_cycle(tmp_path):
    lines = ["time/s,Ewe/V,I/mA", "0,3,0"]
    t = 0.0
    for pulse in range(10):  # ten 6-minute pulses of 0.5 mA with 30-minute rests: 0.5 mAh
        for _ in range(6):
            t += 60
            lines.append(f"{t},{3 + 0.01 * pulse},{CURRENT_MA}")
        for _ in range(30):
            t += 60
            lines.append(f"{t},{3 + 0.01 * pulse},0")
    path = tmp_path / "gitt.csv"
    path.write_text("\n".join(lines) + "\n")
    summary = summarise(read_cycling(path), 1.0)
    assert len(summary.half_cycles) == 1
    assert summary.half_cycles[0].capacity_mAh == pytest.approx(CHARGE_MAH)


def test_generic_current_without_unit_needs_one(tmp_path, run_cli):
    lines = ["time/s,Ewe/V,Current"] + [f"{t},{v},{i_mA}" for t, v, i_mA, *_ in protocol()]
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="--current-unit"):
        read_cycling(path)
    check(read_cycling(path, current_unit="mA"), "csv")
    code, _, err = run_cli("cycling", str(path), "--mass", "1 g")
    assert code == 2 and "--current-unit" in err
    code, out, _ = run_cli("cycling", str(path), "--mass", "1 g", "--current-unit", "mA")
    assert code == 0 and "2 cycles" in out


def test_instrument_override_and_unknown_layout(tmp_path, run_cli):
    lines = ["Test_Time,Voltage,Current"] + [
        f"{t},{v},{i_mA / 1000}" for t, v, i_mA, *_ in protocol()
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path, instrument="arbin"), "arbin")  # Arbin: Current in A
    with pytest.raises(InputError, match="unknown instrument"):
        read_cycling(path, instrument="gamry")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b,c\n1,2,3\n4,5,6\n")
    code, _, err = run_cli("cycling", str(odd), "--mass", "1 g")
    assert code == 2 and "formats tried" in err and "--instrument" in err


def test_date_time_column_as_time(tmp_path):
    start = dt.datetime(2024, 5, 1, 23, 30)
    lines = ["Date,Voltage(V),Current(mA)"] + [
        f"{(start + dt.timedelta(seconds=t)).isoformat(sep=' ')},{v},{i_mA}"
        for t, v, i_mA, *_ in protocol()
    ]
    path = tmp_path / "dates.csv"
    path.write_text("\n".join(lines) + "\n")
    check(read_cycling(path), "csv")


def test_binary_formats_without_reader_are_refused_naming_one(tmp_path):
    res = tmp_path / "cell.res"
    res.write_bytes(b"\x00\x01Standard Jet DB\x00" * 8)
    with pytest.raises(FileFormatError, match="Arbin .res.*CSV"):
        read_cycling(res)


def test_state_labels_that_are_not_directions(tmp_path):
    rows = protocol()
    plain = tmp_path / "mode.csv"  # a text column that names no direction is not used
    plain.write_text(
        "time/s,Ewe/V,I/mA,mode\n"
        + "\n".join(
            f"{t},{v},{i_mA},{'rest' if st == 'R' else 'CC'}" for t, v, i_mA, st, *_ in rows
        )
    )
    check(read_cycling(plain), "csv")
    pulses = tmp_path / "pulse.csv"  # current under a state that is neither C nor D: warned
    pulses.write_text(
        "time/s,Ewe/V,I/mA,State\n"
        + "\n".join(
            f"{t},{v},{abs(i_mA)},{'Pulse' if t < 600 else st}" for t, v, i_mA, st, *_ in rows
        )
    )
    data = read_cycling(pulses)
    assert any("neither charge nor discharge (Pulse)" in w for w in data.warnings)


def test_neware_spreadsheet_export(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    names = {"C": "CCCV_Chg", "D": "CC_DChg", "R": "Rest"}
    record = pd.DataFrame(
        [
            {
                "Step Type": names[st],
                "Total Time": hhmmss(t),
                "Current(mA)": i_mA,
                "Voltage(V)": v,
            }
            for t, v, i_mA, st, *_ in protocol()
        ]
    )
    path = tmp_path / "neware.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Test": ["demo"]}).to_excel(writer, sheet_name="test", index=False)
        record.to_excel(writer, sheet_name="record", index=False)
    check(read_cycling(path), "neware")


def test_arbin_mits_pro_headers_with_spaces_and_units(tmp_path):
    lines = [
        "Data Point,Test Time (s),Step Index,Current (A),Voltage (V),"
        "Charge Capacity (Ah),Discharge Capacity (Ah)"
    ]
    lines += [
        f"{i},{t},{s},{i_mA / 1000},{v},{qc / 1000},{qd / 1000}"
        for i, (t, v, i_mA, _, s, qc, qd) in enumerate(protocol())
    ]
    path = tmp_path / "arbin_mits.csv"
    path.write_text("\n".join(lines) + "\n")
    summary = check(read_cycling(path), "arbin")
    assert all(
        h.instrument_capacity_mAh == pytest.approx(0.5 if h.direction == "charge" else 0.45)
        for h in summary.half_cycles
    )


def test_time_going_backwards_and_single_rows_are_refused(tmp_path):
    joined = tmp_path / "joined.csv"
    joined.write_text("time/s,Ewe/V,I/mA\n0,3,0.1\n10,3.1,0.1\n5,3.2,0.1\n")
    with pytest.raises(FileFormatError, match="backwards after row 2"):
        read_cycling(joined)
    single = tmp_path / "single.csv"
    single.write_text("time/s,Ewe/V,I/mA\n0,3,0.1\n")
    with pytest.raises(FileFormatError, match="fewer than two"):
        read_cycling(single)


def test_neware_with_only_step_time(tmp_path):
    names = {"C": "CC_Chg", "D": "CC_DChg", "R": "Rest"}
    rows, lines = protocol(), ["Step Index,Step Type,Time,Current(A),Voltage(V),Chg. Cap.(Ah)"]
    step_start = {}
    for t, v, i_mA, st, s, qc, _ in rows:
        begin = step_start.setdefault(s, t if s == 1 else t - 60)
        lines.append(f"{s},{names[st]},{hhmmss(t - begin)},{i_mA / 1000},{v},{qc / 1000}")
    path = tmp_path / "neware_step_time.csv"
    path.write_text("\n".join(lines) + "\n")
    data = read_cycling(path)
    assert data.time_s[-1] == pytest.approx(rows[-1][0])
    check(data, "neware")


def test_a_current_spike_does_not_flip_the_first_step(tmp_path):
    rows = protocol()
    spike = [(1.0, 3.0, -5.0, "R", 1, 0.0, 0.0)]  # one 1-s sample of -5 mA before the charge
    lines = ["time/s,Ewe/V,I/mA"] + [
        f"{t},{v},{i_mA}" for t, v, i_mA, *_ in sorted(rows[:1] + spike + rows[1:])
    ]
    path = tmp_path / "spike.csv"
    path.write_text("\n".join(lines) + "\n")
    summary = summarise(read_cycling(path), 1.0)
    assert summary.first_step == "charge" and len(summary.cycles) == 2
    assert summary.cycles[0].coulombic_efficiency_percent == pytest.approx(90.0, rel=1e-3)
    assert any("spike" in w for w in summary.warnings)
