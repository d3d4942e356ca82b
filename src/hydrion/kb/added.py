"""What ``hydrion db add FILE --json`` answers: the records stored, and where."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.results import Result


@dataclass(frozen=True)
class AddedRecords(Result):
    """The ids of the records ``db add`` stored (in the file's order) and the path of the
    user database they went into. The CLI's ``--json`` is this object's ``as_dict()``."""

    added: tuple[str, ...]
    database: str
