"""Which points of an impedance spectrum a circuit fit uses (``fit_spectrum``).

One job: leave out, with a note saying how many and why, the points outside the chosen
frequency range and the top-frequency points no fitted circuit can describe (bandwidth
artefacts, and inductive points with Z″ > 0 where no series inductor is fitted), and refuse
a spectrum with too few points left or without resistance.
"""

from __future__ import annotations

import numpy as np

from hydrion.errors import InputError
from hydrion.experiment.eis_shape import inductive_artefacts, inductive_points
from hydrion.experiment.spectrum_readers import MIN_SPECTRUM_POINTS, Spectrum
from hydrion.transport.arrhenius import check_positive


def crop(spectrum: Spectrum, f_min_Hz, f_max_Hz) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The points of ``spectrum`` between ``f_min_Hz`` and ``f_max_Hz`` (Hz, either None).

    Parameters
    ----------
    spectrum : Spectrum
        Frequencies f (Hz) and complex impedance Z (Ω), shape (n,).
    f_min_Hz, f_max_Hz : float, optional
        Frequency range to keep (Hz; None leaves that end open).

    Returns
    -------
    tuple
        f (Hz) and Z (Ω) kept, and the notes saying how many points were left out.

    Raises
    ------
    InputError
        For f_min_Hz above f_max_Hz, a bound ≤ 0, fewer than ``MIN_SPECTRUM_POINTS`` points
        left, and a spectrum without resistance (Z′ ≤ 0 at every point kept).
    """
    f, Z = spectrum.frequency_Hz, spectrum.impedance_ohm
    keep = np.ones(f.size, bool)
    if f_min_Hz is not None and f_max_Hz is not None and f_min_Hz > f_max_Hz:
        raise InputError(
            f"--fmin ({float(f_min_Hz):g} Hz) is above --fmax ({float(f_max_Hz):g} Hz): swap them"
        )
    if f_min_Hz is not None:
        keep &= f >= float(check_positive(f_min_Hz, "--fmin (Hz)"))
    if f_max_Hz is not None:
        keep &= f <= float(check_positive(f_max_Hz, "--fmax (Hz)"))
    notes = []
    if not keep.all():
        notes.append(f"{int((~keep).sum())} point(s) outside the chosen frequency range left out")
    if keep.sum() < MIN_SPECTRUM_POINTS:
        raise InputError(
            f"{spectrum.name}: {int(keep.sum())} point(s) left between --fmin and --fmax; "
            f"a fit needs at least {MIN_SPECTRUM_POINTS}"
        )
    _check_resistive(spectrum.name, Z[keep])
    return f[keep], Z[keep], notes


def _check_resistive(name: str, Z: np.ndarray) -> None:
    """Refuse a spectrum without resistance (Z′ ≤ 0 at every point, e.g. a pure capacitance
    Z = 1/(jωC)): it has no arc and no series resistance, so no R_bulk to fit."""
    if not np.any(Z.real > 0):
        raise InputError(
            f"{name}: no point has Z' > 0 (a pure reactance such as a capacitor): "
            "the spectrum has no resistance, so there is no R_bulk to fit"
        )


def drop_inductive(
    name: str,
    f: np.ndarray,
    Z: np.ndarray,
    inductive: str,
    circuit_given: bool,
    has_inductor: bool,
) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Leave out the top-frequency points the circuits fitted cannot describe.

    Bandwidth artefacts (:func:`hydrion.experiment.eis_shape.inductive_artefacts`) go where
    every circuit has a series inductor; the inductive points (Z″ > 0,
    :func:`hydrion.experiment.eis_shape.inductive_points`) go under ``inductive="drop"``, and
    under ``"auto"`` for a circuit given without an inductor.

    Parameters
    ----------
    name : str
        The spectrum's name, for the message.
    f, Z : numpy.ndarray
        Frequencies (Hz, descending as read) and complex impedance (Ω), shape (n,).
    inductive : {"auto", "model", "drop", "keep"}
        How inductive points are treated (see ``fit_spectrum``).
    circuit_given : bool
        The user gave a circuit (rather than the candidates being compared).
    has_inductor : bool
        Every circuit to be fitted has a series inductor.

    Returns
    -------
    tuple
        f (Hz) and Z (Ω) kept, the notes saying what was left out, and the short reasons
        (for the result's ``dropped_because``).

    Raises
    ------
    InputError
        Where fewer than ``MIN_SPECTRUM_POINTS`` capacitive points are left.
    """
    notes: list[str] = []
    because: list[str] = []
    artefacts = inductive_artefacts(Z) if has_inductor else 0
    if artefacts:
        notes.append(
            f"{artefacts} top-frequency point(s) left out ({f[0]:.3g} Hz: Z' = {Z.real[0]:.3g} Ω "
            f"against {Z.real[inductive_points(Z)]:.3g} Ω where the arc starts): no series "
            "inductance explains them, an artefact of the instrument's bandwidth"
        )
        f, Z = f[artefacts:], Z[artefacts:]
        because.append("bandwidth artefacts")
    top = inductive_points(Z)
    if top and (
        inductive == "drop" or (inductive == "auto" and circuit_given and not has_inductor)
    ):
        f, Z = f[top:], Z[top:]
        hint = "; --inductive model fits them with a series inductor" if inductive == "auto" else ""
        notes.append(f"{top} high-frequency point(s) with Z'' > 0 (lead inductance) left out{hint}")
        because.append("inductive, Z'' > 0")
        if f.size < MIN_SPECTRUM_POINTS:
            raise InputError(f"{name}: too few capacitive points left to fit")
    return f, Z, notes, because
