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


def _user_cells(path: Path, count: int) -> Path:
    """``count`` user electrolytes, each with a cell made of it (a JSON record file)."""
    source = {"kind": "user", "citation": "made for the listing test"}
    records = []
    for n in range(count):
        records.append(
            {
                "id": f"user-m{n}",
                "name": f"User pellet {n}",
                "kind": "electrolyte",
                "ions": ["Li"],
                "family": "user",
                "formula": "LiBH4",
                "conductivities": [{"sigma_S_per_cm": 1e-6, "temperature_C": 25, "source": source}],
            }
        )
    for n in range(count):
        records.append(
            {
                "id": f"user-c{n}",
                "cathode": "tis2",
                "electrolyte": f"user-m{n}",
                "anode": "li",
                "ion": "Li",
                "performance": [
                    {"capacity_mAh_per_g": 100 + n, "temperature_C": 60, "source": source}
                ],
            }
        )
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_cells_stream_a_page_at_a_time_and_are_not_kept(monkeypatch, tmp_path, run_cli, capsys):
    open_kb().add_file(_user_cells(tmp_path / "cells.json", 5))
    monkeypatch.setattr("hydrion.kb.tables._PAGE", 2)  # pages of two ids: three user pages
    kb = open_kb()
    streamed = list(kb.cell_records("Li"))
    assert [c.id for c in streamed] == [c.id for c in open_kb().cells(ion="Li")]
    assert {f"user-c{n}" for n in range(5)} <= {c.id for c in streamed}
    assert [c.id for c in streamed] == sorted(c.id for c in streamed)
    # the records read for the listing (cells, and the user materials their checks read) are
    # dropped again: memory does not grow with the number of cells
    assert not any(i.startswith("user-") for i in (*kb._cells, *kb._materials, *kb._origin))
    assert kb.material("user-m3").name == "User pellet 3"  # and they still load when asked
    code, out, _ = run_cli("db", "list", "--kind", "cell", "--ion", "Li", "--json")
    print_json(list_cells(open_kb(), ion="Li"))
    assert code == 0 and out == capsys.readouterr().out
