"""Benchmark: 100 synthetic pellet spectra through the default R0-p(R1,CPE1)-CPE2 fit.

Prints the time per spectrum and the error in R_bulk, noiseless and with 1 % noise.
Target (issue 4): under 200 ms per spectrum, R_bulk within 1 % on noiseless data.
Spectra: 40 frequencies from 10 MHz to 0.1 Hz, σ from 1e-7 to 1e-5 S/cm in a 1 mm,
0.785 cm² pellet, bulk CPE Q 0.5–5e-11, α 0.85–0.98, electrode CPE 1–5e-6, α 0.75–0.9.
"""

from __future__ import annotations

import time

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


if __name__ == "__main__":
    main()
