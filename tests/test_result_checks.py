"""How a :class:`~hydrion.result_checks.Check` is declared and applied: each kind is named
(an unknown kind, or a value rule without its test, is refused where it is declared, not
applied as another kind: outside audit A1), and ``missing=True`` lets NaN through the same
rule."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pytest

from hydrion.errors import ResultValueError
from hydrion.result_checks import Check, at_least_zero, ordered, positive, shape


@dataclass
class _Values:
    low: float = 1.0
    high: float = 2.0
    grid: object = None
    axis: tuple = (1.0, 2.0)


@pytest.mark.parametrize(
    ("kind", "rule", "why"),
    [
        ("monotonic", None, "no check of kind 'monotonic'"),  # was applied as a shape check
        ("positive", None, "'positive' needs a rule on each value"),
        ("ordered", math.isfinite, "'ordered' takes no rule on each value"),
    ],
)
def test_a_check_of_no_known_kind_is_refused_where_it_is_declared(kind, rule, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        Check(kind, ("low",), "words", rule)


@pytest.mark.parametrize(
    ("check", "values", "message"),
    [
        (positive("low"), _Values(low=0.0), "_Values.low: must be finite and > 0, not 0.0"),
        (at_least_zero("low"), _Values(low=-1.0), "_Values.low: must be finite and ≥ 0, not -1"),
        (
            positive("low", missing=True),
            _Values(low=-math.inf),
            "_Values.low: must be finite and > 0 (NaN where missing), not -inf",
        ),
        (ordered("low", "high"), _Values(low=3.0), "_Values.low, high: must run from low to"),
        (shape("grid", "axis"), _Values(grid=np.ones(3)), "_Values.grid: one value per grid"),
    ],
)
def test_each_kind_is_applied_as_itself(check, values, message):
    with pytest.raises(ResultValueError, match=re.escape(message)):
        check.apply(values, "_Values")


@pytest.mark.parametrize(
    "check", [positive("low", missing=True), at_least_zero("low", missing=True)]
)
def test_missing_lets_nan_through_and_nothing_else(check):
    check.apply(_Values(low=math.nan), "_Values")
    check.apply(_Values(low=np.array([1.0, math.nan])), "_Values")
    with pytest.raises(ResultValueError, match="NaN where missing"):
        check.apply(_Values(low=np.array([math.nan, -2.0])), "_Values")
