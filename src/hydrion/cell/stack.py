"""Stack model: areal capacity, voltage, N/P ratio, Wh/kg and Wh/L of a solid-state cell.

Per 1 cm² of stack: positive composite (active material + solid electrolyte + carbon, with
porosity) | dense (or porous) electrolyte separator | negative electrode (metal or alloy foil,
or a composite) | two current collectors. Conventions, stated once:

* capacities are per mass of the pristine (as-written) active material, theoretical (q = nF/M)
  unless a practical ``positive_capacity_mAh_per_g`` is given (e.g. a reported capacity);
* the cell is positive-limited: the negative holds ``np_ratio`` times the positive's capacity;
* energy = areal capacity × (average positive voltage − average negative voltage), both vs the
  working-ion metal;
* three levels: ``active`` (positive active mass + the negative active mass needed at N/P = 1,
  their crystal volumes), ``electrode`` (both electrode layers as built), ``stack`` (electrodes +
  separator + both collectors). Wh/L divides by thickness (per cm²), so it is a stack volume.

:func:`~hydrion.cell.stack_metrics.stack_metrics` works on numbers or numpy arrays (vectorised
designs); a design's input is :class:`~hydrion.cell.stack_design.StackDesign` (also importable
from here); :func:`design_stack` resolves parts from the knowledge base and returns a
:class:`StackResult` with sources; :mod:`hydrion.cell.studies` varies one design variable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from hydrion.cell.parts import Part, part
from hydrion.cell.stack_design import StackDesign, check_design
from hydrion.cell.stack_design import composite_is_assumed as composite_is_assumed
from hydrion.cell.stack_design import default_composite as default_composite
from hydrion.cell.stack_metrics import (
    LEVEL_BASIS,
    LEVELS,
    UM_PER_CM,
    stack_metrics,
)
from hydrion.errors import InputError, ResultValueError
from hydrion.result_checks import finite, positive
from hydrion.results import Result
from hydrion.sources import Source


@dataclass(frozen=True)
class ResolvedStack:
    """A design with its parts looked up: what
    :func:`~hydrion.cell.stack_metrics.stack_metrics` needs, plus sources."""

    design: StackDesign
    positive: Part
    electrolyte: Part
    negative: Part
    carbon: Part
    collectors: tuple[Part, Part]
    electrolyte_density_g_per_cm3: float

    def inputs(self) -> dict[str, float]:
        d = self.design
        q_pos, v_pos = self.positive.require_electrochemistry()
        q_pos = d.positive_capacity_mAh_per_g or q_pos
        q_neg, v_neg = self.negative.require_electrochemistry()
        rho_pos, rho_neg = self.positive.require_density(), self.negative.require_density()
        rho_e, rho_c = self.electrolyte_density_g_per_cm3, self.carbon.require_density()
        w_pos = d.positive_composite.weight_fractions((rho_pos, rho_e, rho_c))
        w_neg = d.negative_composite.weight_fractions((rho_neg, rho_e, rho_c))
        loading = d.loading_mg_per_cm2
        if d.areal_capacity_mAh_per_cm2 is not None:
            loading = d.areal_capacity_mAh_per_cm2 / q_pos * 1e3
        elif loading is None:
            solid = 1.0 / (w_pos[0] / rho_pos + w_pos[1] / rho_e + w_pos[2] / rho_c)
            assert d.positive_thickness_um is not None  # check_design: thickness or loading
            thickness_cm = d.positive_thickness_um / UM_PER_CM
            loading = thickness_cm * solid * (1 - d.positive_composite.porosity) * w_pos[0] * 1e3
        return {
            "q_pos_mAh_per_g": q_pos,
            "v_pos_V": v_pos,
            "rho_pos_g_per_cm3": rho_pos,
            "w_pos_active": w_pos[0],
            "w_pos_electrolyte": w_pos[1],
            "w_pos_carbon": w_pos[2],
            "porosity_pos": d.positive_composite.porosity,
            "loading_pos_mg_per_cm2": loading,
            "rho_electrolyte_g_per_cm3": rho_e,
            "rho_carbon_g_per_cm3": rho_c,
            "separator_thickness_cm": d.separator_thickness_um / UM_PER_CM,
            "separator_relative_density": d.separator_relative_density,
            "q_neg_mAh_per_g": q_neg,
            "v_neg_V": v_neg,
            "rho_neg_g_per_cm3": rho_neg,
            "w_neg_active": w_neg[0],
            "w_neg_electrolyte": w_neg[1],
            "w_neg_carbon": w_neg[2],
            "porosity_neg": d.negative_composite.porosity,
            "np_ratio": d.np_ratio,
            "collector_pos_thickness_cm": d.positive_collector[1] / UM_PER_CM,
            "collector_pos_rho_g_per_cm3": self.collectors[0].require_density(),
            "collector_neg_thickness_cm": d.negative_collector[1] / UM_PER_CM,
            "collector_neg_rho_g_per_cm3": self.collectors[1].require_density(),
        }

    def sources(self) -> list[tuple[str, Source]]:
        """(what, source) for every literature value the design rests on."""
        pairs: list[tuple[str, Source]] = []
        for item in (self.positive, self.electrolyte, self.negative, self.carbon, *self.collectors):
            pairs.extend((f"{item.id} {what}", src) for what, src in item.sources.items())
        return pairs


def resolve(design: StackDesign, kb=None) -> ResolvedStack:
    """Look up every part of ``design`` and check that the pair makes a cell.

    Parameters
    ----------
    design : StackDesign
        Part ids and layer geometry.
    kb : KnowledgeBase, optional
        Knowledge base of the parts; default :func:`hydrion.kb.open_kb`.

    Returns
    -------
    ResolvedStack
        The design with its parts (capacity, voltage, density and their sources).

    Raises
    ------
    UnknownRecordError
        A part hydrion does not know.
    InputError
        A pair that makes no cell (the positive is not above the negative), or a geometry
        that cannot be built.
    """
    check_design(design)
    positive, negative = part(design.positive, kb), part(design.negative, kb)
    electrolyte = part(design.electrolyte, kb)
    _, v_pos = positive.require_electrochemistry()
    _, v_neg = negative.require_electrochemistry()
    if positive.ion and negative.ion and positive.ion != negative.ion:
        raise InputError(
            f"{positive.id} stores {positive.ion} but {negative.id} stores {negative.ion}: no cell"
        )
    if v_pos <= v_neg:
        raise InputError(
            f"{positive.id} ({v_pos:g} V) is not above {negative.id} ({v_neg:g} V) vs "
            f"{positive.ion or 'the metal'}: this pair makes no cell; swap or choose another"
        )
    rho_e = design.electrolyte_density_g_per_cm3 or electrolyte.require_density()
    return ResolvedStack(
        design=design,
        positive=positive,
        electrolyte=electrolyte,
        negative=negative,
        carbon=part("carbon"),
        collectors=(part(design.positive_collector[0]), part(design.negative_collector[0])),
        electrolyte_density_g_per_cm3=rho_e,
    )


@dataclass(frozen=True)
class StackResult(Result):
    """Figures of one stack per cm², with the sources they rest on."""

    design: StackDesign
    areal_capacity_mAh_per_cm2: float
    average_voltage_V: float
    np_ratio: float
    positive_capacity_mAh_per_g: float
    positive_capacity_basis: str
    layers: dict[str, dict[str, float]]  # name -> thickness_um, mass_mg_per_cm2
    levels: dict[str, dict[str, float]]  # level -> Wh_per_kg, Wh_per_L ({} for a half cell)
    sources: list[tuple[str, Source]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    half_cell: bool = False

    derived: ClassVar[tuple[str, ...]] = ("cell", "level_basis")
    checks = (
        positive("areal_capacity_mAh_per_cm2", "positive_capacity_mAh_per_g"),
        finite("average_voltage_V"),
    )

    def __post_init__(self) -> None:
        """Refuse figures no design gives (ResultValueError naming them), beyond ``checks``
        (capacities finite and > 0, a finite voltage): a design that fails its own checks
        (fractions in 0..1 adding up to 1, positive sizes;
        :func:`~hydrion.cell.stack_design.check_design`), layer and level figures that are
        not finite (layers ≥ 0).

        A user's design is refused by :func:`resolve` (InputError) before any work; a result
        built with a design that fails those checks is hydrion's bug, and read back from a
        file :meth:`~hydrion.results.Result.from_dict` makes it an InputError naming the field.
        """
        super().__post_init__()
        try:
            check_design(self.design)
        except InputError as exc:
            raise ResultValueError(f"{type(self).__name__}.design: {exc}") from None
        figures = [(f"layers.{k}.{n}", v) for k, d in self.layers.items() for n, v in d.items()]
        figures += [(f"levels.{k}.{n}", v) for k, d in self.levels.items() for n, v in d.items()]
        for name, value in figures:
            if not math.isfinite(value) or (name.startswith("layers") and value < 0):
                raise ResultValueError(
                    f"{type(self).__name__}.{name} must be finite (≥ 0 for a layer), not {value}"
                )

    @property
    def cell(self) -> str:
        """'positive | electrolyte | negative' (part ids)."""
        return f"{self.design.positive} | {self.design.electrolyte} | {self.design.negative}"

    @property
    def level_basis(self) -> dict[str, str]:
        """What each level of ``levels`` counts (stack, cell...), in words."""
        return {level: LEVEL_BASIS[level] for level in self.levels}


def is_half_cell(resolved: ResolvedStack) -> bool:
    """A hydride working electrode (a knowledge-base ``electrode``, Table 2) against the metal
    of its working ion: a half cell, not a battery."""
    return resolved.positive.kb_kind == "electrode" and resolved.negative.role == "metal"


def capacity_basis(design: StackDesign) -> str:
    """What the positive capacity of ``design`` is, as shown next to the number."""
    if design.positive_capacity_mAh_per_g is None:
        return "theoretical, per pristine active mass"
    return design.positive_capacity_basis or "given (practical), per pristine active mass"


def evaluate(resolved: ResolvedStack) -> StackResult:
    """The :class:`StackResult` of a resolved design."""
    inputs = resolved.inputs()
    m = {k: float(v) for k, v in stack_metrics(**inputs).items()}
    d = resolved.design
    layers = {
        "positive collector": (
            d.positive_collector[1],
            inputs["collector_pos_thickness_cm"] * inputs["collector_pos_rho_g_per_cm3"] * 1e3,
        ),
        "positive composite": (
            m["positive_thickness_cm"] * UM_PER_CM,
            m["positive_mass_mg_per_cm2"],
        ),
        "separator": (d.separator_thickness_um, m["separator_mass_mg_per_cm2"]),
        "negative": (m["negative_thickness_cm"] * UM_PER_CM, m["negative_mass_mg_per_cm2"]),
        "negative collector": (
            d.negative_collector[1],
            inputs["collector_neg_thickness_cm"] * inputs["collector_neg_rho_g_per_cm3"] * 1e3,
        ),
    }
    warnings = []
    half_cell = is_half_cell(resolved)
    if half_cell:
        warnings.append(
            f"{resolved.positive.id} against {resolved.negative.id} is a half cell: a hydride "
            f"conversion electrode ({resolved.positive.average_voltage_V:.2f} V vs "
            f"{resolved.negative.id}) is an anode material, so its capacity per electrode "
            "mass and potential are the figures of merit; no Wh/kg or Wh/L is given, as "
            "they would not be those of a battery"
        )
    if d.np_ratio < 1:
        warnings.append(f"N/P = {d.np_ratio:g} < 1: the negative limits the cell, not the positive")
    return StackResult(
        design=d,
        areal_capacity_mAh_per_cm2=m["areal_capacity_mAh_per_cm2"],
        average_voltage_V=m["average_voltage_V"],
        np_ratio=d.np_ratio,
        positive_capacity_mAh_per_g=inputs["q_pos_mAh_per_g"],
        positive_capacity_basis=capacity_basis(d),
        layers={k: {"thickness_um": t, "mass_mg_per_cm2": w} for k, (t, w) in layers.items()},
        levels={}
        if half_cell
        else {
            level: {"Wh_per_kg": m[f"{level}_Wh_per_kg"], "Wh_per_L": m[f"{level}_Wh_per_L"]}
            for level in LEVELS
        },
        sources=resolved.sources(),
        warnings=warnings,
        half_cell=half_cell,
    )


def design_stack(design: StackDesign, kb=None) -> StackResult:
    """Resolve the parts of ``design`` and compute its stack figures.

    Parameters
    ----------
    design : StackDesign
        Part ids and layer geometry (``StackDesign.default(positive, electrolyte, negative)``
        takes the defaults of ``cell/data/defaults.yaml``).
    kb : KnowledgeBase, optional
        Knowledge base of the parts; default :func:`hydrion.kb.open_kb`.

    Returns
    -------
    StackResult
        Areal capacity (mAh/cm²), average voltage (V), N/P, layers (µm, mg/cm²) and Wh/kg and
        Wh/L per level ({} for a half cell), with sources and warnings.

    Raises
    ------
    UnknownRecordError
        A part hydrion does not know.
    InputError
        A pair that makes no cell or a geometry that cannot be built.

    Examples
    --------
    >>> result = design_stack(StackDesign.default("tis2", "libh4", "li"))
    >>> f"{result.positive_capacity_mAh_per_g:.0f} mAh/g, {result.average_voltage_V:.2f} V"
    '239 mAh/g, 2.00 V'
    """
    return evaluate(resolve(design, kb))
