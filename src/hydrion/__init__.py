"""hydrion: hydride solid-state batteries made computable.

Layers (data flows downward only):

* foundation: :mod:`hydrion.kb` (sourced records), :mod:`hydrion.chem` (formulas,
  reactions, thermochemistry), :mod:`hydrion.units` (pint at the edges);
* analyses: electrode, transport, stability, cell, experiment;
* interfaces: :mod:`hydrion.cli` and :mod:`hydrion.report`.
"""

from hydrion.errors import HydrionError

__version__ = "0.1.0"
__all__ = ["HydrionError", "__version__"]
