"""HTTP client for central (requests). Every reply is validated: anything broken or hostile
becomes a typed `SyncError` — never a crash and never a change to local data.

TLS verification is on by default; `ca_file` trusts a centre's own certificate authority.
"""

from __future__ import annotations

import gzip
import json
import logging
from datetime import UTC, datetime
from typing import Any

import requests

from desktop import __version__
from desktop.errors import SyncError
from desktop.sync import protocol as p

log = logging.getLogger("caseline.sync")

MAX_REPLY_BYTES = 64 * 1024 * 1024  # decompressed; a reply larger than this is hostile
DEFAULT_TIMEOUT = (10.0, 60.0)  # connect, read


def network_error(exc: BaseException | None = None) -> SyncError:
    return SyncError(
        "network",
        "Không kết nối được máy chủ trung tâm. Dữ liệu vẫn an toàn trên máy; sẽ thử lại sau.",
        "Cannot reach the central server. Data is safe on this desk; it will try again.",
        cause=type(exc).__name__ if exc else "",
    )


def protocol_error(what: str) -> SyncError:
    return SyncError(
        "protocol",
        "Máy chủ trả lời không đúng giao thức; không có dữ liệu nào bị thay đổi.",
        "The server's reply did not follow the protocol; no data was changed.",
        what=what,
    )


class SyncClient:
    """One desk's connection to central. Counts requests and bytes (bench, status)."""

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        ca_file: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        app_version: str = __version__,
    ) -> None:
        if not server_url.startswith(("http://", "https://")):
            raise SyncError(
                "protocol",
                "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.",
                "The server address must start with http:// or https://.",
            )
        self.base = server_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        # Passed with every request too: a session-level value loses to REQUESTS_CA_BUNDLE.
        self.verify: str | bool = ca_file or True
        self.session.verify = self.verify
        self.session.headers.update(
            {
                p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION),
                p.APP_VERSION_HEADER: app_version,
                "Accept-Encoding": "gzip",
                "User-Agent": f"caseline/{app_version}",
            }
        )
        self.app_version = app_version
        self.requests_made = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.server_time_skew: float | None = None

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------------ calls

    def handshake(self) -> p.Handshake:
        return self._read(p.Handshake.from_dict, self._call("GET", "/v1/handshake"))

    def enroll(self, request: p.EnrolRequest) -> p.EnrolResponse:
        reply = self._call("POST", "/v1/devices/enroll", body=request.to_dict())
        return self._read(p.EnrolResponse.from_dict, reply)

    def push(self, ops: list[dict[str, Any]]) -> p.PushResponse:
        reply = self._read(
            p.PushResponse.from_dict, self._call("POST", "/v1/sync/push", {"ops": ops})
        )
        sent = {op["op_id"] for op in ops}
        if any(r.op_id not in sent for r in reply.results):
            raise protocol_error("answer for an op that was not sent")
        return reply

    def pull(
        self, since: int, limit: int = p.DEFAULT_PULL_LIMIT, include_own: bool = False
    ) -> p.PullPage:
        params = {"since": since, "limit": limit}
        if include_own:
            params["include_own"] = "true"
        page = self._read(p.PullPage.from_dict, self._call("GET", "/v1/sync/pull", params=params))
        if page.next_since < since or (page.has_more and page.next_since == since):
            raise protocol_error("cursor went backwards or did not move")
        if len(page.changes) > limit:
            raise protocol_error("page longer than asked")
        revs = [since] + [int(c.record["rev"]) for c in page.changes]
        if any(a >= b for a, b in zip(revs, revs[1:], strict=False)) or revs[-1] > page.next_since:
            raise protocol_error("changes out of seq order")
        return page

    def report_wiped(self, report: p.WipeReport) -> None:
        """Tell central (as a device marked lost) that this desk wiped itself."""
        self._call("POST", "/v1/devices/wiped", body=report.to_dict())

    # ------------------------------------------------------------------ plumbing

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        headers: dict[str, str] = {}
        data = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = gzip.compress(json.dumps(body, ensure_ascii=False).encode(), compresslevel=6)
            headers["Content-Encoding"] = "gzip"
            headers["Content-Type"] = "application/json"
            self.bytes_sent += len(data)
        self.requests_made += 1
        try:
            with self.session.request(
                method,
                self.base + path,
                data=data,
                params=params,
                headers=headers,
                timeout=self.timeout,
                stream=True,
                verify=self.verify,
                allow_redirects=False,  # never follow central elsewhere (token, data)
            ) as response:
                raw = _read_capped(response)
                self.bytes_received += _wire_size(response, raw)
                self._note_clock(response)
                status = response.status_code
                retry_after = response.headers.get("Retry-After")
        except requests.exceptions.RequestException as exc:
            raise network_error(exc) from exc
        payload = _parse_json(raw)
        if status >= 400:
            raise _status_error(status, payload, retry_after)
        if status != 200:
            raise protocol_error(f"unexpected status {status}")
        return payload

    def _read(self, reader: Any, payload: Any) -> Any:
        try:
            return reader(payload)
        except (p.ProtocolViolation, TypeError, KeyError, AttributeError) as exc:
            raise protocol_error(str(exc)[:200]) from exc

    def _note_clock(self, response: requests.Response) -> None:
        stamp = response.headers.get(p.SERVER_TIME_HEADER)
        if not stamp:
            return
        try:
            server = datetime.fromisoformat(stamp)
        except ValueError:
            return
        if server.tzinfo is None:
            return
        self.server_time_skew = (server - datetime.now(UTC)).total_seconds()


def _read_capped(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise protocol_error("reply too large")
            chunks.append(chunk)
    except requests.exceptions.RequestException as exc:
        raise network_error(exc) from exc
    return b"".join(chunks)


def _wire_size(response: requests.Response, raw: bytes) -> int:
    declared = response.headers.get("Content-Length")
    return int(declared) if declared and declared.isdigit() else len(raw)


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting is hostile
        return None


def _status_error(status: int, payload: Any, retry_after: str | None) -> SyncError:
    try:
        body = p.ErrorBody.from_dict(payload)
    except p.ProtocolViolation:
        body = p.ErrorBody("", "", "")
    extra: dict[str, Any] = {"status": status, "error": body.error}
    if status == 401 and body.error == p.ERR_REVOKED:
        reason = str(body.detail.get("reason", "revoked"))
        return SyncError(
            "revoked",
            "Máy này đã bị thu hồi quyền đồng bộ; đồng bộ đã dừng. Hãy liên hệ quản trị viên.",
            "This desk's sync access was revoked; sync has stopped. Contact the administrator.",
            reason=reason,
            **extra,
        )
    if status == 401 and body.error == p.ERR_ENROL_CODE:
        return SyncError(
            "auth",
            "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Hãy xin mã mới ở máy chủ trung tâm.",
            "The enrolment code is wrong, used or expired. Ask central for a new one.",
            **extra,
        )
    if status == 401:
        return SyncError(
            "auth",
            "Máy chủ không chấp nhận máy này. Hãy đăng ký lại máy.",
            "The server does not accept this desk. Enrol it again.",
            **extra,
        )
    if status == 403:
        return SyncError(
            "auth",
            "Máy này không có quyền với dữ liệu đó.",
            "This desk is not allowed that data.",
            **extra,
        )
    if status == 426:
        return SyncError(
            "upgrade",
            "Cần cập nhật Caseline để tiếp tục đồng bộ.",
            "Caseline must be updated to keep syncing.",
            **extra,
        )
    if status == 410:
        return SyncError(
            "protocol",
            "Cần tải lại dữ liệu từ đầu.",
            "The desk must pull again from the start.",
            **extra,
        )
    if status in (429, 503) or status >= 500:
        delay = _retry_after(retry_after)
        if delay is not None:
            extra["retry_after"] = delay
        return SyncError(
            "server",
            "Máy chủ trung tâm đang bận hoặc gặp lỗi; sẽ thử lại sau.",
            "The central server is busy or failing; the desk will try again.",
            **extra,
        )
    return SyncError(
        "protocol",
        "Máy chủ từ chối yêu cầu đồng bộ.",
        "The server refused the sync request.",
        **extra,
    )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, min(float(value), 3600.0))
    except ValueError:
        return None
