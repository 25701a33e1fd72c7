"""Run every bench/bench_*.py module's `main()` in turn (`python -m bench`)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        name = f"bench.{path.stem}"
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(name)
        if not getattr(module, "RUN_BY_MAKE_BENCH", True):
            print(f"{name}: run on its own (see its docstring)")
            continue
        runner = getattr(module, "main", None)
        if runner is None:
            print(f"{name}: no main()")
            continue
        saved_argv = sys.argv
        sys.argv = [name]
        try:
            failures += 1 if runner() else 0
        except SystemExit as stop:
            failures += 1 if stop.code else 0
        finally:
            sys.argv = saved_argv
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
