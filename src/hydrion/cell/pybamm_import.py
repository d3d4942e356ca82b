"""PyBaMM (the optional extra ``cell``), imported for every module that simulates a cell: they
import it from here, so that without the extra each refuses with the same one-line message."""

try:
    import pybamm as pybamm  # re-exported
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cell simulation needs PyBaMM: pip install 'hydrion[cell]'") from exc
