"""Entry point of the frozen `caseline` and `caseline-gui` executables (see build.spec).

A frozen build has no Python interpreter, so `sys.executable -m MODULE ARGS` (how the demo
and the self-test start their embedded central server) would reach Caseline's own command
line. We answer that one form of the interpreter's command line here, for modules inside
the bundle; everything else is `caseline`'s command line.
"""

from __future__ import annotations

import runpy
import sys


def run_module_like_python(argv: list[str]) -> bool:
    """Run `-m MODULE ARGS` as `python -m` would; False when argv is not that form."""
    if len(argv) < 3 or argv[1] != "-m":
        return False
    module = argv[2]
    sys.argv = [argv[0], *argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True


def main() -> int:
    if getattr(sys, "frozen", False) and run_module_like_python(list(sys.argv)):
        return 0
    from desktop.cli import main as caseline

    return caseline()


if __name__ == "__main__":
    sys.exit(main())
