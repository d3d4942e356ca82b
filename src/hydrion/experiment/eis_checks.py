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
from threadpoolctl import threadpool_limits

from hydrion.result_checks import at_least_zero, positive
from hydrion.results import Result
from hydrion.units import as_magnitude

# acceptance bars (not literature values): RMS of the KK residuals relative to |Z|; residuals
# above the floor whose signs run together (runs z below the limit) are structure, not noise
KK_MAX_RESIDUAL = 0.01
KK_STRUCTURE_FLOOR = 0.003
KK_RUNS_Z_LIMIT = -3.0
# decades by which the RC time constants reach beyond 1/ω_max and 1/ω_min (pyimpspec's
# log_F_ext): a blocking electrode's CPE keeps relaxing below the lowest frequency measured
TAU_EXTENSIONS = (0.0, 0.5, 1.0)
# exponent β of the score that picks M (Yrjänä & Bobacka 2024; pyimpspec uses 0.75, found
# by trial as theirs is): assumed, 0.5 chosen on the synthetic spectra of
# tests/experiment/test_eis_checks.py, where 0.75 underfits one noisy two-arc spectrum
SCORE_BETA = 0.5


@dataclass(frozen=True)
class KKResult(Result):
    """Lin-KK test: number of RC elements M, over-fit measure μ, residuals relative to |Z|,
    the decades ``tau_extension`` the time constants reach beyond the measured range, and
    the runs z of the residual signs (:func:`runs_z`)."""

    M: int
    mu: float
    residual_rms: float
    residual_max: float
    tau_extension: float = 0.0
    runs_z: float = 0.0

    derived = ("passed", "threshold")
    checks = (positive("M"), at_least_zero("residual_rms", "residual_max", missing=True))

    @property
    def threshold(self) -> float:
        """The acceptance bar on ``residual_rms`` (:data:`KK_MAX_RESIDUAL`)."""
        return KK_MAX_RESIDUAL

    @property
    def structured(self) -> bool:
        """Residuals above :data:`KK_STRUCTURE_FLOOR` whose signs run together (runs z below
        :data:`KK_RUNS_Z_LIMIT`): a systematic misfit (drift), not noise."""
        return self.residual_rms > KK_STRUCTURE_FLOOR and self.runs_z < KK_RUNS_Z_LIMIT

    @property
    def passed(self) -> bool:
        return self.residual_rms <= KK_MAX_RESIDUAL and not self.structured

    @property
    def failure(self) -> str:
        """Why the spectrum fails the test, in words ('' where it passes)."""
        residual = f"residual {100 * self.residual_rms:.2g} % of |Z|"
        if self.residual_rms > KK_MAX_RESIDUAL:
            return f"{residual}, above {100 * KK_MAX_RESIDUAL:.0f} %"
        if self.structured:
            return f"{residual}, its signs in runs (runs test z = {self.runs_z:.1f})"
        return ""


def kramers_kronig(frequency_Hz, impedance_ohm, c: float = 0.85, max_M: int = 50) -> KKResult:
    """Lin-KK test of a spectrum: series R, L and C plus M RC elements with fixed time
    constants, fitted linearly to Z/|Z| (real and imaginary parts together).

    Parameters
    ----------
    frequency_Hz : array_like or pint.Quantity, shape (n,)
        Frequencies (Hz).
    impedance_ohm : array_like or pint.Quantity, shape (n,)
        Complex impedance (Ω).
    c : float
        The μ criterion: only fits with μ = 1 − Σ|R_k<0| / Σ|R_k≥0| below ``c`` count.
    max_M : int
        The largest number of RC elements tried.

    Returns
    -------
    KKResult
        The fit kept, its residuals (Z − Z_KK)/|Z| and verdict (``passed``).

    Raises
    ------
    UnitError
        Where ``frequency_Hz`` or ``impedance_ohm`` has a wrong dimension.

    Notes
    -----
    Method: Schönleber et al., Electrochim. Acta 131 (2014) 20
    (doi:10.1016/j.electacta.2014.01.034), with a series C (blocking electrodes) and L, as
    impedance.py's ``linKK`` (MIT) and pyimpspec do. The time constants run log-spaced from
    1/ω_max to 1/ω_min, extended by each of :data:`TAU_EXTENSIONS` decades on both sides (as
    pyimpspec's ``log_F_ext``); for each extension M is the one with μ < ``c`` of highest
    score S = −log10 χ²_ps / (c − μ)^β (Yrjänä & Bobacka, Electrochim. Acta 504 (2024)
    144951, doi:10.1016/j.electacta.2024.144951: the first M with μ < c, Schönleber's own
    rule, stops too early where μ fluctuates at small M), and the extension whose fit has
    the lowest χ²_ps is kept. The linear fits are done here with NumPy: impedance.py's
    ``linKK`` evaluates its model by building Python source from number reprs, which
    NumPy ≥ 2 breaks. The spectrum fails where the residual RMS is above
    :data:`KK_MAX_RESIDUAL`, or is above :data:`KK_STRUCTURE_FLOOR` with signs that run
    together (``structured``): it is then not linear, causal and stable (drift during the
    measurement or artefacts), so no circuit fit to it is trustworthy.
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
    max_M = max(2, min(max_M, f.size))  # no more RC elements than frequencies
    # Many small least-squares fits: a threaded BLAS only adds contention here (1-27 s
    # instead of 0.1 s per spectrum on a loaded 2-core machine), so one thread.
    with threadpool_limits(limits=1, user_api="blas"):
        kept = min(
            (_best_M(omega, modulus, target, extension, c, max_M) for extension in TAU_EXTENSIONS),
            key=lambda fit: fit[3],
        )
    M, mu, extension, chi2, error = kept
    # runs of signs in frequency order, real part then imaginary part
    z_runs = min(runs_z(error[: f.size]), runs_z(error[f.size :]))
    return KKResult(
        M=int(M),
        mu=float(mu),
        residual_rms=float(np.sqrt(chi2 / error.size)),
        residual_max=float(np.max(np.abs(error))),
        tau_extension=float(extension),
        runs_z=float(z_runs),
    )


def _best_M(
    omega: np.ndarray,
    modulus: np.ndarray,
    target: np.ndarray,
    extension: float,
    c: float,
    max_M: int,
) -> tuple[int, float, float, float, np.ndarray]:
    """(M, μ, extension, χ²_ps, residuals) of the fit of highest score with μ < ``c``, or of
    ``max_M`` elements where none has μ < ``c`` (Schönleber's rule then runs out too)."""
    best: tuple[float, tuple] | None = None
    for M in range(2, max_M + 1):
        taus = np.geomspace(10**-extension / omega.max(), 10**extension / omega.min(), M)
        mu, error = lin_kk_fit(omega, modulus, target, taus)
        chi2 = float(np.sum(error**2))
        fit = (M, mu, extension, chi2, error)
        if mu < c:
            score = -math.log10(max(chi2, 1e-300)) / (c - mu) ** SCORE_BETA
            if best is None or score > best[0]:
                best = (score, fit)
    return best[1] if best is not None else fit


def lin_kk_fit(
    omega: np.ndarray, modulus: np.ndarray, target: np.ndarray, taus: np.ndarray
) -> tuple[float, np.ndarray]:
    """μ and the residuals of one linear fit of series R, C, L and RC elements of fixed time
    constants to the normalised spectrum.

    Parameters
    ----------
    omega : numpy.ndarray
        Shape (n,), angular frequencies in rad/s.
    modulus : numpy.ndarray
        Shape (n,), |Z| in Ω, the weights (each row divided by it).
    target : numpy.ndarray
        Shape (2n,), [Z', Z''] / |Z| (dimensionless).
    taus : numpy.ndarray
        Shape (M,), the RC elements' time constants in s.

    Returns
    -------
    tuple of (float, numpy.ndarray)
        μ = 1 − Σ|R_k < 0| / Σ R_k≥0 (1 where no R_k is positive) and the residuals,
        shape (2n,), in units of |Z|.

    References
    ----------
    Schönleber, Klotz & Ivers-Tiffée, Electrochim. Acta 131 (2014) 20,
    doi:10.1016/j.electacta.2014.01.034 (the μ criterion and the linear fit; with a series C
    and L as here, as in impedance.py's ``linKK``).
    """
    M = len(taus)
    columns = np.empty((omega.size, M + 3), complex)
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
    return float(mu), target - design @ elements


def runs_z(residuals: np.ndarray) -> float:
    """z score of the number of sign runs in ``residuals``.

    Parameters
    ----------
    residuals : numpy.ndarray
        Shape (n,), fit residuals in frequency order (any unit); zeros are left out.

    Returns
    -------
    float
        0 for random signs, negative for long runs of one sign; −√(n−1) where all n signs
        agree (the limit of a single run among balanced signs), 0 for n ≤ 2 such signs.

    References
    ----------
    Wald & Wolfowitz, Ann. Math. Stat. 11 (1940) 147 (the runs test).
    """
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
