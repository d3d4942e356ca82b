"""Results of :func:`hydrion.transport.fitting.fit_arrhenius`: one Arrhenius line
(:class:`SegmentFit`) and the whole fit with its model choice and residuals
(:class:`ArrheniusFit`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from hydrion.result_checks import at_least_zero, finite, ordered, positive, uncertainty
from hydrion.results import Result
from hydrion.transport.arrhenius import ArrheniusForm, ArrheniusLaw


@dataclass(frozen=True)
class SegmentFit(Result):
    """One Arrhenius line: Ea (eV) and ln prefactor with 1σ errors, over [T_min_K, T_max_K]."""

    former_modules = ("hydrion.transport.fitting",)  # before the split: files keep it

    Ea_eV: float
    Ea_err_eV: float
    ln_prefactor: float
    ln_prefactor_err: float
    convention: ArrheniusForm
    T_min_K: float
    T_max_K: float
    n_points: int
    Ea_err_bootstrap_eV: float | None = None

    derived = ("prefactor", "prefactor_unit")

    checks = (
        finite("Ea_eV", "ln_prefactor"),
        uncertainty("Ea_err_eV", "ln_prefactor_err", "Ea_err_bootstrap_eV"),
        ordered("T_min_K", "T_max_K"),
        positive("n_points"),
    )

    @property
    def law(self) -> ArrheniusLaw:
        return ArrheniusLaw(self.Ea_eV, math.exp(self.ln_prefactor), self.convention)

    @property
    def prefactor(self) -> float:
        """exp(ln_prefactor), in :attr:`prefactor_unit`."""
        return self.law.prefactor

    @property
    def prefactor_unit(self) -> str:
        return self.law.prefactor_unit

    @property
    def exact(self) -> bool:
        """True where the points lie on the line to rounding: no scatter, no uncertainty."""
        return self.Ea_err_eV == 0.0

    def ea_text(self, unit: bool = True) -> str:
        """'Ea ± 1σ eV' rounded to the error's two significant figures ('0.50001 ± 0.00015
        eV'), the bootstrap spread beside it when there is one; an exact fit says that it has
        no uncertainty ('0.500 eV (exact fit of 3 points: no uncertainty)'). ``unit=False``
        leaves out ' eV' (for a column headed 'Ea (eV)')."""
        from hydrion.kb.sheet import plus_minus

        eV = " eV" if unit else ""
        if self.exact:
            return f"{self.Ea_eV:.3f}{eV} (exact fit of {self.n_points} points: no uncertainty)"
        text = f"{plus_minus(self.Ea_eV, self.Ea_err_eV)}{eV}"
        if self.Ea_err_bootstrap_eV is not None:
            text += f" (bootstrap ± {self.Ea_err_bootstrap_eV:.2g})"
        return text


@dataclass(frozen=True)
class ArrheniusFit(Result):
    """Result of :func:`~hydrion.transport.fitting.fit_arrhenius`; residuals are
    log10(σ_data/σ_model) in decades.

    ``convention_flag`` is 'chosen' where no convention was named and the fit took σT because
    the data are straight only there, 'curved' where the named convention was kept though the
    data are straight only in the other one, None otherwise (the warnings say more).
    """

    former_modules = ("hydrion.transport.fitting",)  # before the split: files keep it

    convention: ArrheniusForm
    model: Literal["single", "piecewise"]
    segments: tuple[SegmentFit, ...]
    transition_K: float | None
    transition_err_K: float | None
    transition_bracket_K: tuple[float, float] | None
    bic: dict[str, float]
    temperature_K: tuple[float, ...]
    sigma_S_per_cm: tuple[float, ...]
    residuals_log10: tuple[float, ...]
    outliers: tuple[bool, ...]
    n_bootstrap: int = 0
    transition_err_bootstrap_K: float | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    convention_flag: Literal["chosen", "curved"] | None = None

    same_length = ("temperature_K", "sigma_S_per_cm", "residuals_log10", "outliers")

    checks = (
        uncertainty("transition_err_K", "transition_err_bootstrap_K"),
        positive("transition_bracket_K"),
        ordered("transition_bracket_K"),
        at_least_zero("n_bootstrap"),
    )

    def sigma(self, temperature_K):
        """Fitted σ in S/cm (the low-T line below the transition, the high-T line above)."""
        T = np.asarray(temperature_K, dtype=float)
        value = self.segments[0].law.sigma(T)
        if self.transition_K is not None:
            value = np.where(self.transition_K <= T, self.segments[1].law.sigma(T), value)
        return float(value) if np.ndim(value) == 0 else value
