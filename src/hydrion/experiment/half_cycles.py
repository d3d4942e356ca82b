"""A cycling test split into half-cycles (a step of :func:`hydrion.experiment.cycling.summarise`):
runs of one current direction over the instrument's current steps, with spikes dropped, a
partial first half-cycle set apart and a last one that stops short of its voltage flagged.
The conventions are stated in :mod:`hydrion.experiment.cycling`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hydrion.errors import InputError
from hydrion.experiment.cycler_formats import CyclingData
from hydrion.result_checks import at_least_zero, ordered
from hydrion.results import Result


@dataclass(frozen=True)
class HalfCycle(Result):
    """One charge or discharge: capacity (mAh), energy (mWh), and the sample range."""

    direction: str  # 'charge' or 'discharge'
    capacity_mAh: float
    energy_mWh: float
    start: int
    stop: int
    instrument_capacity_mAh: float | None = None

    derived = ("average_voltage_V",)

    checks = (
        at_least_zero("capacity_mAh", "start", "stop"),
        ordered("start", "stop"),
    )

    @property
    def average_voltage_V(self) -> float:
        return self.energy_mWh / self.capacity_mAh if self.capacity_mAh > 0 else float("nan")


def own_capacity(data: CyclingData, direction: str, first: int, last: int) -> float | None:
    """The half-cycle's capacity from the file's own cumulative column: the sum of its
    changes over the half-cycle's samples, a drop to below half counting as a restart from 0
    (such columns restart at each step, half-cycle or cycle, sometimes a sample late).

    Parameters
    ----------
    data : CyclingData
        The test: time (s), voltage (V), current (mA), each of shape (n_points,).
    direction : {'charge', 'discharge'}
        Which of the file's columns (charge or discharge capacity) is read.
    first, last : int
        Indices of the half-cycle's first and last samples (inclusive).

    Returns
    -------
    float or None
        Capacity in mAh, or None where the file has no such column.
    """
    column = data.instrument_charge_mAh if direction == "charge" else data.instrument_discharge_mAh
    if column is None:
        return None
    values = column[first : last + 1]
    steps = np.diff(values)
    reset = (steps < 0) & (values[1:] < 0.5 * values[:-1])  # the column restarted from 0
    steps = np.where(reset, values[1:], steps)
    return float(np.nansum(steps))


def _sample_signs(data: CyclingData, rest_fraction: float) -> np.ndarray:
    """+1 (charge), -1 (discharge) or 0 (rest, below rest_fraction of the largest |I|, or an
    inactive step) for each sample."""
    current = data.current_mA
    active = np.ones(current.size, bool) if data.active is None else data.active
    flowing = np.abs(current[active]) if active.any() else np.zeros(1)
    threshold = rest_fraction * float(flowing.max()) if current.size else 0.0
    return np.where(current > threshold, 1, np.where(current < -threshold, -1, 0)) * active


def first_interval_assumed_s(data: CyclingData, rest_fraction: float = 1e-4) -> float | None:
    """The interval assumed before the file's first row where that row already carries
    current (the file logs no sample before it): the next sampling interval.

    Parameters
    ----------
    data : CyclingData
        The test: time (s), voltage (V), current (mA), each of shape (n_points,).
    rest_fraction : float
        Share of the largest |I| below which a sample counts as rest (dimensionless).

    Returns
    -------
    float or None
        The interval in s; None where the first row is at rest, the file has fewer than two
        rows, or it has its own capacity columns (they count no charge before the first row,
        e.g. Arbin's, and the capacities follow them).
    """
    own = data.instrument_charge_mAh is not None or data.instrument_discharge_mAh is not None
    if own or data.time_s.size < 2 or _sample_signs(data, rest_fraction)[0] == 0:
        return None
    return float(data.time_s[1] - data.time_s[0])


def half_cycles(data: CyclingData, rest_fraction: float = 1e-4) -> list[HalfCycle]:
    """Split a test into half-cycles of one current direction (see the module doc).

    The current of sample i flowed over the interval since sample i-1; where the first row
    already carries current its interval is taken equal to the next one
    (:func:`first_interval_assumed_s`), so that the first half-cycle is not one interval shorter
    than the others. Capacity is ∫|I| dt, energy ∫|I|·V dt with V the mean of the interval's
    end points.

    Parameters
    ----------
    data : CyclingData
        The test: time (s), voltage (V), current (mA), each of shape (n_points,).
    rest_fraction : float
        Share of the largest |I| (of active samples) below which a sample is rest
        (dimensionless); inactive samples (``data.active`` False) are rest too.

    Returns
    -------
    list of HalfCycle
        In time order, capacity in mAh and energy in mWh; empty where no current flows.

    Raises
    ------
    hydrion.errors.InputError
        If capacity or energy overflows floating point (time, current or voltage in wrong units).

    Notes
    -----
    Coulomb counting by the rectangle rule; conventions are hydrion's own, stated in
    :mod:`hydrion.experiment.cycling`.
    """
    current = data.current_mA
    sign = _sample_signs(data, rest_fraction)
    counted = sign != 0
    if not counted.any():
        return []
    first_dt_s = first_interval_assumed_s(data, rest_fraction) or 0.0
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused just below
        dt_h = np.concatenate(([first_dt_s], np.diff(data.time_s))) / 3600.0
        charge = np.abs(current) * dt_h  # over the interval ending at each sample
        mean_v = np.concatenate(
            (data.voltage_V[:1], 0.5 * (data.voltage_V[1:] + data.voltage_V[:-1]))
        )
        energy = charge * mean_v
        cumulative_q = np.concatenate(([0.0], np.cumsum(np.where(counted, charge, 0.0))))
        cumulative_e = np.concatenate(([0.0], np.cumsum(np.where(counted, energy, 0.0))))
    finite = np.isfinite(cumulative_q) & np.isfinite(cumulative_e)
    if not finite.all():
        row = int(np.argmin(finite))
        raise InputError(
            f"capacity or energy is not finite from data row {row} on: time, current or "
            "voltage values are beyond floating-point range (check the file's units)"
        )
    active_at = np.flatnonzero(counted)
    signs = sign[active_at]
    breaks = np.flatnonzero(np.diff(signs) != 0) + 1
    bounds = np.concatenate(([0], breaks, [active_at.size]))
    result = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        first_sample, last = active_at[lo], active_at[hi - 1]
        first = max(first_sample - 1, 0)  # the interval of the first sample starts here
        direction = "charge" if signs[lo] > 0 else "discharge"
        result.append(
            HalfCycle(
                direction=direction,
                capacity_mAh=float(cumulative_q[last + 1] - cumulative_q[first_sample]),
                energy_mWh=float(cumulative_e[last + 1] - cumulative_e[first_sample]),
                start=int(first),
                stop=int(last + 1),
                instrument_capacity_mAh=own_capacity(data, direction, first, last),
            )
        )
    return result


SPIKE_SAMPLES = 3  # a half-cycle this short ...
SPIKE_FRACTION = 0.01  # ... and this small relative to the median half-cycle is a spike


def without_spikes(halves: list[HalfCycle]) -> tuple[list[HalfCycle], int]:
    """Half-cycles without current spikes (a few samples of negligible charge, e.g. at the
    switch from OCV to a current step), neighbours of one direction then merged; a spike
    left in would flip the cell's first step and so every CE.

    Parameters
    ----------
    halves : list of HalfCycle
        The test's half-cycles in time order (:func:`half_cycles`).
        A spike spans at most ``SPIKE_SAMPLES`` samples and holds less than ``SPIKE_FRACTION``
        of the median capacity; fewer than three half-cycles are returned as they are.

    Returns
    -------
    tuple of (list of HalfCycle, int)
        The half-cycles kept (merged where adjacent ones share a direction) and the number of
        spikes dropped.
    """
    if len(halves) < 3:
        return halves, 0
    median = float(np.median([h.capacity_mAh for h in halves]))
    kept = [
        h
        for h in halves
        if h.stop - h.start > SPIKE_SAMPLES + 1 or h.capacity_mAh >= SPIKE_FRACTION * median
    ]
    merged: list[HalfCycle] = []
    for half in kept:
        if merged and merged[-1].direction == half.direction:
            last = merged.pop()
            own = (
                None
                if last.instrument_capacity_mAh is None or half.instrument_capacity_mAh is None
                else last.instrument_capacity_mAh + half.instrument_capacity_mAh
            )
            half = HalfCycle(
                half.direction,
                last.capacity_mAh + half.capacity_mAh,
                last.energy_mWh + half.energy_mWh,
                last.start,
                half.stop,
                own,
            )
        merged.append(half)
    return merged, len(halves) - len(kept)


def find_leading_partial(data: CyclingData, halves: list[HalfCycle]) -> HalfCycle | None:
    """The first half-cycle where it is partial: the file's own cycle column puts it in an
    earlier cycle than the next half-cycle (PEC's initial discharge in cycle 0), and its
    capacity is below ``PARTIAL_FRACTION`` of the next half-cycle of its direction.

    Parameters
    ----------
    data : CyclingData
        The test: time (s), voltage (V), current (mA), each of shape (n_points,).
        Its ``cycle`` column (the instrument's cycle numbers) decides.
    halves : list of HalfCycle
        The test's half-cycles in time order (:func:`half_cycles`).

    Returns
    -------
    HalfCycle or None
        The partial first half-cycle; None otherwise, with fewer than three half-cycles, or
        where the file has no cycle column (a full first half-cycle, e.g. an EC-Lab cell that
        starts on discharge in cycle 0, keeps its pairing).
    """
    if data.cycle is None or len(halves) < 3:
        return None
    first, second = (data.cycle[min(h.start + 1, h.stop - 1)] for h in halves[:2])
    same = next(h for h in halves[1:] if h.direction == halves[0].direction)
    if first < second and halves[0].capacity_mAh < PARTIAL_FRACTION * same.capacity_mAh:
        return halves[0]
    return None


PARTIAL_FRACTION = 0.9  # a first half-cycle below this share of the next one is partial
END_VOLTAGE_FRACTION = 0.02  # of the cell's voltage span: a half-cycle ending short of this ...


def cut_short_reason(data: CyclingData, halves: list[HalfCycle]) -> str | None:
    """Why the last half-cycle is cut short by the end of the file: it runs to the file's last
    sample and ends short of the voltage where the previous half-cycle of the same direction
    ended (its cut-off) by more than ``END_VOLTAGE_FRACTION`` of the voltage span.

    Parameters
    ----------
    data : CyclingData
        The test: time (s), voltage (V), current (mA), each of shape (n_points,).
    halves : list of HalfCycle
        The test's half-cycles in time order (:func:`half_cycles`).
        At least one.

    Returns
    -------
    str or None
        The reason, naming both voltages (V); None where the last half-cycle is not cut short
        or there are fewer than three half-cycles.
    """
    last = halves[-1]
    if len(halves) < 3 or last.stop < data.time_s.size:
        return None
    previous = next((h for h in reversed(halves[:-1]) if h.direction == last.direction), None)
    if previous is None:
        return None
    end, cutoff = data.voltage_V[last.stop - 1], data.voltage_V[previous.stop - 1]
    span = float(np.ptp(data.voltage_V))
    short = (cutoff - end) if last.direction == "charge" else (end - cutoff)
    if not short > END_VOLTAGE_FRACTION * span:
        return None
    return (
        f"its last point is at {end:.3f} V, the previous {last.direction} ended at {cutoff:.3f} V"
    )
