"""Readers of impedance spectra, on small files written by the tests and on the shared cases."""

import sys

import numpy as np
import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.eis import synthetic_spectrum
from hydrion.experiment.spectrum_readers import read_spectra, read_spectrum
from hydrion.experiment.spectrum_table import split_sweeps

F = np.logspace(6, 0, 12)
PARAMS = [10.0, 1e5, 2e-11, 0.9, 1e-6, 0.85]


@pytest.fixture
def spectrum():
    return synthetic_spectrum(PARAMS, F)


def write_csv(path, spectrum, header="f,Z',Z''", negate=False):
    sign = -1 if negate else 1
    rows = [
        f"{f:.12e},{z.real:.12e},{sign * z.imag:.12e}"
        for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
    ]
    path.write_text("\n".join(([header] if header else []) + rows) + "\n")
    return path


def test_csv_with_header(tmp_path, spectrum):
    read = read_spectrum(write_csv(tmp_path / "s.csv", spectrum))
    assert np.allclose(read.impedance_ohm, spectrum.impedance_ohm)
    assert read.frequency_Hz[0] > read.frequency_Hz[-1]


def test_csv_with_minus_im_column_and_kohm(tmp_path, spectrum):
    path = tmp_path / "s.csv"
    rows = [
        f"{f:.12e};{z.real / 1e3:.12e};{-z.imag / 1e3:.12e}"
        for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
    ]
    path.write_text("freq/Hz;Re(Z)/kOhm;-Im(Z)/kOhm\n" + "\n".join(rows))
    assert np.allclose(read_spectrum(path).impedance_ohm, spectrum.impedance_ohm)


def test_headerless_csv_with_positive_imaginary_part(tmp_path, spectrum):
    read = read_spectrum(write_csv(tmp_path / "s.csv", spectrum, header="", negate=True))
    assert np.allclose(read.impedance_ohm, spectrum.impedance_ohm)
    assert any("−Z''" in note for note in read.notes)


def test_biologic_mpt(tmp_path, spectrum):
    header = [
        "EC-Lab ASCII FILE",
        "Nb header lines : 4",
        "",
        "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\tcycle",
    ]
    rows = [
        f"{f:.6e}\t{z.real:.9e}\t{-z.imag:.9e}\t1"
        for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
    ]
    path = tmp_path / "s.mpt"
    path.write_text("\n".join(header + rows) + "\n", encoding="latin-1")
    assert np.allclose(read_spectrum(path).impedance_ohm, spectrum.impedance_ohm, rtol=1e-8)


def test_gamry_dta_through_impedance_py(tmp_path, spectrum):
    lines = [
        "EXPLAIN",
        "TAG\tEISPOT",
        "ZCURVE\tTABLE",
        "\tPt\tTime\tFreq\tZreal\tZimag",
        "\t#\ts\tHz\tohm\tohm",
    ]
    lines += [
        f"\t{i}\t{i}\t{f:.6e}\t{z.real:.9e}\t{z.imag:.9e}"
        for i, (f, z) in enumerate(zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True))
    ]
    path = tmp_path / "s.DTA"
    path.write_text("\n".join(lines) + "\n")
    assert np.allclose(read_spectrum(path).impedance_ohm, spectrum.impedance_ohm, rtol=1e-8)


@pytest.mark.parametrize(
    "content, match",
    [
        ("", "empty"),
        ("f,Z',Z''\n", "no data|not a readable"),
        ("f,Z',Z''\n1e3,10,-5\n1e2,20,-6\n", "at least"),
        ("f,Z',Z''\n" + "\n".join(f"{10**i},abc,-1" for i in range(6)), "not numbers"),
        ("hello world\nthis is not a spectrum\n", "cannot find|no header|not"),
        ("f,Z',Z''\n" + "\n".join(f"{-(10**i)},1{i},-1" for i in range(6)), "non-positive"),
    ],
)
def test_bad_spectrum_files(tmp_path, content, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(FileFormatError, match=match):
        read_spectrum(path)


def test_truncated_mpt_and_binary_and_missing(tmp_path):
    mpt = tmp_path / "t.mpt"
    mpt.write_text("EC-Lab ASCII FILE\nNb header lines : 60\n\n")
    with pytest.raises(FileFormatError, match="truncated"):
        read_spectrum(mpt)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(FileFormatError, match="binary"):
        read_spectrum(binary)
    with pytest.raises(FileFormatError, match="no such file"):
        read_spectrum(tmp_path / "missing.DTA")
    garbled = tmp_path / "g.DTA"
    garbled.write_text("not a gamry file\n")
    with pytest.raises(FileFormatError, match="gamry"):
        read_spectrum(garbled)


def test_sweeps_split_where_the_frequency_jumps_back():
    f = np.concatenate([np.logspace(4, 0, 5)] * 3)
    assert [(s.start, s.stop) for s in split_sweeps(f)] == [(0, 5), (5, 10), (10, 15)]
    assert len(split_sweeps(np.logspace(0, 4, 5))) == 1  # one rising sweep
    swapped = np.logspace(4, 0, 20)
    swapped[[7, 8]] = swapped[[8, 7]]  # one point out of order is not a new sweep
    assert len(split_sweeps(swapped)) == 1


def test_loops_in_one_file_become_one_spectrum_each(tmp_path, spectrum):
    rows = [
        f"{f:.6e}\t{z.real:.9e}\t{-z.imag:.9e}"
        for _ in range(2)
        for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
    ]
    path = tmp_path / "two.txt"
    path.write_text("freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\n" + "\n".join(rows) + "\n")
    spectra = read_spectra(path)
    assert [s.label for s in spectra] == ["loop 1", "loop 2"]
    assert np.allclose(spectra[1].impedance_ohm, spectrum.impedance_ohm)
    assert read_spectrum(path, loop=2).label == "loop 2"
    with pytest.raises(FileFormatError, match="--loop"):
        read_spectrum(path)
    with pytest.raises(FileFormatError, match="2 spectra"):
        read_spectrum(path, loop=3)


def test_modulus_and_phase_columns(tmp_path, spectrum):
    Z = spectrum.impedance_ohm
    rows = [
        f"{f},{abs(z)},{-np.degrees(np.angle(z))}"
        for f, z in zip(spectrum.frequency_Hz, Z, strict=True)
    ]
    path = tmp_path / "polar.csv"
    path.write_text("frequency,|Z|,-phase\n" + "\n".join(rows) + "\n")
    assert np.allclose(read_spectrum(path).impedance_ohm, Z)


def test_unknown_table_names_the_formats_tried_and_the_option(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n")
    with pytest.raises(FileFormatError, match="formats tried.*--instrument"):
        read_spectrum(path)


# ---- the shared cases (../shared/cases/README.md, lab-files table) -----------------------


def test_F2_headerless_tab_decimal_comma(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F2_headerless_tab_decimal_comma.txt")
    # first line of the file: 1000024,25 <tab> 1,09552193 <tab> 2,83702946
    assert spectrum.frequency_Hz[0] == pytest.approx(1000024.25)
    assert spectrum.impedance_ohm[0] == pytest.approx(1.09552193 + 2.83702946j)
    assert spectrum.frequency_Hz.size == 12
    assert any("no header" in note for note in spectrum.notes)


def test_F11_zplot_by_content_and_extension(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F11_zplot.z")
    assert spectrum.reader == "impedance.py"
    # first data line: 3.000000E+05, ..., 6.4262E+02, -8.5821E+01
    assert spectrum.frequency_Hz[0] == pytest.approx(3e5)
    assert spectrum.impedance_ohm[0] == pytest.approx(642.62 - 85.821j)


def test_F12_frequency_real_imaginary_header(shared_dir):
    spectrum = read_spectrum(shared_dir / "cases/lab-files/F12_data-header-variant-3.csv")
    assert spectrum.impedance_ohm[0] == pytest.approx(109.00918219439028 - 26.55567987651522j)


def test_gpl_readers_are_optional(tmp_path, monkeypatch):
    path = tmp_path / "s.idf"
    path.write_text("[Ivium]\n")
    monkeypatch.setitem(sys.modules, "pyimpspec", None)  # as if not installed
    with pytest.raises(FileFormatError, match=r"pyimpspec \(GPL-3\).*hydrion\[eisformats\]"):
        read_spectra(path)


def test_gamry_reader_on_a_file_without_zcurve_says_what_it_expected(tmp_path):
    pytest.importorskip("impedance")
    # an EC-Lab text file read as Gamry used to surface impedance.py's UnboundLocalError
    path = tmp_path / "x.mpt"
    path.write_text("EC-Lab ASCII FILE\nNb header lines : 3\n\nfreq/Hz\tRe(Z)/Ohm\n1\t2\n")
    with pytest.raises(FileFormatError, match="expected a 'ZCURVE' table") as info:
        read_spectra(path, instrument="gamry")
    assert "UnboundLocalError" not in str(info.value)
