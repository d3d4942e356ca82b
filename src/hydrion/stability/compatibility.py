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

from dataclasses import dataclass, field

from hydrion.errors import UnknownRecordError
from hydrion.kb.records import Material
from hydrion.kb.references import Reference, cited_references
from hydrion.result_checks import ordered
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.electrode_range import electrode_range
from hydrion.stability.energies import EnergySource, bundled
from hydrion.stability.findings import (
    CellEvidence,
    Finding,
    Mitigation,
    Outcome,
    cells_on_record,
    curated_findings,
)
from hydrion.stability.interface import InterfaceReaction, interface_reaction
from hydrion.stability.pair_thermo import (
    Verdict,
    crossed_interphases,
    interface_reactions,
    safe_call,
    thermo_verdict,
)
from hydrion.stability.passivation import (
    Interphase,
    combined_verdict,
    reaction_interphase,
)
from hydrion.stability.passivation import Verdict as Passivation
from hydrion.stability.window import (
    ElectrochemicalWindow,
    compute_window,
)


@dataclass(frozen=True)
class MitigationCheck(Result):
    """A reported mitigation and the computed reaction energy of the electrolyte with it."""

    mitigation: Mitigation
    reaction: InterfaceReaction | None
    note: str = ""


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

    checks = (ordered("electrode_range_V"),)

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
                safe_call(
                    lambda: compute_window(electrolyte.formula, energies, ion, as_mixture), notes
                )
                or notes[-1]
            )
            if windows is not None:
                windows[key] = cached
        elif isinstance(cached, str):
            notes.append(cached)
        window = cached if isinstance(cached, ElectrochemicalWindow) else None
    else:
        notes.append(f"{electrolyte.name} is a composite without a formula")
    # the bundled table also gives a conversion electrode's potential (hydrion electrode)
    bundled_basis = energies.convention in ("enthalpy", "gibbs298") and energies is bundled(
        energies.convention
    )
    span = electrode_range(
        electrode, ion, kb, notes, energies.convention if bundled_basis else None
    )
    reaction, at_potential = interface_reactions(
        electrolyte, electrode, energies, ion, span, as_mixture, windows, notes
    )
    verdict, reasons, margin = thermo_verdict(window, span)
    crossed, without = crossed_interphases(window, span, energies, ion, as_mixture, windows)
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
                reaction_m = safe_call(
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
    kb, energies: EnergySource, as_mixture: bool = False, electrolytes: list | None = None
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
    electrolytes : list of Material, optional
        The electrolytes to pair (default: every electrolyte of ``kb``).

    Returns
    -------
    list of Compatibility
        One per pair (see :func:`compatibility`).
    """
    if electrolytes is None:
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
