"""Cycling files of each instrument -> one table: time (s), voltage (V), signed current (mA).

The format comes from the file's content and extension (``--instrument`` overrides it):

* ``biologic``: EC-Lab .mpt text (any locale) and binary .mpr (galvani, GPL-3, optional);
  currents in mA as the column names say; ``mode`` (1 galvanostatic, 2 potentiostatic,
  3 rest/OCV/impedance) and ``freq/Hz`` tell current steps from the rest; an .mpr without a
  current column gives the current from its charge per point ``dq/mA.h``;
* ``arbin``: Arbin MITS CSV/text exports (``Test_Time``, ``Step_Index``); ``Current`` in A,
  Arbin's convention, where the header gives no unit;
* ``neware``: Neware BTS CSV exports (``Step Type``, time as hh:mm:ss), and binary .nda/.ndax
  through NewareNDA (BSD-3, optional extra ``hydrion[neware]``);
* ``maccor``: Maccor text exports (``State``/``Md`` C, D, R..., current as a magnitude, A);
* ``novonix``: Novonix HPC CSV ([Summary] ... [Data]);
* ``pec``: PEC SBT CSV (settings block, then ``Total Time (Seconds)``, mV, mA);
* ``csv``: any other delimited table whose headers name the time, voltage and current and
  their units (or ``current_unit``), optionally with a state column (C/D, charge/discharge).

Spreadsheets (.xlsx, .xls, .ods; openpyxl/odfpy, the extra ``hydrion[spreadsheets]``) are read
from their longest sheet and take the format their column names show.

Charge current is positive in every instrument's convention above; where a file gives the
current as a magnitude, its state column gives the direction, and a file with neither is
refused. Steps the instrument marks as rest, OCV or impedance are not current steps
(``active`` is False there), so they never become half-cycles. Where a file carries its own
cumulative charge/discharge capacity columns, they travel along (mAh) to check the integration.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.columns import CURRENT_TO_mA
from hydrion.experiment.cycler_formats import (
    FORMATS,
    LAYOUTS,
    CyclingData,
    cycling_from_frame,
    read_cycler_table,
)
from hydrion.experiment.cycler_readers import read_biologic, read_neware_binary, read_novonix
from hydrion.experiment.file_headers import refuse_other_technique, technique
from hydrion.experiment.readers import SPREADSHEET_SUFFIXES, read_sheets
from hydrion.input_files import regular_file

_BINARY_HINTS = {
    ".res": "an Arbin .res file (an MS Access database), which hydrion does not read: export "
    "it as CSV from MITS Pro (hydrion reads Arbin CSV), or convert it with cellpy (needs "
    "mdbtools)",
}
_NEWARE_BINARY = (".nda", ".ndax")


def detect_format(path: Path, head: str) -> str:
    """The cycler format of ``path`` from its extension and opening text.

    Parameters
    ----------
    path : pathlib.Path
        The cycling file (its extension: .mpr/.mpt are EC-Lab).
    head : str
        The file's opening text (or its column headers), searched for each cycler's marks.

    Returns
    -------
    str
        One of ``FORMATS``: 'biologic', 'novonix', 'arbin', 'neware', 'maccor', 'pec', or
        'csv' where no mark is found.
    """
    suffix = path.suffix.lower()
    if suffix in (".mpr", ".mpt") or "EC-Lab ASCII FILE" in head or "Nb header lines" in head:
        return "biologic"
    if "[Data]" in head and "Novonix" in head:
        return "novonix"
    if re.search(r"Test[_ ]Time", head) and re.search(r"Step[_ ]Index|Charge[_ ]Capacity", head):
        return "arbin"
    if "Step Type" in head and any(
        k in head for k in ("Chg. Cap", "Cumulative Time", "Total Time")
    ):
        return "neware"
    if re.search(r"\bRec#?\t", head) and ("Amps" in head or "Current [A]" in head):
        return "maccor"
    if "TestRegime" in head or "Total Time (Seconds)" in head:
        return "pec"
    return "csv"


def _head(path: Path) -> str:
    regular_file(path)
    with path.open("rb") as handle:
        return handle.read(8192).decode("latin-1")


def read_cycling(
    path: str | Path,
    charge_sign: int = 1,
    instrument: str | None = None,
    current_unit: str | None = None,
) -> CyclingData:
    """Read a cycling file of any format in :data:`FORMATS` into :class:`CyclingData`.

    Parameters
    ----------
    path : str or pathlib.Path
        The instrument file (EC-Lab .mpt/.mpr, Arbin, Neware .csv/.nda/.ndax/spreadsheets,
        Maccor, Novonix, PEC, CSV); see ``docs/cycling_files.md``.
    charge_sign : {1, -1}
        +1 where charge current is positive in the file (every supported instrument), −1
        otherwise.
    instrument : str, optional
        One of :data:`FORMATS`; default: detected from the file.
    current_unit : {"A", "mA", "uA"}, optional
        Unit of a current column whose header names none.

    Returns
    -------
    CyclingData
        Time (s), voltage (V) and current (mA, charge > 0) per sample, shape (n,) each; the
        file's own capacity and cycle columns where it has them; notes on how each column was
        read.

    Raises
    ------
    FileFormatError
        Unreadable file, unknown layout, unsigned current without a state column.
    InputError
        Bad options.
    """
    path = Path(path)
    if charge_sign not in (1, -1):
        raise InputError("charge_sign must be +1 or -1")
    if instrument is not None and instrument not in FORMATS:
        raise InputError(f"unknown instrument {instrument!r}; use one of {', '.join(FORMATS)}")
    if current_unit is not None and current_unit.lower() not in CURRENT_TO_mA:
        raise InputError(f"unknown current unit {current_unit!r}; use A, mA or uA")
    head = _head(path)
    refuse_other_technique(path, "cycling", technique(path))
    suffix = path.suffix.lower()
    if suffix in _BINARY_HINTS and instrument is None:
        raise FileFormatError(f"{path.name} is {_BINARY_HINTS[suffix]}")
    if suffix in _NEWARE_BINARY and instrument in (None, "neware"):
        return _checked(read_neware_binary(path, charge_sign, current_unit))
    if suffix in SPREADSHEET_SUFFIXES:  # the data sheet (Neware, Arbin .xlsx): the longest
        frame = max(read_sheets(path).values(), key=len)
        fmt = instrument or detect_format(path, "\t".join(map(str, frame.columns)))
        layout = fmt if fmt in LAYOUTS else "csv"
        return _checked(
            cycling_from_frame(frame, path.name, str(path), layout, charge_sign, current_unit)
        )
    fmt = instrument or detect_format(path, head)
    reader = {"biologic": read_biologic, "novonix": read_novonix}.get(fmt, read_cycler_table)
    return _checked(reader(path, fmt, charge_sign, current_unit))


def _checked(data: CyclingData) -> CyclingData:
    """Refuse a test of fewer than two rows, or whose time goes backwards (files joined)."""
    name = Path(data.source).name
    if data.time_s.size < 2:
        raise FileFormatError(f"{name} has fewer than two data rows")
    back = np.flatnonzero(np.diff(data.time_s) < 0)
    if back.size:
        raise FileFormatError(
            f"{name}: time goes backwards after row {back[0] + 1}; is it several files joined?"
        )
    return data
