"""Computed windows next to the windows the literature reports for the same material."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.chem.formula import parse_formula
from hydrion.errors import MissingDataError, UnknownRecordError
from hydrion.kb.records import StabilityWindow
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.energies import CONVENTIONS, EnergyBasis
from hydrion.stability.passivation import Interphase, interphases, measured_behaviour
from hydrion.stability.user_energies import energy_source
from hydrion.stability.window import (
    REFERENCE,
    ElectrochemicalWindow,
    Sensitivity,
    check_ion,
    compute_window,
    formula_text,
    window_sensitivity,
)


@dataclass(frozen=True)
class WindowComparison(Result):
    """Windows of one material: computed in each convention, and as reported (with sources)."""

    name: str
    formula: str
    ion: str
    computed: tuple[ElectrochemicalWindow, ...]
    reported: tuple[StabilityWindow, ...]
    sensitivity: tuple[tuple[Sensitivity, ...], ...] = ()  # per computed window
    measured: tuple[tuple[str, Source], ...] = ()  # behaviour against the metal, on record

    derived = ("reference", "interphases")

    @property
    def reference(self) -> str:
        """The potential scale, e.g. 'Li/Li+'."""
        return REFERENCE[self.ion]

    @property
    def interphases(self) -> tuple[tuple[Interphase, ...], ...]:
        """Per computed window: what forms beyond its limits, and whether it passivates."""
        return tuple(interphases(w) for w in self.computed)


def resolve(query: str, kb=None):
    """(name, formula, material or None) for a knowledge-base name/id or a plain formula."""
    material = None
    if kb is not None:
        try:
            material = kb.material(query)
        except UnknownRecordError:
            material = None
    if material is None:
        parse_formula(query)  # FormulaError for text that is neither
        return query, query, None
    if not material.formula:
        raise MissingDataError(
            f"{material.name} is a composite without a single formula; "
            "give the formula of one phase"
        )
    return material.name, material.formula, material


def compare_windows(
    query: str,
    kb=None,
    ion: str | None = None,
    conventions: tuple[EnergyBasis, ...] = CONVENTIONS,
    energies_path=None,
    as_mixture: bool = False,
) -> WindowComparison:
    """The window of a material computed in each energy convention, next to the reported ones.

    Parameters
    ----------
    query : str or pymatgen.core.Composition
        A knowledge-base name or id, or a formula.
    kb : KnowledgeBase, optional
        Knowledge base of the reported windows; default :func:`hydrion.kb.open_kb`.
    ion : str, optional
        Working ion ('Li', 'Na', 'Mg'); default the material's first ion.
    conventions : tuple of str
        Energy conventions to compute (see :func:`bundled`).
    energies_path : str or pathlib.Path, optional
        A user's energies file on top of the bundled table.
    as_mixture : bool
        Take a phase without its own energy as the equilibrium mixture at its composition.

    Returns
    -------
    WindowComparison
        Computed windows (V vs the ion's metal) with their sensitivity, and the reported
        windows with their sources.

    Raises
    ------
    MissingDataError
        A phase without energy.
    FormulaError
        Text that is neither a known material nor a formula.
    """
    if not isinstance(query, str):
        query = formula_text(query)
    name, formula, material = resolve(query, kb)
    ion = check_ion(ion or (material.ions[0] if material else "Li"))
    sources = [energy_source(convention, energies_path) for convention in conventions]
    computed = tuple(compute_window(formula, source, ion, as_mixture) for source in sources)
    sensitivity = tuple(
        window_sensitivity(window, source, as_mixture)
        for window, source in zip(computed, sources, strict=True)
    )
    reported = tuple(
        w for w in (material.windows if material else []) if w.reference == REFERENCE[ion]
    )
    measured = measured_behaviour(material, ion, kb) if material else ()
    return WindowComparison(name, formula, ion, computed, reported, sensitivity, measured)
