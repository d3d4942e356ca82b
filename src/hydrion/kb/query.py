"""What ``hydrion db query`` answers: materials whose conductivity or window passes a bar.

The stored-value matches come from the knowledge base's SQL index
(:meth:`~hydrion.kb.tables.Tables.conductivity_rows`, ``window_rows``), each with the
review references of the value it matched; :func:`hydrion.transport.screening.screened_matches`
gives the same rows for σ modelled from the records. :func:`material_query` gathers them, with
the DOIs of every reference cited, into one :class:`MaterialQuery`.

Each match carries the knowledge base's note on the value it matched (``note``). A stored σ
that the review prints under the wrong material (``transport/data/excluded_conductivities.yaml``,
which ``hydrion sigma`` leaves out of its laws for the same reason) is no match: it is named,
with why, in :attr:`MaterialQuery.left_out`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hydrion.kb.references import Reference
from hydrion.results import Result

if TYPE_CHECKING:
    from hydrion.kb.knowledge_base import KnowledgeBase
    from hydrion.kb.records import Conductivity, Material


@dataclass(frozen=True)
class SigmaMatch:
    """A material whose σ at the asked temperature reaches the bar.

    A stored value (``db query``) has its ``temperature_C`` and ``precision`` as reported;
    ``status`` and ``extrapolation_K`` are None. A modelled one (``--modelled``) is at the
    asked temperature, with the model's ``status`` (interpolated, extrapolated by how far, or
    'measured at … °C, no model'), ``extrapolation_K`` and its ``warnings``; ``kind`` is
    'electrolyte' and ``precision`` None, or 'lower_bound' where a measured lower bound is
    what shows σ reaches the bar. ``refs`` are the review references behind it; ``note``
    the knowledge base's note on the stored value (None: none, or a modelled σ).
    """

    id: str
    name: str
    kind: str
    family: str
    sigma_S_per_cm: float
    temperature_C: float
    phase: str | None
    precision: str | None
    refs: tuple[int, ...]
    status: str | None = None
    extrapolation_K: float | None = None
    warnings: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class WindowMatch:
    """A stored stability window whose oxidation limit reaches the bar: ``low_V`` and
    ``high_V`` in V vs ``reference`` (the working ion's metal, 'Li/Li+', 'Na/Na+' or
    'Mg/Mg2+'; ``low_V`` None: not reported), with the review references behind it and the
    knowledge base's ``note`` on the value (None: none)."""

    id: str
    name: str
    family: str
    low_V: float | None
    high_V: float
    method: str
    reference: str
    refs: tuple[int, ...]
    note: str | None = None


@dataclass(frozen=True)
class MaterialQuery(Result):
    """The matches of one ``db query``, best first, and the papers they rest on.

    ``conductivity`` is None where no σ bar was asked (``min_sigma_S_per_cm`` None), and
    ``window`` where no window bar was (``min_high_V`` None). ``temperature_C`` is the
    temperature σ is compared at; ``tolerance_K`` how far from it a stored value may be
    measured; ``modelled`` whether σ comes from the records' σ(T) models.
    ``references`` are the review references the matches cite, with DOIs. ``left_out``
    names each stored σ that passes the bar but is not counted, with why
    (:func:`stored_conductivity_left_out`); with ``modelled``, each candidate that could not
    be modelled at the temperature (no law and no σ measured nearby, or above its
    decomposition), with why: it is skipped, never failing the query.
    """

    min_sigma_S_per_cm: float | None
    temperature_C: float | None
    tolerance_K: float | None
    modelled: bool
    min_high_V: float | None
    method: str | None
    conductivity: tuple[SigmaMatch, ...] | None
    window: tuple[WindowMatch, ...] | None
    references: tuple[Reference, ...]
    left_out: tuple[str, ...] = ()


def stored_conductivity_matches(
    kb: KnowledgeBase, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float
) -> tuple[SigmaMatch, ...]:
    """Stored σ of at least ``min_sigma_S_per_cm`` (S/cm) measured within ± ``tolerance_C``
    (K) of ``temperature_C`` (°C), highest first (MD predictions left out), each with the
    references of its value. Numbers or pint quantities, as
    :meth:`~hydrion.kb.tables.Tables.conductivity_rows`, which raises
    :class:`~hydrion.errors.UnitError` for another dimension. Values the review prints under
    the wrong material are no match (:func:`stored_conductivity_left_out` names them)."""
    from hydrion.transport.excluded import excluded_reason

    matches = []
    for row, value in _stored_rows(kb, min_sigma_S_per_cm, temperature_C, tolerance_C):
        if excluded_reason(row["id"], value) is not None:
            continue
        matches.append(
            SigmaMatch(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                family=row["family"],
                sigma_S_per_cm=float(row["sigma_S_per_cm"]),
                temperature_C=float(row["temperature_C"]),
                phase=value.phase,
                precision=value.precision,
                refs=tuple(value.source.refs),
                note=_one_line(value.note),
            )
        )
    return tuple(matches)


def stored_conductivity_left_out(
    kb: KnowledgeBase, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float
) -> tuple[str, ...]:
    """The stored σ that pass the bar of :func:`stored_conductivity_matches` (same
    arguments) but that the review prints under the wrong material
    (:func:`hydrion.transport.excluded.excluded_reason`, the list ``hydrion sigma`` leaves
    out of its laws), each as 'Na2B12H12: 0.01 S/cm at 110 °C [93] not counted: why'."""
    from hydrion.transport.excluded import excluded_reason

    left_out = []
    for row, value in _stored_rows(kb, min_sigma_S_per_cm, temperature_C, tolerance_C):
        reason = excluded_reason(row["id"], value)
        if reason is not None:
            refs = f" [{','.join(map(str, value.source.refs))}]" if value.source.refs else ""
            left_out.append(f"{row['name']}: {value.describe()}{refs} not counted: {reason}")
    return tuple(left_out)


def _stored_rows(
    kb: KnowledgeBase, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float
) -> Iterator[tuple[dict[str, Any], Conductivity]]:
    """Each index row passing the σ bar with the stored record it was made from."""
    for row in kb.conductivity_rows(min_sigma_S_per_cm, temperature_C, tolerance_C):
        value = next(
            c
            for c in kb.material(row["id"]).conductivities
            if c.sigma_S_per_cm == row["sigma_S_per_cm"] and c.temperature_C == row["temperature_C"]
        )
        yield row, value


def modelled_candidates(
    kb: KnowledgeBase, temperature_K: float, min_sigma_S_per_cm: float
) -> Iterator[Material]:
    """The electrolytes (MD predictions left out) whose σ at ``temperature_K`` (K) could reach
    ``min_sigma_S_per_cm`` (S/cm), in id order, streamed a page at a time
    (:meth:`~hydrion.kb.tables.Tables.material_records`): what ``db query --modelled``
    models. Every other electrolyte provably stays below the bar, whatever its σ(T) law.

    The bound is read from the index's stored σ alone (SQL, no record is read). σ at T from
    :func:`hydrion.transport.screening.sigma_for_screening` is either a stored value, or the
    Arrhenius law of a phase (:func:`hydrion.transport.phase_laws.phase_model`), which
    passes within ``CONFLICT_SIGMAS`` × u_i (log10) of each point it rests on (else the
    sources disagree and there is no law), with 0 < Ea ≤ ``PLAUSIBLE_EA_MAX_eV``, in the σ
    or σT form. Hence σ(T) ≤ max over stored σ_i (at T_i) of
    σ_i · 10^(CONFLICT_SIGMAS·u_i) · g, where g = exp(Ea_max/k · (1/T_i − 1/T)) for T > T_i
    and T_i/T for T ≤ T_i (σT form with Ea → 0; the σ form only falls), u_i the point's
    log10 uncertainty (0 for a bound, never fitted). An electrolyte is a candidate where
    that bound reaches the bar (within 1e-9, for rounding).

    Raises :class:`~hydrion.errors.UserDatabaseError` where the user database cannot be
    read (as the other queries).
    """
    from hydrion.kb.index import IS_PREDICTION

    ceiling, ceiling_params = _sigma_ceiling_sql(temperature_K)
    sql = (
        "SELECT id FROM materials WHERE +kind = 'electrolyte' "  # in id order, not by kind
        f"AND NOT {IS_PREDICTION} AND EXISTS (SELECT 1 FROM conductivities c "
        f"WHERE c.id = materials.id AND {ceiling} >= ?)"
    )
    params = [*ceiling_params, min_sigma_S_per_cm * (1 - 1e-9)]
    return kb.material_records(sql, params)


def _sigma_ceiling_sql(temperature_K: float) -> tuple[str, list[float | str]]:
    """The SQL expression (and its parameters) of the highest σ (S/cm) at ``temperature_K``
    (K) that a law resting on the stored value ``c`` (a row of the index's conductivities)
    could give: σ_i · 10^(CONFLICT_SIGMAS·u_i) · g (see :func:`modelled_candidates`).

    Every rule is read from where the σ(T) code keeps it: the precision's log10 uncertainty
    (:data:`~hydrion.transport.sigma_points.LOG10_SIGMA_UNCERTAINTY`; 0 for a bound, which no
    law rests on), the disagreement limit and the largest activation energy
    (:mod:`hydrion.transport.phase_laws`), the Kelvin conversion of
    :func:`~hydrion.transport.sigma_points.kelvin`. g covers the two forms of
    :data:`~hydrion.transport.arrhenius.ArrheniusForm` ('sigma' and 'sigmaT'; a test fails
    if another is added) for 0 < Ea ≤ PLAUSIBLE_EA_MAX_eV.
    """
    from hydrion.kb.index import EXP_FUNCTION
    from hydrion.transport.arrhenius import BOLTZMANN_eV_per_K
    from hydrion.transport.phase_laws import CONFLICT_SIGMAS, PLAUSIBLE_EA_MAX_eV
    from hydrion.transport.sigma_points import LOG10_SIGMA_UNCERTAINTY
    from hydrion.units import ABSOLUTE_ZERO_C

    kelvin = f"(c.temperature_C - {ABSOLUTE_ZERO_C!r})"
    spread = " ".join("WHEN ? THEN ?" for _ in LOG10_SIGMA_UNCERTAINTY)
    spread_params: list[float | str] = [
        value
        for precision, u in LOG10_SIGMA_UNCERTAINTY.items()
        for value in (precision, 10.0 ** (CONFLICT_SIGMAS * u))
    ]
    # σ form: grows by at most exp(Ea_max/k·(1/T_i − 1/T)) above T_i, never below it; σT
    # form: by less above T_i (the 1/T factor), by at most T_i/T below it (Ea → 0)
    growth = (
        f"CASE WHEN {kelvin} < ? THEN {EXP_FUNCTION}(? * (1.0 / {kelvin} - 1.0 / ?)) "
        f"ELSE {kelvin} / ? END"
    )
    growth_params = [temperature_K, PLAUSIBLE_EA_MAX_eV / BOLTZMANN_eV_per_K]
    growth_params += [temperature_K, temperature_K]
    expression = f"c.sigma_S_per_cm * (CASE c.precision {spread} ELSE 1.0 END) * ({growth})"
    return expression, [*spread_params, *growth_params]


def _one_line(note: str | None) -> str | None:
    """A stored note (YAML folds it, but a user's may hold line breaks) on one line."""
    return None if note is None else " ".join(note.split())


def window_matches(
    kb: KnowledgeBase, min_high_V: float, method: str | None = None
) -> tuple[WindowMatch, ...]:
    """Stored windows whose oxidation limit reaches ``min_high_V`` (V), highest first,
    optionally of one method ('experimental', 'theoretical'), each with its references."""
    matches = []
    for row in kb.window_rows(min_high_V, method):
        value = next(
            w
            for w in kb.material(row["id"]).windows
            if (w.low_V, w.high_V, w.method) == (row["low_V"], row["high_V"], row["method"])
        )
        matches.append(
            WindowMatch(
                id=row["id"],
                name=row["name"],
                family=row["family"],
                low_V=value.low_V,
                high_V=float(row["high_V"]),
                method=row["method"],
                reference=value.reference,
                refs=tuple(value.source.refs),
                note=_one_line(value.note),
            )
        )
    return tuple(matches)


def material_query(
    kb: KnowledgeBase,
    *,
    conductivity: tuple[SigmaMatch, ...] | None = None,
    window: tuple[WindowMatch, ...] | None = None,
    min_sigma_S_per_cm: float | None = None,
    temperature_C: float | None = None,
    tolerance_K: float | None = None,
    modelled: bool = False,
    min_high_V: float | None = None,
    method: str | None = None,
    left_out: tuple[str, ...] = (),
) -> MaterialQuery:
    """Gather the matches of a query (from :func:`stored_conductivity_matches` or
    :func:`hydrion.transport.screening.screened_matches`, and :func:`window_matches`) with
    the bars asked and the DOIs of every review reference they cite (``kb.references``)."""
    matches: list[SigmaMatch | WindowMatch] = [*(conductivity or ()), *(window or ())]
    refs = {ref for match in matches for ref in match.refs}
    return MaterialQuery(
        min_sigma_S_per_cm=min_sigma_S_per_cm,
        temperature_C=temperature_C,
        tolerance_K=tolerance_K,
        modelled=modelled,
        min_high_V=min_high_V,
        method=method,
        conductivity=conductivity,
        window=window,
        references=tuple(kb.references[n] for n in sorted(refs) if n in kb.references),
        left_out=left_out,
    )
