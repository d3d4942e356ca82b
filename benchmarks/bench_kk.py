"""Benchmark: the Lin-KK test (hydrion.experiment.eis_checks.kramers_kronig) per spectrum.

Prints wall and CPU time per test for 50, 100 and 400 frequencies (1 MHz – 0.1 Hz) of a
blocking-electrode spectrum R-(R‖CPE)-CPE, and the verdicts on noise-free, 0.5 %-noise and
20 %-drift versions. Each test makes 3 × 49 small least-squares fits; NumPy's threaded BLAS
is slow for them on a loaded machine, so run with OPENBLAS_NUM_THREADS=1 to compare.
"""

from __future__ import annotations

import time

import numpy as np

from hydrion.experiment.eis import synthetic_spectrum
from hydrion.experiment.eis_checks import kramers_kronig

CIRCUIT = "R0-p(R1,CPE1)-CPE2"
PARAMETERS = [10.0, 1.27e6, 1e-11, 0.95, 5e-7, 0.9]


def main() -> None:
    for n in (50, 100, 400):
        f = np.logspace(6, -1, n)
        clean = synthetic_spectrum(PARAMETERS, f, CIRCUIT).impedance_ohm
        noisy = synthetic_spectrum(PARAMETERS, f, CIRCUIT, noise=0.005, seed=1).impedance_ohm
        drifting = clean * np.linspace(1.0, 1.2, n)
        row = [f"{n:4d} points:"]
        for name, Z in (("clean", clean), ("0.5 % noise", noisy), ("20 % drift", drifting)):
            wall, cpu = time.perf_counter(), time.process_time()
            result = kramers_kronig(f, Z)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            verdict = "pass" if result.passed else "fail"
            row.append(
                f"{name} {verdict} ({100 * result.residual_rms:.3f} %, M={result.M}) "
                f"{1e3 * wall:.0f} ms wall / {1e3 * cpu:.0f} ms CPU;"
            )
        print(" ".join(row))


if __name__ == "__main__":
    main()
