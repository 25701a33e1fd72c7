"""The national line (issue 15), end to end on SQLite and PostgreSQL: a national desk and
two province desks, real SQLCipher files, the real central on 127.0.0.1.

A handoff to province A is accepted there within the deadline, becomes a case, is closed,
and the outcome shows on the national desk; a handoff to province B is declined, comes
back, and is redirected to A; an urgent handoff left unaccepted shows overdue on both
ends; B never sees A's records and the national desk never sees the provinces' own. The
same story through lost replies and a desk killed mid-sync loses and duplicates nothing.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_harness import PASSWORD, ROOT, Central, Desk, FaultProxy, contact, json_lines

from central.cli import main as central_main
from central.tables import central_audit, records
from desktop.db import stats
from desktop.domain import times
from desktop.errors import CaselineError, SyncError
from desktop.reports.monthly import monthly_figures
from desktop.services import Workspace
from desktop.sync import SyncEngine
from desktop.sync.client import SyncClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_text import page_texts  # noqa: E402

CHILD = Path(__file__).resolve().parent / "desk_child.py"
A, B, NATIONAL = "48", "01", "00"
URGENT_HOURS = 0.0002  # 0.72 s: the urgent handoff is overdue within the test


def _national_contact(i: int, province: str) -> dict[str, Any]:
    return {**contact(i, children=True, province=province), "summary": f"Gọi 111, lần {i}."}


def _close(ws: Any, case_id: str) -> None:
    ws.move_case(case_id, "initial_assessment", {})
    ws.move_case(case_id, "needs_assessment", {"assessment": "Đã xác minh.", "risk": "high"})
    ws.move_case(case_id, "plan", {"assessment": "Cần hỗ trợ."})
    ws.move_case(
        case_id,
        "intervention",
        {"plan": "Kế hoạch", "approved_by": "Chủ tịch UBND phường",
         "approved_at": "2026-10-08T10:00:00+07:00", "decision_no": "12/QĐ-UBND"},
    )  # fmt: skip
    ws.move_case(case_id, "review", {})
    ws.move_case(
        case_id, "closed", {"review": "Trẻ an toàn.", "closure_reason": "no_longer_at_risk"}
    )


def _rows(desk: Desk) -> dict[str, Any]:
    return {r.source_number: r for r in desk.ws.handoffs.list()}


class Story:
    """The desks, and how each one syncs (plain, or through faults)."""

    def __init__(self, central: Any, desk_factory: Any, tmp_path: Path, faults: bool) -> None:
        self.central = central
        self.faults = faults
        self.proxy = FaultProxy(central.port) if faults else None
        kw = {"client_factory": self._through} if faults else {}
        self.national = desk_factory(central, NATIONAL, **kw)
        self.a = desk_factory(central, A, **kw)
        self.b = desk_factory(central, B, **kw)
        self.rounds = 0
        self.kill_central_on_push = False

    def _through(self, _url: str, token: str, ca: Any) -> SyncClient:
        client = SyncClient(self.proxy.url, token, ca_file=ca, timeout=(2.0, 5.0))
        if self.kill_central_on_push:
            self.kill_central_on_push = False
            push = client.push

            def push_and_kill_central_meanwhile(ops: Any) -> Any:
                threading.Timer(0.01, self.central.kill).start()
                return push(ops)

            client.push = push_and_kill_central_meanwhile  # type: ignore[method-assign]
        return client

    def kill_central_mid_push(self, desk: Desk) -> None:
        """Central SIGKILLed while this desk pushes; then started again on the same port
        (the proxy still points there) and the desk goes on."""
        self.kill_central_on_push = True
        try:
            desk.sync()
        except SyncError:
            pass
        self.central.kill()
        self.proxy.upstream_port = self.central.port
        self.central.start()

    def sync(self, *desks: Desk) -> None:
        for desk in desks:
            self.rounds += 1
            if self.proxy is not None and self.rounds % 2:
                self.proxy.drop_next_reply = True  # central commits, the desk hears nothing
            desk.sync_until_done()

    def kill_mid_sync(self, desk: Desk, phase: str, batch: int = 2) -> tuple[int, int]:
        """A desk process killed (SIGKILL) mid-push or mid-pull, then opened again; the
        child pushes `batch` ops at a time and reports "push" once a batch is answered
        and acknowledged. Returns the desk's unsent ops (before, after)."""
        before = desk.pending()
        desk.ws.close()
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(desk.data_dir), "mai", PASSWORD, str(batch)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        for line in json_lines(child.stdout):
            if line.get("phase") == phase:
                child.send_signal(signal.SIGKILL)
                break
        child.wait(30)
        desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)
        return before, desk.pending()

    def close(self) -> None:
        if self.proxy is not None:
            self.proxy.close()


def _story(story: Story) -> None:
    national, a, b = story.national, story.a, story.b
    own_a = a.ws.record_contact(contact(90, children=True, province=A))  # A's own record
    own_b = b.ws.record_contact(contact(91, children=True, province=B))
    c1 = national.ws.record_contact(_national_contact(1, A))
    c2 = national.ws.record_contact(_national_contact(2, B))
    c3 = national.ws.record_contact({**_national_contact(3, B), "risk": "urgent"})
    assert national.ws.handoffs.default_province(c1.number) == A
    h1 = national.ws.handoffs.send(c1.number, A, note="Trẻ ở Đà Nẵng, cần xác minh.")
    h2 = national.ws.handoffs.send(c2.number, B)
    h3 = national.ws.handoffs.send(c3.number, B, urgent=True)
    if story.faults:
        story.kill_central_mid_push(national)
    story.sync(national, a, b)

    incoming_a, incoming_b = _rows(a), _rows(b)
    assert set(incoming_a) == {c1.number} and set(incoming_b) == {c2.number, c3.number}
    assert incoming_a[c1.number].accept_by is not None
    assert incoming_a[c1.number].child_name == "Đặng Thị Hoà"

    # A accepts within the deadline: it becomes A's case with the national history.
    case = a.ws.handoffs.accept(h1.id[-8:], open_case=True)
    assert case.entity == "case" and case.number.startswith(f"{A}-")
    # B declines c2 with a reason; c3 (urgent) is left waiting.
    b.ws.handoffs.decline(h2.id, "Trẻ đã chuyển vào Đà Nẵng.")
    if story.faults:
        story.kill_mid_sync(b, "push")
    story.sync(a, b, national)

    out = _rows(national)
    assert out[c1.number].status == "accepted" and out[c1.number].accepted_in_time
    assert out[c1.number].accepted_number.startswith(f"{A}-")
    assert out[c2.number].status == "declined"
    assert out[c2.number].decline_reason == "Trẻ đã chuyển vào Đà Nẵng."

    # The national line redirects the declined handoff to A; A accepts it as a contact.
    h4 = national.ws.handoffs.send(c2.number, A)
    story.sync(national, a, b)
    redirected = {r.id: r for r in national.ws.handoffs.list()}
    assert redirected[h2.id].status == "redirected" and redirected[h4.id].redirect_of == h2.id
    assert {r.id for r in a.ws.handoffs.list("incoming")} == {h1.id, h4.id}
    # The province that declined keeps no copy of the child's details once redirected.
    kept = b.ws.store.conn.execute("SELECT national FROM handoff WHERE id = ?", (h2.id,))
    assert kept.fetchone()[0] == "{}"
    taken = a.ws.handoffs.accept(h4.id)
    assert taken.entity == "contact"
    shown = a.ws.get_contact(taken.id)
    assert shown["handoff_id"] == h4.id and shown["handoff"]["source_number"] == c2.number
    assert shown["handoff"]["national"]["contact"]["summary"] == "Gọi 111, lần 2."

    # A closes the case: the outcome goes back to the national desk.
    _close(a.ws, case.id)
    if story.faults:
        before, after = story.kill_mid_sync(a, "push")
        # Provably mid-push: the first batch was acknowledged, later ones were not sent.
        assert 0 < after < before, (before, after)
    story.sync(a, national, b)
    done = _rows(national)[c1.number]
    assert (done.outcome_step, done.outcome_reason) == ("review", "no_longer_at_risk")
    assert done.outcome_at
    by_id = {r.id: r for r in national.ws.handoffs.list()}
    assert by_id[h4.id].status == "accepted" and by_id[h2.id].status == "redirected"

    # The urgent handoff nobody accepted is overdue on both ends.
    time.sleep(max(0.0, URGENT_HOURS * 3600 + 0.2))
    assert _rows(national)[c3.number].overdue and _rows(b)[c3.number].overdue
    assert not _rows(national)[c1.number].overdue

    # Scopes: B never sees A's records; the national desk never sees the provinces' own.
    a_ids = {rid for _e, rid, _r in a.scope()}
    b_ids = {rid for _e, rid, _r in b.scope()}
    n_ids = {rid for _e, rid, _r in national.scope()}
    a_own = {
        rid for e, rid, _r in a.scope() if e != "handoff"
    }  # A's contacts, children, cases, entries
    assert own_a.id in a_own and case.id in a_own
    assert not (a_own & b_ids) and not (a_own & n_ids)
    assert own_b.id in b_ids and own_b.id not in n_ids and own_b.id not in a_ids
    assert {r.id for r in b.ws.handoffs.list()} == {h2.id, h3.id}
    for entity in ("contact", "child", "case", "case_entry"):
        provinces = {
            r[0]
            for r in national.ws.store.conn.execute(
                f"SELECT DISTINCT province_code FROM {'case_file' if entity == 'case' else entity}"
            )
        }
        assert provinces <= {NATIONAL}, entity

    # Nothing lost, nothing twice: one handoff record per send, one contact per accept.
    counts = story.central.counts()
    assert counts[NATIONAL]["handoff"] == 4 and counts[NATIONAL]["contact"] == 3
    assert counts[A]["contact"] == 3 and counts[A]["case"] == 1
    assert counts[B] == {"contact": 1, "child": 1}
    for desk in (national, a, b):
        assert desk.pending() == 0
        assert desk.ws.verify()["ok"]
    assert national.scope() == {x for x in national.scope()}  # stable after the last pull
    a_handoffs = {(rid, rev) for e, rid, rev in a.scope() if e == "handoff"}
    n_handoffs = {(rid, rev) for e, rid, rev in national.scope() if e == "handoff"}
    assert a_handoffs <= n_handoffs  # the same revisions at both ends

    # Both ends count them in the monthly report (the month they happened in).
    month = times.now_local().strftime("%Y-%m")

    def handoff_figures(desk: Desk) -> dict[str, int]:
        counted = stats.monthly_counts(desk.ws.store.conn, month).handoffs or {}
        return {key: values[0] for key, values in counted.items() if values[0]}

    assert handoff_figures(national) == {
        "sent": 4, "accepted_in_time": 2, "declined": 1, "outcome": 1,
    }  # fmt: skip
    assert handoff_figures(a) == {"sent": 2, "accepted_in_time": 2, "outcome": 1}
    assert handoff_figures(b) == {"sent": 2, "declined": 1}
    if not story.faults:
        counted = stats.monthly_counts(national.ws.store.conn, month)
        report = monthly_figures(counted, scope="")
        assert [x.title for x in report.sections if x.key == "handoffs"] == [
            "Chuyển tuyến giữa tổng đài quốc gia và tỉnh/thành"
        ]
        _national_figures(story, month)

    # Every move audited at central, and on the desks.
    with story.central.engine.connect() as conn:
        actions = [
            r.action
            for r in conn.execute(
                select(central_audit.c.action).where(central_audit.c.action.like("handoff_%"))
            )
        ]
        routed = dict(
            conn.execute(
                select(records.c.id, records.c.routed_to).where(records.c.entity == "handoff")
            ).all()
        )
    assert sorted(actions) == sorted(
        ["handoff_sent"] * 4
        + ["handoff_accepted"] * 2
        + ["handoff_declined", "handoff_redirected", "handoff_outcome"]
    )
    assert routed == {h1.id: A, h2.id: B, h3.id: B, h4.id: A}
    edits = national.ws.store.conn.execute(
        "SELECT count(*) FROM audit_event WHERE entity = 'handoff'"
    ).fetchone()[0]
    assert edits >= 5


def test_national_handoffs_reach_the_province_and_the_outcome_comes_back(desk_factory, tmp_path):
    """On SQLite (the same story runs on PostgreSQL with faults below)."""
    central = Central(
        f"sqlite:///{tmp_path / 'central.db'}", tmp_path, handoff_urgent_hours=URGENT_HOURS
    ).start()
    story = Story(central, desk_factory, tmp_path, faults=False)
    try:
        _story(story)
    finally:
        story.close()
        central.stop()


@pytest.mark.postgres
def test_national_handoffs_survive_lost_replies_and_a_desk_killed_mid_sync(
    pg_databases, desk_factory, tmp_path
):
    """The same story on PostgreSQL with every other reply lost after central committed,
    central SIGKILLed while the national desk pushes its handoffs, and a province desk
    SIGKILLed mid-push twice: nothing lost, nothing twice."""
    central = Central(
        pg_databases.fresh(), tmp_path, process=True, handoff_urgent_hours=URGENT_HOURS
    ).start()
    story = Story(central, desk_factory, tmp_path, faults=True)
    try:
        _story(story)
    finally:
        story.close()
        central.stop()


def _national_figures(story: Story, month: str) -> None:
    """The national desk prints the country's figures from central's aggregate — the same
    counts `caseline-central report monthly` prints — and compares the provinces; a
    province desk is refused (locally, and by central: 403)."""
    national, a = story.national, story.a
    october = national.ws.reports.national("2026-10", csv=True)
    by_code = {row.province_code: row for row in october.provinces}
    # Each province's own contact; A's accepted copies are the national contacts, once.
    assert (by_code[A].contacts, by_code[B].contacts) == (1, 1)
    assert NATIONAL not in by_code and by_code[A].per_100k_children is None
    out = story.central.log_dir / "central-2026-10.pdf"
    # `caseline-central report monthly`, in this process (the console script's main).
    assert (
        central_main(["--db", story.central.db_url, "report", "monthly", "2026-10", "-o", str(out)])
        == 0
    )
    assert "TOÀN QUỐC" in " ".join(page_texts(october.printout.pdf))
    assert _figures(october.printout.pdf) == _figures(out.read_bytes())
    assert october.printout.csv and "Tổng số cuộc liên hệ" in october.printout.csv.decode()
    # The thematic report over the country: every province's contacts (and the national
    # line's own), a handoff copy not counted twice.
    country = SyncEngine(run_db=lambda fn: fn(national.ws)).national_thematic(
        "2026-10", "2026-10", "violence"
    )
    assert country.per_month["2026-10"] == 3 + 1 + 1
    thematic = national.ws.reports.national_thematic("2026-10", "2026-10", "violence")
    assert thematic.pdf.startswith(b"%PDF") and thematic.kind == "national_thematic"
    now = national.ws.reports.national(month).provinces
    handed = {row.province_code: row for row in now}
    assert (handed[A].handoffs_received, handed[A].handoffs_accepted_in_time) == (2, 2)
    assert handed[A].median_accept_hours is not None
    assert (handed[B].handoffs_received, handed[B].handoffs_declined) == (2, 1)
    assert handed[B].handoffs_waiting == 1
    with pytest.raises(CaselineError):
        a.ws.reports.national(month)
    with pytest.raises(SyncError) as refused:
        SyncEngine(run_db=lambda fn: fn(a.ws)).national_monthly(month)
    assert refused.value.kind == "auth"


def _figures(pdf: bytes) -> list[str]:
    """The report's figure lines past its heading (issuing body, printer and time differ)."""
    text = "\n".join(page_texts(pdf))
    lines = text[text.index("Tổng quan") :].splitlines()
    return [line for line in lines if any(ch.isdigit() for ch in line)][:60]
