"""No input a user can type ends in `Internal error` (issue 10, item 9): a hypothesis fuzzer
over the `caseline` commands, their flags and values, and the JSON documents given to
`contact add|update`, run in-process against a real desk (SQLCipher file, real reports).
Every run ends in exit 0, or in exit 1 (2 for usage) with ONE line on stderr — never exit
70, never a traceback — and the desk still verifies afterwards.

Bounded for `make test` (about a minute); CASELINE_FUZZ_EXAMPLES=N runs longer."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_cli_support import (
    ADMIN,
    CONTACT,
    INTAKE,
    MANAGER,
    PASSWORDS,
    add_contact,
    caseline,
    new_desk,
    ok,
)

from desktop.cli import build_parser, main
from desktop.cli.app import cmd_demo, cmd_gui, cmd_self_test
from desktop.errors import set_language

EXAMPLES = int(os.environ.get("CASELINE_FUZZ_EXAMPLES", "120"))


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def run_in_process(
    argv: list[str], *, user: str | None = None, stdin: str = "", env: dict | None = None
) -> Ran:
    """`caseline ARGV…` in this process (the same `main` the console script runs)."""
    saved_env = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    try:
        for key in [k for k in os.environ if k.startswith("CASELINE_")]:
            del os.environ[key]
        os.environ["CASELINE_TEST_FAST_KDF"] = "1"
        if user:
            os.environ["CASELINE_USER"] = user
            os.environ["CASELINE_PASSWORD"] = PASSWORDS.get(user, "not-the-password")
        os.environ.update(env or {})
        sys.stdin = _Stdin(stdin)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_env)
        set_language("vi")
    return Ran(int(code), out.getvalue(), err.getvalue())


def opens_a_window(argv: list[str]) -> bool:
    """`gui` (also the default command), `demo` and `self-test` start the app: not here."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:
            return False
    return getattr(args, "func", cmd_gui) in (cmd_gui, cmd_demo, cmd_self_test)


def assert_one_clear_outcome(ran: Ran, what: object) -> None:
    assert "Traceback" not in ran.stderr, (what, ran.stderr)
    assert "Internal error" not in ran.stderr and "Lỗi nội bộ" not in ran.stderr, (what, ran)
    assert ran.code in (0, 1, 2), (what, ran)
    if ran.code:
        assert len(ran.error_lines) == 1, (what, ran.stderr)
        shown = [c for c in ran.error_lines[0] if unicodedata.category(c) == "Cc"]
        assert not shown, ("control characters echoed raw", what, ran.stderr)


# ------------------------------------------------------------------------------ inputs

# Arguments come from the operating system: no NUL, and bytes that are not UTF-8 arrive as
# lone surrogates U+DC80..U+DCFF (Python's surrogateescape).
ARG_CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
)
TRICKY_TEXT = [
    "a_b", "caller_name:x", "body:x", '"', '""', "*", "a*", "NEAR(a b)", "a AND", "OR",
    "NOT x", "-x", "^a", "(", ")", "{a}", "x:y:z", "\udcff", "Hoà", "0905123456",
    "+84 905 123 456", "48-K7Q-2026-00001", "a" * 3000, " ", "", "%", "_", "'", ";--",
]  # fmt: skip
texts = st.one_of(st.sampled_from(TRICKY_TEXT), st.text(ARG_CHARS, max_size=30))
BIG = [2**31, 2**63 - 1, 2**63, 2**64, 2**70, -(2**70), -1, 0, 1]
numbers = st.one_of(st.sampled_from([str(n) for n in BIG]), st.integers().map(str), texts)
months = st.one_of(
    st.sampled_from(["0001-01", "0000-01", "9999-12", "2026-10", "2026-13", "10000-01"]),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 10_000), st.integers(0, 13)),
    texts,
)
users = st.sampled_from([ADMIN, MANAGER, INTAKE, "nobody", "\udcff"])
roles = st.sampled_from(["intake", "caseworker", "manager", "admin", "god", ""])
servers = st.sampled_from(
    ["http://127.0.0.1:9", "ftp://127.0.0.1/", "not a url", "", "https://[::1", "http://"]
)

# JSON documents for `contact add|update`: a good contact with fields replaced by strange
# values, and raw texts that are strange JSON.
json_strings = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=20),  # lone surrogates too
    st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2026-10-03",
                     "2026-10-03T14:05:00", "\ud800", "\udcff", "x\x00y", "1" * 5000]),
)  # fmt: skip
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        json_strings,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(json_strings, inner, max_size=3)
    ),
    max_leaves=8,
)
CONTACT_KEYS = [*CONTACT, "caller_name", "caller_phone", "caller_relation", "follow_up",
                "duration_s", "deleted", "id", "number", "rev"]  # fmt: skip
CHILD_KEYS = [*CONTACT["children"][0], "id", "birth_date", "birth_text", "commune_code"]


@st.composite
def contact_documents(draw) -> str:
    shape = draw(st.sampled_from(["mutated", "mutated child", "raw", "deep", "value"]))
    if shape == "raw":
        return draw(
            st.sampled_from(
                [
                    "", "{", "[]", "null", "NaN", "{\"a\": Infinity}", "1" * 5000,
                    '{"summary": "' + "\\ud800" + '"}', '{"x": 1e999}', "\ufeff{}",
                    '{"received_at": 1e308}', '{"children": [' + "1," * 2000 + "1]}",
                ]
            )
        )  # fmt: skip
    if shape == "deep":
        depth = draw(st.sampled_from([50, 500, 990, 1000, 5000, 100_000]))
        inner = "[" * depth + "]" * depth
        key = draw(st.sampled_from(["summary", "children", "caller", "categories", "x"]))
        return '{"' + key + '": ' + inner + "}" if draw(st.booleans()) else inner
    if shape == "value":
        return json.dumps(draw(json_values))
    document = json.loads(json.dumps(CONTACT))
    target = document if shape == "mutated" else document["children"][0]
    keys = CONTACT_KEYS if shape == "mutated" else CHILD_KEYS
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3)):
        if draw(st.booleans()):
            target[key] = draw(json_values)
        else:
            target.pop(key, None)
    return json.dumps(document, ensure_ascii=draw(st.booleans()))


@st.composite
def invocations(draw, out_dir: Path, contact_number: str, case_number: str):
    """(argv, user, stdin, env) for one run of the command line."""
    known = st.sampled_from([contact_number, case_number])
    some_number = st.one_of(known, texts)
    out = st.sampled_from([str(out_dir / "r.pdf"), str(out_dir), str(out_dir / "x" / "r.pdf")])
    flag = st.booleans()
    command = draw(
        st.sampled_from(
            ["search", "contact add", "contact update", "contact show", "case open",
             "case show", "report case", "report monthly", "report thematic", "user add",
             "user list", "conflicts", "seed-demo", "enroll", "sync", "restore", "init",
             "random", "attach add", "attach list", "attach get", "handoff",
             "report national", "report national-thematic"]
        )
    )  # fmt: skip
    user = draw(users)
    stdin = ""
    env: dict[str, str] = {}
    argv: list[str] = []
    if command == "search":
        argv = ["search", draw(texts)]
        if draw(flag):
            argv += ["--limit", draw(numbers)]
    elif command == "contact add":
        argv, stdin = ["contact", "add", "--json", "-"], draw(contact_documents())
    elif command == "contact update":
        argv = ["contact", "update", draw(some_number), "--json", "-"]
        stdin = draw(contact_documents())
    elif command in ("contact show", "case show"):
        argv = [*command.split(), draw(some_number)]
    elif command == "case open":
        argv = ["case", "open", draw(some_number)]
        if draw(flag):
            argv += ["--assign", draw(st.one_of(users, texts))]
        if draw(flag):
            argv += ["--urgent"]
    elif command == "report case":
        argv = ["report", "case", draw(some_number), "-o", draw(out)]
        if draw(flag):
            argv += ["--redact", draw(st.sampled_from(["full", "referral", "anonymous", "x"]))]
    elif command == "report monthly":
        argv = ["report", "monthly", draw(months), "-o", draw(out)]
        if draw(flag):
            argv += ["--csv", str(out_dir / "m.csv")]
        if draw(flag):
            argv += ["--xlsx", draw(st.sampled_from([str(out_dir / "m.xlsx"), str(out_dir)]))]
    elif command == "report thematic":
        argv = ["report", "thematic", "--from", draw(months), "--to", draw(months)]
        argv += ["-o", draw(out)]
        if draw(flag):
            argv += ["--category", draw(st.one_of(st.just("violence"), texts))]
        if draw(flag):
            argv += ["--xlsx", str(out_dir / "t.xlsx")]
    elif command == "user add":
        argv = ["user", "add", draw(texts), "--role", draw(roles)]
        env["CASELINE_NEW_PASSWORD"] = draw(st.sampled_from(["mat-khau-du-dai", "x", ""]))
    elif command == "seed-demo":
        argv = ["seed-demo", "--contacts", draw(st.sampled_from(["-1", "0", "1", "2**70",
                str(2**70), "x"]))]  # fmt: skip
        if draw(flag):
            argv += ["--cases", draw(st.sampled_from(["0", "1", str(2**70), "-5"]))]
        if draw(flag):
            argv += ["--seed", draw(numbers)]
    elif command == "enroll":
        argv = ["enroll", "--server", draw(servers), "--code", draw(texts)]
    elif command == "report national":  # issue 15: refused on this province desk
        argv = ["report", "national", draw(months), "-o", draw(out)]
        argv += ["--csv", str(out_dir / "n.csv")] if draw(flag) else []
    elif command == "report national-thematic":  # issue 15: refused on this desk
        argv = ["report", "national-thematic", "--from", draw(months), "--to", draw(months)]
        argv += ["-o", draw(out)] + (["--category", draw(texts)] if draw(flag) else [])
    elif command == "handoff":  # issue 15 (this desk is a province's: send is refused)
        action = draw(st.sampled_from(["send", "list", "accept", "decline"]))
        argv = ["handoff", action]
        if action == "send":
            argv += [draw(some_number), "--province", draw(st.one_of(st.just("48"), texts))]
            argv += ["--urgent"] if draw(flag) else []
            argv += ["--note", draw(texts)] if draw(flag) else []
        elif action == "list":
            argv += [draw(st.sampled_from(["--incoming", "--outgoing"]))] if draw(flag) else []
        else:
            argv += [draw(texts)]
            argv += ["--reason", draw(texts)] if action == "decline" else []
    elif command == "restore":
        junk = out_dir / "junk.clbak"
        junk.write_bytes(draw(st.sampled_from([b"", b"CASELINE-BACKUP\n", b"\xff" * 40])))
        argv = ["restore", draw(st.sampled_from([str(junk), str(out_dir), "missing"]))]
        env["CASELINE_BACKUP_PASSWORD"] = "sao-luu-an-toan-2026"
    elif command == "init":
        argv = ["init", "--centre", draw(texts), "--province", draw(texts), "--admin",
                draw(texts)]  # fmt: skip
    elif command == "attach add":  # issue 16: files of every kind, misnamed, missing
        junk = out_dir / draw(st.sampled_from(["a.pdf", "a.png", "a.tif", "a.txt", "a"]))
        junk.write_bytes(draw(st.sampled_from([b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 30,
                                               b"II*\x00", b"\xff" * 40])))  # fmt: skip
        argv = ["attach", "add", draw(some_number),
                draw(st.sampled_from([str(junk), str(out_dir), "missing.pdf"]))]  # fmt: skip
    elif command == "sync export":
        argv = ["sync", "export", "-o", draw(out)]
    elif command == "sync import":  # issue 16: junk, truncated, missing packets
        junk = out_dir / "junk.clpkt"
        junk.write_bytes(draw(st.sampled_from([b"", b"CASELINE-PACKET1", b"CASELINE-PACKET1"
                                               + b"\0\0\0\x02{}" + b"x" * 40, b"\xff" * 64])))  # fmt: skip
        argv = ["sync", "import", draw(st.sampled_from([str(junk), str(out_dir), "missing"]))]
    elif command == "attach list":
        argv = ["attach", "list", draw(some_number)]
    elif command == "attach get":
        argv = ["attach", "get", draw(texts), "-o", draw(out)]
    elif command == "random":
        argv = draw(st.lists(st.one_of(texts, st.sampled_from(
            ["--json", "--limit", "-o", "--user", "--lang", "report", "case", "contact"]
        )), max_size=5))  # fmt: skip
    else:
        argv = command.split()
    if draw(flag) and command not in ("random", "seed-demo", "user add"):
        argv.append("--json") if command not in ("contact add", "contact update") else None
    if draw(flag):
        argv = ["--lang", draw(st.sampled_from(["vi", "en"])), *argv]
    return argv, user, stdin, env


@pytest.fixture(scope="module")
def fuzz_desk(tmp_path_factory):
    desk = new_desk(tmp_path_factory.mktemp("fuzzdesk"))
    contact = add_contact(desk)
    case = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()
    return desk, contact["number"], case["number"]


def test_no_input_ends_in_an_internal_error(fuzz_desk, tmp_path_factory):
    desk, contact_number, case_number = fuzz_desk
    out_dir = tmp_path_factory.mktemp("fuzz-out")

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(invocations(out_dir, contact_number, case_number))
    def one_run(invocation):
        argv, user, stdin, env = invocation
        if argv[:1] == ["init"]:
            argv = ["--data-dir", str(out_dir / "new-desk"), *argv]
        else:
            argv = ["--data-dir", str(desk), *argv]
        assume(not opens_a_window(argv))
        ran = run_in_process(argv, user=user, stdin=stdin, env=env)
        assert_one_clear_outcome(ran, (argv, stdin[:200]))

    one_run()
    ok(caseline(desk, "verify", user=ADMIN))


# ------------------------------------------------------------ the named regressions


@pytest.fixture(scope="module")
def desk(fuzz_desk):
    return fuzz_desk[0]


def _refused(desk: Path, *argv: str, user: str = MANAGER, stdin: str = "", code: int = 1):
    ran = run_in_process(["--data-dir", str(desk), "--lang", "en", *argv], user=user,
                         stdin=stdin)  # fmt: skip
    assert_one_clear_outcome(ran, argv)
    assert ran.code == code, ran
    return ran.error_lines[0]


@pytest.mark.parametrize("text", ["a_b", "caller_name:x", 'say "hi"', "NEAR(a b)", "\udcff"])
def test_search_text_is_searched_for_as_words_not_as_query_syntax(desk, text):
    ran = run_in_process(["--data-dir", str(desk), "search", text, "--json"], user=MANAGER)
    assert_one_clear_outcome(ran, text)
    if text != "\udcff":
        assert ran.code == 0 and json.loads(ran.stdout) == []


def test_a_search_finds_a_name_typed_with_an_underscore(desk):
    ran = run_in_process(["--data-dir", str(desk), "search", "Hoà_Đặng", "--json"], user=MANAGER)
    assert ran.code == 0, ran
    assert {hit["kind"] for hit in json.loads(ran.stdout)} >= {"child"}


def test_a_limit_of_two_to_the_seventy_is_refused_in_one_line(desk):
    line = _refused(desk, "search", "Hoà", "--limit", str(2**70))
    assert "1000" in line


def test_a_month_in_year_one_is_refused_in_one_line(desk, tmp_path):
    line = _refused(desk, "report", "monthly", "0001-01", "-o", str(tmp_path / "m.pdf"))
    assert "0001-01" in line and not (tmp_path / "m.pdf").exists()


def test_a_thematic_period_of_a_thousand_years_is_refused_in_one_line(desk, tmp_path):
    out = tmp_path / "t.pdf"
    _refused(desk, "report", "thematic", "--from", "1026-01", "--to", "2026-12", "-o", str(out))
    assert not out.exists()


@pytest.mark.parametrize(
    "document",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"summary": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({**CONTACT, "summary": "x\udcff"}),
        json.dumps({**CONTACT, "summary": "x\udcff"}, ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        ).decode("utf-8", "surrogateescape"),
        json.dumps({**CONTACT, "received_at": "9999-12-31T23:59:59-12:00"}),
        "1" * 5000,
    ],
    ids=["nested-100000", "nested-in-a-field", "lone-surrogate-escaped",
         "lone-surrogate-raw", "receipt-time-9999", "5000-digit-number"],
)  # fmt: skip
def test_a_strange_contact_document_is_refused_in_one_line(desk, document):
    before = run_in_process(["--data-dir", str(desk), "search", "Hoà", "--json"], user=MANAGER)
    for action in (["contact", "add", "--json", "-"],):
        _refused(desk, *action, user=INTAKE, stdin=document)
    after = run_in_process(["--data-dir", str(desk), "search", "Hoà", "--json"], user=MANAGER)
    assert before.stdout == after.stdout, "nothing was saved"


def test_an_enrolment_code_of_3000_characters_is_refused_in_one_line(desk):
    """Found by the fuzzer once it drew attach commands too: the code went into the
    protocol model unchecked (Internal error (ValidationError), exit 70)."""
    line = _refused(desk, "enroll", "--server", "http://127.0.0.1:9", "--code", "a" * 3000,
                    user=ADMIN)  # fmt: skip
    assert "1–64" in line


@pytest.mark.parametrize(
    "server", ["https://[::1", "http://", "https://host:99999", "http://:80", "https://a b"]
)
def test_a_server_address_that_does_not_parse_is_refused_in_one_line(desk, server):
    """Found by the fuzzer (`enroll --server 'https://[::1'`): urllib3's ValueError
    reached the user as 'Internal error (ValueError)', exit 70."""
    line = _refused(desk, "enroll", "--server", server, "--code", "ABCD-1234", user=ADMIN)
    assert "không hợp lệ" in line or "not valid" in line
