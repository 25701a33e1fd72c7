"""The model-checked sync (issue 10): a hypothesis state machine drives two or three real
desks (SQLCipher workspaces) and a real central server on 127.0.0.1 through random edits
of the same and of different fields, deletes, case openings and steps, syncs, and faults —
requests dropped before central reads them, replies dropped after central committed (both
by the fault proxy), desks killed mid-sync (a database step abandoned inside its
transaction, then the workspace opened again as a restarted process would).

After a final clean round it checks the rule: every edit a desk saved is in the final state
on every desk and on central, or in a stored conflict that shows it, or was seen by a
later edit that replaced it — never gone; and nothing twice: every record once, one number
per live record, one live case per contact, every desk's copy identical to central's.

Used by tests/e2e/test_sync_model.py: bounded in `make test`, long in `make soak`.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from sqlalchemy import select
from sync_harness import PASSWORD, Central, FaultProxy, contact, make_desk

from central.tables import records
from desktop.db import repository, sync_store
from desktop.domain import steps
from desktop.domain.records import CASE, CASE_ENTRY, CHILD, CONFLICT, CONTACT, SYNCED_ENTITIES
from desktop.errors import CaselineError, SyncError
from desktop.services import Workspace
from desktop.sync import SyncEngine
from desktop.sync.client import SyncClient

# Text fields edited with a unique value each time, so an edit is found again by value.
CHECKED = {CONTACT: ("summary", "caller_location"), CHILD: ("address_text", "school")}
FAULTS = ("none", "request", "reply", "kill")
ACTIONS = (  # the first is what hypothesis shrinks towards
    *["edit_contact"] * 4,
    *["sync"] * 4,
    "new_contact",
    "edit_child",
    "delete_contact",
    *["open_case"] * 2,
    *["case_step"] * 3,
)


class DeskKilled(BaseException):
    """The desk's process died in the middle of a database step (nothing of it committed)."""


@dataclass
class Edit:
    desk: int
    entity: str
    record_id: str
    field: str
    value: Any
    seen: Any  # the field's value on that desk just before the edit


@dataclass
class Figures:
    """What a run did and found (summed over examples; `make soak` prints them)."""

    examples: int = 0
    steps: int = 0
    edits: int = 0
    records_made: int = 0
    entries: int = 0
    case_moves: int = 0
    cases_opened: int = 0
    skipped: Counter = field(default_factory=Counter)  # steps with nothing to act on
    syncs: int = 0
    faults: Counter = field(default_factory=Counter)
    conflicts: int = 0
    duplicate_cases: int = 0
    lost: int = 0
    duplicated: int = 0
    diverged: int = 0  # records whose copy on a desk differs from central's
    seconds: float = 0.0

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["faults"] = dict(self.faults)
        out["skipped"] = dict(self.skipped)
        out["faults_total"] = sum(self.faults.values())
        out["seconds"] = round(self.seconds, 1)
        return out


FIGURES = Figures()


class World:
    """Central (SQLite file or a fresh PostgreSQL schema), desks, one fault proxy per desk."""

    def __init__(self, db_url_factory: Any, n_desks: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="caseline-model-"))
        self.central = Central(db_url_factory(self.folder), self.folder).start()
        self.proxies: list[FaultProxy] = []
        self.desks: list[Any] = []
        for i in range(n_desks):
            proxy = FaultProxy(self.central.port, seed=i)
            self.proxies.append(proxy)
            self.desks.append(make_desk(self.folder / f"desk-{i}", self.central))

    def close(self) -> None:
        for desk in self.desks:
            try:
                desk.ws.close()
            except Exception:  # closed by a kill already  # noqa: S110
                pass
        for proxy in self.proxies:
            proxy.close()
        self.central.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Plan:
    """Which request of a sync round fails, and how."""

    def __init__(self, kind: str, at: int) -> None:
        self.kind, self.at, self.calls, self.fired = kind, at, 0, False


def _client_factory(proxy: FaultProxy, plan: _Plan):
    def make(_url: str, token: str | None, ca: str | None) -> SyncClient:
        client = SyncClient(proxy.url, token, ca_file=ca, timeout=(2.0, 5.0))
        for name in ("push", "pull"):
            real = getattr(client, name)

            def faulty(*args: Any, _real: Any = real, **kw: Any) -> Any:
                plan.calls += 1
                if plan.calls == plan.at and plan.kind in ("request", "reply"):
                    plan.fired = True
                    if plan.kind == "request":
                        proxy.drop_next_request = True
                    else:
                        proxy.drop_next_reply = True
                return _real(*args, **kw)

            setattr(client, name, faulty)
        return client

    return make


class SyncModel(RuleBasedStateMachine):
    """Configured by `configure` before hypothesis builds it."""

    db_url_factory: Any = None
    n_desks = 2

    @classmethod
    def configure(cls, db_url_factory: Any, n_desks: int) -> None:
        cls.db_url_factory = staticmethod(db_url_factory)
        cls.n_desks = n_desks

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()
        self.world = World(self.db_url_factory, self.n_desks)
        self.edits: list[Edit] = []
        self.created: list[tuple[str, str]] = []  # (entity, id) made by some desk
        self.entry_texts: list[str] = []
        self.tags = itertools.count(1)
        FIGURES.examples += 1
        self._shared_start()

    def _shared_start(self) -> None:
        """Every desk starts with two contacts (with a child) and one case in common."""
        for _ in range(2):
            self.new_contact(0, True)
        self.open_case(0, 0)
        for desk in self.world.desks:
            desk.sync()

    # ------------------------------------------------------------------ helpers

    def _desk(self, i: int) -> Any:
        return self.world.desks[i % len(self.world.desks)]

    def _tag(self, desk: int, what: str) -> str:
        return f"{what} #{next(self.tags)} (bàn {desk})"

    def _pick(self, desk: Any, entity: str, n: int, where: str = "1") -> str | None:
        rows = desk.ws.store.conn.execute(
            f"SELECT id FROM {repository.table(entity)} WHERE {where} ORDER BY id"
        ).fetchall()
        return rows[n % len(rows)][0] if rows else None

    def _value(self, desk: Any, entity: str, rid: str, name: str) -> Any:
        record = repository.get(desk.ws.store.conn, entity, rid)
        return None if record is None else record[name]

    # ------------------------------------------------------------------ the one rule
    # One rule whose action is drawn per step (hypothesis's swarm testing would switch
    # whole rules off for an example; a short bounded run needs every kind of step).

    @rule(
        action=st.sampled_from(ACTIONS),
        d=st.integers(0, 2),
        n=st.integers(0, 3),  # the oldest records: the shared ones, edited by every desk
        flag=st.booleans(),
        which=st.integers(0, 1),
        fault=st.sampled_from(FAULTS),
        at=st.integers(1, 3),
    )
    def step(
        self, action: str, d: int, n: int, flag: bool, which: int, fault: str, at: int
    ) -> None:
        FIGURES.steps += 1
        if action == "new_contact":
            self.new_contact(d, flag or n % 3 != 0)
        elif action == "edit_contact":
            self.edit_contact(d, n, CHECKED[CONTACT][which])
        elif action == "edit_child":
            self.edit_child(d, n, CHECKED[CHILD][which])
        elif action == "delete_contact":
            self.delete_contact(d, n)
        elif action == "open_case":
            self.open_case(d, n)
        elif action == "case_step":
            self.case_step(d, n, flag)
        else:
            self.sync(d, fault, at)

    # ------------------------------------------------------------------ desk work

    def new_contact(self, d: int, with_child: bool) -> None:
        desk = self._desk(d)
        data = contact(0, children=with_child)
        data["summary"] = self._tag(d, "tóm tắt")
        saved = desk.ws.record_contact(data)
        self.created.append((CONTACT, saved.id))
        FIGURES.records_made += 1 + int(with_child)
        self.edits.append(Edit(d, CONTACT, saved.id, "summary", data["summary"], None))

    def edit_contact(self, d: int, n: int, which: str) -> None:
        desk = self._desk(d)
        rid = self._pick(desk, CONTACT, n, "deleted = 0")
        if rid is None:
            return
        value = self._tag(d, which)
        seen = self._value(desk, CONTACT, rid, which)
        changes = {"summary": value} if which == "summary" else {"caller": {"location": value}}
        try:
            desk.ws.update_contact(rid, changes)
        except CaselineError:
            return
        if self._value(desk, CONTACT, rid, which) == value:
            self.edits.append(Edit(d, CONTACT, rid, which, value, seen))
            FIGURES.edits += 1

    def edit_child(self, d: int, n: int, which: str) -> None:
        desk = self._desk(d)
        rid = self._pick(desk, CHILD, n, "deleted = 0")
        if rid is None:
            return
        value = self._tag(d, which)
        seen = self._value(desk, CHILD, rid, which)
        try:
            desk.ws.update_child(rid, {which: value})
        except CaselineError:
            return
        if self._value(desk, CHILD, rid, which) == value:
            self.edits.append(Edit(d, CHILD, rid, which, value, seen))
            FIGURES.edits += 1

    def delete_contact(self, d: int, n: int) -> None:
        desk = self._desk(d)
        rid = self._pick(desk, CONTACT, n, "deleted = 0")
        if rid is None:
            return
        with desk.ws.store.transaction() as conn:
            repository.change(conn, desk.ws.actor, CONTACT, rid, {"deleted": True})
        FIGURES.edits += 1

    def open_case(self, d: int, n: int) -> None:
        desk = self._desk(d)
        rid = self._pick(desk, CONTACT, n, "deleted = 0 AND child_ids != '[]'")
        if rid is None:
            FIGURES.skipped["open_case: no contact"] += 1
            return
        try:
            saved = desk.ws.open_case(rid)
        except CaselineError as exc:
            FIGURES.skipped[f"open_case refused: {type(exc).__name__}"] += 1
            return
        if (CASE, saved.id) not in self.created:
            self.created.append((CASE, saved.id))
            FIGURES.records_made += 1
            FIGURES.cases_opened += 1

    def case_step(self, d: int, n: int, move: bool) -> None:
        """A note on the case's timeline, or a move to its next Decree 56 step."""
        desk = self._desk(d)
        rid = self._pick(desk, CASE, n, "deleted = 0")
        if rid is None:
            FIGURES.skipped["case_step: no case"] += 1
            return
        text = self._tag(d, "ghi chú")
        try:
            if move:
                status = self._value(desk, CASE, rid, "status")
                nxt = [s for s in steps.allowed_next(status) if s != steps.CLOSED]
                if not nxt:
                    return
                desk.ws.move_case(rid, nxt[0], {"assessment": text, "risk": "high"})
                FIGURES.case_moves += 1
                return
            saved = desk.ws.add_entry(rid, "note", text)
        except CaselineError as exc:
            FIGURES.skipped[f"case_step refused: {type(exc).__name__}"] += 1
            return
        self.created.append((CASE_ENTRY, saved.id))
        self.entry_texts.append(text)
        FIGURES.entries += 1

    # ------------------------------------------------------------------ sync, faults

    def sync(self, d: int, fault: str, at: int) -> None:
        i = d % len(self.world.desks)
        desk, proxy = self.world.desks[i], self.world.proxies[i]
        plan = _Plan(fault, at)
        run_db = self._run_db(desk, plan)
        engine = SyncEngine(run_db, _client_factory(proxy, plan))
        FIGURES.syncs += 1
        try:
            engine.sync_once()
        except SyncError:
            pass
        except DeskKilled:
            desk.ws.close()  # the process is gone; a new one opens the desk
            desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)
        finally:
            proxy.drop_next_request = proxy.drop_next_reply = False
        if plan.fired:
            FIGURES.faults[fault] += 1

    def _run_db(self, desk: Any, plan: _Plan) -> Any:
        steps_done = [0]

        def run(fn: Any) -> Any:
            steps_done[0] += 1
            if plan.kind == "kill" and steps_done[0] == plan.at + 1:
                plan.fired = True
                with desk.ws.store.transaction():  # the step runs, its commit never comes
                    fn(desk.ws)
                    raise DeskKilled
            return fn(desk.ws)

        return run

    # ------------------------------------------------------------------ the rule

    def teardown(self) -> None:
        try:
            if FIGURES.examples and self.created:
                self._final_round()
                self._check()
        finally:
            self.world.close()
            FIGURES.seconds += time.monotonic() - self.started

    def _final_round(self) -> None:
        for _ in range(3):  # a desk's push can make another's pull due: go round to quiet
            for desk in self.world.desks:
                desk.engine = SyncEngine(lambda fn, desk=desk: fn(desk.ws))
                desk.sync_until_done(tries=10)

    def _check(self) -> None:
        with self.world.central.engine.connect() as conn:
            rows = conn.execute(select(records.c.id, records.c.entity, records.c.doc)).all()
        central = {r.id: dict(r.doc) for r in rows}
        self.kinds = {r.id: r.entity for r in rows}
        problems: list[str] = []
        for i, desk in enumerate(self.world.desks):
            conn = desk.ws.store.conn
            assert sync_store.pending_count(conn) == 0, f"desk {i}: changes left unsent"
            assert sync_store.parked_count(conn) == 0, f"desk {i}: changes parked"
            copy = {
                row["id"]: row
                for entity in SYNCED_ENTITIES
                for row in repository.select(conn, entity)
            }
            if copy != central:
                differ = sorted(
                    k for k in set(copy) | set(central) if copy.get(k) != central.get(k)
                )
                mine, theirs = copy.get(differ[0]) or {}, central.get(differ[0]) or {}
                names = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
                problems.append(
                    f"desk {i} differs from central on {len(differ)} records"
                    f" (first: {self.kinds.get(differ[0], '?')}, fields {names})"
                )
                FIGURES.diverged += len(differ)
        # never gone: every record a desk made is on central
        gone = [rid for _entity, rid in self.created if rid not in central]
        problems += [f"record {rid} gone" for rid in gone]
        FIGURES.lost += len(gone)
        # never twice: numbers, live cases per contact, entries
        twice = self._twice(central)
        problems += twice
        FIGURES.duplicated += len(twice)
        # every edit: final, in a conflict, or seen and replaced by a later edit
        conflicts = [d for rid, d in central.items() if self.kinds[rid] == CONFLICT]
        FIGURES.conflicts += len(conflicts)
        FIGURES.duplicate_cases += sum(1 for d in central.values() if d.get("duplicate_of"))
        shown = {
            (c["record_id"], c["field_name"], str(v))
            for c in conflicts
            for v in (c["kept_value"], c["other_value"])
        }
        seen_later = {(e.record_id, e.field, str(e.seen)) for e in self.edits}
        for edit in self.edits:
            doc = central.get(edit.record_id)
            final = None if doc is None else doc.get(edit.field)
            key = (edit.record_id, edit.field, str(edit.value))
            if final == edit.value or key in shown or key in seen_later:
                continue
            FIGURES.lost += 1
            problems.append(f"edit lost: desk {edit.desk} {edit.entity}.{edit.field}")
        assert not problems, "; ".join(problems[:10])

    def _twice(self, central: dict[str, dict]) -> list[str]:
        problems = []
        live = {rid: d for rid, d in central.items() if not d.get("deleted")}
        numbers = Counter(
            (self.kinds[rid], d["number"])
            for rid, d in live.items()
            if self.kinds[rid] in (CONTACT, CASE) and d.get("number")
        )
        problems += [f"number {n} twice" for n, k in numbers.items() if k > 1]
        cases_of = Counter(
            c
            for rid, d in live.items()
            if self.kinds[rid] == CASE and not d.get("duplicate_of")
            for c in d["contact_ids"]
        )
        problems += [f"contact {c} has {k} live cases" for c, k in cases_of.items() if k > 1]
        texts = Counter(d["text"] for rid, d in central.items() if self.kinds[rid] == CASE_ENTRY)
        problems += [
            f"entry {t!r} {k} times" for t, k in texts.items() if t in self.entry_texts and k > 1
        ]
        problems += [f"entry {t!r} gone" for t in self.entry_texts if texts[t] == 0]
        return problems
