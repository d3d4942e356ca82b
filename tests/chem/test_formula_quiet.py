"""Elements pymatgen has no data for (Og) give no library warnings on stderr."""

import subprocess
import sys
import warnings


def test_parse_formula_og2_warns_nothing() -> None:
    # a fresh interpreter: pymatgen warns only the first time an element's X is read
    code = (
        "from hydrion.chem.formula import parse_formula; c = parse_formula('Og2'); "
        "print(c.reduced_formula, c.formula)"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Og", "Og2"]
    assert done.stderr == ""


def test_electrode_og_hydride_warns_nothing(run_cli) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = run_cli("electrode", "OgH2")
    assert code == 0 and "OgH2 + 2Li -> 2LiH + Og" in out
    assert err == ""
