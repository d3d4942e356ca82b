"""Stack model: energy bookkeeping, sensitivity studies and refusals."""

import numpy as np
import pytest

from hydrion.cell.parts import part
from hydrion.cell.stack import StackDesign, design_stack, evaluate, resolve
from hydrion.cell.stack_metrics import ElectrodeFormulation, stack_metrics
from hydrion.cell.studies import active_fraction_study, separator_study
from hydrion.errors import InputError


def tis2_design(**changes):
    parts = {"positive": "tis2", "electrolyte": "libh4", "negative": "li"}
    parts.update({k: changes.pop(k) for k in list(changes) if k in parts})
    if {"loading_mg_per_cm2", "positive_thickness_um"} & set(changes):
        changes.setdefault("areal_capacity_mAh_per_cm2", None)
    return StackDesign.default(
        parts["positive"], parts["electrolyte"], parts["negative"], **changes
    )


def test_active_level_is_the_couple_energy():
    # Li/TiS2 at N/P = 1: E/m = V / (1/q_TiS2 + 1/q_Li); ~ 480 Wh/kg (Whittingham 1976)
    result = design_stack(tis2_design(np_ratio=1.0))
    q_pos, q_li = part("tis2").capacity_mAh_per_g, part("li").capacity_mAh_per_g
    expected = result.average_voltage_V / (1 / q_pos + 1 / q_li)
    assert result.levels["active"]["Wh_per_kg"] == pytest.approx(expected, rel=1e-9)
    assert 450 < expected < 500


def test_layers_add_up_to_the_stack():
    result = design_stack(tis2_design())
    energy = result.areal_capacity_mAh_per_cm2 * result.average_voltage_V  # mWh/cm2
    mass = sum(layer["mass_mg_per_cm2"] for layer in result.layers.values())
    thickness_cm = sum(layer["thickness_um"] for layer in result.layers.values()) / 1e4
    assert result.levels["stack"]["Wh_per_kg"] == pytest.approx(energy / mass * 1000)
    assert result.levels["stack"]["Wh_per_L"] == pytest.approx(energy / thickness_cm)
    # the Li foil holds N/P times the cathode capacity
    li = result.layers["negative"]["mass_mg_per_cm2"] * part("li").capacity_mAh_per_g / 1000
    assert li == pytest.approx(result.np_ratio * result.areal_capacity_mAh_per_cm2)


def test_levels_are_ordered():
    levels = design_stack(tis2_design()).levels
    assert levels["active"]["Wh_per_kg"] > levels["electrode"]["Wh_per_kg"]
    assert levels["electrode"]["Wh_per_kg"] > levels["stack"]["Wh_per_kg"]


def test_thinner_separator_raises_stack_energy():
    study = separator_study(resolve(tis2_design()))
    assert study.values[0] == 500 and study.values[-1] == 30
    assert np.all(np.diff(study.Wh_per_kg) > 0) and np.all(np.diff(study.Wh_per_L) > 0)
    # the 500 µm point is the default design itself
    default = design_stack(tis2_design())
    assert study.Wh_per_kg[0] == pytest.approx(default.levels["stack"]["Wh_per_kg"])


def test_more_active_material_raises_stack_energy():
    study = active_fraction_study(resolve(tis2_design()))
    assert np.all(np.diff(study.Wh_per_kg) > 0)


def test_vectorised_equals_scalar():
    resolved = resolve(tis2_design())
    inputs = resolved.inputs()
    loadings = np.array([2.0, 10.0, 25.0])
    vector = stack_metrics(**{**inputs, "loading_pos_mg_per_cm2": loadings})
    for i, loading in enumerate(loadings):
        scalar = evaluate(resolve(tis2_design(loading_mg_per_cm2=float(loading))))
        assert vector["stack_Wh_per_kg"][i] == pytest.approx(scalar.levels["stack"]["Wh_per_kg"])


def test_thickness_and_loading_describe_the_same_electrode():
    by_loading = design_stack(tis2_design())
    thickness = by_loading.layers["positive composite"]["thickness_um"]
    by_thickness = design_stack(
        tis2_design(loading_mg_per_cm2=None, positive_thickness_um=thickness)
    )
    assert by_thickness.areal_capacity_mAh_per_cm2 == pytest.approx(
        by_loading.areal_capacity_mAh_per_cm2
    )


def test_volume_fractions_are_converted_with_densities():
    rho_tis2, rho_libh4 = part("tis2").density_g_per_cm3, part("libh4").density_g_per_cm3
    composite = ElectrodeFormulation(0.5, 0.5, 0.0, by="volume")
    w_active = composite.weight_fractions((rho_tis2, rho_libh4, 2.2))[0]
    assert w_active == pytest.approx(rho_tis2 / (rho_tis2 + rho_libh4))


def test_hydride_half_cell_and_alloy_anode():
    mgh2 = design_stack(StackDesign.default("mgh2", "libh4", "li"))
    assert mgh2.average_voltage_V == pytest.approx(0.5)
    alloy = design_stack(tis2_design(negative="li-in"))
    # TiS2 at its average voltage against Li-In (both from their records)
    expected = part("tis2").average_voltage_V - part("li-in").average_voltage_V
    assert alloy.average_voltage_V == pytest.approx(expected)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"positive_composite": ElectrodeFormulation(0.5, 0.4, 0.0)}, "add up to 0.9"),
        ({"positive_composite": ElectrodeFormulation(0.6, 0.4, 0.0, porosity=1.2)}, "porosity"),
        ({"separator_thickness_um": 0.0}, "separator thickness must be positive"),
        ({"loading_mg_per_cm2": -1.0}, "active loading must be positive"),
        ({"positive_thickness_um": 50.0, "loading_mg_per_cm2": 5.0}, "one of"),
        ({"areal_capacity_mAh_per_cm2": -2.0}, "areal capacity must be positive"),
        ({"negative": "tis2", "positive": "li"}, "makes no cell"),
        ({"negative": "na"}, "no cell"),
    ],
)
def test_bad_designs_are_refused(changes, message):
    with pytest.raises(InputError, match=message):
        design_stack(tis2_design(**changes))


def test_a_stack_result_with_a_design_that_fails_its_checks():
    # the user's design is refused above (InputError, before any work); a StackResult that
    # hydrion's own code builds with such a design is a bug (ResultValueError: a traceback),
    # and one read back from a file is the user's (InputError naming the class and field)
    import dataclasses
    import json

    from hydrion.cell.stack import StackResult
    from hydrion.errors import ResultValueError

    result = design_stack(tis2_design())
    bad = dataclasses.replace(result.design, separator_thickness_um=-5.0)
    with pytest.raises(ResultValueError, match="StackResult.design: separator thickness must"):
        dataclasses.replace(result, design=bad)
    data = json.loads(json.dumps(result.as_dict()))
    assert StackResult.from_dict(data) == result
    data["design"]["separator_thickness_um"] = -5.0
    with pytest.raises(InputError, match="^not a StackResult: StackResult.design: separator"):
        StackResult.from_dict(data)
    data = json.loads(json.dumps(result.as_dict()))
    data["positive_capacity_mAh_per_g"] = -239.0
    with pytest.raises(InputError, match=r"StackResult.positive_capacity_mAh_per_g: must be fin"):
        StackResult.from_dict(data)


def test_full_cell_with_a_hydride_composite_anode():
    design = StackDesign.default(
        "licoo2", "libh4", "mgh2", negative_composite=ElectrodeFormulation(0.5, 0.5), np_ratio=1.1
    )
    result = design_stack(design)
    assert result.average_voltage_V == pytest.approx(3.9 - 0.5)
    mgh2 = part("mgh2").capacity_mAh_per_g
    anode_mass = 1.1 * result.areal_capacity_mAh_per_cm2 / mgh2 * 1000 / 0.5
    assert result.layers["negative"]["mass_mg_per_cm2"] == pytest.approx(anode_mass)


def test_design_takes_pint_quantities_and_refuses_wrong_dimensions():
    import pint

    from hydrion.cell.stack import StackDesign, design_stack
    from hydrion.errors import HydrionError

    u = pint.get_application_registry()
    with_units = StackDesign.default(
        "tis2", "libh4", "li", separator_thickness_um=u.Quantity(0.03, "mm")
    )
    plain = StackDesign.default("tis2", "libh4", "li", separator_thickness_um=30.0)
    assert with_units.separator_thickness_um == 30.0
    assert design_stack(with_units).levels == design_stack(plain).levels
    for bad in (u.Quantity(30, "V"), float("nan"), "30"):
        with pytest.raises(HydrionError):
            StackDesign.default("tis2", "libh4", "li", separator_thickness_um=bad)
