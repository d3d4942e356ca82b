"""Readers of the cycler files with a layout of their own -> :class:`CyclingData` (a step of
:func:`hydrion.experiment.cycler_files.read_cycling`): EC-Lab .mpt/.mpr (modes, impedance
points, a charge-per-point column in place of a current), Novonix (its ``[Data]`` section)
and Neware binary .nda/.ndax (NewareNDA, optional extra ``neware``). Column conventions
shared with the other cyclers are :mod:`hydrion.experiment.cycler_formats`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError
from hydrion.experiment.columns import column_numbers, find_column
from hydrion.experiment.cycler_formats import (
    CyclingData,
    cycling_from_frame,
    refuse_truncated,
    summed_step_time_s,
)
from hydrion.experiment.cycler_own_columns import own_capacities, own_cycle
from hydrion.experiment.file_headers import refuse_other_technique
from hydrion.experiment.readers import read_biologic_mpr, read_table


def read_novonix(path: Path, fmt: str, charge_sign: int, current_unit: str | None) -> CyclingData:
    """A Novonix export: the table of its ``[Data]`` section.

    Parameters
    ----------
    path : pathlib.Path
        The Novonix text file.
    fmt : str
        The column layout the table is read with (a key of ``LAYOUTS``, 'novonix').
    charge_sign : {1, -1}
        +1 where charge current is positive in the file, −1 where it is negative; currents are
        multiplied by it.
    current_unit : str or None
        Unit of a current column whose header names none ('mA', 'A', ...).

    Returns
    -------
    CyclingData
        Time (s), voltage (V) and current (mA), each of shape (n_points,), with notes on how
        the file was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If the file has no ``[Data]`` section or its table is unreadable (and as
        :func:`~hydrion.experiment.cycler_formats.cycling_from_frame`).
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    start = text.find("[Data]")
    if start < 0:
        raise FileFormatError(f"{path.name}: a Novonix file needs its '[Data]' section")
    body = "\n".join(line.strip().strip('"') for line in text[start + 6 :].splitlines())
    try:
        frame = pd.read_csv(io.StringIO(body), skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FileFormatError(f"{path.name}: unreadable [Data] table ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return cycling_from_frame(frame, path.name, str(path), fmt, charge_sign, current_unit)


@contextmanager
def _neware_log() -> Iterator[list[str]]:
    """Collect the first line of each error NewareNDA logs (logger 'newarenda') while a file
    is read, instead of letting its tracebacks reach stderr."""
    problems: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                problems.append(record.getMessage().splitlines()[0])

    logger = logging.getLogger("newarenda")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield problems
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_neware_binary(path: Path, charge_sign: int, current_unit: str | None) -> CyclingData:
    """Neware .nda/.ndax through NewareNDA (BSD-3, the optional extra ``hydrion[neware]``).

    Parameters
    ----------
    path : pathlib.Path
        The binary Neware file.
    charge_sign : {1, -1}
        +1 where charge current is positive in the file, −1 where it is negative; currents are
        multiplied by it.
    current_unit : str or None
        Unit of a current column whose header names none ('mA', 'A', ...).

    Returns
    -------
    CyclingData
        Time (s), voltage (V) and current (mA), each of shape (n_points,), with notes on how
        the file was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If NewareNDA is not installed, cannot read the file, or logs damage it reads past
        (e.g. a corrupt TestInfo.xml).

    Notes
    -----
    Reader: NewareNDA (https://github.com/d-cogswell/NewareNDA). Where it gives only
    per-step ``Time``, the total time is summed over steps
    (:func:`~hydrion.experiment.cycler_formats.summed_step_time_s`).
    """
    try:
        import NewareNDA
    except ImportError:
        raise FileFormatError(
            f"{path.name} is a binary Neware file: pip install 'hydrion[neware]' (NewareNDA), "
            "or export it as CSV from BTSDA"
        ) from None
    with _neware_log() as problems:
        try:
            frame = NewareNDA.read(str(path))
        except Exception as exc:  # NewareNDA raises assorted errors on damaged files
            raise FileFormatError(
                f"{path.name} is not a readable Neware file ({type(exc).__name__} in NewareNDA)"
            ) from None
    if problems:  # NewareNDA logs some damage (a corrupt TestInfo.xml) and reads on
        raise FileFormatError(f"{path.name} is a damaged Neware file ({problems[0]})")
    if "Time" in frame and "Total Time (s)" not in frame:
        frame["Total Time (s)"] = summed_step_time_s(frame["Time"].to_numpy(float))
    return cycling_from_frame(frame, path.name, str(path), "neware", charge_sign, current_unit)


def read_biologic(path: Path, fmt: str, charge_sign: int, current_unit: str | None) -> CyclingData:
    """An EC-Lab cycling file: text .mpt or binary .mpr (through galvani, optional).

    Only current steps (modes 1 and 2) make half-cycles; rest/OCV (mode 3) and impedance points
    (freq/Hz non-zero) are marked inactive, and a file mixing techniques gets a warning. Without
    a current column, current is dq/mA.h per time step.

    Parameters
    ----------
    path : pathlib.Path
        The EC-Lab file.
    fmt : str
        The detected format ('biologic'); the reader's common signature, not used.
    charge_sign : {1, -1}
        +1 where charge current is positive in the file, −1 where it is negative; currents are
        multiplied by it.
    current_unit : str or None
        Unit of a current column whose header names none ('mA', 'A', ...).

    Returns
    -------
    CyclingData
        Time (s), voltage (V) and current (mA), each of shape (n_points,), with notes on how
        the file was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If the file lacks time/s and Ewe/V (or Ecell/V) columns, has neither a current nor a
        dq/mA.h column, holds impedance spectra only, is truncated or damaged, or holds a
        voltammogram (mode 2 only).
    """
    frame = read_biologic_mpr(path) if path.suffix.lower() == ".mpr" else read_table(path)
    name, notes, warned = path.name, [], []
    time_col = find_column(frame, (r"time/s",))
    volt_col = find_column(frame, (r"ewe/v", r"ecell/v", r"<ewe>/v", r"<ecell>/v"))
    current_col = find_column(frame, (r"<?i>?/ma", r"i/ma"))
    if time_col is None or volt_col is None:
        raise FileFormatError(
            f"{name}: an EC-Lab cycling file needs time/s and Ewe/V (or Ecell/V) columns; "
            f"found {', '.join(map(str, frame.columns[:10]))}"
        )
    refuse_truncated(frame, name)
    time = column_numbers(frame, time_col, name)
    voltage = column_numbers(frame, volt_col, name)
    if current_col is not None:
        current = column_numbers(frame, current_col, name)
    else:
        dq_col = find_column(frame, (r"dq/ma\.?h", r"dq/mah"))
        if dq_col is None:
            raise FileFormatError(
                f"{name} has neither a current (I/mA) nor a charge-per-point (dq/mA.h) column; "
                "export it with <I>/mA from EC-Lab"
            )
        dq = column_numbers(frame, dq_col, name)
        dt_h = np.diff(time, prepend=time[0]) / 3600.0
        current = np.divide(dq, dt_h, out=np.zeros_like(dq), where=dt_h > 0)
        notes.append(f"no current column: current from {dq_col!r} per time step")
    mode_col, freq_col = find_column(frame, (r"mode",)), find_column(frame, (r"freq/hz",))
    mode = np.zeros(time.size, int)
    if mode_col is not None:
        mode = pd.to_numeric(frame[mode_col], errors="coerce").fillna(0).to_numpy(int)
    impedance = np.zeros(time.size, bool)
    if freq_col is not None:
        impedance = pd.to_numeric(frame[freq_col], errors="coerce").fillna(0).to_numpy() != 0
    active = (mode != 3) & ~impedance
    if impedance.any() and not (active & (np.abs(current) > 0)).any():
        raise FileFormatError(
            f"{name} holds impedance spectra only (freq/Hz), no charge or discharge: "
            "use hydrion eis"
        )
    if mode_col is not None and not (mode == 1).any() and (mode == 2).any() and freq_col is None:
        refuse_other_technique(path, "cycling", ("cv", "EC-Lab mode 2 only, no galvanostatic step"))
    flowing = np.abs(current) > 0
    if (~active & flowing).any():
        kinds = {
            "galvanostatic (mode 1)": active & (mode == 1),
            "potentiostatic (mode 2)": active & (mode == 2),
            "impedance (freq/Hz)": impedance,
            "rest/OCV/impedance (mode 3)": (mode == 3) & ~impedance,
        }
        counts = ", ".join(f"{k}: {int(v.sum())}" for k, v in kinds.items() if v.any())
        warned.append(
            f"the file mixes techniques (points per technique: {counts}); only current steps "
            "(modes 1 and 2) make half-cycles"
        )
    ns_col = find_column(frame, (r"ns",))
    if ns_col is not None:
        notes.append(f"steps from EC-Lab {ns_col!r} and mode")
    return CyclingData(
        time_s=time,
        voltage_V=voltage,
        current_mA=charge_sign * current,
        source=str(path),
        notes=tuple([f"EC-Lab file: time {time_col!r}, voltage {volt_col!r}"] + notes),
        active=active,
        instrument="biologic",
        warnings=tuple(warned),
        charge_sign=charge_sign,
        **own_capacities(frame),
        **own_cycle(frame),
    )
