"""The state every part of a Workspace shares: store, user, desk identity, audit."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections import Counter
from collections.abc import Callable
from typing import Any

from desktop.db import audit, connection, repository
from desktop.db.repository import Actor
from desktop.db.store import Store
from desktop.domain import permissions
from desktop.services import errors
from desktop.services.types import Saved, UserInfo


def _translated(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except connection.DatabaseError as exc:
            error = connection.store_error_for(exc)
            if error is None:
                raise
            raise error from exc

    return call


def reports_changes(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A write method returning `Saved`: fill its `changed` with the entity names of every
    record the call wrote (counted by the repository as each write reaches the outbox)."""

    @functools.wraps(fn)
    def call(self: WorkspaceBase, *args: Any, **kwargs: Any) -> Any:
        before = self._writes.copy()
        result = fn(self, *args, **kwargs)
        if isinstance(result, Saved):
            wrote = frozenset(e for e, n in self._writes.items() if n > before.get(e, 0))
            result = dataclasses.replace(result, changed=wrote)
        return result

    return call


def store_errors_as_user_errors(cls: type) -> type:
    """Wrap every public method so a damaged file or a full disk met mid-operation is a
    StoreError with the way out (restore from a backup), not a traceback."""
    for klass in cls.__mro__:
        for name, member in vars(klass).items():
            if name.startswith("_") or name in vars(cls) and klass is not cls:
                continue
            if isinstance(member, classmethod | staticmethod):
                kind = type(member)
                setattr(cls, name, kind(_translated(member.__func__)))
            elif inspect.isfunction(member):
                setattr(cls, name, _translated(member))
    return cls


class WorkspaceBase:
    """Fields and helpers shared by the Workspace parts (one thread only)."""

    store: Store
    data_dir: Any
    user: UserInfo
    province_code: str
    centre_name: str
    # Set while a batch runs: nothing else writes the setting inside one transaction.
    _batch_device_code: str | None = None
    # Records written through this workspace, by entity name (see `take_changes`).
    _writes: Counter[str]

    def take_changes(self) -> frozenset[str]:
        """The entity names of the records written since the last call (the UI's DB worker
        asks after each operation, to refresh the lists showing them)."""
        wrote = frozenset(e for e, n in self._writes.items() if n)
        self._writes.clear()
        return wrote

    @property
    def device_code(self) -> str:
        """This desk's code in new numbers (drawn at init; central may replace it at
        enrolment, numbers already issued never change)."""
        if self._batch_device_code is not None:
            return self._batch_device_code
        return str(self.store.get_setting("device_code", ""))

    @property
    def conn(self) -> connection.Connection:
        """The open SQLCipher connection (used on the DB worker thread only). StoreError
        when the workspace is closed."""
        if self.store is None or self.store.closed:
            raise errors.closed_workspace()
        return self.store.conn

    @property
    def actor(self) -> Actor:
        """Who writes: this user on this desk (username, device code, province code)."""
        return Actor(self.user.username, self.device_code, self.province_code, self._writes)

    @property
    def role(self) -> str:
        """This user's role ("intake" | "caseworker" | "manager" | "admin")."""
        return self.user.role

    def _require(self, action: str, assigned_to: str | None = None) -> None:
        permissions.require(
            self.user.role, action, username=self.user.username, assigned_to=assigned_to
        )

    def _can(self, action: str, assigned_to: str | None = None) -> bool:
        return permissions.can(
            self.user.role, action, username=self.user.username, assigned_to=assigned_to
        )

    def _audit(
        self,
        action: str,
        entity: str = "",
        record_id: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """One audit event in the current transaction (or its own)."""
        with self.store.transaction() as conn:
            audit.append(
                conn,
                username=self.user.username,
                device=self.device_code,
                action=action,
                entity=entity,
                record_id=record_id,
                detail=detail,
            )

    def record_event(
        self, action: str, entity: str = "", record_id: str = "", **detail: Any
    ) -> None:
        """Audit something done outside the store (print, export): no names in `detail`."""
        self._audit(action, entity, record_id, detail or None)

    def _find(self, entity: str, id_or_number: str, what: tuple[str, str]) -> dict[str, Any]:
        key = str(id_or_number).strip()
        record = repository.get(self.conn, entity, key)
        if record is None and entity in ("contact", "case"):
            record = repository.get_by_number(self.conn, entity, key.upper())
        if record is None or record.get("deleted"):
            raise errors.not_found(what[0], what[1], key)
        return record
