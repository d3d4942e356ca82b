"""Report, electrodes: a gibbs298 average that rests on an estimated S° is flagged beside it."""

from hydrion.kb import open_kb
from hydrion.report.sections.electrodes import table2_frame


def test_table2_flags_gibbs298_averages_built_on_estimated_entropies():
    frame, _ = table2_frame(open_kb())
    rows = frame.set_index("electrode")
    flag = "gibbs298: S° estimated for"
    # Li3AlH6 has no tabulated S° (none in any handbook): LiAlH4's path runs through it
    assert rows.loc["LiAlH4", flag] == "Li3AlH6"
    assert rows.loc["LiAlH4", "computed average, gibbs298 (V)"] is not None
    # MgH2, LiH and Mg all have CRC entropies: nothing estimated
    assert rows.loc["MgH2", flag] == ""
    # no average (prelithiated composite), so nothing to flag
    assert rows.loc["Li3AlH6-Al", flag] == ""


def test_table2_capacity_is_rounded_as_the_cli_prints_it(run_cli):
    # MgH2: 2036.52 mAh/g; the table gave 2036 (rounded to 2036.5, then to 4 digits) while
    # hydrion electrode MgH2 prints 2037
    frame, _ = table2_frame(open_kb())
    shown = frame.set_index("electrode").loc["MgH2", "computed (mAh/g)"]
    assert shown == "2037"
    code, out, _ = run_cli("electrode", "MgH2")
    assert code == 0 and f"capacity {shown} mAh/g" in out
