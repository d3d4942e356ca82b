"""A result file names its class's module (``@module``); files written by a release must still
read after a class moves to another module (it then lists the old one in ``former_modules``).

``result_modules.txt`` beside this file records each result class and the module a released
hydrion wrote for it (taken from commit a2056a8, plus classes added or moved since: a moved class has both lines). A class that moves
without keeping its old module fails here, as ArrheniusFit and SegmentFit did when
``transport/fitting.py`` was split.
"""

import importlib
import pkgutil
import warnings
from pathlib import Path

import pytest

import hydrion
from hydrion.results import RESULT_CLASSES

RECORDED = [
    tuple(line.split())
    for line in (Path(__file__).parent / "result_modules.txt").read_text().splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def result_classes() -> dict[str, list[type]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for module in pkgutil.walk_packages(hydrion.__path__, "hydrion."):
            try:
                importlib.import_module(module.name)
            except ImportError:  # an optional extra that is not installed
                continue
    classes: dict[str, list[type]] = {}
    for cls in RESULT_CLASSES:  # two classes are called Sensitivity (cell, stability)
        classes.setdefault(cls.__name__, []).append(cls)
    return classes


@pytest.mark.parametrize(("name", "module"), RECORDED)
def test_a_released_result_module_still_reads(result_classes, name, module):
    if name not in result_classes:
        pytest.skip(f"{name} is defined in an optional extra not installed here")
    assert any(module in (c.__module__, *c.former_modules) for c in result_classes[name])


def test_every_result_class_is_recorded(result_classes):
    recorded = set(RECORDED)
    current = {(c.__name__, c.__module__) for group in result_classes.values() for c in group}
    assert sorted(current - recorded) == []


def test_an_arrhenius_fit_written_before_the_split_reads_back():
    from hydrion.transport.fitting import fit_arrhenius

    temperatures = [300.0, 320.0, 340.0, 360.0]
    sigma = [1e-6 * (1.0 + 0.3 * i) ** 4 for i in range(4)]
    fit = fit_arrhenius(temperatures, sigma)
    data = fit.as_dict()
    data["@module"] = "hydrion.transport.fitting"
    for segment in data["segments"]:
        segment["@module"] = "hydrion.transport.fitting"
    assert type(fit).from_dict(data) == fit
