"""tests/security reuses the real-server fixtures of tests/e2e (`central`, `backend`,
`pg_databases`): a real central on 127.0.0.1 over an SQLite file or PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from sync_fixtures import *  # noqa: E402,F403
