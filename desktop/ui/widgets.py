"""Small keyboard-first widgets used by the forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.text import fold

Item = tuple[str, str]  # (code, label)

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CodeCombo(QComboBox):
    """A combo box over taxonomy codes: shows labels, returns codes.

    Typing a few letters jumps to the first label starting with them (folded, so 'dien'
    finds 'Điện thoại')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._clock = QElapsedTimer()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        # With the list open the keys go to the list (Qt's keyboardSearch: no folding, no
        # Backspace): the same type-ahead runs there (review i13 #3).
        self.view().setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.view().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view():
            if event.type() == QEvent.Type.KeyPress and self._type_ahead_key(event):
                return True
            if event.type() == QEvent.Type.InputMethod and event.commitString():
                self._type(event.commitString())
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def set_items(self, items: Sequence[Item], keep: bool = True) -> None:
        current = self.value() if keep else ""
        self.blockSignals(True)
        self.clear()
        for code, text in items:
            self.addItem(text, code)
        self.blockSignals(False)
        if current:
            self.set_value(current)

    def value(self) -> str:
        data = self.currentData()
        return str(data) if data is not None else ""

    def set_value(self, code: str | None) -> None:
        index = self.findData(code or "")
        if index >= 0:
            self.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not self._type_ahead_key(event):
            super().keyPressEvent(event)

    def _type_ahead_key(self, event: QKeyEvent) -> bool:
        """Type ahead with `event` (on the closed box or its open list); True if taken."""
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if event.key() == Qt.Key.Key_Backspace and plain and self._recent():
            # Vietnamese input methods (Unikey's Telex: "dd" → Backspace, "đ") take back
            # the letter they replace: so does the type-ahead.
            self._typed = self._typed[:-1]
            self._clock.restart()
            if self._typed:
                self._jump(fold(self._typed))
            return True
        if text and text.isprintable() and plain:
            self._type(text)
            return True
        return False

    def inputMethodEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Text committed by an input method (IBus, Fcitx) types ahead as keys do."""
        if event.commitString():
            self._type(event.commitString())
        event.accept()

    def _recent(self) -> bool:
        return self._clock.isValid() and self._clock.elapsed() < 1000

    def _type(self, text: str) -> None:
        self._typed = (self._typed + text) if self._recent() else text
        self._clock.restart()
        self._jump(fold(self._typed))

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._typed = ""
        super().focusOutEvent(event)

    def _jump(self, folded: str) -> None:
        for match in (str.startswith, str.__contains__):
            for i in range(self.count()):
                if match(fold(self.itemText(i)), folded):
                    self.setCurrentIndex(i)
                    if self.view().isVisible():  # the open list: Enter takes this row
                        self.view().setCurrentIndex(self.model().index(i, self.modelColumn()))
                    return


class FoldedPicker(QWidget):
    """A line edit with a folded type-ahead list: 'hai chau' finds 'Hải Châu'.

    Down/Up move in the list, Enter or Tab takes the highlighted item. In `multi` mode each
    pick is added to a list of chosen items below (Delete removes one) and the box clears.
    """

    picked = Signal(str)  # code
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, multi: bool = False) -> None:
        super().__init__(parent)
        self.multi = multi
        self._items: list[Item] = []
        self._folded: list[str] = []
        self._code: str = ""
        self._source: Callable[[], Sequence[Item]] | None = None
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.popup = QListWidget()
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setFrameShape(QFrame.Shape.Box)
        self.popup.hide()
        self.popup.itemClicked.connect(self._take_item)
        self.chosen = QListWidget(self)
        self.chosen.setMaximumHeight(56)
        self.chosen.setVisible(multi)
        self.chosen.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.chosen)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._filter)
        self.edit.installEventFilter(self)

    # -- data -----------------------------------------------------------------------
    def set_items(self, items: Sequence[Item]) -> None:
        self._items = list(items)
        self._folded = [fold(text) + " " + fold(code) for code, text in self._items]
        if not self.multi and self._code and self._code not in {c for c, _ in self._items}:
            self.clear()

    def label_of(self, code: str) -> str:
        return next((text for c, text in self._items if c == code), code)

    def value(self) -> str:
        return self._code

    def values(self) -> list[str]:
        return [str(self.chosen.item(i).data(CODE_ROLE)) for i in range(self.chosen.count())]

    def set_value(self, code: str | None) -> None:
        self._code = code or ""
        self.edit.setText(self.label_of(self._code) if self._code else "")
        self.edit.setCursorPosition(0)

    def set_values(self, codes: Sequence[str]) -> None:
        self.chosen.clear()
        for code in codes:
            self._add_chosen(code)

    def clear(self) -> None:
        self._code = ""
        self.edit.clear()
        self.chosen.clear()
        self.popup.hide()

    def relabel(self) -> None:
        """After a language switch: show the current labels."""
        if not self.multi and self._code:
            self.edit.setText(self.label_of(self._code))
        for i in range(self.chosen.count()):
            item = self.chosen.item(i)
            item.setText(self.label_of(str(item.data(CODE_ROLE))))

    # -- type-ahead -----------------------------------------------------------------
    @Slot(str)
    def _filter(self, text: str) -> None:
        if not self.multi:
            self._code = ""
            self.changed.emit()
        query = fold(text)
        self.popup.clear()
        if not query:
            self.popup.hide()
            return
        words = query.split(" ")
        shown = 0
        for (code, label), folded in zip(self._items, self._folded, strict=True):
            if all(w in folded for w in words):
                item = QListWidgetItem(label)
                item.setData(CODE_ROLE, code)
                self.popup.addItem(item)
                shown += 1
                if shown >= 50:
                    break
        if shown:
            self.popup.setCurrentRow(0)
            self._place_popup()
        else:
            self.popup.hide()

    def _place_popup(self) -> None:
        window = self.window()
        if self.popup.parent() is not window:
            self.popup.setParent(window)
        pos = self.edit.mapTo(window, QPoint(0, self.edit.height()))
        rows = min(self.popup.count(), 8)
        self.popup.setGeometry(pos.x(), pos.y(), max(self.edit.width(), 240), rows * 22 + 6)
        self.popup.show()
        self.popup.raise_()

    def _take_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        code = str(item.data(CODE_ROLE))
        self.popup.hide()
        if self.multi:
            if code not in self.values():
                self._add_chosen(code)
            self.edit.clear()
        else:
            self.set_value(code)
        self.picked.emit(code)
        self.changed.emit()

    def _add_chosen(self, code: str) -> None:
        item = QListWidgetItem(self.label_of(code))
        item.setData(CODE_ROLE, code)
        self.chosen.addItem(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            if watched is self.edit:
                return self._edit_key(event)
            if watched is self.chosen and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.chosen.takeItem(self.chosen.currentRow())
                self.changed.emit()
                return True
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.popup.hide()
        return super().eventFilter(watched, event)

    def _edit_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        visible = self.popup.isVisible() and self.popup.count() > 0
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and visible:
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
            self.popup.setCurrentRow(row)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and visible:
            self._take_item(self.popup.currentItem())
            return True
        if key == Qt.Key.Key_Tab and visible:
            self._take_item(self.popup.currentItem())
            return False  # the Tab still moves focus on
        if key == Qt.Key.Key_Escape and visible:
            self.popup.hide()
            return True
        return False


class Badge(QLabel):
    """A small coloured label: deadline, risk, step."""

    COLOURS = {
        "red": ("#ffffff", "#c62828"),
        "amber": ("#000000", "#ffb300"),
        "green": ("#ffffff", "#2e7d32"),
        "grey": ("#000000", "#e0e0e0"),
        "blue": ("#ffffff", "#1565c0"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = "grey"
        self.set_colour("grey")

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        fg, bg = self.COLOURS[colour]
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {bg}; border-radius: 4px; padding: 2px 8px;"
            " font-weight: bold; }"
        )


def row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    """Widgets side by side (a small layout helper for forms)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return box
