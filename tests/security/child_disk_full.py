"""Child process for the disk-full test: saves contacts under a file-size limit (RLIMIT_FSIZE,
SIGXFSZ ignored, so writes fail with EFBIG like a full disk), then lifts the limit as if
space were freed and saves once more. Prints one JSON line per event, flushed."""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

from sec_support import INTAKE, contact_data, open_as

from desktop.errors import StoreError


def say(**event: object) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main(data_dir: Path, headroom: int) -> None:
    ws = open_as(data_dir, INTAKE)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = max(f.stat().st_size for f in data_dir.iterdir()) + headroom
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    saved = 0
    try:
        for n in range(10_000):
            data = contact_data(child=f"Trẻ số {n}")
            data["summary"] += " Người gọi kể lại." * 120  # ~2 KB a contact: fills sooner
            ws.record_contact(data)
            saved += 1
            say(saved=saved)
    except StoreError as error:
        say(error_vi=error.message_vi, error_en=error.message_en)
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    ws.record_contact(contact_data(child="Trẻ sau khi dọn ổ đĩa"))
    say(saved=saved + 1, after_space_freed=True)
    ws.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
