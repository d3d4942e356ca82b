"""``hydrion report`` defers PyBaMM's symbolic (sympy) and xarray code, which its simulations
never run: the review cells simulate to the same table with and without, and the modules stay
unrun in a report worker."""

import os
import subprocess
import sys
import textwrap

import pytest

from hydrion.cli.deferred_imports import DEFERRED, UNUSED_BY_PYBAMM_SIMULATIONS
from hydrion.cli.main import COMMANDS

pytest.importorskip("pybamm")


def test_the_report_defers_what_pybamm_imports_for_symbols_and_xarray():
    assert COMMANDS["report"].defers == "pybamm"
    assert DEFERRED["pybamm"] == (("sympy", "xarray"), ())
    assert {name for name, entry in COMMANDS.items() if entry.defers == "hull"} == {
        "electrode",
        "window",
        "compat",
    }


# In a fresh interpreter: the report's simulations part, built in a forked worker as the
# report builds it, with the deferral on (as `hydrion report` runs) or off; prints the table
# and whether sympy and xarray ran in the worker.
_SIMULATIONS = """
    import contextlib, multiprocessing, sys, warnings
    from types import ModuleType
    warnings.simplefilter("ignore")
    from hydrion.cli.deferred_imports import DEFERRED, deferred_imports
    from hydrion.kb import open_kb

    def build(queue):
        from hydrion.report.sections import cells
        section = cells.build_part(open_kb(), "simulations")
        ran = []
        for name in ("sympy", "xarray"):
            module = sys.modules.get(name)
            namespace = {} if module is None else object.__getattribute__(module, "__dict__")
            ran.append(f"{name} ran={'__version__' in namespace}")
        queue.put((section.tables[0].frame.to_csv(), " ".join(ran)))

    context = deferred_imports(*DEFERRED["pybamm"]) if DEFER else contextlib.nullcontext()
    with context:
        fork = multiprocessing.get_context("fork")
        queue = fork.Queue()
        worker = fork.Process(target=build, args=(queue,))
        worker.start()
        table, ran = queue.get()
        worker.join()
    print(ran)
    print(table)
"""


def _simulations(defer: bool) -> tuple[str, str]:
    code = f"DEFER = {defer}\n" + textwrap.dedent(_SIMULATIONS)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ran, _, table = done.stdout.partition("\n")
    return ran, table


@pytest.mark.slow
def test_review_cells_simulate_the_same_with_pybamms_unused_imports_deferred():
    deferred_ran, deferred_table = _simulations(defer=True)
    plain_ran, plain_table = _simulations(defer=False)
    assert deferred_table == plain_table and "TiS2" in plain_table
    assert plain_ran == "sympy ran=True xarray ran=True"  # PyBaMM does import them
    assert deferred_ran == "sympy ran=False xarray ran=False"  # never run by the simulations
    assert set(UNUSED_BY_PYBAMM_SIMULATIONS) == {"sympy", "xarray"}
