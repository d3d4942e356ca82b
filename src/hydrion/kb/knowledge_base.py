"""The knowledge base a user queries: curated records plus the user's own, indexed in SQLite.

Lookups accept an id, a name as written in the review, an alias or a formula (compared by
reduced composition with pymatgen). Every lookup and filter runs as SQL on two indexes with
the same tables (:mod:`hydrion.kb.index`): an in-memory one of the curated records, and
the one inside the user database, which is queried where it lies. Reading and checking the
user records a query returns is :mod:`hydrion.kb.loaded_records`; tables and DataFrames are
:mod:`hydrion.kb.tables`; this module holds the lookups and the adding of user records.
"""

from __future__ import annotations

from pathlib import Path

from hydrion.errors import (
    FormulaError,
    InputError,
    RecordValidationError,
    UnknownRecordError,
)
from hydrion.kb import index
from hydrion.kb.adding import (
    check_batch,
    check_stored,
    curated_formula_owner,
    kind_of,
    revalidated,
)
from hydrion.kb.cell_records import Cell
from hydrion.kb.index import lookup_key
from hydrion.kb.loaded_records import TABLE_OF_KIND, LoadedRecords
from hydrion.kb.predicted import is_prediction
from hydrion.kb.record_files import read_record_file
from hydrion.kb.records import Material
from hydrion.kb.references import Reference
from hydrion.kb.tables import Tables

ION_CHOICES = ("Li", "Na", "Mg")
KIND_CHOICES = ("electrolyte", "electrode", "counter_electrode")


class KnowledgeBase(LoadedRecords, Tables):
    """Curated and user records, with lookups, SQL queries and DataFrames."""

    # -- lookups -----------------------------------------------------------------------

    def material(self, query: str) -> Material:
        """The material with this id, name, alias or formula.

        Parameters
        ----------
        query : str
            An id ('libh4'), a name or alias, or a formula ('LiBH4'; matched on the reduced
            formula).

        Returns
        -------
        Material
            The record, every value with its source.

        Raises
        ------
        InputError
            An empty or non-text query.
        UnknownRecordError
            None or several materials match (the message lists them).

        Examples
        --------
        >>> from hydrion.kb import open_kb
        >>> [(e.phase, e.Ea_eV) for e in open_kb().material("LiBH4").activation_energies]
        [('Pnma', 0.69), ('P63mc', 0.53)]
        """
        if not isinstance(query, str):
            raise InputError(f"a material is named by text, not {type(query).__name__}")
        if not query.strip():
            raise InputError("give a material name, id or formula")
        found = self._find(
            "material", "SELECT DISTINCT id FROM lookup WHERE key = ?", (lookup_key(query),)
        )
        curated = self._curated.materials
        by_alias = found and not any(m.id in curated or m.id == query for m in found)
        if by_alias and curated_formula_owner(query):
            found = []  # a curated material's formula shadowed by an older user alias
        if not found:
            try:
                reduced = index.reduced_formula(query)
            except FormulaError:
                reduced = None
            if reduced:
                index.fill_reduced_formulas(self._index)
                found = self._find(
                    "material", "SELECT id FROM materials WHERE reduced_formula = ?", (reduced,)
                )
        if len(found) > 1:  # a formula names the measured material, not its MD predictions
            found = [m for m in found if not is_prediction(m.name)] or found
        if len(found) > 1:  # a formula names the curated material before a user's record
            found = [m for m in found if m.id in curated] or found
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnknownRecordError(
                f"no material {query!r} in the knowledge base; see 'hydrion db list'"
            )
        names = ", ".join(sorted(m.id for m in found))
        raise UnknownRecordError(f"{query!r} matches several materials ({names}); give the id")

    def materials(
        self,
        kind: str | None = None,
        ion: str | None = None,
        family: str | None = None,
        predictions: bool = False,
    ) -> list[Material]:
        """Materials filtered by kind, working ion and family, in id order.

        No argument is a pattern: '%' matches nothing. MD predictions stored in the user
        database (records named '<material> [MD prediction …]', see
        :mod:`hydrion.atomistic.stored`) are not measurements: they are left out unless
        ``predictions`` is True, so no listing or ranking mixes them with measured values.

        Parameters
        ----------
        kind : {"electrolyte", "electrode", "counter_electrode"}, optional
            Record kind.
        ion : {"Li", "Na", "Mg"}, optional
            Working ion.
        family : str, optional
            Family, compared exactly, ignoring case (e.g. 'closo-borate').
        predictions : bool, optional
            Also return the stored MD predictions (default False).

        Returns
        -------
        list of Material
            The matching records.

        Raises
        ------
        InputError
            An unknown kind or ion.
        """
        self._check_filters(kind, ion)
        sql, params = index.material_query(kind, ion, family)
        if not predictions:  # left out in the query, so never read
            sql += f" AND NOT {index.IS_PREDICTION}"
        return self._find("material", sql, params)

    def prediction_records(
        self,
        measured_name: str | None = None,
        kind: str | None = None,
        family: str | None = None,
    ) -> list[Material]:
        """The stored MD prediction records (named '<material> [MD prediction …]', see
        :mod:`hydrion.atomistic.stored`), in id order, found through the index: only they are
        read from the user database, however many other records it holds.

        Parameters
        ----------
        measured_name : str, optional
            Only the predictions of the material with exactly this name (e.g. 'LiBH4').
        kind : {"electrolyte", "electrode", "counter_electrode"}, optional
            Record kind.
        family : str, optional
            Family, compared exactly, ignoring case.

        Returns
        -------
        list of Material
            The matching prediction records (none: an empty list).

        Raises
        ------
        InputError
            An unknown kind.
        """
        self._check_filters(kind, None)
        return self._find("material", *index.prediction_query(measured_name, kind, family))

    @staticmethod
    def _check_filters(kind: str | None, ion: str | None) -> None:
        if kind is not None and kind not in KIND_CHOICES:
            raise InputError(f"unknown kind {kind!r}; use {', '.join(KIND_CHOICES)}")
        if ion is not None and ion not in ION_CHOICES:
            raise InputError(f"unknown ion {ion!r}; use {', '.join(ION_CHOICES)}")

    def cell(self, cell_id: str) -> Cell:
        """The cell with this id.

        Parameters
        ----------
        cell_id : str
            A cell id, e.g. 'tis2_libh4_li'.

        Returns
        -------
        Cell
            Cathode, electrolyte and anode ids, interlayers and additives, and the reported
            performance with sources.

        Raises
        ------
        UnknownRecordError
            No cell has this id.
        """
        found = self._find("cell", "SELECT id FROM cells WHERE id = ?", (cell_id,))
        if not found:
            raise UnknownRecordError(f"no cell {cell_id!r} in the knowledge base")
        return found[0]

    def has_cell(self, cell_id: str) -> bool:
        """Whether a cell with this id exists."""
        return bool(self._find("cell", "SELECT id FROM cells WHERE id = ?", (cell_id,)))

    def cells(self, ion: str | None = None, material: str | None = None) -> list[Cell]:
        """Cells, optionally those of one working ion or containing one material.

        Parameters
        ----------
        ion : {"Li", "Na", "Mg"}, optional
            Working ion.
        material : str, optional
            A material (id, name or formula) the cell must contain.

        Returns
        -------
        list of Cell
            The matching cells.

        Raises
        ------
        UnknownRecordError
            ``material`` is not a known material.
        """
        material_id = self.material(material).id if material else None
        return self._find("cell", *index.cell_query(ion, material_id))

    def origin(self, record_id: str) -> str:
        """'curated' or 'user' (:class:`KeyError` for an id that is not a record)."""
        if record_id not in self._origin:
            for kind, table in TABLE_OF_KIND.items():
                self._find(kind, f"SELECT id FROM {table} WHERE id = ?", (record_id,))  # noqa: S608
        return self._origin[record_id]

    def reference(self, number: int) -> Reference:
        """An entry of the review's reference list (0 is the review itself)."""
        if number not in self.references:
            raise UnknownRecordError(f"the review has no reference [{number}]")
        return self.references[number]

    # -- the user's records ------------------------------------------------------------

    def add_file(self, path: Path) -> list[Material | Cell]:
        """Validate every record in a YAML/JSON file and store them all, or none.

        Parameters
        ----------
        path : pathlib.Path
            The records file (schema of :mod:`hydrion.kb.records`).

        Returns
        -------
        list of Material or Cell
            The stored records.

        Raises
        ------
        FileFormatError
            A file that is not readable UTF-8 YAML/JSON.
        RecordValidationError, DuplicateRecordError, UserDatabaseError
            As for :meth:`add_records`; nothing is stored.
        """
        if self.user_db_error is not None:
            raise self.user_db_error
        records = read_record_file(Path(path))
        if not records:
            raise RecordValidationError(f"{Path(path).name}: no records to add")
        return self._store(records, Path(path).name)  # validated as the file was read

    def add_records(self, records: list[Material | Cell], origin: str = "records") -> list:
        """Check records against the knowledge base and store them all, or none.

        Every record is validated again, so schema errors, inf/NaN and unusable formulas slipped
        in by ``model_copy(update=...)`` are refused too. The checks against the user's stored
        records run as indexed lookups inside the write transaction, so a concurrent writer that
        took one of the ids or names is seen; materials and cells then go in that one
        transaction, so a refusal, a kill, a full disk or a concurrent writer leaves the database
        as it was.

        Parameters
        ----------
        records : list of Material or Cell
            Records built in code (e.g. a cycling summary turned into a cell).
        origin : str
            Names the records in messages (e.g. the file name).

        Returns
        -------
        list
            The stored records.

        Raises
        ------
        RecordValidationError, DuplicateRecordError
            Ids already taken, names or aliases that would shadow another material, unknown
            reference numbers, cells whose parts are not known materials, invalid records.
        InputError
            Something that is not a list of records.
        UserDatabaseError
            The user database cannot be written.
        """
        if self.user_db_error is not None:
            raise self.user_db_error
        return self._store(revalidated(records, origin), origin)

    def _store(self, records: list[Material | Cell], origin: str) -> list[Material | Cell]:
        """Check validated records (see :meth:`add_records`) and store them all, or none."""
        known = self._materials.keys() | self._cells.keys()
        parts = check_batch(records, origin, self.references, known, self._materials, self._keys)
        self.user_store.put_records(
            ((kind_of(r), r.id, r) for r in records),
            check=lambda connection: check_stored(connection, records, parts, origin),
        )
        self._open()  # the file may have been created or migrated
        return records


def open_kb(user_db: Path | None = None) -> KnowledgeBase:
    """Open the knowledge base: the curated records plus the user database.

    Parameters
    ----------
    user_db : pathlib.Path, optional
        The user database file; default :func:`hydrion.kb.store.user_db_path`
        (``$HYDRION_USER_DB``, else ``$XDG_DATA_HOME/hydrion/user.sqlite``).

    Returns
    -------
    KnowledgeBase
        Lookups (``material``, ``cell``, ``materials``, ``cells``), queries and exports.

    Raises
    ------
    UserDatabaseError
        A user database path that cannot be used (the curated records still answer where the
        file is only damaged; see the README on the user database).

    References
    ----------
    Curated records: Y. Pang, Y. Liu, J. Yang, S. Zheng, C. Wang, Hydrides for solid-state
    batteries: A review, Materials Today Nano 18 (2022) 100194, doi:10.1016/j.mtnano.2022.100194,
    and the primary paper behind each value.

    Examples
    --------
    >>> kb = open_kb()
    >>> kb.material("LiBH4").id
    'libh4'
    """
    return KnowledgeBase(user_db)
