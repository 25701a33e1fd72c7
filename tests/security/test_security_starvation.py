"""Central authenticates before it queues (issue 11): strangers with made-up tokens beside
real desks, all on 127.0.0.1, against a real central process.

Bounded: SLICES pairs of SLICE_S-second slices (about 20 s in all per backend). The figures
are printed (`-s`) and recorded in docs/security.md.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
import uuid

import requests
from sec_support import HERE, Api, audit_actions, child_env, op

DESKS = 6  # real desks pushing
JUNK_THREADS = 40  # the stranger's threads, in their own process
SLICES = 4  # alone/beside pairs
SLICE_S = 1.5
BATCH = 50  # ops per push


def _enrol(central, code: str) -> str:
    reply = Api(central.url, None).post(
        "/v1/devices/enroll", {"code": code, "device_code": "L" + uuid.uuid4().hex[:2].upper()}
    )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["token"])


def _desk_ops_per_second(central, tokens: list[str], seconds: float) -> float:
    """Every desk pushes batches of new contacts for `seconds`; applied ops per second."""
    done = [0] * len(tokens)
    stop = time.monotonic() + seconds

    def desk(i: int) -> None:
        api = Api(central.url, tokens[i])
        session = requests.Session()
        while time.monotonic() < stop:
            ops = [
                op(str(uuid.uuid4()), {"province_code": "48", "summary": "Tóm tắt."})
                for _ in range(BATCH)
            ]
            reply = session.post(
                api.base + "/v1/sync/push", json={"ops": ops}, headers=api.headers, timeout=30
            )
            if reply.status_code == 200:
                done[i] += sum(r["status"] == "applied" for r in reply.json()["results"])

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(len(tokens))]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def _wait_until_the_stranger_is_refused_in_bulk(central, timeout_s: float = 60.0) -> None:
    """The stranger's process is up and past the free allowance (the steady state a real
    flood is in), so its start-up is not counted against the desks."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        rows = [a for a in audit_actions(central.db_url) if a["action"] == "auth_refused"]
        if sum(a.get("count", 1) for a in rows) > 2 * JUNK_THREADS:
            return
        time.sleep(0.2)
    raise AssertionError("the junk clients never got going")


def test_strangers_with_bad_tokens_do_not_starve_real_desks(central_factory, tmp_path):
    central = central_factory(process=True)
    tokens = [_enrol(central, central.enrolment_code("48")) for _ in range(DESKS)]

    # The stranger runs in its own process, paused (SIGSTOP) and resumed (SIGCONT) so the
    # desks' "alone" and "beside" measurements alternate in short slices: the shared
    # machine's other load falls on both sides alike.
    junk = subprocess.Popen(
        [sys.executable, str(HERE / "junk_clients.py"), central.url, str(JUNK_THREADS)],
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    alone = beside = 0.0
    try:
        _wait_until_the_stranger_is_refused_in_bulk(central)
        for _ in range(SLICES):
            junk.send_signal(signal.SIGSTOP)
            alone += _desk_ops_per_second(central, tokens, SLICE_S) / SLICES
            junk.send_signal(signal.SIGCONT)
            beside += _desk_ops_per_second(central, tokens, SLICE_S) / SLICES
    finally:
        junk.kill()
        junk.wait(10)

    refusals = [a for a in audit_actions(central.db_url) if a["action"] == "auth_refused"]
    refused = sum(a.get("count", 1) for a in refusals)
    print(
        f"\n{DESKS} desks alone: {alone:.0f} ops/s; beside {JUNK_THREADS} junk threads: "
        f"{beside:.0f} ops/s ({beside / alone:.0%}); {refused} refusals in "
        f"{len(refusals)} audit rows"
    )
    # Before the token gate the desks kept 3 % (2,282 -> 71 ops/s). The bar is 80 %,
    # measured on a quiet machine and recorded in docs/security.md; in `make test` the
    # machine may be shared with other work that lands on one slice and not the other, so
    # the test holds the desks to a bar no starved central can reach but load cannot break.
    assert beside >= 0.5 * alone, (alone, beside)
    # One audit row per source and minute, with the count (the phase may cross a minute).
    assert refused > JUNK_THREADS
    assert len(refusals) <= 3
    assert {a["source"] for a in refusals} == {"127.0.0.1"}
