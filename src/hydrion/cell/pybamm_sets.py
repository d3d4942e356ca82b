"""The review's cells as PyBaMM parameter sets, registered under PyBaMM's
``pybamm_parameter_sets`` entry point (``pyproject.toml``).

After ``pip install 'hydrion[cell]'``, PyBaMM finds them by name::

    values = pybamm.ParameterValues("hydrion_tis2_libh4")
    model = pybamm.lithium_ion.DFN({"working electrode": "positive"})
    pybamm.Simulation(model, parameter_values=values).solve([0, 3600])

Each set is the half cell (working electrode against Li metal) of one review case of
``cell/data/review_cases.yaml`` at its first calibrated temperature, built by the same code as
``hydrion cell simulate --review`` (:class:`hydrion.cell.simulate.HalfCellModel`): the
electrolyte conductivity from σ(T) of the knowledge base, the open-circuit potential and
capacity of the working electrode from its sourced data, the solid diffusivity fitted to the
review's rate data, and the kinetics of the PyBaMM set named in ``cell/data/simulation.yaml``
(assumed: no hydride-cell values are on record). Use them with PyBaMM's
``{"working electrode": "positive"}`` option; the warnings that hydrion prints with a
simulation (assumed and borrowed values) hold for these sets too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hydrion.cell.review_cases import review_cell_runs
from hydrion.errors import UnknownRecordError

PREFIX = "hydrion_"


def set_name(slug: str) -> str:
    """The PyBaMM name of the review case ``slug``: 'tis2-libh4' -> 'hydrion_tis2_libh4'."""
    return PREFIX + slug.replace("-", "_")


def parameter_values(slug: str, temperature_C: float | None = None, kb=None) -> dict[str, Any]:
    """PyBaMM parameters of the half cell of a review case.

    Parameters
    ----------
    slug : str
        Review case, as in ``cell/data/review_cases.yaml`` (e.g. ``"tis2-libh4"``).
    temperature_C : float, optional
        Temperature (°C); one of the case's calibrated temperatures. Default: the first.
    kb : KnowledgeBase, optional
        Knowledge base to read the cell from; default :func:`hydrion.kb.open_kb`.

    Returns
    -------
    dict
        Parameter name (PyBaMM's, units in brackets) -> value, with ``"chemistry":
        "lithium_ion"``; ready for ``pybamm.ParameterValues``.

    Raises
    ------
    UnknownRecordError
        If ``slug`` is not a review case or ``temperature_C`` is not one of its temperatures.
    ImportError
        If PyBaMM (extra ``cell``) is not installed.
    """
    from hydrion.cell.review_cases import _kb
    from hydrion.cell.simulate import HalfCellModel

    cases = {case.slug: case for case in review_cell_runs()}
    if slug not in cases:
        raise UnknownRecordError(f"no review cell case {slug!r}; known: {', '.join(sorted(cases))}")
    case = cases[slug]
    temperature = case.temperatures_C[0] if temperature_C is None else float(temperature_C)
    if temperature not in case.temperatures_C:
        raise UnknownRecordError(
            f"{slug} is calibrated at {', '.join(f'{t:g}' for t in case.temperatures_C)} °C, "
            f"not {temperature:g} °C"
        )
    kb = _kb(kb)
    model = HalfCellModel(case.setup(kb, temperature), kb)
    values = dict(model.values.items())
    values["chemistry"] = "lithium_ion"
    return values


def _entry_point(slug: str) -> Callable[[], dict[str, Any]]:
    def get_parameter_values() -> dict[str, Any]:
        return parameter_values(slug)

    get_parameter_values.__doc__ = (
        f"\nParameters of the review cell {slug!r} (hydrion, half cell; see "
        "hydrion.cell.pybamm_sets).\n"
    )
    return get_parameter_values


def __getattr__(name: str) -> Callable[[], dict[str, Any]]:
    """``hydrion.cell.pybamm_sets.hydrion_<case>``: the entry-point callable of a case."""
    for case in review_cell_runs():
        if set_name(case.slug) == name:
            return _entry_point(case.slug)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def registered_names() -> list[str]:
    """Names of every review case's parameter set (as ``pyproject.toml`` must register)."""
    return [set_name(case.slug) for case in review_cell_runs()]


__all__ = ["PREFIX", "parameter_values", "registered_names", "set_name"]
