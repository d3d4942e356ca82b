"""Voltammogram files: potential and current density, in file order, from every format
:func:`hydrion.experiment.cycler_files.read_cycling` reads as text (CSV, TSV, EC-Lab .mpt),
binary EC-Lab .mpr (galvani, optional) and Gamry .DTA (CURVE tables).

Columns: a potential (V or mV) and a current density (mA/cm²) or a current (A, mA or µA, with
the electrode area). A file that holds another technique (its header's technique line, a
cycler's export, impedance columns) is refused and sent to its command.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.columns import CURRENT_TO_mA, column_unit, find_column
from hydrion.experiment.cycler_files import detect_format
from hydrion.experiment.cycler_formats import refuse_truncated
from hydrion.experiment.file_headers import refuse_other_technique, technique
from hydrion.experiment.readers import read_biologic_mpr, read_table
from hydrion.input_files import regular_file
from hydrion.units import as_magnitude

_POTENTIAL = (
    r"potential_?v",
    r"<?ewe>?/v",
    r"<?ecell>?/v",
    r"e/v",
    r"vf",
    r"voltage.*",
    r"potential.*",
    r"e(\(v\)|\[v\])?",
)
_DENSITY = (r"current_?density.*", r"j/ma.*", r"j_ma.*", r"j", r"i/ma/?cm.*")
_CURRENT = (r"current_?ma", r"<i>/ma", r"i/ma", r"im", r"current.*", r"i", r"i[(\[/_].*")
_DENSITY_TO_mA_PER_CM2 = {"ma/cm2": 1.0, "macm-2": 1.0, "ma_per_cm2": 1.0, "ua/cm2": 1e-3}
_CYCLER_FORMATS = ("arbin", "neware", "maccor", "novonix", "pec")
_IMPEDANCE = (r"freq.*", r"re\(z\).*", r"z'.*", r"zre.*")


def _frame(path: Path) -> pd.DataFrame:
    """The file's table, refused where the file holds another technique (its header's
    technique line, a cycler's export, impedance columns)."""
    regular_file(path)
    refuse_other_technique(path, "cv", technique(path))
    suffix = path.suffix.lower()
    if suffix == ".mpr":
        frame = read_biologic_mpr(path)
    elif suffix == ".dta":
        from hydrion.experiment.gamry_dta import read_gamry_curves

        frame = read_gamry_curves(path)
    else:
        frame = read_table(path)
        head = "\t".join(map(str, frame.columns))
        fmt = detect_format(path, head)
        if fmt in _CYCLER_FORMATS:
            refuse_other_technique(path, "cv", ("cycling", f"a {fmt} cycler export"))
    column = find_column(frame, _IMPEDANCE)
    if column is not None:
        refuse_other_technique(path, "cv", ("eis", f"impedance column {column!r}"))
    refuse_truncated(frame, path.name)  # as the cycling reader does
    return frame


def read_cv(
    path: str | Path, area_cm2=None, cycle: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Potential and current density of a voltammogram, in file order.

    Rows of other techniques in an EC-Lab file (``mode`` 3: rest/OCV) are left out.

    Parameters
    ----------
    path : str or pathlib.Path
        The voltammogram (EC-Lab .mpt/.mpr, Gamry .DTA, CSV).
    area_cm2 : float or pint.Quantity, optional
        Electrode area (cm², or an area Quantity in any unit); converts a current (A, mA or
        µA by its header; Gamry's ``Im`` in A) into a current density.
    cycle : int, optional
        Keep the rows of that cycle of the file's own cycle column (EC-Lab ``cycle number``,
        Gamry CURVE number).

    Returns
    -------
    tuple of numpy.ndarray
        Potential (V) and current density (mA/cm²), shape (n,) each.

    Raises
    ------
    FileFormatError
        Unreadable file, no potential or current column, fewer than 3 points.
    InputError
        A current without an area, a cycle the file does not have or a file without a cycle
        column.
    UnitError
        An area that is not a positive area.
    """
    if area_cm2 is not None:
        area_cm2 = as_magnitude(area_cm2, "cm**2", "area_cm2", positive=True)
    path = Path(path)
    frame = _frame(path)
    if cycle is not None:
        frame = _one_cycle(frame, cycle, path.name)
    potential = find_column(frame, _POTENTIAL)
    density = find_column(frame, _DENSITY)
    current = None if density is not None else find_column(frame, _CURRENT)
    if potential is None or (density is None and current is None):
        raise FileFormatError(
            f"{path.name}: need a potential column (e.g. Ewe/V, potential_V) and a current "
            "density (current_density_mA_per_cm2) or a current (I/mA, current (A)); found "
            f"{', '.join(map(str, list(frame.columns)[:10]))}"
        )
    if density is None and area_cm2 is None:
        raise InputError(
            f"{path.name} gives a current, not a current density: pass the electrode area"
        )
    e = _numbers(frame[potential], path.name) * (1e-3 if column_unit(potential) == "mv" else 1.0)
    if density is not None:
        unit = str(density).lower().replace(" ", "").split("/", 1)[-1]
        j = _numbers(frame[density], path.name) * _DENSITY_TO_mA_PER_CM2.get(unit, 1.0)
    else:
        assert current is not None  # no density column: the current column was found
        current_unit = "a" if str(current) == "Im" else column_unit(current)
        if current_unit is None or current_unit not in CURRENT_TO_mA:
            raise InputError(
                f"{path.name}: the current column {current!r} names no unit; name it I/mA"
            )
        j = _numbers(frame[current], path.name) * CURRENT_TO_mA[current_unit] / area_cm2
    keep = np.isfinite(e) & np.isfinite(j)
    mode = find_column(frame, (r"mode",))
    if mode is not None:
        modes = pd.to_numeric(frame[mode], errors="coerce").to_numpy()
        if (modes == 1).sum() >= (modes == 2).sum():
            raise FileFormatError(
                f"{path.name} is mostly galvanostatic (EC-Lab mode 1), not a voltammogram "
                "(mode 2): for cycling data use hydrion cycling"
            )
        keep &= modes != 3
    if keep.sum() < 3:
        raise FileFormatError(f"{path.name}: fewer than 3 valid points")
    return e[keep], j[keep]


def _one_cycle(frame: pd.DataFrame, cycle: int, name: str) -> pd.DataFrame:
    column = find_column(frame, (r"cyclenumber", r"cycle", r"cycle_?index", r"curve"))
    if column is None:
        raise InputError(f"{name} has no cycle column to choose cycle {cycle} from; use --sweep")
    numbers = pd.to_numeric(frame[column], errors="coerce")
    if not (numbers == cycle).any():
        found = sorted(int(n) for n in numbers.dropna().unique()[:20])
        raise InputError(f"{name} has no cycle {cycle} in {column!r} (cycles: {found})")
    return frame[numbers == cycle]


def _numbers(series: pd.Series, name: str) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).all():
        raise FileFormatError(f"{name}: non-numeric values in the potential or current")
    return values
