"""hydrion.bundled_yaml: the one reader of the YAML files shipped in the package."""

import re
from pathlib import Path

import pytest
import yaml

import hydrion
from hydrion.bundled_yaml import YAML_LOADER, bundled_yaml, parse_yaml

SRC = Path(hydrion.__file__).parent
BUNDLED = sorted(p for p in SRC.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def test_the_c_loader_is_used_where_pyyaml_has_it():
    assert YAML_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(SRC)))
def test_every_bundled_file_reads_as_the_pure_python_safe_loader_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_bundled_yaml_reads_a_file_of_a_package():
    limits = bundled_yaml("hydrion.transport.data", "thermal_limits.yaml")
    assert isinstance(limits, list) and all("material" in entry for entry in limits)


def test_no_module_parses_yaml_its_own_way():
    # bundled files through bundled_yaml, a user's files through user_yaml (its strict rules)
    own_way = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load)\(|CSafeLoader")
    found = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name not in ("bundled_yaml.py", "user_yaml.py")
        and own_way.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
