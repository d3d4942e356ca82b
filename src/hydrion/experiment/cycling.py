"""Galvanostatic cycling files -> per-cycle capacity, Coulombic efficiency, retention, energy.

Files: BioLogic .mpt text and generic delimited tables (through
:func:`hydrion.experiment.readers.read_table`), BioLogic binary .mpr through galvani (GPL-3,
optional extra ``hydrion[biologic]``). Columns found by name: time (s, min or h), voltage (V or
mV), current (A, mA or µA); a cycle column is optional.

Conventions, stated once:

* current > 0 is charge (oxidation of the working electrode), as BioLogic and most cyclers
  record it; pass ``charge_sign=-1`` for files with the opposite sign;
* a half-cycle is a run of one current sign (rests, |I| below ``rest_fraction`` of the largest
  current, are skipped and do not split it); a cycle is two half-cycles in the order the file
  starts with. The file's own cycle column is not used to split (cyclers differ on where a
  cycle starts);
* Coulombic efficiency is "out / in" of the cell's own direction: a cell that starts on
  discharge (S, TiS2, Li4Ti5O12 against Li: the working electrode is lithiated first) has
  CE = charge / discharge of the same cycle; a cell that starts on charge has
  CE = discharge / charge;
* capacities are in mAh per gram of the active mass given; retention is the discharge
  capacity relative to that of the reference cycle (default 1);
* capacity and energy integrate |I| and |I|·V over time: the current logged at a sample flowed
  over the interval since the previous sample (as cyclers log it), the voltage of an interval
  is the mean of its two ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.readers import read_biologic_mpr, read_table

_TIME = (r"time.*", r"t", r"test_?time.*", r"elapsed.*")
_VOLTAGE = (r"ewe.*", r"ecell.*", r"voltage.*", r"potential.*", r"u", r"v", r"e", r"e/v")
_CURRENT = (r"<?i>?/?\(?[mµu]?a\)?", r"i[/(\[_].*", r"current.*", r"control/ma")
_CYCLE = (r"cycle.*", r"cycle_?(number|index)")
_TIME_SCALE = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}
_CURRENT_SCALE = {"a": 1e3, "ma": 1.0, "ua": 1e-3, "µa": 1e-3}
_VOLTAGE_SCALE = {"v": 1.0, "mv": 1e-3}


@dataclass(frozen=True, eq=False)
class CyclingData:
    """Time (s), voltage (V) and current (mA, charge > 0) of one galvanostatic test."""

    time_s: np.ndarray
    voltage_V: np.ndarray
    current_mA: np.ndarray
    source: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HalfCycle:
    """One charge or discharge: capacity (mAh), energy (mWh), and the sample range."""

    direction: str  # 'charge' or 'discharge'
    capacity_mAh: float
    energy_mWh: float
    start: int
    stop: int

    @property
    def average_voltage_V(self) -> float:
        return self.energy_mWh / self.capacity_mAh if self.capacity_mAh > 0 else float("nan")


@dataclass(frozen=True)
class CycleSummary:
    """Figures of one cycle (None where the file ends before that half-cycle)."""

    cycle: int
    discharge_mAh_per_g: float | None
    charge_mAh_per_g: float | None
    coulombic_efficiency_percent: float | None
    retention_percent: float | None
    discharge_voltage_V: float | None
    charge_voltage_V: float | None
    discharge_energy_mWh_per_g: float | None
    charge_energy_mWh_per_g: float | None


@dataclass(frozen=True)
class CyclingSummary:
    """Per-cycle figures of a file, with the conventions used and any warnings."""

    source: str
    mass_g: float
    first_step: str
    ce_definition: str
    reference_cycle: int
    cycles: tuple[CycleSummary, ...]
    half_cycles: tuple[HalfCycle, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def frame(self) -> pd.DataFrame:
        """One row per cycle."""
        return pd.DataFrame([c.__dict__ for c in self.cycles])

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "mass_g": self.mass_g,
            "first_step": self.first_step,
            "ce_definition": self.ce_definition,
            "reference_cycle": self.reference_cycle,
            "cycles": [c.__dict__ for c in self.cycles],
            "warnings": list(self.warnings),
        }


def _find(columns, patterns) -> str | None:
    for pattern in patterns:
        for column in columns:
            bare = re.sub(r"\s+", "", str(column)).lower()
            if re.fullmatch(pattern, bare):
                return column
    return None


def _unit_scale(column: str, scales: dict[str, float], default: float) -> float:
    match = re.search(r"[/(\[_ ]\s*([a-zµ]+)\s*[)\]]?\s*$", str(column).lower())
    return scales.get(match.group(1), default) if match else default


def _numbers(frame: pd.DataFrame, column: str, name: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values)
    if bad.any():
        where = "the last row" if bad[-1] and bad.sum() == 1 else f"{int(bad.sum())} row(s)"
        raise FileFormatError(
            f"{name} is truncated or damaged: {where} of column {column!r} has no number"
        )
    return values


def _refuse_truncated(frame: pd.DataFrame, name: str) -> None:
    """A last row missing fields the other rows have is a file cut short."""
    if len(frame) > 1:
        lost = frame.iloc[-1].isna() & frame.iloc[:-1].notna().all()
        if lost.any():
            raise FileFormatError(
                f"{name} is truncated: its last row lacks {', '.join(map(str, lost[lost].index))}"
            )


def read_cycling(path: str | Path, charge_sign: int = 1) -> CyclingData:
    """Read a cycling file into :class:`CyclingData` (see the module conventions)."""
    path = Path(path)
    if charge_sign not in (1, -1):
        raise InputError("charge_sign must be +1 or -1")
    if path.suffix.lower() == ".mpr":
        if not path.exists():
            raise FileFormatError(f"{path}: no such file")
        frame = read_biologic_mpr(path)
    else:
        frame = read_table(path)
    _refuse_truncated(frame, path.name)
    columns = list(frame.columns)
    found = {
        "time": _find(columns, _TIME),
        "voltage": _find(columns, _VOLTAGE),
        "current": _find(columns, _CURRENT),
    }
    missing = [name for name, column in found.items() if column is None]
    if missing:
        raise FileFormatError(
            f"{path.name} has no {', '.join(missing)} column (columns: {', '.join(columns[:8])})"
        )
    time = _numbers(frame, found["time"], path.name)
    time = time * _unit_scale(found["time"], _TIME_SCALE, 1.0)
    voltage = _numbers(frame, found["voltage"], path.name)
    voltage = voltage * _unit_scale(found["voltage"], _VOLTAGE_SCALE, 1.0)
    current = _numbers(frame, found["current"], path.name)
    current = charge_sign * current * _unit_scale(found["current"], _CURRENT_SCALE, 1.0)
    if time.size < 2:
        raise FileFormatError(f"{path.name} has fewer than two data rows")
    if np.any(np.diff(time) < 0):
        raise FileFormatError(f"{path.name}: time goes backwards; is it several files joined?")
    notes = [
        f"columns: time {found['time']!r}, voltage {found['voltage']!r}, "
        f"current {found['current']!r}"
    ]
    return CyclingData(time, voltage, current, str(path), tuple(notes))


def half_cycles(data: CyclingData, rest_fraction: float = 1e-4) -> list[HalfCycle]:
    """Split a test into half-cycles of one current sign (rests skipped, see module doc)."""
    current = data.current_mA
    threshold = rest_fraction * float(np.max(np.abs(current))) if current.size else 0.0
    sign = np.where(current > threshold, 1, np.where(current < -threshold, -1, 0))
    dt_h = np.diff(data.time_s) / 3600.0
    interval_sign = sign[1:]  # the current flowing into sample i+1 (step starts at i)
    charge = np.abs(current[1:]) * dt_h
    energy = charge * 0.5 * (data.voltage_V[1:] + data.voltage_V[:-1])
    active = np.flatnonzero(interval_sign != 0)
    if active.size == 0:
        return []
    signs = interval_sign[active]
    breaks = np.flatnonzero(np.diff(signs) != 0) + 1
    bounds = np.concatenate(([0], breaks, [active.size]))
    cumulative_q = np.concatenate(([0.0], np.cumsum(np.where(interval_sign != 0, charge, 0.0))))
    cumulative_e = np.concatenate(([0.0], np.cumsum(np.where(interval_sign != 0, energy, 0.0))))
    result = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        first, last = active[lo], active[hi - 1] + 1
        result.append(
            HalfCycle(
                direction="charge" if signs[lo] > 0 else "discharge",
                capacity_mAh=float(cumulative_q[last] - cumulative_q[first]),
                energy_mWh=float(cumulative_e[last] - cumulative_e[first]),
                start=int(first),
                stop=int(last + 1),
            )
        )
    return result


def summarise(
    data: CyclingData, mass_mg: float, reference_cycle: int = 1, rest_fraction: float = 1e-4
) -> CyclingSummary:
    """Per-cycle capacity (mAh/g), CE, retention, average voltage and energy of ``data``."""
    if not mass_mg > 0:
        raise InputError(f"active mass must be positive, got {mass_mg} mg")
    if reference_cycle < 1:
        raise InputError("the reference cycle counts from 1")
    halves = half_cycles(data, rest_fraction)
    if not halves:
        raise FileFormatError(f"{Path(data.source).name or 'the file'} has no current flowing")
    mass_g = mass_mg / 1000.0
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
    warnings = []
    reference = next((c for c in cycles if c.cycle == reference_cycle), None)
    if reference is None or not reference.discharge_mAh_per_g:
        warnings.append(f"no discharge in reference cycle {reference_cycle}: no retention")
    else:
        cycles = [_with_retention(c, reference.discharge_mAh_per_g) for c in cycles]
    if len(halves) % 2:
        warnings.append(f"the file ends after half of cycle {len(cycles)}")
    return CyclingSummary(
        source=data.source,
        mass_g=mass_g,
        first_step=first,
        ce_definition=ce_definition,
        reference_cycle=reference_cycle,
        cycles=tuple(cycles),
        half_cycles=tuple(halves),
        warnings=tuple(warnings),
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
    path: str | Path, mass_mg: float, charge_sign: int = 1, reference_cycle: int = 1
) -> CyclingSummary:
    """Read and summarise a cycling file in one call."""
    if not mass_mg > 0:
        raise InputError(f"active mass must be positive, got {mass_mg} mg")
    return summarise(read_cycling(path, charge_sign), mass_mg, reference_cycle)


def cell_record(
    summary: CyclingSummary,
    cell_id: str,
    cathode: str,
    electrolyte: str,
    anode: str,
    ion: str,
    temperature_C: float,
    kb,
):
    """A knowledge-base :class:`~hydrion.kb.records.Cell` of the user's cell, one performance
    entry per complete cycle (discharge capacity, CE, retention), parts resolved by the KB."""
    from hydrion.kb.records import Cell, CellPerformance, Source

    parts = [kb.material(name).id for name in (cathode, electrolyte, anode)]
    source = Source(
        kind="user",
        citation=f"cycling file {Path(summary.source).name}",
        note=f"CE = {summary.ce_definition}",
    )
    performance = [
        CellPerformance(
            capacity_mAh_per_g=c.discharge_mAh_per_g,
            kind="discharge",
            cycle=c.cycle,
            temperature_C=temperature_C,
            coulombic_efficiency_percent=_storable(c.coulombic_efficiency_percent),
            retention_percent=_storable(c.retention_percent),
            retention_cycles=_span(c, summary.reference_cycle),
            source=source,
        )
        for c in summary.cycles
        if c.discharge_mAh_per_g
    ]
    if not performance:
        raise InputError("the file has no complete discharge to store")
    return Cell(
        id=cell_id,
        cathode=parts[0],
        electrolyte=parts[1],
        anode=parts[2],
        ion=ion,
        description=f"user cycling data, {len(performance)} cycles",
        performance=performance,
    )


def _storable(percent: float | None) -> float | None:
    """A percentage the cell schema can hold (0 < p <= 100); above 100 it is left out."""
    return percent if percent is not None and 0 < percent <= 100 else None


def _span(cycle: CycleSummary, reference_cycle: int) -> int | None:
    """Cycles a stored retention spans (None where no retention is stored)."""
    if _storable(cycle.retention_percent) and cycle.cycle > reference_cycle:
        return cycle.cycle - reference_cycle
    return None


def store_cell(kb, record) -> None:
    """Store a user cell record next to the review's cells; refused if its id exists."""
    from hydrion.errors import DuplicateRecordError

    if kb.has_cell(record.id):
        raise DuplicateRecordError(f"a cell {record.id!r} already exists; choose another --cell-id")
    kb.user_store.put(
        "cell", record.id, record.model_dump(mode="json", exclude_none=True), replace=False
    )
