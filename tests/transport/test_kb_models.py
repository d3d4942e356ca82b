import pytest

from hydrion.errors import InputError, MissingDataError
from hydrion.kb import open_kb
from hydrion.transport import conductivity_model, sigma_at

C = 273.15


def test_measured_point_is_returned_as_measured(hysteretic):
    result = conductivity_model(hysteretic).sigma(100 + C)
    assert result.status == "measured"
    assert result.sigma_S_per_cm == pytest.approx(1e-7)
    assert result.phase == "monoclinic"
    assert result.law["convention"] == "sigmaT"


def test_hysteresis_follows_the_direction(hysteretic):
    model = conductivity_model(hysteretic)
    assert model.sigma(230 + C, "cooling").phase == "cubic"
    assert model.sigma(230 + C, "heating").phase == "monoclinic"
    default = model.sigma(230 + C)
    assert default.phase == "monoclinic" and any("hysteresis" in w for w in default.warnings)


def test_interpolated_inside_the_ea_range_and_extrapolated_outside(hysteretic):
    model = conductivity_model(hysteretic)
    inside = model.sigma(280 + C)
    assert inside.status == "interpolated" and inside.extrapolation_K == 0
    outside = model.sigma(330 + C)
    assert outside.status == "extrapolated"
    assert outside.extrapolation_K == pytest.approx(30.0)
    low = model.sigma(25 + C)
    assert low.status == "extrapolated" and low.extrapolation_K == pytest.approx(75.0)
    assert "extrapolated by 75 K" in low.status_text


def test_unspecified_convention_is_stated(hysteretic):
    result = conductivity_model(hysteretic).sigma(280 + C)
    assert result.law["convention"] == "sigma"
    assert any("assumed σ = σ0·exp(−Ea/kT)" in w for w in result.warnings)


def test_two_points_without_ea_make_a_line(material_factory):
    material = material_factory(
        conductivities=[
            {"sigma_S_per_cm": 1e-5, "temperature_C": 30},
            {"sigma_S_per_cm": 1e-3, "temperature_C": 100},
        ]
    )
    result = conductivity_model(material).sigma(60 + C)
    assert result.status == "interpolated"
    assert 1e-5 < result.sigma_S_per_cm < 1e-3


def test_one_point_without_ea_is_not_enough(material_factory):
    material = material_factory(conductivities=[{"sigma_S_per_cm": 1e-5, "temperature_C": 30}])
    with pytest.raises(MissingDataError, match="not enough conductivity data"):
        conductivity_model(material)


def test_order_of_magnitude_points_do_not_define_a_slope(material_factory):
    material = material_factory(
        conductivities=[
            {"sigma_S_per_cm": 1e-4, "temperature_C": 30, "precision": "order_of_magnitude"},
            {"sigma_S_per_cm": 1e-4, "temperature_C": 40},
        ]
    )
    with pytest.raises(MissingDataError):
        conductivity_model(material)


def test_phase_without_data_is_refused_not_invented(material_factory):
    material = material_factory(
        conductivities=[{"sigma_S_per_cm": 1e-2, "temperature_C": 150, "phase": "HT"}],
        activation_energies=[{"Ea_eV": 0.3, "phase": "HT"}],
        phase_transitions=[{"temperature_C": 100, "low_T_phase": "LT", "high_T_phase": "HT"}],
    )
    model = conductivity_model(material)
    assert model.sigma(150 + C).status == "measured"
    with pytest.raises(MissingDataError, match="LT phase"):
        model.sigma(25 + C)


def test_bad_temperature_and_direction(hysteretic):
    model = conductivity_model(hysteretic)
    with pytest.raises(InputError):
        model.sigma(-5.0)
    with pytest.raises(InputError):
        model.sigma(300.0, "sideways")


# Pang et al. 2022, Table 1 and ref. [19] (Matsuo et al., APL 91 (2007) 224103): LiBH4 is
# ~1e-8 S/cm at 30 °C (orthorhombic Pnma) and ~1e-3 S/cm at 120 °C (hexagonal P63mc).
def test_libh4_from_the_knowledge_base():
    kb = open_kb()
    cold = sigma_at("LiBH4", 30 + C, kb=kb)
    hot = sigma_at("LiBH4", 120 + C, kb=kb)
    assert cold.sigma_S_per_cm == pytest.approx(1e-8, rel=0.5)
    assert hot.sigma_S_per_cm == pytest.approx(1e-3, rel=0.5)
    assert cold.phase != hot.phase
    assert cold.status == hot.status == "measured"
    assert cold.precision == "order_of_magnitude"
    assert any(19 in s.get("refs", []) for s in hot.sources)
