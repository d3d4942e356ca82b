"""Result objects that round-trip: ``type(r).from_dict(r.as_dict()) == r``.

Every result an analysis returns is a frozen dataclass that also derives from :class:`Result`.
``as_dict()`` gives its JSON-ready form (the CLI's ``--json`` prints it with floats at 12
significant digits);
``from_dict()`` rebuilds it, every nested value typed by the class's own annotations.

Why pydantic and not monty's ``MSONable``: ``MSONable.from_dict`` decodes nested values with
``MontyDecoder``, which imports whatever module a dict's ``"@module"`` names; a result read
from a user's file must never decide which code runs. It also gives tuples back as lists,
so the round trip would not be equal. pydantic (already hydrion's record layer, see
``hydrion.kb.records``) decodes by the type the *caller* names: the class is chosen by the
code that calls ``from_dict``, never by the file. The ``"@module"``/``"@class"`` keys are
written in monty's shape for readers used to pymatgen; on reading they are only checked
(a dict naming another class is refused), never imported; those checks, and the others on
data read back, are in :mod:`hydrion.result_checks`.

NumPy arrays are written as (nested) lists and read back as arrays (annotate such fields
:data:`FloatArray`, :data:`BoolArray` or :data:`TextArray`). Floats are written as they are
(inf stays inf); the CLI's JSON writer prints inf and NaN as ``null``.
"""

from __future__ import annotations

import enum
import json
import math
import secrets
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

from hydrion.errors import HydrionError, InputError, ResultValueError
from hydrion.result_checks import ABSOLUTE_TEMPERATURE_FIELDS as ABSOLUTE_TEMPERATURE_FIELDS
from hydrion.result_checks import Check, check_result
from hydrion.result_reading import MAX_DEPTH as MAX_DEPTH
from hydrion.result_reading import check_names, check_nested, check_read, with_nan

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: every Result subclass, in definition order (the round-trip test walks this list)
RESULT_CLASSES: list[type[Result]] = []


class _ArrayCodec:
    """pydantic hook: a list (of lists) of numbers ↔ a NumPy array of ``dtype``.

    :meth:`Result.from_dict` hands a result's own (top-level) arrays over beside the JSON it
    validates, under a key made for that call (``context``), so that a million-point grid is
    not written to text and parsed again only to be checked.
    """

    def __init__(self, dtype: str) -> None:
        self.dtype = dtype

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.with_info_plain_validator_function(self.validate)

    def validate(self, value: Any, info: Any = None) -> Any:
        import numpy as np

        handed = getattr(info, "context", None) or {}
        if isinstance(value, str) and value in handed:
            value = handed[value]
        if isinstance(value, str | bytes | Mapping):
            raise ValueError(f"expected a list of numbers for an array, not {type(value).__name__}")
        try:
            array = np.asarray(value, dtype=object if self.dtype == "object" else None)
            if self.dtype == "object":  # text
                if not set(map(type, array.flat)) <= {str}:
                    raise TypeError("an entry is not text")
                return array
            if self.dtype == "float64":
                if array.dtype == object:  # null (a NaN written by a JSON writer) reads as NaN
                    if not set(map(type, array.flat)) <= {float, int, type(None)}:
                        raise TypeError("an entry is not a number")
                    return array.astype(float)
                if array.dtype.kind not in "iuf":  # no text or bool where a number must be
                    raise TypeError(f"{array.dtype} values")
                return array.astype(float, copy=False)
            if array.dtype == object or array.dtype.kind not in "biuf":
                raise TypeError(f"{array.dtype} values")
            return array.astype(self.dtype)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"expected numbers for an array ({exc})") from None


if TYPE_CHECKING:
    FloatArray = NDArray[np.float64]
    BoolArray = NDArray[np.bool_]
    TextArray = NDArray[np.object_]
else:
    #: annotation for a float NumPy array field of a result
    FloatArray = Annotated[Any, _ArrayCodec("float64")]
    #: annotation for a boolean NumPy array field of a result
    BoolArray = Annotated[Any, _ArrayCodec("bool")]
    #: annotation for a NumPy array of text (dtype object) field of a result
    TextArray = Annotated[Any, _ArrayCodec("object")]


class Result:
    """Base of every result object (mix into a frozen dataclass).

    ``derived`` names read-only properties written beside the fields by :meth:`as_dict`
    (e.g. ``temperature_C``); they, and fields computed in ``__post_init__`` (``init=False``),
    are recomputed, not read, by :meth:`from_dict`. ``same_length`` names fields that hold one
    value per point (arrays, tuples): they must have the same length. ``checks`` lists the
    physical rules of the class's fields (``positive("mass_g")``, ``ordered("validity_K")``,
    ``shape("max_c_rate", "temperatures_K", "thicknesses_um")``...; see
    :mod:`hydrion.result_checks`).

    The constructor checks the physics (:func:`hydrion.result_checks.check_result`: absolute
    temperatures, conductivities, ``same_length``, ``checks``), in ``__post_init__``; a rule
    that no declaration can say goes in the subclass's ``__post_init__`` after
    ``super().__post_init__()``.
    :meth:`from_dict` builds the result through the same constructor checks.
    """

    derived: ClassVar[tuple[str, ...]] = ()
    same_length: ClassVar[tuple[str, ...]] = ()
    #: the physical rules of the fields (hydrion.result_checks.positive, ordered, shape...)
    checks: ClassVar[tuple[Check, ...]] = ()
    #: modules the class lived in before a split: an ``@module`` naming one still reads
    former_modules: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        RESULT_CLASSES.append(cls)
        # in the class's own namespace before @dataclass runs, so dataclass keeps it instead
        # of writing its tuple comparison (which raises on NumPy array fields)
        if "__eq__" not in cls.__dict__:
            cls.__eq__ = Result.__eq__  # type: ignore[method-assign]

    def __post_init__(self) -> None:
        """Refuse values no analysis produces (ResultValueError naming the field)."""
        check_result(self)

    def __eq__(self, other: object) -> bool:
        """Field by field: arrays by dtype kind, shape and values; NaN equals NaN.

        A result read back with :meth:`from_dict` equals the one written (NaN marks a missing
        value in a result, so two NaN in the same place are the same value). ``==`` always
        gives a bool, also for results holding NumPy arrays.
        """
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _same(self, other)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``@module``, ``@class``, every field, then the ``derived`` values.

        Nested results, dataclasses, pydantic records (``Source``, ``CellRecord``), NumPy
        arrays and scalars, tuples, enums and paths become dicts, lists, numbers and text.

        Returns
        -------
        dict
            The result's class (``@module``, ``@class``), its fields and derived values, in
            the units of the field names (``temperature_K`` in K, ...), encoded by
            :func:`encode`; :meth:`from_dict` reads it back.
        """
        data: dict[str, Any] = {"@module": type(self).__module__, "@class": type(self).__name__}
        for f in fields(self):  # type: ignore[arg-type]
            data[f.name] = encode(getattr(self, f.name))
        for name in self.derived:
            data[name] = encode(getattr(self, name))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild a result from :meth:`as_dict`'s output (or the CLI's ``--json``).

        Nothing named in ``data`` is imported: the class is ``cls``, nested values take the
        types of its annotations. Each result (the top one and every nested one) is built
        through its constructor's checks (``__post_init__``), so what the constructor refuses
        is refused here, as the same error naming where it is.

        Parameters
        ----------
        data : Mapping
            The serialised result.

        Returns
        -------
        Result
            An instance of ``cls``.

        Raises
        ------
        InputError
            ``data`` is not a dict, names another class (an ``@module`` or ``@class`` that is
            not exactly ``cls``'s), has unknown keys, a value of the wrong type, or a value
            the constructor refuses with :class:`~hydrion.errors.ResultValueError` (σ < 0,
            arrays of different lengths...), naming the class and the place of the value.
        HydrionError
            Another refusal of a constructor (e.g. a design's fractions above 1), as that
            error, its message led by the class and the place of the value.
        """
        if not isinstance(data, Mapping):
            raise InputError(f"a {cls.__name__} is read from a dict, not {type(data).__name__}")
        check_names(data, cls)
        check_nested(data)
        names = {f.name for f in fields(cls) if f.init}  # type: ignore[arg-type]
        # fields computed in __post_init__ (init=False) are recomputed, like derived values
        known = {f.name for f in fields(cls)} | set(cls.derived)  # type: ignore[arg-type]
        unknown = sorted(k for k in data if not k.startswith("@") and k not in known)
        if unknown:
            raise InputError(f"not a {cls.__name__}: unknown keys {', '.join(map(repr, unknown))}")
        payload = {k: v for k, v in data.items() if k in names}
        # the result's own arrays go beside the text, not through it (see _ArrayCodec)
        adapter, arrays = _adapter(cls)
        key = f"@array {secrets.token_hex(8)} "
        handed = {key + k: payload[k] for k in arrays if isinstance(payload.get(k), list)}
        payload |= {k[len(key) :]: k for k in handed}
        from pydantic import ValidationError

        for _ in range(3):  # a second pass only after nulls were read as NaN
            try:
                # JSON mode, strict: objects for dataclasses and lists for tuples, as JSON has
                # them, but no text or bool where a number must be ("1e-3" and true refused)
                text = json.dumps(payload, allow_nan=True)
                result = adapter.validate_json(text, strict=True, context=handed)
                break
            except ValidationError as exc:
                errors = exc.errors()
                # JSON writers (the CLI's included) write NaN and inf as null: a null where a
                # number must be reads back as NaN
                nulls = [
                    e["loc"] for e in errors if e["type"] == "float_type" and e["input"] is None
                ]
                if not nulls or len(nulls) < len(errors):
                    first = errors[0]
                    where = ".".join(str(p) for p in first["loc"]) or "(top)"
                    refused = first.get("ctx", {}).get("error")
                    at = "" if where == "(top)" else f"{where}: "
                    if isinstance(refused, ResultValueError):  # values the file holds
                        raise InputError(f"not a {cls.__name__}: {at}{refused}") from None
                    if isinstance(refused, HydrionError):  # a constructor's own refusal
                        raise type(refused)(f"not a {cls.__name__}: {at}{refused}") from None
                    raise InputError(f"not a {cls.__name__}: {where}: {first['msg']}") from None
                payload = with_nan(payload, nulls)
        else:
            raise InputError(f"not a {cls.__name__}: nulls where numbers must be")
        check_read(result, data, cls.__name__)
        return result


def _same(a: Any, b: Any) -> bool:
    """``a`` and ``b`` hold the same values (the comparison behind ``Result.__eq__``)."""
    a, b = (v.item() if hasattr(v, "item") and getattr(v, "ndim", None) == 0 else v for v in (a, b))
    if hasattr(a, "dtype") or hasattr(b, "dtype"):  # a NumPy array
        import numpy as np

        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype.kind != b.dtype.kind or a.shape != b.shape:
            return False
        if a.dtype.kind == "O":
            return bool(a.tolist() == b.tolist())
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a) if f.compare
        )
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, tuple | list):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, Mapping):
        return isinstance(b, Mapping) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


#: JSON scalars as ``tolist()`` gives them (an array's values need no further encoding)
_PLAIN = frozenset({float, int, bool, str})

_ADAPTERS: dict[type, tuple[Any, tuple[str, ...]]] = {}


def _adapter(cls: type) -> tuple[Any, tuple[str, ...]]:
    """pydantic's validator of ``cls`` and the names of its array fields (built once per
    class: building takes milliseconds)."""
    if cls not in _ADAPTERS:
        import typing

        from pydantic import TypeAdapter

        hints = typing.get_type_hints(cls, include_extras=True)
        arrays = tuple(
            f.name
            for f in fields(cls)
            if any(isinstance(m, _ArrayCodec) for m in getattr(hints[f.name], "__metadata__", ()))
        )
        _ADAPTERS[cls] = (TypeAdapter(cls), arrays)
    return _ADAPTERS[cls]


def encode(value: Any) -> Any:
    """``value`` as JSON-ready Python (dict, list, str, int, float, bool, None).

    Results keep their ``@class`` tag and ``derived`` values; other dataclasses become
    dicts of their fields; pydantic models are dumped in JSON mode.

    Parameters
    ----------
    value : Any
        A :class:`Result`, another dataclass, a mapping (keys become ``str``), a list,
        tuple or set, an enum member (encoded by its value), a path (as ``str``), a
        pydantic model, a NumPy array or scalar (via ``tolist()``, any shape), or a JSON
        scalar. Units are those of the value itself; nothing is converted.

    Returns
    -------
    Any
        The same content built from dict, list, str, int, float, bool and None only.

    Raises
    ------
    TypeError
        If ``value`` (or anything inside it) is none of the kinds above: a bug in the
        result that holds it, not bad user input.
    """
    if isinstance(value, Result):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(v) for v in value]
    if hasattr(value, "model_dump"):  # pydantic record
        return value.model_dump(mode="json")
    if hasattr(value, "tolist"):  # NumPy array or scalar
        listed = value.tolist()
        if isinstance(listed, list) and set(map(type, listed)) <= _PLAIN:
            return listed  # plain numbers or text already: no second pass over each value
        return encode(listed)
    raise TypeError(f"cannot encode a {type(value).__name__} in a result")
