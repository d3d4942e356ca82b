"""The knowledge base a user queries: curated records plus the user's own, indexed in SQLite.

Lookups accept an id, a name as written in the review, an alias or a formula (compared by
reduced composition with pymatgen). Queries on stored values run as SQL on an in-memory
index built from the validated records.
"""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from hydrion.errors import (
    DuplicateRecordError,
    FormulaError,
    HydrionWarning,
    InputError,
    RecordValidationError,
    UnknownRecordError,
    UserDatabaseError,
)
from hydrion.kb.records import Cell, Material, slug
from hydrion.kb.references import Reference, describe_source
from hydrion.kb.store import (
    UserStore,
    check_cell_parts,
    check_refs,
    load_curated,
    parse_record,
    read_record_file,
    user_db_path,
)

if TYPE_CHECKING:
    import pandas as pd

ION_CHOICES = ("Li", "Na", "Mg")
KIND_CHOICES = ("electrolyte", "electrode", "counter_electrode")

_INDEX_SCHEMA = """
CREATE TABLE materials (id TEXT PRIMARY KEY, name TEXT, kind TEXT, family TEXT, formula TEXT,
                        reduced_formula TEXT, ions TEXT, origin TEXT, review_table TEXT);
CREATE TABLE lookup (key TEXT, id TEXT);
CREATE TABLE conductivities (id TEXT, sigma_S_per_cm REAL, temperature_C REAL, precision TEXT,
                             phase TEXT, direction TEXT);
CREATE TABLE windows (id TEXT, low_V REAL, high_V REAL, method TEXT);
CREATE TABLE cells (id TEXT PRIMARY KEY, cathode TEXT, electrolyte TEXT, anode TEXT, ion TEXT,
                    origin TEXT);
"""


def _reduced_formula(formula: str | None) -> str | None:
    from hydrion.chem.formula import parse_formula  # pymatgen: only for formula lookups

    return parse_formula(formula).reduced_formula if formula else None


def _lookup_key(text: str) -> str:
    return "".join(text.lower().replace("–", "-").replace("—", "-").split())


def _material_keys(material: Material) -> set[str]:
    """The lookup keys of a material: its id, name, name as an id, and aliases."""
    names = {material.id, slug(material.name), material.name, *material.aliases}
    return {_lookup_key(name) for name in names}


class KnowledgeBase:
    """Curated and user records, with lookups, SQL queries and DataFrames."""

    def __init__(self, user_db: Path | None = None):
        curated = load_curated()
        self.references: dict[int, Reference] = curated.references
        self.user_store = UserStore(user_db or user_db_path())
        self._materials: dict[str, Material] = dict(curated.materials)
        self._cells: dict[str, Cell] = dict(curated.cells)
        self._origin = {key: "curated" for key in (*self._materials, *self._cells)}
        self._keys = {key: m.id for m in self._materials.values() for key in _material_keys(m)}
        self.skipped: list[str] = []
        """Why stored user records were left out (each also issued as a HydrionWarning)."""
        self.user_db_error: UserDatabaseError | None = None
        """Why the user database could not be read at all (its records are then left out)."""
        self._load_user_records()
        self._index = self._build_index()

    def _load_user_records(self) -> None:
        """Add the user's stored records, each checked again; skip and warn on bad ones."""
        try:
            stored = [
                (kind, key, payload)
                for kind in ("material", "cell")
                for key, payload in self.user_store.items(kind)
            ]
        except UserDatabaseError as exc:
            self.user_db_error = exc
            self._skip(f"{exc}; only the curated records are used")
            return
        self.skipped.extend(self.user_store.skipped)
        for kind, key, payload in stored:
            label = f"user database {self.user_store.path} ({kind} {key!r})"
            try:
                record = parse_record(payload, label, 0)
                if (kind == "cell") != isinstance(record, Cell) or record.id != key:
                    raise RecordValidationError(f"{label}: does not hold a {kind} {key!r}")
                self._check_new(record, label)
            except (RecordValidationError, DuplicateRecordError) as exc:
                self._skip(f"{exc}; skipped")
                continue
            self._add_loaded(record, "user")

    def _skip(self, message: str) -> None:
        self.skipped.append(message)
        warnings.warn(message, HydrionWarning, stacklevel=4)

    def _check_new(self, record: Material | Cell, origin: str) -> None:
        """Refuse a user record whose id, name or aliases are taken, or which cites unknowns."""
        if record.id in self._materials or record.id in self._cells:
            raise DuplicateRecordError(f"{origin}: record {record.id!r} already exists")
        check_refs([record], self.references, origin)
        if isinstance(record, Cell):
            check_cell_parts([record], set(self._materials), origin)
            return
        for key in _material_keys(record):
            owner = self._keys.get(key)
            if owner is not None and owner != record.id:
                raise DuplicateRecordError(
                    f"{origin}: record {record.id!r}: name or alias {key!r} is already "
                    f"{owner!r}; aliases may not shadow another material"
                )

    def _add_loaded(self, record: Material | Cell, origin: str) -> None:
        target = self._materials if isinstance(record, Material) else self._cells
        target[record.id] = record
        self._origin[record.id] = origin
        if isinstance(record, Material):
            self._keys.update(dict.fromkeys(_material_keys(record), record.id))

    def _check_stored(
        self, stored: list[tuple[str, str, dict]], records: list[Material | Cell], origin: str
    ) -> None:
        """Refuse ``records`` clashing with user records another process stored meanwhile.

        Runs inside the write transaction (``stored``: every material/cell row there), so
        two concurrent adds of the same name cannot both be stored.
        """
        new_ids = {record.id for record in records}
        new_keys = {
            key: record.id
            for record in records
            if isinstance(record, Material)
            for key in _material_keys(record)
        }
        for kind, key, payload in stored:
            if key in new_ids or self._origin.get(key) == "user":
                continue  # a same-id row is refused by the insert; a known one was checked
            try:
                other = parse_record(payload, "stored", 0)
            except RecordValidationError:
                continue  # skipped on read as well
            if kind == "material" and isinstance(other, Material):
                for clash in _material_keys(other) & set(new_keys):
                    raise DuplicateRecordError(
                        f"{origin}: record {new_keys[clash]!r}: name or alias {clash!r} is "
                        f"already {other.id!r} (stored meanwhile); nothing was stored"
                    )

    def _build_index(self) -> sqlite3.Connection:
        index = sqlite3.connect(":memory:")
        index.executescript(_INDEX_SCHEMA)
        for material in self._materials.values():
            index.execute(
                "INSERT INTO materials VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    material.id,
                    material.name,
                    material.kind,
                    material.family,
                    material.formula,
                    None,  # reduced formula: filled on the first formula lookup
                    ",".join(material.ions),
                    self._origin[material.id],
                    material.review_table,
                ),
            )
            index.executemany(
                "INSERT INTO lookup VALUES (?, ?)",
                [(key, material.id) for key in _material_keys(material)],
            )
            index.executemany(
                "INSERT INTO conductivities VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        material.id,
                        c.sigma_S_per_cm,
                        c.temperature_C,
                        c.precision,
                        c.phase,
                        c.direction,
                    )
                    for c in material.conductivities
                ],
            )
            index.executemany(
                "INSERT INTO windows VALUES (?, ?, ?, ?)",
                [(material.id, w.low_V, w.high_V, w.method) for w in material.windows],
            )
        index.executemany(
            "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.cathode, c.electrolyte, c.anode, c.ion, self._origin[c.id])
                for c in self._cells.values()
            ],
        )
        return index

    def _index_reduced_formulas(self) -> None:
        """Fill the reduced formulas of the index (pymatgen), once, before a formula lookup."""
        missing = self._index.execute(
            "SELECT id, formula FROM materials "
            "WHERE reduced_formula IS NULL AND formula IS NOT NULL"
        ).fetchall()
        self._index.executemany(
            "UPDATE materials SET reduced_formula = ? WHERE id = ?",
            [(_reduced_formula(formula), material_id) for material_id, formula in missing],
        )

    # -- lookups -----------------------------------------------------------------------

    def material(self, query: str) -> Material:
        """The material with this id, name, alias or formula.

        Raises :class:`~hydrion.errors.InputError` for an empty or non-text query and
        :class:`~hydrion.errors.UnknownRecordError` when none or several materials match.
        """
        if not isinstance(query, str):
            raise InputError(f"a material is named by text, not {type(query).__name__}")
        if not query.strip():
            raise InputError("give a material name, id or formula")
        rows = self._index.execute(
            "SELECT DISTINCT id FROM lookup WHERE key = ?", (_lookup_key(query),)
        ).fetchall()
        if not rows:
            try:
                reduced = _reduced_formula(query)
            except FormulaError:
                reduced = None
            if reduced:
                self._index_reduced_formulas()
                rows = self._index.execute(
                    "SELECT id FROM materials WHERE reduced_formula = ?", (reduced,)
                ).fetchall()
        if len(rows) == 1:
            return self._materials[rows[0][0]]
        if not rows:
            raise UnknownRecordError(
                f"no material {query!r} in the knowledge base; see 'hydrion db list'"
            )
        names = ", ".join(sorted(row[0] for row in rows))
        raise UnknownRecordError(f"{query!r} matches several materials ({names}); give the id")

    def materials(
        self, kind: str | None = None, ion: str | None = None, family: str | None = None
    ) -> list[Material]:
        """Materials filtered by kind, working ion and family, in id order.

        ``kind`` is electrolyte, electrode or counter_electrode and ``ion`` Li, Na or Mg
        (else :class:`~hydrion.errors.InputError`); ``family`` is compared exactly,
        ignoring case. No argument is a pattern: '%' matches nothing.
        """
        if kind is not None and kind not in KIND_CHOICES:
            raise InputError(f"unknown kind {kind!r}; use {', '.join(KIND_CHOICES)}")
        if ion is not None and ion not in ION_CHOICES:
            raise InputError(f"unknown ion {ion!r}; use {', '.join(ION_CHOICES)}")
        sql, params = "SELECT id FROM materials WHERE 1=1", []
        if kind:
            sql, params = sql + " AND kind = ?", [*params, kind]
        if ion:
            sql, params = sql + " AND instr(',' || ions || ',', ?) > 0", [*params, f",{ion},"]
        if family:
            sql, params = sql + " AND lower(family) = lower(?)", [*params, family]
        rows = self._index.execute(sql + " ORDER BY id", params).fetchall()
        return [self._materials[row[0]] for row in rows]

    def cell(self, cell_id: str) -> Cell:
        """The cell with this id."""
        if cell_id not in self._cells:
            raise UnknownRecordError(f"no cell {cell_id!r} in the knowledge base")
        return self._cells[cell_id]

    def has_cell(self, cell_id: str) -> bool:
        """Whether a cell with this id exists."""
        return cell_id in self._cells

    def cells(self, ion: str | None = None, material: str | None = None) -> list[Cell]:
        """Cells, optionally those of one working ion or containing one material id."""
        sql, params = "SELECT id FROM cells WHERE 1=1", []
        if ion:
            sql, params = sql + " AND ion = ?", [*params, ion]
        if material:
            sql += " AND ? IN (cathode, electrolyte, anode)"
            params.append(self.material(material).id)
        rows = self._index.execute(sql + " ORDER BY id", params).fetchall()
        return [self._cells[row[0]] for row in rows]

    def origin(self, record_id: str) -> str:
        """'curated' or 'user'."""
        return self._origin[record_id]

    def reference(self, number: int) -> Reference:
        """An entry of the review's reference list (0 is the review itself)."""
        if number not in self.references:
            raise UnknownRecordError(f"the review has no reference [{number}]")
        return self.references[number]

    # -- queries on stored values -----------------------------------------------------

    def query_conductivity(
        self, min_sigma_S_per_cm: float, temperature_C: float, tolerance_C: float = 5.0
    ) -> pd.DataFrame:
        """Stored conductivities of at least ``min_sigma`` measured within ± tolerance of T.

        Each argument is a number (S/cm, °C, °C) or a pint Quantity in any unit of the same
        dimension; raises :class:`~hydrion.errors.UnitError` otherwise.
        """
        import pandas as pd

        from hydrion.units import as_magnitude

        min_sigma_S_per_cm = as_magnitude(min_sigma_S_per_cm, "S/cm", "min_sigma_S_per_cm")
        temperature_C = as_magnitude(temperature_C, "degC", "temperature_C")
        tolerance_C = as_magnitude(tolerance_C, "delta_degC", "tolerance_C")
        return pd.read_sql_query(
            "SELECT m.id, m.name, m.kind, m.family, c.sigma_S_per_cm, c.temperature_C, "
            "c.precision, c.phase FROM conductivities c JOIN materials m ON m.id = c.id "
            "WHERE c.sigma_S_per_cm >= ? AND abs(c.temperature_C - ?) <= ? "
            "ORDER BY c.sigma_S_per_cm DESC",
            self._index,
            params=(min_sigma_S_per_cm, temperature_C, tolerance_C),
        )

    def query_window(self, min_high_V: float, method: str | None = None) -> pd.DataFrame:
        """Stored windows whose oxidation limit reaches at least ``min_high_V``."""
        import pandas as pd

        sql = (
            "SELECT m.id, m.name, m.family, w.low_V, w.high_V, w.method FROM windows w "
            "JOIN materials m ON m.id = w.id WHERE w.high_V >= ?"
        )
        params: list = [min_high_V]
        if method:
            sql, params = sql + " AND w.method = ?", [*params, method]
        return pd.read_sql_query(sql + " ORDER BY w.high_V DESC", self._index, params=params)

    # -- tables ----------------------------------------------------------------------

    def materials_frame(
        self, kind: str | None = None, ion: str | None = None, family: str | None = None
    ) -> pd.DataFrame:
        """One row per material: id, name, kind, ions, family, formula, origin."""
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
            for m in self.materials(kind, ion, family)
        ]
        return pd.DataFrame(
            rows,
            columns=["id", "name", "kind", "ions", "family", "formula", "review_table", "origin"],
        )

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
        """One row per reported cell performance."""
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

    # -- the user's records ------------------------------------------------------------

    def add_file(self, path: Path) -> list[Material | Cell]:
        """Validate every record in ``path`` and store them all, or none (see add_records).

        Also raises :class:`~hydrion.errors.FileFormatError` for a file that is not
        readable UTF-8 YAML/JSON.
        """
        if self.user_db_error is not None:
            raise self.user_db_error
        records = read_record_file(Path(path))
        if not records:
            raise RecordValidationError(f"{Path(path).name}: no records to add")
        return self.add_records(records, Path(path).name)

    def add_records(self, records: list[Material | Cell], origin: str = "records") -> list:
        """Check records against the knowledge base and store them all, or none.

        Refused (:class:`~hydrion.errors.RecordValidationError`,
        :class:`~hydrion.errors.DuplicateRecordError`): ids already taken, names or aliases
        that would shadow another material, unknown reference numbers, cells whose parts are
        not known materials; every record is validated again, so schema errors, inf/NaN and
        unusable formulas slipped in by ``model_copy(update=...)`` are refused too
        (:class:`~hydrion.errors.InputError` for something that is not a list of records).
        Everything is checked before anything is written; materials
        and cells then go in one transaction, so a refusal, a kill, a full disk or a
        concurrent writer that took one of the ids leaves the database as it was
        (:class:`~hydrion.errors.UserDatabaseError` when it cannot be written).
        ``origin`` names the records in messages (e.g. the file name).
        """
        if self.user_db_error is not None:
            raise self.user_db_error
        records = _revalidated(records, origin)
        saved = (dict(self._materials), dict(self._cells), dict(self._origin), dict(self._keys))
        try:  # each record is checked against the knowledge base plus those before it
            for record in sorted(records, key=lambda r: isinstance(r, Cell)):
                self._check_new(record, origin)
                self._add_loaded(record, "user")
            self.user_store.put_records(
                ((_kind(r), r.id, _payload(r)) for r in records),
                check=lambda stored: self._check_stored(stored, records, origin),
            )
        except BaseException:
            self._materials, self._cells, self._origin, self._keys = saved
            raise
        self._index = self._build_index()
        return records


def _revalidated(records: object, origin: str) -> list[Material | Cell]:
    """Each record validated again (``model_copy(update=...)`` skips validation)."""
    if isinstance(records, Material | Cell) or not isinstance(records, list | tuple):
        raise InputError(f"{origin}: give a list of Material or Cell records")
    checked: list[Material | Cell] = []
    for index, record in enumerate(records):
        if not isinstance(record, Material | Cell):
            raise InputError(
                f"{origin}: item #{index} is a {type(record).__name__}, not a Material or Cell"
            )
        checked.append(parse_record(record.model_dump(), origin, index))
    return checked


def _kind(record: Material | Cell) -> str:
    return "cell" if isinstance(record, Cell) else "material"


def _payload(record: Material | Cell) -> dict:
    return record.model_dump(mode="json", exclude_none=True)


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
