"""Issue 9 (outside tester): files given to the wrong command are refused naming the right one,
the CV reference electrode comes from the file's header (never silently Li/Li+), and stored
CV windows show in ``db show``; the current-unit note names where the unit came from."""

import json

import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.cv_files import read_cv
from hydrion.experiment.cycling import read_cycling
from hydrion.experiment.file_headers import reference_electrode, technique


@pytest.fixture
def corpus(shared_dir):
    return shared_dir / "corpus"


def test_header_technique_and_reference(corpus):
    assert technique(corpus / "cv/yadg__lsv.mpt")[0] == "cv"
    assert technique(corpus / "eis/yadg__peis.mpt")[0] == "eis"
    assert technique(corpus / "cv/gamry-parser__cv_data.dta")[0] == "cv"
    assert technique(corpus / "cycling/cellpy__pec.csv") is None
    assert reference_electrode(corpus / "cv/yadg__lsv.mpt").startswith("SCE")
    assert reference_electrode(corpus / "cv/yadg__cv.mpt") is None  # no such line
    assert reference_electrode(corpus / "eis/pyimpspec__data.mpt") is None  # a placeholder


@pytest.mark.parametrize(
    "name, command",
    [("cv/yadg__lsv.mpt", "hydrion cv"), ("cv/yadg__cv.mpt", "hydrion cv")],
)
def test_cycling_refuses_a_voltammogram(corpus, name, command):
    with pytest.raises(FileFormatError, match=command):
        read_cycling(corpus / name)


def test_cycling_refuses_an_mpr_voltammogram_by_its_modes(corpus):
    pytest.importorskip("galvani")
    with pytest.raises(FileFormatError, match="mode 2 only.*hydrion cv"):
        read_cycling(corpus / "cv/yadg__lsv.mpr")


@pytest.mark.parametrize(
    "name, command",
    [
        ("eis/yadg__peis.mpt", "hydrion eis"),
        ("cycling/cellpy__pec.csv", "hydrion cycling"),
        ("cycling/cellpy__neware_uio.csv", "hydrion cycling"),
        ("cycling/yadg__gcpl.pr_182.1.mpt", "hydrion cycling"),
    ],
)
def test_cv_refuses_other_techniques(corpus, name, command):
    with pytest.raises(FileFormatError, match=command):
        read_cv(corpus / name, 1.0)


def test_cli_wrong_command_is_one_line_exit_2(corpus, run_cli):
    code, out, err = run_cli("cycling", str(corpus / "cv/yadg__lsv.mpt"), "--mass", "1 g")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "Linear Sweep Voltammetry" in err and "hydrion cv" in err


def test_cv_reports_the_files_reference_electrode(corpus, run_cli):
    code, out, _ = run_cli("cv", str(corpus / "cv/yadg__lsv.mpt"), "--area", "1 cm2")
    assert code == 0 and "vs SCE" in out and "Li/Li+" not in out
    assert "no anodic sweep" in out and "sweep 0" not in out
    code, out, _ = run_cli("cv", str(corpus / "cv/yadg__lsv.mpt"), "--area", "1 cm2", "--json")
    result = json.loads(out)
    assert result["reference"].startswith("SCE") and result["reference_source"] == "the file header"
    assert result["file"].endswith("yadg__lsv.mpt")


@pytest.mark.parametrize("name", ["cv/yadg__lsv", "eis/yadg__peis"])
def test_mpr_reference_electrode_is_read_as_from_its_mpt_twin(corpus, name):
    pytest.importorskip("galvani")
    from_mpr = reference_electrode(corpus / f"{name}.mpr")
    assert from_mpr == reference_electrode(corpus / f"{name}.mpt")
    assert from_mpr == "SCE Saturated Calomel Electrode (0.241 V)"


def test_mpr_without_a_stated_reference_gives_none(corpus):
    pytest.importorskip("galvani")
    assert reference_electrode(corpus / "cv/yadg__cv.mpr") is None  # "(unspecified)"


def test_cv_of_an_mpr_reports_its_reference_electrode(corpus, run_cli):
    pytest.importorskip("galvani")
    code, out, _ = run_cli("cv", str(corpus / "cv/yadg__lsv.mpr"), "--area", "1 cm2")
    assert code == 0 and "vs SCE Saturated Calomel Electrode" in out
    assert "not stated" not in out and "unphysical" not in out  # below 0 V vs SCE is fine


def test_edge_below_0_v_vs_the_metal_is_flagged_next_to_the_number(corpus, run_cli, tmp_path):
    lines = (corpus / "cv/yadg__lsv.mpt").read_text(encoding="latin-1").splitlines()
    stated = [i for i, line in enumerate(lines) if line.startswith("Reference electrode")]
    lines[stated[0]] = "Reference electrode : Li+/Li (-3,020 V)"
    path = tmp_path / "lsv_vs_li.mpt"
    path.write_text("\n".join(lines) + "\n", encoding="latin-1")
    code, out, _ = run_cli("cv", str(path), "--area", "1 cm2")
    assert code == 0 and "-1.18 (below 0 V: unphysical)–" in out
    assert "≥-0.25 (below 0 V: unphysical) V vs Li+/Li" in out
    assert "the low and high edge(s) lie below 0 V vs Li+/Li" in out


def test_cv_without_a_stated_reference_says_it_assumed_one(corpus, run_cli):
    code, out, _ = run_cli("cv", str(corpus / "cv/yadg__cv.mpt"), "--area", "1 cm2", "--json")
    result = json.loads(out)
    assert result["reference"] == "Li/Li+"
    assert result["reference_source"].startswith("not stated in the file (assumed Li/Li+")


def test_stored_cv_window_shows_in_db_show(corpus, run_cli):
    path = str(corpus / "cv/yadg__cv.mpt")
    code, out, _ = run_cli("cv", path, "--area", "1 cm2", "--store", "LiBH4")
    assert code == 0 and "hydrion db show LiBH4" in out
    code, out, _ = run_cli("db", "show", "LiBH4")
    assert code == 0 and "CV window (user" in out and "5.26 V vs Li/Li+" in out
    code, out, _ = run_cli("db", "show", "LiBH4", "--json")
    (window,) = json.loads(out)["cv_windows"]
    assert window["high_V"] == pytest.approx(5.262, abs=1e-3) and window["file"] == path


def test_current_unit_note_names_the_option(shared_dir):
    path = shared_dir / "cases/lab-files/F3_arbin_current_in_A.csv"
    data = read_cycling(path, instrument="arbin", current_unit="mA")
    assert any("read in mA (--current-unit)" in n for n in data.notes)
    assert not any("arbin convention" in n for n in data.notes)
