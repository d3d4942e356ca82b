"""Apparent electrochemical window from a cyclic (or linear-sweep) voltammogram.

As is usual practice, the window is read from the first anodic and the first cathodic sweep
(later sweeps are changed by what the first did): the oxidation onset is where the anodic
sweep's current density first exceeds +threshold and stays above it, the reduction onset
where the cathodic sweep's first falls below −threshold. Later sweeps (``sweep=N``) can be
chosen. The onset is interpolated linearly between the two points around
the crossing. Where no onset is found in the scanned range, the sweep's limit is returned and
flagged as a bound (the window is at least that wide), as papers write "0–5 V".

The threshold is never below the sweep's capacitive/background current: where the median
current in the sweep's direction over its first fifth (the double-layer charging current,
before any Faradaic onset) reaches the threshold, the threshold used is raised to twice that
background, and the result says so. So the window is never zero-width because of capacitive
current.

Files are read by :func:`hydrion.experiment.cv_files.read_cv` (also importable from here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from hydrion.errors import InputError
from hydrion.experiment.cv_files import read_cv as read_cv  # re-exported: its old home
from hydrion.result_checks import ordered
from hydrion.results import Result
from hydrion.units import as_magnitude

_NOISE_FRACTION = 1e-3  # potential reversals smaller than this × scan range are noise
BACKGROUND_FACTOR = 2.0  # threshold used >= this × the capacitive background current


@dataclass(frozen=True)
class ApparentWindow(Result):
    """Apparent window of a CV (V vs the counter/reference metal), and how it was read.

    ``anodic_sweep``/``cathodic_sweep`` count sweeps of each direction from 1 (0: the scan has
    no sweep of that direction); ``threshold_mA_per_cm2`` is the threshold requested, the
    ``*_threshold_mA_per_cm2`` fields the ones used on each side (raised above the background
    current of that sweep where needed).
    """

    low_V: float
    high_V: float
    low_is_scan_limit: bool
    high_is_scan_limit: bool
    threshold_mA_per_cm2: float
    start_V: float
    points: int
    anodic_sweep: int = 1
    cathodic_sweep: int = 1
    anodic_threshold_mA_per_cm2: float = 0.0
    cathodic_threshold_mA_per_cm2: float = 0.0
    notes: tuple[str, ...] = ()
    # what the potentials are against, where that came from, and the file read (set by
    # with_file_reference; None for a window computed from arrays alone)
    reference: str | None = None
    reference_source: str | None = None
    file: str | None = None

    checks = (ordered("low_V", "start_V", "high_V"),)


def sweeps(potential_V: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, stop, direction) of each monotonic sweep; direction +1 anodic, −1 cathodic.

    A reversal counts only once the potential has moved back by more than 0.1 % of the
    scanned range from the last vertex, so noise does not split a sweep.

    Parameters
    ----------
    potential_V : numpy.ndarray or pint.Quantity
        Shape (n_points,), the potential in V (or a pint potential Quantity), in time order.

    Returns
    -------
    list of tuple of (int, int, int)
        Per sweep, its start and stop indices (a slice; a sweep starts at the previous vertex)
        and direction; empty where the potential never moves beyond the noise bar.

    Raises
    ------
    hydrion.errors.UnitError
        For a Quantity that is not a potential.
    """
    e = np.asarray(as_magnitude(potential_V, "V", "potential_V"), float)
    tolerance = _NOISE_FRACTION * max(float(np.ptp(e)), 1e-12)
    result, start, direction, vertex = [], 0, 0, 0
    for i in range(1, e.size):
        if direction == 0:
            if abs(e[i] - e[start]) > tolerance:
                direction = 1 if e[i] > e[start] else -1
                vertex = i
            continue
        if (e[i] - e[vertex]) * direction > 0:
            vertex = i
        elif abs(e[i] - e[vertex]) > tolerance:
            result.append((start, vertex + 1, direction))
            start, direction = vertex, -direction
            vertex = i
    if direction != 0:
        result.append((start, e.size, direction))
    return result


def _background(j: np.ndarray) -> float:
    """The capacitive/background current density of a sweep, ``j`` signed in the sweep's
    direction: the median over its first fifth (after the first 2 %, where the current still
    settles from the reversal) of the current flowing in that direction (current of the other
    sign there is the decay of the previous sweep's reaction, not capacitive)."""
    n = len(j)
    return float(np.median(np.clip(j[n // 50 : max(n // 5, n // 50 + 1)], 0.0, None)))


def _onset(e: np.ndarray, j: np.ndarray, threshold: float) -> float | None:
    """Potential where the signed current density ``j`` first exceeds ``threshold`` and stays
    above it (3 points, or to the sweep's end), interpolated linearly; None if never."""
    above = j > threshold
    run = 3
    for i in np.flatnonzero(above):
        if above[i : i + run].all():
            if i == 0:
                return float(e[0])
            f = (threshold - j[i - 1]) / (j[i] - j[i - 1])
            return float(e[i - 1] + f * (e[i] - e[i - 1]))
    return None


MIN_SWEEP_POINTS = 5  # shorter runs (a settling jump at the start) are not sweeps


def apparent_window(
    potential_V,
    current_density_mA_per_cm2,
    threshold_mA_per_cm2,
    start_V=None,
    sweep: int = 1,
) -> ApparentWindow:
    """Apparent stability window from the ``sweep``-th anodic and cathodic sweep.

    A scan with a single sweep direction (LSV) gives the other side as its starting
    potential, flagged as a bound.

    Parameters
    ----------
    potential_V : array_like or pint.Quantity, shape (n,)
        Potential (V, or any potential unit).
    current_density_mA_per_cm2 : array_like or pint.Quantity, shape (n,)
        Current density (mA/cm², or any current-density unit).
    threshold_mA_per_cm2 : float or pint.Quantity
        Onset criterion, > 0 (raised above the capacitive background, see the module notes).
    start_V : float or pint.Quantity, optional
        Restrict onsets to potentials above it (oxidation) or below it (reduction).
    sweep : int
        Which anodic and cathodic sweep (1-based; default the first).

    Returns
    -------
    ApparentWindow
        Low and high limits (V vs the counter/reference metal), whether each is only the
        scan's limit (a bound), the thresholds used on each side and the sweeps read.

    Raises
    ------
    InputError
        A non-positive threshold or one above the data's largest current density, a sweep
        below 1 or one the scan does not have.
    UnitError
        An argument in a wrong dimension.
    """
    threshold_mA_per_cm2 = as_magnitude(threshold_mA_per_cm2, "mA/cm**2", "threshold_mA_per_cm2")
    if start_V is not None:
        start_V = as_magnitude(start_V, "V", "start_V")
    if not threshold_mA_per_cm2 > 0:
        raise InputError("the current-density threshold must be positive")
    if sweep < 1:
        raise InputError("sweeps count from 1")
    e = np.asarray(as_magnitude(potential_V, "V", "potential_V"), dtype=float)
    j = np.asarray(
        as_magnitude(current_density_mA_per_cm2, "mA/cm**2", "current_density_mA_per_cm2"),
        dtype=float,
    )
    if j.size and threshold_mA_per_cm2 > np.nanmax(np.abs(j)):
        raise InputError(
            f"the threshold {threshold_mA_per_cm2:g} mA/cm² is above the largest current density "
            f"of the data ({np.nanmax(np.abs(j)):.3g} mA/cm²): no onset can be found"
        )
    found = sweeps(e)
    found = [s for s in found if s[1] - s[0] >= MIN_SWEEP_POINTS] or found
    if not found:
        raise InputError("the potential does not change: this is not a voltammogram")
    start = float(e[0] if start_V is None else start_V)
    sides, notes = {}, []
    for direction, name in ((1, "anodic"), (-1, "cathodic")):
        of_kind = [s for s in found if s[2] == direction]
        if not of_kind:
            sides[direction] = (start, True, 0, threshold_mA_per_cm2)
            notes.append(f"no {name} sweep: that side of the window is the start potential")
            continue
        if len(of_kind) < sweep:
            raise InputError(f"the scan has {len(of_kind)} {name} sweep(s), not {sweep}")
        lo, hi, _ = of_kind[sweep - 1]
        es, js = e[lo:hi], j[lo:hi] * direction
        keep = es >= start if direction > 0 else es <= start
        if keep.sum() < 2:  # the sweep never goes beyond the start on this side
            sides[direction] = (start, True, sweep, threshold_mA_per_cm2)
            notes.append(f"the {name} sweep does not pass the start potential {start:.3g} V")
            continue
        es, js = es[keep], js[keep]
        background = _background(js)
        used = max(threshold_mA_per_cm2, BACKGROUND_FACTOR * background)
        if used > threshold_mA_per_cm2:
            notes.append(
                f"{name} threshold raised from {threshold_mA_per_cm2:g} to {used:.3g} mA/cm² "
                f"({BACKGROUND_FACTOR:g}× the capacitive background of the sweep)"
            )
        onset = _onset(es, js, used)
        limit = float(es.max() if direction > 0 else es.min())
        sides[direction] = (limit if onset is None else onset, onset is None, sweep, used)
    (high, high_bound, n_an, t_an), (low, low_bound, n_cat, t_cat) = sides[1], sides[-1]
    return ApparentWindow(
        low_V=low,
        high_V=high,
        low_is_scan_limit=low_bound,
        high_is_scan_limit=high_bound,
        threshold_mA_per_cm2=float(threshold_mA_per_cm2),
        start_V=start,
        points=int(e.size),
        anodic_sweep=n_an,
        cathodic_sweep=n_cat,
        anodic_threshold_mA_per_cm2=float(t_an),
        cathodic_threshold_mA_per_cm2=float(t_cat),
        notes=tuple(notes),
    )


def with_file_reference(window: ApparentWindow, path: Path | str, ion: str) -> ApparentWindow:
    """The window with its file and the electrode its potentials are against.

    The reference is the one the file's header states; where it states none, the metal of
    ``ion`` is assumed, and ``reference_source`` says so. Edges below 0 V against the mobile
    ion's metal get a note (:func:`edges_below_metal`).

    Parameters
    ----------
    window : ApparentWindow
        The window read from the voltammogram (edges in V).
    path : pathlib.Path or str
        The CV file, whose header may name the reference electrode.
    ion : str
        The mobile ion, 'Li', 'Na' or 'Mg'.

    Returns
    -------
    ApparentWindow
        A copy with ``reference``, ``reference_source``, ``file`` and possibly a note added.

    Raises
    ------
    hydrion.errors.InputError
        For an unsupported ion.
    """
    from hydrion.experiment.file_headers import reference_electrode
    from hydrion.stability.window import REFERENCE, check_ion

    assumed = REFERENCE[check_ion(ion)]
    stated = reference_electrode(Path(path))
    source = (
        "the file header"
        if stated
        else f"not stated in the file (assumed {assumed} as given by --ion {ion})"
    )
    window = replace(window, reference=stated or assumed, reference_source=source, file=str(path))
    below = edges_below_metal(window)
    if below:
        window = replace(
            window,
            notes=(
                *window.notes,
                f"the {' and '.join(below)} edge(s) lie below 0 V vs {window.reference}: "
                "unphysical for a stability window (the metal plates there); check the "
                "reference electrode and the potential sign",
            ),
        )
    return window


_METAL_REFERENCE = re.compile(r"^\s*(Li|Na|Mg)\s*\d*\+?\s*/\s*(Li|Na|Mg)\s*\d*\+?(?:\s|\(|$)")


def edges_below_metal(window: ApparentWindow) -> tuple[str, ...]:
    """The window edges below 0 V where the potentials are against the metal of the mobile ion
    (Li/Li+, Li+/Li, Na/Na+, Mg/Mg2+): the metal plates below 0 V, so such an edge is no
    stability limit of the electrolyte.

    Parameters
    ----------
    window : ApparentWindow
        The window, its ``reference`` and edges ``low_V``, ``high_V`` (V).

    Returns
    -------
    tuple of str
        'low' and/or 'high'; empty where none is below 0 V or the reference is not the mobile
        ion's metal.
    """
    match = _METAL_REFERENCE.match(window.reference or "")
    if match is None or match.group(1) != match.group(2):
        return ()
    return tuple(
        name for name, volts in (("low", window.low_V), ("high", window.high_V)) if volts < 0
    )


def store_window(store, material: str, window: ApparentWindow) -> dict:
    """Save the window with the user's material (user database, kind 'window').

    Parameters
    ----------
    store : UserStore
        The user database.
    material : str
        Material id the window belongs to.
    window : ApparentWindow
        A window with its ``reference`` and ``file`` (:func:`with_file_reference`).

    Returns
    -------
    dict
        The stored payload.

    Raises
    ------
    InputError
        The window has no reference electrode or file.
    """
    if window.reference is None or window.file is None:
        raise InputError("a stored window needs its reference electrode and file")
    payload = {"material": material, "method": "experimental", **window.as_dict()}
    store.put("window", material, payload)
    return payload
