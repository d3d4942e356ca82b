"""σ of knowledge-base electrolytes at a chosen temperature: the package's one "model, else
measured value" path, used for ranking, screening, the report and the cell parameters.

The value comes from the material's σ(T) model where the records support one; otherwise from
a stored value measured within a tolerance of the temperature ('measured, no model'; where
stored values there disagree, the lowest, with the range in the status). A reported value is
always preferred to a bound; a bound ("< 1e-10 S/cm") is listed only where nothing else was
measured there, and then it is marked as a bound (:attr:`ScreenedSigma.bound`), never passed
off as a value: a screening leaves out an upper bound (it cannot show that σ reaches the bar).
Values the knowledge base keeps as printed but that belong to another material
(``transport/data/excluded_conductivities.yaml``) are not used. Anything else is left out,
never guessed or averaged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hydrion.errors import MissingDataError
from hydrion.kb import KnowledgeBase
from hydrion.kb.query import SigmaMatch
from hydrion.kb.records import Conductivity, Material, format_sigma
from hydrion.results import Result
from hydrion.transport.kb_data import excluded_reason
from hydrion.transport.kb_models import conductivity_model
from hydrion.transport.sigma_model import AboveThermalLimitError
from hydrion.transport.sigma_points import data_point
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["id", "name", "family", "sigma_S_per_cm", "phase", "status", "extrapolation_K"]


@dataclass(frozen=True)
class ScreenedSigma(Result):
    """σ of one material at one temperature and how it was obtained.

    ``sigma_S_per_cm`` (S/cm) is the model's value, or the stored value listed; ``modelled``
    says which. ``bound`` is None for a value, or 'upper_bound'/'lower_bound' where only a
    bound was measured there (``sigma_S_per_cm`` is then that bound, not a value).
    ``extrapolation_K`` (K) is how far the model is carried past its data, or how far the
    listed measurement lies from the asked temperature. ``sources`` are the source entries
    (value text, review references, DOI) the value rests on: the model's, or every stored
    value considered. ``warnings`` are the σ(T) model's own (``SigmaResult.warnings``, what
    ``hydrion sigma`` prints: sources that disagree, an assumed convention...), so a ranking
    carries the same flags as the value's own page.
    """

    sigma_S_per_cm: float
    phase: str
    status: str
    extrapolation_K: float
    refs: tuple[int, ...]
    warnings: tuple[str, ...] = ()
    modelled: bool = True
    bound: str | None = None
    sources: tuple[dict, ...] = ()


def measured_near(
    material: Material, temperature_K: float, tolerance_K: float
) -> tuple[Conductivity, ...]:
    """Stored σ of ``material`` measured within ``tolerance_K`` of ``temperature_K`` (K),
    lowest first: the candidates of the fallback where a σ(T) model is missing ('measured, no
    model'). Values the knowledge base keeps as printed under the wrong material
    (:func:`~hydrion.transport.kb_data.excluded_reason`) are not candidates."""
    temperature_C = temperature_K + ABSOLUTE_ZERO_C
    near = [
        value
        for value in material.conductivities
        if abs(value.temperature_C - temperature_C) <= tolerance_K
        and excluded_reason(material.id, value) is None
    ]
    return tuple(sorted(near, key=lambda value: value.sigma_S_per_cm))


def _listed(values: Sequence[Conductivity]) -> Conductivity:
    """The value a measured fallback lists: the lowest reported value, a bound only where no
    value is reported (``values`` lowest first)."""
    return next((v for v in values if v.precision not in _BOUNDS), values[0])


_BOUNDS = ("upper_bound", "lower_bound")


def measured_status(values: Sequence[Conductivity], temperature_K: float) -> str:
    """How a measured fallback was chosen: 'measured at 27 °C, no model' (with the listed
    value's precision where it is not exact: '; order of magnitude', '; upper bound'), or the
    range where the stored values disagree by more than a factor of 2 (the lowest is used;
    nothing is averaged). Bounds are compared as bounds: a value below an upper bound (above
    a lower bound) agrees with it. ``values`` as :func:`measured_near` returns them, not
    empty."""
    points = [v.sigma_S_per_cm for v in values if v.precision not in _BOUNDS]
    upper = [v.sigma_S_per_cm for v in values if v.precision == "upper_bound"]
    lower = [v.sigma_S_per_cm for v in values if v.precision == "lower_bound"]
    # what is known from the values and bounds together: [at least, at most]
    least = max([*points, *lower], default=0.0)
    most = min([*points, *upper], default=float("inf"))
    listed = _listed(values)
    if least > 2 * most:
        shown = ", ".join(format_sigma(v.sigma_S_per_cm, v.precision) for v in values)
        return (
            f"sources disagree: {shown} measured near "
            f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C, no model; "
            + ("the lowest value is listed" if points else "the lowest bound is listed")
        )
    status = f"measured at {listed.temperature_C:g} °C, no model"
    if listed.precision != "exact":
        status += f"; {listed.precision.replace('_', ' ')}"
    if listed.precision in _BOUNDS:
        return status
    bounds = [v for v in values if v.precision in _BOUNDS]
    if bounds:
        shown = ", ".join(format_sigma(v.sigma_S_per_cm, v.precision) for v in bounds)
        status += f"; agrees with the bound{'s' if len(bounds) > 1 else ''} {shown}"
    return status


def sigma_for_screening(
    material: Material,
    temperature_K: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
) -> ScreenedSigma:
    """σ of ``material`` from its σ(T) model, else from a value measured near the temperature:
    the package's one "model, else measured value" path.

    Parameters
    ----------
    material
        A knowledge-base electrolyte.
    temperature_K
        Temperature: a number in K or a pint temperature in any unit.
    direction
        'heating' or 'cooling' where the phase transition has a hysteresis, else None.
    tolerance_K
        How far (K) a stored measurement may lie from ``temperature_K`` to be used where
        there is no model.

    Returns
    -------
    ScreenedSigma
        The value (S/cm), how it was obtained (``modelled``, ``status``), whether it is only a
        bound (``bound``), and its sources and warnings.

    Raises
    ------
    MissingDataError
        With the model's reason, where there is neither a model nor a measurement within
        ``tolerance_K`` (:class:`~hydrion.transport.sigma_model.ConflictingDataError` where the
        records of the phase disagree).
    InputError
        For a bad temperature or direction.
    """
    temperature_K = as_kelvin(temperature_K, "temperature_K")
    try:
        result = conductivity_model(material).sigma(temperature_K, direction)
    except MissingDataError as exc:
        values = measured_near(material, temperature_K, tolerance_K)
        if not values:
            raise type(exc)(
                f"{exc}; no σ of {material.id} measured within {tolerance_K:g} K of "
                f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C either"
            ) from None
        low = _listed(values)
        return ScreenedSigma(
            sigma_S_per_cm=low.sigma_S_per_cm,
            phase=low.phase or "",
            status=measured_status(values, temperature_K),
            extrapolation_K=abs(low.temperature_C - ABSOLUTE_ZERO_C - temperature_K),
            refs=tuple(ref for value in values for ref in value.source.refs),
            modelled=False,
            bound=low.precision if low.precision in _BOUNDS else None,
            sources=tuple(data_point(value).source for value in values),
        )
    return ScreenedSigma(
        sigma_S_per_cm=result.sigma_S_per_cm,
        phase=result.phase,
        status=result.status_text,
        extrapolation_K=result.extrapolation_K,
        refs=tuple(ref for source in result.sources for ref in source.get("refs", [])),
        warnings=result.warnings,
        sources=result.sources,
    )


def screened_matches(
    kb: KnowledgeBase,
    temperature_K: float,
    min_sigma_S_per_cm: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
    materials: Iterable[Material] | None = None,
    unmodelled: list[str] | None = None,
) -> tuple[SigmaMatch, ...]:
    """Electrolytes whose σ at ``temperature_K`` (K or pint) reaches ``min_sigma_S_per_cm``
    (S/cm or pint), best first: σ from the model, else from a value measured within
    ``tolerance_K`` (:func:`sigma_for_screening`), with its status, references and warnings.
    Materials with neither are left out, and so are those known there only by an upper bound
    (σ < x cannot show that σ reaches the bar); a lower bound at or above the bar shows it and
    is listed with ``precision`` 'lower_bound'. ``materials`` (default: every electrolyte of
    ``kb``) are those screened, e.g. the streamed candidates of
    :func:`hydrion.kb.query.modelled_candidates`; only the matches are kept. A material with
    no σ there (no model and no nearby measurement, or asked above the temperature where it
    melts or decomposes) is skipped, never failing the screening: where ``unmodelled`` is
    given, why (one line naming the material) is appended to it."""
    temperature_K = as_kelvin(temperature_K, "temperature_K")
    min_sigma_S_per_cm = as_magnitude(min_sigma_S_per_cm, "S/cm", "min_sigma_S_per_cm")
    matches = []
    for material in kb.materials(kind="electrolyte") if materials is None else materials:
        try:
            value = sigma_for_screening(material, temperature_K, direction, tolerance_K)
        except (MissingDataError, AboveThermalLimitError) as exc:
            if unmodelled is not None:
                unmodelled.append(" ".join(str(exc).split()))
            continue
        if value.bound != "upper_bound" and value.sigma_S_per_cm >= min_sigma_S_per_cm:
            matches.append(
                SigmaMatch(
                    id=material.id,
                    name=material.name,
                    kind=material.kind,
                    family=material.family,
                    sigma_S_per_cm=value.sigma_S_per_cm,
                    temperature_C=temperature_K + ABSOLUTE_ZERO_C,
                    phase=value.phase,
                    precision=value.bound,
                    refs=value.refs,
                    status=value.status,
                    extrapolation_K=value.extrapolation_K,
                    warnings=value.warnings,
                )
            )
    return tuple(sorted(matches, key=lambda match: -match.sigma_S_per_cm))


def screen_conductivity(
    kb: KnowledgeBase,
    temperature_K: float,
    min_sigma_S_per_cm: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
) -> pd.DataFrame:
    """:func:`screened_matches` as a table: columns id, name, family, sigma_S_per_cm, phase,
    status, extrapolation_K."""
    import pandas as pd  # only for this table: a screening itself needs no pandas

    matches = screened_matches(kb, temperature_K, min_sigma_S_per_cm, direction, tolerance_K)
    rows = [{column: getattr(match, column) for column in COLUMNS} for match in matches]
    return pd.DataFrame(rows, columns=COLUMNS)
