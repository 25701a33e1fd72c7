"""A desk syncing in its own process, printing progress as JSON lines so a test can
SIGKILL it at a chosen moment (python desk_child.py DATA_DIR USER PASSWORD [PUSH_BATCH])."""

from __future__ import annotations

import json
import sys

from desktop.services import Workspace
from desktop.sync import SyncEngine


def main() -> None:
    data_dir, user, password = sys.argv[1:4]
    ws = Workspace.open(data_dir, user, password)
    if len(sys.argv) > 4:  # a smaller push batch, so a kill can land between two batches
        from desktop.sync import engine as engine_module

        engine_module.PUSH_BATCH = int(sys.argv[4])
    engine = SyncEngine(lambda fn: fn(ws))

    def progress(value: float, phase: str) -> None:
        print(json.dumps({"phase": phase, "progress": value}), flush=True)

    result = engine.sync_once(progress=progress)
    print(json.dumps({"done": result.to_dict()}), flush=True)
    ws.close()


if __name__ == "__main__":
    main()
