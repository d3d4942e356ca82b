"""Tables of the knowledge base: queries on stored values and DataFrames of records.

:class:`Tables` is the part of :class:`~hydrion.kb.knowledge_base.KnowledgeBase` that
returns pandas DataFrames (pandas is imported only here, when a table is asked for).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hydrion.kb import index
from hydrion.kb.predicted import is_prediction
from hydrion.kb.references import Reference, describe_source

if TYPE_CHECKING:
    import pandas as pd

    from hydrion.kb.cell_records import Cell
    from hydrion.kb.records import Material

_CONDUCTIVITY_COLUMNS = [
    "id", "name", "kind", "family", "sigma_S_per_cm", "temperature_C", "precision", "phase",
]  # fmt: skip
_WINDOW_COLUMNS = ["id", "name", "family", "low_V", "high_V", "method"]
_MATERIAL_COLUMNS = ["id", "name", "kind", "ions", "family", "formula", "review_table", "origin"]


class Tables:
    """Queries on stored values and DataFrames; mixed into the knowledge base."""

    references: dict[int, Reference]
    _origin: dict[str, str]

    if TYPE_CHECKING:  # defined by the knowledge base

        def materials(
            self,
            kind: str | None = None,
            ion: str | None = None,
            family: str | None = None,
            predictions: bool = False,
        ) -> list[Material]: ...

        def cells(self, ion: str | None = None, material: str | None = None) -> list[Cell]: ...

        def _index_rows(self, sql: str, params: list | tuple) -> list[tuple]: ...

    def query_conductivity(
        self, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float = 5.0
    ) -> pd.DataFrame:
        """Stored conductivities of at least ``min_sigma`` measured within ± tolerance of T,
        highest first: columns id, name, kind, family, sigma_S_per_cm, temperature_C,
        precision, phase. Stored MD predictions are not measurements and are left out
        (``hydrion sigma`` and the report show them beside the measured values).

        Each argument is a number (S/cm, °C, °C) or a pint Quantity in any unit of the same
        dimension; raises :class:`~hydrion.errors.UnitError` otherwise.
        """
        import pandas as pd

        from hydrion.units import as_magnitude

        min_sigma_S_per_cm = as_magnitude(min_sigma_S_per_cm, "S/cm", "min_sigma_S_per_cm")
        temperature_C = as_magnitude(temperature_C, "degC", "temperature_C")
        tolerance_C = as_magnitude(tolerance_C, "delta_degC", "tolerance_C")
        rows = self._index_rows(
            index.CONDUCTIVITY_QUERY, (min_sigma_S_per_cm, temperature_C, tolerance_C)
        )
        rows = [row for row in rows if not is_prediction(row[1])]
        rows.sort(key=lambda row: -row[4])
        return pd.DataFrame(rows, columns=_CONDUCTIVITY_COLUMNS)

    def query_window(self, min_high_V: float, method: str | None = None) -> pd.DataFrame:
        """Stored windows whose oxidation limit reaches at least ``min_high_V`` (V), highest
        first, optionally of one method (experimental, theoretical): columns id, name,
        family, low_V, high_V, method."""
        import pandas as pd

        sql = index.WINDOW_QUERY
        params: list[float | str] = [min_high_V]
        if method:
            sql, params = sql + " AND w.method = ?", [*params, method]
        rows = self._index_rows(sql, params)
        rows.sort(key=lambda row: -row[4])
        return pd.DataFrame(rows, columns=_WINDOW_COLUMNS)

    def materials_frame(
        self,
        kind: str | None = None,
        ion: str | None = None,
        family: str | None = None,
        predictions: bool = False,
    ) -> pd.DataFrame:
        """One row per material (filters as :meth:`materials`, stored MD predictions only
        with ``predictions``): id, name, kind, ions, family, formula, review_table, origin."""
        import pandas as pd

        rows = [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind,
                "ions": ",".join(m.ions),
                "family": m.family,
                "formula": m.formula,
                "review_table": m.review_table,
                "origin": self._origin[m.id],
            }
            for m in self.materials(kind, ion, family, predictions)
        ]
        return pd.DataFrame(rows, columns=_MATERIAL_COLUMNS)

    def values_frame(self, material: Material) -> pd.DataFrame:
        """Every reported value of a material, one row each, with its source and DOIs.

        Columns are the union of the value fields (e.g. ``sigma_S_per_cm``, ``temperature_C``,
        ``Ea_eV``), so each row fills the ones its property has.
        """
        import pandas as pd

        rows = []
        for field, value in material.values():
            source = describe_source(value.source, self.references)
            rows.append(
                {
                    "property": field,
                    **value.model_dump(exclude={"source", "note"}, exclude_none=True),
                    "refs": source.get("refs", []),
                    "dois": source.get("dois", []) + ([source["doi"]] if "doi" in source else []),
                    "citation": source.get("citation"),
                    "source_kind": source["kind"],
                    "note": value.note,
                }
            )
        return pd.DataFrame(rows)

    def cells_frame(self, ion: str | None = None) -> pd.DataFrame:
        """One row per reported cell performance (cells of one working ion, or all)."""
        import pandas as pd

        rows = []
        for cell in self.cells(ion=ion):
            for entry in cell.performance:
                rows.append(
                    {
                        "cell": cell.id,
                        "cathode": cell.cathode,
                        "electrolyte": cell.electrolyte,
                        "anode": cell.anode,
                        "ion": cell.ion,
                        **entry.model_dump(exclude={"source", "note"}),
                        "refs": entry.source.refs,
                    }
                )
        return pd.DataFrame(rows)
