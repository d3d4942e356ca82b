"""Benchmark: synthetic pellet spectra through the default fit, and ``hydrion eis FILE``.

1. 100 spectra of R0-p(R1,CPE1)-CPE2 through the default fit (one/two arcs, ± lead inductance,
   chosen by BIC): time per spectrum and error in R_bulk, noiseless and with 1 % noise.
   Target (issue 4): under 200 ms per spectrum, R_bulk within 1 % on noiseless data.
   Spectra: 40 frequencies from 10 MHz to 0.1 Hz, σ from 1e-7 to 1e-5 S/cm in a 1 mm,
   0.785 cm² pellet, bulk CPE Q 0.5–5e-11, α 0.85–0.98, electrode CPE 1–5e-6, α 0.75–0.9.
2. Wall time of the command ``hydrion eis FILE`` (start-up included) on a typical file: a
   60-point CSV with 1 % noise written here, and the EC-Lab .mpt of a LAGP cell from
   ../shared/corpus where present. Target (issue 9): under 1.5 s.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum

L_CM, A_CM2 = 0.1, 0.785
FREQUENCIES = np.logspace(7, -1, 40)


def main(count: int = 100, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for noise in (0.0, 0.01):
        errors, times = [], []
        for index in range(count):
            sigma = 10 ** rng.uniform(-7, -5)
            R_bulk = L_CM / (sigma * A_CM2)
            params = [
                rng.uniform(1, 50),
                R_bulk,
                rng.uniform(0.5e-11, 5e-11),
                rng.uniform(0.85, 0.98),
                rng.uniform(1e-6, 5e-6),
                rng.uniform(0.75, 0.9),
            ]
            spectrum = synthetic_spectrum(params, FREQUENCIES, noise=noise, seed=index)
            start = time.perf_counter()
            result = fit_spectrum(spectrum, L_CM, A_CM2)
            times.append(time.perf_counter() - start)
            errors.append(abs(result.R_bulk_ohm / R_bulk - 1))
        errors = np.array(errors)
        print(
            f"noise {100 * noise:.0f} %: {count} spectra, time per spectrum "
            f"{1e3 * np.mean(times):.1f} ms (max {1e3 * np.max(times):.1f}; target < 200 ms); "
            f"|R_bulk error| median {100 * np.median(errors):.2g} %, max "
            f"{100 * errors.max():.2g} % (target < 1 % noiseless); "
            f"within 1 %: {(errors < 0.01).sum()}/{count}"
        )


def command_times(path: Path, repeat: int = 3) -> tuple[float, float]:
    """Median wall time and CPU time (user + system, s) of ``hydrion eis path`` in a fresh
    process; the CPU time does not depend on what else the machine runs."""
    command = [shutil.which("hydrion") or "hydrion", "eis", str(path)]
    command += ["--thickness", "1 mm", "--area", "0.785 cm2"]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main_cli() -> None:
    params = [15.0, 1.3e4, 2e-11, 0.92, 2e-6, 0.85]
    spectrum = synthetic_spectrum(params, np.logspace(7, -1, 60), noise=0.01, seed=1)
    files = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pellet.csv"
        rows = [
            f"{f:.8e},{z.real:.8e},{z.imag:.8e}"
            for f, z in zip(spectrum.frequency_Hz, spectrum.impedance_ohm, strict=True)
        ]
        path.write_text("f,Z',Z''\n" + "\n".join(rows) + "\n")
        files.append(("synthetic 60-point CSV", *command_times(path)))
    corpus = Path(__file__).resolve().parents[2] / "shared/corpus/eis"
    mpt = corpus / "m0l0t0ph-thesis__LAGP_Korrosion_04_PEIS_C02.mpt"
    if mpt.exists():
        files.append(("EC-Lab .mpt, LAGP cell (37 points)", *command_times(mpt)))
    for label, wall, cpu in files:
        print(
            f"hydrion eis on {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
            "medians of 3 (target < 1.5 s wall)"
        )


if __name__ == "__main__":
    main()
    main_cli()
