"""What a lab file's own header says about it: the technique recorded, the reference electrode.

* technique: the EC-Lab .mpt technique line (the 4th line: "Cyclic Voltammetry", "Potentio
  Electrochemical Impedance Spectroscopy", "Galvanostatic Cycling with Potential Limitation"
  ...), the Gamry .DTA ``TAG`` line (``CV``, ``EISPOT`` ...), and, for files without one, the
  cycler formats of :mod:`hydrion.experiment.cycler_files` (cycling) and impedance columns
  (``freq/Hz``, ``Re(Z)``);
* reference electrode: the EC-Lab ``Reference electrode :`` line (blank, "n/a" and the
  placeholder "REFERENCE ELECTRODE" count as not stated); in a binary .mpr file the same
  name from its settings module (``VMP Set``, version 0): a length-prefixed string at byte
  533 of the module's data and the electrode's potential (V vs SHE, float32) at byte 584,
  the layout of every .mpr in the project's corpus (its .mpt twins print the same text);
  "(unspecified)" counts as not stated.

Used to refuse a file given to the wrong command, in one line naming the right one, and to
label potentials against the reference the file names. Source: the header layouts of EC-Lab
(BioLogic, EC-Lab software manual, "Text file export") and Gamry Framework .DTA files.
"""

from __future__ import annotations

import re
from pathlib import Path

from hydrion.errors import FileFormatError

# kind of data -> the command that reads it and an example of its options
COMMAND = {
    "cv": "hydrion cv FILE --area ...",
    "eis": "hydrion eis FILE",
    "cycling": "hydrion cycling FILE --mass ...",
}
_EC_LAB_TECHNIQUES = (
    (re.compile(r"voltammetry", re.I), "cv"),
    (re.compile(r"impedance spectroscopy", re.I), "eis"),
    (re.compile(r"galvanostatic cycling|chronopotentiometry|battery capacity", re.I), "cycling"),
)
_GAMRY_TAGS = (("EIS", "eis"), ("CV", "cv"), ("LSV", "cv"))
_EC_LAB_REFERENCE = re.compile(r"^Reference electrode\s*:\s*(.*?)\s*$", re.M)
_NOT_STATED = {"", "n/a", "na", "none", "reference electrode", "(unspecified)"}
_MPR_REFERENCE_AT = 533  # byte of the length-prefixed name in the VMP Set module's data
_MPR_REFERENCE_POTENTIAL_AT = 584  # byte of its potential (float32, V vs SHE)
_HEAD_BYTES = 16384


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES).decode("latin-1")
    except OSError:
        return ""


def technique(path: str | Path) -> tuple[str, str] | None:
    """What technique a file's own header names (EC-Lab .mpt technique line, Gamry .DTA TAG).

    Parameters
    ----------
    path : str or pathlib.Path
        The instrument file.

    Returns
    -------
    tuple of (str, str) or None
        (kind, what the header says), kind 'cv', 'eis' or 'cycling'; None where the file has
        no technique line.
    """
    head = _head(Path(path))
    if head.startswith("EC-Lab ASCII FILE"):
        lines = head.splitlines()
        for line in lines[2:6]:
            for pattern, kind in _EC_LAB_TECHNIQUES:
                if pattern.search(line):
                    return kind, f"EC-Lab technique '{line.strip()}'"
        return None
    tag = re.search(r"^TAG\t(\S+)", head, re.M)
    if tag:
        for prefix, kind in _GAMRY_TAGS:
            if tag.group(1).upper().startswith(prefix):
                return kind, f"Gamry TAG {tag.group(1)}"
    return None


def refuse_other_technique(path: str | Path, expected: str, found: tuple[str, str] | None) -> None:
    """Refuse a file whose technique is not the one the command reads.

    Parameters
    ----------
    path : str or pathlib.Path
        The instrument file (its name goes in the message).
    expected : str
        The kind the command reads: 'cv', 'eis' or 'cycling'.
    found : tuple of (str, str) or None
        (kind, why) from :func:`technique`, or None (nothing to refuse).

    Returns
    -------
    None

    Raises
    ------
    hydrion.errors.FileFormatError
        Where ``found`` is another kind, naming the command that reads the file.
    """
    if found is None or found[0] == expected:
        return
    kind, why = found
    name = Path(path).name
    raise FileFormatError(
        f"{name} holds {_WHAT[kind]} ({why}), not {_WHAT[expected]}: use "
        f"{COMMAND[kind].replace('FILE', name)}"
    )


_WHAT = {"cv": "a voltammogram", "eis": "impedance spectra", "cycling": "cycling data"}


def reference_electrode(path: str | Path) -> str | None:
    """The reference electrode the file's header names.

    Parameters
    ----------
    path : str or pathlib.Path
        An EC-Lab file: its ``Reference electrode :`` line (.mpt) or the settings module of a
        binary .mpr.

    Returns
    -------
    str or None
        The reference electrode as written, or None where the file names none.
    """
    path = Path(path)
    if path.suffix.lower() == ".mpr":
        return _mpr_reference_electrode(path)
    match = _EC_LAB_REFERENCE.search(_head(path))
    if match is None or match.group(1).strip().lower() in _NOT_STATED:
        return None
    return match.group(1)


def _mpr_reference_electrode(path: Path) -> str | None:
    """The reference electrode in an .mpr file's settings module, as its .mpt export prints
    it ("SCE Saturated Calomel Electrode (0.241 V)"), or None where it is not stated, the
    module has another layout, or galvani (GPL, optional) is not installed."""
    try:
        from galvani import BioLogic
    except ImportError:
        return None
    import struct

    try:
        with path.open("rb") as handle:
            handle.read(len(BioLogic.MPR_MAGIC))
            modules = list(BioLogic.read_VMP_modules(handle))
    except (OSError, ValueError, AssertionError):
        return None
    settings = [m for m in modules if m["shortname"].strip() == b"VMP Set"]
    if len(settings) != 1 or settings[0]["version"] != 0:
        return None
    data = settings[0]["data"]
    if len(data) < _MPR_REFERENCE_POTENTIAL_AT + 4:
        return None
    size = data[_MPR_REFERENCE_AT]
    name = data[_MPR_REFERENCE_AT + 1 : _MPR_REFERENCE_AT + 1 + size]
    if not 0 < size < _MPR_REFERENCE_POTENTIAL_AT - _MPR_REFERENCE_AT or not name.isascii():
        return None
    text = name.decode("ascii").strip()
    if not text.isprintable() or text.lower() in _NOT_STATED:
        return None
    (volts,) = struct.unpack_from("<f", data, _MPR_REFERENCE_POTENTIAL_AT)
    return f"{text} ({volts:.3f} V)"
