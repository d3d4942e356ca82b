"""The constants module: exact SI values, checked against scipy.constants (CODATA 2018)."""

import pytest
from scipy import constants as scipy_constants

from hydrion import constants
from hydrion.errors import InputError


@pytest.mark.parametrize(
    ("ours", "scipy_value"),
    [
        (constants.ELEMENTARY_CHARGE_C, scipy_constants.e),
        (constants.BOLTZMANN_J_PER_K, scipy_constants.k),
        (constants.AVOGADRO_PER_MOL, scipy_constants.N_A),
        (constants.FARADAY_C_PER_MOL, scipy_constants.physical_constants["Faraday constant"][0]),
        (constants.GAS_CONSTANT_J_PER_MOL_K, scipy_constants.R),
        (
            constants.BOLTZMANN_eV_per_K,
            scipy_constants.physical_constants["Boltzmann constant in eV/K"][0],
        ),
    ],
)
def test_constants_match_codata(ours, scipy_value):
    assert ours == pytest.approx(scipy_value, rel=1e-12)


def test_kj_per_mol_per_ev_is_faraday_over_1000():
    # 1 eV per formula unit = 96.485 kJ/mol (F = 96485.33212 C/mol)
    assert pytest.approx(96.48533212, rel=1e-10) == constants.KJ_PER_MOL_PER_EV


@pytest.mark.parametrize(("ion", "z"), [("Li", 1), ("Na", 1), ("K", 1), ("Mg", 2), ("Ca", 2)])
def test_ion_charge(ion, z):
    assert constants.ion_charge(ion) == z


def test_working_ions_refuse_other_ions():
    # one list of working ions: the kb records and cell parts validate against the same type
    from hydrion.cell.parts import PartRecord
    from hydrion.kb.records import Ion

    assert Ion is constants.WorkingIon
    assert constants.WORKING_IONS == ("Li", "Na", "Mg")
    assert PartRecord.model_fields["ion"].annotation == constants.WorkingIon | None
    assert constants.ion_charge("Mg", working=True) == 2
    with pytest.raises(InputError, match="unknown working ion 'K'"):
        constants.ion_charge("K", working=True)
    with pytest.raises(InputError, match="unknown ion 'Xx'"):
        constants.ion_charge("Xx")


def test_no_other_module_defines_ion_charges_or_constants():
    """One home: no other module of src/hydrion writes these numbers as literals, assigns an
    ION_CHARGE table or imports scipy.constants (prose may still quote them)."""
    import ast
    import io
    import tokenize
    from pathlib import Path

    import hydrion

    values = [
        constants.FARADAY_C_PER_MOL,
        constants.GAS_CONSTANT_J_PER_MOL_K,
        constants.BOLTZMANN_eV_per_K,
        constants.BOLTZMANN_J_PER_K,
        constants.AVOGADRO_PER_MOL,
        constants.ELEMENTARY_CHARGE_C,
        constants.KJ_PER_MOL_PER_EV,
        constants.ABSOLUTE_ZERO_C,
    ]
    root = Path(hydrion.__file__).parent
    for path in root.rglob("*.py"):
        if path.name == "constants.py":
            continue
        text = path.read_text("utf-8")
        where = path.relative_to(root)
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NUMBER and not token.string.lower().endswith("j"):
                number = float(ast.literal_eval(token.string))
                near = [v for v in values if number and abs(abs(number / v) - 1) < 1e-4]
                assert not near, f"{where}:{token.start[0]} writes {token.string}"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                assert "ION_CHARGE" not in names, f"{where} defines ION_CHARGE"
            if isinstance(node, ast.ImportFrom):
                imported = {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
                assert "scipy.constants" not in imported, where
