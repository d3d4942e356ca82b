"""The cycler's own cumulative capacity and cycle columns, as CyclingData fields.

hydrion integrates capacities from time and current itself; the instrument's columns (Arbin
``Charge_Capacity``, Neware ``Chg. Cap.(mAh)``, EC-Lab ``Q charge/mA.h``, ``cycle number``)
are kept beside them: :mod:`hydrion.experiment.cycling` warns where the two capacities
differ, and :mod:`hydrion.experiment.half_cycles` tells a partial first half-cycle by the
cycle column (fields of :class:`hydrion.experiment.cycler_formats.CyclingData`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from hydrion.experiment.columns import bare_header, find_column

_OWN_CHARGE = (r"charge_?capacity.*", r"chg\.?cap\.?\(.*", r"qcharge/ma\.?h")
_OWN_DISCHARGE = (r"discharge_?capacity.*", r"dchg\.?cap\.?\(.*", r"qdischarge/ma\.?h")
_OWN_EITHER = (
    r"qcharge/discharge/ma\.?h",
    r"capacity/ma\.?h",
    r"cap\.?\[m?ah\]",
    r"capacity[(\[]m?ah[)\]]",
    r"amp-?hr",
)


def _own_capacity(frame: pd.DataFrame, patterns) -> np.ndarray | None:
    """|cumulative capacity| in mAh from the first column matching ``patterns`` (Ah where the
    header names no unit, as Arbin and Maccor write it)."""
    column = find_column(frame, patterns)
    if column is None:
        return None
    milli = re.search(r"ma\.?h", bare_header(column))
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
    return None if np.isnan(values).all() else np.abs(values) * (1.0 if milli else 1e3)


_CYCLE = (r"cycle", r"cyclenumber", r"cycle_?index", r"cycle_?nr")


def own_cycle(frame: pd.DataFrame) -> dict:
    """The file's own cycle column, as numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The cycler table.

    Returns
    -------
    dict
        ``{"cycle": array of shape (n_rows,)}`` as a CyclingData field, or ``{}`` where the file
        has no cycle column or it is not all numeric.
    """
    column = find_column(frame, _CYCLE)
    if column is None:
        return {}
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
    return {} if np.isnan(values).any() else {"cycle": values}


def own_capacities(frame: pd.DataFrame) -> dict:
    """The file's own cumulative charge and discharge capacities (mAh) as CyclingData fields;
    one column of either direction serves both where the file has no separate ones.

    Parameters
    ----------
    frame : pandas.DataFrame
        The cycler table.

    Returns
    -------
    dict
        ``instrument_charge_mAh`` and ``instrument_discharge_mAh``: arrays of shape (n_rows,) in
        mAh, or None where the file has no such column.
    """
    charge, discharge = _own_capacity(frame, _OWN_CHARGE), _own_capacity(frame, _OWN_DISCHARGE)
    if charge is None and discharge is None:
        charge = discharge = _own_capacity(frame, _OWN_EITHER)
    return {"instrument_charge_mAh": charge, "instrument_discharge_mAh": discharge}
