"""Start-up speed (issue 12): each command imports only what it uses.

The heavy libraries cost 0.2–1.2 s each to import (pint 0.5 s with dask, scipy.optimize
0.3 s, pandas 0.5 s, pymatgen's phase diagrams 1.2 s); a fresh process runs the commands
and its ``sys.modules`` is checked after each, so a new top-level import of one of them fails
here. The compiled knowledge-base cache is built first, as it is after a user's first command
(building it validates formulas with pymatgen).

One process runs every command, in the order below: what a command may not import includes
what every later one may not (checked), so a module loaded by an earlier command that a later
one may not load already failed the earlier check, and each check is as strict as in a fresh
process of its own (one interpreter instead of seven: ~1 s of CPU instead of ~5 s).
"""

import json
import os
import subprocess
import sys

import pytest

from hydrion.kb.curated import load_curated

_SCRIPT = """
import json, sys
from hydrion.cli.main import main
loaded = []
for argv in json.loads(sys.argv[1]):
    try:
        main(argv)
    except SystemExit as exc:
        assert not exc.code, (argv, exc.code)
    loaded.append(sorted({name.split(".")[0] for name in sys.modules}))
print(json.dumps(loaded))
"""

# what a quick lookup needs none of
HEAVY = {"scipy", "pandas", "pymatgen", "pint", "dask", "matplotlib", "plotly", "pybamm"}

# in the order they run; each one's set includes every later one's
COMMANDS = [
    (("--help",), HEAVY | {"numpy", "pydantic", "yaml"}),
    # the curated records come from their cache: no YAML parsed (PyYAML not even loaded)
    (("cite", "LiBH4"), HEAVY | {"numpy", "yaml"}),
    (("db", "show", "LiBH4"), HEAVY | {"numpy"}),
    (("sigma", "LiBH4", "-T", "30C"), HEAVY),
    (("sigma", "LiBH4", "-T", "25 °C", "--json"), HEAVY),
    # pymatgen's phase diagrams bring matplotlib and scipy; not pandas, pint or dask
    (("electrode", "MgH2"), {"pandas", "pint", "dask", "pybamm"}),
    (("window", "LiBH4"), {"pandas", "pint", "dask", "pybamm"}),
]


def test_each_command_may_import_what_the_commands_after_it_may_import():
    for (_, absent), (_, later) in zip(COMMANDS, COMMANDS[1:], strict=False):
        assert later <= absent


@pytest.fixture(scope="module")
def loaded_after(tmp_path_factory) -> dict[tuple[str, ...], set[str]]:
    """The top-level modules loaded after each command, run in order in one fresh process.

    The process gets an empty user database of its own and the session's knowledge-base
    cache, built here if it is not yet.
    """
    load_curated()  # writes the session's cache (HYDRION_CACHE_DIR) where it is missing
    argvs = [list(args) for args, _ in COMMANDS]
    user_db = tmp_path_factory.mktemp("startup") / "user.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(argvs)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HYDRION_USER_DB": str(user_db)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    return {args: set(names) for (args, _), names in zip(COMMANDS, loaded, strict=True)}


@pytest.mark.parametrize(
    ("args", "absent"),
    COMMANDS,
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_command_does_not_import_heavy_libraries(args, absent, loaded_after):
    loaded = loaded_after[args]
    assert "hydrion" in loaded
    assert not loaded & absent, f"imported by this command or one before it: {loaded & absent}"
