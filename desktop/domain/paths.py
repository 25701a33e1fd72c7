"""Where Caseline's bundled resources live: in the source tree, an installed package, or a
PyInstaller bundle (`sys._MEIPASS`). Everyone finds resources through `resources_dir()`."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_MARKER = "taxonomy"  # a sub-folder every resources directory has


@cache
def resources_dir() -> Path:
    """The `resources/` folder. Env `CASELINE_RESOURCES_DIR` overrides (for packagers)."""
    for candidate in _candidates():
        if (candidate / _MARKER).is_dir():
            return candidate
    raise FileNotFoundError("Caseline resources folder not found")


def resource_path(*parts: str) -> Path:
    """A file inside the resources folder, e.g. `resource_path("taxonomy", "taxonomy.json")`."""
    return resources_dir().joinpath(*parts)


def _candidates() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get("CASELINE_RESOURCES_DIR")
    if override:
        found.append(Path(override))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve()
    found.append(here.parents[2] / "resources")  # source checkout: <repo>/resources
    found.append(here.parents[1] / "resources")  # packaged inside desktop/
    found.append(Path(sys.prefix) / "share" / "caseline" / "resources")
    return found
