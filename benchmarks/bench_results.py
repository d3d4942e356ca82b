"""Benchmark: serialising results and reading them back (issue 12).

For a few real results (MgH2 electrode, LiBH4 windows, LiBH4 | LiCoO2 compatibility, σ of
LiBH4), prints the median time of ``as_dict()``, of ``from_dict()`` (first call, which builds
the class's pydantic validator, and later calls) and the JSON size.
"""

from __future__ import annotations

import json
import statistics
import time

from hydrion.electrode import analyse_electrode
from hydrion.kb import open_kb
from hydrion.stability.comparison import compare_windows
from hydrion.stability.compatibility import compatibility
from hydrion.stability.energies import energy_source
from hydrion.transport import conductivity_model


def _median_ms(call, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def main() -> None:
    kb = open_kb()
    results = {
        "electrode MgH2": analyse_electrode("MgH2"),
        "window LiBH4": compare_windows("LiBH4", kb),
        "compat LiBH4|LiCoO2": compatibility(
            kb.material("LiBH4"), kb.material("LiCoO2"), energy_source("gibbs298", None), kb=kb
        ),
        "sigma LiBH4 30 C": conductivity_model(kb.material("LiBH4")).sigma(303.15),
    }
    header = ("as_dict ms", "first from_dict ms", "from_dict ms", "JSON kB")
    print(f"{'result':<22}" + "".join(f"{h:>20}" for h in header))
    for name, result in results.items():
        data = json.loads(json.dumps(result.as_dict()))
        cls = type(result)
        start = time.perf_counter()
        back = cls.from_dict(data)
        first = 1e3 * (time.perf_counter() - start)
        assert json.dumps(back.as_dict()) == json.dumps(result.as_dict())  # round trip
        again = _median_ms(lambda cls=cls, data=data: cls.from_dict(data))
        figures = (_median_ms(result.as_dict), first, again, len(json.dumps(data)) / 1e3)
        print(f"{name:<22}" + "".join(f"{v:>20.2f}" for v in figures))


if __name__ == "__main__":
    main()
