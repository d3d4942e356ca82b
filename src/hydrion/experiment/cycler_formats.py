"""Each cycler's table layout -> :class:`CyclingData` (a step of
:func:`hydrion.experiment.cycler_files.read_cycling`): the column conventions per instrument
and the state column that signs an unsigned current; the instrument's own capacity and cycle
columns are read by :mod:`hydrion.experiment.cycler_own_columns`. The files of cyclers with a
layout of their own (EC-Lab, Novonix, Neware binary) are read by
:mod:`hydrion.experiment.cycler_readers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError
from hydrion.experiment.columns import (
    VOLTAGE_TO_V,
    CURRENT_TO_mA,
    TIME_TO_s,
    bare_header,
    clock_seconds,
    column_unit,
    find_column,
    scaled_column,
    time_seconds,
)
from hydrion.experiment.cycler_own_columns import own_capacities, own_cycle
from hydrion.experiment.readers import read_table

FORMATS = ("biologic", "arbin", "neware", "maccor", "novonix", "pec", "csv")


@dataclass(frozen=True, eq=False)
class CyclingData:
    """One cycling test: time (s), voltage (V), current (mA, charge > 0) per sample.

    ``active`` marks samples of current steps (False: rest, OCV, impedance); the
    ``instrument_*_mAh`` arrays are the file's own cumulative capacity columns (mAh), if any;
    ``cycle`` is the file's own cycle column (EC-Lab ``cycle number``, Arbin ``Cycle_Index``,
    Neware ``Cycle Index``, PEC ``Cycle``), if any; ``charge_sign`` the sign the file's current
    was multiplied by (the user's ``--charge-sign``).
    """

    time_s: np.ndarray
    voltage_V: np.ndarray
    current_mA: np.ndarray
    source: str = ""
    notes: tuple[str, ...] = ()
    active: np.ndarray | None = None
    instrument: str = "csv"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    instrument_charge_mAh: np.ndarray | None = None
    instrument_discharge_mAh: np.ndarray | None = None
    cycle: np.ndarray | None = None
    charge_sign: int = 1


_REST_STATES = {"r", "rest", "o", "ocv", "p", "pause", "fra", "control"}  # Maccor, Neware


def _state_sign(values: pd.Series) -> np.ndarray:
    """+1 charge, −1 discharge, 0 rest/OCV/other, from state labels (C, D, CC_DChg, ...)."""
    text = values.astype(str).str.strip().str.lower()
    discharge = text.str.fullmatch(r"d|dis.*|.*dchg.*|.*_?d_?ch.*|.*discharge.*")
    charge = ~discharge & text.str.fullmatch(r"c|ch.*|.*chg.*|.*charge.*")
    return np.where(discharge, -1, np.where(charge, 1, 0))


LAYOUTS = {
    #          time patterns, default time unit, current default unit, state column
    "arbin": ((r"test_?time.*",), "s", "a", None),
    "neware": (
        (r"(cumulative|total)_?time.*", r"timestamp", r"date", r"realtime", r"time"),
        None,
        None,
        r"steptype|status",
    ),
    "maccor": ((r"test_?time.*",), None, "a", r"state|md"),
    "pec": ((r"totaltime.*",), "s", None, None),
    "novonix": ((r"runtime.*",), "h", "a", None),
    "csv": (
        (r"(test_?)?time.*", r"t", r"elapsed.*", r"date_?time", r"timestamp", r"date"),
        None,
        None,
        r"state|status|mode|steptype",
    ),
}
_VOLTAGE = (r"ewe.*", r"ecell.*", r"voltage.*", r"potential.*", r"volts?", r"u", r"e", r"e/v")
_CURRENT = (r"<?i>?/?\(?[mµu]?a\)?", r"i[/(\[_].*", r"current.*", r"amps?", r"control/ma")


def read_cycler_table(
    path: Path, fmt: str, charge_sign: int, current_unit: str | None
) -> CyclingData:
    """A cycler's delimited text export (Arbin, Neware, Maccor, PEC, generic CSV).

    Parameters
    ----------
    path : pathlib.Path
        The text file (read by :func:`~hydrion.experiment.readers.read_table`).
    fmt : str
        The format, a key of ``LAYOUTS`` (which time column and units it uses).
    charge_sign : {1, -1}
        +1 where charge current is positive in the file, −1 where it is negative; used where
        the file has no charge/discharge state column.
    current_unit : str or None
        Unit of a current column whose header names none ('mA', 'A', ...); None takes the
        format's convention.

    Returns
    -------
    CyclingData
        Time (s, from the first row), voltage (V) and current (mA, charge positive), each of
        shape (n_points,), with the file's own capacity (mAh) and cycle columns where it has
        them, notes and warnings on how it was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If a time, voltage or current column is missing, the file is truncated or damaged, or a
        CSV's current is never negative while the voltage falls and rises (unsigned current).
    hydrion.errors.InputError
        If the current (or voltage) header names no unit and none is given or conventional.
    """
    frame = read_table(path)
    return cycling_from_frame(frame, path.name, str(path), fmt, charge_sign, current_unit)


def refuse_truncated(frame: pd.DataFrame, name: str) -> None:
    """Refuse a file cut short: a last row missing fields the other rows have, or cut inside a
    number of a column whose other rows are all numbers ('-9.64E-').

    Parameters
    ----------
    frame : pandas.DataFrame
        The table read from the file.
    name : str
        The file's name, for the message.

    Returns
    -------
    None

    Raises
    ------
    hydrion.errors.FileFormatError
        If the last row is incomplete, naming its columns.
    """
    if len(frame) > 1:
        lost = frame.iloc[-1].isna() & frame.iloc[:-1].notna().all()
        for column in frame.columns[~frame.dtypes.map(pd.api.types.is_numeric_dtype)]:
            values = pd.to_numeric(frame[column], errors="coerce")
            if values.iloc[:-1].notna().all() and pd.isna(values.iloc[-1]):
                lost[column] = True
        if lost.any():
            raise FileFormatError(
                f"{name} is truncated: its last row lacks (or cuts short) "
                + ", ".join(map(str, lost[lost].index))
            )


def summed_step_time_s(step_time_s: np.ndarray) -> np.ndarray:
    """Test time from a step time that restarts at each step (Neware's ``Time``): each restart
    adds the step's last time. Used instead of the instrument's clock stamps, which the
    channel resets by fractions of a second.

    Parameters
    ----------
    step_time_s : numpy.ndarray
        Shape (n_rows,), time within each step, s.

    Returns
    -------
    numpy.ndarray
        Shape (n_rows,), time since the test started, s.
    """
    restart = np.diff(step_time_s) < 0
    added = np.where(restart, step_time_s[:-1], 0.0)
    return step_time_s + np.concatenate(([0.0], np.cumsum(added)))


def cycling_from_frame(
    frame: pd.DataFrame,
    name: str,
    source: str,
    fmt: str,
    charge_sign: int,
    current_unit: str | None,
) -> CyclingData:
    """CyclingData from a cycler table: time, voltage and current columns found by their
    headers, converted by the units the headers name (or the format's convention), the
    direction from a state column where the file has one.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    name : str
        The file's name, for messages.
    source : str
        The file's path, stored as the data's source.
    fmt : str
        The format, a key of ``LAYOUTS`` (time column patterns, default time and current units,
        state column).
    charge_sign : {1, -1}
        +1 where charge current is positive in the file, −1 where it is negative; used where
        the file has no charge/discharge state column.
    current_unit : str or None
        Unit of a current column whose header names none ('mA', 'A', ...); None takes the
        format's convention.

    Returns
    -------
    CyclingData
        Time (s, from the first row), voltage (V) and current (mA, charge positive), each of
        shape (n_points,), with the file's own capacity (mAh) and cycle columns where it has
        them, notes and warnings on how it was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If a time, voltage or current column is missing, the file is truncated or damaged, or a
        CSV's current is never negative while the voltage falls and rises (unsigned current).
    hydrion.errors.InputError
        If the current (or voltage) header names no unit and none is given or conventional.
    """
    time_patterns, time_default, current_default, state_pattern = LAYOUTS[fmt]
    time_col = find_column(frame, time_patterns)
    volt_col = find_column(frame, _VOLTAGE)
    current_col = find_column(frame, _CURRENT)
    if time_col is None or volt_col is None or current_col is None:
        missing = [
            what
            for what, column in (
                ("time", time_col),
                ("voltage", volt_col),
                ("current", current_col),
            )
            if column is None
        ]
        tried = "" if fmt != "csv" else f"; formats tried: {', '.join(FORMATS)}"
        raise FileFormatError(
            f"{name} ({fmt}) has no {', '.join(missing)} column "
            f"(columns: {', '.join(map(str, list(frame.columns)[:8]))}){tried}; "
            "name the columns with units (e.g. time/s, Ewe/V, I/mA) or pass --instrument"
        )
    refuse_truncated(frame, name)
    notes = [f"{fmt} file: time {time_col!r}, voltage {volt_col!r}, current {current_col!r}"]
    warned = []
    time, time_note = time_seconds(frame, time_col, name, time_default)
    if fmt == "neware" and bare_header(time_col) == "time":  # Neware's step time restarts each step
        time = summed_step_time_s(time)
        notes.append("test time summed from the step time 'Time' (no total time column)")
    if fmt == "maccor" and column_unit(time_col) not in TIME_TO_s:
        time, time_note = _maccor_time(frame, time, name), None
    if time_note:
        warned.append(time_note)
    voltage = scaled_column(frame, volt_col, name, VOLTAGE_TO_V, "v", "voltage", "name it Ewe/V")
    default = current_unit.lower() if current_unit else current_default
    current = scaled_column(
        frame,
        current_col,
        name,
        CURRENT_TO_mA,
        default,
        "current",
        "pass --current-unit A or mA (or --instrument for a known cycler)",
    )
    if column_unit(current_col) not in CURRENT_TO_mA:
        unit = default or ""  # scaled_column refused a current without any unit
        shown = {"a": "A", "ma": "mA", "ua": "µA"}.get(unit, unit)
        how = "--current-unit" if current_unit else f"{fmt} convention"
        notes.append(f"current {current_col!r} read in {shown} ({how})")
    active = np.ones(time.size, bool)
    state_col = find_column(frame, (state_pattern,)) if state_pattern else None
    sign = None
    if state_col is not None and not pd.api.types.is_numeric_dtype(frame[state_col]):
        sign = _state_sign(frame[state_col])
        labels = set(frame[state_col].astype(str).str.strip().str.lower().unique()[:50])
        if not sign.any() and labels - _REST_STATES:
            notes.append(f"state column {state_col!r} names no charge or discharge: not used")
            sign = None
    if sign is not None:
        active = sign != 0
        unknown = ~active & (np.abs(current) > 0)
        labels = set(frame[state_col][unknown].fillna("").astype(str).str.strip().unique()[:5])
        if {label.lower() for label in labels} - _REST_STATES:
            warned.append(
                f"{int(unknown.sum())} row(s) with current have states neither charge nor "
                f"discharge ({', '.join(sorted(labels))}): left out of the half-cycles"
            )
        current = np.abs(current) * sign
        notes.append(f"direction from state column {state_col!r}")
    else:
        current = charge_sign * current
        if fmt == "csv":  # the cyclers above record signed current
            _refuse_unsigned(current, voltage, name)
    return CyclingData(
        time_s=time,
        voltage_V=voltage,
        current_mA=current,
        source=source,
        notes=tuple(notes),
        active=active,
        instrument=fmt,
        warnings=tuple(warned),
        charge_sign=charge_sign,
        **own_capacities(frame),
        **own_cycle(frame),
    )


def _maccor_time(frame: pd.DataFrame, time: np.ndarray, name: str) -> np.ndarray:
    """Maccor text exports give TestTime without a unit (s or min by export): take the unit
    from the date-time column's span; without one, refuse rather than guess."""
    stamp_col = find_column(frame, (r"dpt_?time", r"date.*"))
    if stamp_col is None or pd.api.types.is_numeric_dtype(frame[stamp_col]):
        raise FileFormatError(
            f"{name}: Maccor TestTime names no unit and the file has no date-time column to "
            "tell seconds from minutes; export TestTime with a unit"
        )
    clock = clock_seconds(frame[stamp_col], stamp_col, name)
    span = time[-1] - time[0]
    if span <= 0 or clock[-1] - clock[0] <= 0:
        return time
    ratio = (clock[-1] - clock[0]) / span
    return time * min(TIME_TO_s.values(), key=lambda scale: abs(np.log(ratio / scale)))


def _refuse_unsigned(current: np.ndarray, voltage: np.ndarray, name: str) -> None:
    """A current that is never negative while the voltage both falls and rises under current
    is a magnitude: without a state column, charge cannot be told from discharge."""
    if np.any(current < 0) or not np.any(current > 0):
        return
    on = current[1:] > 0
    dv = np.diff(voltage)[on]
    rise, fall = dv[dv > 0].sum(), -dv[dv < 0].sum()
    if fall > 0.3 * rise and fall > 0.05 and rise > 0.05:
        raise FileFormatError(
            f"{name}: the current is never negative, yet the voltage falls by {fall:.2f} V and "
            f"rises by {rise:.2f} V under current: it looks like a magnitude, and no state "
            "column (C/D, charge/discharge) says which is which; add one, or export signed "
            "current"
        )
