"""How a stored MD prediction is shown as table rows (``hydrion sigma``'s predicted block)."""

from __future__ import annotations

from hydrion.atomistic.stored import ABSOLUTE_ZERO_C, StoredPrediction
from hydrion.cli.output import format_sci


def structure_text(phase: str | None, doi: str | None) -> str:
    """'<phase> doi:<doi>' of a prediction's structure; 'no DOI (user structure)' without one."""
    source = f"doi:{doi}" if doi else "no DOI (user structure)"
    return f"{phase} {source}" if phase else source


def prediction_rows(prediction: StoredPrediction) -> list[tuple[str, str]]:
    """Table rows of one stored MD prediction (``hydrion sigma``'s predicted block)."""

    def celsius(T_K: float | None) -> str:
        return "" if T_K is None else f"{T_K + ABSOLUTE_ZERO_C:.0f} °C"

    rows = [
        ("model", prediction.model_text()),
        ("structure", structure_text(prediction.phase, prediction.structure_doi)),
        (
            "simulated",
            f"{prediction.n_atoms} atoms, {prediction.replicas} replica(s) × "
            f"{', '.join(f'{t:g}' for t in prediction.simulated_time_ps)} ps per temperature",
        ),
    ]
    for s in prediction.sigma:
        error = "" if s.sigma_err_S_per_cm is None else f" ± {format_sci(s.sigma_err_S_per_cm)}"
        flag = "" if s.well_determined else " (ILL-DETERMINED)"
        flag += f" ({s.beyond_limit})" if s.beyond_limit else ""
        rows.append(
            (
                f"σ at {celsius(s.temperature_K)}",
                f"{format_sci(s.sigma_S_per_cm)}{error} S/cm{flag}",
            )
        )
    e = prediction.activation_energy
    if e is None:
        rows.append(("Ea", "not fitted (fewer than 3 temperatures with a resolved σ)"))
    else:
        error = "" if e.Ea_err_eV is None else f" ± {e.Ea_err_eV:.2g}"
        flag = "" if e.well_determined else " (ILL-DETERMINED)"
        flag += f" (fit range reaches {e.beyond_limit})" if e.beyond_limit else ""
        rows.append(
            (
                "Ea",
                f"{e.Ea_eV:.3f}{error} eV{flag}, {e.convention} convention, "
                f"{celsius(e.T_min_K)} – {celsius(e.T_max_K)}",
            )
        )
    rows.append(("record", f"{prediction.record_id} (user database; not in the fitted law)"))
    return rows
