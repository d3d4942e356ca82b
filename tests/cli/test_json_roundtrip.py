"""Every command's ``--json`` is one :class:`hydrion.results.Result` that reads back.

The commands are discovered from the typer app (every command with a ``--json`` option), so a
new command must either print a Result or fail here. Each runs on a small valid input; its
output names its class in ``@class``, and ``Class.from_dict(json.loads(stdout))`` must give
back the same JSON.
"""

from __future__ import annotations

import json

import pytest

from hydrion.cli.main import COMMANDS, load_command
from hydrion.cli.output import to_jsonable
from hydrion.errors import InputError
from hydrion.results import RESULT_CLASSES


def _json_commands() -> list[str]:
    found = []

    def walk(command, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        if any("--json" in getattr(p, "opts", ()) for p in command.params):
            found.append(" ".join(path))

    for name in COMMANDS:
        walk(load_command(name), (name,))
    return found


#: temperatures of the synthetic trajectories `md analyse` reads (three: its Arrhenius fits run)
WALK_TEMPERATURES_K = (500, 600, 700)

#: a small valid input for each command (``{shared}`` is ../shared, ``{tmp}`` a temp folder)
ARGV = {
    "report": ["--out", "{tmp}/report"],
    "cite": ["LiBH4"],
    "sigma": ["LiBH4", "--T", "120 C"],
    "eis": [
        "{shared}/cases/lab-files/F4_latp_li_inductive_tail.csv",
        *("--thickness", "1 mm", "--area", "1 cm2"),
    ],
    "electrode": ["MgH2", "--cathode", "TiS2"],
    "window": ["LiBH4"],
    "compat": ["LiBH4", "LiCoO2"],
    "cv": ["{shared}/corpus/cv/yadg__cv.mpt", "--area", "1 cm2"],
    "cycling": ["{shared}/corpus/cycling/cellpy__pec.csv", "--mass", "1 g"],
    "predict": None,  # MLIP MD on a Dask cluster: its Result is built from made-up data below
    "db list": [],
    "db show": ["LiBH4"],
    "db query": ["--sigma-min", "1 mS/cm", "--window-min", "4 V"],
    "db add": ["{tests}/kb/data/user_material.yaml"],
    "arrhenius fit": ["{shared}/cases/inputs/13_sigma_law.csv"],
    "cell design": [
        *("--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "--temperature", "120 C")
    ],
    "cell simulate": ["--review", "tis2-libh4"],
    "md run": [
        "libh4-p63mc",
        *("-T", "300K", "--time", "20fs", "--timestep", "1fs", "--save-every", "10"),
        *("--atoms", "12", "--model", "lennard-jones", "--out", "{tmp}/md"),
    ],  # with a Lennard-Jones calculator put in the MLIP's place (see _md_without_an_mlip)
    "md analyse": [
        *(f"{{tmp}}/walk-{T}K.extxyz" for T in WALK_TEMPERATURES_K),
        *("--estimator", "blocks"),  # kinisi's Bayesian sampling takes half a minute
    ],
}

#: commands that take minutes on the 2-core CI machine (run by `pytest -m slow`)
SLOW = {"report"}  # builds the whole HTML report with its figures

COMMAND_NAMES = _json_commands()


def test_every_json_command_has_an_input_here():
    assert sorted(COMMAND_NAMES) == sorted(ARGV)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(
            c,
            marks=[pytest.mark.slow] * (c in SLOW),
        )
        for c in COMMAND_NAMES
    ],
)
def test_json_output_reads_back_with_its_class(
    command, run_cli, shared_dir, tmp_path, user_db, request
):
    from pathlib import Path

    if ARGV[command] is None:
        pytest.skip("needs MLIP molecular dynamics on a Dask cluster; see the test below")
    if command.startswith("md "):
        _md_without_an_mlip(request, tmp_path)
    places = {
        "shared": str(shared_dir),
        "tmp": str(tmp_path),
        "tests": str(Path(__file__).parents[1]),
    }
    argv = [a.format(**places) for a in ARGV[command]]
    code, out, err = run_cli(*command.split(), *argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict) and "@class" in data, f"{command}: --json is not a Result"
    [cls] = [
        c
        for c in RESULT_CLASSES
        if c.__name__ == data["@class"] and c.__module__ == data.get("@module")
    ]
    back = cls.from_dict(data)
    if command == "md analyse":  # three diffusive runs: the σ(T) fit is part of the Result
        assert back.arrhenius is not None and all(run.diffusive for run in back.runs)
    # derived values are recomputed from fields printed at 12 digits: equal to ~1e-11
    assert _close(json.loads(json.dumps(to_jsonable(back.as_dict()))), data)


def test_electrode_fig10_json_reads_back(run_cli, tmp_path):
    from hydrion.electrode.fig10 import Fig10Result

    target = tmp_path / "fig10.png"
    code, out, err = run_cli("electrode", "--fig10", str(target), "--add", "K3AlH6", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["@module"], data["@class"]) == ("hydrion.electrode.fig10", "Fig10Result")
    back = Fig10Result.from_dict(data)
    assert back.figure == str(target) and back.ion == "Li" and len(back.points) >= 4
    assert any("K3AlH6" in message for message in back.skipped)  # no bundled density
    assert _close(json.loads(json.dumps(to_jsonable(back.as_dict()))), data)


def _close(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_close, a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9)
    return a == b


def _md_without_an_mlip(request, tmp_path) -> None:
    """What `md run` and `md analyse` need, without a machine-learned potential: a
    Lennard-Jones calculator (ASE) in place of the MLIP, and Li random walks at three
    temperatures with D(T) Arrhenius-like, written as `md run` writes trajectories."""
    pytest.importorskip("ase", reason="the atomistic extra (ASE) is not installed")
    pytest.importorskip("torch", reason="the atomistic extra (torch) is not installed")
    import numpy as np
    from ase import Atoms
    from ase.calculators.lj import LennardJones
    from ase.io import write

    from hydrion.atomistic.potentials import ModelInfo

    info = ModelInfo("lennard-jones", "ase", "test", "none", None, "cpu")
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setattr(
        "hydrion.atomistic.potentials.load_calculator",
        lambda *args, **kwargs: (LennardJones(sigma=2.0, epsilon=0.001, rc=4.0), info),
    )
    rng = np.random.default_rng(0)
    frames, n_li, box, frame_fs = 200, 16, 8.0, 100.0
    for T in WALK_TEMPERATURES_K:
        D_cm2_per_s = 1e-2 * np.exp(-0.3 / (8.617e-5 * T))  # made up: Ea = 0.3 eV
        step = np.sqrt(2 * D_cm2_per_s * 1e4 * frame_fs / 1000)  # Å per axis per frame
        walk = rng.uniform(0, box, (n_li, 3)) + np.cumsum(
            rng.normal(0, step, (frames, n_li, 3)), axis=0
        )
        path = tmp_path / f"walk-{T}K.extxyz"
        cells = [Atoms("Li" * n_li, positions=p % box, cell=[box] * 3, pbc=True) for p in walk]
        write(path, cells, format="extxyz")
        settings = {"temperature_K": float(T), "seed": 0, "production_steps": frames}
        meta = {
            "settings": {**settings, "timestep_fs": frame_fs / 20, "save_every": 20},
            "frame_interval_fs": frame_fs,
            "model": info.as_dict(),
            "structure": {},
            "formula": "Li",
            "frames_written": frames,
        }
        path.with_name(path.name + ".json").write_text(json.dumps(meta))


def test_predict_report_reads_back():
    """`predict --json` prints a PredictionReport; built here from made-up runs (the real one
    needs MLIP molecular dynamics on a Dask cluster)."""
    from hydrion.atomistic.reports import PredictionReport
    from hydrion.atomistic.screening import ScreenResult

    model = {"model": "sevennet-0", "backend": "sevenn", "backend_version": "0.10"}
    report = PredictionReport(
        (
            ScreenResult("libh4", ("a.extxyz", "b.extxyz"), "libh4-md-1", True, (), "", model),
            ScreenResult("li0.75na0.25bh4", ("c.extxyz",), None, False, ("run c: killed",)),
        )
    )
    data = json.loads(json.dumps(to_jsonable(report.as_dict())))
    assert data["label"] == "predicted by MD, not measured"
    assert PredictionReport.from_dict(data) == report


def test_report_summary_reads_back_with_its_failures():
    """`report --json` prints a ReportResult (the real one is built in the slow run above)."""
    from pathlib import Path

    from hydrion.report.builder import ReportResult

    report = ReportResult(
        Path("out/index.html"),
        ["knowledge-base", "stability"],
        {"transport": "no conductivity law for LiBH4"},
        [Path("out/figures/kb-sigma.png")],
    )
    data = json.loads(json.dumps(to_jsonable(report.as_dict())))
    assert (data["status"], data["figure_count"]) == ("failed sections", 1)
    assert ReportResult.from_dict(data) == report
    data["status"] = "complete"  # a derived value that disagrees with the fields is refused
    with pytest.raises(InputError, match="status"):
        ReportResult.from_dict(data)
