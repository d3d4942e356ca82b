"""The review's reference list, and citations of records as text or BibTeX."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from hydrion.kb.citation_parts import citation_parts, citation_year
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
        """A BibTeX entry of this reference.

        ``@article`` with author, title, journal, volume, number (the issue, where printed),
        year and pages where the citation text splits into all of them
        (:func:`~hydrion.kb.citation_parts.citation_parts`); else ``@misc`` with the whole text
        in ``note`` (no field guessed) and the year found in it
        (:func:`~hydrion.kb.citation_parts.citation_year`). The DOI gets its own field. The title
        is braced to keep its case (chemical formulas), page ranges use ``--``, and LaTeX's
        special characters are escaped. The key is ``pang2022ref<N>`` for the review's
        references (``pang2022review`` for the review), ``doi:<DOI>`` (or ``hydrion<n>``) for a
        paper outside its list.

        Returns
        -------
        str
            The entry, fields one per line, without a trailing newline.
        """
        parts = citation_parts(self.citation)
        fields: dict[str, str | None]
        if parts:
            kind = "article"
            fields = {
                "author": " and ".join(f"{a.surname}, {a.initials}" for a in parts.authors),
                "title": parts.title,
                "journal": parts.journal,
                "volume": parts.volume,
                "number": parts.issue,
                "year": str(parts.year),
                "pages": re.sub("[–-]", "--", parts.pages),
            }
        else:
            kind, year = "misc", citation_year(self.citation)
            fields = {"note": self.citation, "year": str(year) if year else None}
        written = {key: _latex_escaped(value) for key, value in fields.items() if value}
        if "title" in written:
            written["title"] = "{" + written["title"] + "}"
        if self.doi:
            written["doi"] = self.doi
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in written.items())
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
        return f"@{kind}{{{key},\n{body}\n}}"


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
