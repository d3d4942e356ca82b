"""Equilibrium voltages, missing data, temperature, profile and volume change."""

import pytest

from hydrion.electrode import analyse_electrode, paired_specific_energy


def test_mgh2_voltage_near_measured_plateau():
    # the review: MgH2 reacts at an average voltage of about 0.5 V [120]
    gibbs = analyse_electrode("MgH2")
    enthalpy = analyse_electrode("MgH2", convention="enthalpy")
    assert gibbs.average_voltage_V == pytest.approx(0.522, abs=2e-3)
    assert enthalpy.average_voltage_V == pytest.approx(0.548, abs=2e-3)
    assert gibbs.average_voltage_V == pytest.approx(0.5, abs=0.05)
    assert any("MgH2: CRC" in s for s in gibbs.steps[0].sources)


def test_temperature_lowers_mgh2_voltage():
    # ΔrS < 0 for MgH2 + 2Li -> Mg + 2LiH, so E falls with T (ΔCp = 0 here)
    hot = analyse_electrode("MgH2", temperature_K=393.15)
    assert hot.average_voltage_V < analyse_electrode("MgH2").average_voltage_V
    assert any("ΔCp = 0" in w for w in hot.warnings)


def test_missing_thermochemistry_is_named_not_guessed():
    # Mg2FeH6 has a density (Didisheim et al. 1984) but no sourced thermochemistry
    result = analyse_electrode("Mg2FeH6")
    assert result.capacity_mAh_per_g == pytest.approx(1455.4, rel=2e-3)
    assert result.steps[0].voltage_V is None and result.average_voltage_V is None
    assert any("Mg2FeH6" in m for m in result.missing_data)
    assert result.profile is None


def test_profile_is_a_staircase():
    profile = analyse_electrode("LiAlH4", convention="enthalpy").profile
    assert profile.capacity_mAh_per_g[0] == 0
    assert profile.capacity_mAh_per_g[-1] == pytest.approx(2118.5, rel=1e-3)
    assert profile.voltage_V[0] == profile.voltage_V[1] > profile.voltage_V[2]


def test_mgh2_volume_change():
    # conversion alone: MgH2 (18.2 cm3/mol) -> Mg + 2LiH (34.4 cm3/mol), +89 %.
    # The review quotes "over 200 %" after full lithiation [121]; with the alloy it
    # states, MgLi0.35, hydrion finds 114 %: "over 200 %" needs a Li-richer alloy.
    result = analyse_electrode("MgH2", alloying=True)
    assert result.volume_change_percent == pytest.approx(89.2, abs=0.5)
    assert 100 < result.volume_change_with_alloying_percent < 200


def test_paired_specific_energy():
    # MgH2 (2037 mAh/g, 0.52 V) against TiS2 (239 mAh/g, 2.0 V): by active masses only
    paired = paired_specific_energy("MgH2", 2037, 0.52, "TiS2", 239, 2.0)
    assert paired.specific_energy_Wh_per_kg == pytest.approx(2037 * 239 / 2276 * 1.48, rel=1e-6)


def test_as_dict_is_json_ready():
    data = analyse_electrode("MgH2").as_dict()
    assert data["steps"][0]["reaction"] == "MgH2 + 2Li -> Mg + 2LiH"
    assert data["profile"]["voltage_V"][0] == pytest.approx(0.522, abs=2e-3)


def test_pair_with_a_kb_style_cathode():
    from hydrion.electrode import pair_with_cathode
    from hydrion.kb.records import IonStorage, Material, Voltage
    from hydrion.sources import Source

    source = Source(refs=[72], kind="review_text")
    tis2 = Material(
        id="tis2-test",
        name="TiS2",
        kind="counter_electrode",
        ions=["Li"],
        family="sulfide",
        formula="TiS2",
        ion_storage=[IonStorage(ions_per_formula=1, ion="Li", source=source)],
        voltages=[Voltage(voltage_V=2.0, source=source)],
    )
    paired = pair_with_cathode(analyse_electrode("MgH2"), tis2)
    # neither MgH2 nor TiS2 holds Li: the cathode counts as LiTiS2 (F/(3.6·118.94 g/mol))
    assert paired.cathode_capacity_mAh_per_g == pytest.approx(225.3, abs=0.1)
    assert "LiTiS2" in paired.mass_basis
    assert paired.cell_voltage_V == pytest.approx(2.0 - 0.522, abs=2e-3)


def test_mgh2_volume_path_and_reported_bound():
    from hydrion.electrode.volume import reported_volume_changes

    path = analyse_electrode("MgH2").volume_path
    assert [p.ions_per_formula for p in path] == pytest.approx([0, 2, 2.35])
    assert [p.after for p in path] == ["pristine", "conversion", "alloying"]
    # Mg + 2LiH from CRC densities: (24.305/1.74 + 2·7.949/0.78) / (26.32/1.45) − 1
    expected = (24.305 / 1.74 + 2 * 7.949 / 0.78) / (26.321 / 1.45) - 1
    assert path[1].volume_change_percent == pytest.approx(100 * expected, rel=2e-3)
    assert path[2].zen_law
    (reported,) = [r for r in reported_volume_changes() if r.formula == "MgH2"]
    assert reported.bound == "at least" and reported.volume_change_percent == 200
    assert path[-1].volume_change_percent < reported.volume_change_percent  # see the report note
