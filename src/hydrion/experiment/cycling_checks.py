"""Checks of a cycling summary against physics and the file itself (steps of
:func:`hydrion.experiment.cycling.summarise`): capacities per gram above Li metal's
theoretical capacity (and the energies per gram that rest on them), half-cycles that begin
after a long unlogged interval, and capacities that differ from the file's own capacity
columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hydrion.experiment.cycler_formats import CyclingData
from hydrion.experiment.half_cycles import HalfCycle, own_capacity

if TYPE_CHECKING:
    from hydrion.experiment.cycling import CycleSummary

OWN_CAPACITY_TOLERANCE = 0.01  # relative difference to the file's own capacity columns


def impossible_capacity(cycles: list[CycleSummary]) -> tuple[float, str]:
    """Capacities per gram above any electrode material's theoretical capacity.

    The bar is Li metal's theoretical capacity, Q = F/(3.6·M_Li) = 3861 mAh/g, the highest of
    any electrode material (computed by
    :func:`hydrion.electrode.capacity.theoretical_capacity_mAh_per_g`, not stored).

    Parameters
    ----------
    cycles : list of CycleSummary
        The summarised cycles; their ``charge_mAh_per_g`` and ``discharge_mAh_per_g`` (None
        where no mass was given) are checked.

    Returns
    -------
    limit : float
        The bar, in mAh/g.
    shown : str
        The capacities above it, e.g. "discharge 6.03e+05 mAh/g (cycle 1)", the first three
        and a count of the rest; '' where none is above.
    """
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


#: The per-gram figures of each half-cycle: its capacity, then the energy integrated with it.
PER_GRAM_FIGURES = (
    ("discharge_mAh_per_g", "discharge_energy_mWh_per_g"),
    ("charge_mAh_per_g", "charge_energy_mWh_per_g"),
)


def impossible_figures(cycle: CycleSummary, limit: float) -> tuple[str, ...]:
    """The per-gram figures of a cycle that cannot be right: each capacity above ``limit``
    and the energy of the same half-cycle.

    The energy is flagged with its capacity, whatever its size, because both are divided by
    the same active mass, which the capacity shows is wrong. An energy bar of its own (say
    ``limit`` times the largest voltage in the file) would be the wrong check: an energy is at
    most its capacity times the largest |V| of its half-cycle, so it could pass such a bar
    only while its capacity fails (a low-voltage half-cycle), and never fail it while its
    capacity passes.

    Parameters
    ----------
    cycle : CycleSummary
        A summarised cycle (capacities in mAh/g, energies in mWh/g; None where no mass was
        given or the half-cycle is missing).
    limit : float
        The capacity bar in mAh/g, from :func:`impossible_capacity`.

    Returns
    -------
    tuple of str
        The names of the flagged fields (``discharge_mAh_per_g``,
        ``discharge_energy_mWh_per_g``, ...), empty where none is.
    """
    flagged: list[str] = []
    for capacity, energy in PER_GRAM_FIGURES:
        value = getattr(cycle, capacity)
        if value is not None and value > limit:
            flagged += [capacity] + ([energy] if getattr(cycle, energy) is not None else [])
    return tuple(flagged)


SPARSE_LOGGING_FRACTION = 0.05  # a boundary interval above this share of its half-cycle


def sparse_logging_warnings(data: CyclingData, halves: list[HalfCycle]) -> list[str]:
    """Warn where a half-cycle begins after a long interval without samples.

    The step began somewhere in that interval, which is counted whole to the half-cycle, so
    its capacity (and the CE) is uncertain by up to the interval's share of the half-cycle.
    Only the worst half-cycle is reported, and only above
    :data:`SPARSE_LOGGING_FRACTION` (5 %, a hydrion choice).

    Parameters
    ----------
    data : CyclingData
        The file's columns (``time_s`` in s, shape (n,)).
    halves : list of HalfCycle
        The half-cycles found in it (sample index ranges).

    Returns
    -------
    list of str
        One warning, or none.
    """
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
    """Compare integrated capacities with the file's own capacity columns.

    Parameters
    ----------
    data : CyclingData
        The file's columns, with the instrument's charge/discharge capacity columns where it
        has them.
    halves : list of HalfCycle
        The half-cycles, each with its integrated ``capacity_mAh`` and the file's
        ``instrument_capacity_mAh`` (None where the file has no such column).

    Returns
    -------
    list of str
        One warning when any half-cycle differs by more than
        :data:`OWN_CAPACITY_TOLERANCE` (1 %, a hydrion choice) from the file, naming the first
        and hinting at a swapped charge sign where the opposite column matches; else none.
    """
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
