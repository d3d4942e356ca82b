"""Whether the phases an electrolyte decomposes into can passivate it.

Beyond a computed limit the electrolyte is thermodynamically unstable, yet many hydride
electrolytes work far beyond it (LiBH4: computed reduction ≈0.7 V, cycled against Li metal):
the decomposition products form an interphase, and if that interphase blocks electrons the
reaction stops after a few nanometres (passivation, as for the SEI of liquid electrolytes). So
each limit's solid products, and the products of the reaction with an electrode, are
classified from a sourced table (``data/electronic.yaml``): all insulators → a passivating
interphase is expected; insulators and semiconductors → passivation likely; any electronic
conductor (e.g. TiB2, MgB2) → a mixed-conducting interphase that can keep growing; a product
without data → undetermined. H2 (and other gases) leave and do not count. The measured
behaviour on record (critical current densities, cells and observations against the metal,
reported windows) is collected next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.formula import parse_formula
from hydrion.errors import RecordValidationError
from hydrion.kb.records import Material
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.interface import InterfaceReaction
from hydrion.stability.window import REFERENCE, ElectrochemicalWindow, Limit

Character = Literal["insulator", "semiconductor", "metal"]
Verdict = Literal[
    "passivating", "likely passivating", "not passivating", "undetermined", "no solid products"
]
Side = Literal["reduction", "oxidation", "interface"]
_GASES = {"H2", "N2", "O2", "F2", "Cl2", "H2S", "NH3", "B2H6"}  # gases at cell temperatures


class ElectronicCharacter(BaseModel):
    """Electronic character of one phase, with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    formula: str
    character: Character
    band_gap_eV: float | None = None
    band_gap_range_eV: tuple[float, float] | None = None
    source: Source

    def describe(self) -> str:
        if self.band_gap_eV is not None:
            return f"{self.character}, gap {self.band_gap_eV:g} eV"
        if self.band_gap_range_eV is not None:
            low, high = self.band_gap_range_eV
            return f"{self.character}, gap within {low:g}–{high:g} eV"
        return self.character


@lru_cache(maxsize=1)
def electronic_table() -> dict[str, ElectronicCharacter]:
    """The bundled table, keyed by reduced formula."""
    table = {}
    for index, item in enumerate(bundled_yaml("hydrion.stability.data", "electronic.yaml") or []):
        try:
            entry = ElectronicCharacter.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise RecordValidationError(
                f"electronic.yaml: #{index}: {where}: {error['msg']}"
            ) from None
        table[parse_formula(entry.formula).reduced_formula] = entry
    return table


def electronic_character(formula: str) -> ElectronicCharacter | None:
    """The sourced electronic character of a phase, or None where nothing is on record."""
    return electronic_table().get(parse_formula(formula).reduced_formula)


@dataclass(frozen=True)
class Interphase(Result):
    """What forms beyond one limit of a window (side 'reduction'/'oxidation'), or at the
    interface with an electrode (side 'interface'), and whether it can passivate.

    ``voltage_V`` is the limit (V vs the ion's metal); for an interface reaction, the potential
    at which the ion was open, or None for the reaction of the two phases alone.
    """

    side: Side
    voltage_V: float | None
    products: tuple[tuple[str, ElectronicCharacter | None], ...]
    verdict: Verdict

    derived = ("where", "explanation")

    @property
    def where(self) -> str:
        """'beyond the oxidation limit' or 'at the interface (ion open at 2.70 V)'."""
        if self.side != "interface":
            return f"beyond the {self.side} limit"
        if self.voltage_V is None:
            return "at the interface"
        return f"at the interface (ion open at {self.voltage_V:.2f} V)"

    @property
    def products_described(self) -> str:
        """The solid products with their electronic character, e.g. 'TiB2 (metal)' (no verdict:
        a pair's verdict weighs all its interphases together, see ``combined_verdict``)."""
        return (
            ", ".join(
                f"{phase} ({info.describe() if info else 'no electronic data'})"
                for phase, info in self.products
            )
            or "gases only"
        )

    @property
    def explanation(self) -> str:
        """One sentence a chemist reads next to the limit."""
        named = self.products_described
        if self.verdict == "no solid products":
            return "only gases form: no interphase"
        if self.verdict == "passivating":
            beyond = (
                f" and the electrolyte can work beyond {self.voltage_V:.2f} V kinetically"
                if self.side != "interface"
                else ""
            )
            return (
                f"{named}: all electronic insulators, so a passivating interphase is "
                f"expected{beyond}"
            )
        if self.verdict == "likely passivating":
            weak = [p for p, info in self.products if info and info.character == "semiconductor"]
            return (
                f"{named}: no metal, but {', '.join(weak)} conducts electrons weakly, so "
                "passivation is likely, not certain"
            )
        if self.verdict == "not passivating":
            metals = [p for p, info in self.products if info and info.character == "metal"]
            return (
                f"{named}: {', '.join(metals)} conducts electrons, so the interphase is "
                "mixed-conducting and can keep growing: no passivation expected"
            )
        unknown = [p for p, info in self.products if info is None]
        missing = ", ".join(unknown)
        return f"{named}: passivation undetermined without electronic data for {missing}"


def classify(
    products: tuple[str, ...] | list[str], ion: str | None
) -> tuple[tuple[tuple[str, ElectronicCharacter | None], ...], Verdict]:
    """The solid products with their electronic character, and the passivation verdict.

    Gases leave and the ion's metal (the reservoir at a fixed potential, when ``ion`` is
    given) is not part of the interphase. Any electronic conductor → 'not passivating'; else
    any product without data → 'undetermined'; else any semiconductor → 'likely passivating';
    else 'passivating'.
    """
    solids = [p for p in products if p not in _GASES and p != ion]
    classified = tuple((p, electronic_character(p)) for p in solids)
    characters = [info.character if info else None for _, info in classified]
    if not classified:
        verdict: Verdict = "no solid products"
    elif "metal" in characters:
        verdict = "not passivating"
    elif None in characters:
        verdict = "undetermined"
    elif "semiconductor" in characters:
        verdict = "likely passivating"
    else:
        verdict = "passivating"
    return classified, verdict


def interphase(
    limit: Limit, side: Literal["reduction", "oxidation"], ion: str
) -> Interphase | None:
    """The interphase beyond one limit (None where the limit is open or at the metal itself)."""
    if limit.voltage_V is None or not limit.products:
        return None
    return Interphase(side, limit.voltage_V, *classify(limit.products, ion))


def reaction_interphase(reaction: InterfaceReaction) -> Interphase | None:
    """The interphase that the products of an electrolyte–electrode reaction form (None where
    the two do not react). Its verdict reads only the products listed for that reaction."""
    if not reaction.reactive:
        return None
    return Interphase("interface", reaction.potential_V, *classify(reaction.products, reaction.ion))


def combined_verdict(items: tuple[Interphase, ...] | list[Interphase]) -> Verdict | None:
    """One verdict for several interphases of a cell: an electronic conductor in any of them
    wins, then missing data, then a semiconductor; None where there is no interphase."""
    verdicts = {i.verdict for i in items} - {"no solid products"}
    for verdict in ("not passivating", "undetermined", "likely passivating", "passivating"):
        if verdict in verdicts:
            return verdict
    return "no solid products" if items else None


def interphases(window: ElectrochemicalWindow) -> tuple[Interphase, ...]:
    """The interphases beyond the reduction and the oxidation limit of a window."""
    found = (
        interphase(window.reduction, "reduction", window.ion),
        interphase(window.oxidation, "oxidation", window.ion),
    )
    return tuple(item for item in found if item is not None)


def measured_behaviour(material: Material, ion: str, kb=None) -> tuple[tuple[str, Source], ...]:
    """What experiments on record say about the electrolyte against the ion's metal.

    Critical current densities, the reported experimental windows, observations naming the
    metal and the number of stored cells with a metal anode; each with its source.
    """
    metal = ion.lower()
    found: list[tuple[str, Source]] = []
    for ccd in material.critical_current_densities:
        found.append((f"critical current density {ccd.describe()}", ccd.source))
    for window in material.windows:
        if window.method == "experimental" and window.reference == REFERENCE[ion]:
            found.append((f"experimental window {window.describe()}", window.source))
    for observation in material.observations:
        if observation.counterpart == metal:
            found.append((observation.text, observation.source))
    if kb is not None:
        cells = [
            c
            for c in kb.cells(material=material.id)
            if c.electrolyte == material.id and c.anode == metal
        ]
        if cells:
            best = max(cells, key=lambda c: max(p.capacity_mAh_per_g for p in c.performance))
            first = best.performance[0]
            found.append(
                (
                    f"{len(cells)} cell(s) against {ion} metal on record, e.g. {best.label}: "
                    f"{first.describe()}",
                    first.source,
                )
            )
    return tuple(found)
