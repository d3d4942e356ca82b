"""Electrolyte–electrode compatibility: thermodynamics next to what experiments found.

Each pair gets (1) a thermodynamic verdict: the electrolyte's computed window against the
electrode's working-potential range (knowledge base), plus the interface reaction energy;
(2) the experimental findings with their sources (``data/compatibility.yaml`` and the
knowledge-base observations naming the electrode); (3) the mitigations that worked, each with
the computed reaction energy between the electrolyte and the mitigation phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from hydrion.errors import HydrionError, RecordValidationError
from hydrion.kb.records import Material, Source
from hydrion.stability.energies import EnergySource
from hydrion.stability.interface import InterfaceReaction, interface_reaction
from hydrion.stability.window import REFERENCE, ElectrochemicalWindow, compute_window

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
class MitigationCheck:
    """A reported mitigation and the computed reaction energy of the electrolyte with it."""

    mitigation: Mitigation
    reaction: InterfaceReaction | None
    note: str = ""


@dataclass(frozen=True)
class Compatibility:
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

    @property
    def experimental_outcome(self) -> Outcome | None:
        outcomes = [f.outcome for f in self.findings if f.outcome]
        return outcomes[0] if outcomes else None

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
        return f"thermodynamically {self.verdict}; {experiment}"

    def to_dict(self) -> dict:
        def src(source: Source) -> dict:
            return source.model_dump(mode="json", exclude_none=True)

        return {
            "electrolyte": self.electrolyte,
            "electrode": self.electrode,
            "ion": self.ion,
            "summary": self.summary,
            "thermodynamics": {
                "verdict": self.verdict,
                "reasons": list(self.reasons),
                "margin_V": self.margin_V,
                "window": self.window.to_dict() if self.window else None,
                "electrode_range_V": list(self.electrode_range_V)
                if self.electrode_range_V
                else None,
                "interface_reaction": self.reaction.to_dict() if self.reaction else None,
                "interface_reaction_at_potential": self.reaction_at_potential.to_dict()
                if self.reaction_at_potential
                else None,
            },
            "experiments": [
                {"outcome": f.outcome, "finding": f.finding, "source": src(f.source)}
                for f in self.findings
            ]
            + [{"finding": text, "source": src(source)} for text, source in self.observations],
            "mitigations": [
                {
                    "name": m.mitigation.name,
                    "formula": m.mitigation.formula,
                    "finding": m.mitigation.finding,
                    "source": src(m.mitigation.source),
                    "computed_reaction_eV_per_atom": m.reaction.energy_eV_per_atom
                    if m.reaction
                    else None,
                    "note": m.note,
                }
                for m in self.mitigations
            ],
        }


def electrode_range(electrode: Material, ion: str, kb=None) -> tuple[float, float] | None:
    """Working-potential range (V vs the ion's metal) of an electrode.

    In order: the record's potential ranges; the cut-off voltages of knowledge-base cells
    against the metal itself; the record's plateau/average voltages. The metal sits at 0 V by
    definition.
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
    return (min(voltages), max(voltages)) if voltages else None


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


def compatibility(
    electrolyte: Material,
    electrode: Material,
    energies: EnergySource,
    ion: str | None = None,
    kb=None,
    as_mixture: bool = False,
    windows: dict | None = None,
) -> Compatibility:
    """Compatibility of one pair; missing energies become reasons, never a failure.

    ``windows`` caches computed windows by (formula, ion) across pairs (the matrix passes one).
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
    span = electrode_range(electrode, ion, kb)
    if span is None:
        notes.append(f"no working-potential range of {electrode.name} vs {REFERENCE[ion]}")
    reaction = None
    if electrolyte.formula and electrode.formula:
        reaction = _safe(
            lambda: interface_reaction(
                electrolyte.formula, electrode.formula, energies, as_mixture=as_mixture
            ),
            notes,
        )
    at_potential = None
    if reaction is not None and span is not None and electrode.formula.strip() != ion:
        at_potential = _safe(
            lambda: interface_reaction(
                electrolyte.formula, electrode.formula, energies, ion, span[1], as_mixture
            ),
            notes,
        )
    verdict, reasons, margin = _thermo_verdict(window, span)
    for found, where in ((reaction, ""), (at_potential, " with the ion open at the top potential")):
        if found is not None and found.reactive:
            reasons.append(
                f"interface reaction{where} {found.energy_eV_per_atom * 1000:.0f} meV/atom to "
                f"{', '.join(found.products)}"
            )
            if verdict == "stable":
                verdict = "unstable"
    findings = tuple(
        f
        for f in curated_findings()
        if f.electrolyte == electrolyte.id and f.electrode == electrode.id
    )
    pairs = [(electrolyte, electrode.id), (electrode, electrolyte.id)]
    observations = tuple(
        {
            obs.text: (obs.text, obs.source)
            for record, other in pairs
            for obs in record.observations
            if obs.counterpart == other and obs.topic in ("compatibility", "stability")
        }.values()
    )
    mitigations = []
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
    return Compatibility(
        electrolyte=electrolyte.id,
        electrode=electrode.id,
        ion=ion,
        verdict=verdict,
        reasons=tuple(reasons + notes),
        margin_V=margin,
        window=window,
        electrode_range_V=span,
        reaction=reaction,
        reaction_at_potential=at_potential,
        findings=findings,
        observations=observations,
        mitigations=tuple(mitigations),
    )


def compatibility_matrix(
    kb, energies: EnergySource, as_mixture: bool = False
) -> list[Compatibility]:
    """Every electrolyte against every counter-electrode of the knowledge base sharing its ion.

    Phase diagrams are cached per chemical system by ``energies``, windows per electrolyte here.
    """
    electrolytes = kb.materials(kind="electrolyte")
    electrodes = kb.materials(kind="counter_electrode")
    windows: dict = {}
    cells = []
    for electrolyte in electrolytes:
        for electrode in electrodes:
            shared = [i for i in electrolyte.ions if i in electrode.ions]
            if shared:
                cells.append(
                    compatibility(
                        electrolyte, electrode, energies, shared[0], kb, as_mixture, windows
                    )
                )
    return cells
