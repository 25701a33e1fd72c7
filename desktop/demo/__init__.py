"""Realistic Vietnamese synthetic data for demos, tests and benchmarks (`caseline seed-demo`).

Nothing here is about real people: names, phones and stories are drawn from a seeded
random generator, so the same seed gives the same data.
"""

from __future__ import annotations

from desktop.demo.seed import SeedSummary, seed_demo

__all__ = ["SeedSummary", "seed_demo"]
