"""Gamry .DTA files of DC techniques (CV, LSV, chronoamperometry): every ``CURVEn TABLE`` block.

A Gamry Framework .DTA file is tab-separated text: settings lines (``TAG``, ``VLIMIT1`` ...),
then one ``CURVEn<TAB>TABLE`` block per sweep or cycle, each with a header line (``Pt T Vf Im
...``) and a units line (``# s V vs. Ref. A ...``), as Gamry Framework writes them. Impedance
files (``ZCURVE``) are read by the spectrum readers, not here.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError

_CURVE = re.compile(r"^(CURVE\d*)\tTABLE", re.MULTILINE)


def read_gamry_curves(path: str | Path) -> pd.DataFrame:
    """All CURVE tables of a Gamry .DTA file, stacked, with a ``curve`` column (1, 2, ...).

    Parameters
    ----------
    path : str or pathlib.Path
        The Gamry .DTA file.

    Returns
    -------
    pandas.DataFrame
        One row per point; columns keep Gamry's names (``T`` in s, ``Vf`` in V, ``Im`` in A)
        plus ``curve``.

    Raises
    ------
    hydrion.errors.FileFormatError
        If the file is missing, holds no CURVE table (e.g. an impedance ZCURVE file), a table
        is damaged, or the tables have no Vf and Im columns.

    Notes
    -----
    The .DTA layout (tab-separated CURVE tables after a key/value header) is read by hydrion's
    own parser.
    """
    path = Path(path)
    if not path.is_file():
        raise FileFormatError(f"{path}: no such file")
    text = path.read_bytes().decode("latin-1")
    starts = [m.end() for m in _CURVE.finditer(text)]
    if not starts:
        kind = "an impedance (ZCURVE) file: use hydrion eis" if "ZCURVE" in text else "no"
        raise FileFormatError(f"{path.name} is a Gamry file with {kind} CURVE table")
    try:
        table = _stack_curves(text, starts)
        has_potential = "Vf" in table and "Im" in table and np.isfinite(table["Vf"]).any()
    except (ValueError, IndexError, TypeError, pd.errors.InvalidIndexError):
        raise FileFormatError(
            f"{path.name}: a CURVE table is damaged (no header line, rows of unequal length "
            "or a repeated column name)"
        ) from None
    if not has_potential:
        raise FileFormatError(f"{path.name}: its CURVE tables have no Vf (V) and Im (A) columns")
    return table


def _stack_curves(text: str, starts: list[int]) -> pd.DataFrame:
    """The CURVE tables starting at ``starts``, numbered from 1 in a ``curve`` column."""
    frames = []
    for number, start in enumerate(starts, start=1):
        lines = text[start:].splitlines()[1:]
        header = lines[0].strip().split("\t")
        rows = []
        for line in lines[2:]:
            if not line.startswith("\t"):
                break
            rows.append(line.strip().split("\t")[: len(header)])
        frame = pd.DataFrame(rows, columns=header[: len(rows[0])] if rows else header)
        frame = frame.apply(pd.to_numeric, errors="coerce")
        frame["curve"] = number
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
