"""User-caused errors the services raise (messages in Vietnamese and English)."""

from __future__ import annotations

from desktop.errors import (
    CaselineError,
    NotFound,
    PermissionDenied,
    StoreError,
    UnsentChanges,
    UserDisabled,
    ValidationError,
)


def not_found(what_vi: str, what_en: str, key: str) -> NotFound:
    return NotFound(f"Không tìm thấy {what_vi}.", f"No such {what_en}.", key=key)


def no_workspace(data_dir: str) -> StoreError:
    return StoreError(
        "Chưa có dữ liệu Caseline ở thư mục này. Hãy khởi tạo (caseline init) hoặc khôi phục.",
        "There is no Caseline workspace in this folder. Set one up (caseline init) or restore.",
        data_dir=data_dir,
    )


def keyslots_missing(data_dir: str) -> StoreError:
    return StoreError(
        "Thiếu tệp khoá keyslots.json bên cạnh cơ sở dữ liệu: không mật khẩu hay khoá khôi "
        "phục nào mở được máy này khi thiếu nó. Hãy khôi phục từ bản sao lưu "
        "(caseline restore TỆP); dữ liệu cũ được giữ lại riêng.",
        "The key-slot file keyslots.json beside the database is missing: no password or "
        "recovery key can open this desk without it. Restore from a backup "
        "(caseline restore FILE); the old data is kept aside.",
        data_dir=data_dir,
        why="keyslots missing",
    )


def database_missing(data_dir: str) -> StoreError:
    return StoreError(
        "Thiếu tệp cơ sở dữ liệu caseline.db (tệp khoá vẫn còn). Hãy khôi phục từ bản sao "
        "lưu (caseline restore TỆP).",
        "The database file caseline.db is missing (the key-slot file is still there). "
        "Restore from a backup (caseline restore FILE).",
        data_dir=data_dir,
        why="database missing",
    )


def already_set_up(data_dir: str) -> StoreError:
    return StoreError(
        "Thư mục này đã có dữ liệu Caseline.",
        "This folder already holds a Caseline workspace.",
        data_dir=data_dir,
    )


def user_disabled(username: str) -> UserDisabled:
    return UserDisabled(
        "Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên.",
        "This account has been disabled. Contact the administrator.",
        username=username,
    )


def user_exists(username: str) -> CaselineError:
    return ValidationError({"username": ("Tên đăng nhập đã tồn tại.", "That username exists.")})


def bad_field(field: str, vi: str, en: str) -> ValidationError:
    return ValidationError({field: (vi, en)})


def closed_workspace() -> StoreError:
    return StoreError("Phiên làm việc đã khoá.", "The workspace is locked.")


def desk_still_opens() -> PermissionDenied:
    return PermissionDenied(
        "Dữ liệu của máy này vẫn mở được: chỉ quản trị viên mới được khôi phục đè lên.",
        "This desk still opens: only its admin may restore a backup over it.",
    )


def unsent_changes(unsent: int, records: int) -> UnsentChanges:
    return UnsentChanges(
        f"Máy này còn {unsent} thay đổi ({records} bản ghi) chưa gửi lên máy chủ trung tâm; "
        "khôi phục lúc này sẽ làm mất chúng. Hãy đồng bộ trước (caseline sync), hoặc thêm "
        "--discard-unsent nếu chấp nhận bỏ chúng.",
        f"This desk has {unsent} change(s) to {records} record(s) not yet sent to central; "
        "restoring now would lose them. Sync first (caseline sync), or add "
        "--discard-unsent to give them up.",
        unsent=unsent,
        records=records,
    )


def damaged_attachment(attachment_id: str) -> StoreError:
    return StoreError(
        "Nội dung tệp đính kèm không khớp mã băm SHA-256 đã lưu: tệp bị hỏng.",
        "The attachment's content does not match its stored SHA-256: it is damaged.",
        attachment_id=attachment_id,
    )
