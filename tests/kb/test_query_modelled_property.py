"""Property: the SQL prefilter of ``db query --modelled``
(:func:`hydrion.kb.query.modelled_candidates`) never drops a match. User electrolytes of every
shape the σ(T) code accepts (none, one or several σ points of every precision, reported Ea in every
convention and range, phases and transitions with hysteresis, values far from the asked
temperature) give the same matches with the prefilter as by modelling every record, for random
bars and temperatures; and each one is still a candidate at a bar equal to its own σ, the
tightest bar it passes."""

import itertools
from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hydrion.errors import MissingDataError
from hydrion.kb import open_kb
from hydrion.kb.query import modelled_candidates
from hydrion.kb.records import Material
from hydrion.transport.arrhenius import ArrheniusForm
from hydrion.transport.screening import screened_matches, sigma_for_screening
from hydrion.units import ABSOLUTE_ZERO_C

SOURCES = [
    {"kind": "user", "citation": "made up for the prefilter property"},
    {"kind": "review_table", "refs": [1]},  # a restatement the primary value wins over
]
PRECISIONS = ["exact", "approximate", "order_of_magnitude", "lower_bound", "upper_bound"]
PHASES = [None, "LT", "HT"]
_NUMBER = itertools.count()


@st.composite
def conductivity(draw, at_C: float) -> dict:
    """One stored σ: near the asked temperature (within the 5 K of a measured fallback, or
    the few K of a tight pair) or far from it, 1e-10–10 S/cm."""
    offset = draw(
        st.one_of(st.floats(-6, 6), st.floats(-400, 400), st.sampled_from([0.0, 0.05, -0.05]))
    )
    return {
        "sigma_S_per_cm": 10 ** draw(st.floats(-10, 1)),
        "temperature_C": max(at_C + offset, ABSOLUTE_ZERO_C + 5),
        "precision": draw(st.sampled_from(PRECISIONS)),
        "phase": draw(st.sampled_from(PHASES)),
        "direction": draw(st.sampled_from([None, "heating", "cooling"])),
        "source": draw(st.sampled_from(SOURCES)),
    }


@st.composite
def activation_energy(draw) -> dict:
    """A reported Ea (0.01–5 eV: past the plausible limit too), any convention, precision,
    phase and reported range (open or closed)."""
    low = draw(st.one_of(st.none(), st.floats(-100, 300)))
    high = draw(st.one_of(st.none(), st.floats(-100, 300)))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return {
        "Ea_eV": draw(st.floats(0.01, 5.0)),
        "convention": draw(st.sampled_from(["sigma", "sigmaT", "unspecified"])),
        "precision": draw(st.sampled_from(["exact", "approximate", "order_of_magnitude"])),
        "phase": draw(st.sampled_from(PHASES)),
        "T_min_C": low,
        "T_max_C": high,
        "source": SOURCES[0],
    }


@st.composite
def transitions(draw, at_C: float) -> list[dict]:
    """No transition, one LT → HT transition near or far from the asked temperature, or one
    reported on heating and on cooling (a hysteresis)."""
    count = draw(st.integers(0, 2))
    middle = at_C + draw(st.floats(-60, 60))
    records = []
    for number in range(count):
        direction = None if count == 1 else ("heating", "cooling")[number]
        shift = 0.0 if direction != "cooling" else -draw(st.floats(0, 20))
        records.append(
            {
                "temperature_C": middle + shift,
                "direction": direction,
                "low_T_phase": "LT",
                "high_T_phase": "HT",
                "source": SOURCES[0],
            }
        )
    return records


@st.composite
def electrolyte(draw, at_C: float) -> Material:
    return Material.model_validate(
        {
            "id": "prefilter",  # made unique in the test
            "name": "Prefilter pellet",
            "kind": "electrolyte",
            "ions": ["Li"],
            "family": "prefilter-test",
            "formula": "LiBH4",
            "conductivities": draw(st.lists(conductivity(at_C), max_size=5)),
            "activation_energies": draw(st.lists(activation_energy(), max_size=2)),
            "phase_transitions": draw(transitions(at_C)),
        }
    )


@st.composite
def query(draw) -> tuple[float, list[Material], float, str | None]:
    """(--at in °C, the user's electrolytes, a bar in S/cm, a direction)."""
    at_C = draw(st.floats(-120, 400))
    records = draw(st.lists(electrolyte(at_C), min_size=1, max_size=4))
    bar = 10 ** draw(st.floats(-11, 1))
    return at_C, records, bar, draw(st.sampled_from([None, "heating", "cooling"]))


def _own_sigma(material: Material, temperature_K: float, direction: str | None) -> float | None:
    """σ a screening gives ``material`` (None: no value, or only an upper bound)."""
    try:
        value = sigma_for_screening(material, temperature_K, direction)
    except MissingDataError:
        return None
    return None if value.bound == "upper_bound" else value.sigma_S_per_cm


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(query())
def test_the_prefilter_gives_the_matches_of_modelling_every_record(drawn):
    at_C, drawn_records, bar, direction = drawn
    records = [  # ids new to this test's database, however hypothesis replays its draws
        m.model_copy(update={"id": f"prefilter-{n}", "name": f"Prefilter pellet {n}"})
        for m, n in zip(drawn_records, _NUMBER, strict=False)
    ]
    kb = open_kb()
    kb.add_records(records)
    kb = open_kb()
    temperature_K = at_C - ABSOLUTE_ZERO_C
    ids = {m.id for m in records}

    def candidates(minimum: float) -> list[Material]:
        return [m for m in modelled_candidates(kb, temperature_K, minimum) if m.id in ids]

    every = screened_matches(kb, temperature_K, bar, direction, materials=records)
    pruned = screened_matches(kb, temperature_K, bar, direction, materials=candidates(bar))
    assert pruned == every
    for material in records:  # the tightest bar each passes: its own σ
        sigma = _own_sigma(material, temperature_K, direction)
        if sigma is not None:
            assert material.id in {m.id for m in candidates(sigma)}, (material, sigma)


def test_the_bound_covers_every_arrhenius_form():
    """The prefilter's growth factor is derived for the σ and σT forms only
    (:func:`hydrion.kb.query._sigma_ceiling_sql`): a new form needs its own bound first."""
    assert get_args(ArrheniusForm) == ("sigma", "sigmaT")


def test_a_law_at_the_largest_activation_energy_is_kept_and_the_bound_is_tight():
    """One exact σ (1e-6 S/cm at 25 °C) and a reported Ea of 2.999 eV (σ form): the law
    carries σ up by exp(2.999 eV/k·(1/298 − 1/348)) ≈ 1.9e7 at 75 °C, as fast as any law the
    σ(T) code accepts. The prefilter keeps it at a bar equal to that σ, and leaves it out at
    10^0.16 times it: past the 3 × 0.05 decade such a law may lie from its point."""
    kb = open_kb()
    kb.add_records(
        [
            Material.model_validate(
                {
                    "id": "steep-pellet",
                    "name": "Steep pellet",
                    "kind": "electrolyte",
                    "ions": ["Li"],
                    "family": "prefilter-test",
                    "formula": "LiBH4",
                    "conductivities": [
                        {"sigma_S_per_cm": 1e-6, "temperature_C": 25, "source": SOURCES[0]}
                    ],
                    "activation_energies": [
                        {"Ea_eV": 2.999, "convention": "sigma", "source": SOURCES[0]}
                    ],
                }
            )
        ]
    )
    kb = open_kb()
    temperature_K = 75 - ABSOLUTE_ZERO_C
    sigma = sigma_for_screening(kb.material("steep-pellet"), temperature_K).sigma_S_per_cm
    assert 15 < sigma < 22  # 1e-6 S/cm × 1.9e7: the law's own growth
    ids = {m.id for m in modelled_candidates(kb, temperature_K, sigma)}
    assert "steep-pellet" in ids
    ids = {m.id for m in modelled_candidates(kb, temperature_K, sigma * 10**0.16)}
    assert "steep-pellet" not in ids
