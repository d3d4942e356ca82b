"""A material's sheet: its record, where it comes from, the papers its values cite (with
DOIs), the stored cells made with it and the CV windows and fits saved for it (what
``hydrion db show`` prints, and ``--json`` writes)."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hydrion.errors import HydrionWarning
from hydrion.kb.predicted import is_prediction
from hydrion.kb.records import (
    ActivationEnergy,
    Conductivity,
    Density,
    Material,
    Sourced,
    format_sigma,
)
from hydrion.kb.references import Reference
from hydrion.results import Result

if TYPE_CHECKING:
    from hydrion.kb.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class MaterialSheet(Result):
    """Every stored value of a material with its source, and the papers behind them.

    Each value's ``source`` names the review's reference numbers it rests on (``refs``), or
    its own DOI or citation (a user's record); ``references`` are those numbered references
    with their DOIs (from ``kb/data/references.yaml``, corrected where the review misprints
    one). ``origin`` is 'curated' or 'user'; ``cells`` are the ids of the stored cells made
    with the material; ``cv_windows`` the windows ``hydrion cv --store`` saved for it in the
    user database, each as stored (the fields of
    :class:`~hydrion.experiment.cv.ApparentWindow` with ``material`` and ``method``);
    ``stored_fits`` the impedance and Arrhenius fits ``hydrion eis --store`` and ``hydrion
    arrhenius fit --store`` saved under one of its names or with ``--material`` naming it, each
    as :func:`hydrion.kb.stored_fits.stored_fits` gives it (kind, key, date stored, payload).
    ``table_density`` is the density (g/cm³, with its source) of the one density table
    (``chem/data/densities.yaml``) for the record's formula, where the record has none of its
    own (:meth:`~hydrion.kb.records.Material.density`); None otherwise. ``not_used`` names
    each stored σ that the review prints under another material and that ``hydrion sigma``
    and ``db query`` therefore leave out (:func:`hydrion.transport.excluded.excluded_reason`):
    its ``sigma_S_per_cm`` (S/cm), ``temperature_C`` (°C) and ``reason``.
    """

    material: Material
    origin: str
    cells: tuple[str, ...]
    references: tuple[Reference, ...]
    cv_windows: tuple[dict[str, Any], ...] = ()
    table_density: Density | None = None
    not_used: tuple[dict[str, Any], ...] = ()
    stored_fits: tuple[dict[str, Any], ...] = ()


def plus_minus(value: float, error: float | None) -> str:
    """'value ± error' rounded to the error's two significant figures, with a common power of
    ten outside 1e-2…1e2 ('(4.61 ± 0.33)e-4'); three significant figures without an error."""
    if error is None or not math.isfinite(error) or error <= 0:
        return f"{value:.3g}"
    exponent = math.floor(math.log10(abs(value))) if value else 0
    scale = 1.0 if -2 <= exponent <= 2 else 10.0**exponent
    decimals = max(0, 1 - math.floor(math.log10(error / scale)))
    body = f"{value / scale:.{decimals}f} ± {error / scale:.{decimals}f}"
    return body if scale == 1.0 else f"({body})e{exponent}"


def value_text(material: Material, value: Sourced) -> str:
    """The text ``db show`` gives one stored value: :meth:`describe`, except that a stored MD
    prediction's σ and Ea show the 1σ its note keeps (``σ = … ± … S/cm``, ``Ea = … ± … eV``,
    :func:`hydrion.atomistic.stored.note_error`), rounded by :func:`plus_minus`."""
    text = value.describe()
    if not is_prediction(material.name):
        return text
    from hydrion.atomistic.stored import note_error

    if isinstance(value, Conductivity):
        head = format_sigma(value.sigma_S_per_cm, value.precision)
        shown = f"{plus_minus(value.sigma_S_per_cm, note_error(value))} S/cm"
    elif isinstance(value, ActivationEnergy):
        head, shown = f"{value.Ea_eV:g} eV", f"{plus_minus(value.Ea_eV, note_error(value))} eV"
    else:
        return text
    return shown + text.removeprefix(head)


def material_sheet(kb: KnowledgeBase, name: str) -> MaterialSheet:
    """The sheet of the material ``name`` (id, name, alias or formula).

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base (its reference list, origins, cells, user database).
    name : str
        What names the material; CV windows and fits stored under this name, the id or the
        record's name are included, and fits stored with ``--material`` naming it.

    Returns
    -------
    MaterialSheet
        The record, its origin, the cited references with DOIs, its cells, CV windows and
        stored fits.

    Raises
    ------
    InputError, UnknownRecordError
        As :meth:`KnowledgeBase.material`.

    Warns
    -----
    HydrionWarning
        A stored window or fit that does not read back as one (left out).

    Examples
    --------
    >>> from hydrion.kb import open_kb
    >>> sheet = material_sheet(open_kb(), "LiBH4")
    >>> next(r.doi for r in sheet.references if r.number == 19)  # Matsuo et al. 2007
    '10.1063/1.2817934'
    """
    material = kb.material(name)
    refs = [ref for _, value in material.values() for ref in value.source.refs]
    return MaterialSheet(
        material=material,
        origin=kb.origin(material.id),
        cells=tuple(cell.id for cell in kb.cells(material=material.id)),
        references=tuple(kb.references[n] for n in sorted(set(refs)) if n in kb.references),
        cv_windows=_cv_windows(kb, name, material),
        table_density=None if material.densities else material.density(),
        not_used=_not_used(material),
        stored_fits=_stored_fits(kb, name, material),
    )


def _stored_fits(kb: KnowledgeBase, name: str, material: Material) -> tuple[dict[str, Any], ...]:
    """Fits stored under any name of the material or with it (none where the user database
    cannot be read: the knowledge base has already warned)."""
    if kb.user_db_error is not None:
        return ()
    from hydrion.kb.stored_fits import stored_fits

    keys = (name, material.id, material.name)
    return stored_fits(kb.user_store, keys, material.id)


def _not_used(material: Material) -> tuple[dict[str, Any], ...]:
    """The stored σ of ``material`` left out of its law and of query matches, with why."""
    from hydrion.transport.excluded import excluded_reason

    return tuple(
        {"sigma_S_per_cm": c.sigma_S_per_cm, "temperature_C": c.temperature_C, "reason": reason}
        for c in material.conductivities
        if (reason := excluded_reason(material.id, c)) is not None
    )


def _cv_windows(kb: KnowledgeBase, name: str, material: Material) -> tuple[dict[str, Any], ...]:
    """Windows ``hydrion cv --store`` saved under any name of the material (user database),
    without their class tags (a window is shown, not read back as a result here).

    None where the user database cannot be read: the knowledge base has already warned,
    and the curated record still answers.
    """
    if kb.user_db_error is not None:
        return ()
    windows = []
    for key in dict.fromkeys((name, material.id, material.name)):
        window = kb.user_store.get("window", key)
        if window is None:
            continue
        if _is_window(window):
            windows.append({k: v for k, v in window.items() if not k.startswith("@")})
        else:
            warnings.warn(
                f"user database {kb.user_store.path}: stored window {key!r} is not a window "
                "(needs numbers low_V, high_V and text reference, file); skipped",
                HydrionWarning,
                stacklevel=3,
            )
    return tuple(windows)


def _is_window(payload: object) -> bool:
    """Whether a stored payload has what a CV window shows: finite limits, reference, file."""
    if not isinstance(payload, dict):
        return False
    limits = [payload.get("low_V"), payload.get("high_V")]
    numbers = [v for v in limits if isinstance(v, int | float) and not isinstance(v, bool)]
    return (
        len(numbers) == len(limits)
        and all(math.isfinite(v) for v in numbers)
        and all(isinstance(payload.get(k), str) for k in ("reference", "file"))
    )
