"""Checks of a cycling summary against physics and the file itself (steps of
:func:`hydrion.experiment.cycling.summarise`): capacities per gram above Li metal's
theoretical capacity, half-cycles that begin after a long unlogged interval, and capacities
that differ from the file's own capacity columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hydrion.experiment.cycler_formats import CyclingData
from hydrion.experiment.half_cycles import HalfCycle, own_capacity

if TYPE_CHECKING:
    from hydrion.experiment.cycling import CycleSummary

OWN_CAPACITY_TOLERANCE = 0.01  # relative difference to the file's own capacity columns


def impossible_capacity(cycles: list[CycleSummary]) -> tuple[float, str]:
    """Li metal's theoretical capacity (mAh/g; Q = F/(3.6·M), the highest of any electrode
    material) and the capacities per gram above it, as text ('' where none is)."""
    from hydrion.electrode.capacity import theoretical_capacity_mAh_per_g

    limit = theoretical_capacity_mAh_per_g("Li", 1)
    above = [
        f"{direction} {value:.6g} mAh/g (cycle {c.cycle})"
        for c in cycles
        for direction, value in (
            ("discharge", c.discharge_mAh_per_g),
            ("charge", c.charge_mAh_per_g),
        )
        if value is not None and value > limit
    ]
    shown = ", ".join(above[:3]) + (f" and {len(above) - 3} more" if len(above) > 3 else "")
    return limit, shown


SPARSE_LOGGING_FRACTION = 0.05  # a boundary interval above this share of its half-cycle


def sparse_logging_warnings(data: CyclingData, halves: list[HalfCycle]) -> list[str]:
    """Where a half-cycle's first sample follows the previous sample by a large share of the
    half-cycle: the step began somewhere in that interval, which is counted whole to it, so
    its capacity (and the CE) is uncertain by up to that share."""
    t = data.time_s
    worst = 0.0, 0.0
    for half in halves:
        if half.start + 1 >= half.stop - 1:
            continue
        gap = float(t[half.start + 1] - t[half.start])
        duration = float(t[half.stop - 1] - t[half.start])
        if duration > 0 and gap / duration > worst[0]:
            worst = gap / duration, gap
    if worst[0] <= SPARSE_LOGGING_FRACTION:
        return []
    return [
        f"sparse logging: a half-cycle begins after a {worst[1]:.4g} s interval without samples "
        f"({worst[0]:.0%} of that half-cycle), in which its step began; capacities and CE are "
        f"uncertain by up to {worst[0]:.0%}"
    ]


def own_capacity_warnings(data: CyclingData, halves: list[HalfCycle]) -> list[str]:
    """Disagreements with the file's own capacity columns, and a direction hint where the
    opposite column holds the capacity (charge and discharge swapped)."""
    largest = max(h.capacity_mAh for h in halves)
    differ = [
        (i, h)
        for i, h in enumerate(halves, start=1)
        if h.instrument_capacity_mAh is not None
        and max(h.capacity_mAh, h.instrument_capacity_mAh) > 1e-3 * largest
        and abs(h.capacity_mAh - h.instrument_capacity_mAh)
        > OWN_CAPACITY_TOLERANCE * max(h.capacity_mAh, h.instrument_capacity_mAh)
    ]
    if not differ:
        return []
    i, h = differ[0]
    other = "discharge" if h.direction == "charge" else "charge"
    swapped = own_capacity(data, other, h.start, h.stop - 1)
    flip = (
        "pass --charge-sign -1"
        if data.charge_sign == 1
        else "drop --charge-sign -1 (the file's charge current is positive)"
    )
    hint = (
        f"the file's charge and discharge look swapped: {flip}"
        if swapped is not None
        and data.instrument_charge_mAh is not data.instrument_discharge_mAh
        and abs(swapped - h.capacity_mAh) <= OWN_CAPACITY_TOLERANCE * h.capacity_mAh
        else "check the current unit and sign"
    )
    return [
        f"{len(differ)} half-cycle(s) differ by more than {OWN_CAPACITY_TOLERANCE:.0%} from the "
        f"file's own capacity columns (half-cycle {i}, {h.direction}: {h.capacity_mAh:.4g} mAh "
        f"integrated, {h.instrument_capacity_mAh:.4g} mAh in the file): {hint}"
    ]
