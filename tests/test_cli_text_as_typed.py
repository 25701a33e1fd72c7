"""Text as typed through the command line (issue 10, finding 5): `contact add --json` then
`contact show --json` gives back the summary's lines, spaces and punctuation unchanged."""

from __future__ import annotations

import unicodedata

from test_cli_support import CONTACT, INTAKE, add_contact, caseline, new_desk, ok

EXAMPLE = "Mẹ gọi báo:\n1. Con bị bố đánh tối qua.\n2. Con đang ở nhà bà ngoại.\n"


def test_a_numbered_summary_typed_on_several_lines_comes_back_on_several_lines(tmp_path):
    """Regression: "Mẹ gọi báo:\\n1. …\\n2. …" came back as "Mẹ gọi báo: 1. … 2. …"."""
    desk = new_desk(tmp_path / "desk")
    typed = {**CONTACT, "summary": unicodedata.normalize("NFD", "  " + EXAMPLE + "\t\r\n")}
    saved = add_contact(desk, typed)

    shown = ok(caseline(desk, "contact", "show", saved["number"], "--json", user=INTAKE)).json()

    assert shown["summary"] == "  " + EXAMPLE + "\t\r\n"
    assert shown["caller_name"] == CONTACT["caller"]["name"]
