"""Ionic transport: σ(T) laws and models from the knowledge base, fits and conversions.

>>> from hydrion.transport import sigma_at
>>> sigma_at("LiBH4", 393.15).phase  # doctest: +SKIP
'P63mc'
>>> sigma_at("LiBH4", numpy.linspace(300, 380, 9)).sigma_S_per_cm  # doctest: +SKIP
"""

from hydrion.transport.arrhenius import ArrheniusLaw, BOLTZMANN_eV_per_K, VFTLaw
from hydrion.transport.fitting import ArrheniusFit, SegmentFit, VFTFit, fit_arrhenius, fit_vft
from hydrion.transport.kb_models import (
    AboveThermalLimitError,
    ConductivityModel,
    ConflictingDataError,
    SigmaGrid,
    SigmaResult,
    conductivity_model,
    sigma_at,
)
from hydrion.transport.limits import (
    area_specific_resistance_ohm_cm2,
    lowest_temperature_K,
    minimum_sigma_S_per_cm,
)
from hydrion.transport.nernst_einstein import (
    carrier_concentration_per_cm3,
    diffusivity_from_sigma,
    sigma_from_diffusivity,
)

__all__ = [
    "AboveThermalLimitError",
    "BOLTZMANN_eV_per_K",
    "ArrheniusFit",
    "ArrheniusLaw",
    "ConductivityModel",
    "ConflictingDataError",
    "SegmentFit",
    "SigmaGrid",
    "SigmaResult",
    "VFTFit",
    "VFTLaw",
    "area_specific_resistance_ohm_cm2",
    "carrier_concentration_per_cm3",
    "conductivity_model",
    "diffusivity_from_sigma",
    "fit_arrhenius",
    "fit_vft",
    "lowest_temperature_K",
    "minimum_sigma_S_per_cm",
    "sigma_at",
    "sigma_from_diffusivity",
]
