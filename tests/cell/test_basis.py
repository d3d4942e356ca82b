"""Cells on a consistent basis: the capacity used is the one shown, with its basis; sulfur has
carbon; a hydride working electrode against Li is a half cell (issue 10, point 6)."""

import pytest

from hydrion.cell.stack import StackDesign, composite_is_assumed, design_stack
from hydrion.kb import open_kb
from hydrion.report.sections.cells import _cell_rows


@pytest.fixture(scope="module")
def rows():
    return _cell_rows(open_kb())


def test_sulfur_cell_energy_uses_the_reported_capacity_it_shows(rows):
    stacks, _, _ = rows
    sulfur = next(r for r in stacks if r["cell"] == "s_libh4_li")
    # Pang et al. 2022 Table 1 / ref. [75]: 1140 mAh/g per S at 0.05 C, 120 °C
    assert sulfur["reported (mAh/g)"] == 1140
    assert sulfur["capacity used (mAh/g)"] == 1140  # not the theoretical 1672
    assert "reported [75]" in sulfur["basis used"] and "per S" in sulfur["basis used"]
    assert "assumed" in sulfur["positive composite (wt%)"]


def test_sulfur_stack_energy_is_capacity_times_voltage_over_mass():
    design = StackDesign.default(
        "s", "libh4", "li", positive_capacity_mAh_per_g=1140, positive_capacity_basis="reported"
    )
    result = design_stack(design)
    assert design.positive_composite.carbon > 0  # an insulator needs its carbon
    assert composite_is_assumed("s")
    # active level: 1140 mAh/g S at 2.1 V (ref. [74]) against the Li needed at N/P = 1
    li_per_g_s = 1140 / 3861  # g Li per g S (Li 3861 mAh/g)
    expected = 1140 * 2.1 / (1 + li_per_g_s)
    assert result.levels["active"]["Wh_per_kg"] == pytest.approx(expected, rel=0.002)
    assert result.positive_capacity_basis == "reported"


def test_theoretical_basis_is_labelled():
    result = design_stack(StackDesign.default("tis2", "libh4", "li"))
    assert result.positive_capacity_basis.startswith("theoretical")


def test_mgh2_against_li_is_a_half_cell_with_half_cell_metrics(rows):
    _, halves, _ = rows
    stacks = {r["cell"] for r in rows[0]}
    assert "mgh2_libh4_li" not in stacks
    mgh2 = next(r for r in halves if r["half cell"] == "mgh2_libh4_li")
    # ref. [123]: 1572 mAh/g; MgH2 + 2Li -> Mg + 2LiH: 2037 mAh/g (pristine mass)
    assert mgh2["reported (mAh/g)"] == 1572
    assert mgh2["theoretical (mAh/g)"] == pytest.approx(2037, abs=2)
    assert mgh2["theoretical per"] == "pristine MgH2 mass"
    assert mgh2["reported / theoretical (%)"] == pytest.approx(77.2, abs=0.1)
    assert 0.4 < mgh2["average potential (V vs Li)"] < 0.6
    assert not any(k.startswith("stack Wh") for k in mgh2)


def test_design_api_flags_a_half_cell():
    result = design_stack(StackDesign.default("mgh2", "libh4", "li"))
    assert result.half_cell
    assert "half cell" in result.warnings[0]
    assert not design_stack(StackDesign.default("licoo2", "libh4", "mgh2")).half_cell


def test_cli_design_of_a_half_cell_prints_no_energy_table(run_cli):
    code, out, _ = run_cli(
        "cell", "design", "--cathode", "mgh2", "--electrolyte", "libh4", "--anode", "li"
    )
    assert code == 0
    assert "half cell" in out and "Energy" not in out


def test_composite_half_cells_say_what_mass_their_capacity_counts(rows):
    _, halves, _ = rows
    li_al = next(r for r in halves if r["half cell"] == "li3alh6-al_libh4_li")
    # Table 2: 1548 mAh/g for Li3AlH6-Al, per mass of the prelithiated composite [141]
    assert li_al["theoretical (mAh/g)"] == pytest.approx(1548, rel=0.005)
    assert "prelithiated" in li_al["theoretical per"]


def test_half_cell_carries_no_stack_energy_anywhere(run_cli):
    # issue 10: `cell design --cathode mgh2 ... --json` gave levels.stack.Wh_per_kg = 20.7 and
    # the report's separator study plotted mgh2|libh4|li at 21-59 Wh/kg
    import json

    from hydrion.cell.stack import resolve
    from hydrion.cell.studies import active_fraction_study, separator_study
    from hydrion.errors import InputError
    from hydrion.report.sections.cells import STUDY_CELLS

    result = design_stack(StackDesign.default("mgh2", "libh4", "li"))
    assert result.levels == {} and result.as_dict()["levels"] == {}
    resolved = resolve(StackDesign.default("mgh2", "libh4", "li"))
    for study in (separator_study, active_fraction_study):
        with pytest.raises(InputError, match="half cell"):
            study(resolved)
    assert ("mgh2", "libh4", "li") not in STUDY_CELLS
    code, out, _ = run_cli(
        "cell", "design", "--cathode", "mgh2", "--electrolyte", "libh4", "--anode", "li", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["levels"] == {} and data["studies"] == []
    assert "Wh_per_kg" not in out
