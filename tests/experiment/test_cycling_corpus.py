"""Every cycling file of ../shared/corpus/cycling read right or refused with why and what would
read it. "Right" is checked against each file's own capacity columns: every half-cycle's
integrated capacity equals the increase of the instrument's cumulative charge/discharge column
over that half-cycle within 0.2 % (the files round their columns and log the current at
discrete points)."""

import importlib.util
import json

import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.cycling import read_cycling, summarise

OWN_TOLERANCE = 2e-3

# file -> (format, complete cycles, first step) for the files that read
READ = {
    "beep__2017-05-09_test-TC-contact_CH33.csv": ("arbin", 1, "charge"),
    "beep__test_Nova_Form-CH01-01_short.csv": ("novonix", 1, "charge"),
    "cellpy__maccor_002.txt": ("maccor", 2, "charge"),
    "cellpy__neware_uio.csv": ("neware", 5, "discharge"),
    "cellpy__pec.csv": ("pec", 2, "charge"),  # after its leading partial discharge
    "m0l0t0ph-thesis__LLTO_LP30_Li_05_GCPL_C01.mpt": ("biologic", 11, "discharge"),
    "yadg__gcpl.pr_182.1.mpt": ("biologic", 4, "discharge"),
    "yadg__gcpl.pr_182.1.mpr": ("biologic", 4, "discharge"),
    "yadg__mb.issue_95.mpt": ("biologic", 1, "charge"),
    "yadg__mb.issue_95.de.mpt": ("biologic", 1, "charge"),
    "yadg__mb.issue_95.mpr": ("biologic", 1, "charge"),
    "cellpy__20260302_IFE_BTS85_2_9_8_1.ndax": ("neware", 1, "charge"),
}
NEEDS = {".mpr": "galvani", ".ndax": "NewareNDA"}


@pytest.fixture
def corpus(shared_dir):
    return shared_dir / "corpus" / "cycling"


@pytest.mark.parametrize("name", sorted(READ))
def test_capacities_equal_the_files_own_columns(corpus, name):
    module = NEEDS.get(name[name.rfind(".") :])
    if module and importlib.util.find_spec(module) is None:
        with pytest.raises(FileFormatError, match="pip install|galvani"):
            read_cycling(corpus / name)
        return
    fmt, cycles, first = READ[name]
    data = read_cycling(corpus / name)
    summary = summarise(data, 1000.0)
    assert data.instrument == fmt
    assert summary.first_step == first
    assert len(summary.cycles) == cycles
    checked = [h for h in summary.half_cycles if h.instrument_capacity_mAh]
    assert checked, "every file above carries its own capacity columns"
    for half in checked:
        assert half.capacity_mAh == pytest.approx(half.instrument_capacity_mAh, rel=OWN_TOLERANCE)
    assert not any("own capacity" in w for w in summary.warnings)


def test_the_same_test_in_three_biologic_files_gives_the_same_numbers(corpus):
    pytest.importorskip("galvani")
    figures = [
        [h.capacity_mAh for h in summarise(read_cycling(corpus / n), 1000.0).half_cycles]
        for n in ("yadg__mb.issue_95.mpt", "yadg__mb.issue_95.de.mpt", "yadg__mb.issue_95.mpr")
    ]
    assert figures[0] == pytest.approx(figures[1], rel=1e-6)
    assert figures[0] == pytest.approx(figures[2], rel=1e-4)


def test_maccor_impedance_only_file_has_no_half_cycles(corpus):
    data = read_cycling(corpus / "beep__maccor_test_file_4267-66-6519.041")
    assert data.instrument == "maccor" and not data.active.any()  # states FRA, R, O, P
    summary = summarise(data, 1000.0)
    assert summary.cycles == () and "no current flows" in summary.warnings[-1]


def test_arbin_res_is_refused_naming_what_reads_it(corpus):
    with pytest.raises(FileFormatError, match="Arbin .res.*CSV.*cellpy"):
        read_cycling(corpus / "cellpy__20160805_test001_45_cc_01.res")


# A new user's report: --mass "1 mg" on a 0.6 Ah Arbin cell gave 603 033.8 mAh/g, unflagged.
def test_capacity_above_li_metal_is_flagged_impossible(corpus, run_cli):
    from hydrion.constants import FARADAY_C_PER_MOL

    path = corpus / "beep__2017-05-09_test-TC-contact_CH33.csv"
    summary = summarise(read_cycling(path), 1.0)  # 1 mg
    (cycle,) = summary.cycles
    assert cycle.charge_mAh_per_g == pytest.approx(603_034, rel=1e-5)
    # F/(3.6·M_Li), M_Li = 6.94 g/mol (IUPAC 2013 conventional weight): 3861 mAh/g
    assert summary.capacity_limit_mAh_per_g == pytest.approx(
        FARADAY_C_PER_MOL / 3.6 / 6.94, rel=1e-3
    )
    (warning,) = [w for w in summary.warnings if "physically impossible" in w]
    assert "charge 603034 mAh/g (cycle 1)" in warning and "check --mass" in warning
    assert "above 3861 mAh/g" in warning
    # a plausible mass: no flag, no limit kept
    plausible = summarise(read_cycling(path), 1000.0)
    assert plausible.capacity_limit_mAh_per_g is None
    assert not any("impossible" in w for w in plausible.warnings)
    code, out, err = run_cli("cycling", str(path), "--mass", "1 mg")
    assert code == 0, err
    assert "603033.8 (impossible: check --mass)" in out
    code, out, err = run_cli("cycling", str(path), "--mass", "1 mg", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert any("physically impossible" in w for w in report["warnings"])
    assert report["capacity_limit_mAh_per_g"] == pytest.approx(3861.3, abs=0.1)
