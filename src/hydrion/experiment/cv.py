"""Apparent electrochemical window from a cyclic voltammogram.

The apparent window is the potential range around the starting (rest) potential over which
the current density stays within a threshold the user sets: the oxidation onset is the first
potential above the start where the anodic current density exceeds +threshold, the reduction
onset the first below it where the cathodic one exceeds −threshold. Where no onset is found in
the scanned range, the scan limit is returned and flagged as a bound (the window is at least
that wide), as papers write "0–5 V".

Files are read with :func:`hydrion.experiment.readers.read_table` (CSV, TSV, BioLogic .mpt
text): a potential column (V) and a current-density column (mA/cm²) or a current column (mA,
with the electrode area).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.readers import read_table

POTENTIAL_COLUMNS = ("potential_v", "ewe/v", "e/v", "voltage_v", "potential", "voltage", "e")
DENSITY_COLUMNS = ("current_density_ma_per_cm2", "j/ma cm-2", "j/ma/cm2", "j_ma_cm2", "j")
CURRENT_COLUMNS = ("current_ma", "<i>/ma", "i/ma", "current", "i")


@dataclass(frozen=True)
class ApparentWindow:
    """Apparent window of a CV (V vs the counter/reference metal)."""

    low_V: float
    high_V: float
    low_is_scan_limit: bool
    high_is_scan_limit: bool
    threshold_mA_per_cm2: float
    start_V: float
    points: int

    def to_dict(self) -> dict:
        return asdict(self)


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    lookup = {str(c).strip().lower(): c for c in frame.columns}
    return next((lookup[n] for n in names if n in lookup), None)


def read_cv(path: str | Path, area_cm2: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Potential (V) and current density (mA/cm²) from a CSV/TSV file, in file order."""
    path = Path(path)
    frame = read_table(path)
    potential = _column(frame, POTENTIAL_COLUMNS)
    density = _column(frame, DENSITY_COLUMNS)
    current = _column(frame, CURRENT_COLUMNS)
    if potential is None or (density is None and current is None):
        raise FileFormatError(
            f"{path.name}: need a potential column (e.g. potential_V) and "
            "current_density_mA_per_cm2 "
            f"or current_mA; found {', '.join(map(str, frame.columns))}"
        )
    if density is None and area_cm2 is None:
        raise InputError(
            f"{path.name} gives a current, not a current density: pass the electrode area"
        )
    try:
        e = frame[potential].astype(float).to_numpy()
        j = (
            frame[density].astype(float).to_numpy()
            if density is not None
            else frame[current].astype(float).to_numpy() / area_cm2
        )
    except ValueError:
        raise FileFormatError(
            f"{path.name}: non-numeric values in the potential or current"
        ) from None
    keep = np.isfinite(e) & np.isfinite(j)
    if keep.sum() < 3:
        raise FileFormatError(f"{path.name}: fewer than 3 valid points")
    return e[keep], j[keep]


def apparent_window(
    potential_V: np.ndarray,
    current_density_mA_per_cm2: np.ndarray,
    threshold_mA_per_cm2: float,
    start_V: float | None = None,
) -> ApparentWindow:
    """Apparent window around ``start_V`` (default: the first point of the scan)."""
    if threshold_mA_per_cm2 <= 0:
        raise InputError("the current-density threshold must be positive")
    e = np.asarray(potential_V, dtype=float)
    j = np.asarray(current_density_mA_per_cm2, dtype=float)
    start = float(e[0] if start_V is None else start_V)
    above = e >= start
    anodic = above & (j > threshold_mA_per_cm2)
    high = float(e[anodic].min()) if anodic.any() else float(e[above].max(initial=start))
    below = e <= start
    cathodic = below & (j < -threshold_mA_per_cm2)
    low = float(e[cathodic].max()) if cathodic.any() else float(e[below].min(initial=start))
    return ApparentWindow(
        low_V=low,
        high_V=high,
        low_is_scan_limit=not cathodic.any(),
        high_is_scan_limit=not anodic.any(),
        threshold_mA_per_cm2=float(threshold_mA_per_cm2),
        start_V=start,
        points=int(e.size),
    )


def store_window(store, material: str, window: ApparentWindow, reference: str, file: str) -> dict:
    """Save the window with the user's material (user database, kind 'window'); return it."""
    payload = {
        "material": material,
        "method": "experimental",
        "reference": reference,
        "file": file,
        **window.to_dict(),
    }
    store.put("window", material, payload)
    return payload
