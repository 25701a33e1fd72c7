"""Passwords as seen (issue 10, finding 7): a Vietnamese password opens its key slot however
the keyboard composed it — NFC (Unikey's "Unicode dựng sẵn", Windows), NFD ("Unicode tổ
hợp", macOS) or a mix — through the key slots, `Workspace.open`, the recovery key and the
CLI. Slots sealed before the rule keep opening and are sealed again under NFC; a wrong try
counts once however many forms were tried."""

from __future__ import annotations

import json
import secrets
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli_support import caseline, fails_with_one_line, ok

from desktop.db import access, keys
from desktop.errors import WrongPassword
from desktop.services import Workspace

PASSWORD = "Mật khẩu của Hoà 2026"  # NFC, as typed on Windows
NFD = unicodedata.normalize("NFD", PASSWORD)
VIETNAMESE = (
    "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def mixed(text: str, picks: list[bool]) -> str:
    """Some letters composed, others decomposed (a password typed across two keyboards)."""
    return "".join(
        unicodedata.normalize("NFD" if pick else "NFC", ch)
        for ch, pick in zip(nfc(text), picks + [False] * len(text), strict=False)
    )


def new_desk(tmp_path, password: str = PASSWORD):
    recovery = Workspace.init(
        tmp_path,
        centre="Trung tâm CTXH Đà Nẵng",
        province_code="48",
        admin_username="admin",
        admin_password=password,
    )
    return recovery


def test_a_slot_set_with_an_nfc_vietnamese_password_opens_with_the_nfd_form(tmp_path):
    """Regression: the NFD form of the same password was refused, and each try added to the
    lock-out delay."""
    new_desk(tmp_path, PASSWORD)
    assert NFD != PASSWORD

    with Workspace.open(tmp_path, "admin", NFD) as ws:
        assert ws.user.username == "admin"
    with Workspace.open(tmp_path, "admin", PASSWORD) as ws:
        assert ws.user.username == "admin"
    assert keys.Lockout(tmp_path).failures("admin") == 0


@settings(max_examples=15, deadline=None)
@given(
    password=st.text(st.sampled_from(VIETNAMESE), min_size=8, max_size=20).filter(
        lambda p: p.strip()
    ),
    sealed_as=st.sampled_from(["NFC", "NFD", "mixed"]),
    typed_as=st.sampled_from(["NFC", "NFD", "mixed"]),
    picks=st.lists(st.booleans(), min_size=20, max_size=20),
)
def test_any_form_of_a_password_opens_the_slot_sealed_with_any_other(
    password, sealed_as, typed_as, picks
):
    forms = {
        "NFC": nfc(password),
        "NFD": unicodedata.normalize("NFD", password),
        "mixed": mixed(password, picks),
    }
    data_key = secrets.token_bytes(32)
    slot = keys.KeySlot.seal(keys.USER_SLOT, "hoa", forms[sealed_as], data_key)

    assert slot.open(forms[typed_as]) == data_key
    assert slot.open(forms[typed_as] + "x") is None


def _legacy_slot(name: str, raw_secret: str, data_key: bytes) -> keys.KeySlot:
    """A slot as sealed before the NFC rule: derived from the raw text typed."""
    params, salt, nonce = keys.kdf_params(), secrets.token_bytes(16), secrets.token_bytes(12)
    kek = keys.derive(raw_secret, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, keys._aad(keys.USER_SLOT, name))
    return keys.KeySlot(keys.USER_SLOT, name, params, salt, nonce, wrapped)


def test_a_slot_sealed_from_a_raw_nfd_password_keeps_opening_and_is_sealed_again_as_nfc(
    tmp_path,
):
    new_desk(tmp_path)
    with Workspace.open(tmp_path, "admin", PASSWORD) as ws:
        ws.add_user("hoa", "intake", "tạm-thời-2026")
        data_key = ws._data_key
    slots = keys.KeySlots(tmp_path)
    slots.put(_legacy_slot("hoa", NFD, data_key))  # a Mac user set it, in NFD
    assert slots.find(keys.USER_SLOT, "hoa").unwrap(PASSWORD) == (data_key, True)

    with Workspace.open(tmp_path, "hoa", PASSWORD) as ws:  # typed on Windows, NFC
        assert ws.user.username == "hoa"

    resealed = slots.find_raw(keys.USER_SLOT, "hoa")
    assert resealed["v"] == access.VERSION  # sealed again at login, as version 2 (issue 11)
    assert access.open_slot(resealed, PASSWORD).data_key == data_key  # from the NFC form
    assert access.open_slot(resealed, NFD).data_key == data_key


def test_a_wrong_password_in_any_form_counts_one_failure_per_try(tmp_path):
    new_desk(tmp_path)
    wrong = unicodedata.normalize("NFD", "Mật khẩu sai của Hoà")
    for attempt in (1, 2, 3):
        try:
            Workspace.open(tmp_path, "admin", wrong)
        except WrongPassword as refused:
            assert refused.details["failures"] == attempt
        else:
            raise AssertionError("a wrong password opened the desk")
    assert keys.Lockout(tmp_path).failures("admin") == 3


def test_the_recovery_key_typed_in_full_width_or_decomposed_letters_opens(tmp_path):
    recovery = new_desk(tmp_path)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in recovery.lower())
    with Workspace.open_with_recovery_key(tmp_path, full_width) as ws:
        assert ws.unlocked_with == "recovery_key"


def test_the_cli_opens_with_nfc_nfd_and_mixed_forms_and_refuses_a_wrong_one(tmp_path):
    desk = tmp_path / "desk"
    ok(
        caseline(
            desk, "init", "--centre", "Trung tâm CTXH", "--province", "48", "--admin", "admin",
            env={"CASELINE_PASSWORD": PASSWORD},
        )
    )  # fmt: skip
    for typed in (PASSWORD, NFD, mixed(PASSWORD, [True, False] * 10)):
        run = ok(caseline(desk, "user", "list", "--json", user="admin", password=typed))
        assert [u["username"] for u in run.json()] == ["admin"]
    line = fails_with_one_line(
        caseline(desk, "--lang", "en", "user", "list", user="admin", password=NFD + "!")
    )
    assert "Wrong password" in line
    assert json.loads((desk / "lockout.json").read_text())["admin"]["failures"] == 1


def test_a_backup_made_with_an_nfc_passphrase_restores_with_the_nfd_form(tmp_path):
    new_desk(tmp_path / "desk")
    with Workspace.open(tmp_path / "desk", "admin", PASSWORD) as ws:
        ws.backup(tmp_path / "desk.clbak", "Sao lưu của Hoà 2026")

    Workspace.restore(
        tmp_path / "again",
        tmp_path / "desk.clbak",
        unicodedata.normalize("NFD", "Sao lưu của Hoà 2026"),
    )

    with Workspace.open(tmp_path / "again", "admin", NFD) as ws:
        assert ws.user.username == "admin"
