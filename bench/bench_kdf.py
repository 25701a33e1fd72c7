"""Key-slot KDF cost and what it means for an offline brute force (docs/security.md).

Measures one unwrap try (scrypt at the production parameters + AES-GCM) on this machine,
then prints how long guessing would take for a few password shapes, for one core here and
for an attacker with a rig 1,000× faster. `python -m bench.bench_kdf`
"""

from __future__ import annotations

import os
import statistics
import time

from desktop.db import keys

PASSWORD_SPACES = (
    ("8 lower-case letters", 26**8),
    ("8 letters + digits, mixed case", 62**8),
    ("10 letters + digits, mixed case", 62**10),
    ("4 random Vietnamese words (7,000-word list)", 7000**4),
    ("recovery key (40 of 25 symbols)", 25**40),
)
RIG_SPEEDUP = 1000


def per_try_seconds(rounds: int = 7) -> float:
    os.environ.pop("CASELINE_TEST_FAST_KDF", None)
    slot = keys.KeySlot.seal(keys.USER_SLOT, "bench", "mat-khau-dung", keys.new_data_key())
    assert slot.params == keys.PRODUCTION_KDF
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        assert slot.open("mat-khau-sai") is None
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def human(seconds: float) -> str:
    for unit, size in (("years", 31_557_600), ("days", 86_400), ("hours", 3_600)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.3g} {unit}" if value < 1e6 else f"{value:.1e} {unit}"
    return f"{seconds:.1f} s"


def main() -> int:
    cost = per_try_seconds()
    params = keys.PRODUCTION_KDF
    memory_mib = 128 * params["n"] * params["r"] / 2**20
    print(f"scrypt n=2^{params['n'].bit_length() - 1} r={params['r']} p={params['p']}")
    print(f"one try: {cost * 1000:.0f} ms, {memory_mib:.0f} MiB of memory (median of 7)")
    print(f"{'password':<46} {'half the space, 1 core':>24} {'rig ×' + str(RIG_SPEEDUP):>16}")
    for label, space in PASSWORD_SPACES:
        half = space / 2 * cost
        print(f"{label:<46} {human(half):>24} {human(half / RIG_SPEEDUP):>16}")
    return 0 if cost >= 0.100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
