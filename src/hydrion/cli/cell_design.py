"""``hydrion cell design``: areal capacity, Wh/kg and Wh/L of a stack of KB parts, its
sensitivity studies and, at a temperature, its ohmic rate limits."""

from __future__ import annotations

import math
from typing import Annotated, Literal

import typer

from hydrion.cli.cell_options import check_np, parse_list
from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json, print_table, say
from hydrion.errors import InputError, MissingDataError, UnknownRecordError
from hydrion.units import ABSOLUTE_ZERO_C, parse_positive, parse_temperature_K, parse_voltage_V

Cathode = Annotated[str, typer.Option("--cathode", help="Positive electrode id (e.g. tis2).")]
Electrolyte = Annotated[str, typer.Option("--electrolyte", help="Electrolyte id (e.g. libh4).")]
Anode = Annotated[str, typer.Option("--anode", help="Negative electrode id (e.g. li, li-in).")]
ALLOWED_DROP_DEFAULT = "0.1 V"
ASSUMED = " (default, assumed)"


def _finite(value: float | None, what: str, low: float, high: float | None = None):
    """``value`` if finite and within [low, high) (high open), else a one-line InputError."""
    if value is None:
        return None
    if not math.isfinite(value) or value < low or (high is not None and value >= high):
        bound = f"in [{low:g}, {high:g})" if high is not None else f"at least {low:g}"
        raise InputError(f"{what} must be a finite number {bound}, got {value}")
    return value


def _composite(text: str, by: str, porosity: float | None):
    from hydrion.cell.stack_metrics import ElectrodeFormulation

    values = parse_list(text, "fractions")
    if len(values) not in (2, 3):
        raise InputError("fractions are active,electrolyte[,carbon]")
    if by not in ("weight", "volume"):
        raise InputError(f"--by is weight or volume, not {by!r}")
    active, electrolyte, carbon = [*values, 0.0][:3]
    basis: Literal["weight", "volume"] = "weight" if by == "weight" else "volume"
    return ElectrodeFormulation(active, electrolyte, carbon, porosity=porosity or 0.0, by=basis)


def _design(
    cathode: str,
    electrolyte: str,
    anode: str,
    *,
    fractions,
    by,
    porosity,
    loading,
    cathode_thickness,
    areal_capacity,
    separator,
    np_ratio,
    electrolyte_density,
    anode_fractions,
):
    """The StackDesign the command-line options describe (defaults for the rest), and the
    names (:data:`~hydrion.cell.design_report.DEFAULTED_INPUTS`) of the inputs defaulted."""
    from hydrion.cell.design_report import DEFAULTED_INPUTS
    from hydrion.cell.stack import StackDesign
    from hydrion.cell.stack_metrics import ElectrodeFormulation

    changes = {}
    base = StackDesign.default(cathode, electrolyte, anode).positive_composite
    if fractions is not None:
        changes["positive_composite"] = _composite(
            fractions, by, porosity if porosity is not None else base.porosity
        )
    elif porosity is not None or by != "weight":
        changes["positive_composite"] = ElectrodeFormulation(
            base.active,
            base.electrolyte,
            base.carbon,
            porosity if porosity is not None else base.porosity,
            by,
        )
    if anode_fractions is not None:
        changes["negative_composite"] = _composite(anode_fractions, by, porosity)
    if cathode_thickness is not None:
        changes["positive_thickness_um"] = parse_positive(cathode_thickness, "um")
        changes["areal_capacity_mAh_per_cm2"] = None
    if loading is not None:
        changes["loading_mg_per_cm2"] = parse_positive(loading, "mg/cm**2")
        changes["areal_capacity_mAh_per_cm2"] = None
    if areal_capacity is not None:
        changes["areal_capacity_mAh_per_cm2"] = parse_positive(areal_capacity, "mAh/cm**2")
    if separator is not None:
        changes["separator_thickness_um"] = parse_positive(separator, "um")
    if np_ratio is not None:
        changes["np_ratio"] = np_ratio
    if electrolyte_density is not None:
        changes["electrolyte_density_g_per_cm3"] = parse_positive(electrolyte_density, "g/cm**3")
    given = {
        "positive_composite": fractions is not None,
        "positive_porosity": porosity is not None,
        "negative_composite": anode_fractions is not None,
    }
    assumed = tuple(name for name in DEFAULTED_INPUTS if not given.get(name, name in changes))
    return StackDesign.default(cathode, electrolyte, anode, **changes), assumed


def design(
    cathode: Cathode,
    electrolyte: Electrolyte,
    anode: Anode,
    temperature: Annotated[
        str | None, typer.Option(help="Temperature for the rate limits, e.g. '120 C'.")
    ] = None,
    fractions: Annotated[
        str | None, typer.Option(help="Positive composite active,electrolyte[,carbon].")
    ] = None,
    by: Annotated[str, typer.Option(help="'weight' or 'volume' fractions.")] = "weight",
    porosity: Annotated[float | None, typer.Option(help="Positive composite porosity.")] = None,
    loading: Annotated[str | None, typer.Option(help="Active loading, e.g. '10 mg/cm2'.")] = None,
    cathode_thickness: Annotated[
        str | None, typer.Option(help="Instead of --loading, e.g. '80 um'.")
    ] = None,
    areal_capacity: Annotated[
        str | None,
        typer.Option(help="Instead of --loading, e.g. '2 mAh/cm2' (the default sizing)."),
    ] = None,
    separator: Annotated[
        str | None, typer.Option(help="Separator thickness, e.g. '500 um'.")
    ] = None,
    np_ratio: Annotated[float | None, typer.Option("--np", help="N/P capacity ratio.")] = None,
    anode_fractions: Annotated[
        str | None,
        typer.Option(
            help="A composite anode (e.g. MgH2) active,electrolyte[,carbon]; default: a dense foil."
        ),
    ] = None,
    electrolyte_density: Annotated[
        str | None, typer.Option(help="Electrolyte density if not on record, e.g. '1.2 g/cm3'.")
    ] = None,
    c_rates: Annotated[str, typer.Option(help="C-rates for the ohmic drop.")] = "0.1,0.5,1,2",
    allowed_drop: Annotated[str, typer.Option(help="Allowed ohmic drop.")] = ALLOWED_DROP_DEFAULT,
    as_json: JsonOption = False,
) -> None:
    """Areal capacity, Wh/kg and Wh/L (active, electrode, stack) and the separator study."""
    from hydrion.cell.stack import evaluate, resolve
    from hydrion.cell.studies import active_fraction_study, separator_study
    from hydrion.kb import open_kb

    if by not in ("weight", "volume"):
        raise InputError(f"--by must be 'weight' or 'volume', not {by!r}")
    _finite(porosity, "--porosity", 0.0, 1.0)
    check_np(np_ratio)
    rates_list = parse_list(c_rates, "C-rates", positive=True)
    allowed_V = parse_voltage_V(allowed_drop)
    if not (math.isfinite(allowed_V) and allowed_V > 0):
        raise InputError(f"--allowed-drop must be a positive voltage, got {allowed_drop!r}")
    temperature_K = parse_temperature_K(temperature) if temperature is not None else None
    kb = open_kb()
    stack_design, assumed = _design(
        cathode,
        electrolyte,
        anode,
        fractions=fractions,
        by=by,
        porosity=porosity,
        loading=loading,
        cathode_thickness=cathode_thickness,
        areal_capacity=areal_capacity,
        separator=separator,
        np_ratio=np_ratio,
        electrolyte_density=electrolyte_density,
        anode_fractions=anode_fractions,
    )
    resolved = resolve(stack_design, kb)
    result = evaluate(resolved)
    studies = (
        [] if result.half_cell else [separator_study(resolved), active_fraction_study(resolved)]
    )
    limits, limits_error = None, None
    if temperature_K is not None:
        limits, limits_error = _limits(resolved, kb, temperature_K, rates_list, allowed_V)
    from hydrion.cell.design_report import DesignReport

    if allowed_drop == ALLOWED_DROP_DEFAULT:
        assumed += ("allowed_drop_V",)
    report = DesignReport.of(result, studies, limits, limits_error, assumed)
    if as_json:
        print_json(report)
        return
    _render_design(report)


def _limits(resolved, kb, temperature_K, c_rates, allowed_V):
    """Rate limits, or (None, why) when the electrolyte has neither a σ(T) model nor a σ
    measured at the temperature."""
    from hydrion.cell.limits import rate_limits

    if not allowed_V > 0 or not all(c > 0 for c in c_rates):
        raise InputError("C-rates and the allowed drop must be positive")
    try:
        electrolyte = kb.material(resolved.electrolyte.id)
        return rate_limits(resolved, electrolyte, temperature_K, c_rates, allowed_V), None
    except (MissingDataError, UnknownRecordError) as exc:
        return None, str(exc)


def ohmic_drop_text(drop_V: float, reachable: bool, cell_V: float) -> str:
    """The ohmic drop j·ASR (V) as printed: the value while below the cell voltage ``cell_V``
    (V); past it (``reachable`` False, :attr:`DesignReport.ohmic_drop_reachable`) no such
    current can flow, so the rate is reported as not reachable instead of a meaningless
    number of volts."""
    if reachable:
        return f"{drop_V:.3g}"
    return f"not reachable (j·ASR > the {cell_V:.2f} V cell voltage)"


_UNIT_TEXT = {"um": "µm"}  # the studies' pint units as printed


def _voltage_source(result) -> str:
    """Where the positive's average voltage comes from, as printed after it ('[72]')."""
    source = dict(result.sources).get(f"{result.design.positive} voltage")
    if source is None:
        return ""
    refs = getattr(source, "refs", None) or []
    return f" [{', '.join(map(str, refs))}]" if refs else f" ({source.citation})"


def _layer_basis(result, layer: str) -> str:
    """What a layer is made of, each input from the defaults marked '(default, assumed)'."""
    design, assumed = result.design, set(result.assumed)

    def mark(*names: str) -> str:
        return ASSUMED if assumed.intersection(names) else ""

    def composite(c) -> str:
        return (
            f"{c.active:g}/{c.electrolyte:g}/{c.carbon:g} {c.by} active/electrolyte/carbon, "
            f"porosity {c.porosity:g}"
        )

    if layer == "positive collector":
        return f"{design.positive_collector[0]}{mark('positive_collector')}"
    if layer == "negative collector":
        return f"{design.negative_collector[0]}{mark('negative_collector')}"
    if layer == "positive composite":
        return composite(design.positive_composite) + mark(
            "positive_composite", "positive_porosity"
        )
    if layer == "separator":
        return (
            f"{design.electrolyte}, {design.separator_thickness_um:g} µm"
            f"{mark('separator_thickness_um')}, relative density "
            f"{design.separator_relative_density:g}{mark('separator_relative_density')}"
        )
    if layer == "negative":
        c = design.negative_composite
        made = "dense foil" if c.active == 1 else composite(c)
        return f"{made}{mark('negative_composite')}, N/P {design.np_ratio:g}{mark('np_ratio')}"
    return ""


def _render_design(result) -> None:
    """The tables of a :class:`~hydrion.cell.design_report.DesignReport`."""
    studies, limits, limits_error = result.studies, result.limits, result.limits_error
    from hydrion.cell.stack_metrics import LEVEL_BASIS

    def mark(name: str) -> str:
        return ASSUMED if name in result.assumed else ""

    if result.half_cell:
        say(
            (result.cell, "bold"),
            " (half cell): working electrode "
            f"{result.positive_capacity_mAh_per_g:.0f} mAh/g ({result.positive_capacity_basis}) "
            f"at {result.average_voltage_V:.2f} V vs {result.design.negative}, "
            f"{result.areal_capacity_mAh_per_cm2:.2f} mAh/cm²",
        )
    else:
        say(
            (result.cell, "bold"),
            f": {result.areal_capacity_mAh_per_cm2:.2f} mAh/cm²{mark('areal_capacity_mAh_per_cm2')}"
            f", {result.average_voltage_V:.2f} V{_voltage_source(result)}, N/P "
            f"{result.np_ratio:g}{mark('np_ratio')}, positive "
            f"{result.positive_capacity_mAh_per_g:.0f} mAh/g ({result.positive_capacity_basis})",
        )
    print_table(
        "Layers (per cm²)",
        ["layer", "thickness (µm)", "mass (mg/cm²)", "made of"],
        [
            (k, f"{v['thickness_um']:.1f}", f"{v['mass_mg_per_cm2']:.2f}", _layer_basis(result, k))
            for k, v in result.layers.items()
        ],
    )
    if not result.half_cell:
        print_table(
            "Energy",
            ["level", "Wh/kg", "Wh/L", "counts"],
            [
                (k, f"{v['Wh_per_kg']:.0f}", f"{v['Wh_per_L']:.0f}", LEVEL_BASIS[k])
                for k, v in result.levels.items()
            ],
        )
    for study in studies:
        print_table(
            f"Stack energy vs {study.variable}",
            [
                f"{study.variable} ({_UNIT_TEXT.get(study.unit, study.unit)})"
                if study.unit
                else study.variable,
                "stack Wh/kg",
                "stack Wh/L",
            ],
            [
                (f"{v:g}", f"{e:.0f}", f"{d:.0f}")
                for v, e, d in zip(study.values, study.Wh_per_kg, study.Wh_per_L, strict=True)
            ],
        )
    if limits is not None:
        from hydrion.kb.records import format_sigma

        sigma = format_sigma(limits.sigma_S_per_cm, limits.sigma_bound or "exact", stated=True)
        console.print(
            f"At {limits.temperature_K + ABSOLUTE_ZERO_C:.0f} °C: {sigma} "
            f"({limits.sigma_status}), separator ASR "
            f"{limits.separator_asr_ohm_cm2:.3g} Ω·cm², total {limits.total_asr_ohm_cm2:.3g} "
            f"Ω·cm², max {limits.max_c_rate:.3g} C within {limits.allowed_drop_V:g} V"
            f"{mark('allowed_drop_V')}",
            highlight=False,
        )
        print_table(
            "Ohmic drop",
            ["C-rate", "j (mA/cm²)", "drop (V)"],
            [
                (f"{c:.3g}", f"{j:.3g}", ohmic_drop_text(v, ok, result.average_voltage_V))
                for c, j, v, ok in zip(
                    limits.c_rates,
                    limits.current_density_mA_per_cm2,
                    limits.ohmic_drop_V,
                    result.ohmic_drop_reachable,
                    strict=True,
                )
            ],
        )
        if limits.lowest_temperature_K is not None:
            console.print(
                f"Lowest temperature for {limits.lowest_temperature_c_rate:.3g} C: "
                f"{limits.lowest_temperature_K + ABSOLUTE_ZERO_C:.0f} °C "
                f"({limits.lowest_temperature_basis})",
                highlight=False,
            )
            for flag in limits.lowest_temperature_warnings:  # the flags of the law it rests on
                if flag not in limits.warnings:
                    say(("  flag:", "yellow"), f" {flag}")
        for warning in limits.warnings:
            say(("warning:", "yellow"), f" {warning}")
    if limits_error:
        say(("no rate limits:", "yellow"), f" {limits_error}")
    for warning in result.warnings:
        say(("warning:", "yellow"), f" {warning}")
