"""Field types of the knowledge-base records: numbers with their physical bounds, formulas.

Every number a record holds is one of these types, so no numeric field is unbounded. The
bounds are sanity limits from physics, not literature values: beyond them a value is a typo
or a wrong unit, and it is refused (pydantic names the field and the bound; the record
readers add the value) before anything is stored. NaN and infinities are refused by the
records' model configuration (``allow_inf_nan=False``); true/false and text are refused
where a number belongs (pydantic would read ``true`` as 1 and ``"1_000"`` as 1000).

Bounds and their basis:

* temperature: above absolute zero, below 5000 °C (no battery material survives it);
* σ ≤ 1e3 S/cm (above any known ionic or electronic conductor at these temperatures);
* 0 < Ea < 10 eV (activation energies of ion hopping are below ~2 eV);
* potentials and voltages within ±10 V of the working-ion metal (the whole electrochemical
  series spans about 6 V: Li⁺/Li at −3.04 V to F₂/F⁻ at +2.87 V vs SHE);
* specific capacity ≤ 30,000 mAh/g: one electron per hydrogen atom's mass,
  F/M(H) = 96485 C/mol / 1.008 g/mol = 26,590 mAh/g, is the most charge any mass can hold;
* density ≤ 25 g/cm³ (osmium, the densest element, is 22.59 g/cm³);
* current densities (CCD, cycling) ≤ 10,000 mA/cm² (10 A/cm², far beyond any cell);
  specific currents ≤ 1e6 mA/g; C-rates ≤ 1000 C (a full charge in 3.6 s);
* working ions stored per formula unit ≤ 1000; component amounts ≤ 1e6 (mol) and ≤ 100 in
  percent units; cycle counts ≤ 1e7 cycles.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationInfo

from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.errors import FormulaError

MAX_TEMPERATURE_C = 5000.0
MAX_SIGMA_S_PER_CM = 1e3
MAX_EA_EV = 10.0
MAX_ABS_POTENTIAL_V = 10.0
MAX_CAPACITY_MAH_PER_G = 30_000.0
MAX_DENSITY_G_PER_CM3 = 25.0
MAX_CURRENT_DENSITY_MA_PER_CM2 = 1e4
MAX_SPECIFIC_CURRENT_MA_PER_G = 1e6
MAX_C_RATE = 1e3
MAX_IONS_PER_FORMULA = 1e3
MAX_AMOUNT = 1e6
MAX_CYCLES = 10_000_000


def _a_number(value: object) -> object:
    """Refuse true/false and text where a number belongs, naming the value."""
    if isinstance(value, bool):
        raise ValueError("a number is needed, not true/false")
    if isinstance(value, str):
        raise ValueError(f"a number is needed, not the text {value[:40]!r}")
    return value


Number = Annotated[float, BeforeValidator(_a_number)]
Celsius = Annotated[
    Number, Field(gt=ABSOLUTE_ZERO_C, lt=MAX_TEMPERATURE_C, description="temperature in °C")
]
Potential = Annotated[
    Number,
    Field(
        ge=-MAX_ABS_POTENTIAL_V,
        le=MAX_ABS_POTENTIAL_V,
        description="V against the working-ion metal",
    ),
]
Conductivity_S_per_cm = Annotated[Number, Field(gt=0, le=MAX_SIGMA_S_PER_CM)]
ActivationEnergy_eV = Annotated[Number, Field(gt=0, lt=MAX_EA_EV)]
Capacity_mAh_per_g = Annotated[Number, Field(gt=0, le=MAX_CAPACITY_MAH_PER_G)]
Density_g_per_cm3 = Annotated[Number, Field(gt=0, le=MAX_DENSITY_G_PER_CM3)]
CurrentDensity_mA_per_cm2 = Annotated[Number, Field(gt=0, le=MAX_CURRENT_DENSITY_MA_PER_CM2)]
SpecificCurrent_mA_per_g = Annotated[Number, Field(gt=0, le=MAX_SPECIFIC_CURRENT_MA_PER_G)]
CRate = Annotated[Number, Field(gt=0, le=MAX_C_RATE)]
IonsPerFormula = Annotated[Number, Field(gt=0, le=MAX_IONS_PER_FORMULA)]
Amount = Annotated[Number, Field(gt=0, le=MAX_AMOUNT)]
Fraction = Annotated[Number, Field(gt=0, le=1)]
Percent = Annotated[Number, Field(gt=0, le=100)]
Cycles = Annotated[int, BeforeValidator(_a_number), Field(ge=1, le=MAX_CYCLES)]


def check_formula(formula: str) -> str:
    """Refuse a formula that pymatgen cannot turn into finite, positive amounts.

    Raises ``ValueError`` (pydantic reports it with the field) for an unparseable formula,
    a zero or non-finite amount (``Li1e400``, ``1/0LiH``) or one whose reduced formula
    cannot be written; every later lookup of a stored record relies on both.
    """
    from hydrion.chem.formula import parse_formula  # pymatgen: only when a record is validated

    try:
        composition = parse_formula(formula)
    except FormulaError as exc:
        raise ValueError(str(exc)) from None
    except ArithmeticError as exc:  # e.g. '1/0LiH' where the parser does not refuse it
        raise ValueError(f"formula {formula!r} is not usable: {exc}") from None
    amounts = list(composition.values())
    if not amounts or not all(math.isfinite(a) and a > 0 for a in amounts):
        raise ValueError(f"formula {formula!r} has a zero or non-finite amount")
    try:
        composition.reduced_formula  # noqa: B018 - what the knowledge-base index stores
    except (ArithmeticError, ValueError) as exc:  # pymatgen on extreme amounts
        raise ValueError(f"formula {formula!r} is not usable: {exc}") from None
    return formula


TRUSTED_FORMULAS = "trusted_formulas"
"""Validation-context key: formulas hydrion checked with :func:`check_formula` when it stored
them (the user database keeps them in its index), accepted again without pymatgen."""


def checked_formula(formula: str | None, info: ValidationInfo) -> str | None:
    """A record's formula field: trusted when the validation context lists it (see
    :data:`TRUSTED_FORMULAS`), else checked with :func:`check_formula`."""
    if formula is None:
        return None
    if formula in (info.context or {}).get(TRUSTED_FORMULAS, ()):
        return formula
    return check_formula(formula)
