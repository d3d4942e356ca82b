"""``analyse_electrode``: pathway, capacities, voltages, profile and volume change of a hydride.

Conventions (see docs/electrode.md):
* capacities are per mass (and volume) of the pristine, unlithiated electrode, conversion
  only unless ``alloying`` (the anode convention of the review's Table 2);
* voltages are equilibrium potentials vs the working-ion metal, E = −ΔG/(nF), under the
  ``gibbs298`` (ΔfH − T·S°) or ``enthalpy`` (ΔfH only, 0 K-like) convention;
* the electrode is a closed system of solids: no H2 is released.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pymatgen.core import Composition

from hydrion.chem.densities import density_g_per_cm3
from hydrion.chem.formula import hydrogen_wt_percent, molar_mass_g_per_mol
from hydrion.chem.reactions import format_reaction, reaction_energy_kJ
from hydrion.chem.thermo import CONVENTIONS, STANDARD_T_K, ThermoBasis
from hydrion.constants import KJ_PER_MOL_PER_EV, ion_charge
from hydrion.electrode.alloying import alloying_table
from hydrion.electrode.capacity import capacity_mAh_per_g
from hydrion.electrode.conversion import (
    RawStep,
    overall_conversion,
)
from hydrion.electrode.electrode_result import ElectrodeResult, Step, VolumePoint
from hydrion.electrode.observed import compare_with_observed
from hydrion.electrode.pathway_steps import (
    NoteCollector,
    all_have_shomate,
    alloying_steps,
    conversion_steps,
    final_products,
    headline_reaction,
    resolve_formula,
    step_voltage,
    volume_change,
)
from hydrion.electrode.profile import staircase
from hydrion.electrode.voltage import UNCERTAIN_E_V, EnergyModel, describe_source
from hydrion.electrode.volume import phases_volume_cm3
from hydrion.errors import InputError, MissingDataError
from hydrion.units import as_kelvin

if TYPE_CHECKING:
    from pint import Quantity  # annotation only: pint is imported where a Quantity is read


# the thermochemistry is tabulated at 298 K (Shomate Cp where bundled, ΔCp = 0 otherwise);
# above this the extrapolation is meaningless and the analysis is refused (hydrion's choice,
# near the upper end of typical Shomate fits)
MAX_THERMO_T_K = 2000.0


def analyse_electrode(
    formula_or_name: str | Composition,
    ion: str = "Li",
    alloying: bool = False,
    path: list[str] | None = None,
    convention: str = "gibbs298",
    temperature_K: float | Quantity = STANDARD_T_K,
) -> ElectrodeResult:
    """Pathway, capacity, voltages, profile and volume change of a conversion electrode.

    Parameters
    ----------
    formula_or_name : str or pymatgen.core.Composition
        A formula ('MgH2'), a Composition, or the knowledge-base name/id of an electrode with
        a formula.
    ion : str
        Working ion: 'Li', 'Na' or 'Mg'.
    alloying : bool
        Add the sourced alloying steps (Al -> LiAl, Mg -> MgLi0.35) after the conversion.
    path : list of str, optional
        Explicit steps as reactions, in order, instead of the lowest-energy path.
    convention : {"gibbs298", "enthalpy"}
        'gibbs298' (ΔfH − T·S°) or 'enthalpy' (ΔfH only); see :mod:`hydrion.chem.thermo`.
    temperature_K : float or pint.Quantity
        Temperature (K, or any temperature unit, °C included), at most MAX_THERMO_T_K.

    Returns
    -------
    ElectrodeResult
        Capacities in mAh/g of pristine electrode and voltages in V vs the ion's metal.
        Missing thermochemistry or densities do not stop the analysis: the values that need
        them are None and ``missing_data`` names what is missing. A step uphill against the
        ion metal ends the path (``uphill_step``).

    Raises
    ------
    InputError
        Unknown formula, name, ion or convention; a temperature at or below 0 K; a formula
        without hydrogen to convert; an explicit step that cannot be used.
    MissingDataError
        The lowest-energy path does not reach full conversion.

    Notes
    -----
    Equilibrium potentials E = −ΔrG/(nF) from the bundled thermochemistry (sources in
    ``thermo_sources``); capacities n·F/(3.6·M) per pristine mass, as in the review's Table 2.

    Examples
    --------
    >>> result = analyse_electrode("MgH2")  # MgH2 + 2Li -> Mg + 2LiH
    >>> f"{result.capacity_mAh_per_g:.0f} mAh/g, {result.average_voltage_V:.3f} V"
    '2037 mAh/g, 0.522 V'
    """
    formula = resolve_formula(formula_or_name)
    ion_charge(ion, working=True)
    if convention not in CONVENTIONS:
        raise InputError(f"unknown convention {convention!r}; use gibbs298 or enthalpy")
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    if temperature_K > MAX_THERMO_T_K:
        raise InputError(
            f"temperature {temperature_K:g} K is beyond the {MAX_THERMO_T_K:.0f} K up to which "
            "the 298 K-based thermochemistry is used"
        )
    if convention == "enthalpy" and abs(temperature_K - STANDARD_T_K) > 1e-6:
        raise InputError(
            f"the enthalpy convention (ΔfH only, no entropy term) has no temperature dependence: "
            f"{temperature_K:g} K would change nothing; use gibbs298 for another temperature"
        )
    notes = NoteCollector()
    basis: ThermoBasis = "gibbs298" if convention == "gibbs298" else "enthalpy"  # checked above
    model = EnergyModel(basis, temperature_K, use_shomate=True)
    overall = overall_conversion(formula, ion)
    if abs(temperature_K - STANDARD_T_K) > 1e-6 and convention == "gibbs298":
        notes.warnings.append(
            "voltages at T from ΔfH(298) − T·S°(298) (ΔCp = 0) wherever Shomate Cp data are missing"
        )
        model.use_shomate = all_have_shomate(formula, ion)
    mass = molar_mass_g_per_mol(formula)
    charge = ion_charge(ion, working=True)
    raw = conversion_steps(formula, ion, path, model, notes)
    notes.warnings.extend(model.entropy_notes(f for s in raw for f in (*s.reactants, *s.products)))
    conversion_ions = sum(step.ions for step in raw)
    if abs(conversion_ions - overall.ions) > 1e-6 and not path:
        raise MissingDataError(f"the pathway of {formula} does not reach full conversion")
    steps, reached, uphill = _downhill_steps(raw, formula, ion, mass, model, notes)
    observed = (
        None
        if path
        else compare_with_observed(formula, ion, reached, [s.voltage_V for s in steps], model)
    )
    if observed is not None:
        steps = [
            replace(s, differs_from_observed=k in observed.differing) for k, s in enumerate(steps)
        ]
    alloy_raw = alloying_steps(final_products(reached, formula), ion) if uphill is None else []
    if alloying:
        alloy_steps, _, alloy_uphill = _downhill_steps(alloy_raw, formula, ion, mass, model, notes)
        steps, uphill = steps + alloy_steps, uphill or alloy_uphill
    formal = capacity_mAh_per_g(overall.ions * charge, mass)
    conversion = [s for s in steps if s.kind == "conversion"]
    capacity = sum(s.capacity_mAh_per_g for s in conversion)
    uphill_uncertain = None
    if uphill is not None:
        notes.warnings.append(_uphill_message(uphill, ion, capacity, formal))
        uphill_uncertain = _uphill_uncertainty(uphill, raw, ion, basis)
    try:
        density_entry = density_g_per_cm3(formula)
        volumetric = capacity * density_entry.density_g_per_cm3
        density_source = density_entry.source.citation or density_entry.source.doi
    except MissingDataError as exc:
        notes.miss(str(exc))
        volumetric, density_source = None, None
    change = volume_change(formula, final_products(reached, formula), ion, notes)
    change_alloyed = (
        volume_change(
            formula,
            final_products([*reached, *alloy_raw], formula),
            ion,
            notes if alloying else NoteCollector(),  # its notes concern --alloying only
        )
        if alloy_raw
        else None
    )
    volume_path = _volume_path(formula, [*reached, *alloy_raw], ion)
    known = []
    for step in steps:
        if step.voltage_V is None:
            break
        known.append(step)
    profile = staircase(known) if known else None
    known_V = [(s.capacity_mAh_per_g, s.voltage_V) for s in conversion if s.voltage_V is not None]
    average = (
        sum(q * v for q, v in known_V) / capacity
        if conversion and len(known_V) == len(conversion)
        else None
    )
    ended = reached if uphill is None and not path else None
    headline, implausible = headline_reaction(formula, ion, overall, ended, notes)
    return ElectrodeResult(
        formula=formula,
        ion=ion,
        convention=convention,
        temperature_K=temperature_K,
        overall_reaction=headline,
        implausible_products=implausible,
        steps=tuple(steps),
        capacity_mAh_per_g=capacity,
        volumetric_capacity_mAh_per_cm3=volumetric,
        hydrogen_wt_percent=hydrogen_wt_percent(formula),
        average_voltage_V=average,
        volume_change_percent=change,
        volume_change_with_alloying_percent=change_alloyed,
        profile=profile,
        thermo_sources=tuple(model.sources()),
        energy_basis_notes=tuple(model.basis_notes()),
        density_source=density_source,
        missing_data=tuple(notes.missing),
        warnings=tuple(notes.warnings),
        alloying=alloying,
        capacity_with_alloying_mAh_per_g=(
            capacity + sum(capacity_mAh_per_g(s.ions * charge, mass) for s in alloy_raw)
            if alloy_raw
            else None
        ),
        formal_capacity_mAh_per_g=formal,
        uphill_step=uphill,
        volume_path=volume_path,
        uphill_uncertain=uphill_uncertain,
        observed_path=observed,
    )


def _volume_path(formula: str, raw: Sequence[RawStep], ion: str) -> tuple[VolumePoint, ...]:
    """Volume change after each step (conversion, then alloying), while densities last."""
    metals = tuple({ion, *(host for host, _ in alloying_table())})
    try:
        before, _ = phases_volume_cm3({formula: 1.0})
    except MissingDataError:
        return ()
    points, ions = [VolumePoint(0.0, 0.0, "pristine", False)], 0.0
    for k, step in enumerate(raw, start=1):
        ions += step.ions
        try:
            after, zen = phases_volume_cm3(final_products(raw[:k], formula), metals)
        except MissingDataError:
            break
        points.append(VolumePoint(ions, 100.0 * (after / before - 1.0), step.kind, bool(zen)))
    return tuple(points)


def _downhill_steps(
    raw: Sequence[RawStep],
    formula: str,
    ion: str,
    mass: float,
    model: EnergyModel,
    notes: NoteCollector,
) -> tuple[list[Step], list[RawStep], Step | None]:
    """The steps up to the first one with E ≤ 0 (which ends the path), that step apart.

    Returns (steps that run, their raw steps, the uphill step or None). A step whose voltage
    is unknown (missing data) is kept: nothing says it does not run.
    """
    steps: list[Step] = []
    reached: list[RawStep] = []
    for step in raw:
        voltage = step_voltage(step, ion, model, notes)
        phases = [*step.reactants, ion, *step.products]
        sources = tuple(describe_source(model.entry(f)) for f in phases) if voltage else ()
        estimated = model.estimated_entropy(phases) if voltage is not None else ()
        cancels = (
            bool(estimated)
            and abs(
                reaction_energy_kJ({**step.reactants, ion: step.ions}, step.products, model.entropy)
            )
            < 1e-9
        )
        computed = Step(
            reaction=format_reaction({**step.reactants, ion: step.ions}, step.products),
            kind=step.kind,
            ions_transferred=step.ions,
            capacity_mAh_per_g=capacity_mAh_per_g(step.ions * ion_charge(ion, working=True), mass),
            voltage_V=voltage,
            sources=sources,
            estimated_entropy=estimated,
            entropy_cancels=cancels,
        )
        if voltage is not None and voltage <= 0:
            return steps, reached, computed
        steps.append(computed)
        reached.append(step)
    return steps, reached, None


def _uphill_uncertainty(
    uphill: Step,
    raw: Sequence[RawStep],
    ion: str,
    basis: ThermoBasis,
) -> str | None:
    """Why 'uphill' is not decided when |E| < UNCERTAIN_E_V, with the other basis's E
    (at 298.15 K: the enthalpy basis has no temperature dependence)."""
    if uphill.voltage_V is None or abs(uphill.voltage_V) >= UNCERTAIN_E_V:
        return None
    step = next(
        s
        for s in raw
        if format_reaction({**s.reactants, ion: s.ions}, s.products) == uphill.reaction
    )
    other: ThermoBasis = "enthalpy" if basis == "gibbs298" else "gibbs298"
    other_V = step_voltage(step, ion, EnergyModel(other, STANDARD_T_K), NoteCollector())
    beside = "" if other_V is None else f"; the {other} basis gives {other_V:.3f} V"
    return (
        f"no conversion predicted, but |E| = {abs(uphill.voltage_V):.3f} V is within the "
        f"uncertainty of the data (below the assumed {UNCERTAIN_E_V} V, i.e. "
        f"{UNCERTAIN_E_V * KJ_PER_MOL_PER_EV:.1f} kJ per mol of electrons, of ΔrG{beside})"
    )


def _uphill_message(uphill: Step, ion: str, capacity: float, formal: float) -> str:
    stop = "no conversion above 0 V" if capacity <= 0 else "the conversion stops above 0 V"
    charge = ion_charge(ion, working=True)
    couple = f"{ion}/{ion}{charge if charge > 1 else ''}+"
    return (
        f"{stop}: {uphill.reaction} is uphill against {ion} metal "
        f"(E = {uphill.voltage_V:.3f} V vs {couple}); its {uphill.capacity_mAh_per_g:.0f} "
        f"mAh/g and any later step do not count ({capacity:.0f} of the formal "
        f"{formal:.0f} mAh/g of full conversion)"
    )
