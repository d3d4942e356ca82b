"""The cycler's own capacity and cycle columns, on small tables made for the tests."""

import numpy as np
import pandas as pd

from hydrion.experiment.cycler_own_columns import own_capacities, own_cycle


def test_arbin_capacities_in_ampere_hours_become_mAh():
    frame = pd.DataFrame(
        {
            "Cycle_Index": [1, 1, 2],
            "Charge_Capacity(Ah)": [0.0, 0.0012, 0.0012],
            "Discharge_Capacity(Ah)": [0.0, 0.0, -0.0011],
        }
    )
    own = own_capacities(frame)
    assert np.allclose(own["instrument_charge_mAh"], [0.0, 1.2, 1.2])
    assert np.allclose(own["instrument_discharge_mAh"], [0.0, 0.0, 1.1])  # |Q|
    assert np.array_equal(own_cycle(frame)["cycle"], [1.0, 1.0, 2.0])


def test_one_capacity_column_serves_both_directions():
    frame = pd.DataFrame({"Capacity/mA.h": [0.0, 0.5, 1.0]})
    own = own_capacities(frame)
    assert own["instrument_charge_mAh"] is own["instrument_discharge_mAh"]
    assert np.allclose(own["instrument_charge_mAh"], [0.0, 0.5, 1.0])  # mAh: not scaled


def test_missing_or_non_numeric_columns_give_nothing():
    assert own_capacities(pd.DataFrame({"Ewe/V": [3.0]})) == {
        "instrument_charge_mAh": None,
        "instrument_discharge_mAh": None,
    }
    assert own_cycle(pd.DataFrame({"cycle": ["1", "two"]})) == {}
    assert own_cycle(pd.DataFrame({"Ewe/V": [3.0]})) == {}


def test_old_import_path():
    from hydrion.experiment import cycler_formats, cycler_own_columns

    assert cycler_formats.own_capacities is cycler_own_columns.own_capacities
    assert cycler_formats.own_cycle is cycler_own_columns.own_cycle
