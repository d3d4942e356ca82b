"""A cell design: part ids and layer geometry, with the defaults of
``cell/data/defaults.yaml`` (conventions: :mod:`hydrion.cell.stack`).

Fields take pint Quantities (any registry), strings ('500 um') or plain numbers in the unit of
each field's name; :func:`check_design` refuses a geometry that cannot be built.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hydrion.cell.parts import defaults
from hydrion.cell.stack_metrics import FOIL, ElectrodeFormulation
from hydrion.errors import InputError
from hydrion.units import as_magnitude

_DESIGN_UNITS = {
    "loading_mg_per_cm2": "mg/cm**2",
    "positive_thickness_um": "um",
    "areal_capacity_mAh_per_cm2": "mAh/cm**2",
    "separator_thickness_um": "um",
    "electrolyte_density_g_per_cm3": "g/cm**3",
    "positive_capacity_mAh_per_g": "mAh/g",
}


@dataclass(frozen=True)
class StackDesign:
    """A cell to evaluate: part ids and the layer geometry (units in the names)."""

    positive: str
    electrolyte: str
    negative: str
    positive_composite: ElectrodeFormulation
    loading_mg_per_cm2: float | None = None
    positive_thickness_um: float | None = None
    areal_capacity_mAh_per_cm2: float | None = None
    separator_thickness_um: float = 500.0
    separator_relative_density: float = 1.0
    negative_composite: ElectrodeFormulation = FOIL
    np_ratio: float = 3.0
    positive_collector: tuple[str, float] = ("al", 10.0)
    negative_collector: tuple[str, float] = ("cu", 10.0)
    electrolyte_density_g_per_cm3: float | None = None
    positive_capacity_mAh_per_g: float | None = None  # a practical capacity, else theoretical
    positive_capacity_basis: str | None = None  # what a given capacity is, e.g. "reported [75]"

    def __post_init__(self) -> None:
        """Accept pint Quantities (any registry), strings ('500 um') or plain numbers in the
        unit of each field's name; refuse NaN, infinities and wrong dimensions."""
        for name, unit in _DESIGN_UNITS.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(as_magnitude(value, unit, name)))
        for name in ("np_ratio", "separator_relative_density"):
            object.__setattr__(self, name, float(as_magnitude(getattr(self, name), "", name)))
        for name in ("positive_collector", "negative_collector"):
            material, thickness = getattr(self, name)
            object.__setattr__(
                self, name, (material, float(as_magnitude(thickness, "um", f"{name} thickness")))
            )

    @classmethod
    def default(cls, positive: str, electrolyte: str, negative: str, **changes) -> StackDesign:
        """A design with the defaults of ``cell/data/defaults.yaml`` (see the basis there)."""
        d = defaults()
        base = cls(
            positive=positive,
            electrolyte=electrolyte,
            negative=negative,
            positive_composite=default_composite(positive),
            areal_capacity_mAh_per_cm2=d["cathode_areal_capacity_mAh_per_cm2"],
            separator_thickness_um=d["separator_thickness_um"],
            separator_relative_density=d["separator_relative_density"],
            np_ratio=d["np_ratio"],
            positive_collector=(
                d["positive_collector"]["material"],
                d["positive_collector"]["thickness_um"],
            ),
            negative_collector=(
                d["negative_collector"]["material"],
                d["negative_collector"]["thickness_um"],
            ),
        )
        return replace(base, **changes)


def default_composite(positive: str) -> ElectrodeFormulation:
    """The default positive composite for part id ``positive`` (``cell/data/defaults.yaml``):
    its own entry under ``positive_composites`` (e.g. sulfur with carbon, an assumed design),
    else the generic ``cathode_*`` fractions."""
    d = defaults()
    own = d["positive_composites"].get(positive.strip().lower())
    if own is not None:
        return ElectrodeFormulation(
            own["active"], own["electrolyte"], own["carbon"], d["cathode_porosity"]
        )
    return ElectrodeFormulation(
        d["cathode_active_weight_fraction"],
        d["cathode_electrolyte_weight_fraction"],
        d["cathode_carbon_weight_fraction"],
        d["cathode_porosity"],
    )


def composite_is_assumed(positive: str) -> bool:
    """True when ``positive`` has its own assumed composite in the defaults (shown as such)."""
    return positive.strip().lower() in defaults()["positive_composites"]


def check_design(design: StackDesign) -> None:
    """Refuse a design that cannot be built (InputError naming the quantity): exactly one
    positive size, positive sizes, a separator relative density in (0, 1]."""
    design.positive_composite.check("positive composite")
    design.negative_composite.check("negative electrode")
    sizes = (
        design.loading_mg_per_cm2,
        design.positive_thickness_um,
        design.areal_capacity_mAh_per_cm2,
    )
    if sum(size is not None for size in sizes) != 1:
        raise InputError("give one of the positive active loading, thickness or areal capacity")
    positives = {
        "active loading": design.loading_mg_per_cm2,
        "positive thickness": design.positive_thickness_um,
        "areal capacity": design.areal_capacity_mAh_per_cm2,
        "separator thickness": design.separator_thickness_um,
        "N/P ratio": design.np_ratio,
        "positive collector thickness": design.positive_collector[1],
        "negative collector thickness": design.negative_collector[1],
        "electrolyte density": design.electrolyte_density_g_per_cm3,
        "positive capacity": design.positive_capacity_mAh_per_g,
    }
    for label, value in positives.items():
        if value is not None and not value > 0:
            raise InputError(f"{label} must be positive, got {value}")
    if not 0 < design.separator_relative_density <= 1:
        raise InputError("separator relative density must lie in (0, 1]")
    # Collectors of zero thickness are allowed only by omission; the check above covers > 0.
