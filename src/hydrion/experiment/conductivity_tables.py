"""(T, σ) tables: temperatures and conductivities read from a text table, in K and S/cm.

Units come from the column headers ('T_C', 'sigma [mS/cm]', 'log10_sigma_S_per_cm') or from
the caller; the table itself is read by :func:`hydrion.experiment.readers.read_table`.
Every problem with a file is a one-line :class:`~hydrion.errors.FileFormatError`,
:class:`~hydrion.errors.UnitError` or :class:`~hydrion.errors.InputError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError
from hydrion.experiment.columns import column_numbers, match_column
from hydrion.experiment.readers import read_table

_T_COLUMN = re.compile(
    r"(?:t|temp|temperature)(?:\s*[_/(\[]\s*(?P<unit>[^)\]]+?)\s*[)\]]?)?", re.IGNORECASE
)
_SIGMA_COLUMN = re.compile(
    r"(?P<log>log(?:10)?[_\s(]*)?(?:sigma|σ|conductivity|cond)\)?"
    r"(?:\s*[_/(\[]\s*(?P<unit>[^)\]]+?)\s*[)\]]?)?",
    re.IGNORECASE,
)
_DIRECTION_COLUMN = re.compile(r"direction|dir|run|branch", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class ConductivityTable:
    """(T, σ) data read from a file: kelvin, S/cm, and 'heating'/'cooling' or None per row."""

    temperature_K: np.ndarray
    sigma_S_per_cm: np.ndarray
    direction: tuple[str | None, ...]
    source: str


def read_conductivity_table(
    path: str | Path, temperature_unit: str | None = None, sigma_unit: str | None = None
) -> ConductivityTable:
    """Read a table of temperatures and conductivities with units from headers or options.

    Headers name their unit ('T_C', 'T (K)', 'sigma_S_per_cm', 'sigma [mS/cm]',
    'log10_sigma_S_per_cm'); ``temperature_unit`` and ``sigma_unit`` supply missing ones.
    An optional 'direction' column says heating or cooling.

    Parameters
    ----------
    path : str or pathlib.Path
        The text table (see :func:`read_table`).
    temperature_unit : str or None
        Unit of a temperature column whose header names none ('K', 'degC', ...).
    sigma_unit : str or None
        Unit of a conductivity column whose header names none ('S/cm', 'mS/cm', ...).

    Returns
    -------
    ConductivityTable
        T in K and σ in S/cm, each of shape (n_rows,), 'heating'/'cooling' or None per row.

    Raises
    ------
    hydrion.errors.FileFormatError
        If a temperature or conductivity column is missing, a value is not a number, or a
        direction is neither heating nor cooling.
    hydrion.errors.UnitError
        If a unit is missing, or a unit slip can be seen (°C written as K: all T below 150 K;
        σ above 10 S/cm).
    hydrion.errors.InputError
        For a non-positive σ (a log10 column not named so).
    """
    from hydrion.errors import InputError, UnitError
    from hydrion.units import parse_quantity, parse_temperature_K

    path = Path(path)
    frame = read_table(path)
    t_found, s_found = match_column(frame, (_T_COLUMN,)), match_column(frame, (_SIGMA_COLUMN,))
    if not (t_found and s_found):
        raise FileFormatError(
            f"{path.name}: needs a temperature column (e.g. 'T_C') and a "
            f"conductivity column (e.g. 'sigma_S_per_cm'); found {list(frame.columns)}"
        )
    (t_col, t_match), (s_col, s_match) = t_found, s_found
    t_unit = t_match.group("unit") or temperature_unit
    s_unit = (s_match.group("unit") or sigma_unit or "").replace("_per_", "/")
    if not t_unit:
        raise UnitError(f"column {t_col!r} has no unit: name it 'T_K' or 'T_C', or pass --T-unit")
    if not s_unit:
        raise UnitError(
            f"column {s_col!r} has no unit: name it 'sigma_S_per_cm', or pass --sigma-unit"
        )
    temperatures = column_numbers(frame, t_col, path.name)
    values = column_numbers(frame, s_col, path.name)
    if s_match.group("log"):
        values = 10.0**values
    if np.any(values <= 0):
        row = int(np.argmax(values <= 0)) + 1
        raise InputError(
            f"{path.name}: non-positive conductivity in row {row} of {s_col!r}; "
            "if the column holds log10 σ, name it 'log10_sigma_S_per_cm'"
        )
    to_S_per_cm = float(parse_quantity(f"1 {s_unit}", "S/cm").to("S/cm").magnitude)
    sigma = values * to_S_per_cm
    T_K = np.array([parse_temperature_K(f"{t} {t_unit}") for t in temperatures])
    if T_K.max() < 150 and "k" in t_unit.lower():
        raise UnitError(
            f"{path.name}: temperatures in {t_col!r} are all below 150 K; "
            "are they in °C? name the column 'T_C'"
        )
    if sigma.max() > 10:
        raise UnitError(f"{path.name}: σ up to {sigma.max():.3g} S/cm in {s_col!r}; check its unit")
    direction: tuple[str | None, ...] = (None,) * len(T_K)
    d_found = match_column(frame, (_DIRECTION_COLUMN,))
    if d_found:
        labels = [str(v).strip().lower() if pd.notna(v) else "" for v in frame[d_found[0]]]
        unknown = sorted({v for v in labels if v not in ("heating", "cooling", "")})
        if unknown:
            raise FileFormatError(
                f"{path.name}: direction must be heating or cooling, not {unknown[0]!r}"
            )
        direction = tuple(v or None for v in labels)
    return ConductivityTable(T_K, sigma, direction, str(path))
