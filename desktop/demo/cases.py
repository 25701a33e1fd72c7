"""Take demo cases through the Decree 56 steps, as a centre would over months.

Older cases are further along: most cases opened more than four months ago are closed,
recent ones are still being assessed. Each step leaves what the law asks for (assessment,
plan with its approval decision, review, closure reason — the seeding manager decides
closures), urgent cases an emergency measure, plus timeline notes and referrals.

Every step, entry and referral is recorded with the time it was done (backdated through
`occurred_at`), drawn step after step from the case's receipt: the 12-hour assessment of
urgent cases and the 5-working-day plan are sometimes met and sometimes missed, and cases
closed months ago show in those months' reports. Nothing is dated after `now`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop.demo import stories
from desktop.demo.contacts import Place
from desktop.domain import steps

if TYPE_CHECKING:
    from desktop.services import Workspace

# Where a case stands by how long ago it was opened (weights over steps.STEPS).
_BY_AGE: tuple[tuple[float, tuple[float, ...]], ...] = (
    (14, (30, 35, 20, 10, 5, 0, 0)),
    (45, (5, 15, 20, 25, 25, 5, 5)),
    (120, (2, 3, 10, 15, 40, 15, 15)),
    (10_000, (1, 1, 3, 5, 20, 12, 58)),
)
_CLOSURE_REASONS = {"no_longer_at_risk": 70, "moved_away": 8, "transferred": 7, "reached_16": 5,
                    "unreachable": 6, "other": 4}  # fmt: skip
_APPROVERS = ("Chủ tịch UBND", "Phó Chủ tịch UBND")
_AGENCIES = {"commune_committee": 30, "health": 20, "education": 20, "police": 15,
             "ngo": 8, "shelter": 5, "court": 2}  # fmt: skip
# Days a step takes after the one before (uniform low..high). Urgent initial assessments
# take hours (12 h deadline); the plan, due 5 working days after receipt, is late in about
# half of the cases.
_STEP_DAYS = {
    steps.INITIAL_ASSESSMENT: (0.1, 2.0),
    steps.NEEDS_ASSESSMENT: (0.5, 3.0),
    steps.PLAN: (0.5, 3.0),
    steps.INTERVENTION: (0.5, 4.0),
    steps.REVIEW: (14.0, 75.0),
    steps.CLOSED: (2.0, 25.0),
}
_URGENT_ASSESSMENT_HOURS = (2.0, 16.0)


class CaseWalker:
    """Opens cases from contacts and moves them along; counts what it wrote."""

    def __init__(
        self,
        ws: Workspace,
        rng: random.Random,
        communes: list[Place],
        *,
        now: datetime,
        assignees: list[str] | None = None,
    ) -> None:
        self.ws = ws
        self.rng = rng
        self.communes = communes
        self.now = now
        self.assignees = assignees or []
        self.cases = self.entries = self.referrals = 0
        self.decisions = 0  # numbers the demo's plan approval decisions

    def walk(self, contact_id: str, urgent: bool, received: datetime) -> str:
        rng = self.rng
        target = self._target(received)
        assignee = rng.choice(self.assignees) if self.assignees else None
        saved = self.ws.open_case(contact_id, assigned_to=assignee, urgent=urgent or None)
        self.urgent = urgent
        self.cases += 1
        case_id = saved.id
        dated = self._dated(self._path(target), received, urgent)
        previous = steps.RECEIVED
        for i, (step, at) in enumerate(dated):
            until = dated[i + 1][1] if i + 1 < len(dated) else self.now
            data = self._data(previous, step, at, dated[i - 1][1] if i else received)
            self.ws.move_case(case_id, step, data, occurred_at=_text(at))
            self._timeline(case_id, step, at, until)
            previous = step
        return case_id

    def _dated(
        self, path: list[str], received: datetime, urgent: bool
    ) -> list[tuple[str, datetime]]:
        """Each step of the path with when it was done; steps that would fall after `now`
        have not happened yet."""
        out: list[tuple[str, datetime]] = []
        at = received
        for step in path:
            if step == steps.INITIAL_ASSESSMENT and urgent:
                at += timedelta(hours=self.rng.uniform(*_URGENT_ASSESSMENT_HOURS))
            else:
                at += timedelta(days=self.rng.uniform(*_STEP_DAYS[step]))
            if at > self.now:
                break
            out.append((step, at))
        return out

    # -- choices --------------------------------------------------------------------

    def _target(self, received: datetime) -> str:
        age = (self.now - received) / timedelta(days=1)
        weights = next(w for limit, w in _BY_AGE if age < limit)
        return self.rng.choices(steps.STEPS, weights=weights)[0]

    def _path(self, target: str) -> list[str]:
        """The steps from `received` to `target`; some cases go round review → plan once."""
        order = list(steps.STEPS)
        if target == steps.CLOSED and self.rng.random() < 0.05:
            return [steps.INITIAL_ASSESSMENT, steps.CLOSED]  # no risk found on verification
        path = order[1 : order.index(target) + 1]
        if target in (steps.INTERVENTION, steps.REVIEW, steps.CLOSED) and self.rng.random() < 0.1:
            i = path.index(steps.INTERVENTION)
            path[i + 1 : i + 1] = [steps.REVIEW, steps.PLAN, steps.INTERVENTION]
        return path

    def _data(self, previous: str, step: str, at: datetime, before: datetime) -> dict[str, Any]:
        rng = self.rng
        data: dict[str, Any] = {}
        if previous == steps.REVIEW:
            data["review"] = self._text("review")
        if step == steps.NEEDS_ASSESSMENT:
            data["assessment"] = self._text("assessment")
            data["risk"] = rng.choices(("low", "medium", "high", "urgent"), (15, 45, 30, 10))[0]
        elif step == steps.PLAN and previous == steps.NEEDS_ASSESSMENT:
            data["assessment"] = self._text("needs")
        elif step == steps.INTERVENTION:
            data["plan"] = self._text("plan")
            approved = before + (at - before) * rng.uniform(0.3, 1.0)
            data["approved_by"] = f"{rng.choice(_APPROVERS)} {rng.choice(self.communes).name}"
            data["approved_at"] = _text(approved)
            self.decisions += 1
            data["decision_no"] = f"{self.decisions:03d}/QĐ-UBND"
        elif step == steps.INITIAL_ASSESSMENT:
            data["assessment"] = self._text("assessment")
        elif step == steps.CLOSED:
            reason = "no_longer_at_risk" if previous == steps.REVIEW else "other"
            if previous == steps.REVIEW and rng.random() < 0.3:
                reason = rng.choices(list(_CLOSURE_REASONS), list(_CLOSURE_REASONS.values()))[0]
            data["closure_reason"] = reason
            data["text"] = self._text("review")
        return data

    def _timeline(self, case_id: str, step: str, start: datetime, until: datetime) -> None:
        """Notes, interventions and referrals made while the case was at `step`."""
        rng = self.rng
        if step == steps.INITIAL_ASSESSMENT and self.urgent:  # Decree 56 Art. 26.3
            self.ws.add_entry(
                case_id,
                steps.EMERGENCY_MEASURE,
                "Can thiệp khẩn cấp: đưa trẻ đi khám, bảo đảm an toàn cho trẻ.",
                {"measure": "emergency_intervention", "decided_by": "Chủ tịch UBND xã"},
                occurred_at=_text(start),
            )
            self.entries += 1
        if step == steps.INTERVENTION:
            count = rng.randint(1, 4)
            for n, at in enumerate(self._moments(start, until, count), start=1):
                self.ws.add_entry(
                    case_id, "intervention", self._text("intervention", n=n), occurred_at=_text(at)
                )
                self.entries += 1
            if rng.random() < 0.6:
                self._refer(case_id, start, until)
        elif rng.random() < 0.25:
            at = self._moments(start, until, 1)[0]
            self.ws.add_entry(case_id, "note", self._text("note"), occurred_at=_text(at))
            self.entries += 1
        if step == steps.INITIAL_ASSESSMENT and rng.random() < 0.15:
            self._refer(case_id, start, until)

    def _moments(self, start: datetime, until: datetime, count: int) -> list[datetime]:
        """`count` times in order between `start` and `until` (at `start` if no gap)."""
        span = max((until - start).total_seconds(), 0.0)
        return sorted(start + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(count))

    def _refer(self, case_id: str, start: datetime, until: datetime) -> None:
        rng = self.rng
        agency = rng.choices(list(_AGENCIES), list(_AGENCIES.values()))[0]
        reason = rng.choice(stories.REFERRAL_REASONS[agency])
        sent = start + (min(until, start + timedelta(days=2)) - start) * rng.random()
        saved = self.ws.add_referral(case_id, agency, reason, occurred_at=_text(sent))
        self.referrals += 1
        roll = rng.random()
        answered = sent + timedelta(days=rng.uniform(1, 20))
        if answered > self.now:
            return  # the agency has not answered yet
        if roll < 0.7:
            status = "done" if roll < 0.45 else "accepted"
            outcome = rng.choice(stories.REFERRAL_OUTCOMES) if status == "done" else ""
            self.ws.update_referral(saved.id, status, outcome, occurred_at=_text(answered))
        elif roll < 0.75:
            self.ws.update_referral(
                saved.id, "rejected", "Không thuộc thẩm quyền.", occurred_at=_text(answered)
            )

    def _text(self, kind: str, n: int = 1) -> str:
        template = self.rng.choice(stories.ENTRY_TEXTS[kind])
        return template.format(place=self.rng.choice(self.communes).name, n=n)


def _text(moment: datetime) -> str:
    """ISO-8601 with the offset, to the second (as a worker would type it)."""
    return moment.isoformat(timespec="seconds")
