"""Every result object round-trips: ``type(r).from_dict(json(r.as_dict())) == r`` (issue 12).

The result classes are discovered (every dataclass of the analysis packages), so a new result
class that is not a :class:`hydrion.results.Result`, or whose fields cannot be written and
read back, fails here. Instances are drawn by hypothesis from the classes' own annotations.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import pkgutil
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import hydrion
from hydrion.errors import InputError
from hydrion.results import ABSOLUTE_TEMPERATURE_FIELDS, RESULT_CLASSES, Result, _ArrayCodec

ANALYSIS_PACKAGES = ("atomistic", "cell", "electrode", "experiment", "stability", "transport")

#: dataclasses of the analysis packages that are not results, and why
NOT_RESULTS = {
    "hydrion.atomistic.md_settings.RunSettings": "input: settings of an MD run",
    "hydrion.atomistic.potentials._ModelSpec": "private catalogue entry",
    "hydrion.atomistic.screening_spec.Task": "input: one task of a screening",
    "hydrion.atomistic.structures.StructureEntry": "curated data (structures.yaml)",
    "hydrion.atomistic.trajectory.Trajectory": "input: positions read from a trajectory file",
    "hydrion.cell.parameters.ElectrodeData": "input to PyBaMM (holds the OCP function)",
    "hydrion.cell.parts.Part": "input: a knowledge-base part",
    "hydrion.cell.review_cases.Calibration": "curated data (review_cases.yaml)",
    "hydrion.cell.review_cases.ReportedPoint": "curated data (review_cases.yaml)",
    "hydrion.cell.review_cases.ReviewCase": "curated data (review_cases.yaml)",
    "hydrion.cell.setups.FullCell": "input: a cell to simulate",
    "hydrion.cell.setups.HalfCell": "input: a cell to simulate",
    "hydrion.cell.stack.ResolvedStack": "input: a design with its parts looked up",
    "hydrion.cell.stack_design.StackDesign": "input: a cell design (read back inside StackResult)",
    "hydrion.cell.stack_metrics.ElectrodeFormulation": "input: an electrode layer's make-up",
    "hydrion.electrode.conversion.RawStep": "internal step before voltages are known",
    "hydrion.electrode.pathway_steps.NoteCollector": "accumulator of missing data and warnings",
    "hydrion.electrode.voltage.EnergyModel": "mutable energy cache (input)",
    "hydrion.experiment.conductivity_tables.ConductivityTable": "input: a σ(T) table from a file",
    "hydrion.experiment.cycler_formats.CyclingData": "input: columns read from a cycler file",
    "hydrion.experiment.eis_conductivity.CapacitanceClass": "curated table entry",
    "hydrion.experiment.eis_fit.CircuitFit": "internal fit state (holds the circuit object)",
    "hydrion.experiment.spectrum_readers.Spectrum": "input: a spectrum read from a file",
    "hydrion.stability.energies.PhaseEnergy": "input: the energy of one phase (table or file)",
    "hydrion.transport.kb_data.ThermalLimit": "σ(T) model part built from the knowledge base",
    "hydrion.transport.sigma_model.ConductivityModel": "σ(T) model; evaluated it gives SigmaResult",
    "hydrion.transport.sigma_points.DataPoint": "σ(T) model part built from the knowledge base",
    "hydrion.transport.phase_laws.PhaseModel": "σ(T) model part built from the knowledge base",
    "hydrion.transport.phases.Transition": "σ(T) model part built from the knowledge base",
    "hydrion.transport.synthetic.SyntheticSet": "generated test data, not an analysis result",
}


def _modules():
    for info in pkgutil.walk_packages(hydrion.__path__, "hydrion."):
        if info.name.split(".")[1] not in ANALYSIS_PACKAGES:
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue


MODULES = list(_modules())


def _dataclasses() -> list[type]:
    found = []
    for module in MODULES:
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and dataclasses.is_dataclass(obj)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return found


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_every_analysis_dataclass_is_a_result_or_says_why():
    missing = [
        _name(c)
        for c in _dataclasses()
        if not issubclass(c, Result) and _name(c) not in NOT_RESULTS and "._" not in _name(c)
    ]
    assert not missing, f"make these hydrion.results.Result or list them in NOT_RESULTS: {missing}"


def test_not_results_list_names_existing_classes():
    names = {_name(c) for c in _dataclasses()}
    importable = {m.__name__ for m in MODULES}
    stale = [n for n in NOT_RESULTS if n.rsplit(".", 1)[0] in importable and n not in names]
    assert not stale


# ---- instances drawn from the annotations -------------------------------------------------

FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)
FLOATS = st.floats(width=64)  # with inf and NaN now and then
TEXT = st.text(max_size=8)
#: keys of user dicts (units, metadata, a σ law): monty's tag names are data there too
KEYS = st.sampled_from(["@module", "@class"]) | TEXT
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | FINITE | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)


def _records() -> dict[type, list[BaseModel]]:
    """Real pydantic records (knowledge base, curated tables) to put inside results."""
    from hydrion.kb import open_kb
    from hydrion.stability.findings import curated_findings
    from hydrion.stability.passivation import electronic_character

    kb = open_kb()
    pool: list[BaseModel] = [*kb.cells()[:3], *kb.materials()[:3]]
    for material in kb.materials()[:20]:
        pool += material.windows[:1] + [c.source for c in material.conductivities[:1]]
    pool += list(curated_findings()[:3])
    pool += [m for f in curated_findings()[:5] for m in f.mitigations]
    pool += [x for x in (electronic_character(p) for p in ("LiH", "MgB2", "B")) if x]
    pool += [d for m in kb.materials() if (d := m.density()) is not None][:3]  # table values
    by_type: dict[type, list[BaseModel]] = {}
    for record in pool:
        by_type.setdefault(type(record), []).append(record)
    return by_type


RECORDS = _records()


def _references():
    from hydrion.kb.references import load_references

    return list(load_references().values())[:10]


INTS = st.integers(-(10**6), 10**6)


def strategy(
    annotation: Any, owner: type, floats=FLOATS, size=None, ints=INTS
) -> st.SearchStrategy:
    """A hypothesis strategy for one field annotation of a result class (``floats`` and
    ``ints`` for its numbers: absolute temperatures are drawn finite and > 0, σ ≥ 0 or NaN, a
    field of a ``checks`` rule within it, as the constructors require; ``size``: the length of
    a sequence, for ``same_length`` fields)."""
    bounds = {"max_size": 4} if size is None else {"min_size": size, "max_size": size}
    if annotation is Any or annotation is object:
        return JSONISH
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is typing.Annotated:
        codec = next((a for a in args[1:] if isinstance(a, _ArrayCodec)), None)
        if codec is None:
            return strategy(args[0], owner, floats, ints=ints)
        elements = {"bool": st.booleans(), "object": TEXT}.get(codec.dtype, floats)
        return st.lists(elements, **bounds).map(lambda v, d=codec.dtype: np.array(v, dtype=d))
    if origin in (typing.Union, types.UnionType):
        return st.one_of([strategy(a, owner, floats, size, ints) for a in args])
    if origin is Literal:
        return st.sampled_from(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            sized = bounds if size is not None else {"max_size": 2}
            return st.lists(strategy(args[0], owner, floats, ints=ints), **sized).map(tuple)
        return st.tuples(*(strategy(a, owner, floats, ints=ints) for a in args))
    if origin in (list, typing.Sequence):
        return st.lists(strategy(args[0], owner, floats, ints=ints), max_size=3)
    if origin is dict:
        keys = KEYS if args[0] is str else strategy(args[0], owner, floats)
        return st.dictionaries(keys, strategy(args[1], owner, floats), max_size=3)
    if annotation is type(None):
        return st.none()
    if annotation is float:
        return floats
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return ints
    if annotation is str:
        return TEXT
    if annotation is dict:
        return st.dictionaries(KEYS, JSONISH, max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return st.sampled_from([Path("run/a.extxyz"), Path("b.json")])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in RECORDS:
            raise AssertionError(f"{owner.__name__}: no sample {annotation.__name__} record")
        return st.sampled_from(RECORDS[annotation])
    if isinstance(annotation, type) and annotation.__name__ == "Reference":
        return st.sampled_from(_references())
    if isinstance(annotation, type) and annotation in INPUT_EXAMPLES:
        return st.sampled_from(INPUT_EXAMPLES[annotation]())
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return instances(annotation)
    raise AssertionError(f"{owner.__name__}: no strategy for the field type {annotation!r}")


def _designs():
    from hydrion.cell.stack import StackDesign

    return [StackDesign.default("tis2", "libh4", "li"), StackDesign.default("s", "libh4", "li")]


#: input dataclasses that check their values on construction, inside results: real examples
INPUT_EXAMPLES = {}
for _cls, _examples in (("hydrion.cell.stack_design.StackDesign", _designs),):
    _module, _, _name_ = _cls.rpartition(".")
    INPUT_EXAMPLES[getattr(importlib.import_module(_module), _name_)] = _examples


#: fields whose values __post_init__ or a derived value needs: drawn from valid values
FIELD_OVERRIDES: dict[tuple[str, str], st.SearchStrategy] = {
    ("RunResult", "metadata"): st.fixed_dictionaries(
        {"frames_written": st.integers(0, 100), "n_atoms": st.integers(1, 1000)},
        optional={"settings": st.fixed_dictionaries({"save_every": st.integers(1, 100)})},
    ),
}
for _stack in ("StackResult", "DesignReport"):  # StackResult.__post_init__'s figures
    FIELD_OVERRIDES |= {
        (_stack, "areal_capacity_mAh_per_cm2"): st.floats(1e-3, 1e3),
        (_stack, "positive_capacity_mAh_per_g"): st.floats(1e-3, 1e4),
        (_stack, "average_voltage_V"): FINITE,
        (_stack, "layers"): st.dictionaries(TEXT, st.dictionaries(TEXT, st.floats(0, 1e6))),
        (_stack, "levels"): st.dictionaries(TEXT, st.dictionaries(TEXT, FINITE)),
    }
IONS = st.sampled_from(["Li", "Na", "Mg"])


#: numbers that keep each value rule of a class's ``checks`` (floats, ints), by rule
RULE_NUMBERS = {
    "positive": (st.floats(1e-3, 1e6), st.integers(1, 10**6)),
    "at_least_zero": (st.floats(0, 1e6), st.integers(0, 10**6)),
    "finite": (FINITE, INTS),
    "uncertainty": (st.floats(0, math.inf) | st.just(math.nan), st.integers(0, 10**6)),
    "fraction": (st.floats(1e-3, 1), st.integers(1, 1)),
}


def _rule_numbers(cls: type, name: str) -> tuple[st.SearchStrategy, st.SearchStrategy] | None:
    """Numbers for field ``name`` that keep the value rules ``cls.checks`` puts on it."""
    checks = [c for c in getattr(cls, "checks", ()) if name in c.fields]
    kinds = [c.kind for c in checks if c.rule is not None]
    if not kinds:
        return (FINITE, INTS) if checks else None  # order or shape: finite numbers
    floats, ints = RULE_NUMBERS[kinds[0]]
    if any("NaN" in c.words for c in checks if c.rule is not None):
        floats = floats | st.just(math.nan)
    return floats, ints


def _keep_declared_rules(cls: type, kwargs: dict) -> dict:
    """``kwargs`` with the values of each ``ordered`` check sorted and each ``shape`` check's
    array brought to the shape of its axes (rules between fields, which a field's own
    strategy cannot keep)."""
    for check in getattr(cls, "checks", ()):
        if check.kind == "ordered" and len(check.fields) == 1:
            pair = kwargs[check.fields[0]]
            if pair is not None:
                kwargs[check.fields[0]] = type(pair)(sorted(pair))
        elif check.kind == "ordered":
            given = [f for f in check.fields if kwargs[f] is not None]
            for f, v in zip(given, sorted(kwargs[f] for f in given), strict=True):
                kwargs[f] = v
        elif check.kind == "shape":
            array, *axes = check.fields
            grid = tuple(len(kwargs[a]) for a in axes)
            flat = np.asarray(kwargs[array], dtype=float).ravel()
            kwargs[array] = np.resize(flat, grid) if flat.size else np.ones(grid)
    return kwargs


def _field_strategy(cls: type, name: str, annotation: Any, n: int) -> st.SearchStrategy:
    if (cls.__name__, name) in FIELD_OVERRIDES:
        return FIELD_OVERRIDES[(cls.__name__, name)]
    size = n if name in getattr(cls, "same_length", ()) else None
    if name in ABSOLUTE_TEMPERATURE_FIELDS:
        return strategy(annotation, cls, st.floats(1e-3, 1e5), size)
    if name.endswith("_S_per_cm") and "sigma" in name:  # σ ≥ 0, NaN where missing
        top = math.inf if "_err" in name else 1e3
        return strategy(annotation, cls, st.floats(0, top) | st.just(math.nan), size)
    numbers = _rule_numbers(cls, name)
    if numbers is not None:
        return strategy(annotation, cls, numbers[0], size, numbers[1])
    return IONS if name == "ion" else strategy(annotation, cls, size=size)


def instances(cls: type) -> st.SearchStrategy:
    """Instances of ``cls`` whose values its constructor accepts (one length for the fields
    of ``same_length``)."""
    hints = typing.get_type_hints(cls, include_extras=True)

    def build(n: int) -> st.SearchStrategy:
        kwargs = {
            f.name: _field_strategy(cls, f.name, hints[f.name], n)
            for f in dataclasses.fields(cls)
            if f.init
        }
        return st.fixed_dictionaries(kwargs).map(lambda kw: cls(**_keep_declared_rules(cls, kw)))

    if not getattr(cls, "same_length", ()):
        return build(0)
    # a grid has at least one point per axis: an empty 2-D array is written as [], one axis
    grid = any(c.kind == "shape" for c in getattr(cls, "checks", ()))
    return st.integers(1 if grid else 0, 3).flatmap(build)


def _roundtrip(result: Result) -> Result:
    text = json.dumps(result.as_dict())  # Python's JSON keeps inf/NaN as Infinity/NaN
    return type(result).from_dict(json.loads(text))


@pytest.mark.parametrize("cls", RESULT_CLASSES, ids=lambda c: c.__name__)
def test_result_class_round_trips(cls):
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(instances(cls))
    def check(result):
        try:
            result.as_dict()
        except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
            # a derived value (e.g. 1/x) of a state no analysis produces; not an encoding gap
            if "cannot encode" in str(exc):
                raise
            reject()
        back = _roundtrip(result)
        assert back == result, (result, back)  # Result.__eq__: arrays by value, NaN = NaN
        assert json.dumps(back.as_dict()) == json.dumps(result.as_dict())

    check()


def test_array_valued_result_equals_its_round_trip():
    # the dataclass __eq__ compared NumPy arrays as a tuple and raised ValueError
    import pint

    from hydrion.transport import sigma_at

    quantity = pint.get_application_registry().Quantity
    g = sigma_at("LiBH4", quantity([100, 125, 150], "degC"))
    assert isinstance(g.sigma_S_per_cm, np.ndarray)
    assert type(g).from_dict(g.as_dict()) == g
    assert _roundtrip(g) == g
    other = sigma_at("LiBH4", quantity([100, 125, 151], "degC"))
    assert (other == g) is False and (other != g) is True


def test_every_result_class_compares_with_a_bool():
    # @dataclass must not have replaced the array-aware comparison by its tuple comparison
    assert [c.__name__ for c in RESULT_CLASSES if c.__eq__ is not Result.__eq__] == []


def test_discovery_found_the_results():
    names = {c.__name__ for c in RESULT_CLASSES}
    assert {"ElectrodeResult", "ElectrochemicalWindow", "Compatibility", "EISResult"} <= names


# ---- real results, the CLI's JSON, and refusals --------------------------------------------


def test_real_results_round_trip_and_the_cli_prints_the_same(run_cli):
    from hydrion.cli.output import to_jsonable
    from hydrion.electrode import analyse_electrode
    from hydrion.electrode.analysis import ElectrodeResult
    from hydrion.electrode.reported import ElectrodeReport

    result = analyse_electrode("MgH2")
    assert ElectrodeResult.from_dict(json.loads(json.dumps(result.as_dict()))) == result
    code, out, _ = run_cli("electrode", "MgH2", "--cathode", "TiS2", "--json")
    assert code == 0
    printed = json.loads(out)
    # the CLI prints one result: the electrode's own fields, the reported voltages, the pairing
    expected = {k: v for k, v in to_jsonable(result.as_dict()).items() if not k.startswith("@")}
    assert {k: printed[k] for k in expected} == expected
    assert printed["@class"] == "ElectrodeReport"
    back = ElectrodeReport.from_dict(printed)  # floats printed at 12 significant digits
    assert back.capacity_mAh_per_g == pytest.approx(result.capacity_mAh_per_g, rel=1e-11)
    assert back.steps[0].reaction == result.steps[0].reaction == "MgH2 + 2Li -> Mg + 2LiH"
    assert back.paired is not None and back.paired.cathode == "TiS2"
    assert [v.voltage_V for v in back.reported_voltages] == [
        v["voltage_V"] for v in printed["reported_voltages"]
    ]
    with pytest.raises(InputError, match="unknown keys 'paired', 'reported_voltages'"):
        ElectrodeResult.from_dict(
            {**printed, "@module": "hydrion.electrode.analysis", "@class": "ElectrodeResult"}
        )


def test_compat_json_round_trips_with_its_cited_references(run_cli):
    from hydrion.stability.compatibility import Compatibility

    code, out, _ = run_cli("compat", "LiBH4", "LiCoO2", "--json")
    assert code == 0
    data = json.loads(out)
    back = Compatibility.from_dict(data)
    assert back.summary == data["summary"]
    assert back.electrolyte == "libh4" and back.cited  # the DOIs travel with the result
    assert all(ref.doi for ref in back.cited if ref.number in (62, 80))


@pytest.mark.parametrize(
    "tags",
    [
        {"@module": "this", "@class": "ElectrodeResult"},
        {"@module": "os", "@class": "system"},
        {"@module": "hydrion.electrode.analysis", "@class": "Step"},
        {"@module": "hydrion_evil_xyz", "@class": "ElectrodeResult"},
    ],
)
def test_foreign_module_or_class_is_refused_and_nothing_is_imported(tags):
    from hydrion.electrode import analyse_electrode
    from hydrion.electrode.analysis import ElectrodeResult

    data = {**analyse_electrode("MgH2").as_dict(), **tags}
    before = set(sys.modules)
    with pytest.raises(InputError, match="refused"):
        ElectrodeResult.from_dict(data)
    assert set(sys.modules) - before == set()


def test_nested_foreign_module_is_refused():
    from hydrion.electrode import analyse_electrode
    from hydrion.electrode.analysis import ElectrodeResult

    data = analyse_electrode("MgH2").as_dict()
    data["steps"][0]["@module"] = "subprocess"
    with pytest.raises(InputError, match="subprocess"):
        ElectrodeResult.from_dict(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity_mAh_per_g": "lots"}, "capacity_mAh_per_g"),
        ({"surprise": 1}, "unknown keys 'surprise'"),
        ({"steps": [{"reaction": "x"}]}, "steps"),
    ],
)
def test_bad_values_are_one_clear_error(change, message):
    from hydrion.electrode import analyse_electrode
    from hydrion.electrode.analysis import ElectrodeResult

    data = {**analyse_electrode("MgH2").as_dict(), **change}
    with pytest.raises(InputError, match=message):
        ElectrodeResult.from_dict(data)
    with pytest.raises(InputError, match="dict"):
        ElectrodeResult.from_dict([1, 2])  # type: ignore[arg-type]


def test_the_cli_writers_nulls_read_back_as_nan():
    # the CLI writes NaN and inf as null (strict JSON); where a number must be, null is NaN
    from hydrion.cli.output import to_jsonable
    from hydrion.stability.window import ElectrochemicalWindow, Limit

    window = ElectrochemicalWindow(
        "LiBH4", "Li", "gibbs298", "bundled", Limit(0.5, ("LiH", "B")), Limit(None), math.nan, ()
    )
    data = json.loads(json.dumps(to_jsonable(window)))
    assert data["e_above_hull_eV_per_atom"] is None
    back = ElectrochemicalWindow.from_dict(data)
    assert math.isnan(back.e_above_hull_eV_per_atom)
    assert back.oxidation.voltage_V is None  # an optional number stays None
    assert back == window


# ---- from_dict refuses what no result holds (outside breaker, F3) ---------------------------


def _sigma_dict() -> dict:
    from hydrion.transport import sigma_at

    return json.loads(json.dumps(sigma_at("LiBH4", 400.0).as_dict()))


def _nested(depth: int) -> list:
    top: list = []
    inner = top
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return top


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["law"].update({"@class": "VFTLaw"}), r"law: not a VFTLaw: .*required"),
        (lambda d: d["law"].update({"@class": "Popen"}), "refused: SigmaResult.law names"),
        (lambda d: d.update(temperature_K=-5), "temperature_K: a temperature must be .* not -5"),
        (lambda d: d.update(temperature_K=math.inf), "finite and above 0 K, not inf"),
        (lambda d: d.update(temperature_K=0.0), "finite and above 0 K, not 0.0"),
        (lambda d: d.update(sigma_S_per_cm="1e-3"), "sigma_S_per_cm: Input should be a valid"),
        (lambda d: d.update(sigma_S_per_cm=True), "sigma_S_per_cm: Input should be a valid"),
        (lambda d: d.update(temperature_C=99.0), r"temperature_C = 99.0 disagrees .*126.85"),
        (lambda d: d.update(stored=_nested(100_000)), "nests more than 64 levels"),
        (lambda d: d.update({5: 1}), "a key must be text, not int 5"),
        (lambda d: d["law"].update({(1, 2): 1}), r"a key must be text, not tuple \(1, 2\)"),
    ],
)
def test_from_dict_refuses_nonsense_in_one_line(change, message):
    from hydrion.transport.sigma_results import SigmaResult

    data = _sigma_dict()
    assert SigmaResult.from_dict(data).temperature_K == 400.0  # the untouched dict reads
    change(data)
    with pytest.raises(InputError, match=message) as info:
        SigmaResult.from_dict(data)
    assert "\n" not in str(info.value)


def test_derived_value_that_agrees_or_is_absent_reads():
    from hydrion.transport.sigma_results import SigmaResult

    data = _sigma_dict()
    data["temperature_C"] = round(data["temperature_C"], 9)  # the CLI's 12 digits agree
    back = SigmaResult.from_dict(data)
    del data["temperature_C"]
    assert SigmaResult.from_dict(data) == back
    assert back.temperature_C == pytest.approx(126.85)


def test_an_integer_reads_where_a_number_must_be():
    # strict numbers refuse text and bool, not a whole number written without a point
    from hydrion.transport.sigma_results import SigmaResult

    data = _sigma_dict()
    data["temperature_K"] = 400
    assert SigmaResult.from_dict(data).temperature_K == 400.0
