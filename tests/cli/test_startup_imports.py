"""Start-up speed (issue 12): each command imports only what it uses.

The heavy libraries cost 0.2–1.2 s each to import (pint 0.5 s with dask, scipy.optimize
0.3 s, pandas 0.5 s, pymatgen's phase diagrams 1.2 s); a fresh process runs each command
and its ``sys.modules`` is checked, so a new top-level import of one of them fails here.
The compiled knowledge-base cache is built first, as it is after a user's first command
(building it validates formulas with pymatgen).
"""

import os
import subprocess
import sys

import pytest

_SCRIPT = """
import sys
from hydrion.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""

# what a quick lookup needs none of
HEAVY = {"scipy", "pandas", "pymatgen", "pint", "dask", "matplotlib", "plotly", "pybamm"}


@pytest.fixture(scope="module")
def warm_environment(tmp_path_factory) -> dict[str, str]:
    """Environment with an empty user database and a built knowledge-base cache."""
    folder = tmp_path_factory.mktemp("startup")
    env = {
        **os.environ,
        "HYDRION_USER_DB": str(folder / "user.sqlite"),
        "HYDRION_CACHE_DIR": str(folder / "cache"),
    }
    subprocess.run(
        [sys.executable, "-c", _SCRIPT, "db", "show", "LiBH4"],
        env=env,
        check=True,
        capture_output=True,
    )
    return env


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (("--help",), HEAVY | {"numpy", "pydantic", "yaml"}),
        (("db", "show", "LiBH4"), HEAVY | {"numpy"}),
        (("cite", "LiBH4"), HEAVY | {"numpy"}),
        (("sigma", "LiBH4", "-T", "30C"), HEAVY),
        (("sigma", "LiBH4", "-T", "25 °C", "--json"), HEAVY),
        # pymatgen's phase diagrams bring matplotlib and scipy; not pandas, pint or dask
        (("electrode", "MgH2"), {"pandas", "pint", "dask", "pybamm"}),
        (("window", "LiBH4"), {"pandas", "pint", "dask", "pybamm"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_command_does_not_import_heavy_libraries(args, absent, warm_environment):
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        capture_output=True,
        text=True,
        check=False,
        env=warm_environment,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.strip().splitlines()[-1].split())
    assert "hydrion" in loaded
    assert not loaded & absent, f"imported: {sorted(loaded & absent)}"
