"""The metadata sidecar of an MD trajectory (hydrion.atomistic.sidecar.read_metadata): its refusal
points to its documentation, and the documented example is one hydrion reads."""

import json
import re
from pathlib import Path

import pytest

from hydrion.atomistic.sidecar import read_metadata
from hydrion.errors import InputError

DOC = Path(__file__).parents[2] / "docs" / "atomistic.md"
SECTION = "The metadata sidecar"


def test_a_missing_sidecar_is_named_with_where_its_format_is_documented(tmp_path):
    trajectory = tmp_path / "walk.extxyz"
    trajectory.write_text("")
    with pytest.raises(InputError) as caught:
        read_metadata(trajectory)
    message = str(caught.value)
    assert "no metadata file walk.extxyz.json next to it" in message
    assert f"docs/atomistic.md, '{SECTION}'" in message and "\n" not in message
    assert f"### {SECTION} (`<trajectory>.json`)" in DOC.read_text(encoding="utf-8")


def test_the_documented_example_sidecar_is_read(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(f"### {SECTION}") :]
    example = re.search(r"```json\n(.*?)```", section, re.DOTALL).group(1)
    trajectory = tmp_path / "walk.extxyz"
    trajectory.with_name("walk.extxyz.json").write_text(example)
    meta = read_metadata(trajectory)
    assert meta == json.loads(example)
    assert meta["frame_interval_fs"] == 100.0 and meta["settings"]["temperature_K"] == 600.0
