"""A user's energy files and pymatgen entries (hydrion.stability.user_energies)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hydrion.errors import FileFormatError
from hydrion.stability.energies import bundled
from hydrion.stability.user_energies import from_user_file
from hydrion.stability.window import compute_window


def test_user_formation_energies_add_a_phase(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"formula": "LiCoO2", "dHf_kJ_per_mol": -600.0, "source": "test"}]))
    source = from_user_file(path)
    assert source.has_phase("LiCoO2") and not bundled("enthalpy").has_phase("LiCoO2")
    assert source.source_of(source.entry("LiCoO2")).kind == "user"


@pytest.mark.parametrize(
    "content",
    ['{"a": 1}', "[]", "[1, 2]", '[{"formula": "LiCoO2"}]', "not json"],
)
def test_wrong_shape_is_a_file_format_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(FileFormatError):
        from_user_file(path)


def test_computed_entries_are_used_on_their_own(tmp_path):
    from pymatgen.entries.computed_entries import ComputedEntry

    entries = [ComputedEntry("Li", -1.9), ComputedEntry("I2", -3.0), ComputedEntry("LiI", -5.9)]
    path = tmp_path / "dft.json"
    path.write_text(json.dumps([e.as_dict() for e in entries]))
    source = from_user_file(path)
    assert source.convention == "dft" and len(source.entries({"Li", "I"})) == 3
    # formation energy -5.9 - (-1.9) - (-3.0 / 2) = -2.5 eV: LiI -> Li + 1/2 I2 at 2.5 V
    window = compute_window("LiI", source, "Li")
    assert window.oxidation.voltage_V == pytest.approx(2.5)


def _run_isolated(code: str) -> str:
    """Run code in a fresh interpreter (so sys.modules shows what the reader imported)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize(
    "item",
    [
        {"@module": "this", "@class": "ComputedEntry", "composition": {"Li": 1}, "energy": -1.9},
        {
            "@module": "pymatgen.core.entries",
            "@class": "ComputedEntry",
            "composition": {"Li": 1},
            "energy": -1.9,
            "correction": 0.0,
            "energy_adjustments": [{"@module": "this", "@class": "X", "value": 1}],
            "data": {"x": {"@module": "this", "@class": "Y"}},
        },
    ],
)
def test_an_energies_file_never_imports_a_module_it_names(tmp_path, item):
    path = tmp_path / "e.json"
    path.write_text(json.dumps([item]))
    code = (
        "import sys\n"
        "from hydrion.errors import FileFormatError\n"
        "from hydrion.stability.user_energies import from_user_file\n"
        f"try:\n    from_user_file({str(path)!r})\nexcept FileFormatError:\n    pass\n"
        "print('this' in sys.modules)\n"
    )
    assert _run_isolated(code) == "False"


def test_entry_dicts_are_validated_field_by_field(tmp_path):
    good = {"@module": "pymatgen.core.entries", "@class": "ComputedEntry"}
    for bad in (
        {**good, "composition": {"Li": 1}, "energy": "nan"},
        {**good, "composition": {"Xx": 1}, "energy": -1.0},
        {**good, "composition": {"Li": -1}, "energy": -1.0},
        {**good, "composition": {"Li": 1}, "energy": -1.0, "correction": float("inf")},
        {"@module": "pymatgen.core.entries", "@class": "Structure", "composition": {"Li": 1}},
    ):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps([bad]))
        with pytest.raises(FileFormatError):
            from_user_file(path)


def test_correction_counts_and_pdentries_are_read(tmp_path):
    from pymatgen.analysis.phase_diagram import PDEntry
    from pymatgen.entries.computed_entries import ComputedEntry, ConstantEnergyAdjustment

    corrected = ComputedEntry("LiI", -6.4, energy_adjustments=[ConstantEnergyAdjustment(0.5)])
    items = [PDEntry("Li", -1.9).as_dict(), PDEntry("I2", -3.0).as_dict(), corrected.as_dict()]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(items))
    window = compute_window("LiI", from_user_file(path), "Li")
    assert window.oxidation.voltage_V == pytest.approx(2.5)  # -6.4 + 0.5 = -5.9 eV as above


def test_entries_in_memory_are_an_energy_source():
    from pymatgen.entries.computed_entries import ComputedEntry

    from hydrion.stability.user_energies import from_entries

    source = from_entries(
        [ComputedEntry("Li", -1.9), ComputedEntry("I2", -3.0), ComputedEntry("LiI", -5.9)]
    )
    assert compute_window("LiI", source, "Li").oxidation.voltage_V == pytest.approx(2.5)


_JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
_ENTRY_KEYS = st.sampled_from(
    ["@module", "@class", "composition", "energy", "correction", "entry_id", "name", "formula"]
)


@settings(max_examples=60, deadline=None)
@given(
    items=st.lists(
        st.dictionaries(_ENTRY_KEYS, _JSON, max_size=6).map(
            lambda d: {"@class": "ComputedEntry", **d}
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_entries_file_is_read_or_refused_with_one_error(tmp_path_factory, items):
    path = tmp_path_factory.mktemp("fuzz") / "e.json"
    path.write_text(json.dumps(items))
    try:
        source = from_user_file(path)
    except FileFormatError:
        return
    assert source.convention == "dft"


def test_the_readers_are_still_importable_from_energies():
    from hydrion.stability import energies, user_energies

    for name in ("energy_source", "from_user_file", "from_entries", "as_energy_source"):
        assert getattr(energies, name) is getattr(user_energies, name)
    with pytest.raises(AttributeError):
        energies.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NaN", "dHf_kJ_per_mol must be a finite number, not nan"),
        ("-Infinity", "dHf_kJ_per_mol must be a finite number, not -inf"),
        ("-1e300", "-1.667e+299 kJ per mol of atoms"),
        ("-6001", "-1000 kJ per mol of atoms"),  # LiBH4: 6 atoms
    ],
)
def test_non_finite_or_unphysical_formation_energies_are_refused(tmp_path, value, message):
    path = tmp_path / "E.json"
    path.write_text(f'[{{"formula": "LiBH4", "dHf_kJ_per_mol": {value}}}]')
    with pytest.raises(FileFormatError, match="E.json: LiBH4: ") as refused:
        from_user_file(path)
    assert message in str(refused.value)


def test_a_large_but_physical_formation_energy_is_read(tmp_path):
    path = tmp_path / "E.json"
    path.write_text('[{"formula": "LiBH4", "dHf_kJ_per_mol": -5999}]')
    assert from_user_file(path).has_phase("LiBH4")


def test_an_overflowing_total_energy_is_refused(tmp_path):
    item = {"@module": "pymatgen.analysis.phase_diagram", "@class": "PDEntry"}
    path = tmp_path / "dft.json"
    path.write_text(json.dumps([{**item, "composition": {"Li": 1, "H": 1}, "energy": -1e300}]))
    with pytest.raises(FileFormatError, match=r"-5e\+299 eV per atom"):
        from_user_file(path)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"S_J_per_mol_K": 1e300}, "5e+299 J/(mol·K) per mol of atoms"),  # LiH: 2 atoms
        ({"S_J_per_mol_K": 2001}, "1000 J/(mol·K) per mol of atoms"),  # 1000.5 per atom
        ({"dHf_kJ_per_mol": True}, "dHf_kJ_per_mol must be a finite number, not True"),
        ({"dHf_kJ_per_mol": "-90"}, "dHf_kJ_per_mol must be a finite number, not '-90'"),
        ({"dGf_kJ_per_mol": False}, "dGf_kJ_per_mol must be a finite number, not False"),
    ],
)
def test_entropies_beyond_the_guard_and_non_numbers_are_refused(tmp_path, item, message):
    path = tmp_path / "E.json"
    path.write_text(json.dumps([{"formula": "LiH", "dHf_kJ_per_mol": -90.5, **item}]))
    with pytest.raises(FileFormatError, match="E.json: LiH: ") as refused:
        from_user_file(path)
    assert message in str(refused.value)


def test_an_entropy_within_the_guard_is_read(tmp_path):
    path = tmp_path / "E.json"
    path.write_text('[{"formula": "LiH", "dHf_kJ_per_mol": -90.5, "S_J_per_mol_K": 1999}]')
    assert from_user_file(path).has_phase("LiH")


def test_an_integer_of_thousands_of_digits_is_refused_in_one_line(run_cli, tmp_path):
    path = tmp_path / "E.json"
    path.write_text('[{"formula": "LiH", "dHf_kJ_per_mol": -' + "9" * 5000 + "}]")
    code, out, err = run_cli("window", "LiBH4", "--energies", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "hydrion: error: E.json: an integer of 5001 digits has too many digits to be a value"
    ]


def test_a_source_holding_a_bidi_control_is_refused(tmp_path):
    path = tmp_path / "E.json"
    path.write_text(json.dumps([{"formula": "LiH", "dHf_kJ_per_mol": -90.5, "source": "a\u202eb"}]))
    with pytest.raises(FileFormatError, match=r"citation: .*U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"):
        from_user_file(path)
