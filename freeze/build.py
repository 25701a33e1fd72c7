"""`make dist`: build the desk folder with PyInstaller (build.spec) and time it.

Runs PyInstaller from this interpreter (the project's .venv), so no system PySide6 is
picked up, and writes the build time next to the folder for `make dist-test`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
FOLDER = DIST / f"caseline-{__version__}"
BUILD_INFO = DIST / f"caseline-{__version__}.build.json"


def build() -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "build.spec")],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    return time.monotonic() - started


def main() -> int:
    seconds = build()
    BUILD_INFO.write_text(json.dumps({"version": __version__, "build_seconds": round(seconds, 1)}))
    print(f"built {FOLDER.relative_to(ROOT)} in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
