"""The one reader of YAML that users give hydrion (record files, ``predict`` specs).

PyYAML follows YAML 1.1, whose implicit types misread what people type: ``1:30`` is the
sexagesimal 90, ``0o17``/``017`` octal, ``0x1F`` hexadecimal, ``1_000`` a thousand, ``.inf``
infinite and ``yes``/``no``/``on``/``off`` booleans. Here only the YAML 1.2 core forms are
implicit types:

* null: ``~``, ``null`` and an empty value;
* booleans: ``true`` and ``false`` (any case as in YAML 1.2: ``True``, ``TRUE``);
* integers: plain decimal digits; a leading zero (``030``) is refused, since YAML 1.1
  readers take it as octal and a file would mean different things to different tools;
* floats: decimal with a point or an exponent (``0.5``, ``1e-3``, ``2.5E+2``).

Everything else (``1:30``, ``0x1F``, ``1_000``, ``.inf``, ``yes``, dates) stays text, which
the field's validator then refuses with one line. Explicit tags may not smuggle them back
(``!!float 1:30`` is refused too). Loading uses libyaml's C parser where it is built, after
a pass over the parser's events that refuses nesting deeper than :data:`MAX_DEPTH` (deeper
documents crash libyaml's composer or exhaust Python's recursion limit), cyclic aliases and
aliases expanding past :data:`MAX_NODES` values (validation would walk them all). All other errors
become :class:`~hydrion.errors.FileFormatError` with one line.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from hydrion.errors import FileFormatError

MAX_DEPTH = 100  # record files and specs need fewer than ten levels
MAX_DIGITS = 100  # characters of one number (Python refuses int() beyond 4300 digits)
MAX_NODES = 2_000_000  # values once aliases are expanded (validation walks every one)
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser where built

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"
)


class UserYamlLoader(_BaseLoader):
    """A safe loader with YAML 1.2 core scalars only (see the module docstring)."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - PyYAML's class-level table, rebuilt below


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789")),
):
    UserYamlLoader.add_implicit_resolver(_tag, _pattern, _first)


def _line(node: yaml.Node | yaml.Event) -> str:
    mark = node.start_mark  # a parser's events always carry one; the stubs allow None
    return "the document" if mark is None else f"line {mark.line + 1}"


def _construct_int(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if not _INT.match(text):
        raise FileFormatError(f"{_line(node)}: {text!r} is not a decimal integer")
    if len(text) > MAX_DIGITS:
        raise FileFormatError(
            f"{_line(node)}: not valid YAML here: an integer of {len(text)} digits"
        )
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        raise FileFormatError(
            f"{_line(node)}: number {text!r} has a leading zero, which YAML 1.1 reads as "
            "octal; write it without the zero"
        )
    return int(text)


def _construct_float(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> float:
    text = str(node.value)
    if not (_FLOAT.match(text) or _INT.match(text)):
        raise FileFormatError(f"{_line(node)}: {text!r} is not a decimal number")
    if len(text) > MAX_DIGITS:
        raise FileFormatError(
            f"{_line(node)}: not valid YAML here: a number of {len(text)} characters"
        )
    return float(text)


def _construct_bool(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> bool:
    text = str(node.value)
    if not _BOOL.match(text):
        raise FileFormatError(f"{_line(node)}: {text!r} is not true or false")
    return text.lower() == "true"


def _construct_mapping(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool = False
) -> dict:
    """A mapping, refusing a key given twice (PyYAML keeps the last silently); keys
    brought in by a ``<<`` merge may be overridden, as YAML's merge key intends."""
    seen: set = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: construct_mapping refuses it below
            continue
        if duplicate:
            raise FileFormatError(f"{_line(key_node)}: key {key!r} given twice in one mapping")
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


UserYamlLoader.construct_mapping = _construct_mapping
UserYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
UserYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
UserYamlLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def _check_shape(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, an alias inside its own anchor (a
    cyclic document) and documents whose aliases expand to more than :data:`MAX_NODES`
    nodes ("billion laughs"), from the parser's events (no recursion)."""
    open_nodes: list[list] = []  # [anchor, expanded node count] of each open collection
    sizes: dict[str, int] = {}  # expanded node count of each closed anchor
    for event in yaml.parse(text, Loader=UserYamlLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append([event.anchor, 1])
            if len(open_nodes) > MAX_DEPTH:
                raise FileFormatError(
                    f"{_line(event)}: nested too deeply (over {MAX_DEPTH} levels)"
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, nodes = open_nodes.pop()
        elif isinstance(event, yaml.AliasEvent):
            if any(event.anchor == node[0] for node in open_nodes):
                raise FileFormatError(f"{_line(event)}: alias *{event.anchor} refers to itself")
            anchor, nodes = None, sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, nodes = event.anchor, 1
        else:
            continue
        if anchor is not None:
            sizes[anchor] = nodes
        if open_nodes:
            open_nodes[-1][1] += nodes
            if open_nodes[-1][1] > MAX_NODES:
                raise FileFormatError(
                    f"{_line(event)}: aliases expand to more than {MAX_NODES:,} values"
                )


def load_user_yaml(text: str, origin: str) -> Any:
    """The data of one YAML document written by a user.

    Parameters
    ----------
    text:
        The document (already decoded from UTF-8).
    origin:
        What to call it in messages, e.g. the file's name.

    Returns
    -------
    The document's data: dicts, lists, str, int, float, bool and None only.

    Raises
    ------
    FileFormatError
        Not valid YAML, more than one document, nesting deeper than :data:`MAX_DEPTH`, a
        cyclic alias or aliases expanding past :data:`MAX_NODES` values, a
        leading-zero integer, an explicit tag forcing a YAML 1.1 form (``!!float 1:30``) or
        any tag outside YAML's safe types; the message is one line starting with ``origin``.
    """
    try:
        _check_shape(text)
        return yaml.load(text, Loader=UserYamlLoader)  # noqa: S506 - a safe loader
    except FileFormatError as exc:
        raise FileFormatError(f"{origin}: {exc}") from None
    except RecursionError:  # pure-Python parser on a deep document before the depth check
        raise FileFormatError(f"{origin}: nested too deeply") from None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "flow level" in first_line or "depth" in first_line:
            # PyYAML >= 6.0.4 bundles a libyaml that stops deep flow nesting itself
            raise FileFormatError(f"{origin}: nested too deeply") from None
        raise FileFormatError(f"{origin}: not valid YAML: {first_line}") from None


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise FileFormatError(f"key {key!r} given twice in one object")
        seen[key] = value
    return seen


def _json_int(text: str) -> int:
    """A JSON integer; one of more than :data:`MAX_DIGITS` digits refused (Python's own
    error told the user to call sys.set_int_max_str_digits())."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise FileFormatError(f"an integer of {len(text)} digits has too many digits to be a value")
    return int(text)


def load_user_json(text: str, origin: str) -> Any:
    """The data of one JSON document written by a user, refusing a key given twice in
    one object (``json.loads`` keeps the last silently).

    Raises
    ------
    FileFormatError
        Not valid JSON, nested too deeply or a duplicate key; one line starting with
        ``origin`` (naming the duplicate key's line where the document also reads as YAML).
    """
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys, parse_int=_json_int)
    except FileFormatError as exc:
        try:  # JSON is (nearly) YAML 1.2: its composer knows the duplicate key's line
            load_user_yaml(text, origin)
        except FileFormatError as located:
            if "given twice" in str(located):
                raise located from None
        raise FileFormatError(f"{origin}: {exc}") from None
    except RecursionError:
        raise FileFormatError(f"{origin}: nested too deeply to be a record file") from None
    except ValueError as exc:  # JSONDecodeError
        raise FileFormatError(f"{origin}: not valid YAML/JSON: {exc}") from None
