"""The model-checked sync in `make test`: a few short random runs of `sync_model.SyncModel`
(two or three real desks, a real central on 127.0.0.1, dropped requests and replies,
killed desks) on SQLite and, shorter, on PostgreSQL.

`make soak` runs the same test long: CASELINE_SOAK_STEPS (default 2,000) steps or more,
then prints its figures (docs/security.md keeps the last ones)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from sync_model import FIGURES, SyncModel

BOUNDS = {"sqlite": (8, 40, 3), "postgres": (3, 40, 2)}  # examples, steps each, desks
SOAK = (10, 50, 3)


def _db_url_factory(backend: str, request: pytest.FixtureRequest):
    if backend == "postgres":
        databases = request.getfixturevalue("pg_databases")
        return lambda _folder: databases.fresh()
    return lambda folder: f"sqlite:///{folder / 'central.db'}"


def test_every_saved_edit_ends_everywhere_or_in_a_conflict_never_gone_never_twice(backend, request):
    soak_steps = int(os.environ.get("CASELINE_SOAK_STEPS") or 0)
    examples, steps, desks = SOAK if soak_steps else BOUNDS[backend]
    FIGURES.reset()
    SyncModel.configure(_db_url_factory(backend, request), desks)
    while True:
        run_state_machine_as_test(
            SyncModel,
            settings=settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                database=None,
                # real networks and processes: a failing run is reported as it happened,
                # never replayed or shrunk (timing differs from one run to the next)
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            ),
        )
        if FIGURES.steps >= soak_steps:
            break
    print(f"\nsync model ({backend}): " + json.dumps(FIGURES.as_dict(), ensure_ascii=False))
    assert FIGURES.lost == FIGURES.duplicated == FIGURES.diverged == 0
    assert FIGURES.syncs and FIGURES.edits  # it did exercise sync
