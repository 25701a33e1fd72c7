"""Attachments on the desk (issue 16): stored encrypted in the database, sniffed, limited,
audited; never a clear file but where the user asks or while a viewer holds one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from attachment_files import jpeg, pdf, png, tiff, wide_png
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli_support import (
    ADMIN,
    CONTACT,
    INTAKE,
    MANAGER,
    PASSWORDS,
    caseline,
    fails_with_one_line,
    ok,
)

from desktop.errors import PermissionDenied, ValidationError
from desktop.services import Workspace
from desktop.services import attachments as service

MARKER = b"CASELINE-MARKER-7f3a9c-giay-bao-benh-vien"


def new_desk(data: Path) -> str:
    """The CLI tests' desk (same users and passwords), made in this process (fast);
    returns the number of one contact on it."""
    Workspace.init(data, centre="Trung tâm CTXH Đà Nẵng", province_code="48",
                   admin_username=ADMIN, admin_password=PASSWORDS[ADMIN])  # fmt: skip
    with Workspace.open(data, ADMIN, PASSWORDS[ADMIN]) as admin:
        admin.add_user(MANAGER, "manager", PASSWORDS[MANAGER])
        admin.add_user(INTAKE, "intake", PASSWORDS[INTAKE])
    with Workspace.open(data, INTAKE, PASSWORDS[INTAKE]) as ws:
        return ws.record_contact(CONTACT).number


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data = tmp_path_factory.mktemp("attach") / "desk"
    return data, new_desk(data)


def _open(data: Path, user: str = MANAGER) -> Workspace:
    return Workspace.open(data, user, PASSWORDS[user])


def _everything_under(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_an_attachment_never_appears_in_clear_under_the_data_dir_or_the_temp_dir(tmp_path):
    data, tmp, outside = tmp_path / "desk", tmp_path / "tmp", tmp_path / "outside"
    tmp.mkdir()
    outside.mkdir()
    number = new_desk(data)
    env = {"TMPDIR": str(tmp)}
    source = outside / "giay-kham-benh.png"
    source.write_bytes(png(marker=MARKER))
    added = ok(caseline(data, "attach", "add", number, str(source), "--json", user=INTAKE, env=env))
    attachment_id = added.json()["id"]
    with _open(data) as ws:
        listed = [item.to_dict() for item in ws.attachments.list(number)]
    assert [a["id"] for a in listed] == [attachment_id]
    assert listed[0]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert listed[0]["media_type"] == "image/png" and listed[0]["added_by"] == INTAKE
    got = outside / "ban-sao.png"
    ok(caseline(data, "attach", "get", attachment_id, "-o", str(got), user=MANAGER, env=env))
    assert got.read_bytes() == source.read_bytes()  # the control: the marker is findable
    ws = _open(data)
    try:
        with ws.attachments.temporary_file(attachment_id) as viewer_copy:
            assert MARKER in viewer_copy.read_bytes()
            assert viewer_copy.stat().st_mode & 0o777 == 0o600
            held = viewer_copy
    finally:
        ws.close()
    assert not held.exists() and not held.parent.exists()
    leaks = [p for p in _everything_under(data, tmp) if MARKER in p.read_bytes()]
    assert leaks == []
    assert (data / "caseline.db").read_bytes()[:16] != b"SQLite format 3\0"


def test_a_viewers_temporary_copy_is_wiped_even_when_the_viewer_fails(desk, tmp_path):
    data, number = desk
    ws = _open(data)
    try:
        saved = ws.attachments.add(number, png(marker=MARKER), "anh.png")
        with pytest.raises(RuntimeError), ws.attachments.temporary_file(saved.id) as copy:
            raise RuntimeError("the viewer crashed")
        assert not copy.exists()
    finally:
        ws.close()


def test_views_and_exports_of_an_attachment_are_audited(desk, tmp_path):
    data, number = desk
    ws = _open(data)
    try:
        saved = ws.attachments.add(number, pdf(), "cong-van.pdf")
        ws.attachments.content(saved.id)
        ws.attachments.save(saved.id, tmp_path / "cv.pdf")
        rows = ws.conn.execute(
            "SELECT action, detail FROM audit_event WHERE record_id = ? ORDER BY rowid",
            (saved.id,),
        ).fetchall()
    finally:
        ws.close()
    assert [r[0] for r in rows] == ["create", "view", "export"]
    assert (tmp_path / "cv.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("thu.pdf", png(), "PNG"),
        ("anh.jpg", png(), "PNG"),
        ("anh.png", pdf(), "PDF"),
        ("scan.tif", b"just some text, not a scan", "none of the accepted kinds"),
        ("gia.pdf", b"%PDF-1.7\n" + b"x" * 400, "PDF file is damaged"),
        ("chu.txt", b"hello", "Only PDF, JPEG, PNG or TIFF"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_a_file_that_is_not_what_its_extension_says_is_refused_and_nothing_is_kept(
    desk, name, content, says
):
    data, number = desk
    ws = _open(data)
    try:
        before = len(ws.attachments.list(number))
        with pytest.raises(ValidationError) as refused:
            ws.attachments.add(number, content, name)
        assert says in refused.value.message_en
        assert len(ws.attachments.list(number)) == before
    finally:
        ws.close()


@settings(max_examples=25, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(head=st.binary(max_size=64), ext=st.sampled_from([".pdf", ".jpg", ".png", ".tif"]))
def test_any_bytes_are_accepted_only_as_what_they_are(head, ext):
    """The sniffing rule as a property: whatever the bytes, `sniff` returns the media type
    the extension names, or refuses with a ValidationError on the file."""
    try:
        kind = service.sniff(head, "x" + ext)
    except ValidationError as refused:
        assert "file" in refused.field_errors
    else:
        assert ext in service.MEDIA_TYPES[kind]


def test_a_file_over_the_per_file_limit_is_refused_with_its_limit(desk, tmp_path, monkeypatch):
    data, number = desk
    monkeypatch.setattr(service, "MAX_FILE_BYTES", 4096)
    big = tmp_path / "lon.png"
    big.write_bytes(png(64, 64, noise=True))
    ws = _open(data)
    try:
        with pytest.raises(ValidationError) as refused:
            ws.attachments.add_file(number, big)
    finally:
        ws.close()
    assert "at most 4,096 bytes" in refused.value.message_en


def test_a_contact_over_the_per_owner_limit_refuses_the_next_file(desk, monkeypatch):
    data, _ = desk
    with _open(data) as ws:
        number = ws.record_contact(CONTACT).number
    monkeypatch.setattr(service, "MAX_OWNER_BYTES", 2 * len(png(16, 16, noise=True)))
    ws = _open(data)
    try:
        ws.attachments.add(number, png(16, 16, noise=True, seed=1), "a.png")
        ws.attachments.add(number, png(16, 16, noise=True, seed=2), "b.png")
        with pytest.raises(ValidationError) as refused:
            ws.attachments.add(number, png(16, 16, noise=True, seed=3), "c.png")
        assert "per contact or case" in refused.value.message_en
        assert len(ws.attachments.list(number)) == 2
    finally:
        ws.close()


def test_the_per_owner_limit_counts_the_new_file_total_plus_new_at_most_the_limit(
    desk, monkeypatch
):
    """Review i16 #1 said a case could pass 200 MiB by one file. The review desk's case held
    196.96 MiB (big.jpg + 9 × huge.jpg + a photo: the 10th huge.jpg was refused), so the
    rule held; this pins it at the byte: total + new == limit is taken, one byte more not."""
    data, _ = desk
    with _open(data) as ws:
        number = ws.open_case(ws.record_contact(CONTACT).number).number
    first, second = png(16, 16, noise=True, seed=11), png(16, 16, noise=True, seed=12)
    monkeypatch.setattr(service, "MAX_OWNER_BYTES", len(first) + len(second) - 1)
    ws = _open(data)
    try:
        ws.attachments.add(number, first, "a.png")
        with pytest.raises(ValidationError):
            ws.attachments.add(number, second, "b.png")  # would end 1 byte over
        monkeypatch.setattr(service, "MAX_OWNER_BYTES", len(first) + len(second))
        ws.attachments.add(number, second, "b.png")  # ends exactly at the limit
        assert sum(a.size for a in ws.attachments.list(number)) == service.MAX_OWNER_BYTES
    finally:
        ws.close()


def test_the_cli_refuses_a_misnamed_file_with_one_line(desk, tmp_path):
    data, number = desk
    fake = tmp_path / "thu.pdf"
    fake.write_bytes(png())
    line = fails_with_one_line(caseline(data, "attach", "add", number, str(fake), user=MANAGER))
    assert ".pdf" in line
    missing = _in_process(data, "attach", "add", number, str(tmp_path / "none.pdf"))
    assert "none.pdf" in missing and ("không tìm thấy" in missing.lower() or "đọc" in missing)


def _in_process(data: Path, *argv: str) -> str:
    """`caseline ARGV…` as the manager, in this process; its one stderr line (it must fail)."""
    import contextlib
    import io
    import os

    from desktop.cli import main

    err = io.StringIO()
    saved = dict(os.environ)
    os.environ.update(CASELINE_USER=MANAGER, CASELINE_PASSWORD=PASSWORDS[MANAGER])
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--data-dir", str(data), *argv])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert code != 0 and len(lines) == 1 and "Traceback" not in err.getvalue()
    return lines[0]


def test_an_admin_reads_no_attachment_of_a_contact(desk):
    data, number = desk
    ws = _open(data)
    try:
        saved = ws.attachments.add(number, png(), "a.png")
    finally:
        ws.close()
    admin = Workspace.open(data, "admin", PASSWORDS["admin"])
    try:
        with pytest.raises(PermissionDenied):
            admin.attachments.content(saved.id)
        with pytest.raises(PermissionDenied):
            admin.attachments.add(number, png(), "b.png")
    finally:
        admin.close()


def test_two_attachments_sharing_content_keep_it_once(desk):
    data, number = desk
    ws = _open(data)
    try:
        content = png(32, 32, noise=True, seed=9)
        first = ws.attachments.add(number, content, "a.png")
        second = ws.attachments.add(number, content, "b.png")
        count = ws.conn.execute("SELECT count(*) FROM attachment_chunk").fetchone()[0]
        ws.attachments.add(number, png(32, 32, noise=True, seed=10), "c.png")
        after = ws.conn.execute("SELECT count(*) FROM attachment_chunk").fetchone()[0]
        assert ws.attachments.content(first.id) == ws.attachments.content(second.id) == content
    finally:
        ws.close()
    assert after == count + 1


# --- a file is accepted only if it decodes whole (review i16 #3, #7) -----------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("trunc.png", png(64, 64, noise=True)[:200], "PNG file is damaged"),
        ("trunc.jpg", jpeg(200, 150)[:3000], "JPEG file is damaged"),
        ("trunc.tif", tiff()[:-200], "TIFF file is damaged"),
        ("trunc.pdf", pdf()[:300], "PDF file is damaged"),
        ("bomb.png", wide_png(10_000, 6_000), "10000×6000 pixels"),
    ],
)
def test_a_damaged_or_over_large_image_or_pdf_is_refused_as_such(desk, name, content, says):
    """Before: trunc.png/.jpg/.tif and bomb.png were accepted (no thumbnail, an empty
    "0 page(s)" preview) and trunc.pdf was "none of the accepted kinds"."""
    data, number = desk
    ws = _open(data)
    try:
        before = len(ws.attachments.list(number))
        with pytest.raises(ValidationError) as refused:
            ws.attachments.add(number, content, name)
        assert says in refused.value.message_en
        assert len(ws.attachments.list(number)) == before
    finally:
        ws.close()


_WHOLE = {".png": png(24, 24, noise=True), ".jpg": jpeg(), ".tif": tiff(), ".pdf": pdf()}


@settings(max_examples=40, derandomize=True, deadline=None)
@given(ext=st.sampled_from(sorted(_WHOLE)), cut=st.floats(0.0, 1.0, exclude_max=True))
def test_every_truncation_of_a_real_file_is_refused_or_still_decodes(ext, cut):
    """A real small file of each kind cut anywhere: `sniff` refuses it with a message on
    the file, or accepts it only because it still decodes whole (PDFium repairs a PDF
    whose tail is gone; a PNG without its IEND still holds every pixel)."""
    whole = _WHOLE[ext]
    head = whole[: int(len(whole) * cut)]
    try:
        kind = service.sniff(head, "x" + ext)
    except ValidationError as refused:
        assert "file" in refused.field_errors
    else:
        assert ext in service.MEDIA_TYPES[kind]
        service._check_decodes(head, kind)
