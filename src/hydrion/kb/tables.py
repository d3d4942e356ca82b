"""Tables of the knowledge base: queries on stored values and DataFrames of records.

:class:`Tables` is the part of :class:`~hydrion.kb.knowledge_base.KnowledgeBase` that
returns pandas DataFrames (pandas is imported only here, when a table is asked for).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hydrion.kb import index
from hydrion.kb.predicted import is_prediction
from hydrion.kb.references import Reference
from hydrion.kb.value_rows import material_export_rows, performance_rows, value_rows

if TYPE_CHECKING:
    import pandas as pd

    from hydrion.kb.cell_records import Cell
    from hydrion.kb.records import Material

_CONDUCTIVITY_COLUMNS = [
    "id", "name", "kind", "family", "sigma_S_per_cm", "temperature_C", "precision", "phase",
]  # fmt: skip
_WINDOW_COLUMNS = ["id", "name", "family", "low_V", "high_V", "method"]
_MATERIAL_COLUMNS = ["id", "name", "kind", "ions", "family", "formula", "review_table", "origin"]
_PAGE = 1000


class Tables:
    """Queries on stored values and DataFrames; mixed into the knowledge base."""

    references: dict[int, Reference]
    _origin: dict[str, str]
    _bad: set[tuple[str, str]]
    _materials: dict[str, Material]
    _cells: dict[str, Cell]
    _keys: dict[str, str]

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

        def _curated_rows(self, sql: str, params: list | tuple) -> list[tuple]: ...

        def _user_rows(self, sql: str, params: list | tuple) -> list[tuple]: ...

        def _check_filters(self, kind: str | None, ion: str | None) -> None: ...

        def _load_user(self, kind: str, ids: list[str]) -> None: ...

    def query_conductivity(
        self, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float = 5.0
    ) -> pd.DataFrame:
        """Stored conductivities of at least ``min_sigma`` measured within ± tolerance of T,
        highest first: columns id, name, kind, family, sigma_S_per_cm, temperature_C,
        precision, phase. Stored MD predictions are not measurements and are left out
        (``hydrion sigma`` and the report show them beside the measured values). An upper
        bound never passes (σ < x cannot show σ reaches the bar); a lower bound passes where
        the bound itself reaches the bar, and is listed with precision 'lower_bound' (the
        rules of :func:`hydrion.transport.screening.screened_matches`).

        Each argument is a number (S/cm, °C, °C) or a pint Quantity in any unit of the same
        dimension; raises :class:`~hydrion.errors.UnitError` otherwise.
        """
        import pandas as pd

        rows = self.conductivity_rows(min_sigma_S_per_cm, temperature_C, tolerance_C)
        return pd.DataFrame(rows, columns=_CONDUCTIVITY_COLUMNS)

    def conductivity_rows(
        self, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float = 5.0
    ) -> list[dict]:
        """The rows of :meth:`query_conductivity` (same arguments, rules and order) as dicts
        with its columns, without pandas."""
        from hydrion.units import as_magnitude

        min_sigma_S_per_cm = as_magnitude(min_sigma_S_per_cm, "S/cm", "min_sigma_S_per_cm")
        temperature_C = as_magnitude(temperature_C, "degC", "temperature_C")
        tolerance_C = as_magnitude(tolerance_C, "delta_degC", "tolerance_C")
        rows = self._index_rows(
            index.CONDUCTIVITY_QUERY + " AND c.precision != 'upper_bound'",
            (min_sigma_S_per_cm, temperature_C, tolerance_C),
        )
        rows = [row for row in rows if not is_prediction(row[1]) and self._on_record(row)]
        rows.sort(key=lambda row: -row[4])
        return [dict(zip(_CONDUCTIVITY_COLUMNS, row, strict=True)) for row in rows]

    def _on_record(self, row: tuple) -> bool:
        """Whether an index row's (σ, T) is a conductivity of its validated record; a row
        edited behind hydrion's back (σ = 1e308 written into the index table) is warned
        about and left out."""
        import warnings

        from hydrion.errors import HydrionWarning

        record = self._materials.get(row[0])
        held = record is not None and any(
            c.sigma_S_per_cm == row[4] and c.temperature_C == row[5] for c in record.conductivities
        )
        if not held:
            warnings.warn(
                f"{row[0]}: the index lists σ = {row[4]!r} S/cm at {row[5]!r} °C, which its "
                "record does not hold (index edited outside hydrion?); left out",
                HydrionWarning,
                stacklevel=3,
            )
        return held

    def query_window(self, min_high_V: float, method: str | None = None) -> pd.DataFrame:
        """Stored windows whose oxidation limit reaches at least ``min_high_V`` (V), highest
        first, optionally of one method (experimental, theoretical): columns id, name,
        family, low_V, high_V, method."""
        import pandas as pd

        return pd.DataFrame(self.window_rows(min_high_V, method), columns=_WINDOW_COLUMNS)

    def window_rows(self, min_high_V: float, method: str | None = None) -> list[dict]:
        """The rows of :meth:`query_window` (same arguments and order) as dicts with its
        columns (a window without a reported low limit: ``low_V`` None), without pandas."""
        sql = index.WINDOW_QUERY
        params: list[float | str] = [min_high_V]
        if method:
            sql, params = sql + " AND w.method = ?", [*params, method]
        rows = self._index_rows(sql, params)
        rows.sort(key=lambda row: -row[4])
        return [dict(zip(_WINDOW_COLUMNS, row, strict=True)) for row in rows]

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

    def material_rows(
        self, kind: str | None = None, ion: str | None = None, family: str | None = None
    ) -> Iterator[dict]:
        """The index row of each material (filters as :meth:`materials`), in id order,
        streamed: the user database is read in pages of 1000 rows, so memory does not grow
        with the number of records.

        Each row has the columns of :meth:`materials_frame` (id, name, kind, ions, family,
        formula, review_table, origin) as the index holds them: what each record said when it
        was stored and validated. Records are not read again, so a user record that no longer
        loads (e.g. it cites a reference a newer review list lacks) is listed here and skipped
        with a warning by :meth:`material`. Records skipped when the database opened
        (clashes, unindexed rows) are left out.

        Raises :class:`~hydrion.errors.InputError` for an unknown kind or ion.
        """
        self._check_filters(kind, ion)
        sql, params = index.material_query(kind, ion, family)
        columns = ", ".join(_MATERIAL_COLUMNS)
        listing = sql.replace("SELECT id FROM", f"SELECT {columns} FROM", 1)
        curated = self._curated_rows(listing + " ORDER BY id", params)
        rows = heapq.merge(curated, self._user_pages(listing, params), key=lambda row: row[0])
        for row in rows:
            yield dict(zip(_MATERIAL_COLUMNS, row, strict=True))

    def cell_records(self, ion: str | None = None) -> Iterator[Cell]:
        """The cells of :meth:`cells` (of one working ion, or all), in id order, streamed.

        The user database's index is read a page of 1000 ids at a time; the records of a
        page (and the user materials their checks read) are validated as by :meth:`cells`,
        yielded, and then dropped from the knowledge base's memory, so memory does not grow
        with the number of cells. A record that does not load is skipped with a warning.

        Raises :class:`~hydrion.errors.InputError` for an unknown ion.
        """
        self._check_filters(None, ion)
        yield from self._streamed("cell", *index.cell_query(ion))

    def material_records(self, sql: str, params: list) -> Iterator[Material]:
        """The materials whose ids an index query returns, curated and user, in id order,
        streamed as :meth:`cell_records` streams cells (memory does not grow with the number
        of records; a record that does not load is skipped with a warning).

        ``sql`` selects ids from the ``materials`` index table and ends in its WHERE clause
        (``SELECT id FROM materials WHERE …``: :func:`hydrion.kb.index.material_query`), so
        that it can be read a page at a time; ``params`` are its parameters.
        """
        yield from self._streamed("material", sql, params)

    def cell_ids(self, ion: str | None = None) -> Iterator[str]:
        """The ids of the cells of :meth:`cell_records`, in id order, streamed from the
        indexes alone: no record is read (a stored cell that would not load is counted too).

        Raises :class:`~hydrion.errors.InputError` for an unknown ion.
        """
        self._check_filters(None, ion)
        return self._merged_ids("cell", *index.cell_query(ion))

    def _merged_ids(self, kind: str, sql: str, params: list) -> Iterator[str]:
        """The ids ``sql`` returns on both indexes (records of this kind), in id order, the
        user database's a page at a time."""
        curated = self._curated_rows(sql + " ORDER BY id", params)
        rows = heapq.merge(curated, self._user_pages(sql, params, kind), key=lambda r: r[0])
        return (row[0] for row in rows)

    def _streamed(self, kind: str, sql: str, params: list) -> Iterator:
        """The records of this kind whose ids ``sql`` returns on both indexes, in id order, a
        page of user records at a time (:meth:`_page_of`)."""
        page: list[str] = []
        for record_id in self._merged_ids(kind, sql, params):
            page.append(record_id)
            if len(page) == _PAGE:
                yield from self._page_of(kind, page)
                page = []
        yield from self._page_of(kind, page)

    def _page_of(self, kind: str, ids: list[str]) -> Iterator:
        """The records of this kind with these ids that load; user records read here (and
        the user materials a cell's checks read) are dropped after."""
        held_cells, held_materials = set(self._cells), set(self._materials)
        loaded: dict = self._cells if kind == "cell" else self._materials
        wanted = [i for i in ids if i not in loaded]
        if kind == "cell":  # the user materials their checks read: one query a page, not each
            self._load_user("material", self._user_cell_parts(wanted))
        self._load_user(kind, wanted)
        try:
            yield from (loaded[i] for i in ids if i in loaded)
        finally:
            for cell_id in [i for i in self._cells if i not in held_cells]:
                del self._cells[cell_id], self._origin[cell_id]
            for material_id in [i for i in self._materials if i not in held_materials]:
                material = self._materials.pop(material_id)
                del self._origin[material_id]
                for key in index.material_keys(material):
                    if self._keys.get(key) == material_id:
                        del self._keys[key]

    def _user_cell_parts(self, cell_ids: list[str]) -> list[str]:
        """The ids of the materials the user cells with these ids are made of that are not
        held yet (from the user database's index; none where it is not indexed)."""
        parts: list[str] = []
        for part in index.chunks(cell_ids):
            rows = self._user_rows(
                "SELECT cathode, electrolyte, anode FROM cells "  # noqa: S608
                f"WHERE id IN ({index.placeholders(part)})",
                list(part),
            )
            parts += [i for row in rows for i in row if i not in self._materials]
        return parts

    def _user_pages(
        self, listing: str, params: list[str], kind: str = "material"
    ) -> Iterator[tuple]:
        """User index rows of ``listing`` (records of this kind) in id order, one page of rows
        at a time."""
        last = ""
        while True:
            page = self._user_rows(
                listing + " AND id > ? ORDER BY id LIMIT ?", [*params, last, _PAGE]
            )
            for row in page:
                if self._origin.get(row[0]) != "curated" and (kind, row[0]) not in self._bad:
                    yield row
            if len(page) < _PAGE:
                return
            last = page[-1][0]

    def values_frame(self, material: Material) -> pd.DataFrame:
        """Every reported value of a material, one row each, with its source and DOIs.

        Columns are the union of the value fields (e.g. ``sigma_S_per_cm``, ``temperature_C``,
        ``Ea_eV``), so each row fills the ones its property has
        (:func:`~hydrion.kb.value_rows.value_rows`).
        """
        import pandas as pd

        return pd.DataFrame(value_rows(material, self.references))

    def cells_frame(self, ion: str | None = None) -> pd.DataFrame:
        """One row per reported cell performance (cells of one working ion, or all):
        :func:`~hydrion.kb.value_rows.performance_rows`."""
        import pandas as pd

        return pd.DataFrame([row for cell in self.cells(ion=ion) for row in performance_rows(cell)])

    def export_rows(self, kind: str | None = None) -> Iterator[dict]:
        """The rows of ``hydrion db export``, in record id order, streamed a page of records at
        a time (:meth:`material_records`, :meth:`cell_records`): memory does not grow with
        the number of records.

        Parameters
        ----------
        kind : {"electrolyte", "electrode", "counter_electrode", "cell"}, optional
            'cell': every reported cell performance
            (:func:`~hydrion.kb.value_rows.performance_rows`); a material kind, or None for
            all: every reported value of those materials, stored MD predictions included
            (:func:`~hydrion.kb.value_rows.material_export_rows`).

        Returns
        -------
        iterator of dict
            One dict per row; each holds only the columns its value has.

        Raises
        ------
        InputError
            An unknown kind.
        """
        if kind == "cell":
            return (row for cell in self.cell_records() for row in performance_rows(cell))
        self._check_filters(kind, None)  # now, not when the first row is asked for
        materials = self.material_records(*index.material_query(kind, None, None))
        return (row for m in materials for row in material_export_rows(m, self.references))
