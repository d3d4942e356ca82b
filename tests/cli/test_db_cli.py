"""The db, cite and report commands: JSON output and one-line refusals with exit code 2."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "kb" / "data"


def assert_refused(result):
    code, _, err = result
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("hydrion: error: ")


@pytest.mark.parametrize(
    "args",
    [
        ("db", "list", "--kind", "gas"),
        ("db", "list", "--ion", "K"),
        ("db", "show", "unobtainium"),
        ("db", "show", ""),
        ("db", "query"),
        ("db", "query", "--sigma-min", "3 V"),
        ("db", "query", "--sigma-min", "1 mS/cm", "--at", "-5 K"),
        ("db", "query", "--window-min", "4 S/cm"),
        ("db", "query", "--window-min", "4 V", "--method", "guessed"),
        ("db", "export", "--format", "xls"),
        ("db", "add", "missing.yaml"),
        ("db", "nonsense"),
        ("cite", "unobtainium"),
        ("report", "--out", "/proc/version"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(run_cli, args):
    assert_refused(run_cli(*args))


def test_add_then_show_and_list_as_json(run_cli):
    code, out, _ = run_cli("db", "add", str(DATA / "user_material.yaml"), "--json")
    assert code == 0
    assert json.loads(out)["added"] == ["my-li3ocl-bh4", "my-cell"]
    code, out, _ = run_cli("db", "show", "my-li3ocl-bh4", "--json")
    shown = json.loads(out)
    assert shown["origin"] == "user"
    assert shown["material"]["conductivities"][0]["source"]["citation"] == "lab notebook 12, p. 4"
    assert shown["cells"] == ["my-cell"]
    code, out, _ = run_cli("db", "list", "--kind", "cell", "--json")
    assert "my-cell" in {cell["id"] for cell in json.loads(out)["cells"]}


def test_bad_file_is_refused_and_nothing_is_stored(run_cli):
    assert_refused(run_cli("db", "add", str(DATA / "bad_sigma.yaml")))
    code, out, _ = run_cli("db", "list", "--json")
    assert "bad-sigma" not in {m["id"] for m in json.loads(out)["materials"]}


def test_garbled_file_is_refused(run_cli, tmp_path):
    garbled = tmp_path / "garbled.yaml"
    garbled.write_text("id: [unclosed\n  name: ::\n")
    assert_refused(run_cli("db", "add", str(garbled)))


def test_query_and_export(run_cli, tmp_path):
    run_cli("db", "add", str(DATA / "user_material.yaml"))
    code, out, _ = run_cli("db", "query", "--sigma-min", "0.01 mS/cm", "--at", "30 C", "--json")
    assert code == 0
    assert "my-li3ocl-bh4" in {row["id"] for row in json.loads(out)["conductivity"]}
    target = tmp_path / "kb.csv"
    code, _, _ = run_cli("db", "export", "--format", "csv", "--out", str(target))
    assert code == 0 and "my-li3ocl-bh4" in target.read_text()


def test_cite_gives_bibtex(run_cli):
    run_cli("db", "add", str(DATA / "user_material.yaml"))
    code, out, _ = run_cli("cite", "my-li3ocl-bh4", "--bibtex")
    assert code == 0
    assert "@article{pang2022review" in out


@pytest.mark.parametrize(
    "extra",
    [("--store", "(((("), ("--store", "nosuch"), ("--store", "libh4", "--start", "99 V")],
)
def test_cv_store_refuses_unknown_materials_and_starts_outside_the_data(
    shared_dir, run_cli, user_db, extra
):
    path = str(shared_dir / "corpus/cv/yadg__cv.mpt")
    code, _, err = result = run_cli("cv", path, "--area", "1cm2", *extra)
    assert_refused(result)
    assert ("db list" in err) if extra[1] != "libh4" else ("outside the file's" in err)
    assert not user_db.exists()


@pytest.mark.parametrize("payload", [{"low_V": "x"}, {"high_V": 5}, [1, 2]])
def test_db_show_skips_a_stored_window_with_a_bad_payload(run_cli, user_db, payload):
    from hydrion.kb.store import UserStore

    UserStore(user_db).put("window", "libh4", payload)
    code, out, err = run_cli("db", "show", "LiBH4")
    assert code == 0 and "LiBH4" in out and "CV window" not in out
    assert "stored window 'libh4' is not a window" in err and "Traceback" not in err
