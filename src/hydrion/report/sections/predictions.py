"""Report section: MD predictions stored in the user database, against measurement.

Nothing is precomputed or bundled: the table lists the ``calculation`` records that
``hydrion md analyse --store`` / ``hydrion predict`` wrote to the user database, each beside
the measured material's σ at the same temperature (its fitted law, with its status: measured,
interpolated or extrapolated) and its stored Ea of the same phase.
"""

from __future__ import annotations

import pandas as pd

from hydrion.atomistic.stored import StoredPrediction, measured_name, read_prediction
from hydrion.errors import HydrionError
from hydrion.kb import KnowledgeBase
from hydrion.kb.records import Material
from hydrion.report.section import Section, TableBlock
from hydrion.transport.screening import sigma_for_screening
from hydrion.units import ABSOLUTE_ZERO_C

EMPTY = (
    "No MD predictions are stored in the user database (run `hydrion md analyse --store` "
    "or `hydrion predict`); none are bundled."
)


def _predictions(kb: KnowledgeBase) -> list[tuple[StoredPrediction, Material | None]]:
    found = []
    for record in kb.prediction_records(kind="electrolyte"):  # indexed: only these are read
        name = measured_name(record)
        try:
            measured = kb.material(name) if name else None
        except HydrionError:
            measured = None  # a prediction for a composition nobody has measured
        prediction = read_prediction(record, None if measured is None else measured.id)
        if prediction is None:
            continue
        found.append((prediction, measured))
    return found


def _measured_Ea(measured: Material | None, phase: str | None) -> str:
    if measured is None:
        return ""
    values = [e for e in measured.activation_energies if phase is None or e.phase == phase]
    return "; ".join(f"{e.Ea_eV:g} ({e.phase or 'phase not given'})" for e in values)


def _rows(prediction: StoredPrediction, measured: Material | None) -> tuple[list[dict], set]:
    refs: set[int] = set()
    rows = []
    e = prediction.activation_energy
    for s in prediction.sigma:
        row: dict[str, object] = {
            "material": measured.name if measured is not None else "(not in the knowledge base)",
            "prediction": prediction.record_id,
            "model": prediction.model_text(),
            "atoms × replicas × ps": f"{prediction.n_atoms} × {prediction.replicas} × "
            + ", ".join(f"{t:g}" for t in prediction.simulated_time_ps),
            "T (°C)": round(s.temperature_K + ABSOLUTE_ZERO_C, 1),
            "σ predicted (S/cm)": s.sigma_S_per_cm,
            "± 1σ": s.sigma_err_S_per_cm,
            "predicted σ determined": "yes" if s.well_determined else "ILL-DETERMINED",
            "validity": s.beyond_limit or "within the stated limits",
            "σ measured/modelled (S/cm)": None,
            "how": "no measurement",
            "Ea predicted (eV)": None if e is None else round(e.Ea_eV, 3),
            "Ea ± 1σ": None if e is None or e.Ea_err_eV is None else round(e.Ea_err_eV, 3),
            "Ea measured (eV)": _measured_Ea(measured, prediction.phase),
        }
        if measured is not None:
            try:
                value = sigma_for_screening(measured, s.temperature_K)
            except HydrionError as exc:
                row["how"] = str(exc).split(";")[0]
            else:
                row["σ measured/modelled (S/cm)"] = value.sigma_S_per_cm
                row["how"] = f"{value.status} ({value.phase})" if value.phase else value.status
                refs.update(value.refs)
        rows.append(row)
    return rows, refs


def build(kb: KnowledgeBase) -> Section:
    """The stored MD predictions against measurement, or an empty-state line."""
    found = _predictions(kb)
    if not found:
        return Section(slug="predictions", title="MD predictions", intro=EMPTY)
    rows, refs = [], set()
    for prediction, measured in found:
        more, cited = _rows(prediction, measured)
        rows += more
        refs |= cited
    table = TableBlock(
        title="Predicted (MLIP MD) against measured σ and Ea",
        frame=pd.DataFrame(rows),
        note=(
            "Predictions are machine-learned-potential MD results from the user database, "
            "never measurements and never fitted with them. The measured column is the "
            "material's Arrhenius law from its stored values at the same temperature, with "
            "its status (an extrapolation far outside the data is flagged). Universal "
            "potentials tend to underestimate barriers (softened energy surfaces), so a "
            "predicted Ea below the measured one is expected."
        ),
    )
    return Section(
        slug="predictions",
        title="MD predictions",
        intro=f"{len(found)} MD prediction(s) stored in the user database.",
        tables=[table],
        references=sorted(refs),
    )
