"""The intake form's draft: what is typed is kept encrypted in the store
(`ws.save_draft`) every few seconds when something changed, and before locking; it is
restored when the form opens again, so a crash loses at most those seconds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Slot

from desktop.ui import fmt, ops

DRAFT_KEY = "intake"
DRAFT_INTERVAL_MS = 3000


class IntakeDraft:
    """Mixin for `IntakeForm` (listed before the Qt base class)."""

    @Slot()
    def _mark_dirty(self, *_: object) -> None:
        self._dirty = True
        if self.started_at is None:  # the first input starts the call's clock
            self.started_at = fmt.now_local()
            self.last_call_s = None
            self._tick()

    def form_state(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat() if self.started_at else "",
            "channel": self.channel.value(),
            "call_type": self.call_type.value(),
            "relation": self.relation.value(),
            "anonymous": self.anonymous.isChecked(),
            "caller_name": self.caller_name.text(),
            "phone": self.phone.text(),
            "age_band": self.age_band.value(),
            "children": [c.state() for c in self.children_forms],
            "categories": self.categories.values(),
            "services": [code for code, box in self.services.items() if box.isChecked()],
            "risk": self.risk.value(),
            "follow_up": self.follow_up.isChecked(),
            "summary": self.summary.toPlainText(),
            "consent": self.consent.state(),
            "harm": self.harm.state(),
        }

    def has_content(self) -> bool:
        """Has anything been typed that would be lost?"""
        typed = (self.caller_name.text(), self.phone.text(), self.summary.toPlainText())
        return (
            any(t.strip() for t in typed)
            or bool(self.categories.values())
            or any(not c.is_empty() for c in self.children_forms)
        )

    def keep_draft(self) -> None:
        """Before locking: save what is typed now, whether or not the timer has run."""
        if self.has_content():
            self._dirty = True
            self.save_draft_now()

    @Slot()
    def save_draft_now(self) -> None:
        """Keep what is typed in the encrypted store (only when something changed)."""
        if not self._dirty or self._saving:
            return
        self._dirty = False
        state = self.form_state()
        ops.run_op(
            self,
            lambda ws: ws.save_draft(DRAFT_KEY, state),
            self._draft_saved,
            lambda error: self._mark_dirty(),
        )

    def _draft_saved(self, _result: object) -> None:
        self.draft_saved_at = fmt.now_local()

    def load_draft(self) -> None:
        ops.run_op(self, lambda ws: ws.load_draft(DRAFT_KEY), self._restore, lambda error: None)

    def _restore(self, state: dict[str, Any] | None) -> None:
        if not state or self._dirty:
            return
        for child in list(self.children_forms):
            self.children_forms.remove(child)
            child.deleteLater()
        for child_state in state.get("children") or [{}]:
            self.add_child().restore(child_state)
        if not self.children_forms:
            self.add_child()
        self.channel.set_value(state.get("channel"))
        self.call_type.set_value(state.get("call_type"))
        self.relation.set_value(state.get("relation"))
        self.anonymous.setChecked(bool(state.get("anonymous")))
        self.caller_name.setText(state.get("caller_name", ""))
        self.phone.setText(state.get("phone", ""))
        self.age_band.set_value(state.get("age_band"))
        self.categories.set_values(state.get("categories") or [])
        for code, box in self.services.items():
            box.setChecked(code in (state.get("services") or []))
        self.risk.set_value(state.get("risk"))
        self.follow_up.setChecked(bool(state.get("follow_up")))
        self.summary.setPlainText(state.get("summary", ""))
        self.consent.restore(state.get("consent"))
        self.harm.restore(state.get("harm"))
        started = fmt.parse_time(state.get("started_at"))
        if started is not None:
            self.started_at = started
        self._dirty = False
        self._draft_restored = True
        self.message.setStyleSheet("color: #1565c0; font-weight: bold;")
        self.message.setText(
            QCoreApplication.translate(
                "IntakeForm", "The unsaved contact from {time} was restored."
            ).format(time=fmt.date_time(self.started_at.isoformat() if self.started_at else ""))
        )
        self._tick()
