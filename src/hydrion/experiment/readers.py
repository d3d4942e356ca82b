"""Readers of lab files: generic tables, spreadsheets and BioLogic .mpt/.mpr.

:func:`read_table` reads any delimited text table (CSV, TSV, BioLogic .mpt text export) into a
pandas DataFrame; other pipelines (cycling, CV, impedance spectra in
:mod:`hydrion.experiment.spectrum_readers`) build on it.
Binary BioLogic .mpr files need galvani (GPL-3, the optional extra ``hydrion[biologic]``).
(T, σ) tables are read in :mod:`hydrion.experiment.conductivity_tables`.
Every problem with a file is a one-line :class:`~hydrion.errors.FileFormatError`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from hydrion.errors import FileFormatError
from hydrion.input_files import regular_file

_MPT_HEADER = re.compile(r"Nb header lines\s*:\s*(\d+)", re.IGNORECASE)


def _file_bytes(path: Path) -> bytes:
    """The bytes of a data file; missing, folder and empty files refused in one line."""
    regular_file(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise FileFormatError(f"{path.name} is empty")
    return raw


def _head_bytes(path: Path, size: int) -> tuple[bytes, bool]:
    """The first ``size`` bytes of a text data file and whether that is all of it; missing,
    folder, empty and binary files refused in one line."""
    regular_file(path)
    with path.open("rb") as handle:
        head = handle.read(size + 1)
    if not head.strip():
        raise FileFormatError(f"{path.name} is empty")
    if b"\x00" in head[:4096]:
        raise FileFormatError(f"{path.name} is a binary file, not a text table")
    return head[:size], len(head) <= size


def _bad(name: str, what: str) -> NoReturn:
    raise FileFormatError(f"{name} {what}")


MAX_COLUMNS = 1000  # columns of a text table; instrument exports have tens
_DELIMITERS = ("\t", ";", ",", " ")
_SAMPLE_BYTES = 1 << 16


def _encoding(raw: bytes) -> str:
    """utf-8 where the file's start decodes as such (a character cut at the end is allowed)."""
    try:
        raw[:_SAMPLE_BYTES].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < min(len(raw), _SAMPLE_BYTES) - 4:
            return "latin-1"
    return "utf-8"


def _fields(line: str, sep: str) -> int:
    return len(line.split()) if sep == " " else line.count(sep) + 1


def _layout(lines: list[str]) -> tuple[str, int]:
    """Delimiter and index of the header (or first data) line of a table's opening lines.

    The table is the block at the end of the sample whose lines all have the same number of
    fields (> 1); tab, semicolon, comma and spaces are tried in that order, so decimal commas
    inside tab- or semicolon-separated fields are not taken for delimiters.
    """
    filled = [line for line in lines if line.strip()]
    tail = filled[-min(20, (len(filled) + 1) // 2) :]  # rows of the table, not its preamble
    for sep in _DELIMITERS:
        counts = {_fields(line, sep) for line in tail}
        if len(counts) != 1 or (n := counts.pop()) < 2:
            continue
        first = len(lines)
        while first > 0 and (not lines[first - 1].strip() or _fields(lines[first - 1], sep) == n):
            first -= 1
        while first < len(lines) and not lines[first].strip():
            first += 1
        header = first - 1
        while header >= 0 and not lines[header].strip():
            header -= 1
        fields = [] if first >= len(lines) else lines[first].split(None if sep == " " else sep)
        numeric = sum(_is_number(f) for f in fields if f.strip()) > len(fields) / 2
        if numeric and header >= 0 and _fields(lines[header], sep) == n - 1:
            first = header  # data rows end with a delimiter, the header does not
        return sep, first
    return ",", next(i for i, line in enumerate(lines) if line.strip())


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a delimited text table (tab, ';', ',' or spaces; BioLogic .mpt too) with its header.

    The delimiter and the table's first line come from the file: a preamble of other lines
    (instrument settings, BioLogic's 'Nb header lines', '#' comments) is skipped. Numbers with
    a decimal comma (also in exponents, '2,3E+000') are read when the delimiter is not a comma.

    Parameters
    ----------
    path : str or pathlib.Path
        The text file.

    Returns
    -------
    pandas.DataFrame
        Columns keep their header names, stripped of spaces; a table without a header gets
        columns '0', '1', ... Values are as written (no unit conversion).

    Raises
    ------
    hydrion.errors.FileFormatError
        One line, for a file that holds no readable table (or a truncated .mpt).
    """
    path = Path(path)
    raw, whole = _head_bytes(path, _SAMPLE_BYTES)
    encoding = _encoding(raw)
    sample = raw.decode(encoding, errors="replace")
    lines = sample.splitlines()
    if not whole and len(lines) > 1:
        lines = lines[:-1]  # the last sampled line may be cut
    skip = 0
    match = _MPT_HEADER.search(sample[:2000])
    if path.suffix.lower() == ".mpt" or match:
        if not match:
            _bad(path.name, "is not a BioLogic .mpt export (no 'Nb header lines' line)")
        skip = int(match.group(1)) - 1
        if skip >= len(lines) and whole:
            _bad(path.name, "is truncated (fewer lines than its header announces)")
        if skip >= len(lines) or not any(line.strip() for line in lines[skip + 1 :]):
            _bad(path.name, "has a header block but no data rows (is the export complete?)")
        sep = "\t"
    else:
        while skip < len(lines) and (not lines[skip].strip() or lines[skip].startswith("#")):
            skip += 1
        if skip == len(lines):
            _bad(path.name, "has no data lines")
        sep, first = _layout(lines[skip:])
        skip += first
    body = lines[skip + 1 :] if skip + 1 < len(lines) else lines[skip:]
    decimal = "," if sep != "," and re.search(r"\d,\d", "\n".join(body[:50])) else "."
    head = lines[skip].split() if sep == " " else lines[skip].split(sep)
    if len(head) > MAX_COLUMNS:  # a lab export has tens of columns; 30,000 took 12 s to search
        _bad(path.name, f"has {len(head)} or more columns (at most {MAX_COLUMNS}): not a lab table")
    headerless = all(_is_number(field) for field in head if field.strip())
    try:
        frame = pd.read_csv(
            path,
            sep=r"\s+" if sep == " " else sep,
            decimal=decimal,
            encoding=encoding,
            encoding_errors="replace",
            skiprows=skip,
            skip_blank_lines=True,
            skipinitialspace=True,
            header=None if headerless else 0,
            index_col=False,
            low_memory=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise FileFormatError(
            f"{path.name} is not a readable table ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:80] if str(exc) else ''})"
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.dropna(axis=1, how="all")
    if frame.empty:
        _bad(path.name, "is not a table with data: a header line but no data rows")
    return frame


SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods")


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet of a spreadsheet (.xlsx, .xls, .ods) by name, headers stripped and empty
    columns dropped.

    Parameters
    ----------
    path : pathlib.Path
        The spreadsheet. Needs openpyxl (.xlsx) or odfpy (.ods), the extra
        ``hydrion[spreadsheets]``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Each sheet's table, in the workbook's order.

    Raises
    ------
    hydrion.errors.FileFormatError
        Without the reading engine, for an unreadable file and for a file without sheets.
    """
    try:
        sheets = pd.read_excel(path, sheet_name=None)
    except ImportError:
        raise FileFormatError(
            f"{path.name}: reading spreadsheets needs openpyxl (.xlsx) or odfpy (.ods): "
            "pip install 'hydrion[spreadsheets]', or save the sheet as CSV"
        ) from None
    except Exception as exc:  # pandas' engines raise assorted errors on damaged files
        raise FileFormatError(
            f"{path.name} is not a readable spreadsheet ({type(exc).__name__})"
        ) from None
    if not sheets:
        raise FileFormatError(f"{path.name} has no sheets")
    for frame in sheets.values():
        frame.columns = [str(c).strip() for c in frame.columns]
    return {str(name): frame.dropna(axis=1, how="all") for name, frame in sheets.items()}


def _is_number(text) -> bool:
    try:
        float(str(text).replace(",", "."))
    except ValueError:
        return False
    return True


def _check_mpr_modules(raw: bytes, name: str, magic: bytes, headers) -> None:
    """Walk the module headers of an .mpr file and refuse one whose modules overrun the file.

    galvani allocates each module's announced length and asserts on damaged padding; a file of
    a few hundred bytes announcing gigabytes must be refused before it is handed over.
    """
    if not raw.startswith(magic):
        _bad(name, "is not a BioLogic .mpr file (its first bytes are not EC-Lab's signature)")
    v1, v2 = headers
    position, names = len(magic), []
    while position < len(raw):
        if raw[position : position + 6] != b"MODULE":
            _bad(name, f"is damaged: no module starts at byte {position} (export it as .mpt)")
        header = raw[position + 6 : position + 6 + v2.itemsize]
        dtype = v2 if header[35:39] == b"\xff\xff\xff\xff" else v1
        if len(header) < dtype.itemsize:
            _bad(name, "is truncated inside a module header")
        fields = np.frombuffer(header[: dtype.itemsize], dtype=dtype, count=1)[0]
        start = position + 6 + dtype.itemsize
        length = int(fields["length"])
        if start + length > len(raw):
            _bad(
                name,
                f"is truncated or damaged: a module announces {length} bytes, "
                f"the file holds {len(raw) - start} more",
            )
        names.append(bytes(fields["shortname"]).strip())
        position = start + length
    if b"VMP data" not in names:
        _bad(name, "holds no data module")


def read_biologic_mpr(path: Path) -> pd.DataFrame:
    """The data block of a binary BioLogic .mpr file, through galvani (GPL, optional).

    The flag columns ``mode`` (1 galvanostatic, 2 potentiostatic, 3 rest/OCV/impedance) and
    ``ox/red`` are added from the packed ``flags``.

    Parameters
    ----------
    path : pathlib.Path
        The .mpr file.

    Returns
    -------
    pandas.DataFrame
        One row per point, columns named as EC-Lab names them ('time/s', 'Ewe/V', ...).

    Raises
    ------
    hydrion.errors.FileFormatError
        One line, for a missing galvani, a damaged or truncated file, or one whose modules
        overrun it.

    Notes
    -----
    Reader: galvani's ``BioLogic.MPRfile`` (https://github.com/echemdata/galvani, GPL-3.0,
    extra ``hydrion[biologic]``); the module-length check before it is hydrion's own.
    """
    try:
        from galvani import BioLogic
    except ImportError:
        raise FileFormatError(
            "reading binary .mpr files needs galvani (GPL): pip install 'hydrion[biologic]', "
            "or export the file as .mpt text from EC-Lab"
        ) from None
    raw = _file_bytes(path)
    _check_mpr_modules(
        raw, path.name, BioLogic.MPR_MAGIC, (BioLogic.VMPmodule_hdr_v1, BioLogic.VMPmodule_hdr_v2)
    )
    try:
        mpr = BioLogic.MPRfile(io.BytesIO(raw))
    except (ValueError, KeyError, IndexError, NotImplementedError, OSError, AssertionError) as exc:
        raise FileFormatError(
            f"{path.name} is not a readable BioLogic .mpr file ({type(exc).__name__} in galvani; "
            "export it as .mpt text from EC-Lab)"
        ) from None
    frame = pd.DataFrame(mpr.data)
    for flag in ("mode", "ox/red"):
        if flag not in frame.columns and flag in getattr(mpr, "flags_dict", {}):
            frame[flag] = mpr.get_flag(flag)
    return frame


def __getattr__(name: str) -> Any:
    """The (T, σ) table reader's names at their old home (PEP 562; imported on use, since
    :mod:`hydrion.experiment.conductivity_tables` itself builds on :func:`read_table`)."""
    if name in ("ConductivityTable", "read_conductivity_table"):
        from hydrion.experiment import conductivity_tables

        return getattr(conductivity_tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
