"""Speed of hydrion's MD loop: atom-steps per second and memory, per model and cell size.

Runs Langevin NVT (ASE loop, hydrion.atomistic.md settings) on LiBH4 P63mc supercells after
a warm-up, on the device given (auto: CUDA where present). Prints one line per model × size:
atoms, steps, wall time, atom-steps/s, peak resident memory (CPU) or peak allocated GPU memory.

    python benchmarks/bench_md.py [--models sevennet-0,chgnet] [--atoms 12,48,96] [--steps 10]
                                  [--device auto] [--threads N]

``--threads`` sets torch's CPU threads (default: one per core); on a busy machine 1 thread
can be several times faster (idle pool threads spin against the other jobs).

The GPU batched path (all temperatures and replicas as one system through torch-sim) is not
implemented yet; its figures are still to be measured.
"""

from __future__ import annotations

import argparse
import resource
import time

from ase import units
from ase.constraints import FixCom
from ase.md.langevin import Langevin
from ase.md.velocitydistribution import thermalize_momenta
from pymatgen.io.ase import AseAtomsAdaptor

from hydrion.atomistic.md_settings import DEFAULT_FRICTION_PER_FS, DEFAULT_TIMESTEP_FS
from hydrion.atomistic.potentials import load_calculator
from hydrion.atomistic.structures import structure_entry, supercell_to

WARMUP_STEPS = 2


def _peak_memory_MiB(device: str) -> float:
    if device == "cuda":
        import torch

        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(model: str, n_atoms: int, steps: int, device: str, threads: int | None) -> dict:
    import numpy as np

    calc, info = load_calculator(model, device, threads=threads)
    cell = supercell_to(structure_entry("libh4-p63mc").build(), n_atoms)
    atoms = AseAtomsAdaptor.get_atoms(cell)
    atoms.calc = calc
    atoms.set_constraint(FixCom())  # as hydrion.atomistic.md.run_md
    rng = np.random.default_rng(0)
    thermalize_momenta(atoms, temperature_K=500, rng=rng)
    dyn = Langevin(
        atoms,
        DEFAULT_TIMESTEP_FS * units.fs,
        temperature_K=500,
        friction=DEFAULT_FRICTION_PER_FS / units.fs,
        fixcm=False,
        rng=rng,
    )
    dyn.run(WARMUP_STEPS)
    start = time.perf_counter()
    dyn.run(steps)
    wall = time.perf_counter() - start
    return {
        "model": info.model,
        "device": info.device,
        "atoms": len(atoms),
        "steps": steps,
        "wall_s": wall,
        "atom_steps_per_s": len(atoms) * steps / wall,
        "peak_memory_MiB": _peak_memory_MiB(info.device),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="sevennet-0,chgnet")
    parser.add_argument("--atoms", default="12,48,96")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    print("model          device atoms steps  wall_s  atom-steps/s  peak_MiB")
    for model in args.models.split(","):
        for n in (int(a) for a in args.atoms.split(",")):
            r = bench(model, n, args.steps, args.device, args.threads)
            print(
                f"{r['model']:<14} {r['device']:<6} {r['atoms']:>5} {r['steps']:>5} "
                f"{r['wall_s']:>7.1f} {r['atom_steps_per_s']:>13.1f} {r['peak_memory_MiB']:>9.0f}"
            )


if __name__ == "__main__":
    main()
