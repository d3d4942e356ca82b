"""Electrolyte–electrode compatibility: thermodynamics next to what experiments found.

Each pair gets (1) a thermodynamic verdict: the electrolyte's computed window against the
electrode's working-potential range (knowledge base), plus the interface reaction energy;
(2) the experimental findings with their sources: the findings of ``data/compatibility.yaml``,
every knowledge-base cell made of that electrolyte and electrode (directly, or through a
composite electrode whose active phase it is), and the knowledge-base observations naming the
electrode; (3) the mitigations that worked, each with the computed reaction energy between the
electrolyte and the mitigation phase.

Potentials are on the scale of one working-ion metal. A value on record against another ion's
metal is not converted: an insertion or conversion potential depends on the ion's own
reaction, so TiS2's ≈2.0 V vs Li/Li+ says nothing about its potential vs Na/Na+.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from hydrion.errors import HydrionError, RecordValidationError, UnknownRecordError
from hydrion.kb.cell_records import Cell
from hydrion.kb.records import Material
from hydrion.kb.references import Reference, cited_references
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.energies import EnergySource
from hydrion.stability.interface import InterfaceReaction, interface_reaction
from hydrion.stability.passivation import (
    Interphase,
    combined_verdict,
    interphase,
    reaction_interphase,
)
from hydrion.stability.passivation import Verdict as Passivation
from hydrion.stability.window import (
    REFERENCE,
    ElectrochemicalWindow,
    compute_window,
    window_sensitivity,
)

Outcome = Literal["cycles", "fails", "degrades"]
Verdict = Literal["stable", "unstable", "no data"]
_TOL_V = 1e-3


class Mitigation(BaseModel):
    """Something that made a pair work, as reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    formula: str | None = None
    finding: str
    source: Source


class Finding(BaseModel):
    """An experimental finding on one electrolyte | electrode pair."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    electrolyte: str
    electrode: str
    outcome: Outcome | None = None
    finding: str
    source: Source
    mitigations: list[Mitigation] = []


@lru_cache(maxsize=1)
def curated_findings() -> tuple[Finding, ...]:
    """The findings bundled in ``stability/data/compatibility.yaml``."""
    text = (
        resources.files("hydrion.stability.data").joinpath("compatibility.yaml").read_text("utf-8")
    )
    findings = []
    for index, item in enumerate(yaml.safe_load(text) or []):
        try:
            findings.append(Finding.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise RecordValidationError(
                f"compatibility.yaml: #{index}: {where}: {error['msg']}"
            ) from None
    return tuple(findings)


@dataclass(frozen=True)
class MitigationCheck(Result):
    """A reported mitigation and the computed reaction energy of the electrolyte with it."""

    mitigation: Mitigation
    reaction: InterfaceReaction | None
    note: str = ""


@dataclass(frozen=True)
class CellEvidence(Result):
    """A knowledge-base cell that puts the electrolyte against the electrode.

    ``via`` names the composite electrode of the cell when the queried electrode is its
    active phase (e.g. Nb2O5-MgH2 for MgH2), else None.
    """

    cell: Cell
    electrode: str
    via: str | None = None


@dataclass(frozen=True)
class Compatibility(Result):
    """One electrolyte | electrode cell of the compatibility matrix."""

    electrolyte: str
    electrode: str
    ion: str
    verdict: Verdict
    reasons: tuple[str, ...]
    margin_V: float | None
    window: ElectrochemicalWindow | None
    electrode_range_V: tuple[float, float] | None
    reaction: InterfaceReaction | None
    reaction_at_potential: InterfaceReaction | None = None
    findings: tuple[Finding, ...] = ()
    observations: tuple[tuple[str, Source], ...] = ()
    mitigations: tuple[MitigationCheck, ...] = field(default_factory=tuple)
    cells: tuple[CellEvidence, ...] = ()
    # beyond each limit the electrode crosses, then of each interface reaction with it
    interphases: tuple[Interphase, ...] = ()
    # the same, recomputed without an ill-determined product: (phase left out, interphase)
    interphases_without: tuple[tuple[str, Interphase], ...] = ()
    # the review's references (citation, DOI) behind every source above
    cited: tuple[Reference, ...] = ()

    derived = ("summary", "passivation", "experimental_outcome")

    @property
    def experimental_outcome(self) -> Outcome | None:
        """The curated finding's outcome; else 'cycles' when a stored cell delivered capacity."""
        outcomes = [f.outcome for f in self.findings if f.outcome]
        if outcomes:
            return outcomes[0]
        return "cycles" if self.cells else None

    @property
    def passivation(self) -> Passivation | None:
        """Can the interphases of this pair passivate? Read from the products listed for it
        (its limits' and its interface reactions'); None where nothing decomposes. Where the
        interface reaction could not be computed (no energies for the electrode), its products
        are unknown: 'undetermined' unless a listed product already conducts electrons."""
        verdict = combined_verdict(self.interphases)
        if self.reaction is None and verdict not in (None, "not passivating"):
            return "undetermined"
        return verdict

    @property
    def summary(self) -> str:
        """One line: the thermodynamic verdict and what experiments found."""
        outcome = self.experimental_outcome
        if outcome == "fails":
            experiment = "incompatible in experiments without a mitigation"
        elif outcome:
            experiment = f"experiments: {outcome}"
        else:
            experiment = "no experimental finding on record"
        if self.cells:
            experiment += f" ({len(self.cells)} cell{'s' if len(self.cells) > 1 else ''} on record)"
        thermo = f"thermodynamically {self.verdict}"
        passivation = self.passivation
        if passivation == "passivating":
            thermo += ", but its products insulate: a passivating interphase is expected"
        elif passivation == "likely passivating":
            thermo += ", but its products are insulators or semiconductors: passivation likely"
        elif passivation == "not passivating":
            conductors = sorted(
                {
                    phase
                    for i in self.interphases
                    for phase, info in i.products
                    if info and info.character == "metal"
                }
            )
            thermo += (
                f"; {', '.join(conductors)} conducts electrons: a mixed-conducting interphase "
                "that can keep growing (no passivation expected)"
            )
        elif passivation == "undetermined" and self.reaction is None:
            thermo += (
                f"; passivation undetermined: the interface reaction with {self.electrode} could "
                "not be computed, so its products are unknown"
            )
        elif passivation == "undetermined":
            thermo += "; passivation undetermined (no electronic data for a product)"
            for phase, item in self.interphases_without:
                thermo += f"; without the ill-determined {phase}: {item.verdict}"
        return f"{thermo}; {experiment}"


def voltage_scale_ion(electrode: Material) -> str:
    """The ion whose metal the record's ``voltages`` are measured against.

    Voltage records carry no reference of their own; they belong to the electrode's
    ion-storage reaction (its ion), else to its first listed ion.
    """
    return electrode.ion_storage[0].ion if electrode.ion_storage else electrode.ions[0]


def electrode_range(
    electrode: Material, ion: str, kb=None, notes: list[str] | None = None
) -> tuple[float, float] | None:
    """Working-potential range (V vs the ion's metal) of an electrode.

    In order: the record's potential ranges on that ion's scale; the cut-off voltages of
    knowledge-base cells against the metal itself; the record's plateau/average voltages when
    they are on that ion's scale. The metal sits at 0 V by definition. A range on record only
    against another ion's metal is not converted (see the module docstring); ``notes`` then
    receives the reason.
    """
    if electrode.formula and electrode.formula.strip() == ion:
        return (0.0, 0.0)
    for item in electrode.potential_ranges:
        if item.reference == REFERENCE[ion]:
            return (item.low_V, item.high_V)
    if kb is not None:
        cells = [
            c
            for c in kb.cells(material=electrode.id)
            if c.cathode == electrode.id and c.anode == ion.lower() and c.voltage_high_V is not None
        ]
        if cells:
            return (
                min(c.voltage_low_V or 0.0 for c in cells),
                max(c.voltage_high_V for c in cells),
            )
    voltages = [v.voltage_V for v in electrode.voltages]
    if voltages and voltage_scale_ion(electrode) == ion:
        return (min(voltages), max(voltages))
    elsewhere = sorted(
        {r.reference for r in electrode.potential_ranges}
        | ({REFERENCE[voltage_scale_ion(electrode)]} if voltages else set())
    )
    if notes is not None and elsewhere:
        notes.append(
            f"{electrode.name}: working potential on record vs {', '.join(elsewhere)} only; "
            f"not converted to {REFERENCE[ion]} (an insertion or conversion potential depends "
            "on the ion's own reaction)"
        )
    elif notes is not None:
        notes.append(f"no working-potential range of {electrode.name} vs {REFERENCE[ion]}")
    return None


def _active_formulas(material: Material) -> set[str]:
    """Reduced formulas of the phases that store the ion: the formula, or active components."""
    from hydrion.chem.formula import parse_formula

    if material.formula:
        return {parse_formula(material.formula).reduced_formula}
    return {
        parse_formula(c.formula).reduced_formula
        for c in material.components
        if c.formula and c.role == "active"
    }


def cells_on_record(
    kb, electrolyte: Material, electrode: Material, ion: str | None = None
) -> tuple[CellEvidence, ...]:
    """Knowledge-base cells with this electrolyte and this electrode (or a composite of it).

    With ``ion``, only cells of that working ion.

    A cell counts when its cathode or anode is the electrode itself, or a composite electrode
    (no formula of its own) whose active phase has the electrode's formula.
    """
    if kb is None:
        return ()
    wanted = _active_formulas(electrode) if electrode.formula else set()
    found = []
    for cell in kb.cells(material=electrolyte.id):
        if cell.electrolyte != electrolyte.id or (ion is not None and cell.ion != ion):
            continue
        for side in (cell.cathode, cell.anode):
            if side == electrode.id:
                found.append(CellEvidence(cell, side))
                break
            if not wanted:
                continue
            try:
                other = kb.material(side)
            except UnknownRecordError:
                continue
            if not other.formula and wanted & _active_formulas(other):
                found.append(CellEvidence(cell, side, via=other.name))
                break
    return tuple(sorted(found, key=lambda e: (e.via is not None, e.cell.id)))


def _cached(cache: dict | None, key: tuple, compute):
    """``compute()``, kept in ``cache`` under ``key`` (the matrix shares one cache)."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _safe(call, notes: list[str]):
    try:
        return call()
    except HydrionError as exc:
        notes.append(str(exc).split(";")[0])
        return None


def _thermo_verdict(
    window: ElectrochemicalWindow | None, span: tuple[float, float] | None
) -> tuple[Verdict, list[str], float | None]:
    if window is None or span is None:
        return "no data", [], None
    low, high = span
    reduction = window.reduction.voltage_V or 0.0
    oxidation = window.oxidation.voltage_V if window.oxidation.voltage_V is not None else math.inf
    margin = min(low - reduction, oxidation - high)
    reasons = []
    if oxidation < high - _TOL_V:
        reasons.append(
            f"oxidised above {oxidation:.2f} V to {', '.join(window.oxidation.products)}; "
            f"the electrode reaches {high:.2f} V"
        )
    if reduction > low + _TOL_V:
        reasons.append(
            f"reduced below {reduction:.2f} V to {', '.join(window.reduction.products)}; "
            f"the electrode goes down to {low:.2f} V"
        )
    return ("unstable" if reasons else "stable"), reasons, (None if math.isinf(margin) else margin)


def _interface_reactions(
    electrolyte: Material,
    electrode: Material,
    energies: EnergySource,
    ion: str,
    span: tuple[float, float] | None,
    as_mixture: bool,
    cache: dict | None,
    notes: list[str],
) -> tuple[InterfaceReaction | None, InterfaceReaction | None]:
    """The most favourable interface reaction, closed and with the ion open at the top potential.

    A composite electrode reacts through its active phases (the most favourable one counts).
    """
    phases = sorted([electrode.formula] if electrode.formula else _active_formulas(electrode))
    if not electrode.formula and phases:
        notes.append(
            f"{electrode.name} is a composite: interface reactions computed with its active "
            f"phase(s) {', '.join(phases)}"
        )
    if not electrolyte.formula or not phases:
        return None, None

    formula = electrolyte.formula

    def most_favourable(
        open_ion: str | None = None, open_V: float | None = None
    ) -> InterfaceReaction | None:
        found = [
            _safe(
                lambda p=p: _cached(
                    cache,
                    ("reaction", formula, p, open_ion, open_V, as_mixture),
                    lambda: interface_reaction(
                        formula, p, energies, open_ion, open_V, as_mixture=as_mixture
                    ),
                ),
                notes,
            )
            for p in phases
            if p != ion or open_ion is None
        ]
        reactions = [r for r in found if r is not None]
        return min(reactions, key=lambda r: r.energy_eV_per_atom) if reactions else None

    reaction = most_favourable()
    is_metal = electrode.formula is not None and electrode.formula.strip() == ion
    if reaction is None or span is None or is_metal:
        return reaction, None
    return reaction, most_favourable(ion, span[1])


def _crossed_interphases(
    window: ElectrochemicalWindow | None,
    span: tuple[float, float] | None,
    energies: EnergySource,
    ion: str,
    as_mixture: bool,
    cache: dict | None,
) -> tuple[tuple[Interphase, ...], tuple[tuple[str, Interphase], ...]]:
    """Interphases beyond the limits the electrode crosses; where one is undetermined, the
    same again without each ill-determined product (from the window's sensitivity)."""
    if window is None or span is None:
        return (), ()
    found = []
    if window.reduction.voltage_V is not None and window.reduction.voltage_V > span[0] + _TOL_V:
        found.append(interphase(window.reduction, "reduction", ion))
    if window.oxidation.voltage_V is not None and window.oxidation.voltage_V < span[1] - _TOL_V:
        found.append(interphase(window.oxidation, "oxidation", ion))
    crossed = [item for item in found if item is not None]
    without = []
    for item in crossed:
        if item.verdict != "undetermined" or item.side == "interface":
            continue
        variants = _cached(
            cache,
            ("sensitivity", window.formula, ion, as_mixture),
            lambda: window_sensitivity(window, energies, as_mixture),
        )
        for variant in variants:
            if variant.without in {phase for phase, _ in item.products}:
                again = interphase(getattr(variant.window, item.side), item.side, ion)
                if again is not None:
                    without.append((variant.without, again))
    return tuple(crossed), tuple(without)


def compatibility(
    electrolyte: Material,
    electrode: Material,
    energies: EnergySource,
    ion: str | None = None,
    kb=None,
    as_mixture: bool = False,
    windows: dict | None = None,
) -> Compatibility:
    """Compatibility of one electrolyte | electrode pair: thermodynamics next to experiments.

    Missing energies become reasons, never a failure.

    Parameters
    ----------
    electrolyte, electrode : Material
        Knowledge-base records (``open_kb().material(...)``).
    energies : EnergySource
        Energies of the phase diagrams (:func:`bundled`).
    ion : str, optional
        Working ion; default the first ion the two share.
    kb : KnowledgeBase, optional
        Source of the stored cells and observations of the pair.
    as_mixture : bool
        Take a phase without its own energy as the equilibrium mixture at its composition.
    windows : dict, optional
        Cache of computed windows, interface reactions and sensitivities across pairs (the
        matrix passes one dict).

    Returns
    -------
    Compatibility
        The verdict ('stable', 'unstable', 'no data'), the margin (V) between the window and
        the electrode's working range, interface reactions and interphases, the curated
        findings and stored cells with their sources, and the mitigations with the computed
        reaction energy of the electrolyte with each.

    References
    ----------
    Y. Zhu, X. He, Y. Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685,
    doi:10.1021/acsami.5b07517; W.D. Richards, L.J. Miara, Y. Wang, J.C. Kim, G. Ceder,
    Chem. Mater. 28 (2016) 266, doi:10.1021/acs.chemmater.5b04082.
    """
    shared = [i for i in electrolyte.ions if i in electrode.ions]
    ion = ion or (shared[0] if shared else electrolyte.ions[0])
    notes: list[str] = []
    window = None
    if electrolyte.formula:
        key = (electrolyte.formula, ion)
        cached = windows.get(key) if windows is not None else None
        if cached is None:
            cached = (
                _safe(lambda: compute_window(electrolyte.formula, energies, ion, as_mixture), notes)
                or notes[-1]
            )
            if windows is not None:
                windows[key] = cached
        elif isinstance(cached, str):
            notes.append(cached)
        window = cached if isinstance(cached, ElectrochemicalWindow) else None
    else:
        notes.append(f"{electrolyte.name} is a composite without a formula")
    span = electrode_range(electrode, ion, kb, notes)
    reaction, at_potential = _interface_reactions(
        electrolyte, electrode, energies, ion, span, as_mixture, windows, notes
    )
    verdict, reasons, margin = _thermo_verdict(window, span)
    crossed, without = _crossed_interphases(window, span, energies, ion, as_mixture, windows)
    crossed += tuple(
        item
        for item in (reaction_interphase(r) for r in (reaction, at_potential) if r is not None)
        if item is not None
    )
    for result, where in (
        (reaction, ""),
        (at_potential, " with the ion open at the top potential"),
    ):
        if result is not None and result.reactive:
            reasons.append(
                f"interface reaction{where} {result.energy_eV_per_atom * 1000:.0f} meV/atom to "
                f"{', '.join(result.products)}"
            )
            if verdict == "stable":
                verdict = "unstable"
    # curated findings are on the electrolyte's own working ion
    own_ion = ion in electrolyte.ions
    if not own_ion:
        notes.append(f"{electrolyte.name} conducts {', '.join(electrolyte.ions)}, not {ion}")
    findings = tuple(
        f
        for f in curated_findings()
        if own_ion and f.electrolyte == electrolyte.id and f.electrode == electrode.id
    )
    pairs = [(electrolyte, electrode.id), (electrode, electrolyte.id)]
    found = {
        obs.text: (obs.text, obs.source)
        for record, other in pairs
        for obs in record.observations
        if obs.counterpart == other and obs.topic in ("compatibility", "stability")
    }
    if electrode.formula and electrode.formula.strip() == ion:  # plating and stripping
        for ccd in electrolyte.critical_current_densities:
            text = f"critical current density {ccd.describe()} against {ion} metal"
            found[text] = (text, ccd.source)
    observations = tuple(found.values())
    mitigations: list[MitigationCheck] = []
    for finding in findings:
        for mitigation in finding.mitigations:
            checks: list[str] = []
            reaction_m = None
            if mitigation.formula and electrolyte.formula:
                reaction_m = _safe(
                    lambda m=mitigation: interface_reaction(
                        electrolyte.formula, m.formula, energies, as_mixture=as_mixture
                    ),
                    checks,
                )
            mitigations.append(MitigationCheck(mitigation, reaction_m, "; ".join(checks)))
    cells = cells_on_record(kb, electrolyte, electrode, ion)
    sources = [f.source for f in findings] + [source for _, source in observations]
    sources += [m.mitigation.source for m in mitigations]
    sources += [p.source for c in cells for p in c.cell.performance]
    return Compatibility(
        electrolyte=electrolyte.id,
        electrode=electrode.id,
        ion=ion,
        verdict=verdict,
        reasons=tuple(dict.fromkeys(reasons + notes)),
        margin_V=margin,
        window=window,
        electrode_range_V=span,
        reaction=reaction,
        reaction_at_potential=at_potential,
        findings=findings,
        observations=observations,
        mitigations=tuple(mitigations),
        cells=cells,
        interphases=crossed,
        interphases_without=without,
        cited=cited_references(ref for source in sources for ref in source.refs),
    )


def compatibility_matrix(
    kb, energies: EnergySource, as_mixture: bool = False
) -> list[Compatibility]:
    """Every electrolyte against every counter-electrode sharing its ion, and against every
    hydride electrode a stored cell pairs it with (e.g. MgH2 | LiBH4).

    Phase diagrams are cached per chemical system by ``energies``, windows per electrolyte here.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base.
    energies : EnergySource
        Energies of the phase diagrams (:func:`bundled`).
    as_mixture : bool
        Take a phase without its own energy as the equilibrium mixture at its composition.

    Returns
    -------
    list of Compatibility
        One per pair (see :func:`compatibility`).
    """
    electrolytes = kb.materials(kind="electrolyte")
    counter_electrodes = kb.materials(kind="counter_electrode")
    windows: dict = {}
    cells = []
    for electrolyte in electrolytes:
        paired = []
        for cell in kb.cells(material=electrolyte.id):
            for side in (cell.cathode, cell.anode):
                try:
                    other = kb.material(side)
                except UnknownRecordError:
                    continue
                if other.kind == "electrode" and other not in paired:
                    paired.append(other)
        for electrode in [*counter_electrodes, *paired]:
            shared = [i for i in electrolyte.ions if i in electrode.ions]
            if shared:
                cells.append(
                    compatibility(
                        electrolyte, electrode, energies, shared[0], kb, as_mixture, windows
                    )
                )
    return cells
