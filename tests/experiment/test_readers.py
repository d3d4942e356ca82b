"""Readers of spectra and (T, σ) tables, on small files written by the tests."""

import numpy as np
import pytest

from hydrion.errors import FileFormatError, InputError, UnitError
from hydrion.experiment.eis import synthetic_spectrum
from hydrion.experiment.readers import read_conductivity_table, read_spectrum, read_table

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
    assert list(read_table(path).columns)[:3] == ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm"]


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


def test_conductivity_table_units(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("T (°C),sigma [mS/cm],direction\n30,0.01,heating\n60,0.1,cooling\n")
    table = read_conductivity_table(path)
    assert np.allclose(table.temperature_K, [303.15, 333.15])
    assert np.allclose(table.sigma_S_per_cm, [1e-5, 1e-4])
    assert table.direction == ("heating", "cooling")
    path.write_text("T_K,log10_sigma_S_per_cm\n300,-5\n350,-4\n")
    assert np.allclose(read_conductivity_table(path).sigma_S_per_cm, [1e-5, 1e-4])


@pytest.mark.parametrize(
    "content, error",
    [
        ("T,sigma_S_per_cm\n300,1e-5\n", UnitError),  # no unit on T
        ("T_K,sigma_S_per_cm\n30,1e-5\n60,1e-4\n", UnitError),  # °C written as K
        ("T_C,sigma_V\n30,1e-5\n", UnitError),  # not a conductivity unit
        ("T_C,sigma_S_per_m\n30,2000\n", UnitError),  # implausible σ
        ("T_C,sigma_S_per_cm\n30,-5\n", InputError),  # log σ without saying so
        ("x,y\n1,2\n", FileFormatError),
    ],
)
def test_conductivity_table_refusals(tmp_path, content, error):
    path = tmp_path / "a.csv"
    path.write_text(content)
    with pytest.raises(error):
        read_conductivity_table(path)
