"""Built PyBaMM simulations of the cell models, kept for reuse (optional extra ``cell``).

Setting up a PyBaMM simulation (parameterising and discretising the DFN, then setting up the
solver at its first solve) takes most of the time of one C-rate; solving a built one again is
quick. :func:`built_simulation` therefore keeps the latest built simulations and hands one back
to every cell whose PyBaMM parameters are the same.

What is kept: ``pybamm.Simulation`` objects, each holding a built model and experiment; no
result. Every solve passes its own inputs (the step current :data:`CURRENT`, the step time
limit :data:`STEP_LIMIT` and the numbers of :data:`INPUT_ENTRIES`), starts from the model's
initial state, and hydrion reads the solution it returns, never one stored on the simulation.

Key: the cell model's class name, whether the way back is run, the voltage window, the mesh
points, and every PyBaMM parameter value (those of :data:`INPUT_ENTRIES` replaced by
``"[input]"``); functions (open-circuit potentials) compare by identity. Size: the latest
:data:`BUILT_KEPT` (least recently used dropped first).

Why it is safe: two cells share a build only if every value that goes into the built model is
the same, and the values that differ (current, time limit, diffusivity) are inputs of each
solve; ``tests/cell/test_simulate.py`` checks that a rate gives what it gives alone after other
rates and diffusivities ran on the same build, and that the reused build's curves are those
of a fresh build point for point.

The solver is reused too: a built simulation keeps one solver per step (PyBaMM 26.10
``Simulation.steps_to_built_solvers``), set up (CasADi functions, Jacobian: 0.08-0.13 CPU s)
at the build's first solve only; each later solve resets only the initial state
(``BaseSolver.step`` calls ``set_up(..., ics_only=True)`` on an empty start, about 2 ms). What
a simulation costs is therefore one build per distinct cell (0.2-0.3 CPU s: parameters,
discretisation, solver set-up) plus 6-20 ms per C-rate (``benchmarks/bench_pybamm.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cache

from hydrion.cell.pybamm_import import pybamm
from hydrion.cell.setups import MIN_C_RATE

# Input parameters of the cell's PyBaMM simulation, set at each solve: the current of a step
# (A; the sign is the step's) and how long a step may last (s). A step's stated duration is
# the longest any C-rate needs (2 h / MIN_C_RATE), so that one model serves every rate.
CURRENT = "Step current [A]"
STEP_LIMIT = "Step time limit [s]"
_LONGEST_STEP_S = 2.0 * 3600.0 / MIN_C_RATE

# Entries handed to PyBaMM as input parameters where they are numbers, so that cells which
# differ only in them (the trial diffusivities of a fit) share one built simulation. Not the
# electrolyte conductivity: as an input, PyBaMM 26.10 gets the electrolyte potential drop
# between the separator and the positive electrode wrong (0.034 V where i·Δx/σ gives 0.015 V
# for TiS2 | LiBH4 | Li at 2 C, σ = 1 mS/cm, 500 µm separator: -3.8 % capacity); as a
# number it gives i·Δx/σ. D as an input changes the capacities by under 4e-5 (relative).
INPUT_ENTRIES = (
    "Positive particle diffusivity [m2.s-1]",
    "Negative particle diffusivity [m2.s-1]",
)
BUILT_KEPT = 8
_BUILT: OrderedDict[tuple, pybamm.Simulation] = OrderedDict()  # the latest built, by key


@cache
def dfn(half_cell: bool):
    """PyBaMM's DFN model, of a half cell (working electrode against the metal) or a full
    cell; made once (each simulation works on its own copy)."""
    return pybamm.lithium_ion.DFN({"working electrode": "positive"} if half_cell else None)


def numeric_inputs(values: pybamm.ParameterValues) -> dict[str, float]:
    """The entries of :data:`INPUT_ENTRIES` that are numbers in ``values``, by name."""
    return {
        name: float(values[name])
        for name in INPUT_ENTRIES
        if name in values and isinstance(values[name], int | float)
    }


def built_simulation(
    owner: str,
    model,
    values: pybamm.ParameterValues,
    var_pts: dict,
    window_V: tuple[float, float],
    steps: tuple[str, ...],
) -> pybamm.Simulation:
    """The PyBaMM simulation of a cell's steps, built once for every cell whose values
    differ only in :data:`INPUT_ENTRIES` and solved at each C-rate through :data:`CURRENT`.

    Parameters
    ----------
    owner : str
        Name of the cell model (part of the key: half and full cells never share a build).
    model : pybamm.BaseModel
        The DFN of :func:`dfn`.
    values : pybamm.ParameterValues
        The cell's parameter values (not changed: the input entries go into a copy).
    var_pts : dict
        Mesh points per spatial variable.
    window_V : tuple of float
        Lower and upper voltage cut-offs (V).
    steps : tuple of str
        ``"discharge"`` and/or ``"charge"``, in the order run; each ends at its cut-off or
        after the time limit given at the solve (:data:`STEP_LIMIT`, s).

    Returns
    -------
    pybamm.Simulation
        Built (or to be built at its first solve) and holding no result hydrion reads.
    """
    built = values.copy()
    built.update(dict.fromkeys(numeric_inputs(values), "[input]"))
    key = (
        owner,
        steps,
        window_V,
        tuple(sorted(var_pts.items(), key=str)),
        tuple(sorted((name, _hashable(value)) for name, value in built.items())),
    )
    if key in _BUILT:
        _BUILT.move_to_end(key)
        return _BUILT[key]
    low, high = window_V
    current = pybamm.InputParameter(CURRENT)
    # the step's time limit, 2 h / C-rate (PyBaMM's own default for a C-rate step)
    limit = pybamm.step.CustomTermination("Time limit", _time_left)
    step_of = {
        "discharge": pybamm.step.current(
            current,
            termination=[f"<{low:g} V", limit],
            duration=_LONGEST_STEP_S,
            direction="discharge",
        ),
        "charge": pybamm.step.current(
            -current,
            termination=[f">{high:g} V", limit],
            duration=_LONGEST_STEP_S,
            direction="charge",
        ),
    }
    _BUILT[key] = pybamm.Simulation(
        model,
        experiment=pybamm.Experiment([tuple(step_of[step] for step in steps)]),
        parameter_values=built,
        var_pts=var_pts,
    )
    while len(_BUILT) > BUILT_KEPT:
        _BUILT.popitem(last=False)
    return _BUILT[key]


def starts_beyond_cutoff(error: pybamm.SolverError) -> bool:
    """Whether PyBaMM refused a cycle because every step starts beyond its voltage cut-off.

    PyBaMM 26.10 gives no structural sign of it (no exception subclass, no attribute): a
    step infeasible at its initial state becomes an ``EmptySolution``, and when all steps of a
    cycle are, ``Simulation._check_infeasible_steps`` raises a plain ``SolverError`` whose
    text is "All steps in the cycle ... are infeasible due to exceeded bounds at initial
    conditions." (or, for a one-step cycle, "Step '...' is infeasible due to exceeded bounds
    at initial conditions."). This matches that text; ``tests/cell/test_simulate.py`` fails
    if PyBaMM changes it.
    """
    return "infeasible due to exceeded bounds at initial conditions" in str(error)


def _time_left(variables: dict):
    """Seconds left of the step's time limit (an event of the step: it ends at zero)."""
    return pybamm.InputParameter(STEP_LIMIT) - (pybamm.t - pybamm.InputParameter("start time"))


def _hashable(value):
    """A parameter value as part of a key: itself where hashable (numbers, strings, the
    functions of a parameter set or of :mod:`hydrion.cell.pybamm_electrodes`, compared by
    identity), else its text (a list of citations)."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value
