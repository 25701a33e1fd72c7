"""HTTP client for central (requests). Every reply is validated: anything broken or hostile
becomes a typed `SyncError` — never a crash and never a change to local data.

TLS verification is on by default; `ca_file` trusts a centre's own certificate authority.

Certificate pinning (our design): when a desk enrols over https, the SHA-256 of central's
certificate's public key (SPKI, as `sha256/<base64>`) is kept in the encrypted store, and
every later connection checks it right after the TLS handshake, before a byte of the
request (the token, records) is sent. A renewed certificate that keeps its key passes; a
new key is "changed since enrolment" until the desk is enrolled again. TLS failures are
typed by kind (`TlsError.reason`: untrusted | hostname | expired | changed), each with its
way out, and the scheduler does not retry them on its own.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import socket
import ssl
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.util import parse_url

from desktop import __version__
from desktop.domain import times
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


# ------------------------------------------------------------------ TLS


class CertificateChanged(ssl.SSLError):
    """Central's certificate key is not the one pinned at enrolment."""


class TlsError(SyncError):
    """A TLS failure of one kind (`reason`), with the way out; never retried on a timer."""

    def __init__(self, reason: str, message_vi: str, message_en: str, **details: object) -> None:
        super().__init__("tls", message_vi, message_en, reason=reason, **details)
        self.reason = reason


def tls_error(reason: str, host: str) -> TlsError:
    """The user's message for one kind of TLS failure (no personal data: a host name)."""
    if reason == "expired":
        return TlsError(
            reason,
            f"Chứng chỉ bảo mật của máy chủ {host} đã hết hạn (hoặc đồng hồ máy này sai)."
            " Hãy kiểm tra ngày giờ của máy và báo quản trị máy chủ trung tâm gia hạn chứng"
            " chỉ. Đồng bộ tạm dừng; dữ liệu vẫn an toàn trên máy.",
            f"The server {host}'s certificate has expired (or this desk's clock is wrong)."
            " Check this desk's date and time and ask central's admin to renew the"
            " certificate. Sync is paused; data is safe on this desk.",
        )
    if reason == "hostname":
        return TlsError(
            reason,
            f"Chứng chỉ của máy chủ không mang tên {host}: địa chỉ máy chủ có thể sai."
            " Hãy kiểm tra địa chỉ (caseline enroll --server) với quản trị máy chủ trung tâm."
            " Đồng bộ tạm dừng; dữ liệu vẫn an toàn trên máy.",
            f"The server's certificate is not for {host}: the server address may be wrong."
            " Check the address (caseline enroll --server) with central's admin."
            " Sync is paused; data is safe on this desk.",
        )
    if reason == "changed":
        return TlsError(
            reason,
            f"Chứng chỉ của máy chủ {host} đã thay đổi từ khi máy này đăng ký: đó có thể"
            " không phải máy chủ trung tâm. Hãy hỏi quản trị máy chủ trung tâm; nếu họ đã"
            " thay chứng chỉ, hãy đăng ký lại máy (caseline enroll). Đồng bộ tạm dừng;"
            " dữ liệu vẫn an toàn trên máy.",
            f"The server {host}'s certificate changed since this desk was enrolled: it may"
            " not be your central server. Ask central's admin; if they changed it, enrol this"
            " desk again (caseline enroll). Sync is paused; data is safe on this desk.",
        )
    return TlsError(
        "untrusted",
        f"Máy này không tin cậy chứng chỉ của máy chủ {host}. Nếu trung tâm dùng chứng chỉ"
        " riêng, hãy đăng ký lại với --ca-file TỆP (tệp CA do quản trị máy chủ trung tâm cung"
        " cấp); nếu không, hãy báo quản trị máy chủ trung tâm. Đồng bộ tạm dừng; dữ liệu vẫn"
        " an toàn trên máy.",
        f"This desk does not trust the server {host}'s certificate. If central uses its own"
        " certificate authority, enrol again with --ca-file FILE (from central's admin);"
        " otherwise ask central's admin. Sync is paused; data is safe on this desk.",
    )


def spki_pin(der_cert: bytes) -> str:
    """`sha256/<base64>` of a DER certificate's SubjectPublicKeyInfo (its key)."""
    key = x509.load_der_x509_certificate(der_cert).public_key()
    spki = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _verify_reason(error: ssl.SSLCertVerificationError) -> str:
    code = getattr(error, "verify_code", 0)
    if code in (9, 10):  # X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED
        return "expired"
    if code in (62, 64):  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
        return "hostname"
    message = str(getattr(error, "verify_message", "") or error).lower()
    if "expired" in message:
        return "expired"
    if "hostname" in message or "ip address mismatch" in message:
        return "hostname"
    return "untrusted"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (requests → urllib3 → ssl), breadth first."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
    return seen


def _pinned_pool(check: Callable[[bytes], None]) -> type[HTTPSConnectionPool]:
    """An https pool whose connections call `check(peer certificate)` right after the
    handshake, before anything is sent on them."""

    class PinnedConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            der = self.sock.getpeercert(binary_form=True) if self.sock else None
            try:
                check(der or b"")
            except CertificateChanged:
                self.close()
                raise

    class PinnedPool(HTTPSConnectionPool):
        ConnectionCls = PinnedConnection

    return PinnedPool


class _PinningAdapter(HTTPAdapter):
    def __init__(self, check: Callable[[bytes], None]) -> None:
        self._check = check
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            **self.poolmanager.pool_classes_by_scheme,
            "https": _pinned_pool(self._check),
        }


def _peer_pin(url: str, timeout: float) -> str | None:
    """The pin of whatever certificate the server presents, unverified (only to name the
    failure after a verified handshake was refused; nothing is sent)."""
    parts = urlsplit(url)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((parts.hostname, parts.port or 443), timeout) as raw:
            with context.wrap_socket(raw, server_hostname=parts.hostname) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return None
    return spki_pin(der) if der else None


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
        tls_pin: str | None = None,
    ) -> None:
        """`tls_pin`: the `spki_pin` kept at enrolment (https only); `peer_pin` is the pin
        of the certificate this client last met (what enrolment keeps)."""
        if not server_url.startswith(("http://", "https://")):
            raise SyncError(
                "protocol",
                "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.",
                "The server address must start with http:// or https://.",
            )
        try:  # the parsers requests will use: a bad host or port is the user's typing
            parts = urlsplit(server_url)
            _ = parts.port
            parse_url(server_url)
            if not parts.hostname:
                raise ValueError(server_url)
        except ValueError:
            raise SyncError(
                "protocol",
                f"Địa chỉ máy chủ không hợp lệ: {server_url} (ví dụ: https://tongdai.example.vn).",
                f"The server address is not valid: {server_url} (e.g. https://line.example.vn).",
            ) from None
        self.base = server_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        self.tls_pin = tls_pin
        self.peer_pin: str | None = None
        self.session.mount("https://", _PinningAdapter(self._check_peer))
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

    def _check_peer(self, der: bytes) -> None:
        pin = spki_pin(der) if der else ""
        self.peer_pin = pin or None
        if self.tls_pin and pin != self.tls_pin:
            raise CertificateChanged("certificate key differs from the one pinned at enrolment")

    def _tls_failure(self, exc: BaseException) -> SyncError | None:
        """A typed `TlsError` when `exc` is a TLS failure, else None."""
        host = urlsplit(self.base).hostname or ""
        causes = _causes(exc)
        if any(isinstance(c, CertificateChanged) for c in causes):
            return tls_error("changed", host)
        verify = next((c for c in causes if isinstance(c, ssl.SSLCertVerificationError)), None)
        if verify is None:
            return None
        if self.tls_pin and _peer_pin(self.base, self.timeout[0]) not in (None, self.tls_pin):
            return tls_error("changed", host)  # a new key that also fails verification
        return tls_error(_verify_reason(verify), host)

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

    def national_monthly(self, month: str) -> p.NationalMonthly:
        """The country's monthly figures (a national desk only; 403 otherwise)."""
        payload = self._call("GET", p.NATIONAL_MONTHLY_PATH, params={"month": month})
        return self._read(p.NationalMonthly.from_dict, payload)

    def national_thematic(
        self, from_month: str, to_month: str, category: str | None
    ) -> p.NationalThematic:
        """The country's thematic counts (a national desk only; 403 otherwise)."""
        params = {"from": from_month, "to": to_month}
        if category:
            params["category"] = category
        payload = self._call("GET", p.NATIONAL_THEMATIC_PATH, params=params)
        return self._read(p.NationalThematic.from_dict, payload)

    def anchor(self, request: Any) -> Any:
        """Send the audit head (`desktop.sync.anchor.AnchorRequest`); central's answer."""
        payload = self._call("POST", p.ANCHOR_PATH, request.model_dump())
        return self._read(p.AnchorReply.model_validate, payload)

    def report_wiped(self, report: p.WipeReport) -> None:
        """Tell central (as a device marked lost) that this desk wiped itself."""
        self._call("POST", "/v1/devices/wiped", body=report.to_dict())

    # ------------------------------------------------------------------ attachment chunks

    def missing_chunks(self, digests: list[str]) -> list[str]:
        """Those of `digests` (≤ MAX_CHUNKS_ASKED) central does not hold yet."""
        payload = self._call("POST", p.CHUNKS_PATH + "/missing", {"chunks": digests})
        reply = self._read(p.MissingChunks.model_validate, payload)
        if not set(reply.missing) <= set(digests):
            raise protocol_error("missing chunks that were not asked about")
        return list(reply.missing)

    def put_chunk(self, digest: str, data: bytes) -> None:
        """Upload one chunk; central stores it only if SHA-256(data) is `digest`."""
        payload = self._call("PUT", f"{p.CHUNKS_PATH}/{digest}", content=data)
        reply = self._read(p.ChunkStored.model_validate, payload)
        if reply.sha256 != digest or reply.size != len(data):
            raise protocol_error("central acknowledged another chunk")

    def get_chunk(self, digest: str) -> bytes:
        """Download one chunk, checked against its SHA-256 (else a protocol error)."""
        data = self._call("GET", f"{p.CHUNKS_PATH}/{digest}", raw=True)
        if hashlib.sha256(data).hexdigest() != digest:
            raise protocol_error("a chunk that does not match its SHA-256")
        return data

    def packet_key(self) -> p.PacketKey:
        """The province's sync-packet key (desktop/sync/packet.py)."""
        return self._read(p.PacketKey.model_validate, self._call("GET", "/v1/sync/packet-key"))

    # ------------------------------------------------------------------ plumbing

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        *,
        content: bytes | None = None,
        raw: bool = False,
    ) -> Any:
        """One request. `body`: JSON (gzip); `content`: raw bytes as they are (chunks of
        scans do not shrink); `raw`: a 200 answer's bytes are returned unparsed."""
        headers: dict[str, str] = {}
        data = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = gzip.compress(_encode(body), compresslevel=6)
            headers["Content-Encoding"] = "gzip"
            headers["Content-Type"] = "application/json"
            self.bytes_sent += len(data)
        elif content is not None:
            data = content
            headers["Content-Type"] = "application/octet-stream"
            self.bytes_sent += len(data)
        if raw:
            headers["Accept-Encoding"] = "identity"  # scans do not shrink: no gzip both ends
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
                body_bytes = _read_capped(response)
                self.bytes_received += _wire_size(response, body_bytes)
                self._note_clock(response)
                status = response.status_code
                retry_after = response.headers.get("Retry-After")
        except requests.exceptions.RequestException as exc:
            raise self._tls_failure(exc) or network_error(exc) from exc
        if raw and status == 200:
            return body_bytes
        payload = _parse_json(body_bytes)
        if status >= 400:
            raise _status_error(status, payload, retry_after)
        if status != 200:
            raise protocol_error(f"unexpected status {status}")
        return payload

    def _read(self, reader: Any, payload: Any) -> Any:
        try:
            return reader(payload)
        except (p.ProtocolViolation, TypeError, KeyError, AttributeError, ValueError) as exc:
            raise protocol_error(str(exc)[:200]) from exc

    def _note_clock(self, response: requests.Response) -> None:
        stamp = response.headers.get(p.SERVER_TIME_HEADER)
        if not stamp:
            return
        try:
            server = times.parse(stamp)  # a naive or bad stamp says nothing about the skew
        except ValueError:
            return
        self.server_time_skew = (server - times.now_utc()).total_seconds()


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


def _encode(body: Any) -> bytes:
    """UTF-8 JSON; a value UTF-8 cannot carry (a lone surrogate saved before the value
    contract existed) goes escaped (\\uXXXX), so central answers that op `rejected`."""
    try:
        return json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(body).encode()


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return p.loads(raw)  # depth-limited: deep nesting is hostile
    except p.ProtocolViolation:
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
