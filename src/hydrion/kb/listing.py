"""What ``hydrion db list`` answers: the materials (or cells) a filter selects.

:func:`list_materials` and :func:`list_cells` return one :class:`~hydrion.results.Result`
each; ``hydrion db list --json`` prints the same object. For a large user database the CLI
writes the rows of :func:`material_rows` one at a time in the same shape, so a listing of
100,000 records is never held in memory at once.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from hydrion.errors import HydrionWarning, UserDatabaseError
from hydrion.kb.cell_records import Cell
from hydrion.kb.knowledge_base import KnowledgeBase
from hydrion.results import Result


@dataclass(frozen=True)
class MaterialRow:
    """One material as the knowledge base's index holds it.

    ``ions`` are the working ions joined by commas ('Li' or 'Li,Na'); ``origin`` is
    'curated' (the review's records) or 'user' (the user database).
    """

    id: str
    name: str
    kind: str
    ions: str
    family: str
    formula: str | None
    review_table: str | None
    origin: str


@dataclass(frozen=True)
class MaterialListing(Result):
    """The materials matching the filters (None: not filtered on), in id order.

    Stored MD predictions are listed too (their names say '[MD prediction …]'): a listing
    names every record, and each names itself a prediction where it is one.
    """

    kind: str | None
    ion: str | None
    family: str | None
    materials: tuple[MaterialRow, ...]


@dataclass(frozen=True)
class CellListing(Result):
    """The cells of the knowledge base (of one working ion where ``ion`` is given), each
    with its reported performance and sources."""

    ion: str | None
    cells: tuple[Cell, ...]


def warn_orphan_rows(kb: KnowledgeBase) -> int:
    """Warn (a :class:`~hydrion.errors.HydrionWarning`) where the user database's index has
    rows whose record is gone: a listing reads only the index, so it lists them while
    ``db show`` finds no such record. Returns their number (0: nothing said); a database
    that cannot be read is left to the listing's own reads to report."""
    try:
        orphans = kb.user_store.orphan_index_rows()
    except UserDatabaseError:
        return 0
    if orphans:
        warnings.warn(
            f"user database {kb.user_store.path}: {orphans} index row(s) have no record "
            "(deleted by another program?) and are listed as they were indexed; run "
            "`hydrion db reindex`",
            HydrionWarning,
            stacklevel=2,
        )
    return orphans


def material_rows(
    kb: KnowledgeBase,
    kind: str | None = None,
    ion: str | None = None,
    family: str | None = None,
) -> Iterator[MaterialRow]:
    """The rows of :func:`list_materials`, streamed from the index (memory does not grow
    with the number of records; see :meth:`KnowledgeBase.material_rows`).

    Raises :class:`~hydrion.errors.InputError` for an unknown kind or ion.
    """
    for row in kb.material_rows(kind, ion, family):
        yield MaterialRow(**row)


def list_materials(
    kb: KnowledgeBase,
    kind: str | None = None,
    ion: str | None = None,
    family: str | None = None,
) -> MaterialListing:
    """Every material matching the filters, MD predictions included, in id order.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base (curated and user records).
    kind : {"electrolyte", "electrode", "counter_electrode"}, optional
        Record kind.
    ion : {"Li", "Na", "Mg"}, optional
        Working ion.
    family : str, optional
        Family, compared exactly, ignoring case (e.g. 'closo-borate').

    Returns
    -------
    MaterialListing
        The filters and one :class:`MaterialRow` per material.

    Raises
    ------
    InputError
        An unknown kind or ion.

    Warns
    -----
    HydrionWarning
        Where index rows of the user database have no record (:func:`warn_orphan_rows`).

    Examples
    --------
    >>> from hydrion.kb import open_kb
    >>> listing = list_materials(open_kb(), kind="electrolyte", family="closo-borate")
    >>> "li2b12h12" in [row.id for row in listing.materials]
    True
    """
    warn_orphan_rows(kb)
    rows = tuple(material_rows(kb, kind, ion, family))
    return MaterialListing(kind=kind, ion=ion, family=family, materials=rows)


def list_cells(kb: KnowledgeBase, ion: str | None = None) -> CellListing:
    """Every cell (of one working ion where ``ion`` is given, 'Li', 'Na' or 'Mg'), in id
    order, each with its reported performance and the source of each value (the records of
    :meth:`KnowledgeBase.cell_records`, which the CLI streams).

    Raises :class:`~hydrion.errors.InputError` for an unknown ion."""
    return CellListing(ion=ion, cells=tuple(kb.cell_records(ion)))
