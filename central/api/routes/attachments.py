"""Attachment chunks (issue 16): which ones central lacks, upload one, download one.

Apart from push and pull, so a large scan never holds up a contact; each chunk is its own
request, so a transfer cut at any point resumes at the chunk it was sending. A device
reads and writes only its own province's chunks (central/chunks.py keeps them per
province), and central stores a chunk only when its SHA-256 is the name it was sent under.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from central.api.deps import DeviceDep, ProtocolRoute
from central.chunks import ChunkStore, digest_of, readable
from central.errors import CentralError
from desktop.sync import protocol as p

router = APIRouter(prefix=p.CHUNKS_PATH, tags=["attachments"], route_class=ProtocolRoute)

ERRORS = {
    status: {"model": p.ErrorBody, "description": what}
    for status, what in (
        (400, "Not a valid message, or the bytes do not match the SHA-256 in the path"),
        (401, "No, unknown or revoked token"),
        (404, "Central holds no such chunk for this device's province"),
        (413, "Body too large"),
        (426, "Protocol or app version too old"),
        (429, "Too many sync requests in flight (Retry-After)"),
    )
}
Digest = Annotated[str, Path(pattern=p.SHA256_HEX, min_length=64, max_length=64)]


def _store(request: Request) -> ChunkStore:
    return request.app.state.chunks


@router.post(
    "/missing",
    response_model=p.MissingChunks,
    responses=ERRORS,
    summary="Which of these chunks central does not hold yet (this province)",
)
async def missing(body: p.ChunkList, device: DeviceDep, request: Request) -> p.MissingChunks:
    held = await run_in_threadpool(_store(request).held, device.province_code, body.chunks)
    return p.MissingChunks(missing=[d for d in dict.fromkeys(body.chunks) if d not in held])


@router.put(
    "/{sha256}",
    response_model=p.ChunkStored,
    responses=ERRORS,
    summary="Upload one chunk (raw bytes); stored only if its SHA-256 is the path's",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_chunk(sha256: Digest, device: DeviceDep, request: Request) -> p.ChunkStored:
    try:
        data = await request.body()
    except ClientDisconnect:  # a cut connection: the desk sends the chunk again
        raise CentralError(
            400, p.ERR_BAD_REQUEST, "Kết nối bị ngắt.", "The connection was cut."
        ) from None
    if not data or len(data) > p.CHUNK_BYTES:
        raise CentralError(
            400,
            p.ERR_BAD_REQUEST,
            "Mảnh tệp rỗng hoặc quá lớn.",
            f"A chunk holds 1 to {p.CHUNK_BYTES} bytes.",
        )
    if digest_of(data) != sha256:
        raise CentralError(
            400,
            p.ERR_HASH_MISMATCH,
            "Mảnh tệp không khớp mã băm SHA-256: không nhận.",
            "The chunk does not match its SHA-256: not stored.",
        )
    await run_in_threadpool(_store(request).put, device.province_code, sha256, data)
    return p.ChunkStored(sha256=sha256, size=len(data))


@router.get(
    "/{sha256}",
    responses={
        **ERRORS,
        200: {"content": {"application/octet-stream": {"schema": {"type": "string"}}}},
    },
    response_class=Response,
    summary="Download one chunk of this province (raw bytes)",
)
async def get_chunk(sha256: Digest, device: DeviceDep, request: Request) -> Response:
    engine = request.app.state.engine
    data = await run_in_threadpool(readable, _store(request), engine, device.province_code, sha256)
    if data is None:
        raise CentralError(
            404,
            p.ERR_NOT_FOUND,
            "Máy chủ không có mảnh tệp này.",
            "Central holds no such chunk for this province.",
        )
    return Response(data, media_type="application/octet-stream")
