"""The user database's records in the report: the review's shown whole, the user's summarised.

A lab's user database can hold 100,000 records. A table of them all in HTML is not readable,
and drawing or computing each one in every figure made the report's time grow with them
(1,000 user records: past 300 s). The report therefore shows every record of the review, and
of the user's at most :data:`USER_SHOWN` per table or figure: those that matter for it (each
section says which: e.g. the highest σ at 25 °C), with a note that says how many were left
out and how to list them all (:data:`LIST_ALL`). The knowledge-base section counts them all
by kind, working ion and family.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from hydrion.kb import KnowledgeBase

USER_SHOWN = 10
"""The most user records one table or figure of the report shows."""
LIST_ALL = "hydrion db list --all"
"""The command that lists every record, the user's included."""
FAMILIES_SHOWN = 20
"""Families of user records named in the counts table; the rest are counted in one row."""

Record = TypeVar("Record")


def split(kb: KnowledgeBase, records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """(the review's records, the user database's records), each in the given order.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base the records come from.
    records : iterable of Material or Cell
        Records with an ``id``.

    Returns
    -------
    tuple of two lists
        Curated records, then user records.
    """
    review: list[Record] = []
    user: list[Record] = []
    for record in records:
        (user if kb.origin(record.id) == "user" else review).append(record)  # type: ignore[attr-defined]
    return review, user


def chosen(
    user: list[Record], key: Callable[[Record], float], limit: int = USER_SHOWN
) -> list[Record]:
    """The ``limit`` user records with the largest ``key``, largest first (ties: the given
    order). Linear in ``len(user)``."""
    import heapq

    return heapq.nlargest(limit, user, key=key)


def left_out(what: str, shown: int, total: int, which: str) -> str:
    """The note under a table or figure that shows ``shown`` of the user's ``total`` records:
    '990 of your 1000 user cells are not shown here (shown: the 10 with the highest
    capacity); list them all: hydrion db list --all'. Empty when none was left out."""
    if total <= shown:
        return ""
    return (
        f"{total - shown} of your {total} user {what} are not shown here (shown: the {shown} "
        f"{which}); list them all: {LIST_ALL}"
    )


def counts_table(kb: KnowledgeBase, materials: Iterable, cells: Iterable) -> pd.DataFrame:
    """The user's records counted by kind, working ion and family (cells: by working ion):
    one row per (kind, ion, family), the :data:`FAMILIES_SHOWN` largest named, the others of
    each kind and ion summed in one row 'other families (n)'.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base (for the origin of each record).
    materials, cells : iterables of Material and Cell
        Records; only the user database's are counted.

    Returns
    -------
    pandas.DataFrame
        Columns 'kind', 'ion', 'family', 'your records'; largest counts first.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    for material in split(kb, materials)[1]:
        for ion in material.ions or [""]:
            counts[(material.kind, ion, material.family)] += 1
    for cell in split(kb, cells)[1]:
        counts[("cell", cell.ion, "")] += 1
    named = counts.most_common(FAMILIES_SHOWN)
    rest: Counter[tuple[str, str]] = Counter()
    families: Counter[tuple[str, str]] = Counter()
    for (kind, ion, _), number in counts.items():
        rest[(kind, ion)] += number
        families[(kind, ion)] += 1
    for (kind, ion, _), number in named:
        rest[(kind, ion)] -= number
        families[(kind, ion)] -= 1
    rows = [{"kind": k, "ion": i, "family": f, "your records": n} for (k, i, f), n in named]
    rows += [
        {"kind": k, "ion": i, "family": f"other families ({families[(k, i)]})", "your records": n}
        for (k, i), n in rest.items()
        if n
    ]
    return pd.DataFrame(rows, columns=["kind", "ion", "family", "your records"])
