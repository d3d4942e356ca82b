"""Chemistry on pymatgen: formulas, reactions and the bundled thermochemistry table."""

from hydrion.chem.formula import parse_formula

__all__ = ["parse_formula"]
