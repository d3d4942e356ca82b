"""material_sheet: what `db show --json` prints comes from the kb layer, DOIs resolved there."""

import json

import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import open_kb
from hydrion.kb.sheet import MaterialSheet, material_sheet


def test_sheet_resolves_dois_and_is_what_db_show_prints(run_cli):
    sheet = material_sheet(open_kb(), "LiBH4")
    assert sheet.material.id == "libh4" and sheet.origin == "curated"
    # Matsuo et al. 2007 [19]: LiBH4's superionic transition, doi:10.1063/1.2817934
    assert any(19 in ea.source.refs for ea in sheet.material.activation_energies)
    assert {r.number: r.doi for r in sheet.references}[19] == "10.1063/1.2817934"
    cited = {ref for _, value in sheet.material.values() for ref in value.source.refs}
    assert [r.number for r in sheet.references] == sorted(cited)
    code, out, _ = run_cli("db", "show", "LiBH4", "--json")
    assert code == 0
    printed = json.loads(out)
    assert printed["cv_windows"] == [] and printed["@class"] == "MaterialSheet"
    assert MaterialSheet.from_dict(printed) == sheet


def test_stored_window_is_shown_without_its_class_tag(run_cli, tmp_path):
    kb = open_kb()
    window = {"@module": "hydrion.experiment.cv", "@class": "ApparentWindow", "low_V": 0.1}
    kb.user_store.put("window", "libh4", {**window, "high_V": 5.2, "reference": "Li/Li+"})
    kb.user_store.put("window", "LiBH4", {"low_V": "low", "high_V": 5, "file": "x.mpt"})
    with pytest.warns(HydrionWarning, match="is not a window") as caught:
        sheet = material_sheet(kb, "LiBH4")
    assert (
        len(caught) == 2 and sheet.cv_windows == ()
    )  # neither has all of limits, reference and file
    kb.user_store.put(
        "window", "libh4", {**window, "high_V": 5.2, "reference": "Li/Li+", "file": "a.mpt"}
    )
    with pytest.warns(HydrionWarning, match="stored window 'LiBH4' is not a window"):
        (shown,) = material_sheet(kb, "LiBH4").cv_windows
    assert shown == {"low_V": 0.1, "high_V": 5.2, "reference": "Li/Li+", "file": "a.mpt"}
    code, out, err = run_cli("db", "show", "LiBH4", "--json")
    assert code == 0 and "stored window 'LiBH4' is not a window" in err
    assert MaterialSheet.from_dict(json.loads(out)).cv_windows == (shown,)


def test_sheet_shows_the_density_of_the_one_density_table(run_cli):
    # TiS2 3.370 g/cm³ (CRC Handbook, chem/data/densities.yaml): curated records carry no
    # density of their own since densities moved to that one table
    sheet = material_sheet(open_kb(), "TiS2")
    assert not sheet.material.densities
    assert sheet.table_density.density_g_per_cm3 == pytest.approx(3.370)
    assert "CRC Handbook" in sheet.table_density.source.citation
    assert MaterialSheet.from_dict(json.loads(json.dumps(sheet.as_dict()))) == sheet
    code, out, _ = run_cli("db", "show", "S")
    assert code == 0 and "2.07 g/cm³ (density table" in out
    # LiBH4-NaX (a composite) has no entry in the table: no density row
    assert material_sheet(open_kb(), "LiBH4-NaX").table_density is None


def test_sheet_names_the_value_sigma_leaves_out(run_cli):
    # Table 1's 10^-2 S/cm at 110 °C for Na2B12H12 [93] is Na2B10H10's (review text, p. 9)
    code, out, _ = run_cli("db", "show", "Na2B12H12", "--json")
    sheet = MaterialSheet.from_dict(json.loads(out))
    (entry,) = sheet.not_used
    assert (entry["sigma_S_per_cm"], entry["temperature_C"]) == (1e-2, 110)
    assert "Na2B10H10" in entry["reason"]
    assert material_sheet(open_kb(), "LiBH4").not_used == ()
