"""The piecewise σ(T) model of one electrolyte, evaluated at a temperature or on a grid.

A :class:`ConductivityModel` holds one Arrhenius law per phase (built from knowledge-base
records by :func:`hydrion.transport.kb_models.conductivity_model`), joined at the material's
phase transitions (:mod:`hydrion.transport.phases`); a transition reported separately on
heating and cooling makes the phase depend on the direction asked for.

Each law is valid over its data (the temperatures of its conductivities and of the range its
Ea was reported for) plus :data:`~hydrion.transport.phase_laws.VALIDITY_MARGIN_K`; beyond that
values are flagged extrapolated with the distance, and beyond :data:`MAX_EXTRAPOLATION_K`
refused. Above a melting or decomposition temperature listed in
``transport/data/thermal_limits.yaml`` (:mod:`hydrion.transport.kb_data`) σ is refused. A
phase without a law raises :class:`~hydrion.errors.MissingDataError` naming what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import Material
from hydrion.kb.references import cited_references
from hydrion.transport.kb_data import ThermalLimit, excluded_reason, measured_note
from hydrion.transport.phase_laws import VALIDITY_MARGIN_K, PhaseModel
from hydrion.transport.phases import Transition
from hydrion.transport.sigma_points import (
    MEASURED_TOLERANCE_K,
    USABLE_PRECISION,
    data_point,
    kelvin,
)
from hydrion.transport.sigma_results import SigmaGrid, SigmaResult, Status
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin

DIRECTIONS: tuple[str, ...] = ("heating", "cooling")
# Beyond this distance from the data of a law σ is refused, not extrapolated: an Arrhenius
# law carried 200 K past its data says nothing a researcher should use (hydrion's choice).
MAX_EXTRAPOLATION_K = 200.0


class ConflictingDataError(MissingDataError):
    """The records of a phase disagree beyond their precision; hydrion will not average them."""


class AboveThermalLimitError(InputError):
    """σ asked above the temperature where the electrolyte melts or decomposes."""


@dataclass(frozen=True)
class ConductivityModel:
    """Piecewise Arrhenius σ(T) of one material; phases ordered from low to high T."""

    material_id: str
    name: str
    phases: tuple[str, ...]
    laws: dict[str, PhaseModel]
    transitions: tuple[Transition, ...]
    missing: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    thermal_limit: ThermalLimit | None = None
    material: Material | None = None

    def _phase_indices(self, temperature_K: np.ndarray, direction: str | None) -> np.ndarray:
        if direction is not None and direction not in DIRECTIONS:
            raise InputError(f"direction must be 'heating' or 'cooling', not {direction!r}")
        attr = "cooling_K" if direction == "cooling" else "heating_K"
        edges = np.array([getattr(t, attr) for t in self.transitions])
        return (
            (temperature_K[..., None] >= edges).sum(axis=-1)
            if edges.size
            else (np.zeros(temperature_K.shape, dtype=int))
        )

    def phase_at(self, temperature_K: float, direction: str | None = None) -> tuple[str, list[str]]:
        """The phase at ``temperature_K`` on heating or cooling, with any warning."""
        T = np.asarray(float(temperature_K))
        index = int(self._phase_indices(T, direction))
        warnings = []
        if direction is None and index != int(self._phase_indices(T, "cooling")):
            warnings.append(
                "inside the thermal hysteresis the phase depends on history; assumed heating "
                "(pass direction='cooling' / --direction cooling for the other branch)"
            )
        return self.phases[index], warnings

    def _check_limit(self, temperature_K: np.ndarray) -> None:
        limit = self.thermal_limit
        if limit is not None and np.any(temperature_K > limit.temperature_K):
            refs = ", ".join(map(str, limit.source.get("refs", [])))
            raise AboveThermalLimitError(
                f"{self.name}: no σ above {limit.temperature_K + ABSOLUTE_ZERO_C:.0f} °C, "
                f"where it undergoes {limit.what} [{refs}]"
            )

    def _law(self, phase: str, temperature_K: float) -> PhaseModel:
        model = self.laws.get(phase)
        if model is None:
            error = ConflictingDataError if "disagree" in self.missing.get(phase, "") else None
            measured = "" if self.material is None else measured_note(self.material, temperature_K)
            raise (error or MissingDataError)(
                f"{self.name}: no σ(T) for the {phase} phase at "
                f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C ({self.missing.get(phase, 'no data')})"
                + measured
            )
        return model

    def sigma(self, temperature_K, direction: str | None = None) -> SigmaResult:
        """σ in S/cm at one temperature (K, or any pint temperature) with status and sources.

        Raises MissingDataError (ConflictingDataError) where the phase has no law or ``T``
        is more than MAX_EXTRAPOLATION_K beyond its data,
        AboveThermalLimitError above a melting/decomposition temperature and InputError
        for a bad temperature or direction.
        """
        kelvin_value = as_kelvin(temperature_K, "temperature")
        if np.ndim(kelvin_value):
            raise InputError("sigma() takes one temperature; use sigma_grid() for an array")
        T = float(kelvin_value)
        self._check_limit(np.asarray(T))
        phase, warnings = self.phase_at(T, direction)
        assumed = "heating" if warnings else None
        try:
            model = self._law(phase, T)
        except MissingDataError as exc:
            if assumed:
                raise type(exc)(f"{exc}; {warnings[0]}") from None
            raise
        low, high = model.support_K
        extrapolation = max(low - T, T - high, 0.0)
        if extrapolation > MAX_EXTRAPOLATION_K:
            raise MissingDataError(
                f"{self.name}: no σ at {T:.0f} K, {extrapolation:.0f} K beyond the data of its "
                f"law ({low:.0f}–{high:.0f} K); hydrion extrapolates at most "
                f"{MAX_EXTRAPOLATION_K:.0f} K"
            )
        v_low, v_high = model.validity_K
        status: Status = "interpolated" if extrapolation == 0 else "extrapolated"
        if not v_low <= T <= v_high:
            warnings.append(
                f"{extrapolation:.0f} K beyond the data of this law, past the "
                f"±{VALIDITY_MARGIN_K:g} K margin where it is taken as valid: the value rests "
                "on the Arrhenius form holding that far"
            )
        stored = tuple(
            p.source
            for p in model.points
            if abs(p.temperature_K - T) <= MEASURED_TOLERANCE_K
            and (direction is None or p.direction in (None, direction))
        ) + self._bounds_at(T, direction)
        sources = list(model.sources)
        sources += [
            s for t in self.transitions if phase in (t.low_phase, t.high_phase) for s in t.sources
        ]
        if self.thermal_limit is not None:
            sources.append(self.thermal_limit.source)
        return SigmaResult(
            material_id=self.material_id,
            name=self.name,
            temperature_K=float(T),
            sigma_S_per_cm=float(model.law.sigma(T)),
            sigma_err_log10=float(model.log10_sigma_err(T)),
            phase=phase,
            status=status,
            extrapolation_K=float(extrapolation),
            validity_K=model.validity_K,
            precision=model.precision,
            direction=direction,
            law={
                **model.law.as_dict(),
                "Ea_err_eV": model.Ea_err_eV,
                "basis": model.basis,
                "validity_K": list(model.validity_K),
            },
            stored=stored,
            sources=tuple(sources),
            cited=cited_references(ref for s in sources for ref in s.get("refs") or ()),
            warnings=tuple(warnings) + model.warnings + self.warnings,
            assumed_direction=assumed,
            sigma_err_basis=model.uncertainty_basis(T),
        )

    def _bounds_at(self, temperature_K: float, direction: str | None) -> tuple[dict, ...]:
        """Source entries of the bounds ('σ > 1e-05 S/cm at RT') stored at this temperature:
        no law uses them, so they are listed beside the value, never fitted."""
        if self.material is None:
            return ()
        return tuple(
            data_point(record).source
            for record in self.material.conductivities
            if record.precision not in USABLE_PRECISION
            and abs(kelvin(record.temperature_C) - temperature_K) <= MEASURED_TOLERANCE_K
            and (direction is None or record.direction in (None, direction))
            and excluded_reason(self.material.id, record) is None
        )

    def sigma_grid(self, temperature_K, direction: str | None = None) -> SigmaGrid:
        """σ (S/cm) on an array of temperatures (K or pint) in one call; NaN where no law."""
        T = np.atleast_1d(np.asarray(as_kelvin(temperature_K, "temperature"), dtype=float))
        self._check_limit(T)
        indices = self._phase_indices(T, direction)
        sigma = np.full(T.shape, np.nan)
        error = np.full(T.shape, np.nan)
        distance = np.zeros(T.shape)
        extrapolated = np.zeros(T.shape, dtype=bool)
        status = np.full(T.shape, "", dtype=object)
        precision = np.full(T.shape, "", dtype=object)
        warnings = self._grid_hysteresis_warnings(T, indices, direction)
        for index, phase in enumerate(self.phases):
            where = indices == index
            model = self.laws.get(phase)
            if not where.any():
                continue
            if model is None:
                warnings.append(
                    f"{where.sum()} of {T.size} temperatures in the {phase} phase, which has no "
                    f"σ(T) law ({self.missing.get(phase, 'no data')}): σ is NaN there"
                )
                continue
            sigma[where] = model.law.sigma(T[where])
            error[where] = model.log10_sigma_err(T[where])
            low, high = model.support_K
            distance[where] = np.maximum.reduce([low - T[where], T[where] - high, 0 * T[where]])
            extrapolated[where] = distance[where] > 0  # as SigmaResult.status: beyond the data
            status[where] = np.where(extrapolated[where], "extrapolated", "interpolated")
            precision[where] = model.precision
            warnings += self._grid_extrapolation_warnings(T, where, distance, phase, model)
            warnings += model.warnings
        return SigmaGrid(
            material_id=self.material_id,
            temperature_K=T,
            sigma_S_per_cm=sigma,
            sigma_err_log10=error,
            phase=np.array(self.phases, dtype=object)[indices],
            extrapolated=extrapolated,
            extrapolation_K=distance,
            direction=direction,
            status=status,
            precision=precision,
            warnings=tuple(dict.fromkeys([*warnings, *self.warnings])),
        )

    def _grid_hysteresis_warnings(
        self, T: np.ndarray, indices: np.ndarray, direction: str | None
    ) -> list[str]:
        """The hysteresis flag of :meth:`phase_at`, counted over a grid (none once a
        direction is given)."""
        if direction is not None:
            return []
        inside = indices != self._phase_indices(T, "cooling")
        if not inside.any():
            return []
        return [
            f"{inside.sum()} of {T.size} temperatures lie inside the thermal hysteresis, where "
            "the phase depends on history; heating assumed (pass direction='cooling' for the "
            "other branch)"
        ]

    def _grid_extrapolation_warnings(
        self, T: np.ndarray, where: np.ndarray, distance: np.ndarray, phase: str, model
    ) -> list[str]:
        """The extrapolation flags of :meth:`sigma`, counted over the grid points of one
        phase: beyond the validity margin, and beyond what :meth:`sigma` extrapolates at all."""
        v_low, v_high = model.validity_K
        beyond = where & ((v_low > T) | (v_high < T))
        warnings = []
        if beyond.any():
            warnings.append(
                f"{beyond.sum()} of {T.size} temperatures ({phase}) lie up to "
                f"{distance[beyond].max():.0f} K beyond the data of its law, past the "
                f"±{VALIDITY_MARGIN_K:g} K margin where it is taken as valid: those values rest "
                "on the Arrhenius form holding that far"
            )
        far = where & (distance > MAX_EXTRAPOLATION_K)
        if far.any():
            warnings.append(
                f"{far.sum()} of {T.size} temperatures ({phase}) lie more than "
                f"{MAX_EXTRAPOLATION_K:.0f} K beyond the data of its law, where sigma() "
                "refuses to give a value"
            )
        return warnings
