"""The core knows nothing of Qt: only desktop/ui may import PySide6 (DESIGN.md "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from desktop.sync import protocol` imports desktop.sync.protocol
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_ui_package_imports_pyside6():
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if (ROOT / "desktop" / "ui") in path.parents:
            continue
        if any(m.split(".")[0] in {"PySide6", "shiboken6"} for m in _imported_modules(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_central_shares_only_the_protocol_module_with_the_desk():
    # The protocol schema, the record field names both sides store, and the pure report
    # renderer (the central line prints the same monthly report as the desks).
    allowed = {
        "desktop.sync.protocol",
        "desktop.domain.records",
        "desktop.domain.text",
        "desktop.reports.render",
    }
    offenders = []
    for path in sorted((ROOT / "central").rglob("*.py")):
        for module in _imported_modules(path):
            if (
                module.startswith("desktop")
                and module not in allowed
                and not any(module.startswith(a + ".") for a in allowed)
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []
