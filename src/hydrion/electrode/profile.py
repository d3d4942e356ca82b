"""Equilibrium voltage profile (a staircase of steps against capacity) and paired energy.

The profile runs from the pristine electrode (capacity 0) through each step at its
equilibrium potential; the average voltage is the capacity-weighted mean of the steps.
The specific energy of an anode paired with a cathode counts the active masses only:
E = Q_a·Q_c/(Q_a + Q_c)·(V_c − V_a) in Wh/kg with Q in mAh/g.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from hydrion.result_checks import at_least_zero
from hydrion.results import Result
from hydrion.units import as_magnitude

if TYPE_CHECKING:
    from pint import Quantity  # annotation only: pint is imported where a Quantity is read


class _StepLike(Protocol):
    @property
    def capacity_mAh_per_g(self) -> float: ...
    @property
    def voltage_V(self) -> float | None: ...


@dataclass(frozen=True)
class Profile(Result):
    """Capacity (mAh/g of pristine electrode) and voltage (V vs ion metal) arrays."""

    capacity_mAh_per_g: tuple[float, ...]
    voltage_V: tuple[float, ...]

    same_length = ("capacity_mAh_per_g", "voltage_V")

    checks = (at_least_zero("capacity_mAh_per_g"),)


def staircase(steps: Sequence[_StepLike]) -> Profile:
    """Two points per step: its start and end capacity at its voltage."""
    capacities, voltages, total = [], [], 0.0
    for step in steps:
        if step.voltage_V is None:
            raise ValueError("a profile needs the voltage of every step")
        capacities += [total, total + step.capacity_mAh_per_g]
        voltages += [step.voltage_V, step.voltage_V]
        total += step.capacity_mAh_per_g
    return Profile(tuple(capacities), tuple(voltages))


@dataclass(frozen=True)
class PairedEnergy(Result):
    """An anode paired with a cathode, by active masses only."""

    anode: str
    cathode: str
    anode_capacity_mAh_per_g: float
    cathode_capacity_mAh_per_g: float
    cell_voltage_V: float
    specific_energy_Wh_per_kg: float
    mass_basis: str = "the two active masses as given"

    checks = (at_least_zero("anode_capacity_mAh_per_g", "cathode_capacity_mAh_per_g"),)


def paired_specific_energy(
    anode: str,
    anode_capacity_mAh_per_g: float | Quantity,
    anode_voltage_V: float | Quantity,
    cathode: str,
    cathode_capacity_mAh_per_g: float | Quantity,
    cathode_voltage_V: float | Quantity,
    mass_basis: str = "the two active masses as given",
) -> PairedEnergy:
    """Specific energy of a balanced anode–cathode couple, per kg of both active masses.

    E = Q_a·Q_c/(Q_a + Q_c)·(V_c − V_a).

    Parameters
    ----------
    anode, cathode : str
        Names, for the result.
    anode_capacity_mAh_per_g, cathode_capacity_mAh_per_g : float or pint.Quantity
        Specific capacities (mAh/g, or any unit of charge per mass), > 0.
    anode_voltage_V, cathode_voltage_V : float or pint.Quantity
        Average potentials (V, or any potential unit) vs the same metal.
    mass_basis : str
        Which masses the capacities are per, in words, for the result.

    Returns
    -------
    PairedEnergy
        Cell voltage (V) and specific energy (Wh/kg).

    Raises
    ------
    UnitError
        A quantity of the wrong dimension or a capacity that is not positive.

    Examples
    --------
    >>> pair = paired_specific_energy("MgH2", 2037, 0.522, "TiS2", 239, 2.0)
    >>> round(pair.cell_voltage_V, 3), round(pair.specific_energy_Wh_per_kg)
    (1.478, 316)
    """
    q_anode = float(
        as_magnitude(anode_capacity_mAh_per_g, "mAh/g", "anode_capacity", positive=True)
    )
    q_cathode = float(
        as_magnitude(cathode_capacity_mAh_per_g, "mAh/g", "cathode_capacity", positive=True)
    )
    v_anode = float(as_magnitude(anode_voltage_V, "V", "anode_voltage"))
    v_cathode = float(as_magnitude(cathode_voltage_V, "V", "cathode_voltage"))
    combined = q_anode * q_cathode / (q_anode + q_cathode)
    voltage = v_cathode - v_anode
    return PairedEnergy(anode, cathode, q_anode, q_cathode, voltage, combined * voltage, mass_basis)


def pair_with_cathode(anode, cathode) -> PairedEnergy:
    """Pair an analysed anode with a knowledge-base cathode.

    Parameters
    ----------
    anode : ElectrodeResult
        Result of :func:`analyse_electrode`.
    cathode : Material
        A knowledge-base cathode; its capacity comes from its first ``ion_storage`` record of
        the anode's ion (theoretical, n·F/(3.6·M)), its voltage from its first average (else
        plateau) voltage.

    Returns
    -------
    PairedEnergy
        Cell voltage (V) and specific energy (Wh per kg of both active masses). A conversion
        anode takes its ions from the cathode, so when the pristine cathode holds none of
        the ion (TiS2) its capacity is per mass of the lithiated cathode (LiTiS2, n ions per
        formula added): the cell is built with the ion inside it. ``mass_basis`` says which.

    Raises
    ------
    MissingDataError
        The anode has no average voltage, or the cathode no capacity or voltage for the ion.
    """
    from hydrion.constants import ion_charge
    from hydrion.electrode.capacity import theoretical_capacity_mAh_per_g
    from hydrion.errors import MissingDataError

    storage = [s for s in cathode.ion_storage if s.ion == anode.ion]
    voltages = sorted(cathode.voltages, key=lambda v: v.kind != "average")
    if not storage or not voltages or cathode.formula is None:
        raise MissingDataError(
            f"{cathode.name} has no formula, {anode.ion} storage record or voltage to pair with"
        )
    if anode.average_voltage_V is None:
        reasons = anode.missing_data or [w for w in anode.warnings if "0 V" in w]
        raise MissingDataError(f"no average voltage for {anode.formula}: " + "; ".join(reasons))
    from hydrion.chem.formula import parse_formula

    ions = storage[0].ions_per_formula
    if anode.ion in {el.symbol for el in parse_formula(cathode.formula).elements}:
        cathode_formula = cathode.formula
        basis = f"pristine {anode.formula} + {cathode.formula} (the cathode holds the {anode.ion})"
    else:
        cathode_formula = f"{anode.ion}{'' if ions == 1 else f'{ions:g}'}{cathode.formula}"
        basis = (
            f"pristine {anode.formula} + {cathode_formula}, the cathode with its {anode.ion}: "
            f"neither {anode.formula} nor {cathode.formula} holds the {anode.ion} the cell cycles"
        )
    capacity = theoretical_capacity_mAh_per_g(
        cathode_formula, ions, ion_charge(anode.ion, working=True)
    )
    return paired_specific_energy(
        anode.formula,
        anode.capacity_mAh_per_g,
        anode.average_voltage_V,
        cathode.name,
        capacity,
        voltages[0].voltage_V,
        basis,
    )
