"""``hydrion sigma``: the modelled ionic conductivity of a knowledge-base electrolyte.

The other transport commands: ``hydrion arrhenius fit`` (:mod:`hydrion.cli.arrhenius`) and
``hydrion eis`` (:mod:`hydrion.cli.eis`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from hydrion.cli.options import JsonOption
from hydrion.cli.output import format_celsius, format_sci, print_json, print_table
from hydrion.errors import InputError
from hydrion.units import parse_conductivity_S_per_cm, parse_temperature_K


class Direction(StrEnum):
    heating = "heating"
    cooling = "cooling"


def sigma(
    name: Annotated[str, typer.Argument(help="Material name, id or formula.")],
    temperature: Annotated[
        str | None,
        typer.Option("--temperature", "-T", help="Temperature, e.g. '25C' or '300 K'."),
    ] = None,
    direction: Annotated[
        Direction | None, typer.Option(help="Branch of a hysteretic transition.")
    ] = None,
    reach: Annotated[
        str | None,
        typer.Option(help="Also give the lowest temperature reaching this σ, e.g. '1 mS/cm'."),
    ] = None,
    as_json: JsonOption = False,
    temperature_alias: Annotated[
        str | None, typer.Option("--T", hidden=True, help="Old spelling of --temperature.")
    ] = None,
) -> None:
    """Modelled ionic conductivity of a knowledge-base electrolyte at a temperature.

    The value comes from the phase's Arrhenius law fitted to all its stored values (weighted
    by precision, reported Ea as prior); stored values at this temperature are shown next to it.
    MD predictions stored in the user database (``hydrion md analyse --store``) follow in their
    own block labelled "predicted (MLIP MD, <model>)" (``--json``: key ``predicted``); they
    never enter the fit.
    """
    from hydrion.atomistic.stored import stored_predictions
    from hydrion.cli.atomistic import prediction_rows
    from hydrion.errors import MissingDataError
    from hydrion.kb import open_kb
    from hydrion.transport import conductivity_model
    from hydrion.transport import reach as reach_of
    from hydrion.transport.kb_data import measured_note
    from hydrion.transport.phase_laws import VALIDITY_MARGIN_K
    from hydrion.transport.sigma_points import cited

    temperature = temperature or temperature_alias
    if temperature is None:
        raise InputError("give the temperature with --temperature/-T, e.g. -T 25C")
    T_K = parse_temperature_K(temperature)
    target = parse_conductivity_S_per_cm(reach) if reach else None
    kb = open_kb()
    material = kb.material(name)
    try:
        model = conductivity_model(material)
    except MissingDataError as exc:  # name the value stored here, if any, in the refusal
        raise type(exc)(f"{exc}{measured_note(material, T_K)}") from None
    branch = direction.value if direction else None
    result = model.sigma(T_K, branch)
    reached = reach_of(model, target, branch or "heating") if target is not None else None
    predicted = stored_predictions(kb, material)  # shown beside the model, never fitted
    if as_json:
        payload = result.as_dict()
        if reached:
            payload["reach"] = reached
        if predicted:
            payload["predicted"] = predicted
        print_json(payload)
        return
    law = result.law
    low, high = (format_celsius(t) for t in result.validity_K)
    rows = [
        (
            "σ (model)",
            f"{format_sci(result.sigma_S_per_cm)} S/cm at {format_celsius(T_K)} "
            f"(± {result.sigma_err_log10:.2f} decade, 1σ)",
        ),
        ("phase", result.phase),
        ("status", result.status_text),
        ("valid", f"{low} – {high} (data ± {VALIDITY_MARGIN_K:g} K, within the phase)"),
        (
            "law",
            f"Ea = {law['Ea_eV']:.3f} ± {law['Ea_err_eV']:.2g} eV, {law['convention']} convention "
            f"({law['basis']})",
        ),
    ]
    rows += [("stored here", s["value"] + cited(s)) for s in result.stored]
    if reached is not None:
        rows.append(
            (
                "reaches",
                f"{format_sci(target)} S/cm from {format_celsius(reached.lowest_temperature_K)}",
            )
        )
    rows += [("source", s["value"] + cited(s)) for s in result.sources]
    rows += [("warning", w) for w in result.warnings]
    print_table(result.name, ("", ""), rows)
    for prediction in predicted:
        print_table(f"{result.name}: {prediction.label}", ("", ""), prediction_rows(prediction))
