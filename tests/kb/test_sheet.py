"""material_sheet: what `db show --json` prints comes from the kb layer, DOIs resolved there."""

import json

from hydrion.kb import open_kb
from hydrion.kb.sheet import material_sheet


def test_sheet_resolves_dois_and_is_what_db_show_prints(run_cli):
    kb = open_kb()
    sheet = material_sheet(kb, kb.material("LiBH4"))
    assert sheet["id"] == "libh4" and sheet["origin"] == "curated"
    # Matsuo et al. 2007 [19]: LiBH4's superionic transition, doi:10.1063/1.2817934
    ea = next(v for v in sheet["activation_energies"] if 19 in v["source"]["refs"])
    assert "10.1063/1.2817934" in ea["source"]["dois"]
    code, out, _ = run_cli("db", "show", "LiBH4", "--json")
    assert code == 0
    printed = json.loads(out)
    assert printed.pop("cv_windows") == []
    assert printed == json.loads(json.dumps(sheet))
