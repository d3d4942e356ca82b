"""Screening the KB by modelled conductivity (what 'db query --modelled' runs)."""

from hydrion.kb import open_kb
from hydrion.transport.screening import screen_conductivity


def test_best_room_temperature_lithium_conductors_are_found():
    frame = screen_conductivity(open_kb(), 298.15, 1e-3)
    found = set(frame["id"])
    # 6.7 mS/cm at 25 °C, the best RT hydride conductor (Pang et al. 2022, Table 1, ref 104)
    assert "li(cb9h10)0.7(cb11h12)0.3" in found
    assert "libh4" not in found  # ~1e-8 S/cm at 30 °C (Table 1, ref 19)
    assert list(frame["sigma_S_per_cm"]) == sorted(frame["sigma_S_per_cm"], reverse=True)


def test_libh4_passes_once_hexagonal():
    cold = screen_conductivity(open_kb(), 303.15, 1e-4)
    hot = screen_conductivity(open_kb(), 393.15, 1e-4)
    assert "libh4" not in set(cold["id"])
    assert "libh4" in set(hot["id"])


def test_modelled_query_from_the_cli(run_cli):
    import json

    code, out, _ = run_cli(
        "db", "query", "--sigma-min", "1 mS/cm", "--at", "120 C", "--modelled", "--json"
    )
    assert code == 0
    rows = json.loads(out)["conductivity"]
    assert any(row["id"] == "libh4" and row["phase"] == "P63mc" for row in rows)


# Na4(CB11H12)2(B12H12): 2e-4 S/cm at 25 °C (Table 1, refs 102, 117) and 2e-3 S/cm at RT (text,
# ref 102). Screening lists a reported value and says the sources disagree; nothing averaged.
def test_conflicting_values_are_listed_not_averaged():
    import pint

    u = pint.get_application_registry()
    frame = screen_conductivity(open_kb(), u.Quantity(25, "degC"), u.Quantity(0.1, "mS/cm"))
    row = frame[frame["id"] == "na4(cb11h12)2(b12h12)"].iloc[0]
    assert row["sigma_S_per_cm"] == 2e-4
    assert "disagree" in row["status"]


def test_cell_electrolyte_sigma_takes_the_same_measured_fallback():
    # one "model, else measured" path: the cell parameters get the screening's value (the
    # lowest of the disagreeing 2e-4 and 2e-3 S/cm at 25 °C, refs 102, 117) and its warning
    from hydrion.cell.parameters import electrolyte_sigma
    from hydrion.transport.screening import measured_near

    material = open_kb().material("na4(cb11h12)2(b12h12)")
    near = measured_near(material, 298.15, tolerance_K=0.5)
    assert [v.sigma_S_per_cm for v in near] == sorted(v.sigma_S_per_cm for v in near)
    sigma, sources, warnings, _ = electrolyte_sigma("na4(cb11h12)2(b12h12)", 298.15)
    assert sigma == 2e-4 == near[0].sigma_S_per_cm
    assert [s["value"] for s in sources] == [
        "σ = 0.0002 S/cm at 25 °C",
        "σ = 0.002 S/cm at RT",
    ]  # both values the warning names, cited
    assert any("sources disagree" in w and "no model" in w for w in warnings)


def test_bounds_are_compared_as_bounds():
    from hydrion.kb.records import Conductivity
    from hydrion.sources import Source
    from hydrion.transport.screening import measured_status

    def value(sigma, precision):
        return Conductivity(
            sigma_S_per_cm=sigma,
            temperature_C=25,
            precision=precision,
            source=Source(kind="review_table", refs=[1]),
        )

    below = measured_status([value(1e-12, "exact"), value(1e-10, "upper_bound")], 298.15)
    assert below == "measured at 25 °C, no model; agrees with the bound <1e-10 S/cm"
    above = measured_status([value(1e-10, "upper_bound"), value(1e-8, "exact")], 298.15)
    assert above.startswith("sources disagree: <1e-10 S/cm, 1e-08 S/cm")
    values = [value(1e-9, "exact"), value(1e-6, "lower_bound")]
    assert measured_status(values, 298.15).startswith("sources disagree")
    # the listed value's precision is shown with it (issue 12, R1): never a bare number
    assert measured_status([value(1e-5, "approximate"), value(2e-5, "approximate")], 298.15) == (
        "measured at 25 °C, no model; approximate"
    )


def test_a_bound_below_a_value_is_not_taken_as_the_value(made_up_electrolyte):
    # the old cell path took the lowest stored record, here the bound < 1e-10 S/cm
    from hydrion.transport.screening import sigma_for_screening

    value = sigma_for_screening(
        made_up_electrolyte((1e-10, "upper_bound"), (1e-8, "exact")), 298.15
    )
    assert value.sigma_S_per_cm == 1e-8
    assert value.bound is None and not value.modelled
    assert [s["refs"] for s in value.sources] == [[1], [2]]  # every value considered, cited


def test_a_bound_alone_is_listed_as_a_bound(made_up_electrolyte):
    from hydrion.transport.screening import sigma_for_screening

    value = sigma_for_screening(made_up_electrolyte((1e-10, "upper_bound")), 298.15)
    assert (value.sigma_S_per_cm, value.bound) == (1e-10, "upper_bound")
    assert value.status == "measured at 25 °C, no model; upper bound"
    assert value.sources[0]["value"] == "σ < 1e-10 S/cm at 25 °C"  # a bound, not σ =


def test_screening_leaves_out_an_upper_bound_and_keeps_a_lower_bound_that_reaches_the_bar(
    made_up_electrolyte,
):
    from hydrion.transport.screening import screened_matches

    class OneMaterial:
        def __init__(self, material):
            self.material = material

        def materials(self, kind=None):
            return [self.material]

    # "σ < 1e-2 S/cm" cannot show that σ reaches 1 mS/cm; "σ > 1e-2 S/cm" shows it
    assert (
        screened_matches(OneMaterial(made_up_electrolyte((1e-2, "upper_bound"))), 298.15, 1e-3)
        == ()
    )
    (match,) = screened_matches(
        OneMaterial(made_up_electrolyte((1e-2, "lower_bound"))), 298.15, 1e-3
    )
    assert (match.sigma_S_per_cm, match.precision) == (1e-2, "lower_bound")
    assert match.status.endswith("lower bound")
    # a lower bound below the bar shows nothing either
    assert (
        screened_matches(OneMaterial(made_up_electrolyte((1e-4, "lower_bound"))), 298.15, 1e-3)
        == ()
    )


def test_libh4_nax_up_to_10_mS_per_cm_is_no_screening_hit():
    # LiBH4-NaX: "up to 10^-2 S/cm above 100 °C" (ref 54), stored as an upper bound, no law
    frame = screen_conductivity(open_kb(), 373.15, 1e-3)
    assert "libh4-nax" not in set(frame["id"])


def test_a_value_printed_under_the_wrong_material_is_no_fallback():
    # Table 1's 1e-2 S/cm at 110 °C for Na2B12H12 belongs to Na2B10H10 (review p. 9;
    # transport/data/excluded_conductivities.yaml): never a candidate of the fallback
    from hydrion.transport.screening import measured_near

    material = open_kb().material("na2b12h12")
    assert all(v.sigma_S_per_cm != 1e-2 for v in measured_near(material, 383.15, 0.5))


def test_a_measured_order_of_magnitude_keeps_its_flag():
    # Na2B10H10 ~1e-6 S/cm at 30 °C, stored as an order of magnitude [95], no σ(T) model:
    # db query --modelled showed it as a bare 'measured at 30 °C, no model'
    from hydrion.transport.screening import sigma_for_screening

    value = sigma_for_screening(open_kb().material("Na2B10H10"), 303.15)
    assert not value.modelled and value.sigma_S_per_cm == 1e-6
    assert value.status == "measured at 30 °C, no model; order of magnitude"


def test_a_material_past_its_decomposition_is_skipped_with_why():
    """Above 280 °C LiBH4 decomposes [109]: the screening skips it (it refused the whole
    screening), and names it with the reason where asked."""
    from hydrion.transport.screening import screened_matches

    kb = open_kb()
    libh4 = kb.material("libh4")
    unmodelled: list[str] = []
    assert screened_matches(kb, 300 + 273.15, 1e-7, materials=[libh4], unmodelled=unmodelled) == ()
    assert unmodelled == ["LiBH4: no σ above 280 °C, where it undergoes decomposition [109]"]
