"""db query: one MaterialQuery, each match with the references of its value, DOIs resolved."""

from __future__ import annotations

import json

import pytest

from hydrion.kb import open_kb
from hydrion.kb.query import MaterialQuery, material_query, window_matches


def test_stored_query_cites_each_value_and_reads_back(run_cli):
    code, out, _ = run_cli("db", "query", "--sigma-min", "1 mS/cm", "--at", "120 C", "--json")
    assert code == 0
    query = MaterialQuery.from_dict(json.loads(out))
    assert query.temperature_C == 120 and query.min_sigma_S_per_cm == pytest.approx(1e-3)
    assert query.window is None and not query.modelled
    # LiBH4's P63mc phase: ~1e-3 S/cm at 120 °C, Matsuo et al. 2007 [19], doi:10.1063/1.2817934
    libh4 = next(m for m in query.conductivity if m.id == "libh4")
    assert libh4.phase == "P63mc" and 19 in libh4.refs and libh4.status is None
    assert {r.number: r.doi for r in query.references}[19] == "10.1063/1.2817934"
    sigmas = [m.sigma_S_per_cm for m in query.conductivity]
    assert sigmas == sorted(sigmas, reverse=True) and min(sigmas) >= 1e-3


def test_modelled_query_carries_the_model_status(run_cli):
    code, out, _ = run_cli(
        "db", "query", "--sigma-min", "1 mS/cm", "--at", "120 C", "--modelled", "--json"
    )
    query = MaterialQuery.from_dict(json.loads(out))
    libh4 = next(m for m in query.conductivity if m.id == "libh4")
    assert query.modelled and libh4.temperature_C == 120 and libh4.status
    assert libh4.precision is None and libh4.extrapolation_K is not None


def test_window_without_a_reported_low_limit():
    kb = open_kb()
    # Li2B12H12: a stored window with only its oxidation limit (low_V not reported)
    matches = window_matches(kb, 0.0)
    assert any(m.low_V is None for m in matches)
    query = material_query(kb, window=matches, min_high_V=0.0)
    assert query.conductivity is None
    assert MaterialQuery.from_dict(json.loads(json.dumps(query.as_dict()))) == query
    assert {r for m in matches for r in m.refs} == {r.number for r in query.references}


def test_an_upper_bound_never_reaches_a_minimum():
    kb = open_kb()
    # LiBH4-NaX: "up to 1e-2 S/cm above 100 °C" [54], stored as an upper bound: σ < 0.01
    # cannot show σ ≥ 1e-3; likewise Mg(BH4)2's "<1e-10 S/cm" at RT cannot show σ ≥ 1e-11
    hot = kb.query_conductivity(1e-3, 100.0)
    assert "libh4-nax" not in set(hot["id"]) and "libh4-nabh4" in set(hot["id"])
    cold = kb.query_conductivity(1e-11, 25.0)
    assert "mg(bh4)2" not in set(cold["id"]) and "upper_bound" not in set(cold["precision"])
    # a lower bound passes where the bound reaches the bar, marked: Li4(BH4)3I >1e-5 [31]
    lower = cold[(cold["id"] == "li4(bh4)3i") & (cold["precision"] == "lower_bound")]
    assert list(lower["sigma_S_per_cm"]) == [1e-5]
    above = kb.query_conductivity(2e-5, 25.0)
    assert "lower_bound" not in set(above[above["id"] == "li4(bh4)3i"]["precision"])


def test_a_value_printed_under_the_wrong_material_is_no_match(run_cli):
    """Na2B12H12's Table 1 '10^-2 S/cm at 110 °C' [93] belongs to Na2B10H10 (the review's
    text, p. 9): sigma leaves it out of its law, so db query does not count it either, and
    says so under the table; the notes the matches carry are shown, numbered."""
    code, out, _ = run_cli("db", "query", "--sigma-min", "1 mS/cm", "--at", "110 C", "--json")
    query = MaterialQuery.from_dict(json.loads(out))
    assert "na2b12h12" not in {m.id for m in query.conductivity}
    assert "na2b10h10" in {m.id for m in query.conductivity}
    (left_out,) = query.left_out
    assert left_out.startswith("Na2B12H12: ~0.01 S/cm at 110 °C (order of magnitude) [93]")
    assert "Na2B10H10" in left_out
    # NaCB11H12 0.12 S/cm [84]: stored with the note on Table 1's "NaCB12H12"
    nacb11h12 = next(m for m in query.conductivity if m.id == "nacb11h12")
    assert nacb11h12.note and "NaCB12H12" in nacb11h12.note
    code, table, _ = run_cli("db", "query", "--sigma-min", "1 mS/cm", "--at", "110 C")
    words = " ".join(table.split())  # notes under the table wrap at the console's width
    assert code == 0 and "note 1: NaCB11H12: Table 1 row" in words
    assert "Na2B12H12: ~0.01 S/cm at 110 °C (order of magnitude) [93] not counted" in words
    assert "│ na2b12h12 " not in table


def test_window_table_names_the_reference_electrode_and_the_references(run_cli):
    code, out, _ = run_cli("db", "query", "--window-min", "5 V", "--json")
    query = MaterialQuery.from_dict(json.loads(out))
    by_id = {(m.id, m.refs): m for m in query.window}
    # Na3NH2B12H12 up to 10 V vs Na/Na+ [64]; LiCe(BH4)3Cl 7 V vs Li/Li+ [34]
    assert by_id[("na3nh2b12h12", (64,))].reference == "Na/Na+"
    assert by_id[("lice(bh4)3cl", (34,))].reference == "Li/Li+"
    code, table, _ = run_cli("db", "query", "--window-min", "5 V")
    line = next(row for row in table.splitlines() if "lice(bh4)3cl" in row)
    assert "vs Li/Li+" in line and "[34]" in line and "7" in line
    line = next(row for row in table.splitlines() if "│ na3nh2b12h12" in row and "[64]" in row)
    assert "vs Na/Na+" in line


def test_show_marks_values_with_a_note_and_a_doubtful_value(run_cli):
    code, out, _ = run_cli("db", "show", "Na2B12H12")
    assert code == 0
    line = next(row for row in out.splitlines() if "0.01 S/cm at 110 °C" in row)
    assert "(note 1) (doubtful, note 2)" in line
    words = " ".join(out.split())
    assert "note 1: Table 1 value." in words and "may belong to Na2B10H10" in words
    assert "note 2: not used by hydrion sigma or db query: attributed to Na2B12H12" in words


def test_stored_table_writes_sigma_with_its_precision(run_cli):
    # Li4(BH4)3I ">1e-5 S/cm at RT" [31]: a lower bound, shown as one; orders of magnitude '~'
    code, table, _ = run_cli("db", "query", "--sigma-min", "1e-5 S/cm", "--at", "25 C")
    assert code == 0
    bound = next(row for row in table.splitlines() if "│ li4(bh4)3i" in row and "lower" in row)
    assert ">1e-05 S/cm" in bound
    assert not any("upper_bound" in row for row in table.splitlines())


def test_modelled_table_lists_each_reference_once_and_no_empty_note_column(run_cli):
    # NaCB11H12's law rests on three values of ref. [84]: '[84]', not '[84,84,84]'
    code, table, _ = run_cli("db", "query", "--sigma-min", "1 mS/cm", "--at", "110 C", "--modelled")
    line = next(row for row in table.splitlines() if "│ nacb11h12 " in row)
    assert code == 0 and "[84]" in line and "84,84" not in line
    assert "note" not in table.splitlines()[2]  # header row: no modelled σ carries a note


def test_rows_without_pandas_are_the_rows_of_the_tables():
    kb = open_kb()
    frame = kb.query_conductivity(1e-5, 25.0, 10.0)
    assert len(frame) > 3
    missing_as_none = frame.astype(object).where(frame.notna(), None)  # a table's NaN
    assert kb.conductivity_rows(1e-5, 25.0, 10.0) == missing_as_none.to_dict(orient="records")
    windows = kb.query_window(3.0)
    rows = kb.window_rows(3.0)
    assert [(r["id"], r["high_V"], r["method"]) for r in rows] == list(
        zip(windows["id"], windows["high_V"], windows["method"], strict=True)
    )
    assert any(r["low_V"] is None for r in kb.window_rows(0.0))
