"""The intake form's consent block (issue 12; Law 91/2025/QH15, Decree 356/2025): per
purpose, the child's and the representative's answer, or the legal basis for acting
without consent; and who represents the child. Its `data()` is the contact's `consent`
(shape: desktop.domain.consent)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo

PURPOSES = ("counselling", "referral", "sharing", "printing")  # desktop.domain.consent
ANSWERS = {"yes": True, "no": False}


class ConsentBlock(QGroupBox):
    """Rows: the purposes; columns: the child's answer, the representative's answer (not
    asked / agrees / refuses), the legal basis when consent is not the basis."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consent")
        self.representative_name = QLineEdit(self)
        self.representative_name.setObjectName("representative_name")
        self.representative_relation = CodeCombo(self)
        self.representative_relation.setObjectName("representative_relation")
        self.rows: dict[str, tuple[QLabel, CodeCombo, CodeCombo, CodeCombo]] = {}
        self.headers = [QLabel(self) for _ in range(4)]
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout = QFormLayout(self)
        self.name_label = QLabel(self)
        self.relation_label = QLabel(self)
        layout.addRow(self.name_label, self.representative_name)
        layout.addRow(self.relation_label, self.representative_relation)
        grid = QGridLayout()
        for column, header in enumerate(self.headers):
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        for row, purpose in enumerate(PURPOSES, start=1):
            label = QLabel(self)
            child, representative, basis = CodeCombo(self), CodeCombo(self), CodeCombo(self)
            child.setObjectName(f"consent_{purpose}_child")
            representative.setObjectName(f"consent_{purpose}_representative")
            basis.setObjectName(f"consent_{purpose}_basis")
            for column, widget in enumerate((label, child, representative, basis)):
                grid.addWidget(widget, row, column)
            for combo in (child, representative, basis):
                combo.activated.connect(self.changed)
            self.rows[purpose] = (label, child, representative, basis)
        grid.setColumnStretch(3, 1)
        layout.addRow(grid)
        layout.addRow(self.hint)
        self.representative_name.textEdited.connect(self.changed)
        self.representative_relation.activated.connect(self.changed)
        self.retranslate_ui()

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.representative_name, self.representative_relation]
        for _label, *combos in self.rows.values():
            chain += combos
        return chain

    def data(self) -> dict[str, Any]:
        """The consent record; {} when nothing was asked (no purpose answered)."""
        purposes: dict[str, Any] = {}
        for purpose, (_label, child, representative, basis) in self.rows.items():
            answer = {
                "child": ANSWERS.get(child.value()),
                "representative": ANSWERS.get(representative.value()),
                "basis": basis.value() or "consent",
            }
            if answer["child"] is not None or answer["representative"] is not None:
                purposes[purpose] = answer
            elif answer["basis"] != "consent":
                purposes[purpose] = answer
        name = self.representative_name.text().strip()
        relation = self.representative_relation.value()
        if not purposes and not name and not relation:
            return {}
        out: dict[str, Any] = {"purposes": purposes}
        if name:
            out["representative_name"] = name
        if relation:
            out["representative_relation"] = relation
        return out

    def state(self) -> dict[str, Any]:
        """What is chosen, for the draft."""
        return {
            "representative_name": self.representative_name.text(),
            "representative_relation": self.representative_relation.value(),
            "rows": {
                purpose: [combo.value() for combo in combos]
                for purpose, (_label, *combos) in self.rows.items()
            },
        }

    def restore(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        self.representative_name.setText(str(state.get("representative_name") or ""))
        self.representative_relation.set_value(state.get("representative_relation") or "")
        rows = state.get("rows") or {}
        for purpose, (_label, *combos) in self.rows.items():
            values = rows.get(purpose) or []
            for combo, value in zip(combos, values, strict=False):
                combo.set_value(value)

    def reset(self) -> None:
        self.representative_name.clear()
        self.representative_relation.setCurrentIndex(0)
        for _label, *combos in self.rows.values():
            for combo in combos:
                combo.setCurrentIndex(0)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Consent and legal basis"))
        self.name_label.setText(self.tr("Child's representative"))
        self.relation_label.setText(self.tr("Representative is the child's"))
        self.representative_name.setPlaceholderText(
            self.tr("Parent or guardian, as they give their name")
        )
        self.representative_relation.set_items([("", "—"), *fmt.items("caller_relations")])
        texts = (
            self.tr("Purpose"),
            self.tr("The child"),
            self.tr("The representative"),
            self.tr("Without consent, on the basis of"),
        )
        for header, text in zip(self.headers, texts, strict=True):
            header.setText(text)
        answers = [
            ("", self.tr("Not asked")),
            ("yes", self.tr("Agrees")),
            ("no", self.tr("Refuses")),
        ]
        bases = [("", self.tr("Consent (no other basis)")), *fmt.items("legal_bases")]
        for purpose, (label, child, representative, basis) in self.rows.items():
            label.setText(fmt.label("consent_purposes", purpose))
            child.set_items(answers)
            representative.set_items(answers)
            basis.set_items(bases)
        self.hint.setText(
            self.tr(
                "A child aged 7 or more must agree as well as the representative (Law on "
                "Children Art. 33, Law 91/2025/QH15). Without consent, choose the legal basis "
                "the centre acts on; a referral print needs one or the other."
            )
        )
