"""What ``hydrion cite NAME --json`` answers: the references a record rests on."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.kb.references import Reference
from hydrion.results import Result


@dataclass(frozen=True)
class Citations(Result):
    """The references behind the record ``name``, the review itself first.

    A reference's ``number`` is its number in the review's list (0: the review); a negative
    number marks a paper outside that list (cited by a user record through its DOI). The
    CLI's ``--json`` is this object's :meth:`~hydrion.results.Result.as_dict`.
    """

    name: str
    references: tuple[Reference, ...]
