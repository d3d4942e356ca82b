"""Explicit pathways: a step whose balance is not unique is refused, naming the free coefficient.

Case of ../shared/cases/README.md: ``hydrion electrode LiAlH4 --convention enthalpy --path
"LiAlH4 + Li -> Li3AlH6 + Al + LiH" --path "Li3AlH6 + Li -> LiH + Al"`` gave 1.5 Li at
0.914 V, and 1.2 Li at 0.947 V with the first step's products in another order. Right: refused,
the first step balances with 1 to 3 Li per LiAlH4.
"""

import pytest

from hydrion.electrode import analyse_electrode
from hydrion.errors import InputError

SECOND = "Li3AlH6 + Li -> LiH + Al"


@pytest.mark.parametrize(
    "first",
    [
        "LiAlH4 + Li -> Li3AlH6 + Al + LiH",
        "LiAlH4 + Li -> LiH + Al + Li3AlH6",
        "LiAlH4 + Li -> Al + LiH + Li3AlH6",
    ],
)
def test_non_unique_step_is_refused(first):
    # LiAlH4 + x Li -> a Li3AlH6 + (1 − a) Al + (4 − 6a) LiH with x = 3 − 3a, 0 < a < 2/3
    with pytest.raises(InputError, match=r"no unique balance \(1 free coefficient\).*1 to 3 Li"):
        analyse_electrode("LiAlH4", convention="enthalpy", path=[first, SECOND])


@pytest.mark.parametrize(
    "first", ["LiAlH4 + Li -> Li3AlH6 + Al + LiH", "LiAlH4 + Li -> LiH + Al + Li3AlH6"]
)
def test_cli_refuses_in_one_line(run_cli, first):
    code, out, err = run_cli(
        "electrode", "LiAlH4", "--convention", "enthalpy", "--path", first, "--path", SECOND
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "1 to 3 Li per LiAlH4" in err


def test_written_coefficients_choose_the_balance():
    # Reaction (5) of the review with its coefficients: 2 Li per LiAlH4, then 1
    result = analyse_electrode(
        "LiAlH4",
        convention="enthalpy",
        path=["3LiAlH4 + 6Li -> Li3AlH6 + 2Al + 6LiH", SECOND],
    )
    assert [s.ions_transferred for s in result.steps] == pytest.approx([2, 1])


def test_unique_step_without_coefficients_is_balanced():
    result = analyse_electrode("MgH2", path=["MgH2 + Li -> LiH + Mg"])
    assert result.steps[0].ions_transferred == pytest.approx(2)
