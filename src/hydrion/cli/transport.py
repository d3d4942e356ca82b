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
        list[str] | None,
        typer.Option(
            "--temperature",
            "-T",
            help="Temperature, e.g. '25C' or '300 K'; repeat for more (-T 25C -T 60C).",
        ),
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
    """Modelled ionic conductivity of a knowledge-base electrolyte at one or more temperatures.

    One answer per temperature (--json: one object, or a list of them, in the order given).
    The value comes from the phase's Arrhenius law fitted to all its stored values (weighted by
    precision, reported Ea as prior); stored values at this temperature are shown next to it.
    Its ± (1σ, decades) says what it rests on: hydrion's assumed precision of the stored values
    (--json: sigma_err_basis). With --reach, the lowest temperature comes with the phase,
    status and warnings of the law it rests on (--json: reach). MD predictions stored in the
    user database (hydrion md analyse --store) follow in their own block labelled "predicted
    (MLIP MD, <model>)" (--json: key predicted); they never enter the fit.
    """
    from hydrion.atomistic.stored import stored_predictions
    from hydrion.cli.md_prediction_rows import prediction_rows
    from hydrion.errors import MissingDataError
    from hydrion.kb import open_kb
    from hydrion.transport import conductivity_model
    from hydrion.transport import reach as reach_of
    from hydrion.transport.kb_data import measured_note
    from hydrion.transport.phase_laws import VALIDITY_MARGIN_K
    from hydrion.transport.sigma_points import cited

    texts = [*(temperature or []), *([temperature_alias] if temperature_alias else [])]
    if not texts:
        beside = " (--reach is shown beside σ at those temperatures)" if reach else ""
        raise InputError(f"give the temperature with --temperature/-T, e.g. -T 25C{beside}")
    temperatures_K = [parse_temperature_K(text) for text in texts]
    target = parse_conductivity_S_per_cm(reach) if reach else None
    kb = open_kb()
    material = kb.material(name)
    try:
        model = conductivity_model(material)
    except MissingDataError as exc:  # name the value stored here, if any, in the refusal
        raise type(exc)(f"{exc}{measured_note(material, temperatures_K[0])}") from None
    branch = direction.value if direction else None
    results = [model.sigma(T_K, branch) for T_K in temperatures_K]
    reached = reach_of(model, target, branch or "heating") if target is not None else None
    predicted = stored_predictions(kb, material)  # shown beside the model, never fitted
    if as_json:
        payloads = []
        for result in results:
            payload = result.as_dict()
            if reached:
                payload["reach"] = reached
            if predicted:
                payload["predicted"] = predicted
            payloads.append(payload)
        print_json(payloads[0] if len(payloads) == 1 else payloads)
        return
    for T_K, result in zip(temperatures_K, results, strict=True):
        law = result.law
        low, high = (format_celsius(t) for t in result.validity_K)
        rows = [
            (
                "σ (model)",
                f"{format_sci(result.sigma_S_per_cm)} S/cm at {format_celsius(T_K)} "
                f"(± {result.sigma_err_log10:.2f} decade, 1σ; {result.sigma_err_basis})",
            ),
            ("phase", result.phase),
            ("status", result.status_text),
            ("valid", f"{low} – {high} (data ± {VALIDITY_MARGIN_K:g} K, within the phase)"),
            (
                "law",
                f"Ea = {law['Ea_eV']:.3f} ± {law['Ea_err_eV']:.2g} eV, {law['convention']} "
                f"convention ({law['basis']})",
            ),
        ]
        stored = [s["value"] + cited(s) for s in result.stored]
        rows += [("stored here", text) for text in stored]
        if reached is not None:
            rows.append(
                (
                    "reaches",
                    f"{format_sci(target)} S/cm from "
                    f"{format_celsius(reached.lowest_temperature_K)} "
                    f"({reached.phase} law: {reached.status})",
                )
            )
            # the flags of the law the temperature rests on, unless the σ above shares them
            rows += [("reach flag", w) for w in reached.warnings if w not in result.warnings]
        law_sources = [*result.sources, *(reached.sources if reached else ())]
        sources = (s["value"] + cited(s) for s in law_sources)
        rows += [("source", text) for text in dict.fromkeys(sources) if text not in stored]
        rows += [("warning", w) for w in result.warnings]
        title = result.name if len(results) == 1 else f"{result.name} at {format_celsius(T_K)}"
        print_table(title, ("", ""), rows)
    for prediction in predicted:
        print_table(f"{results[0].name}: {prediction.label}", ("", ""), prediction_rows(prediction))
