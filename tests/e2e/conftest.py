"""Cross-process sync tests: real central processes, real desks, a fault proxy."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_fixtures import *  # noqa: E402,F403
