"""The one check every input file passes before hydrion opens it for reading."""

from __future__ import annotations

import stat
from pathlib import Path

from hydrion.errors import FileFormatError


def regular_file(path: Path | str) -> Path:
    """The path of an existing regular file, refused in one line otherwise.

    Parameters
    ----------
    path
        The file a command or function is about to read.

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    FileFormatError
        The path does not exist, is a folder, or is not a regular file (a FIFO, socket or
        device: reading one would block forever or never end).
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise FileFormatError(f"{path} is a folder, not a data file")
    if not stat.S_ISREG(mode):
        raise FileFormatError(f"{path} is not a regular file (a pipe, socket or device)")
    return path
