"""db list: one Result (MaterialListing / CellListing) from the API and the CLI alike."""

from __future__ import annotations

import json
from pathlib import Path

from hydrion.cli.output import print_json
from hydrion.kb import open_kb
from hydrion.kb.listing import CellListing, MaterialListing, list_cells, list_materials

DATA = Path(__file__).parent / "data"


def test_listing_filters_and_reads_back():
    listing = list_materials(open_kb(), kind="electrolyte", family="closo-borate")
    ids = [row.id for row in listing.materials]
    assert "li2b12h12" in ids and ids == sorted(ids)
    assert {row.kind for row in listing.materials} == {"electrolyte"}
    assert MaterialListing.from_dict(json.loads(json.dumps(listing.as_dict()))) == listing


def test_cli_streams_the_json_of_the_whole_listing(run_cli, capsys):
    kb = open_kb()
    kb.add_file(DATA / "user_material.yaml")
    code, out, _ = run_cli("db", "list", "--ion", "Li", "--json")
    assert code == 0
    print_json(list_materials(open_kb(), ion="Li"))  # the API's result, printed whole
    assert out == capsys.readouterr().out  # the same text, written row by row
    back = MaterialListing.from_dict(json.loads(out))
    assert back.ion == "Li" and "my-li3ocl-bh4" in {row.id for row in back.materials}
    code, out, _ = run_cli("db", "list", "--kind", "electrolyte", "--family", "none-such", "--json")
    assert json.loads(out)["materials"] == []


def test_cells_listing_reads_back(run_cli):
    listing = list_cells(open_kb(), ion="Na")
    assert listing.cells and {cell.ion for cell in listing.cells} == {"Na"}
    code, out, _ = run_cli("db", "list", "--kind", "cell", "--ion", "Na", "--json")
    assert CellListing.from_dict(json.loads(out)) == listing
