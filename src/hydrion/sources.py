"""Provenance at the bottom of every layer: where a number comes from (:class:`Source`).

Every reported value of the knowledge base, every row of a bundled data file and every
result that rests on the literature carries a :class:`Source`: reference numbers of the
review (Pang et al. 2022, DOI :data:`REVIEW_DOI`), a DOI or a citation, and the kind of
source. This module depends on pydantic only, so that ``chem``, ``kb`` and the analyses
can all use it without importing each other.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SourceKind = Literal[
    "experiment",  # measured in the cited paper
    "calculation",  # DFT, AIMD or another computation in the cited paper
    "review_table",  # as tabulated in Pang et al. 2022 (Table 1 or 2)
    "review_text",  # as stated in the text of Pang et al. 2022
    "handbook",  # a data compilation (CRC, NIST-JANAF, crystallographic database)
    "user",  # the user's own measurement
]
REVIEW_DOI = "10.1016/j.mtnano.2022.100194"

MULTILINE_FIELDS = frozenset({"note", "description"})
"""Text fields that may span lines ("\\n" only); every other text field is one line."""
_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})  # controls (tab, newline, ESC, NEL...), U+2028/9


def refused_character(field: str, text: str) -> str | None:
    """Why ``text`` may not be the value of text field ``field``, or None where it may.

    Refused everywhere: format characters (Unicode category Cf: bidi controls such as U+202E
    and U+2066, zero-width spaces and joiners, U+FEFF), which reorder or hide text on the
    reader's terminal and make two equal-looking names different. Refused in one-line
    fields: control characters and line or paragraph separators (categories Cc, Zl, Zp:
    newline, tab, ESC, NEL, U+2028); the fields of :data:`MULTILINE_FIELDS` allow "\\n".
    """
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf" or (
            category in _LINE_BREAKING and not (char == "\n" and field in MULTILINE_FIELDS)
        ):
            kind = "an invisible" if category == "Cf" else "a control or line-break"
            name = unicodedata.name(char, "control character")
            return f"{field}: text holds {kind} character U+{ord(char):04X} ({name})"
    return None


class StrictModel(BaseModel):
    """Base of the validated records: unknown fields, changes after creation, infinite or
    NaN numbers and text holding control or invisible characters (:func:`refused_character`)
    are all refused."""

    # allow_inf_nan=False: no infinite or NaN number anywhere in a record (an infinite σ
    # would top every query); pydantic refuses them for every float field, nested or not.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: object) -> object:
        """Refuse text that :func:`refused_character` refuses: printed raw, control and
        format characters drive or deceive the user's terminal."""
        if isinstance(data, dict):
            for field, value in data.items():
                texts = value if isinstance(value, list) else [value]
                for text in texts:
                    reason = isinstance(text, str) and refused_character(str(field), text)
                    if reason:
                        raise ValueError(reason)
        return data


class Source(StrictModel):
    """Where a value comes from.

    ``refs`` are reference numbers of Pang et al. 2022 (their DOIs are resolved from the
    review's reference list); sources outside the review give ``doi`` or ``citation``.
    ``kind`` says what sort of source it is (:data:`SourceKind`).

    Raises ``pydantic.ValidationError`` when no reference, DOI or citation is given, or a
    reference number is below 1.
    """

    refs: list[int] = Field(default_factory=list)
    doi: str | None = Field(
        None, pattern=r"^10\.\d{4,9}/\S+$", description="e.g. 10.1063/1.2817934"
    )
    citation: str | None = None
    kind: SourceKind
    note: str | None = None

    @model_validator(mode="after")
    def _names_a_source(self) -> Source:
        if not (self.refs or self.doi or self.citation):
            raise ValueError("a source needs refs (review reference numbers), a doi or a citation")
        if any(ref < 1 for ref in self.refs):
            raise ValueError("reference numbers start at 1")
        return self
