"""An impedance table -> frequency (Hz) and complex Z (Ω): the header names of the frequency,
Z', Z'' (or |Z| and phase) columns as instruments write them, their Ω prefixes and signs, and
the sweeps of a file that holds several spectra one after another.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError
from hydrion.experiment.columns import column_numbers, find_column

_OHM_SCALE = {"": 1.0, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9}
_FREQUENCY = (r"f", r"freq.*", r"frequency.*", r"f[/(\[_]?hz[)\]]?")
_REAL = (
    r"z'",
    r"z'[/(\[_].*",
    r"z_?re(al)?.*",
    r"re\(z\).*",
    r"re_?z.*",
    r"re(al)?([/(\[_].*)?",
)
_IMAG = (
    r"-?z(''|\")",
    r"-?z(''|\")[/(\[_].*",
    r"-?z_?im(ag)?.*",
    r"-?im\(z\).*",
    r"-?im_?z.*",
    r"-?im(ag(inary)?)?([/(\[_].*)?",
)
_MODULUS = (r"\|z\|.*", r"mod(ulus)?(\(z\))?.*", r"z([/(\[_].*)?")
_PHASE = (r"-?phase.*", r"-?phi.*", r"-?theta.*", r"-?phz.*")


def _ohm_factor(column: str) -> float:
    match = re.search(r"([mkMG]?)(?:[oO]hm|Ω)", column)
    return _OHM_SCALE.get(match.group(1), 1.0) if match else 1.0


def spectrum_from_frame(frame: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray, list]:
    """(f in Hz, Z in Ω, notes) from a table with frequency and Z', Z'' (or |Z|, phase) columns.

    Recognised headers include ``f, Z', Z''``, ``freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm``,
    ``frequency, real, imaginary``, ``freq, Zre, -Zim``, ``Freq/Hz, Z'/ohm, Z"/ohm`` and
    ``frequency, |Z|, -phase`` (phase in degrees); a leading '-' marks a negated column and
    kΩ/MΩ/mΩ in the header scale the values. A table without a header is read as f, Z', Z''
    with a note. Rows with f = 0 (other techniques in the same file) are left out with a note.
    Where no column is marked negated and Z'' is positive for most points, it is read as −Z''.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (e.g. from :func:`~hydrion.experiment.readers.read_table`).
    name : str
        The file's name, for messages.

    Returns
    -------
    tuple of (numpy.ndarray, numpy.ndarray, list of str)
        Frequency in Hz (float) and impedance in Ω (complex, Z' + jZ''), both of shape
        (n_points,), and notes on how the table was read.

    Raises
    ------
    hydrion.errors.FileFormatError
        If no frequency and Z', Z'' (or |Z|, phase) columns are found, or a value is not a
        number.
    """
    notes: list[str] = []
    f_col = find_column(frame, _FREQUENCY)
    re_col, im_col = find_column(frame, _REAL), find_column(frame, _IMAG)
    mod_col, ph_col = find_column(frame, _MODULUS), find_column(frame, _PHASE)
    if f_col is None and list(frame.columns[:3]) == ["0", "1", "2"]:
        f_col, re_col, im_col = frame.columns[:3]
        notes.append("no header: columns read as f (Hz), Z' (Ω), Z'' (Ω)")
    if f_col is None or not ((re_col and im_col) or (mod_col and ph_col)):
        raise FileFormatError(
            f"{name}: cannot find frequency and Z', Z'' (or |Z|, phase) columns in "
            f"{[str(c) for c in frame.columns][:8]}; name them f, Z', Z'' or pass --instrument"
        )
    frequency = column_numbers(frame, f_col, name)
    if re_col and im_col:
        real = column_numbers(frame, re_col, name) * _ohm_factor(str(re_col))
        imag = column_numbers(frame, im_col, name) * _ohm_factor(str(im_col))
        negated = str(im_col).replace(" ", "").startswith("-")
    else:
        assert mod_col is not None and ph_col is not None  # checked above
        modulus = column_numbers(frame, mod_col, name) * _ohm_factor(str(mod_col))
        phase = np.deg2rad(column_numbers(frame, ph_col, name))
        if str(ph_col).replace(" ", "").startswith("-"):
            phase = -phase
        real, imag, negated = modulus * np.cos(phase), modulus * np.sin(phase), False
    if negated:
        imag = -imag
    elif np.median(imag) > 0:
        imag = -imag
        notes.append("Z'' was positive for most points: read as −Z'' (capacitive arc below axis)")
    keep = frequency != 0
    if not keep.all():
        notes.append(f"{int((~keep).sum())} row(s) with f = 0 (not impedance) left out")
    return frequency[keep], (real + 1j * imag)[keep], notes


def split_sweeps(frequency_Hz: np.ndarray) -> list[slice]:
    """Slices of the successive frequency sweeps in a file: a new sweep starts where the
    frequency jumps back against the sweep direction by more than three typical steps (a
    single point slightly out of order does not split a sweep).

    Parameters
    ----------
    frequency_Hz : numpy.ndarray
        Shape (n_points,), positive frequencies in Hz in file order.

    Returns
    -------
    list of slice
        One non-empty slice per sweep, in file order, covering every point.

    Notes
    -----
    hydrion's own rule (median |Δ ln f| as the typical step).
    """
    step = np.diff(np.log(frequency_Hz))
    direction = np.sign(step.sum()) or -1.0
    typical = float(np.median(np.abs(step[step != 0]))) if np.any(step != 0) else 0.0
    jumps = np.flatnonzero(-direction * step > 3 * typical) + 1
    starts = [0, *jumps.tolist(), frequency_Hz.size]
    return [slice(a, b) for a, b in zip(starts[:-1], starts[1:], strict=True) if b > a]
