"""Impedance spectra from instrument files, the format told by content and extension.

Readers come from the field's libraries where one exists:

- impedance.py (MIT, extra ``hydrion[eis]``): Gamry .DTA, ZPlot/ZView .z (and Z60W text, which
  impedance.py calls Autolab), CH Instruments, Parstat, VersaStudio .par, PowerSuite;
- galvani (GPL-3, extra ``hydrion[biologic]``): binary BioLogic .mpr;
- pyimpspec (GPL-3, extra ``hydrion[eisformats]``): Autolab .P00/.dfr, Ivium .idf/.ids,
  PalmSens .pssession, Elchemea .i2b;
- pandas with openpyxl/odfpy (extra ``hydrion[spreadsheets]``): .xlsx/.xls/.ods, one spectrum
  per sheet;
- hydrion's :func:`~hydrion.experiment.readers.read_table`: BioLogic .mpt and delimited text
  (any separator, decimal commas, with or without a header).

GPL libraries are imported inside the function that uses them. A file holding several spectra
(EC-Lab loops, a frequency sweep repeated, several sheets) gives one :class:`Spectrum` each.
Every problem with a file is a one-line :class:`~hydrion.errors.FileFormatError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hydrion.errors import FileFormatError
from hydrion.experiment.readers import (
    SPREADSHEET_SUFFIXES,
    read_biologic_mpr,
    read_sheets,
    read_table,
)
from hydrion.experiment.spectrum_table import spectrum_from_frame, split_sweeps
from hydrion.input_files import regular_file
from hydrion.units import as_kelvin

MIN_SPECTRUM_POINTS = 5
IMPEDANCE_PY_INSTRUMENTS = (
    "gamry",
    "autolab",
    "parstat",
    "zplot",
    "versastudio",
    "powersuite",
    "chinstruments",
)
PYIMPSPEC_SUFFIXES = {
    ".p00": "Autolab .P00",
    ".dfr": "Autolab .dfr",
    ".idf": "Ivium .idf",
    ".ids": "Ivium .ids",
    ".pssession": "PalmSens .pssession",
    ".i2b": "Elchemea .i2b",
}
INSTRUMENTS = (
    "csv",
    "biologic",
    "mpr",
    *IMPEDANCE_PY_INSTRUMENTS,
    "zview",
    "pyimpspec",
    "spreadsheet",
)
# content signatures (first 4 kB) → impedance.py reader
_SIGNATURES = (
    (re.compile(r"^EXPLAIN\s.*ZCURVE", re.S), "gamry"),
    (re.compile(r"Z60W Data File"), "autolab"),  # impedance.py reads Autolab's Z60W export
    (re.compile(r"ZPlot|ZView|End Comments", re.I), "zplot"),
    (re.compile(r"A\.C\. Impedance"), "chinstruments"),
    (re.compile(r"<Application>\s*Name=VersaStudio"), "versastudio"),
    (re.compile(r"Elapsed Time \(s\)\tFrequency \(Hz\)\tZre \(ohms\)"), "parstat"),
)
_SUFFIX_READER = {".dta": "gamry", ".z": "zplot", ".par": "versastudio"}


@dataclass(frozen=True, eq=False)
class Spectrum:
    """An impedance spectrum: frequencies (Hz, decreasing), complex impedance (Ω, Im Z < 0 for
    a capacitive arc), optional temperature (K), the reader's notes and which part of the file
    it is (``label``, e.g. 'loop 2')."""

    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    source: str = ""
    temperature_K: float | None = None
    notes: tuple[str, ...] = ()
    label: str = ""
    reader: str = ""

    @property
    def name(self) -> str:
        """File name plus the part of the file, for messages and tables."""
        base = self.source.rsplit("/", 1)[-1] or "the spectrum"
        return f"{base} ({self.label})" if self.label else base


def _validated(frequency, impedance, name: str) -> tuple[np.ndarray, np.ndarray]:
    frequency, impedance = np.asarray(frequency, float), np.asarray(impedance, complex)
    if frequency.size < MIN_SPECTRUM_POINTS:
        raise FileFormatError(
            f"{name} has {frequency.size} frequencies; a spectrum needs at "
            f"least {MIN_SPECTRUM_POINTS}"
        )
    if not (np.all(np.isfinite(frequency)) and np.all(np.isfinite(impedance))):
        raise FileFormatError(f"{name} contains non-finite values")
    with np.errstate(over="ignore"):  # |Z| of 1e308 + 1e308j overflows: refused, not warned
        modulus = np.abs(impedance)
    if not np.all(np.isfinite(modulus)):
        raise FileFormatError(f"{name} has impedances too large to compute |Z| (overflow)")
    if np.any(frequency <= 0):
        raise FileFormatError(f"{name} has non-positive frequencies")
    if np.ptp(modulus) == 0:
        raise FileFormatError(f"{name}: the impedance does not change with frequency")
    order = np.argsort(frequency, kind="stable")[::-1]
    return frequency[order], impedance[order]


def _spectra(
    frequency, impedance, path: Path, reader: str, notes, temperature_K, prefix: str = ""
) -> list[Spectrum]:
    frequency, impedance = np.asarray(frequency, float), np.asarray(impedance, complex)
    if frequency.size and np.any(frequency <= 0):
        raise FileFormatError(f"{path.name} has non-positive frequencies")
    sweeps = split_sweeps(frequency) if frequency.size > 1 else [slice(None)]
    out = []
    for index, part in enumerate(sweeps, start=1):
        label = f"loop {index}" if len(sweeps) > 1 else ""
        label = ", ".join(x for x in (prefix, label) if x)
        name = f"{path.name} ({label})" if label else path.name
        f, Z = _validated(frequency[part], impedance[part], name)
        out.append(Spectrum(f, Z, str(path), temperature_K, tuple(notes), label, reader))
    return out


def _head(path: Path) -> str:
    regular_file(path)
    with path.open("rb") as handle:
        raw = handle.read(4096)
    if not raw.strip():
        raise FileFormatError(f"{path.name} is empty")
    return raw.decode("latin-1")


def _read_impedance_py(path: Path, instrument: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        from impedance import preprocessing
    except ImportError:
        raise FileFormatError(
            f"reading {instrument} files needs impedance.py: pip install 'hydrion[eis]'"
        ) from None
    if b"\x00" in path.open("rb").read(4096):
        raise FileFormatError(f"{path.name} is a binary file, not a {instrument} text export")
    if instrument == "gamry" and "ZCURVE" not in path.read_text("latin-1"):
        found = _head(path).splitlines()[0][:60]
        raise FileFormatError(
            f"{path.name} is not a Gamry .DTA impedance file: expected a 'ZCURVE' table, "
            f"found none (first line {found!r}); pass --instrument to choose another reader"
        )
    try:
        frequency, impedance = preprocessing.readFile(str(path), instrument=instrument)
    except Exception:  # impedance.py raises assorted errors on malformed files
        raise FileFormatError(
            f"{path.name} is not a readable {instrument} file (impedance.py's {instrument} "
            "reader could not parse it); pass --instrument to choose another reader"
        ) from None
    frequency, impedance = np.asarray(frequency, float), np.asarray(impedance, complex)
    keep = frequency > 0  # Parstat files carry the DC part of the experiment with f = 0
    return frequency[keep], impedance[keep]


def _read_mpr(path: Path) -> tuple[np.ndarray, np.ndarray]:
    data = read_biologic_mpr(path)
    try:
        frequency = np.asarray(data["freq/Hz"], float)
        impedance = np.asarray(data["Re(Z)/Ohm"], float) - 1j * np.asarray(
            data["-Im(Z)/Ohm"], float
        )
    except KeyError:
        raise FileFormatError(f"{path.name} holds no impedance columns") from None
    keep = frequency > 0
    return frequency[keep], impedance[keep]


def _read_pyimpspec(path: Path, temperature_K) -> list[Spectrum]:
    try:
        from pyimpspec import parse_data
    except ImportError:
        fmt = PYIMPSPEC_SUFFIXES.get(path.suffix.lower(), "this format")
        raise FileFormatError(
            f"{path.name}: reading {fmt} files needs pyimpspec (GPL-3): "
            "pip install 'hydrion[eisformats]', or export the spectrum as CSV"
        ) from None
    try:
        datasets = parse_data(str(path))
    except Exception as exc:  # pyimpspec raises assorted errors on malformed files
        raise FileFormatError(
            f"{path.name} is not readable by pyimpspec ({type(exc).__name__})"
        ) from None
    out = []
    for index, data in enumerate(datasets, start=1):
        prefix = f"spectrum {index}" if len(datasets) > 1 else ""
        out += _spectra(
            data.get_frequencies(),
            data.get_impedances(),
            path,
            "pyimpspec",
            [],
            temperature_K,
            prefix,
        )
    return out


def _read_spreadsheet(path: Path, temperature_K) -> list[Spectrum]:
    sheets = read_sheets(path)
    out = []
    for sheet, frame in sheets.items():
        frame = frame.dropna(axis=0, how="all")
        if frame.empty:
            continue
        label = f"sheet {sheet}" if len(sheets) > 1 else ""
        f, Z, notes = spectrum_from_frame(frame, f"{path.name} ({label})" if label else path.name)
        out += _spectra(f, Z, path, "pandas", notes, temperature_K, label)
    if not out:
        raise FileFormatError(f"{path.name}: no sheet holds data")
    return out


def detect_reader(path: Path) -> str:
    """The reader for ``path``, from its extension (.mpr, pyimpspec formats, spreadsheets) and
    then its content (first 4 kB), else its extension again.

    Parameters
    ----------
    path : pathlib.Path
        The impedance file.

    Returns
    -------
    str
        A reader name: 'mpr', 'pyimpspec', 'spreadsheet', 'biologic', an impedance.py format
        ('gamry', 'zplot', 'autolab', 'chinstruments', 'parstat', 'versastudio', ...) or 'csv'.

    Raises
    ------
    hydrion.errors.FileFormatError
        If the path is not a regular file or the file is empty.
    """
    suffix = path.suffix.lower()
    if suffix == ".mpr":
        return "mpr"
    if suffix in PYIMPSPEC_SUFFIXES:
        return "pyimpspec"
    if suffix in SPREADSHEET_SUFFIXES:
        return "spreadsheet"
    head = _head(path)
    if "EC-Lab ASCII FILE" in head or suffix == ".mpt":
        return "biologic"
    for pattern, reader in _SIGNATURES:
        if pattern.search(head):
            return reader
    return _SUFFIX_READER.get(suffix, "csv")


def read_spectra(
    path: str | Path, instrument: str | None = None, temperature_K=None
) -> list[Spectrum]:
    """Every impedance spectrum in a file, in the file's order.

    A file with several frequency sweeps (EC-Lab loops, repeated measurements) or sheets gives
    one spectrum each.

    Parameters
    ----------
    path : str or pathlib.Path
        The file (EC-Lab .mpt/.mpr, Gamry .DTA, ZPlot/ZView, Autolab, Ivium, PalmSens,
        Elchemea, CHI, VersaStudio, spreadsheets, delimited text).
    instrument : str, optional
        One of :data:`INSTRUMENTS`; overrides the reader detected from the content and
        extension.
    temperature_K : float or pint.Quantity, optional
        Temperature attached to each spectrum (K, or a temperature Quantity, °C included).

    Returns
    -------
    list of Spectrum
        Frequencies f (Hz, decreasing) and impedance Z (Ω, complex), shape (n,) each.

    Raises
    ------
    FileFormatError
        Naming the file, what was found and what to try.
    UnitError
        A temperature that is not one.
    """
    if temperature_K is not None:
        temperature_K = as_kelvin(temperature_K, "temperature_K")
    path = Path(path)
    if instrument is not None and instrument not in INSTRUMENTS:
        raise FileFormatError(f"unknown instrument {instrument!r}; use one of {INSTRUMENTS}")
    regular_file(path)
    reader = {"zview": "zplot"}.get(instrument or "", instrument) or detect_reader(path)
    if reader == "pyimpspec":
        return _read_pyimpspec(path, temperature_K)
    if reader == "spreadsheet":
        return _read_spreadsheet(path, temperature_K)
    if reader == "mpr":
        return _spectra(*_read_mpr(path), path, "galvani", [], temperature_K)
    if reader in IMPEDANCE_PY_INSTRUMENTS:
        return _spectra(*_read_impedance_py(path, reader), path, "impedance.py", [], temperature_K)
    try:
        frame = read_table(path)
        frequency, impedance, notes = spectrum_from_frame(frame, path.name)
    except FileFormatError as exc:
        if instrument is not None:
            raise
        raise FileFormatError(
            f"{exc}; formats tried from content and extension: EC-Lab .mpt/.mpr, Gamry, "
            "ZPlot/ZView, CH Instruments, VersaStudio, Parstat, delimited text; "
            f"pass --instrument (one of {', '.join(INSTRUMENTS)})"
        ) from None
    return _spectra(frequency, impedance, path, "hydrion", notes, temperature_K)


def read_spectrum(
    path: str | Path,
    instrument: str | None = None,
    temperature_K=None,
    loop: int | None = None,
) -> Spectrum:
    """One impedance spectrum of a file (see :func:`read_spectra`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    instrument : str, optional
        One of :data:`INSTRUMENTS`; default: detected from the file.
    temperature_K : float or pint.Quantity, optional
        Temperature attached to the spectrum (K, or a temperature Quantity, °C included).
    loop : int, optional
        Which spectrum (1-based) of a file that holds several.

    Returns
    -------
    Spectrum
        Frequencies f (Hz, decreasing) and impedance Z (Ω, complex), shape (n,) each.

    Raises
    ------
    FileFormatError
        An unreadable file, or a file with several spectra and none (or a missing one) picked.
    """
    spectra = read_spectra(path, instrument, temperature_K)
    if loop is None:
        if len(spectra) > 1:
            raise FileFormatError(
                f"{Path(path).name} holds {len(spectra)} spectra; pick one with --loop N"
            )
        return spectra[0]
    if not 1 <= loop <= len(spectra):
        raise FileFormatError(
            f"{Path(path).name} holds {len(spectra)} spectra; --loop {loop} is not among them"
        )
    return spectra[loop - 1]
