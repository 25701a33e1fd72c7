"""Encrypted backups: `sqlcipher_export` into a file keyed from the backup passphrase.

The backup file is a small header followed by the exported SQLCipher database:

    CASELINE-BACKUP\\n  <4-byte header length>  <header JSON>  <database bytes>

The header holds the scrypt salt and parameters, a check value sealed with the derived key
(so a wrong passphrase is told apart from a damaged file) and the SHA-256 of the database
bytes. Inside the database travel the users' key slots and the data key they wrap, so
after a restore the same passwords open it; all of that is readable only with the
passphrase.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop import files
from desktop.db import connection, keys
from desktop.db.connection import Connection
from desktop.domain.ids import utc_now
from desktop.errors import StoreError, WrongPassword

MAGIC = b"CASELINE-BACKUP\n"
CHECK_PLAINTEXT = b"caseline-backup-check-v1"
SLOTS_KEY = "_backup.keyslots"
DATA_KEY = "_backup.data_key"


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return keys.derive(passphrase, salt, params)


def damaged(path: Path, why: str) -> StoreError:
    return StoreError(
        "Tệp sao lưu bị hỏng hoặc không phải tệp sao lưu Caseline.",
        "The backup file is damaged or is not a Caseline backup.",
        path=str(path),
        why=why,
    )


def wrong_passphrase() -> WrongPassword:
    return WrongPassword("Sai mật khẩu sao lưu.", "Wrong backup passphrase.", delay_s=0, failures=0)


def write_backup(
    conn: Connection,
    out_path: Path,
    passphrase: str,
    *,
    slots_text: str,
    data_key: bytes,
    manifest: dict[str, Any],
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Export the open database into `out_path` (written atomically: a failure leaves an
    old file there whole); returns the header written. OutputRefused, OSError.

    `progress("backup", mb_written, mb_total)`: SQLCipher's export is one C call with no
    progress of its own, so a watcher thread reads the export file's size against the
    database's (twice a second; the export holds no free pages, so it may end below the
    total: a last call reports the total)."""
    out_path = Path(out_path)
    files.check_regular_or_absent(files.resolve(out_path))  # before the long export
    params = keys.kdf_params()
    salt = secrets.token_bytes(16)
    backup_key = _derive(keys.secret_as_typed(passphrase), salt, params)
    nonce = secrets.token_bytes(12)
    check = AESGCM(backup_key).encrypt(nonce, CHECK_PLAINTEXT, MAGIC)
    header: dict[str, Any] = {}

    def write(tmp: Path) -> None:
        # The export is a second temporary file beside the first (unique, as `tmp` is).
        export_path = tmp.with_name(tmp.name + ".export")
        export_path.unlink(missing_ok=True)
        try:
            with _watching(export_path, _database_bytes(conn), progress):
                _export(conn, export_path, backup_key, slots_text, data_key)
            digest = hashlib.sha256()
            with open(export_path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            header.update(
                {
                    "format": 1,
                    "created_at": utc_now(),
                    "kdf": "scrypt",
                    "params": params,
                    "salt": salt.hex(),
                    "check_nonce": nonce.hex(),
                    "check": check.hex(),
                    "sha256": digest.hexdigest(),
                    **manifest,
                }
            )
            head = json.dumps(header).encode("utf-8")
            with open(tmp, "wb") as out, open(export_path, "rb") as src:
                out.write(MAGIC + struct.pack(">I", len(head)) + head)
                for block in iter(lambda: src.read(1 << 20), b""):
                    out.write(block)
        finally:
            export_path.unlink(missing_ok=True)

    files.write_atomically(out_path, write, same_kind=True)
    return header


def _database_bytes(conn: Connection) -> int:
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    return max(1, (pages - free) * int(conn.execute("PRAGMA page_size").fetchone()[0]))


@contextmanager
def _watching(
    path: Path, total: int, progress: Callable[[str, int, int], None] | None
) -> Iterator[None]:
    """Report `path`'s growth against `total` bytes while the block runs (in MB)."""
    if progress is None:
        yield
        return
    done = threading.Event()
    mb_total = max(1, total >> 20)

    def watch() -> None:
        while not done.wait(0.5):
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            progress("backup", min(size >> 20, mb_total - 1), mb_total)

    watcher = threading.Thread(target=watch, name="caseline-backup-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
    progress("backup", mb_total, mb_total)


def _export(
    conn: Connection, export_path: Path, backup_key: bytes, slots_text: str, data_key: bytes
) -> None:
    """`sqlcipher_export` of the open database into `export_path`, keyed with backup_key,
    with the key slots and the data key inside."""
    conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{backup_key.hex()}'\"", (str(export_path),))
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        conn.execute(
            "INSERT OR REPLACE INTO backup.setting (key, value) VALUES (?, ?), (?, ?)",
            (SLOTS_KEY, json.dumps(slots_text), DATA_KEY, json.dumps(data_key.hex())),
        )
        conn.execute(
            f"PRAGMA backup.user_version = {int(conn.execute('PRAGMA user_version').fetchone()[0])}"
        )
    finally:
        conn.execute("DETACH DATABASE backup")


def _open_check(
    passphrase: str, salt: bytes, params: dict[str, int], nonce: bytes, check: bytes
) -> bytes:
    """The backup key from the passphrase as typed (NFC; then the raw and NFD forms, for
    backups made before the NFC rule), or WrongPassword."""
    for form in keys.secret_forms(passphrase):
        backup_key = _derive(form, salt, params)
        try:
            AESGCM(backup_key).decrypt(nonce, check, MAGIC)
        except InvalidTag:
            continue
        return backup_key
    raise wrong_passphrase()


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(len(MAGIC))
            if magic != MAGIC:
                raise damaged(path, "magic")
            (size,) = struct.unpack(">I", fh.read(4))
            if size > 1 << 20:
                raise damaged(path, "header size")
            header = json.loads(fh.read(size).decode("utf-8"))
    except (OSError, struct.error, ValueError, UnicodeDecodeError) as exc:
        raise damaged(path, "header") from exc
    return header, len(MAGIC) + 4 + size


def unpack_backup(path: Path, passphrase: str, db_out: Path) -> tuple[bytes, str, bytes]:
    """Check and write the database part to `db_out`; returns (data key, slots text, backup key)."""
    path = Path(path)
    header, offset = read_header(path)
    try:
        salt = bytes.fromhex(header["salt"])
        params = keys.checked_kdf_params(header["params"])  # before any KDF runs
        nonce, check = bytes.fromhex(header["check_nonce"]), bytes.fromhex(header["check"])
        if not keys.SALT_BYTES[0] <= len(salt) <= keys.SALT_BYTES[1]:
            raise keys.BadKdfParams("salt out of bounds")
    except (KeyError, TypeError, ValueError) as exc:
        raise damaged(path, "header fields") from exc
    backup_key = _open_check(passphrase, salt, params, nonce, check)
    found: dict[str, Any] = {}

    def write(tmp: Path) -> None:
        digest = hashlib.sha256()
        with open(path, "rb") as src, open(tmp, "wb") as out:
            src.seek(offset)
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != header.get("sha256"):
            raise damaged(path, "checksum")
        conn = connection.connect(tmp, backup_key)
        try:
            rows = dict(
                conn.execute(
                    "SELECT key, value FROM setting WHERE key IN (?, ?)", (SLOTS_KEY, DATA_KEY)
                ).fetchall()
            )
            found["data_key"] = bytes.fromhex(json.loads(rows[DATA_KEY]))
            found["slots_text"] = json.loads(rows[SLOTS_KEY])
            conn.execute("DELETE FROM setting WHERE key IN (?, ?)", (SLOTS_KEY, DATA_KEY))
            conn.execute("PRAGMA journal_mode = DELETE")
            # Back to the desk's own data key, so the restored key slots open it.
            conn.execute(f"PRAGMA rekey = \"x'{found['data_key'].hex()}'\"")
        except (KeyError, ValueError) as exc:
            raise damaged(path, "contents") from exc
        finally:
            conn.close()

    files.write_atomically(db_out, write)
    data_key, slots_text = found["data_key"], found["slots_text"]
    return data_key, slots_text, backup_key
