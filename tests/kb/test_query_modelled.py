"""``db query --modelled`` models only the candidates whose stored σ could reach the bar
(:func:`hydrion.kb.query.modelled_candidates`), a page at a time: the matches are those of
modelling every electrolyte."""

import random
import shutil
from pathlib import Path

import pytest

from hydrion.kb import open_kb
from hydrion.kb.query import modelled_candidates
from hydrion.kb.records import Material
from hydrion.transport.screening import screened_matches

SOURCE = {"kind": "user", "citation": "made up for the candidate test"}
PRECISIONS = ["exact", "approximate", "order_of_magnitude", "lower_bound", "upper_bound"]
TEMPERATURES_C = [0, 25, 100]
BARS_S_PER_CM = [1e-8, 1e-4, 1e-3, 1e-2]


def made_up_electrolytes(count: int, seed: int = 7) -> list[Material]:
    """User electrolytes with 1–4 stored σ (every precision), some with a reported Ea (with
    its range), spread over −30–200 °C and 1e-9–0.1 S/cm."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        conductivities = []
        for _ in range(rng.randint(1, 4)):
            conductivities.append(
                {
                    "sigma_S_per_cm": 10 ** rng.uniform(-9, -1),
                    "temperature_C": rng.choice([-30, 0, 25, 27, 60, 90, 120, 200]),
                    "precision": rng.choice(PRECISIONS),
                    "source": SOURCE,
                }
            )
        energies = []
        if rng.random() < 0.4:
            energies.append(
                {"Ea_eV": rng.uniform(0.2, 1.0), "T_min_C": 0, "T_max_C": 100, "source": SOURCE}
            )
        records.append(
            Material.model_validate(
                {
                    "id": f"cand-{number}",
                    "name": f"Candidate pellet {number}",
                    "kind": "electrolyte",
                    "ions": ["Li"],
                    "family": "candidate-test",
                    "formula": "LiBH4",
                    "conductivities": conductivities,
                    "activation_energies": energies,
                }
            )
        )
    return records


@pytest.fixture
def kb_with_made_up_electrolytes():
    kb = open_kb()
    kb.add_records(made_up_electrolytes(40))
    return open_kb()


def test_candidates_give_the_matches_of_modelling_every_electrolyte(
    kb_with_made_up_electrolytes,
):
    kb = kb_with_made_up_electrolytes
    pruned = 0
    for temperature_C in TEMPERATURES_C:
        temperature_K = temperature_C + 273.15
        for bar in BARS_S_PER_CM:
            every = screened_matches(kb, temperature_K, bar)
            candidates = list(modelled_candidates(kb, temperature_K, bar))
            assert screened_matches(kb, temperature_K, bar, materials=candidates) == every
            assert {m.id for m in every} <= {m.id for m in candidates}
            pruned += len(kb.materials(kind="electrolyte")) - len(candidates)
    assert pruned > 0  # the bound does leave electrolytes out


def test_an_electrolyte_far_below_the_bar_is_never_read(reads):
    kb = open_kb()
    low = {"sigma_S_per_cm": 1e-6, "temperature_C": 25, "source": SOURCE}
    high = {"sigma_S_per_cm": 1e-4, "temperature_C": 90, "source": SOURCE}
    kb.add_records(
        [
            Material.model_validate(
                {
                    "id": "slow-pellet",
                    "name": "Slow pellet",
                    "kind": "electrolyte",
                    "ions": ["Li"],
                    "family": "candidate-test",
                    "formula": "LiBH4",
                    "conductivities": [low, high],
                }
            )
        ]
    )
    kb = open_kb()
    reads.clear()
    # at 25 °C its law stays below 1e-4 S/cm · 10^(3·0.05) · 363/298 ≈ 1.7e-4 S/cm
    assert "slow-pellet" not in [m.id for m in modelled_candidates(kb, 298.15, 1e-3)]
    assert reads == []
    found = [m.id for m in modelled_candidates(kb, 298.15, 1e-4)]
    assert "slow-pellet" in found
    assert reads == ["slow-pellet"]
    # it is modelled then, and its law gives σ(25 °C) ≈ 1e-6 S/cm: no match at 1e-4
    assert "slow-pellet" not in [m.id for m in screened_matches(kb, 298.15, 1e-4)]


def test_candidates_leave_out_md_predictions_and_other_kinds():
    kb = open_kb()
    ids = {m.id for m in modelled_candidates(kb, 298.15, 1e-12)}
    electrolytes = {m.id for m in kb.materials(kind="electrolyte") if m.conductivities}
    assert ids == electrolytes


def test_a_schema_1_database_gives_the_same_matches_unchanged(tmp_path):
    """A user database from before the index is read whole into the in-memory index: its
    electrolytes are candidates there, and the file is not modified."""
    db = tmp_path / "v1.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "user_db_v1.sqlite", db)
    before = db.read_bytes()
    kb = open_kb(db)
    user = [m.id for m in kb.materials(kind="electrolyte") if kb.origin(m.id) == "user"]
    assert user
    assert set(user) <= {m.id for m in modelled_candidates(kb, 298.15, 1e-12)}
    for bar in BARS_S_PER_CM:
        every = screened_matches(kb, 298.15, bar)
        candidates = modelled_candidates(kb, 298.15, bar)
        assert screened_matches(kb, 298.15, bar, materials=candidates) == every
    assert "my-cell" in list(kb.cell_ids())
    assert db.read_bytes() == before
