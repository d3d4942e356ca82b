"""Speed of the user database: open the knowledge base, add N materials + N cells, reopen.

Every stored record is validated again when the knowledge base opens, so reopening grows
with the user database; this prints by how much. Usage:
``python benchmarks/bench_user_db.py [N]`` (default 600).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_user_db_kill import write_batch

from hydrion.kb import open_kb


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    folder = Path(tempfile.mkdtemp(prefix="hydrion-db-"))
    try:
        db = folder / "user.sqlite"
        batch = write_batch(folder / "batch.yaml", n)
        start = time.perf_counter()
        kb = open_kb(db)
        opened = time.perf_counter()
        kb.add_file(batch)
        added = time.perf_counter()
        open_kb(db)
        reopened = time.perf_counter()
        size_kB = db.stat().st_size / 1024
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"open (curated only):          {1000 * (opened - start):7.0f} ms")
    print(f"db add {n} + {n} records:     {1000 * (added - opened):7.0f} ms")
    print(f"reopen with {2 * n} user records: {1000 * (reopened - added):7.0f} ms")
    print(f"database size:                {size_kB:7.0f} kB")


if __name__ == "__main__":
    main()
