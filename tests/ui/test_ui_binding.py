"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 did: the app
aborted after a few hundred signals). Long sessions emit millions."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QTableView

from desktop.ui.qtfix import binding_is_sound


class Rows(QAbstractTableModel):
    """A model that always has more to fetch, like the contacts list."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 50

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return "Nguyễn Văn An" if role == Qt.ItemDataRole.DisplayRole else None

    def canFetchMore(self, parent=QModelIndex()):  # noqa: N802, B008
        return self.count < 5000

    def fetchMore(self, parent=QModelIndex()):  # noqa: N802, B008
        self.beginInsertRows(QModelIndex(), self.count, self.count + 49)
        self.count += 50
        self.endInsertRows()


class Pinger(QObject):
    ping = Signal(object)


def test_signals_and_a_paging_table_leave_reference_counts_alone(qtbot):
    assert binding_is_sound()
    pinger = Pinger()
    pinger.ping.connect(lambda value: None)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(Rows())
    view.resize(600, 400)
    view.show()
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(2000):
        pinger.ping.emit(1)
    for _ in range(100):
        view.scrollToBottom()
        qtbot.wait(1)
    assert view.model().count == 5000
    if sys.version_info < (3, 12):
        assert sys.getrefcount(True) >= before_true - 10
        assert sys.getrefcount(None) >= before_none - 10
