"""A check that the installed Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on CPython 3.11 drops a reference to `True` on every `Signal.emit()` and
to `None` every time Qt calls a Python override of a void virtual (`fetchMore`,
`changeEvent`, …). Before Python 3.12 those objects are not immortal, so the app aborts
after a few minutes of use ("bool_dealloc" / "none_dealloc"). pyproject.toml excludes that
release; `binding_is_sound()` lets the app say so clearly if it is installed anyway.
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

ROUNDS = 8


class _Probe(QObject):
    ping = Signal()

    def customEvent(self, event: QEvent) -> None:  # noqa: N802 - a void virtual Qt calls
        return None


@cache
def binding_is_sound() -> bool:
    """False when emitting signals or Qt calling void overrides loses references."""
    if sys.version_info >= (3, 12):
        return True  # True and None are immortal: the bug cannot hurt
    probe = _Probe()
    event = QEvent(QEvent.Type.User)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    results = [probe.ping.emit() for _ in range(ROUNDS)]
    delivered = [QCoreApplication.sendEvent(probe, event) for _ in range(ROUNDS)]
    lost_true = before_true + results.count(True) + delivered.count(True) - sys.getrefcount(True)
    lost_none = before_none - sys.getrefcount(None)
    return lost_true < ROUNDS and lost_none < ROUNDS


def binding_problem() -> str:
    """A one-line explanation for the log, or '' when the binding is fine."""
    if binding_is_sound():
        return ""
    import PySide6

    return (
        f"PySide6 {PySide6.__version__} corrupts Python reference counts on this Python; "
        "install PySide6-Essentials other than 6.12.0 (see pyproject.toml)"
    )
