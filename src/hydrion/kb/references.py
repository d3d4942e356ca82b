"""The review's reference list, and citations of records as text or BibTeX."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

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
        """A ``@misc`` BibTeX entry: the reference list holds each citation as one free-text
        string (authors, title, journal and pages not split), so the whole string goes into
        ``note`` rather than passing for a title; the year (the citation's '(2007)') and the
        DOI get their own fields. LaTeX's special characters are escaped. The key is
        ``pang2022ref<N>`` for the review's references, ``doi:<DOI>`` (or ``hydrion<n>``) for
        a paper outside its list."""
        year = re.search(r"\((\d{4})\)", self.citation)
        fields = {
            "note": _latex_escaped(self.citation),
            "year": year.group(1) if year else None,
            "doi": self.doi,
        }
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
        if self.number == 0:
            key = "pang2022review"
        elif self.number > 0:
            key = f"pang2022ref{self.number}"
        else:
            key = (
                "doi:" + re.sub(r"[^A-Za-z0-9:./_-]", "_", self.doi)
                if self.doi
                else f"hydrion{zlib.crc32(self.citation.encode())}"
            )
        return f"@misc{{{key},\n{body}\n}}"


REVIEW = Reference(number=0, citation=REVIEW_CITATION, doi=REVIEW_DOI)


def _latex_escaped(text: str) -> str:
    """``text`` with LaTeX's special characters (& % $ # _ { } ~ ^ \\) escaped for BibTeX."""
    special = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(special.get(c, "\\" + c if c in "&%$#_{}" else c) for c in text)


def load_references() -> dict[int, Reference]:
    """The reference list shipped in ``kb/data/references.yaml``, keyed by number."""
    from hydrion.bundled_yaml import bundled_yaml  # only when the cache is rebuilt: PyYAML

    references = {0: REVIEW}
    for item in bundled_yaml("hydrion.kb.data", "references.yaml"):
        reference = Reference(**item)
        references[reference.number] = reference
    return references


def cited_references(refs: Iterable[int]) -> tuple[Reference, ...]:
    """The review's references with these numbers (citation, DOI), by number; a number not in
    the list is skipped. Results carry these so that their JSON names the DOIs they rest on.

    The list is the curated records' (:func:`~hydrion.kb.curated.load_curated`, read from its
    cache), not ``references.yaml`` parsed again."""
    from hydrion.kb.curated import load_curated  # curated imports this module

    references = load_curated().references
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
