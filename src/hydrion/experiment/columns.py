"""Columns of instrument tables: find a column by its header, read the unit its header names,
and turn it into numbers in SI-like units (time in s, voltage in V, current in mA), refusing a
column with damaged rows. The one place where every reader of :mod:`hydrion.experiment` (cycling,
CV, impedance spectra, (T, σ) tables) finds its columns.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError, InputError

CURRENT_TO_mA = {"a": 1e3, "amps": 1e3, "ma": 1.0, "ua": 1e-3, "µa": 1e-3, "na": 1e-6}
VOLTAGE_TO_V = {"v": 1.0, "volts": 1.0, "mv": 1e-3}
TIME_TO_s = {
    "s": 1.0,
    "sec": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hours": 3600.0,
}
_UNIT = re.compile(r"(?:[(\[/_]|\s)\s*([a-zµ]+)\s*[)\]]?\s*$")
_HHMMSS = re.compile(r"^\s*(?:(\d+)\s*d\s*)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d*)?)\s*$")


def _compact(column: Hashable) -> str:
    return re.sub(r"\s+", "", str(column))


def bare_header(column: Hashable) -> str:
    """A header without whitespace, lower-cased ('Test Time (s)' -> 'testtime(s)').

    Parameters
    ----------
    column : Hashable
        A column header (converted with ``str``).

    Returns
    -------
    str
        The compacted, lower-case header.
    """
    return _compact(column).lower()


def match_column(
    frame: pd.DataFrame, patterns: Sequence[str | re.Pattern[str]]
) -> tuple[str, re.Match[str]] | None:
    """The first column, trying ``patterns`` in order, whose header without whitespace fully
    matches a pattern (case-insensitive), with the match.

    Parameters
    ----------
    frame : pandas.DataFrame
        The instrument table.
    patterns : sequence of str or re.Pattern
        Patterns tried in order; a str is compiled case-insensitive, a compiled pattern is used
        as it is. Groups a pattern names carry e.g. the unit of 'sigma [mS/cm]'.

    Returns
    -------
    tuple of (str, re.Match) or None
        The header and its match, or None where no column matches.
    """
    for pattern in patterns:
        compiled = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
        for column in frame.columns:
            match = compiled.fullmatch(_compact(column))
            if match:
                return column, match
    return None


def find_column(frame: pd.DataFrame, patterns: Sequence[str | re.Pattern[str]]) -> str | None:
    """The header of :func:`match_column`'s column, or None.

    Parameters
    ----------
    frame : pandas.DataFrame
        The instrument table.
    patterns : sequence of str or re.Pattern
        Patterns tried in order (see :func:`match_column`).

    Returns
    -------
    str or None
        The header of the first matching column, or None where none matches.
    """
    found = match_column(frame, patterns)
    return None if found is None else found[0]


def column_unit(column: str) -> str | None:
    """The unit a header names at its end ('I/mA', 'Current (A)', 'Volts [V]'), lower-cased.

    Parameters
    ----------
    column : str
        A column header.

    Returns
    -------
    str or None
        The unit ('ma', 'a', 'v'), or None where the header names none.
    """
    match = _UNIT.search(str(column).lower())
    return match.group(1) if match else None


def column_numbers(frame: pd.DataFrame, column: str, name: str) -> np.ndarray:
    """The values of ``column`` as floats (a decimal comma read as a point).

    Parameters
    ----------
    frame : pandas.DataFrame
        The instrument table.
    column : str
        The header of the column.
    name : str
        The file's name, for the error message.

    Returns
    -------
    numpy.ndarray
        Shape (n_rows,), float, in the column's own unit.

    Raises
    ------
    hydrion.errors.FileFormatError
        Naming the file and the column where a value is not a number: the last row only (a
        truncated file) or any other row (a damaged one).
    """
    values = frame[column]
    if not pd.api.types.is_numeric_dtype(values):  # text (object or pandas' str dtype)
        values = values.astype(str).str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(numbers)
    if bad[-1:].all() and bad.sum() == 1:
        raise FileFormatError(
            f"{name} is truncated or damaged: the last row of column {column!r} has no number"
        )
    if bad.any():
        raise FileFormatError(
            f"{name}: {int(bad.sum())} value(s) in column {column!r} are not numbers "
            "(a damaged file?)"
        )
    return numbers


def clock_seconds(values: pd.Series, column: str, name: str) -> np.ndarray:
    """Seconds from 'hh:mm:ss(.f)', 'Nd hh:mm:ss' or date-times, counted from the first row.

    Parameters
    ----------
    values : pandas.Series
        The time column's values, as text or date-times.
    column : str
        The column's header, for the error message.
    name : str
        The file's name, for the error message.

    Returns
    -------
    numpy.ndarray
        Shape (n_rows,), elapsed time in s (durations as written; date-times from the first).

    Raises
    ------
    hydrion.errors.FileFormatError
        If the column holds neither hh:mm:ss durations nor date-times.
    """
    text = values.astype(str)
    parts = text.str.extract(_HHMMSS)
    if parts.notna().iloc[:, 1:].all(axis=None):
        days = pd.to_numeric(parts[0], errors="coerce").fillna(0).to_numpy(float)
        h, m, s = (pd.to_numeric(parts[i]).to_numpy(float) for i in (1, 2, 3))
        return days * 86400 + h * 3600 + m * 60 + s
    with warnings.catch_warnings():  # pandas warns when it cannot infer one format
        warnings.simplefilter("ignore", UserWarning)
        stamps = pd.to_datetime(text, errors="coerce")  # one format, inferred from the first
    if stamps.isna().any():
        stamps = pd.to_datetime(text, errors="coerce", format="mixed")
    if stamps.isna().any():
        raise FileFormatError(
            f"{name}: column {column!r} holds neither numbers, hh:mm:ss nor date-times"
        )
    return (stamps - stamps.iloc[0]).dt.total_seconds().to_numpy(float)


def time_seconds(frame: pd.DataFrame, column: str, name: str, default_unit: str | None):
    """Time in s and a note on how it was read.

    Parameters
    ----------
    frame : pandas.DataFrame
        The instrument table.
    column : str
        The header of the time column: date-times, numbers (in the unit its header names, see
        ``TIME_TO_s``) or durations such as 'hh:mm:ss'.
    name : str
        The file's name, for error messages.
    default_unit : str or None
        The unit of a numeric column whose header names none (a key of ``TIME_TO_s``); None
        reads it as seconds and says so in the note.

    Returns
    -------
    tuple of (numpy.ndarray, str or None)
        Time of shape (n_rows,) in s (date-times counted from the first row; numbers and
        hh:mm:ss durations as written), and a note where the unit was assumed (else None).

    Raises
    ------
    hydrion.errors.FileFormatError
        If the column holds neither numbers, hh:mm:ss durations nor date-times.
    """
    if pd.api.types.is_datetime64_any_dtype(frame[column]):
        stamps = frame[column]
        return (stamps - stamps.iloc[0]).dt.total_seconds().to_numpy(float), None
    numeric = pd.to_numeric(frame[column], errors="coerce")
    if numeric.notna().all():
        unit = column_unit(column)
        if unit not in TIME_TO_s:
            unit = default_unit
        if unit is None:
            return numeric.to_numpy(float), f"time {column!r} has no unit: read as seconds"
        return numeric.to_numpy(float) * TIME_TO_s[unit], None
    return clock_seconds(frame[column], column, name), None


def scaled_column(frame, column, name, scales, default, what, hint) -> np.ndarray:
    """The numbers of ``column`` converted by the unit its header names.

    Parameters
    ----------
    frame : pandas.DataFrame
        The instrument table.
    column : str
        The header of the column.
    name : str
        The file's name, for error messages.
    scales : dict of str to float
        Factor to the wanted unit per lower-case unit name (e.g. ``CURRENT_TO_mA``).
    default : str or None
        The unit (a key of ``scales``) of a header that names none known; None refuses it.
    what : str
        What the column holds ('current'), for the error message.
    hint : str
        How to fix a header without unit, for the error message.

    Returns
    -------
    numpy.ndarray
        Shape (n_rows,), float, in the unit ``scales`` converts to.

    Raises
    ------
    hydrion.errors.InputError
        If the header names no known unit and ``default`` is None.
    hydrion.errors.FileFormatError
        If a value is not a number (:func:`column_numbers`).
    """
    unit = column_unit(column)
    scale = scales.get(unit) if unit else None
    if scale is None:
        if default is None:
            raise InputError(f"{name}: the {what} column {column!r} names no unit; {hint}")
        scale = scales[default]
    return column_numbers(frame, column, name) * scale
