"""Fixtures of the cell tests: a LiBH4 σ(T) model built from review values, made here."""

import pytest

from hydrion.kb.records import Material
from hydrion.transport.kb_models import conductivity_model

# Pang et al. 2022, Table 1 and section 2.1.1, ref. [19] (Matsuo 2007): 1e-3 S/cm at 120 °C
# in the hexagonal phase, Ea 0.69 (Pnma) and 0.53 eV (P63mc); transition at about 115 °C.
_SRC = {"refs": [19], "kind": "review_text"}


@pytest.fixture
def libh4_material():
    return Material.model_validate(
        dict(
            id="libh4-test",
            name="LiBH4",
            kind="electrolyte",
            ions=["Li"],
            family="borohydride",
            formula="LiBH4",
            conductivities=[
                dict(sigma_S_per_cm=1e-3, temperature_C=120, phase="P63mc", source=_SRC),
                dict(sigma_S_per_cm=1e-8, temperature_C=30, phase="Pnma", source=_SRC),
            ],
            activation_energies=[
                dict(Ea_eV=0.53, phase="P63mc", convention="sigma", source=_SRC),
                dict(Ea_eV=0.69, phase="Pnma", convention="sigma", source=_SRC),
            ],
            phase_transitions=[
                dict(temperature_C=115, low_T_phase="Pnma", high_T_phase="P63mc", source=_SRC)
            ],
        )
    )


@pytest.fixture
def libh4_model(libh4_material):
    return conductivity_model(libh4_material)
