"""Fixtures for sync tests: a real central per test (SQLite file or a fresh PostgreSQL
database) and real desks. Re-exported by tests/e2e/conftest.py and tests/central/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sync_harness import Central, Desk, PostgresDatabases, make_desk

__all__ = ["backend", "central", "central_factory", "desk_factory", "pg_databases"]


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases()
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def central_factory(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Central]]:
    started: list[Central] = []

    def make(*, process: bool = False, **env: Any) -> Central:
        if backend == "postgres":
            url = request.getfixturevalue("pg_databases").fresh()
        else:
            url = f"sqlite:///{tmp_path / f'central-{len(started)}.db'}"
        central = Central(url, tmp_path, process=process, **env).start()
        started.append(central)
        return central

    yield make
    for central in started:
        central.stop()


@pytest.fixture
def central(central_factory: Callable[..., Central]) -> Central:
    return central_factory()


@pytest.fixture
def desk_factory(tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    made: list[Desk] = []

    def make(central: Central, province: str = "48", **kw: Any) -> Desk:
        desk = make_desk(tmp_path / f"desk-{len(made)}", central, province, **kw)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()
