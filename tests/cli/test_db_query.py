"""``db query --modelled`` skips a record that cannot be modelled at the temperature (a user
record whose values give no law, a material past its decomposition) and counts it in a note,
never failing the whole query."""

import json

from hydrion.kb import open_kb
from hydrion.kb.query import MaterialQuery
from hydrion.kb.records import Material

USER = {"kind": "user", "citation": "nb 1"}
REVIEW = {"kind": "review_table", "refs": [19]}

# the breaker's record: the review's values disagree with the user's one value, which alone
# gives no law (the query crashed with LinAlgError 'Singular matrix')
SINGULAR = Material.model_validate(
    {
        "id": "sing-1",
        "name": "Singular test",
        "kind": "electrolyte",
        "ions": ["Li"],
        "family": "test",
        "formula": "LiBH4",
        "conductivities": [
            {"sigma_S_per_cm": 1e-6, "temperature_C": 25, "source": USER},
            {"sigma_S_per_cm": 1e-3, "temperature_C": 60, "source": REVIEW},
            {"sigma_S_per_cm": 1e-9, "temperature_C": 80, "source": REVIEW},
        ],
    }
)


def test_a_record_without_a_law_is_skipped_and_counted(run_cli):
    open_kb().add_records([SINGULAR])
    # at 30 °C its 25 °C value (within 5 K) is listed, no model
    code, out, err = run_cli(
        "db", "query", "--sigma-min", "1e-7 S/cm", "--at", "30 C", "--modelled", "--json"
    )
    assert (code, err) == (0, "")
    match = next(
        m for m in MaterialQuery.from_dict(json.loads(out)).conductivity if m.id == "sing-1"
    )
    assert match.status == "measured at 25 °C, no model"
    # at 45 °C nothing was measured within 5 K: skipped, named with why
    code, out, err = run_cli(
        "db", "query", "--sigma-min", "1e-7 S/cm", "--at", "45 C", "--modelled", "--json"
    )
    assert (code, err) == (0, "")
    query = MaterialQuery.from_dict(json.loads(out))
    assert "sing-1" not in [m.id for m in query.conductivity]
    (why,) = [line for line in query.left_out if "Singular test" in line]
    assert "the primary source(s) alone give no law either" in why
    assert why.endswith("no σ of sing-1 measured within 5 K of 45 °C either")
    code, table, err = run_cli(
        "db", "query", "--sigma-min", "1e-7 S/cm", "--at", "45 C", "--modelled"
    )
    assert (code, err) == (0, "")
    assert (
        f"{len(query.left_out)} record(s) could not be modelled at 45 °C and are left out:" in table
    )


def test_a_material_past_its_decomposition_does_not_refuse_the_query(run_cli):
    code, out, err = run_cli(
        "db", "query", "--sigma-min", "1e-7 S/cm", "--at", "300 C", "--modelled", "--json"
    )
    assert (code, err) == (0, "")
    query = MaterialQuery.from_dict(json.loads(out))
    assert query.conductivity  # the others are still modelled
    assert "LiBH4: no σ above 280 °C, where it undergoes decomposition [109]" in query.left_out
