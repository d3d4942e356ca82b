"""Ionic transport: σ(T) laws and models from the knowledge base, fits and conversions.

>>> from hydrion.transport import sigma_at
>>> result = sigma_at("LiBH4", 393.15)  # K; a pint Quantity such as 120 °C works too
>>> result.phase, f"{result.sigma_S_per_cm:.1e}"  # S/cm, above the 120 °C transition
('P63mc', '1.0e-03')
>>> sigma_at("LiBH4", [303.15, 313.15]).sigma_S_per_cm.shape
(2,)
"""

from hydrion.lazy import lazy_exports

# public name -> submodule that defines it (imported on first use)
_EXPORTS = {
    "ArrheniusLaw": "arrhenius",
    "BOLTZMANN_eV_per_K": "arrhenius",
    "VFTLaw": "arrhenius",
    "ArrheniusFit": "fit_results",
    "SegmentFit": "fit_results",
    "VFTFit": "vft",
    "fit_arrhenius": "fitting",
    "fit_vft": "vft",
    "AboveThermalLimitError": "sigma_model",
    "ConductivityModel": "sigma_model",
    "ConflictingDataError": "sigma_model",
    "SigmaGrid": "sigma_results",
    "SigmaResult": "sigma_results",
    "conductivity_model": "kb_models",
    "sigma_at": "kb_models",
    "area_specific_resistance_ohm_cm2": "limits",
    "lowest_temperature_K": "limits",
    "Reach": "limits",
    "reach": "limits",
    "minimum_sigma_S_per_cm": "limits",
    "carrier_concentration_per_cm3": "nernst_einstein",
    "diffusivity_from_sigma": "nernst_einstein",
    "sigma_from_diffusivity": "nernst_einstein",
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
