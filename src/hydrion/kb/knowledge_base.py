"""The knowledge base a user queries: curated records plus the user's own, indexed in SQLite.

Lookups accept an id, a name as written in the review, an alias or a formula (compared by
reduced composition with pymatgen). Every lookup and filter runs as SQL on two indexes with
the same tables (:mod:`hydrion.kb.index`): an in-memory one of the curated records, and
the one inside the user database, which is queried where it lies. Only the user records a
query returns are read and validated (once per process); one that is damaged, clashes with
a curated record or cites what does not exist is skipped with a warning naming it. An older
user database without the index is read whole, as before, until the next write migrates it.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Sequence
from pathlib import Path

from hydrion.errors import (
    DuplicateRecordError,
    FormulaError,
    HydrionError,
    HydrionWarning,
    InputError,
    RecordValidationError,
    UnknownRecordError,
    UserDatabaseError,
)
from hydrion.kb import index
from hydrion.kb.adding import (
    check_batch,
    check_stored,
    curated_formula_owner,
    kind_of,
    revalidated,
    shadowing,
    unknown_part,
)
from hydrion.kb.cell_records import Cell
from hydrion.kb.curated import load_curated
from hydrion.kb.index import lookup_key, material_keys
from hydrion.kb.predicted import is_prediction
from hydrion.kb.record_files import check_refs, read_record_file
from hydrion.kb.records import Material
from hydrion.kb.references import Reference
from hydrion.kb.store import UserStore, user_db_path
from hydrion.kb.tables import Tables
from hydrion.kb.user_schema import stored_record

ION_CHOICES = ("Li", "Na", "Mg")
KIND_CHOICES = ("electrolyte", "electrode", "counter_electrode")
_TABLE = {"material": "materials", "cell": "cells"}
_REMEDY = "correct or delete the stored row, then run `hydrion db reindex`"


class KnowledgeBase(Tables):
    """Curated and user records, with lookups, SQL queries and DataFrames."""

    def __init__(self, user_db: Path | None = None):
        self._curated = load_curated()
        self.references: dict[int, Reference] = self._curated.references
        self.user_store = UserStore(user_db or user_db_path())
        self.skipped: list[str] = []
        """Why stored user records were left out (each also issued as a HydrionWarning)."""
        self.user_db_error: HydrionError | None = None
        """Why the user database could not be read at all (its records are then left out)."""
        self._open()

    # -- opening -----------------------------------------------------------------------

    def _open(self) -> None:
        """Index the curated records in memory and open the user database beside them."""
        curated = self._curated
        self._materials: dict[str, Material] = dict(curated.materials)
        self._cells: dict[str, Cell] = dict(curated.cells)
        self._origin = dict.fromkeys((*self._materials, *self._cells), "curated")
        self._keys = {key: m.id for m in self._materials.values() for key in material_keys(m)}
        self._bad: set[tuple[str, str]] = set()
        self._index = sqlite3.connect(":memory:")
        index.create(self._index)
        index.insert(
            self._index, [*self._materials.values(), *self._cells.values()], "curated", False
        )
        self._user_indexed = False
        try:
            if self.user_store.indexed:
                self._user_indexed = True
                self._skip_clashes_with_curated()
                for kind, key, reason in self.user_store.unindexed():
                    self._skip_user(kind, key, f"{reason}; not indexed, skipped ({_REMEDY})")
                missing = self.user_store.missing_from_index()
                if missing:
                    self._skip(
                        f"user database {self.user_store.path}: {missing} stored record(s) "
                        "have no index row (written by another program?) and are not used; "
                        "run `hydrion db reindex`"
                    )
            else:  # an older file: read whole, as it is (the next write migrates it)
                for kind in ("material", "cell"):
                    for key, text in self.user_store.query(
                        "SELECT key, payload FROM records WHERE kind = ? ORDER BY added_at, key",
                        (kind,),
                    ):
                        self._accept(kind, key, text, ())
        except sqlite3.Error as exc:  # from the indexed lookups of the curated ids
            self._lose_user_db(self.user_store.error_for(exc))
        except UserDatabaseError as exc:
            self._lose_user_db(exc)

    def _skip(self, message: str) -> None:
        if message in self.skipped:  # once per knowledge base, also when reopened
            return
        self.skipped.append(message)
        warnings.warn(message, HydrionWarning, stacklevel=4)

    def _skip_user(self, kind: str, key: str, why: str) -> None:
        self._bad.add((kind, key))
        self._skip(f"user database {self.user_store.path} ({kind} {key!r}): {why}")

    def _lose_user_db(self, exc: HydrionError) -> None:
        self.user_db_error = exc
        read = [key for key, origin in self._origin.items() if origin == "user"]
        if self._user_indexed:  # the records read so far stay found by the in-memory index
            held = [self._materials.get(key) or self._cells[key] for key in read]
            index.insert(self._index, held, "user", reduce=False)
        self._user_indexed = False
        if not read:
            self._skip(f"{exc}; only the curated records are used")
            return
        shown = ", ".join(read[:3]) + (f" and {len(read) - 3} more" if len(read) > 3 else "")
        self._skip(
            f"{exc}; its records that could not be read are left out "
            f"(those read before are used: {shown})"
        )

    def _skip_clashes_with_curated(self) -> None:
        """Skip user records that reuse a curated id, name or alias (e.g. written before an
        upgrade added that record): indexed lookups of the curated ids and keys only."""
        curated_ids = [*self._curated.materials, *self._curated.cells]
        for kind, table in _TABLE.items():
            for record_id in sorted(index.present(self._user_db(), table, curated_ids)):
                self._skip_user(kind, record_id, f"record {record_id!r} already exists; skipped")
        for key, owner in index.owners(self._user_db(), self._keys):
            if owner not in self._origin:
                self._skip_user(
                    "material",
                    owner,
                    f"record {owner!r}: name or alias {key!r} is already {self._keys[key]!r}; "
                    "aliases may not shadow another material; skipped",
                )

    def _user_db(self) -> sqlite3.Connection:
        connection = self.user_store.reader()
        assert connection is not None  # only called while the user database is indexed
        return connection

    # -- reading user records -------------------------------------------------------------

    def _user_rows(self, sql: str, params: Sequence) -> list[tuple]:
        """Rows of a query on the user database's index; none where it cannot be read."""
        if not self._user_indexed:
            return []
        try:
            return self.user_store.query(sql, tuple(params))
        except UserDatabaseError as exc:
            self._lose_user_db(exc)
            return []

    def _load_user(self, kind: str, ids: list[str]) -> None:
        """Read and check the user records of this kind with these ids, once each."""
        loaded = self._materials if kind == "material" else self._cells
        wanted = [i for i in dict.fromkeys(ids) if i not in loaded and (kind, i) not in self._bad]
        for part in index.chunks(wanted):
            marks = index.placeholders(part)
            if kind == "material":  # the formula as indexed was checked when it was stored
                sql = (
                    "SELECT r.key, r.payload, m.formula FROM records r JOIN materials m "  # noqa: S608
                    f"ON m.id = r.key WHERE r.kind = 'material' AND r.key IN ({marks})"
                )
            else:
                sql = (
                    "SELECT key, payload, NULL FROM records "  # noqa: S608
                    f"WHERE kind = 'cell' AND key IN ({marks})"
                )
            for key, text, formula in self._user_rows(sql, part):
                self._accept(kind, key, text, (formula,) if formula else ())

    def _accept(self, kind: str, key: str, text: str, trusted: tuple) -> None:
        """Validate one stored user record and add it, or skip it with a warning."""
        label = f"user database {self.user_store.path} ({kind} {key!r})"
        try:
            record = stored_record(kind, key, text, label, trusted)
            self._check_new(record, label)
        except (RecordValidationError, DuplicateRecordError) as exc:
            self._bad.add((kind, key))
            self._skip(f"{exc}; skipped")
            return
        if isinstance(record, Material):
            self._materials[key] = record
        else:
            self._cells[key] = record
        self._origin[key] = "user"
        if isinstance(record, Material):
            self._keys.update(dict.fromkeys(material_keys(record), key))
        if not self._user_indexed:
            index.insert(self._index, [record], "user", reduce=False)

    def _check_new(self, record: Material | Cell, origin: str) -> None:
        """Refuse a user record whose id, name or aliases are taken, or which cites unknowns."""
        if record.id in self._materials or record.id in self._cells:
            raise DuplicateRecordError(f"{origin}: record {record.id!r} already exists")
        check_refs([record], self.references, origin)
        if isinstance(record, Cell):
            for part in ("cathode", "electrolyte", "anode"):
                if not self._is_material(getattr(record, part)):
                    raise unknown_part(origin, record, part)
            return
        for key in material_keys(record):
            owner = self._keys.get(key)
            if owner is not None and owner != record.id:
                raise shadowing(origin, record.id, key, owner)

    def _is_material(self, material_id: str) -> bool:
        """Whether a material with this id is curated or a user record that loads."""
        if material_id not in self._materials:
            self._load_user("material", [material_id])
        return material_id in self._materials

    def _find(self, kind: str, sql: str, params: list | tuple) -> list:
        """The records whose ids an index query returns, curated and user, in id order."""
        ids = [row[0] for row in self._index.execute(sql, params)]
        user_ids = [row[0] for row in self._user_rows(sql, params)]
        user_ids = [i for i in user_ids if self._origin.get(i) != "curated"]
        self._load_user(kind, user_ids)
        loaded = self._materials if kind == "material" else self._cells
        return [loaded[i] for i in sorted(set(ids) | set(user_ids)) if i in loaded]

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
        found = self._find("material", *index.material_query(kind, ion, family))
        return found if predictions else [m for m in found if not is_prediction(m.name)]

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
            for kind, table in _TABLE.items():
                self._find(kind, f"SELECT id FROM {table} WHERE id = ?", (record_id,))  # noqa: S608
        return self._origin[record_id]

    def reference(self, number: int) -> Reference:
        """An entry of the review's reference list (0 is the review itself)."""
        if number not in self.references:
            raise UnknownRecordError(f"the review has no reference [{number}]")
        return self.references[number]

    def _curated_rows(self, sql: str, params: list | tuple) -> list[tuple]:
        """Rows of a query on the in-memory index of the curated records."""
        return self._index.execute(sql, params).fetchall()

    def _index_rows(self, sql: str, params: list | tuple) -> list[tuple]:
        """Rows (material id first) of a query on both indexes, of records that load."""
        rows = self._index.execute(sql, params).fetchall()
        user = [
            row for row in self._user_rows(sql, params) if self._origin.get(row[0]) != "curated"
        ]
        self._load_user("material", [row[0] for row in user])
        return rows + [row for row in user if self._origin.get(row[0]) == "user"]

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
