"""A stranger without a token: THREADS threads that send pushes with made-up bearer tokens
to central as fast as central answers, until killed. Run as its own process by
test_security_starvation.py (the attacker is not on the test's interpreter lock).

usage: python junk_clients.py URL THREADS
"""

from __future__ import annotations

import secrets
import sys
import threading

import requests

from desktop import __version__
from desktop.sync import protocol as p


def hammer(url: str) -> None:
    session = requests.Session()
    body = {"ops": []}
    while True:
        headers = {
            "Authorization": f"Bearer {secrets.token_urlsafe(32)}",
            p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION),
            p.APP_VERSION_HEADER: __version__,
        }
        try:
            session.post(url + "/v1/sync/push", json=body, headers=headers, timeout=30)
        except requests.RequestException:
            pass


def main() -> None:
    url, threads = sys.argv[1], int(sys.argv[2])
    for _ in range(threads):
        threading.Thread(target=hammer, args=(url,), daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
