"""The seams between the parts (DESIGN.md "Layout", docs/dev-contracts.md "Layers"):
the import contract of pyproject.toml holds (`lint-imports`), the core knows nothing of
Qt, and the central line shares only a short, exact list of modules with the desk."""

from __future__ import annotations

import ast
import subprocess
import sys
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


def test_the_import_contract_holds():
    """ui > services > {sync, reports} > db > domain; the UI, CLI and demo use services
    only; reports are pure; central shares little (pyproject.toml [tool.importlinter])."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_ui_and_cli_reach_the_core_through_services_only():
    # The same rule as the contract, read from the source text too (a lazy import inside
    # a function is still an import).
    core = ("desktop.db", "desktop.sync", "desktop.reports")
    offenders = []
    for folder in ("ui", "cli", "demo"):
        paths = [
            ROOT / "desktop" / f"{folder}.py",
            *sorted((ROOT / "desktop" / folder).rglob("*.py")),
        ]
        for path in paths:
            if not path.exists():
                continue
            for module in _imported_modules(path):
                if any(module == c or module.startswith(c + ".") for c in core):
                    offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_only_the_ui_package_imports_pyside6():
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if (ROOT / "desktop" / "ui") in path.parents:
            continue
        if any(m.split(".")[0] in {"PySide6", "shiboken6"} for m in _imported_modules(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_central_shares_only_the_protocol_module_with_the_desk():
    # The protocol schema, the record field names both sides store, the counting of plain
    # documents and the pure report renderer (the central line prints the same monthly
    # report as the desks, counted by the same SQL), and the one atomic file writer.
    allowed = {
        "desktop.sync.protocol",
        "desktop.sync.packet",  # the sync packet's file format (issue 16)
        "desktop.domain.records",
        "desktop.domain.text",
        "desktop.reports.render",
        "desktop.db.stats",
        "desktop.files",
        "desktop.domain.calendar",  # handoff deadlines in working days (issue 15)
        "desktop.domain.keychain",  # the desk's key chain and restore statements (issue 11)
        "desktop.domain.retention",  # the desks' retention rules, applied by central (issue 12)
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


# --- typed results (docs/dev-contracts.md "Typed results") --------------------------------

# Public service methods that still return a documented dict (or list of dicts). The list
# may only shrink: a method moved to a typed result must leave it (the test says so), and
# no new method may join it.
STILL_RETURNING_DICTS = {
    "contacts.ContactsPart.get_contact",
    "contacts.ContactsPart.contacts_by_phone",
    "handoffs.HandoffsPart.home_figures",
    "handoffs.HandoffsPart.get",
    "history.HistoryPart.case_history",
    "home.HomePart.home",
    "rights.RightsPart.retention",
}


def _untyped(annotation: str) -> bool:
    """A return annotation that says nothing of the shape: missing, `Any` anywhere, or a
    bare `dict` / `dict[str, Any]` (alone or in a list/optional)."""
    import re

    return not annotation or bool(re.search(r"\bAny\b|^dict$|\bdict\[str, Any\]", annotation))


def _service_methods():
    """(name "module.Class.method", return annotation text, has a docstring) of every
    public method of the service surface: `Workspace`, its base and its parts."""
    for path in sorted((ROOT / "desktop" / "services").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef) or not (
                cls.name.endswith("Part") or cls.name.startswith("Workspace")
            ):
                continue
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef) and not fn.name.startswith("_"):
                    returns = ast.unparse(fn.returns) if fn.returns else ""
                    yield f"{path.stem}.{cls.name}.{fn.name}", returns, bool(ast.get_docstring(fn))


def test_every_public_service_method_says_what_it_returns():
    """Every public service method has a return annotation that is neither `Any` nor a bare
    dict, and a docstring (shapes, units, errors); the few still returning documented
    dicts are listed above, and the list only shrinks."""
    methods = list(_service_methods())
    assert len(methods) > 100  # the scan sees the service surface
    undocumented = [name for name, _returns, documented in methods if not documented]
    assert undocumented == []
    untyped = {name for name, returns, _doc in methods if _untyped(returns)}
    assert untyped - STILL_RETURNING_DICTS == set(), "new untyped results"
    assert STILL_RETURNING_DICTS - untyped == set(), "typed now: take them off the list"
