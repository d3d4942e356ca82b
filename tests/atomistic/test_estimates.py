"""Block averaging (hydrion.atomistic.estimates), NPT lattice lengths, and results written
before Estimate moved out of hydrion.atomistic.analysis still read back."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from hydrion.atomistic.analysis import TransportResult
from hydrion.atomistic.estimates import Estimate, block_estimate, block_slices, lattice_parameters
from hydrion.atomistic.trajectory import unwrap
from hydrion.errors import InputError

OLD_MODULE = "hydrion.atomistic.analysis"


def _as_written_before_the_split(data: object) -> object:
    """``data`` with every Estimate tagged by its module before the split."""
    if isinstance(data, dict):
        tagged = {k: _as_written_before_the_split(v) for k, v in data.items()}
        if tagged.get("@class") == "Estimate":
            tagged["@module"] = OLD_MODULE
        return tagged
    if isinstance(data, list):
        return [_as_written_before_the_split(v) for v in data]
    return data


def test_block_estimate_is_the_mean_with_its_standard_error():
    estimate = block_estimate([1.0, 2.0, 3.0])
    assert estimate.value == 2.0
    assert estimate.error == pytest.approx(1 / math.sqrt(3))  # std (ddof=1) 1 over √3 blocks
    assert estimate.n_blocks == 3
    assert math.isnan(block_estimate([4.0]).error)


def test_block_slices_cut_consecutive_equal_blocks_and_refuse_short_ones():
    assert block_slices(53, 5) == [slice(10 * k, 10 * (k + 1)) for k in range(5)]
    with pytest.raises(InputError, match="fewer than 10 frames per block"):
        block_slices(49, 5)


def test_an_estimate_written_by_analysis_before_the_split_reads_back():
    old = {"@module": OLD_MODULE, "@class": "Estimate", "value": 1.5, "error": 0.5}
    old |= {"n_blocks": 5, "well_determined": True}
    assert Estimate.from_dict(old) == Estimate(1.5, 0.5, 5)


def test_a_transport_result_written_before_the_split_reads_back(md_result):
    result = md_result(500.0, 1e-3, seed=1, tau_ps=10.0)
    old = _as_written_before_the_split(json.loads(json.dumps(result.as_dict())))
    assert old["sigma_S_per_cm"]["@module"] == OLD_MODULE
    assert TransportResult.from_dict(old) == result


def test_npt_lattice_parameters_and_unwrapping_with_a_changing_cell():
    rng = np.random.default_rng(11)
    lengths = np.array([8.0, 9.0, 10.0]) * (1 + 0.01 * rng.normal(size=(200, 3)))
    cells = np.array([np.diag(row) for row in lengths])
    a, b, c = lattice_parameters(cells, n_blocks=5)
    for estimate, true in zip((a, b, c), (8.0, 9.0, 10.0), strict=True):
        assert abs(estimate.value - true) < 3 * estimate.error + 1e-9
    # an atom fixed in fractional coordinates 0.99 → wrapped to 0.01 by a shrinking cell
    frac = np.where(np.arange(200)[:, None] < 100, 0.99, 1.01)[:, :, None] * np.ones((1, 1, 3))
    wrapped = np.einsum("taj,tjk->tak", frac % 1.0, cells)
    assert np.allclose(unwrap(wrapped, cells), np.einsum("taj,tjk->tak", frac, cells))
