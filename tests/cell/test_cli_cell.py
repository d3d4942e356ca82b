"""``hydrion cell design``: JSON figures, the separator study and one-line refusals."""

import json
import re

import pytest


def refused(result):
    code, _, err = result
    return code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("hydrion: error: ")


def test_design_tis2_libh4_li_gives_stack_energy_and_study(run_cli):
    code, out, _ = run_cli(
        "cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "--json"
    )
    assert code == 0
    data = json.loads(out)
    stack = data["levels"]["stack"]
    assert 0 < stack["Wh_per_kg"] < data["levels"]["active"]["Wh_per_kg"]
    study = data["studies"][0]
    assert study["values"][0] == 500 and study["values"][-1] == 30
    assert study["Wh_per_kg"][-1] > study["Wh_per_kg"][0]
    assert data["sources"]


def test_design_table_output(run_cli):
    code, out, _ = run_cli(
        "cell",
        "design",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--anode",
        "li",
        "--separator",
        "30 um",
        "--loading",
        "5 mg/cm2",
    )
    assert code == 0
    assert "Wh/kg" in out and "separator" in out


@pytest.mark.parametrize(
    "extra",
    [
        ("--fractions", "0.5,0.4"),
        ("--fractions", "a,b"),
        ("--separator", "0 um"),
        ("--separator", "-30 um"),
        ("--loading", "-2 mg/cm2"),
        ("--loading", "3 V"),
        ("--loading", "10"),  # a bare number: write it with a unit
        ("--separator", "30"),
        ("--cathode-thickness", "80"),
        ("--areal-capacity", "2"),
        ("--electrolyte-density", "0.67"),
        ("--by", "mole"),
        ("--anode", "tis2", "--cathode", "li"),
        ("--anode", "unobtainium"),
    ],
)
def test_bad_designs_give_one_line_and_exit_2(run_cli, extra):
    args = {"--cathode": "tis2", "--electrolyte": "libh4", "--anode": "li"}
    rest = list(extra)
    for flag in list(args):
        if flag in rest:
            args[flag] = rest[rest.index(flag) + 1]
            del rest[rest.index(flag) : rest.index(flag) + 2]
    argv = ["cell", "design"] + [x for pair in args.items() for x in pair] + rest
    assert refused(run_cli(*argv))


def test_design_with_temperature_gives_rate_limits(run_cli):
    code, out, _ = run_cli(
        "cell",
        "design",
        "--cathode",
        "tis2",
        "--electrolyte",
        "libh4",
        "--anode",
        "li",
        "--temperature",
        "120 C",
        "--json",
    )
    assert code == 0
    limits = json.loads(out)["limits"]
    assert limits is not None
    # separator ASR = 500 µm / σ; σ(120 °C) of LiBH4 ~ 1e-3 S/cm (review Table 1, ref. [19])
    assert limits["separator_asr_ohm_cm2"] == pytest.approx(0.05 / limits["sigma_S_per_cm"])
    assert limits["lowest_temperature_C"] > 100  # LiBH4 needs its hexagonal phase


def test_the_lowest_temperature_is_printed_with_the_flags_of_its_law(run_cli):
    # at 25 °C LiBH4 is Pnma; the 1 C temperature rests on the P63mc law: one '10^-3' value at
    # 120 °C [19] extended along the reported Ea. Its flags go next to the number (were absent)
    args = ("cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li")
    code, out, _ = run_cli(*args, "-T", "25 C")
    assert code == 0
    assert (
        "Lowest temperature for 1 C: 123 °C (P63mc law: extrapolated by 3 K (within the ±20 K "
        "margin), order-of-magnitude data)" in " ".join(out.split())
    )
    assert "  flag: one σ measurement (at 120 °C): at every other temperature σ is" in out
    code, out, _ = run_cli(*args, "-T", "25 C", "--json")
    limits = json.loads(out)["limits"]
    assert limits["lowest_temperature_basis"] == (
        "P63mc law: extrapolated by 3 K (within the ±20 K margin), order-of-magnitude data"
    )
    flags = limits["lowest_temperature_warnings"]
    assert "rests on order-of-magnitude conductivities (±0.5 decade)" in flags


def test_full_cell_with_composite_anode(run_cli):
    code, out, _ = run_cli(
        "cell",
        "design",
        "--cathode",
        "licoo2",
        "--electrolyte",
        "libh4",
        "--anode",
        "mgh2",
        "--anode-fractions",
        "0.5,0.5",
        "--np",
        "1.1",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["levels"]["stack"]["Wh_per_kg"] > 0


@pytest.mark.parametrize(
    "extra",
    [
        ("--c-rates", "x"),
        ("--c-rates", "nan"),
        ("--c-rates", "0"),
        ("--c-rates", ""),
        ("--np", "nan"),
        ("--np", "-1"),
        ("--porosity", "nan"),
        ("--porosity", "1"),
        ("--fractions", "nan,0.4"),
        ("--allowed-drop", "-0.1 V"),
        ("--temperature", "nan C"),
    ],
)
def test_every_design_option_is_validated(run_cli, extra):
    argv = ["cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li"]
    assert refused(run_cli(*argv, *extra))


@pytest.mark.parametrize(
    "extra",
    [
        ("--rates", "x"),
        ("--rates", "inf"),
        ("--plot", ""),
        ("--plot", "curves.txt"),
        ("--plot", "no/such/folder/curves.png"),
        ("--np", "nan"),
        ("--temperature", ","),
    ],
)
def test_every_simulate_option_is_validated(run_cli, extra):
    argv = ["cell", "simulate", "--cathode", "tis2", "--electrolyte", "libh4"]
    assert refused(run_cli(*argv, *extra))


def test_a_drop_beyond_the_cell_voltage_is_printed_as_not_reachable(run_cli):
    # LiBH4 at 25 °C (orthorhombic, ~3e-9 S/cm): 500 µm give ~1.5e7 Ω·cm², so j·ASR at any
    # listed rate is thousands of volts, more than the ~2 V of the TiS2 cell
    code, out, _ = run_cli(
        "cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li",
        "--temperature", "25 C", "--c-rates", "0.0491034,1",
    )  # fmt: skip
    assert code == 0
    table = out[out.index("Ohmic drop") :]
    assert "e+03" not in table and "e+04" not in table
    assert table.count("not reachable (j·ASR > the 2.") == 2
    assert "0.0491 " in table and "0.0491034" not in table


def test_a_drop_below_the_cell_voltage_keeps_its_value():
    from hydrion.cli.cell_design import ohmic_drop_text

    assert ohmic_drop_text(0.0123, True, 2.1) == "0.0123"
    text = ohmic_drop_text(17700.0, False, 2.1)
    assert text == "not reachable (j·ASR > the 2.10 V cell voltage)"


def test_design_json_flags_each_drop_beyond_the_cell_voltage(run_cli):
    # TiS2 | LiBH4 | Li, 500 µm: at 120 °C (σ ~ 1e-3 S/cm [19]) 0.1 C gives ~0.01 V; at
    # 25 °C every drop exceeds the ~2 V cell voltage
    argv = ["cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li"]
    for T, reachable in (("120 C", [True, True, True, True]), ("25 C", [False] * 4)):
        code, out, _ = run_cli(*argv, "--temperature", T, "--json")
        assert code == 0
        report = json.loads(out)
        assert report["ohmic_drop_reachable"] == reachable
        drops = report["limits"]["ohmic_drop_V"]
        assert [v < report["average_voltage_V"] for v in drops] == reachable


# A new user's report: the defaults `cell design` assumes (N/P 3, a 500 µm separator, 0.6
# active fraction, ...) were printed as if given, and the separator study wrote "um".
def test_design_marks_each_default_it_assumes_and_writes_um_as_micro(run_cli):
    base = ["cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li"]
    code, out, err = run_cli(*base, "-T", "120 C")
    assert code == 0, err
    assert "2.00 mAh/cm² (default, assumed)" in out and "N/P 3 (default, assumed)" in out
    assert "2.00 V [72]" in out  # TiS2's voltage is the review's ref. 72, not a default
    assert "porosity 0.1 (default, assumed)" in out
    assert "500 µm (default, assumed)" in out and "dense foil (default, assumed)" in out
    assert "al (default, assumed)" in out and "cu (default, assumed)" in out
    assert "within 0.1 V (default, assumed)" in out
    assert "separator thickness (µm)" in out and not re.search(r"\bum\b", out)
    code, out, err = run_cli(*base, "--json")
    report = json.loads(out)
    assert "np_ratio" in report["assumed"] and "separator_thickness_um" in report["assumed"]
    given = [
        *base,
        *("--np", "2", "--separator", "100 um", "--fractions", "0.7,0.3", "--porosity", "0.05"),
        *("--areal-capacity", "3 mAh/cm2", "-T", "120 C", "--allowed-drop", "0.2 V"),
    ]
    code, out, err = run_cli(*given)
    assert code == 0, err
    assert "3.00 mAh/cm², 2.00 V [72], N/P 2, positive" in out
    assert "N/P 2 (default" not in out and "100 µm, relative" in out
    assert "carbon, porosity 0.05" in out and "porosity 0.05 (default" not in out
    assert "within 0.2 V" in out and "0.2 V (default" not in out
    code, out, err = run_cli(*given, "--json")
    assert json.loads(out)["assumed"] == [
        "separator_relative_density",
        "negative_composite",
        "positive_collector",
        "negative_collector",
    ]
