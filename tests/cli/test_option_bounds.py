"""Option bounds and help text: N/P range, empty list items, huge integers, metavars."""

from pathlib import Path

import pytest

DESIGN = ("cell", "design", "--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li")


@pytest.mark.parametrize("np_ratio", ["1e308", "101", "0", "-1"])
def test_np_ratio_outside_0_to_100_refused(run_cli, np_ratio: str) -> None:
    code, out, err = run_cli(*DESIGN, "--temperature", "120 C", "--np", np_ratio)
    assert code == 2 and out == ""
    assert (
        err.strip()
        == f"hydrion: error: --np (N/P ratio) must be in (0, 100], got {float(np_ratio):g}"
    )


def test_np_ratio_100_accepted(run_cli) -> None:
    code, out, _ = run_cli(*DESIGN, "--temperature", "120 C", "--np", "100")
    assert code == 0 and "N/P 100" in out


@pytest.mark.parametrize("rates", ["1,,2", "1,2,", ",1"])
def test_empty_c_rate_item_refused(run_cli, rates: str) -> None:
    code, _, err = run_cli(*DESIGN, "--temperature", "120 C", "--c-rates", rates)
    assert code == 2
    assert "has an empty item" in err and err.strip().count("\n") == 0


def test_huge_json_integer_says_too_many_digits(run_cli, user_db, tmp_path: Path) -> None:
    path = tmp_path / "bigint.json"
    path.write_text('{"name": "X", "a": ' + "1" * 5000 + "}")
    code, _, err = run_cli("db", "add", str(path))
    assert code == 2
    assert "5000 digits has too many digits" in err
    assert "set_int_max_str_digits" not in err


def test_eis_loop_metavar_is_clean(run_cli) -> None:
    _, out, _ = run_cli("eis", "--help")
    assert "list[int]" not in out
    assert any(
        line.split()[1:3] == ["--loop", "N"] for line in out.splitlines() if "--loop" in line
    )
