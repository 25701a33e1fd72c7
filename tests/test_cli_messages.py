"""The CLI's messages name the cause in the user's language (issue 10, item 9, the fresh-eyes
tester's findings): usage errors from argparse speak Vietnamese or English like every other
line; numbers and months typed with full-width digits are read as digits, everywhere;
bytes that are not UTF-8 are called that, not "a lone surrogate"; a control character
echoed from the input is shown as an escape; `restore` of something that is not a file
says what it is."""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import os
import re
import socket
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli_fuzz import assert_one_clear_outcome, run_in_process
from test_cli_support import (
    ADMIN,
    CONTACT,
    INTAKE,
    MANAGER,
    add_contact,
    caseline,
    new_desk,
    open_workspace,
)

from desktop.cli import build_parser
from desktop.cli.common import InputError, read_json_object
from desktop.cli.output import one_line
from desktop.cli.parser import ARGPARSE_VI, month_text, whole_number
from desktop.cli.reports import check_month
from desktop.errors import ValidationError, set_language

BOUNDED = settings(max_examples=40, deadline=None, derandomize=True)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data_dir = new_desk(tmp_path_factory.mktemp("desk"))
    add_contact(data_dir)
    return data_dir


def _usage_error(argv: list[str], lang: str) -> str | None:
    """The line argparse writes for `argv` in `lang`, or None when it parses."""
    set_language(lang)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(argv)
    except SystemExit:
        return err.getvalue()
    finally:
        set_language("vi")
    return None


# ------------------------------------------------------------ (f) argparse's own errors

# Words of argparse's English templates that never occur in the Vietnamese ones.
ENGLISH = re.compile(
    r"\b(argument|arguments|required|invalid|unrecognized|expected|choose from|ambiguous"
    r"|not allowed|could match|value)\b"
)
TOKENS = ["contact", "add", "search", "report", "monthly", "thematic", "case", "open", "user",
          "--json", "--limit", "-o", "--from", "--to", "--role", "--redact", "--user", "bogus",
          "x", "5", "2026-10", "--frobnicate", "backup", "restore", "sync", "--lang"]  # fmt: skip


@BOUNDED
@given(argv=st.lists(st.sampled_from(TOKENS), max_size=5))
def test_every_usage_error_speaks_the_language_asked_for(argv):
    vi = _usage_error(argv, "vi")
    if vi is None:
        return
    assert len(vi.strip().splitlines()) == 1 and vi.rstrip().endswith("(--help)"), vi
    assert not ENGLISH.search(vi.split(":", 1)[1]), vi
    en = _usage_error(argv, "en")
    assert en is not None and len(en.strip().splitlines()) == 1


def test_a_missing_argument_is_named_in_vietnamese(desk):
    """The tester's example: the rest of the CLI spoke Vietnamese, argparse English."""
    ran = run_in_process(["--data-dir", str(desk), "report", "monthly"], user=MANAGER)
    assert ran.code == 2 and ran.error_lines == [
        "caseline report monthly: thiếu tham số bắt buộc: YYYY-MM, -o/--output (--help)"
    ]
    ran = run_in_process(["--data-dir", str(desk), "--lang", "en", "report", "monthly"])
    assert "the following arguments are required" in ran.error_lines[0]
    ran = run_in_process(["--data-dir", str(desk), "frobnicate"])
    assert "lựa chọn 'frobnicate' không hợp lệ" in ran.error_lines[0]


def test_every_argparse_message_a_user_can_meet_has_its_vietnamese(tmp_path):
    """Guards a Python upgrade: argparse's user-facing error templates, read from its source
    (--help's headings stay English with the help texts)."""
    source = inspect.getsource(argparse)
    templates = set(re.findall(r"_\('((?:[^'\\]|\\.)*)'\)", source))
    templates |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source))
    templates |= {
        t for pair in re.findall(r"ngettext\('([^']*)',\s*'([^']*)'", source) for t in pair
    }
    for_programmers = {
        ".__call__() not defined", "conflicting subparser: %s",
        "conflicting subparser alias: %s", "argument \"-\" with mode %r",
        "cannot merge actions - two groups are named %r",
        "'required' is an invalid argument for positionals", "dest= is required for options like %r",
        "invalid conflict_resolution value: %r", "conflicting option string: %s",
        "conflicting option strings: %s", "mutually exclusive arguments must be optional",
        "cannot have multiple subparser arguments", "%r is not callable",
        "%(prog)s: error: %(message)s\\n", "show program's version number and exit",
    }  # fmt: skip
    help_headings = {
        "usage: ",
        "positional arguments",
        "options",
        "show this help message and exit",
    }
    missing = templates - for_programmers - help_headings - set(ARGPARSE_VI)
    assert not missing, f"argparse messages with no Vietnamese: {sorted(missing)}"


# ------------------------------------------------------------ (e) full-width digits


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) - ord("0") + 0xFF10) if c.isdigit() else c for c in text)


@BOUNDED
@given(n=st.integers(0, 10**12), year=st.integers(1900, 2999), month=st.integers(1, 12))
def test_full_width_digits_are_read_as_digits_in_every_numeric_input(n, year, month):
    assert whole_number(_full_width(str(n))) == n == whole_number(str(n))
    typed = _full_width(f"{year:04d}-{month:02d}")
    assert month_text(typed) == f"{year:04d}-{month:02d}"
    check_month(month_text(typed))


@pytest.mark.parametrize("typed", ["٢٠٢٦-١٠", "२०२६-१०", "2026-1O"])
def test_a_month_in_other_digits_is_called_not_a_month(typed):
    with pytest.raises(InputError) as refused:
        check_month(month_text(typed))
    assert "YYYY-MM" in refused.value.message_en and "outside" not in refused.value.message_en


def test_a_full_width_month_prints_the_report(desk, tmp_path):
    """The tester's example: `report monthly ２０２６-１０` got "outside 1900-01 … 2999-12"."""
    out = tmp_path / "m.pdf"
    ran = run_in_process(
        ["--data-dir", str(desk), "report", "monthly", "２０２６-１０", "-o", str(out)],
        user=MANAGER,
    )
    assert ran.code == 0, ran
    assert out.read_bytes().startswith(b"%PDF")
    ran = run_in_process(
        ["--data-dir", str(desk), "search", "Hoà", "--limit", "５", "--json"], user=MANAGER
    )
    assert ran.code == 0 and json.loads(ran.stdout)
    ran = run_in_process(["--data-dir", str(desk), "search", "Hoà", "--limit", "٥"], user=MANAGER)
    assert ran.code == 2 and "0–9" in ran.error_lines[0]


# Province codes as a user may type them: full-width, zero-padded, spaced, one digit.
def _spellings(code: str) -> list[str]:
    return [code, _full_width(code), f"0{code}", f" {code} ", _full_width(f"0{code}")]


@pytest.mark.parametrize("typed", _spellings("48"))
def test_a_desk_set_up_with_a_province_code_typed_any_way_stores_it_as_48(tmp_path, typed):
    """Found with (e): `init --province ４８` made a desk of province "４８" whose numbers
    were "４８-…" and whose enrolment central refused as another province's."""
    from desktop.services import Workspace

    Workspace.init(tmp_path / "desk", centre="Trung tâm CTXH", province_code=typed,
                   admin_username="admin", admin_password="quan-tri-2026")  # fmt: skip
    with Workspace.open(tmp_path / "desk", "admin", "quan-tri-2026") as ws:
        assert ws.province_code == "48"  # numbers are made from it: "48-…"


def test_a_case_transferred_to_a_province_typed_any_way_goes_to_79(desk):
    """Found with (e): `case transfer N --province ７９` stored "７９" (a province no desk
    and no central serves), and "048" passed as another province than "48"."""
    ws = open_workspace(desk, MANAGER)
    try:
        for typed in _spellings("79"):
            case = ws.open_case(ws.record_contact(CONTACT).id)
            ws.transfer_case(case.number, typed)
            assert ws.get_case(case.number).case.province_code == "79", typed
        for own in _spellings("48"):
            case = ws.open_case(ws.record_contact(CONTACT).id)
            with pytest.raises(ValidationError):
                ws.transfer_case(case.number, own)
    finally:
        ws.close()


# ------------------------------------------------------------ (d) bytes that are not UTF-8


@BOUNDED
@given(
    before=st.binary(max_size=20),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82"]),
)
def test_bytes_that_are_not_utf8_are_called_that(tmp_path_factory, before, bad):
    path = tmp_path_factory.mktemp("json") / "c.json"
    document = b'{"summary": "' + before.replace(b'"', b"") + bad + b'!"}'
    try:
        document.decode("utf-8")
        return  # the drawn bytes happened to complete a character
    except UnicodeDecodeError:
        pass
    path.write_bytes(document)
    with pytest.raises(InputError) as refused:
        read_json_object(str(path))
    assert "not valid UTF-8" in refused.value.message_en
    assert "surrogate" not in refused.value.message_en


def test_invalid_utf8_on_stdin_is_not_called_a_lone_surrogate(desk):
    """The tester's example: `contact add --json -` with a byte 0xff got "a lone surrogate"."""
    raw = json.dumps({**CONTACT, "summary": "Mẹ báo \udcff"}, ensure_ascii=False)
    ran = run_in_process(
        ["--data-dir", str(desk), "--lang", "en", "contact", "add", "--json", "-"],
        user=INTAKE,
        stdin=raw,  # \udcff: the byte 0xff as the shell hands it over (surrogateescape)
    )
    assert_one_clear_outcome(ran, raw)
    assert "is not valid UTF-8" in ran.error_lines[0] and "0xff" not in ran.error_lines[0]
    assert "surrogate" not in ran.error_lines[0] and "\\xff" in ran.error_lines[0]


# ------------------------------------------------------------ (g) control characters


@BOUNDED
@given(text=st.text(max_size=40))
def test_no_message_line_carries_a_control_character(text):
    line = one_line(f"Dữ liệu không hợp lệ — {text}")
    assert "\n" not in line
    assert not [c for c in line if unicodedata.category(c) == "Cc"], repr(line)
    assert not set(line) & {"\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"}


def test_a_nul_in_a_json_key_is_shown_escaped(desk):
    """The tester's example: `{"a\\u0000b": 1}` put a raw NUL into the error line."""
    raw = json.dumps({**CONTACT, "a\x00b": 1, "\u202ex": 2})
    ran = run_in_process(
        ["--data-dir", str(desk), "contact", "add", "--json", "-"], user=INTAKE, stdin=raw
    )
    assert_one_clear_outcome(ran, raw)
    assert "\x00" not in ran.stderr and "\u202e" not in ran.stderr
    assert "a\\x00b" in ran.error_lines[0] and "\\u202ex" in ran.error_lines[0]


# ------------------------------------------------------------ (c) restore of a non-file


def test_restore_of_a_fifo_a_folder_or_a_socket_says_what_it_is(desk, tmp_path):
    fifo, folder = tmp_path / "backup.clbak", tmp_path / "folder.clbak"
    os.mkfifo(fifo)
    folder.mkdir()
    sock_path = tmp_path / "s.clbak"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        said = {}
        for name, target in (("fifo", fifo), ("folder", folder), ("socket", sock_path),
                             ("missing", tmp_path / "none.clbak")):  # fmt: skip
            ran = run_in_process(
                ["--data-dir", str(desk), "--lang", "en", "restore", str(target)], user=ADMIN
            )
            assert_one_clear_outcome(ran, name)
            assert ran.code == 1
            said[name] = ran.error_lines[0]
    finally:
        sock.close()
    assert "is a FIFO (a pipe), not a backup file" in said["fifo"]
    assert "is a folder, not a backup file" in said["folder"]
    assert "is a socket, not a backup file" in said["socket"]
    assert "not found" in said["missing"]
    assert Path(fifo).exists() and folder.is_dir()


READS_A_WHOLE_FILE = {
    "restore": ("restore", "{path}"),
    "holidays use": ("holidays", "use", "{path}"),
    "sync import": ("sync", "import", "{path}"),
    "attach add": ("attach", "add", "48-K7Q-2026-00001", "{path}"),
}


@pytest.mark.parametrize("command", list(READS_A_WHOLE_FILE))
def test_no_command_that_reads_a_file_hangs_on_a_fifo(desk, tmp_path, command):
    """Found after the restore fix: `holidays use`, `sync import` and `attach add` given a
    FIFO waited for ever. A real process with a timeout, so a hang fails instead of hanging."""
    fifo = tmp_path / "input"
    os.mkfifo(fifo)
    argv = [a.format(path=fifo) for a in READS_A_WHOLE_FILE[command]]
    ran = caseline(desk, "--lang", "en", *argv, user=ADMIN, timeout=60)
    assert ran.returncode == 1 and len(ran.error_lines) == 1, ran
    assert "is a FIFO (a pipe), not a" in ran.error_lines[0], ran
