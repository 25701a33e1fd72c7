"""TLS errors by kind (issue 10 finding 9): an untrusted certificate, a hostname mismatch,
an expired certificate and a certificate whose key changed since enrolment each give a
typed `TlsError` with its own Vietnamese/English message and the way out — never "cannot
reach the server, will try again" — and the scheduler does not retry them on its own.

Real TLS on 127.0.0.1: central itself (uvicorn with a certificate from a test CA) for
enrolment and a good round, and a tiny `ssl`-wrapped http.server for each bad certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hostile import HostileServer, Reply, tls_context
from sync_harness import PASSWORD, DbWorker, free_port, wait_for

from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.services import Workspace
from desktop.sync import SyncEngine, SyncScheduler, enroll
from desktop.sync.client import TlsError
from desktop.sync.engine import TLS_PIN


class Authority:
    """A certificate authority of the test's own, and leaf certificates it signs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Caseline test CA")])
        now = dt.datetime.now(dt.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        self.file = folder / "ca.pem"
        self.file.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def leaf(
        self,
        label: str,
        *,
        ip: str = "127.0.0.1",
        key: ec.EllipticCurvePrivateKey | None = None,
        expired: bool = False,
    ) -> tuple[Path, Path]:
        key = key or ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        start, end = (
            (now - dt.timedelta(days=10), now - dt.timedelta(days=1))
            if expired
            else (
                now - dt.timedelta(minutes=5),
                now + dt.timedelta(days=1),
            )
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ip)]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        cert_file, key_file = self.folder / f"{label}.pem", self.folder / f"{label}-key.pem"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return cert_file, key_file


class TlsCentral:
    """The real central app served over TLS by uvicorn on 127.0.0.1."""

    def __init__(self, db_url: str, cert: Path, key: Path) -> None:
        import uvicorn

        from central.api.app import create_app
        from central.settings import Settings

        self.port = free_port()
        app = create_app(Settings(db_url=db_url))
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            ssl_certfile=str(cert),
            ssl_keyfile=str(key),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server.started, 20)
        self.url = f"https://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.server.config.app.state.engine.dispose()


@pytest.fixture
def pki(tmp_path):
    return Authority(tmp_path / "pki")


@pytest.fixture
def tls_central(tmp_path, pki):
    from central.db import make_engine
    from central.devices import new_enrolment_code

    cert, key_file = pki.leaf("central")
    url = f"sqlite:///{tmp_path / 'central.db'}"
    server = TlsCentral(url, cert, key_file)
    engine = make_engine(url)
    server.code = lambda: new_enrolment_code(engine, "48")["code"]
    server.key = serialization.load_pem_private_key(key_file.read_bytes(), None)
    yield server
    server.stop()
    engine.dispose()


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    Workspace.init(
        folder,
        centre="Trung tâm",
        province_code="48",
        admin_username="admin",
        admin_password=PASSWORD,
    )
    ws = Workspace.open(folder, "admin", PASSWORD)
    yield ws
    ws.close()


def serve_bad(cert_key: tuple[Path, Path]) -> HostileServer:
    server = HostileServer(tls=tls_context(*cert_key))
    server.reply = Reply(200, b'{"results": []}')
    return server


def point_at(ws, url: str) -> None:
    with ws.store.transaction() as conn:
        sync_store.set_setting(conn, sync_store.SERVER_URL, url)


def round_fails(ws) -> TlsError:
    with pytest.raises(SyncError) as failed:
        SyncEngine(run_db=lambda fn: fn(ws)).sync_once()
    assert isinstance(failed.value, TlsError), failed.value
    assert failed.value.kind == "tls"
    return failed.value


def test_an_untrusted_certificate_is_named_so_with_the_ca_file_way_out(desk, tls_central, pki):
    with pytest.raises(TlsError) as refused:
        enroll(desk, tls_central.url, tls_central.code())  # no --ca-file: not trusted

    error = refused.value
    assert error.reason == "untrusted"
    assert "--ca-file" in error.message_en and "--ca-file" in error.message_vi
    assert "will try again" not in error.message_en and "thử lại" not in error.message_vi
    assert sync_store.get_setting(desk.store.conn, sync_store.DEVICE_TOKEN) is None


def test_each_kind_of_tls_failure_has_its_own_message_and_stops_the_schedule(
    desk, tls_central, pki
):
    enroll(desk, tls_central.url, tls_central.code(), ca_file=str(pki.file))
    pin = sync_store.get_setting(desk.store.conn, TLS_PIN)
    assert pin and pin.startswith("sha256/")
    assert SyncEngine(run_db=lambda fn: fn(desk)).sync_once().ok  # the pinned key: fine
    # A desk enrolled before pinning existed pins on its first verified round.
    with desk.store.transaction() as conn:
        sync_store.set_setting(conn, TLS_PIN, None)
    assert SyncEngine(run_db=lambda fn: fn(desk)).sync_once().ok
    assert sync_store.get_setting(desk.store.conn, TLS_PIN) == pin

    same_key = tls_central.key
    bad = {
        "hostname": pki.leaf("other-name", ip="127.0.0.2", key=same_key),
        "expired": pki.leaf("expired", key=same_key, expired=True),
        "changed": pki.leaf("new-key"),  # trusted, right name, in date: another key
    }
    messages = set()
    for reason, cert_key in bad.items():
        server = serve_bad(cert_key)
        try:
            point_at(desk, server.url)
            error = round_fails(desk)
            assert error.reason == reason, (reason, error.reason)
            assert server.requests == []  # nothing (no token, no record) went out
        finally:
            server.stop()
        assert "Cannot reach" not in error.message_en and "will try again" not in error.message_en
        messages.add((error.message_vi, error.message_en))
    assert len(messages) == 3
    # The way out is in each message.
    en = {m[1] for m in messages}
    assert any("renew" in m for m in en) and any("enrol this desk again" in m for m in en)
    assert any("--server" in m for m in en)

    # The scheduler stops instead of retrying for ever.
    server = serve_bad(bad["changed"])
    try:
        point_at(desk, server.url)
        worker = DbWorker(desk.data_dir, "admin")  # the UI's pattern: one DB thread
        engine = SyncEngine(run_db=worker.run)
        scheduler = SyncScheduler(engine, interval_s=3600, backoff_base_s=0.1)
        scheduler.start()
        wait_for(lambda: scheduler.stopped_reason is not None, 20)
        time.sleep(0.5)
        assert scheduler.stopped_reason == "tls" and engine.status.stopped == "tls"
        assert scheduler.failures == 0 and not scheduler.running  # no backoff, no retry
        assert engine.status.last_error["kind"] == "tls"
    finally:
        scheduler.stop()
        worker.close()
        server.stop()
