"""A fixed budget of benchmarks/fuzz_inputs.py's record-file and CLI families on every run.

The benchmark runs each family at 100,000 inputs; here the first inputs of the same
deterministic sequences run in-process: a refusal (HydrionError, or the CLI's exit 2) is
fine, anything else fails the test with its traceback.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from hydrion.errors import HydrionError

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_inputs.py"


@pytest.fixture
def fuzz(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("fuzz_inputs", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("HYDRION_USER_DB", str(tmp_path / "user.sqlite"))
    monkeypatch.chdir(tmp_path)  # the CLI family writes its outputs in the working folder
    return module


@pytest.mark.parametrize(("family", "budget"), [("records", 150), ("cli", 30)])
def test_fuzz_family_budget_has_no_uncaught_exception(fuzz, tmp_path, family, budget):
    generate, target, _ = fuzz.FAMILIES[family]
    outcomes = {"accepted": 0, "refused": 0}
    for index in range(budget):
        rng = random.Random(f"1:{family}:{index}")
        item = generate(rng)
        try:
            target(item, rng, tmp_path)
            outcomes["accepted"] += 1
        except (HydrionError, fuzz._Refused):
            outcomes["refused"] += 1
    assert outcomes["accepted"] > 0 and outcomes["refused"] > 0, outcomes
