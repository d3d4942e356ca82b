"""Chemistry on pymatgen: formulas, reactions and the bundled thermochemistry table."""

from hydrion.lazy import lazy_exports

# public name -> submodule that defines it (imported on first use: the density table is read
# without pymatgen)
_EXPORTS = {"parse_formula": "formula"}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
