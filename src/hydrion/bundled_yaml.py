"""The one reader of the YAML data files shipped inside hydrion (knowledge base, tables, settings).

Bundled files are parsed with libyaml's C safe loader where PyYAML was built with it (6–10x
faster than the pure-Python parser on the knowledge base), else PyYAML's ``SafeLoader``; both
build only plain YAML types. A user's own files do not come here: they go through
:mod:`hydrion.user_yaml`, which refuses duplicate keys, aliases and other YAML a chemist did not
mean to write.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

#: libyaml's C safe loader where built, else the pure-Python one
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The plain data (lists, dicts, str, numbers, None) of a bundled YAML document.

    Parameters
    ----------
    text
        The document.

    Returns
    -------
    Any
        What the document holds; None for an empty document.

    Raises
    ------
    yaml.YAMLError
        For a malformed document (a bug in a bundled file, so not a HydrionError).
    """
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def bundled_yaml(package: str, name: str) -> Any:
    """The plain data of the YAML file ``name`` shipped in ``package``.

    Parameters
    ----------
    package
        The package that ships the file, e.g. ``"hydrion.cell.data"``.
    name
        The file's path inside the package, e.g. ``"materials.yaml"``.

    Returns
    -------
    Any
        What the file holds (:func:`parse_yaml`).
    """
    return parse_yaml(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
