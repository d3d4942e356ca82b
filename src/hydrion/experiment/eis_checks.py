"""Checks of a spectrum and of a fit: Kramers–Kronig validity and residual structure.

- :func:`kramers_kronig`: the linear Kramers–Kronig test of Schönleber et al., Electrochim.
  Acta 131 (2014) 20 (doi:10.1016/j.electacta.2014.01.034), as in impedance.py's ``linKK``
  (MIT), with a series inductance and a series capacitance for blocking electrodes.
- :func:`runs_z`: the Wald–Wolfowitz runs test on the signs of fit residuals in frequency
  order (Wald & Wolfowitz, Ann. Math. Stat. 11 (1940) 147): a large negative z means long runs
  of one sign, i.e. a feature of the spectrum the circuit does not describe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hydrion.results import Result
from hydrion.units import as_magnitude

# acceptance bar (not a literature value): RMS of the KK residuals relative to |Z|
KK_MAX_RESIDUAL = 0.01


@dataclass(frozen=True)
class KKResult(Result):
    """Lin-KK test: number of RC elements M, over-fit measure μ, residuals relative to |Z|."""

    M: int
    mu: float
    residual_rms: float
    residual_max: float

    derived = ("passed", "threshold")

    @property
    def threshold(self) -> float:
        """The acceptance bar on ``residual_rms`` (:data:`KK_MAX_RESIDUAL`)."""
        return KK_MAX_RESIDUAL

    @property
    def passed(self) -> bool:
        return self.residual_rms <= KK_MAX_RESIDUAL


def kramers_kronig(frequency_Hz, impedance_ohm, c: float = 0.85, max_M: int = 50) -> KKResult:
    """Lin-KK test of a spectrum: series R, L and C plus M RC elements with fixed time
    constants, fitted linearly to Z/|Z| (real and imaginary parts together).

    M grows until the under/over-fit measure μ = 1 − Σ|R_k<0| / Σ|R_k≥0| falls below ``c``;
    the time constants run log-spaced from 1/ω_max to 1/ω_min (Schönleber et al. 2014, as in
    impedance.py's ``get_tc_distribution``). The linear fit is done here with NumPy:
    impedance.py's ``linKK`` evaluates its model by building Python source from number reprs,
    which NumPy ≥ 2 breaks. Residuals are (Z − Z_KK)/|Z|; an RMS above
    :data:`KK_MAX_RESIDUAL` says the spectrum is not linear, causal and stable (drift during
    the measurement, noise, or artefacts), so no circuit fit to it is trustworthy.
    ``frequency_Hz`` (Hz) and the complex ``impedance_ohm`` (Ω) may be pint Quantities;
    UnitError names the one of a wrong dimension.
    """
    f = np.asarray(as_magnitude(frequency_Hz, "Hz", "frequency_Hz"), float)
    z = impedance_ohm if hasattr(impedance_ohm, "units") else np.asarray(impedance_ohm, complex)
    Z = np.asarray(
        as_magnitude(z.real, "ohm", "impedance_ohm")
        + 1j * as_magnitude(z.imag, "ohm", "impedance_ohm"),
        complex,
    )
    omega, modulus = 2 * np.pi * f, np.abs(Z)
    target = np.concatenate([Z.real, Z.imag]) / np.concatenate([modulus, modulus])
    M, mu = 0, 1.0
    while mu > c and max_M > M:
        M += 1
        taus = np.geomspace(1 / omega.max(), 1 / omega.min(), M) if M > 1 else [1 / omega.min()]
        columns = np.empty((f.size, M + 3), complex)
        columns[:, 0] = 1.0  # series R
        columns[:, 1 : M + 1] = 1.0 / (1.0 + 1j * omega[:, None] * taus)  # R_k‖C_k, τ_k fixed
        columns[:, M + 1] = -1j / omega  # series C (as 1/C)
        columns[:, M + 2] = 1j * omega  # series L
        columns /= modulus[:, None]
        design = np.concatenate([columns.real, columns.imag])
        elements = np.linalg.lstsq(design, target, rcond=None)[0]
        R_k = elements[1 : M + 1]
        positive = np.abs(R_k[R_k >= 0]).sum()
        mu = 1.0 - np.abs(R_k[R_k < 0]).sum() / positive if positive > 0 else 1.0
    error = target - design @ elements
    return KKResult(
        M=int(M),
        mu=float(mu),
        residual_rms=float(np.sqrt(np.mean(error**2))),
        residual_max=float(np.max(np.abs(error))),
    )


def runs_z(residuals: np.ndarray) -> float:
    """z score of the number of sign runs in ``residuals`` (0 for random signs; −√(n−1)
    where all n signs agree, the limit of a single run among balanced signs)."""
    signs = np.sign(residuals[residuals != 0])
    n = signs.size
    positive = int((signs > 0).sum())
    negative = n - positive
    if positive == 0 or negative == 0:  # one run: as structured as n signs can be
        return -math.sqrt(n - 1) if n > 2 else 0.0
    runs = 1 + int((signs[1:] != signs[:-1]).sum())
    mean = 2.0 * positive * negative / n + 1.0
    variance = (mean - 1.0) * (mean - 2.0) / (n - 1.0)
    return (runs - mean) / math.sqrt(variance) if variance > 0 else 0.0
