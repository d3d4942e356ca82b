"""What a lab file's own header says about it: the technique recorded, the reference electrode.

* technique: the EC-Lab .mpt technique line (the 4th line: "Cyclic Voltammetry", "Potentio
  Electrochemical Impedance Spectroscopy", "Galvanostatic Cycling with Potential Limitation"
  ...), the Gamry .DTA ``TAG`` line (``CV``, ``EISPOT`` ...), and, for files without one, the
  cycler formats of :mod:`hydrion.experiment.cycler_files` (cycling) and impedance columns
  (``freq/Hz``, ``Re(Z)``);
* reference electrode: the EC-Lab ``Reference electrode :`` line (blank, "n/a" and the
  placeholder "REFERENCE ELECTRODE" count as not stated).

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
_NOT_STATED = {"", "n/a", "na", "none", "reference electrode"}
_HEAD_BYTES = 16384


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES).decode("latin-1")
    except OSError:
        return ""


def technique(path: str | Path) -> tuple[str, str] | None:
    """(kind, what the header says) of ``path``: kind 'cv', 'eis' or 'cycling' from its own
    technique line (EC-Lab .mpt, Gamry .DTA), or None where the file has none."""
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
    """Raise FileFormatError where ``found`` (kind, why) is not the ``expected`` kind, naming
    the command that reads the file."""
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
    """The reference electrode the file's header names (EC-Lab ``Reference electrode :``
    line), or None where it names none."""
    match = _EC_LAB_REFERENCE.search(_head(Path(path)))
    if match is None or match.group(1).strip().lower() in _NOT_STATED:
        return None
    return match.group(1)
