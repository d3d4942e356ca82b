"""Galvanostatic cycling files -> per-cycle capacity, Coulombic efficiency, retention, energy.

Files of every cycler format in :mod:`hydrion.experiment.cycler_files` (EC-Lab .mpt/.mpr,
Arbin, Neware, Maccor, Novonix and PEC exports, generic tables with units in their headers).

Conventions, stated once:

* current > 0 is charge (oxidation of the working electrode), as BioLogic and most cyclers
  record it; pass ``charge_sign=-1`` for files with the opposite sign; a magnitude current
  takes its direction from the file's state column;
* a half-cycle is a run of one current direction over the instrument's current steps (rest,
  OCV and impedance steps, and |I| below ``rest_fraction`` of the largest current, are skipped
  and do not split it, so the pulses of a GITT step make one half-cycle); a cycle is two
  half-cycles in the order the file starts with. The file's own cycle column is not used to
  split (cyclers differ on where a cycle starts), but where it puts the first half-cycle in an
  earlier cycle than the second and that first one is partial (under ``PARTIAL_FRACTION`` of
  the next of its direction, e.g. PEC's initial discharge in cycle 0), it is reported apart
  (``leading_partial``) and pairing starts after it;
* a last half-cycle that runs to the file's end short of the voltage where the previous one of
  its direction stopped is cut short: its cycle is flagged incomplete and has no CE;
* Coulombic efficiency is "out / in" of the cell's own direction: a cell that starts on
  discharge (S, TiS2, Li4Ti5O12 against Li: the working electrode is lithiated first) has
  CE = charge / discharge of the same cycle; a cell that starts on charge has
  CE = discharge / charge;
* capacities are in mAh per gram of the active mass given; retention is the discharge
  capacity relative to that of the reference cycle (default 1); a capacity per gram above
  Li metal's theoretical capacity (F/(3.6·M_Li), the highest of any electrode material) is
  physically impossible: the summary keeps that limit (``capacity_limit_mAh_per_g``), each
  cycle names its impossible figures (``impossible``: that capacity and the energy per gram
  of its half-cycle, divided by the same mass) and a warning says to check the mass (the
  numbers stay, the data are the user's);
* capacity and energy integrate |I| and |I|·V over time: the current logged at a sample flowed
  over the interval since the previous sample (as cyclers log it), the voltage of an interval
  is the mean of its two ends; where the file's first row already carries current, its
  interval (not in the file) is assumed equal to the next one, and a note says so;
* where the file has its own cumulative capacity columns, each half-cycle's capacity is also
  taken from them (the sum of their increases over the half-cycle) and a difference above
  ``OWN_CAPACITY_TOLERANCE`` is warned about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import pandas as pd

from hydrion.errors import InputError
from hydrion.experiment.cycler_files import read_cycling
from hydrion.experiment.cycler_formats import FORMATS, CyclingData
from hydrion.experiment.cycling_checks import (
    OWN_CAPACITY_TOLERANCE,
    impossible_capacity,
    impossible_figures,
    own_capacity_warnings,
    sparse_logging_warnings,
)
from hydrion.experiment.half_cycles import (
    PARTIAL_FRACTION,
    SPIKE_FRACTION,
    SPIKE_SAMPLES,
    HalfCycle,
    cut_short_reason,
    find_leading_partial,
    first_interval_assumed_s,
    half_cycles,
    without_spikes,
)
from hydrion.result_checks import at_least_zero, positive
from hydrion.results import Result
from hydrion.units import as_magnitude

__all__ = ["FORMATS", "CyclingData", "read_cycling", "half_cycles", "summarise", "summarise_file"]


@dataclass(frozen=True)
class CycleSummary(Result):
    """Figures of one cycle (None where the file ends before that half-cycle); ``impossible``
    names its per-gram figures that cannot be right (a capacity above Li metal's theoretical
    capacity and the energy of that half-cycle, see
    :func:`~hydrion.experiment.cycling_checks.impossible_figures`)."""

    cycle: int
    discharge_mAh: float | None
    charge_mAh: float | None
    discharge_mAh_per_g: float | None
    charge_mAh_per_g: float | None
    coulombic_efficiency_percent: float | None
    retention_percent: float | None
    discharge_voltage_V: float | None
    charge_voltage_V: float | None
    discharge_energy_mWh_per_g: float | None
    charge_energy_mWh_per_g: float | None
    complete: bool = True
    impossible: tuple[str, ...] = ()

    checks = (
        at_least_zero(
            "discharge_mAh",
            "charge_mAh",
            "discharge_mAh_per_g",
            "charge_mAh_per_g",
            "coulombic_efficiency_percent",
            "retention_percent",
        ),
    )


@dataclass(frozen=True)
class CyclingSummary(Result):
    """Per-cycle figures of a file, with the conventions used and any warnings."""

    source: str
    mass_g: float
    first_step: str
    ce_definition: str
    reference_cycle: int
    cycles: tuple[CycleSummary, ...]
    half_cycles: tuple[HalfCycle, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    instrument: str = "csv"
    notes: tuple[str, ...] = ()
    leading_partial: HalfCycle | None = None
    #: Li metal's theoretical capacity (mAh/g), set where a capacity per gram exceeds it
    capacity_limit_mAh_per_g: float | None = None

    checks = (positive("mass_g", "capacity_limit_mAh_per_g"),)

    def frame(self) -> pd.DataFrame:
        """One row per cycle (no rows, the same columns, where the file has no cycle).

        Returns
        -------
        pandas.DataFrame
            One column per :class:`CycleSummary` field, in its units (mAh/g, %, V, ...).
        """
        columns = [f.name for f in fields(CycleSummary)]
        return pd.DataFrame([c.__dict__ for c in self.cycles], columns=columns)


def summarise(
    data: CyclingData, mass_mg, reference_cycle: int = 1, rest_fraction: float = 1e-4
) -> CyclingSummary:
    """Per-cycle capacity, coulombic efficiency, retention, average voltage and energy.

    Parameters
    ----------
    data : CyclingData
        Output of :func:`hydrion.experiment.cycler_files.read_cycling`.
    mass_mg : float or pint.Quantity
        Active mass (mg, or a mass Quantity in any unit).
    reference_cycle : int
        Cycle that retention refers to (1-based).
    rest_fraction : float
        Currents below this fraction of the largest |I| count as rest.

    Returns
    -------
    CyclingSummary
        Per cycle: capacities (mAh and mAh/g), CE (%), retention (%), average voltage (V) and
        energy, with the conventions used (first step, CE definition) and warnings; a file
        where no current flows gives no cycles and a warning.

    Raises
    ------
    InputError
        A non-positive mass or reference cycle.
    UnitError
        A mass that is not a mass.
    """
    mass_mg = as_magnitude(mass_mg, "mg", "mass_mg")
    if not mass_mg > 0:
        raise InputError(f"active mass must be positive, got {mass_mg} mg")
    if reference_cycle < 1:
        raise InputError("the reference cycle counts from 1")
    halves, spikes = without_spikes(half_cycles(data, rest_fraction))
    mass_g = mass_mg / 1000.0
    warnings = list(data.warnings)
    if spikes:
        warnings.append(
            f"{spikes} current spike(s) of at most {SPIKE_SAMPLES} samples and under "
            f"{SPIKE_FRACTION:.0%} of the median half-cycle were not counted as half-cycles"
        )
    if not halves:
        span_h = float(data.time_s[-1] - data.time_s[0]) / 3600 if data.time_s.size else 0.0
        warnings.append(
            f"no current flows in the file ({data.time_s.size} rows over {span_h:.3g} h of "
            "rest, OCV or impedance): no capacities"
        )
        return CyclingSummary(
            data.source,
            mass_g,
            "none",
            "none",
            reference_cycle,
            (),
            (),
            tuple(warnings),
            data.instrument,
            data.notes,
        )
    leading = find_leading_partial(data, halves)
    if leading is not None:
        halves = halves[1:]
        warnings.append(
            f"the file starts with a partial {leading.direction} ({leading.capacity_mAh:.5g} mAh, "
            "an earlier cycle than the next half-cycle in its own cycle column and under "
            f"{PARTIAL_FRACTION:.0%} of the next {leading.direction}): reported separately "
            "(leading_partial), not paired into a cycle"
        )
    first = halves[0].direction
    ce_definition = (
        "charge / discharge (the cell starts on discharge)"
        if first == "discharge"
        else "discharge / charge (the cell starts on charge)"
    )
    cycles = []
    for number, i in enumerate(range(0, len(halves), 2), start=1):
        pair = {h.direction: h for h in halves[i : i + 2]}
        cycles.append(_cycle(number, pair.get("discharge"), pair.get("charge"), first, mass_g))
    cut = cut_short_reason(data, halves)
    if cut is not None:
        last = cycles[-1]
        cycles[-1] = CycleSummary(
            **{**last.__dict__, "coulombic_efficiency_percent": None, "complete": False}
        )
        warnings.append(
            f"the file ends during the {halves[-1].direction} of cycle {last.cycle} ({cut}): "
            f"cycle {last.cycle} is incomplete, its capacity is partial and it has no CE"
        )
    reference = next((c for c in cycles if c.cycle == reference_cycle), None)
    if reference is None:
        raise InputError(
            f"--reference-cycle {reference_cycle}: the file has cycles 1 to {len(cycles)}"
        )
    if not reference.discharge_mAh_per_g:
        warnings.append(f"no discharge in reference cycle {reference_cycle}: no retention")
    else:
        cycles = [_with_retention(c, reference.discharge_mAh_per_g) for c in cycles]
    if len(halves) % 2 and cut is None:
        warnings.append(f"the file ends after half of cycle {len(cycles)}")
    limit, impossible = impossible_capacity(cycles)
    if impossible:
        cycles = [replace(c, impossible=impossible_figures(c, limit)) for c in cycles]
        warnings.append(
            f"physically impossible capacity: {impossible}, above {limit:.0f} mAh/g, the "
            "theoretical capacity of Li metal (F/(3.6·M_Li)), the highest of any electrode "
            "material; the energies per gram of those half-cycles rest on the same mass and are "
            f"flagged with them; check --mass (the active mass, {mass_mg:g} mg given)"
        )
    warnings += own_capacity_warnings(data, halves)
    warnings += sparse_logging_warnings(data, halves)
    checked = sum(h.instrument_capacity_mAh is not None for h in halves)
    notes = data.notes
    assumed_s = first_interval_assumed_s(data, rest_fraction)
    if assumed_s is not None:
        notes += (
            f"the first row already carries current: its interval is assumed equal to the next "
            f"one ({assumed_s:.4g} s)",
        )
    if checked and not any("own capacity" in w for w in warnings):
        notes += (
            f"{checked} half-cycle capacities agree with the file's own capacity columns "
            f"within {OWN_CAPACITY_TOLERANCE:.0%}",
        )
    return CyclingSummary(
        source=data.source,
        mass_g=mass_g,
        first_step=first,
        ce_definition=ce_definition,
        reference_cycle=reference_cycle,
        cycles=tuple(cycles),
        half_cycles=tuple(halves),
        warnings=tuple(warnings),
        instrument=data.instrument,
        notes=notes,
        leading_partial=leading,
        capacity_limit_mAh_per_g=limit if impossible else None,
    )


def _cycle(number, discharge, charge, first, mass_g) -> CycleSummary:
    def per_g(value):
        return None if value is None else value / mass_g

    ce = None
    if discharge is not None and charge is not None:
        into, out = (discharge, charge) if first == "discharge" else (charge, discharge)
        ce = 100.0 * out.capacity_mAh / into.capacity_mAh if into.capacity_mAh > 0 else None
    return CycleSummary(
        cycle=number,
        discharge_mAh=discharge and discharge.capacity_mAh,
        charge_mAh=charge and charge.capacity_mAh,
        discharge_mAh_per_g=per_g(discharge and discharge.capacity_mAh),
        charge_mAh_per_g=per_g(charge and charge.capacity_mAh),
        coulombic_efficiency_percent=ce,
        retention_percent=None,
        discharge_voltage_V=discharge.average_voltage_V if discharge else None,
        charge_voltage_V=charge.average_voltage_V if charge else None,
        discharge_energy_mWh_per_g=per_g(discharge and discharge.energy_mWh),
        charge_energy_mWh_per_g=per_g(charge and charge.energy_mWh),
    )


def _with_retention(cycle: CycleSummary, reference_mAh_per_g: float) -> CycleSummary:
    if cycle.discharge_mAh_per_g is None:
        return cycle
    retention = 100.0 * cycle.discharge_mAh_per_g / reference_mAh_per_g
    return CycleSummary(**{**cycle.__dict__, "retention_percent": retention})


def summarise_file(
    path: str | Path,
    mass_mg,
    charge_sign: int = 1,
    reference_cycle: int = 1,
    instrument: str | None = None,
    current_unit: str | None = None,
) -> CyclingSummary:
    """Read and summarise a cycling file in one call.

    Parameters
    ----------
    path : str or pathlib.Path
        The instrument file (see :func:`hydrion.experiment.cycler_files.read_cycling`).
    mass_mg : float or pint.Quantity
        Active mass (mg, or a mass Quantity in any unit).
    charge_sign : {1, -1}
        +1 where charge current is positive in the file.
    reference_cycle : int
        Cycle that retention refers to (1-based).
    instrument : str, optional
        Instrument format; default: detected from the file.
    current_unit : {"A", "mA", "uA"}, optional
        Unit of a current column whose header names none.

    Returns
    -------
    CyclingSummary
        See :func:`summarise`.

    Raises
    ------
    FileFormatError
        An unreadable file or unknown layout.
    InputError
        Bad options, a non-positive mass or reference cycle.
    """
    mass_mg = as_magnitude(mass_mg, "mg", "mass_mg")
    if not mass_mg > 0:
        raise InputError(f"active mass must be positive, got {mass_mg} mg")
    data = read_cycling(path, charge_sign, instrument, current_unit)
    return summarise(data, mass_mg, reference_cycle)
