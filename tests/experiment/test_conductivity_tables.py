"""Readers of (T, σ) tables, on small files written by the tests."""

import numpy as np
import pytest

from hydrion.errors import FileFormatError, InputError, UnitError
from hydrion.experiment.conductivity_tables import read_conductivity_table


def test_conductivity_table_units(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("T (°C),sigma [mS/cm],direction\n30,0.01,heating\n60,0.1,cooling\n")
    table = read_conductivity_table(path)
    assert np.allclose(table.temperature_K, [303.15, 333.15])
    assert np.allclose(table.sigma_S_per_cm, [1e-5, 1e-4])
    assert table.direction == ("heating", "cooling")
    path.write_text("T_K,log10_sigma_S_per_cm\n300,-5\n350,-4\n")
    assert np.allclose(read_conductivity_table(path).sigma_S_per_cm, [1e-5, 1e-4])


@pytest.mark.parametrize(
    "content, error",
    [
        ("T,sigma_S_per_cm\n300,1e-5\n", UnitError),  # no unit on T
        ("T_K,sigma_S_per_cm\n30,1e-5\n60,1e-4\n", UnitError),  # °C written as K
        ("T_C,sigma_V\n30,1e-5\n", UnitError),  # not a conductivity unit
        ("T_C,sigma_S_per_m\n30,2000\n", UnitError),  # implausible σ
        ("T_C,sigma_S_per_cm\n30,-5\n", InputError),  # log σ without saying so
        ("x,y\n1,2\n", FileFormatError),
    ],
)
def test_conductivity_table_refusals(tmp_path, content, error):
    path = tmp_path / "a.csv"
    path.write_text(content)
    with pytest.raises(error):
        read_conductivity_table(path)


def test_old_import_path_reads_the_same(tmp_path):
    from hydrion.experiment import conductivity_tables, readers

    assert readers.read_conductivity_table is conductivity_tables.read_conductivity_table
    assert readers.ConductivityTable is conductivity_tables.ConductivityTable
    with pytest.raises(AttributeError):
        readers.no_such_reader  # noqa: B018
