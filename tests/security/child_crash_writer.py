"""Child process for the crash loop: saves contacts as fast as it can and syncs every few
saves, until it is SIGKILLed. After each save RETURNS it prints `saved TAG`, flushed, so
the parent knows exactly which saves were acknowledged before the kill."""

from __future__ import annotations

import sys
from pathlib import Path

from sec_support import INTAKE, contact_data, open_as

from desktop.errors import SyncError
from desktop.sync.engine import SyncEngine


def main(data_dir: Path, round_no: int, sync_every: int) -> None:
    ws = open_as(data_dir, INTAKE)
    engine = SyncEngine(run_db=lambda fn: fn(ws))
    print("ready", flush=True)
    for n in range(1_000_000):
        tag = f"R{round_no:03d}N{n:04d}"
        ws.record_contact(contact_data(child=f"Trẻ {tag}"))
        print(f"saved {tag}", flush=True)
        if n % sync_every == sync_every - 1:
            try:
                engine.sync_once()
            except SyncError as error:
                print(f"sync failed {error.kind}", flush=True)
            print("synced", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
