"""The review's reference list, and citations of records as text or BibTeX."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from hydrion.bundled_yaml import bundled_yaml
from hydrion.sources import REVIEW_DOI, Source

REVIEW_CITATION = (
    "Y. Pang, Y. Liu, J. Yang, S. Zheng, C. Wang, Hydrides for solid-state batteries: "
    "A review, Mater. Today Nano 18 (2022) 100194"
)


@dataclass(frozen=True)
class Reference:
    """One entry of the review's reference list (number 0 is the review itself)."""

    number: int
    citation: str
    doi: str | None = None  # corrected where the review misprints it
    doi_note: str | None = None
    doi_printed: str | None = None  # the review's misprinted DOI, kept for the record

    @property
    def doi_text(self) -> str:
        """' doi:…' for a citation line, saying so where the review printed another DOI."""
        if not self.doi:
            return ""
        if self.doi_printed and self.doi_printed != self.doi:
            return f" doi:{self.doi} (misprinted as {self.doi_printed} in the review)"
        return f" doi:{self.doi}"

    @property
    def url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    def bibtex(self) -> str:
        """A BibTeX entry; fields the citation text does not split cleanly go into 'note'."""
        year = re.search(r"\((\d{4})\)", self.citation)
        fields = {"title": self.citation, "year": year.group(1) if year else None, "doi": self.doi}
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
        key = "pang2022review" if self.number == 0 else f"pang2022ref{self.number}"
        return f"@article{{{key},\n{body}\n}}"


REVIEW = Reference(number=0, citation=REVIEW_CITATION, doi=REVIEW_DOI)


def load_references() -> dict[int, Reference]:
    """The reference list shipped in ``kb/data/references.yaml``, keyed by number."""
    references = {0: REVIEW}
    for item in bundled_yaml("hydrion.kb.data", "references.yaml"):
        reference = Reference(**item)
        references[reference.number] = reference
    return references


@lru_cache(maxsize=1)
def _reference_list() -> dict[int, Reference]:
    return load_references()


def cited_references(refs: Iterable[int]) -> tuple[Reference, ...]:
    """The review's references with these numbers (citation, DOI), by number; a number not in
    the list is skipped. Results carry these so that their JSON names the DOIs they rest on."""
    references = _reference_list()
    return tuple(references[n] for n in sorted(set(refs)) if n in references)


def source_references(source: Source, references: dict[int, Reference]) -> list[Reference]:
    """The references a source rests on: its review refs, or its own DOI/citation."""
    found = [references[ref] for ref in source.refs if ref in references]
    if source.doi or source.citation:
        found.append(Reference(number=-1, citation=source.citation or "", doi=source.doi))
    return found


def describe_source(source: Source, references: dict[int, Reference]) -> dict:
    """A JSON-ready description of a source with DOIs resolved from the reference list."""
    described: dict = {"kind": source.kind}
    if source.refs:
        described["refs"] = source.refs
        described["dois"] = [
            references[ref].doi for ref in source.refs if ref in references and references[ref].doi
        ]
    if source.doi:
        described["doi"] = source.doi
    if source.citation:
        described["citation"] = source.citation
    if source.note:
        described["note"] = source.note
    return described
