"""One vocabulary (issue 12, docs/glossary.md): each Decree 56 step has one name — the
same on the screens (taxonomy labels), in the printouts (steps.step_name) and in the
glossary. Before, the print called two steps by other names than the screens."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import steps
from desktop.domain.taxonomy import load_taxonomy

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


def test_each_step_has_one_name_on_screens_prints_and_in_the_glossary():
    taxonomy = load_taxonomy()
    glossary = GLOSSARY.read_text("utf-8")
    for step in taxonomy.codes("case_steps"):
        name = taxonomy.label("case_steps", step)
        assert steps.step_name(step) == name, step
        assert f"| {name} |" in glossary, step


def test_the_glossary_names_the_caller_and_the_contact_once():
    glossary = GLOSSARY.read_text("utf-8")
    assert "| Người gọi | caller |" in glossary
    assert "| Cuộc liên hệ | contact |" in glossary


def test_the_screens_call_the_caller_nguoi_goi():
    """docs/glossary.md: "Người gọi" for the caller, never "người liên hệ" (the intake
    screen said "Người liên hệ", "Tên người liên hệ", … before)."""
    ts = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "caseline_vi.ts"
    text = ts.read_text("utf-8")
    assert "người liên hệ" not in text.lower()
