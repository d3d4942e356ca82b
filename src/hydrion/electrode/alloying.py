"""Alloying steps after the conversion (host metal + ion -> alloy), from sourced data.

Which alloy ends the lithiation of a host is a literature statement (e.g. Al + Li -> AlLi,
Reaction 7 of the review), kept in ``electrode/data/alloying.yaml`` with its source.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from hydrion.bundled_yaml import bundled_yaml
from hydrion.sources import Source


class AlloyingStep(BaseModel):
    """host + ions_per_host·ion -> product."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    host: str
    ion: str
    product: str
    ions_per_host: float = Field(gt=0)
    source: Source


@lru_cache(maxsize=1)
def alloying_table() -> dict[tuple[str, str], AlloyingStep]:
    """Alloying data keyed by (host, ion)."""
    items = bundled_yaml("hydrion.electrode.data", "alloying.yaml")
    steps = [AlloyingStep.model_validate(item) for item in items]
    return {(step.host, step.ion): step for step in steps}
